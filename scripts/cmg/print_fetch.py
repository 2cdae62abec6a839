"""What WeasyPrint may read while it makes a guide's PDF: files of the built site, nothing else.

A guide's text is untrusted. Left to itself, WeasyPrint fetches any URL a page names — an image on
any host, ``file:///proc/self/environ`` — and embeds ``rel="attachment"`` targets in the PDF, which
is then published. :func:`site_file` maps a URL to a file of the built site (the page's own URL
prefix, or a relative one resolved against it): a regular file inside the site folder, after
symbolic links are resolved. Anything else is refused: other hosts, ``file:`` URLs outside the
site, ``data:`` URLs, special files. :func:`drop_attachments` removes every attachment from a
rendered document, whatever its target.
"""

from __future__ import annotations

import mimetypes
import os
import stat
from urllib.parse import unquote, urlsplit


class Refused(ValueError):
    """A URL the PDF may not read."""


def site_file(url: str, site_dir: str, site_url: str) -> str:
    """The path of the built site's file that ``url`` names, or :class:`Refused`."""
    parts = urlsplit(url)
    base = urlsplit(site_url)
    root = os.path.realpath(site_dir)
    if parts.scheme in ("http", "https") and base.scheme in ("http", "https"):
        if (parts.scheme, parts.netloc.lower()) != (base.scheme, base.netloc.lower()):
            raise Refused(f"not a file of the site (another host): {url}")
        prefix = base.path if base.path.endswith("/") else base.path + "/"
        if not parts.path.startswith(prefix):
            raise Refused(f"not a file of the site (outside {site_url}): {url}")
        rel = unquote(parts.path[len(prefix):])
        path = os.path.join(root, *[p for p in rel.split("/") if p])
    elif parts.scheme == "file":
        path = unquote(parts.path)
    else:
        raise Refused(f"not a file of the site ({parts.scheme or 'no'} scheme): {url[:80]}")
    if path.endswith(os.sep) or os.path.isdir(path):
        path = os.path.join(path, "index.html")
    real = os.path.realpath(path)
    if real != root and not real.startswith(root + os.sep):
        raise Refused(f"not a file of the site (outside {site_dir}): {url[:200]}")
    try:
        st = os.stat(real)
    except OSError:
        raise Refused(f"no such file in the site: {url[:200]}") from None
    if not stat.S_ISREG(st.st_mode):
        raise Refused(f"not a regular file: {url[:200]}")
    return real


def make_fetcher(site_dir: str, site_url: str):
    """A WeasyPrint URL fetcher that serves only :func:`site_file` (imports WeasyPrint)."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class SiteFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            path = site_file(url, site_dir, site_url)
            with open(path, "rb") as fh:
                body = fh.read()
            mime = mimetypes.guess_type(path)[0] or "application/octet-stream"
            return URLFetcherResponse(url, body, {"Content-Type": mime})

    return SiteFetcher(allowed_protocols={"http", "https", "file"}, allow_redirects=False)


def drop_attachments(document) -> None:
    """No file travels inside the PDF: the document's attachments and its links of type
    ``attachment`` (``<a rel="attachment">``) are removed (a rendered WeasyPrint Document)."""
    document.metadata.attachments = []
    for page in document.pages:
        page.links = [link for link in page.links if link[0] != "attachment"]
