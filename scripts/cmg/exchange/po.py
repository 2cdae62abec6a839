"""Gettext PO, read and written with translate-toolkit (the library behind Weblate and Pootle).

One message per unit: ``msgctxt`` is the unit's key (``dl-notice-of-delay#3``), ``msgid`` its English
Markdown, ``msgstr`` the translation; ``#.`` comments carry the notes (guide, clause, terms, what to keep),
``#:`` the line of the English block. An outdated unit is ``#, fuzzy`` with the English it was
translated from as ``#| msgid``. Untranslated units have an empty ``msgstr``.

PO has no inline markup, so protected codes stay in their Markdown form in ``msgid`` — ``[[id]]``,
``{{name}}``, ``[^1]``, ``**…**``, ``[text](address)``, code spans, addresses — and ``cmg import``
checks that each ``msgstr`` has exactly the same codes (see ``segments.code_differences``).
"""

from __future__ import annotations

import time

from translate.storage import pypo

from . import ExchangeError
from .bundle import Entry
from .imported import ImportedFile, ImportedUnit

PROJECT = "Standardized Contract Management Guides"


def write_po(entries: list[Entry], locale: str, source_locale: str) -> bytes:
    store = pypo.pofile()
    store.updateheader(add=True, **store.makeheaderdict(
        charset="UTF-8", encoding="8bit", project_id_version=PROJECT,
        pot_creation_date=time.strftime("%Y-%m-%d %H:%M+0000", time.gmtime()), po_revision_date=False,
        last_translator="cmg export", language_team=f"{locale} <{locale}@localhost>",
        Language=locale, X_Source_Language=source_locale))
    for e in entries:
        unit = pypo.pounit(e.source.text)
        unit.setcontext(e.key)
        for note in e.notes:
            unit.addnote(note, origin="developer")
        unit.addlocation(f"{e.source_path}:{e.line}")
        target = e.target_text
        if target is not None:
            unit.target = target
        if e.fuzzy and target is not None:
            unit.markfuzzy(True)
            if e.previous is not None:
                unit.prev_source = e.previous
        store.addunit(unit)
    return bytes(store)


def read_po(data: bytes, path: str) -> ImportedFile:
    try:
        store = pypo.pofile.parsestring(data)
    except Exception as exc:  # noqa: BLE001 - translate-toolkit raises various errors on bad input
        raise ExchangeError(f"{path}: not a readable PO file: {_reason(exc)}") from None
    header = store.parseheader() if store.units and store.units[0].isheader() else {}
    out = ImportedFile(path, "po", (header.get("Language") or "").strip() or None)
    for unit in store.units:
        if unit.isheader() or unit.isobsolete():
            continue
        key = unit.getcontext()
        where = f"unit {key or repr(unit.source[:40])}"
        if not key:
            out.problems.append(f"{where}: has no msgctxt, so it cannot be placed (was it exported by cmg?)")
            continue
        target = str(unit.target) if unit.target else None
        out.units.append(ImportedUnit(key, str(unit.source), target, unit.isfuzzy(), where))
    return out


def _reason(exc: Exception) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__
