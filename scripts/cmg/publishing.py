"""Where the site is read from: the published address (``site_url``), or nowhere in particular.

A build without ``site_url`` (a local ``make site``) must not write a local address into what readers
take away: the PDFs, the canonical tags, the sitemap and the offline copy. So, with no ``site_url``:

* pages get no canonical tag (MkDocs writes none) and the site no sitemap (a sitemap needs absolute
  addresses; it only serves search engines, which read the published site);
* a PDF's links stay relative to the PDF's own folder, where the guide pages sit beside it.

With ``site_url`` (the published site), a PDF downloaded from the web links to the published pages,
so that it keeps working from a phone's download folder; the PDFs in the offline copy always link
relatively (to the ``index.html`` files next to them), so that they work without a network.

A build meant for publishing says so with ``CMG_PUBLISH=true`` (the GitHub workflow sets it): then a
missing ``site_url`` is an error, not a notice.
"""

from __future__ import annotations

import os
from pathlib import Path

PUBLISH_ENV = "CMG_PUBLISH"
SITEMAP_FILES = ("sitemap.xml", "sitemap.xml.gz")


def publishing(environ=os.environ) -> bool:
    return str(environ.get(PUBLISH_ENV, "")).strip().lower() in ("1", "true", "yes", "on")


def site_url_notice(site_url: str | None, environ=os.environ) -> tuple[str, str] | None:
    """(level, message) about a missing site_url, or None when it is set. Level "error" for a build
    meant for publishing, "info" otherwise."""
    if site_url:
        return None
    if publishing(environ):
        return ("error", "mkdocs.yml: site_url is empty in a build for publishing (CMG_PUBLISH is set): "
                         "set SITE_URL to the published address, e.g. SITE_URL=https://example.org/guides/")
    return ("info", "site_url is not set (SITE_URL): no canonical tags and no sitemap, and the PDFs link "
                    "relatively; set SITE_URL when building the site to publish it")


def page_address(site_url: str | None, page_path: str) -> str | None:
    """A page's published address (``page_path`` as its URL path, e.g. ``en/delays/``), or None."""
    if not site_url:
        return None
    return site_url.rstrip("/") + "/" + page_path.lstrip("/")


def pdf_base_url(site_url: str | None, page_path: str, *, offline: bool) -> str | None:
    """What a PDF's relative links resolve against: the page's published address for a PDF of the
    published site; None (links stay relative to the PDF's folder) in the offline copy or without
    a site_url. (The offline copy's PDFs of guide pages are the web build's, their links then made
    relative: engine/downloads/pdf_links.py.)"""
    return None if offline else page_address(site_url, page_path)


def drop_sitemap(site_dir: str | Path, site_url: str | None) -> list[Path]:
    """Without a site_url the sitemap could only hold relative addresses, which no search engine
    accepts: remove it. Returns the files removed."""
    if site_url:
        return []
    removed = []
    for name in SITEMAP_FILES:
        path = Path(site_dir) / name
        if path.is_file():
            path.unlink()
            removed.append(path)
    return removed
