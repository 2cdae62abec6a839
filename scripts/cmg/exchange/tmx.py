"""TMX 1.4 translation memory of the existing translations, block by block (translate-toolkit).

One ``<tu>`` per translated unit (outdated and untranslated ones are left out: a memory holds only
what is right), its source and target the blocks' Markdown as in the PO export, so a CAT tool's
exact matches fill a PO export, or a new guide's repeated blocks. Each ``<tu>`` notes the guide and
clause, and carries the unit's key as its context (``x-context`` property).
"""

from __future__ import annotations

from translate.storage import tmx as tt_tmx

from ..freshness import TRANSLATED
from .bundle import Entry


def write_tmx(entries: list[Entry], locale: str, source_locale: str) -> tuple[bytes, int]:
    store = tt_tmx.tmxfile(sourcelanguage=source_locale, targetlanguage=locale)
    seen: set[tuple[str, str]] = set()
    count = 0
    for e in entries:
        target = e.target_text
        if e.state != TRANSLATED or not target:
            continue
        pair = (e.source.text, target)
        if pair in seen:  # the same block translated the same way twice is one memory entry
            continue
        seen.add(pair)
        store.addtranslation(e.source.text, source_locale, target, locale, comment=e.notes[0], context=e.key)
        count += 1
    header = store.document.getroot().find("header")
    if header is not None:
        header.set("segtype", "paragraph")  # a block is one segment: tools must not split it into sentences
        header.set("creationtool", "cmg (Translate Toolkit)")
    return bytes(store), count
