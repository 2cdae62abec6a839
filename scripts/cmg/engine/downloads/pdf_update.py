"""An incremental update of a PDF: its bytes unchanged, then the objects that changed and a
cross-reference stream whose trailer keeps the original's ``/Root``, ``/Info`` and ``/ID``.

The derived PDFs (the offline copy's relinked ones, :mod:`.pdf_links`; the Letter editions,
:mod:`.pdf_paper`) change a few objects of a PDF that WeasyPrint wrote once and leave every other
byte as it is — the text, the tagging (structure tree, language, title), the metadata. (pypdf's own
incremental writer loads and hashes every object of the file, twice the time, and leaves ``/Info``
out of the new trailer.)
"""

from __future__ import annotations

import functools
import io
import re
import struct

from ...caching import package_version


class UpdateError(Exception):
    """The PDF cannot be read or rewritten (the message says why)."""


@functools.cache
def pypdf_version() -> str:
    """The version of pypdf, which writes the update: part of the cache keys of the derived PDFs."""
    return package_version("pypdf")


def startxref(data: bytes) -> int:
    """Where the file's last cross-reference section starts (what an update's ``/Prev`` names)."""
    m = re.search(rb"startxref\s+(\d+)\s+%%EOF\s*$", data[-1024:])
    if m is None:
        raise UpdateError("no startxref at the end of the PDF")
    return int(m.group(1))


def read(data: bytes):
    """pypdf's reader of the PDF (not encrypted)."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        raise UpdateError("the PDF is encrypted")
    return reader


def errors() -> tuple[type[BaseException], ...]:
    """What reading or writing a damaged PDF raises (turned into :class:`UpdateError` by the callers)."""
    from pypdf.errors import PyPdfError

    return (PyPdfError, ValueError, KeyError, TypeError, AttributeError, struct.error)


def append_update(data: bytes, reader, changed: dict[int, object]) -> bytes:
    """``data`` followed by an update that writes the objects ``changed`` (object number → the new
    object, generation 0) again; ``reader`` is pypdf's reader of ``data``."""
    from pypdf.generic import ArrayObject, NameObject, NumberObject, StreamObject

    if not changed:
        return data
    trailer = reader.trailer
    size = int(trailer["/Size"])
    out = io.BytesIO()
    out.write(data)
    if not data.endswith(b"\n"):
        out.write(b"\n")
    offsets: dict[int, int] = {}
    for num in sorted(changed):
        offsets[num] = out.tell()
        out.write(f"{num} 0 obj\n".encode())
        changed[num].write_to_stream(out)
        out.write(b"\nendobj\n")
    offsets[size] = out.tell()  # the cross-reference stream itself
    nums = sorted(offsets)
    index: list[int] = []
    for num in nums:
        if index and index[-2] + index[-1] == num:
            index[-1] += 1
        else:
            index += [num, 1]
    xref = StreamObject()
    xref.set_data(b"".join(struct.pack(">BIH", 1, offsets[n], 0) for n in nums))
    xref.update({
        NameObject("/Type"): NameObject("/XRef"),
        NameObject("/Size"): NumberObject(size + 1),
        NameObject("/Index"): ArrayObject(NumberObject(n) for n in index),
        NameObject("/W"): ArrayObject(NumberObject(n) for n in (1, 4, 2)),
        NameObject("/Prev"): NumberObject(startxref(data)),
    })
    for name in ("/Root", "/Info", "/ID"):
        if name in trailer:
            xref[NameObject(name)] = trailer.raw_get(name)
    out.write(f"{size} 0 obj\n".encode())
    xref.write_to_stream(out)
    out.write(f"\nendobj\nstartxref\n{offsets[size]}\n%%EOF\n".encode())
    return out.getvalue()
