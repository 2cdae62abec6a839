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
    """pypdf's reader of the PDF (not encrypted), reading only the objects asked for."""
    reader = _reader_class()(io.BytesIO(data))
    if reader.is_encrypted:
        raise UpdateError("the PDF is encrypted")
    return reader


@functools.cache
def _reader_class():
    """pypdf's reader, with objects read from an object stream one by one, when asked for.

    WeasyPrint writes nearly every object of a PDF into one object stream, and pypdf (7.x) parses every
    object of a stream as soon as one is asked for: of a Korean guide's 6,500 objects (the structure
    tree, the fonts' descriptions, the outlines) a derived PDF needs its pages, their link annotations
    and their actions, a few hundred. Reading the whole stream took 0.35-0.4 s of CPU per derived PDF,
    216 of them (Letter and country editions, the offline copy's) in a `make site` from empty caches.
    Here the stream is decompressed and its index read once, and each object is parsed where the index
    says it starts; the objects are the same, so is every byte written from them."""
    from pypdf import PdfReader
    from pypdf._utils import read_non_whitespace
    from pypdf.errors import PdfReadError
    from pypdf.generic import NumberObject, read_object

    class ObjectsWhenAskedReader(PdfReader):
        _object_streams: dict[int, tuple[io.BytesIO, int, dict[int, int]]]

        def _object_stream(self, stmnum: int) -> tuple[io.BytesIO, int, dict[int, int]]:
            """The object stream's data, where its objects start, and each object's offset from there."""
            streams = self.__dict__.setdefault("_object_streams", {})
            if stmnum not in streams:
                stm = self.get_object(stmnum)
                if stm is None or stm.get("/Type") != "/ObjStm":
                    raise PdfReadError(f"object {stmnum} is not an object stream")
                data = io.BytesIO(stm.get_data())
                first, offsets = int(stm["/First"]), {}
                for _ in range(int(stm["/N"])):
                    read_non_whitespace(data)
                    data.seek(-1, 1)
                    num = NumberObject.read_from_stream(data)
                    read_non_whitespace(data)
                    data.seek(-1, 1)
                    offsets.setdefault(int(num), int(NumberObject.read_from_stream(data)))
                streams[stmnum] = (data, first, offsets)
            return streams[stmnum]

        def _get_object_from_stream(self, indirect_reference):
            num = indirect_reference.idnum
            stmnum, _ = self.xref_objStm[num]
            data, first, offsets = self._object_stream(stmnum)
            if num not in offsets:
                raise PdfReadError(f"object {num} is not in its object stream {stmnum}")
            data.seek(first + offsets[num])
            read_non_whitespace(data)
            data.seek(-1, 1)
            return self.cache_indirect_object(0, num, read_object(data, self))

    return ObjectsWhenAskedReader


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
