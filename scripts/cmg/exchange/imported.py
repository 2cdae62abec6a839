"""What a translation tool gave back, read from a PO or XLIFF file: the same shape for both formats."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class ImportedUnit:
    key: str  # the unit's key (PO msgctxt, XLIFF trans-unit id)
    source: str  # the source text as exported (Markdown)
    target: str | None  # the translation (Markdown, codes back in their native form); None: none given
    fuzzy: bool  # marked for review (PO fuzzy, XLIFF needs-*/new state)
    where: str  # how to find it in the file: "unit dl-scope#3 (line 120)"


@dataclass
class ImportedFile:
    path: str
    format: str  # "po" | "xliff"
    locale: str | None
    units: list[ImportedUnit] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # "unit …: …", found while reading
