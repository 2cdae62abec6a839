"""The offline copy's PDFs are the web build's PDFs with their links made relative.

The offline copy (Material's offline plugin) is a second build with file URLs: a guide links to
``../quality/index.html`` where the web site links to ``../quality/``, and its PDFs' links must lead
to the pages beside them in the archive, not to the published site. Rendering the PDFs again for that
doubled what ``make site`` spent on PDFs, for documents that differ only in their links' targets.
So the offline build does not render a PDF: it takes the web build's PDF of the same page (from the
PDF cache, keyed by the web build's print document; rendered, and cached for the web build, when the
cache does not have it) and rewrites the target of each of its link annotations, leaving every other
byte as it is — the text, the tagging (structure tree, language, title), the metadata.

* :func:`web_links` turns the offline build's page HTML back into the web build's (file URLs into
  directory URLs) and pairs each link as the web PDF holds it with the offline link it came from;
* :func:`relink` rewrites a PDF's URI actions by those pairs, as an incremental update
  (:mod:`.pdf_update`): the web PDF's bytes, then the changed annotations and a new cross-reference
  stream.

The pairs are exact by construction: the web document is made from the offline one link by link, so
a PDF rendered from it holds exactly the links paired here, whichever build rendered it.
"""

from __future__ import annotations

import functools
import html as html_lib
import re
import sys
from urllib.parse import quote, unquote, urljoin

from ...caching import code_text, digest
from . import pdf_update

_HREF = re.compile(r'(\bhref=")([^"]*)(")')
_SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:")
# what WeasyPrint strips from an href before it resolves it (weasyprint.html.parse_url)
_URL_SPACE = " \t\n\f\r"
# the characters WeasyPrint leaves as they are when it writes a link into the PDF (weasyprint.urls.iri_to_uri)
_URI_SAFE = "/:?#[]@!$&'()*+,;=~%"
RECIPE = "uri actions, incremental update, trailer kept"  # part of the cache key of a relinked PDF


class RelinkError(Exception):
    """The PDF cannot be read or rewritten (the message says why)."""


def web_href(href: str) -> str:
    """The link as the web build writes it (directory URLs), from the offline build's link of a page
    in the same folder: ``../quality/index.html#x`` → ``../quality/#x``, ``../about.html`` →
    ``../about/``, ``index.html#x`` → ``./#x``. Absolute links, fragments and other files stay."""
    if not href or href.startswith(("#", "/")) or _SCHEME.match(href):
        return href
    cut = min((i for i in (href.find("?"), href.find("#")) if i >= 0), default=len(href))
    path, rest = href[:cut], href[cut:]
    if path == "index.html" or path.endswith("/index.html"):
        path = path[: -len("index.html")] or "./"
    elif path.endswith(".html"):
        path = path[: -len(".html")] + "/"
    return path + rest


def pdf_uri(href: str, base_url: str | None) -> str:
    """The link as WeasyPrint writes it into a PDF (``href`` as written in the HTML)."""
    url = html_lib.unescape(href).strip(_URL_SPACE).replace("\t", "").replace("\n", "").replace("\r", "")
    return quote(urljoin(base_url or "", url).encode("utf-8"), safe=_URI_SAFE)


def _key(uri: str) -> str:
    return unquote(uri)


def web_links(html: str, base_url: str | None) -> tuple[str, tuple[tuple[str, str], ...]]:
    """The web build's HTML of an offline page, and for each of its links (as the web PDF holds it,
    resolved against ``base_url``) the offline link (as the offline PDF holds it)."""
    pairs: dict[str, str] = {}

    def swap(m: re.Match) -> str:
        offline = m.group(2)
        web = web_href(offline)
        if offline and not offline.startswith("#") and not _SCHEME.match(offline):
            pairs.setdefault(_key(pdf_uri(web, base_url)), pdf_uri(offline, None))
        return m.group(1) + web + m.group(3)

    return _HREF.sub(swap, html), tuple(sorted(pairs.items()))


def relinked_key(web_key: str, links: tuple[tuple[str, str], ...]) -> str:
    """The cache key of the relinked PDF: the web PDF's key, the links, and how they are rewritten."""
    return digest(web_key, RECIPE, _code(), pdf_update.pypdf_version(), *(part for pair in links for part in pair))


@functools.cache
def _code() -> bytes:
    """What rewrites the links: this module and the update writer."""
    return code_text(sys.modules[__name__], pdf_update)


def relink(data: bytes, links: tuple[tuple[str, str], ...]) -> tuple[bytes, int]:
    """The PDF with the target of every link found in ``links`` replaced; returns it and how many
    links changed. The original bytes come first, unchanged (an incremental update)."""
    from pypdf.generic import IndirectObject, NameObject, TextStringObject

    targets = dict(links)
    try:
        reader = pdf_update.read(data)
        changed: dict[int, object] = {}
        count = 0
        for page in reader.pages:
            annots_ref = page.raw_get("/Annots") if "/Annots" in page else None
            if annots_ref is None:
                continue
            annots = annots_ref.get_object()
            for entry in annots:
                annot = entry.get_object()
                if annot.get("/Subtype") != "/Link" or "/A" not in annot:
                    continue
                action_ref = annot.raw_get("/A")
                action = action_ref.get_object()
                if action.get("/S") != "/URI" or "/URI" not in action:
                    continue
                new = targets.get(_key(str(action["/URI"])))
                if new is None or new == str(action["/URI"]):
                    continue
                action[NameObject("/URI")] = TextStringObject(new)
                count += 1
                # the object to write again: the nearest one of the file that holds the action
                for holder in (action_ref, entry, annots_ref, page.indirect_reference):
                    if isinstance(holder, IndirectObject):
                        changed[holder.idnum] = holder.get_object()
                        break
        if not changed:
            return data, 0
        out = pdf_update.append_update(data, reader, changed)
    except pdf_update.UpdateError as exc:
        raise RelinkError(str(exc)) from None
    except RelinkError:
        raise
    except pdf_update.errors() as exc:
        raise RelinkError(f"{type(exc).__name__}: {exc}") from None
    return out, count
