"""A PDF laid out once, printed on either paper: the Letter edition is the A4 one with other page boxes.

Every edition has the same page geometry (``data/pdf.css``): a text block of 176 × 239 mm, centred
on an A4 page, with the running header and footer close to it, which fits both A4 (210 × 297 mm)
and US Letter (215.9 × 279.4 mm). WeasyPrint lays the document out once, on A4; :func:`on_paper`
gives each page a box of the other paper centred on the same text block. A PDF page box may start
anywhere (a negative or non-zero origin), so no content, link annotation or structure element has to
move: the update (:mod:`.pdf_update`) writes only the page objects again, with their new
``/MediaBox`` (and any crop, bleed, trim or art box), and every other byte — the text, the tagging
(structure tree, language, title), the metadata — stays as WeasyPrint wrote it.
"""

from __future__ import annotations

import functools
import sys

from ...caching import code_text, digest
from . import pdf_update

MM = 72 / 25.4
# the papers an edition can be printed on: their size in points (PDF user space units)
PAPERS = {"a4": (210 * MM, 297 * MM), "letter": (612.0, 792.0)}
LAYOUT_PAPER = "a4"  # the paper of the layout (data/pdf.css: size: A4)
RECIPE = "page boxes centred on the layout's page, incremental update"  # part of the derived PDF's cache key
_BOXES = ("/MediaBox", "/CropBox", "/BleedBox", "/TrimBox", "/ArtBox")


class PaperError(Exception):
    """The PDF cannot be read or rewritten (the message says why)."""


def paper_key(layout_key: str, paper: str) -> str:
    """The cache key of the layout's PDF on ``paper``."""
    return digest(layout_key, RECIPE, _code(), paper, pdf_update.pypdf_version())


@functools.cache
def _code() -> bytes:
    """What puts a PDF on a paper: this module (the sizes, the boxes) and the update writer."""
    return code_text(sys.modules[__name__], pdf_update)


def centred_box(box: tuple[float, float, float, float], paper: str) -> tuple[float, float, float, float]:
    """A box of ``paper``'s size with the same centre as ``box`` (x0, y0, x1, y1, in points)."""
    width, height = PAPERS[paper]
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    return (round(cx - width / 2, 3), round(cy - height / 2, 3), round(cx + width / 2, 3), round(cy + height / 2, 3))


def on_paper(data: bytes, paper: str) -> bytes:
    """The PDF with every page's boxes on ``paper``, centred where its media box was (an incremental
    update; the PDF itself when it is laid out on that paper)."""
    if paper not in PAPERS:
        raise PaperError(f"unknown paper '{paper}' ({', '.join(PAPERS)})")
    if paper == LAYOUT_PAPER:
        return data
    from pypdf.generic import ArrayObject, FloatObject, IndirectObject, NameObject

    try:
        reader = pdf_update.read(data)
        changed: dict[int, object] = {}
        for page in reader.pages:
            ref = page.indirect_reference
            if not isinstance(ref, IndirectObject):
                raise PaperError("a page that is not an indirect object")
            media = tuple(float(v) for v in page.mediabox)
            box = ArrayObject(FloatObject(v) for v in centred_box(media, paper))
            page[NameObject("/MediaBox")] = box
            for name in _BOXES[1:]:
                if name in page:
                    page[NameObject(name)] = box
            changed[ref.idnum] = page
        return pdf_update.append_update(data, reader, changed)
    except pdf_update.UpdateError as exc:
        raise PaperError(str(exc)) from None
    except pdf_update.errors() as exc:
        raise PaperError(f"{type(exc).__name__}: {exc}") from None
