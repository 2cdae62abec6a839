"""Each download link says how big its file is ("PDF, 412 KB"), so that a reader on a slow or paid
connection knows before tapping.

A page is written before its PDFs and forms exist (they are rendered after the locale is built), so
a link carries an empty ``<span class="cmg-size" data-cmg-size-of="NAME">``; once the files are
written, :func:`fill_sizes` puts each file's size into the pages that link it. The offline archive
contains the home pages that link it, so its size is put into the published site's home pages after
the archive is written (``cmg offline``).
"""

from __future__ import annotations

import html
import os
import posixpath
import re
from pathlib import Path

from ...fsio import atomic_write_bytes

_SLOT = re.compile(r'<span class="cmg-size" data-cmg-size-of="([^"]+)">[^<]*</span>')
_KIND = {".pdf": "PDF", ".docx": "DOCX", ".zip": "ZIP"}


def size_slot(href: str) -> str:
    """The placeholder for the size of the file ``href`` (relative to the page) inside a link."""
    return f' <span class="cmg-size" data-cmg-size-of="{html.escape(href)}"></span>'


def human_size(n_bytes: int, locale: str) -> str:
    """412 KB, 5.1 MB (5,1 MB in Spanish): the units every reader's phone shows too."""
    if n_bytes < 1000 * 1000:
        text = f"{max(1, round(n_bytes / 1000))} KB"
    else:
        text = f"{n_bytes / 1e6:.1f} MB"
        if locale.split("-")[0] in ("es", "pt", "fr", "de", "it"):
            text = text.replace(".", ",")
    return text


def fill_slots(page_html: str, folder: Path, locale: str) -> str:
    """The page with each size placeholder filled from the file it names (relative to ``folder``);
    a file that does not exist leaves its placeholder empty."""
    def sub(m: re.Match) -> str:
        href = html.unescape(m.group(1))
        path = folder / Path(*posixpath.normpath(href).split("/"))
        try:
            size = path.stat().st_size
        except OSError:
            return f'<span class="cmg-size" data-cmg-size-of="{m.group(1)}"></span>'
        kind = _KIND.get(path.suffix.lower(), path.suffix.lstrip(".").upper())
        return f'<span class="cmg-size" data-cmg-size-of="{m.group(1)}">({kind}, {human_size(size, locale)})</span>'

    return _SLOT.sub(sub, page_html)


def fill_sizes(page_files: list[Path], locale: str) -> int:
    """Fill the size placeholders of these written pages; returns how many pages changed."""
    changed = 0
    for page in page_files:
        try:
            text = page.read_text(encoding="utf-8")
        except OSError:
            continue
        if 'class="cmg-size"' not in text:
            continue
        filled = fill_slots(text, page.parent, locale)
        if filled != text:
            atomic_write_bytes(page, filled.encode("utf-8"))
            changed += 1
    return changed


def fill_page_sizes(state, config, locale: str) -> None:
    """After a locale's PDFs and forms are written: the sizes in its guide pages."""
    pages = [Path(config.site_dir) / state.dest(config, locale, info.rel)
             for src_uri, info in state.pages.items()
             if info.kind == "guide" and info.locale == locale and src_uri in state.rendered]
    fill_sizes([p for p in pages if os.path.isfile(p)], locale)
