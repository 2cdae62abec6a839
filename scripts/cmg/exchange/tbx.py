"""TBX of the termbase (``translations/termbase.yml``), with translate-toolkit.

One ``<termEntry>`` per concept (its id the termbase id), one ``<langSet>`` per locale holding the
definition and the terms: the approved term (``preferredTerm-admn-sts``), the accepted variants
(``admittedTerm-admn-sts``) and the forbidden terms (``deprecatedTerm-admn-sts``), the statuses of
TBX-Basic that CAT tools show as preferred, allowed and forbidden.
"""

from __future__ import annotations

from lxml import etree
from translate.misc.xml_helpers import setXMLlang
from translate.storage import tbx as tt_tbx

from ..termbase import Termbase

STATUS = {"approved": "preferredTerm-admn-sts", "variant": "admittedTerm-admn-sts",
          "forbidden": "deprecatedTerm-admn-sts"}


def write_tbx(termbase: Termbase, locales: list[str], source_locale: str) -> tuple[bytes, int]:
    store = tt_tbx.tbxfile(sourcelanguage=source_locale)
    count = 0
    for term in termbase.terms:
        src = term.by_locale.get(source_locale)
        if src is None:
            continue
        unit = store.addsourceunit(src.term)
        unit.setid(term.id)
        for node in list(unit.xmlelement):
            unit.xmlelement.remove(node)
        for locale in [source_locale, *[loc for loc in locales if loc != source_locale]]:
            lt = term.by_locale.get(locale)
            if lt is None:
                continue
            lang = etree.SubElement(unit.xmlelement, unit.namespaced("langSet"))
            setXMLlang(lang, locale)
            if lt.definition:
                d = etree.SubElement(lang, unit.namespaced("descrip"), type="definition")
                d.text = lt.definition
            for text, status in ([(lt.term, "approved")] + [(v, "variant") for v in lt.variants]
                                 + [(f, "forbidden") for f in lt.forbidden]):
                tig = etree.SubElement(lang, unit.namespaced("tig"))
                etree.SubElement(tig, unit.namespaced("term")).text = text
                note = etree.SubElement(tig, unit.namespaced("termNote"), type="administrativeStatus")
                note.text = STATUS[status]
        count += 1
    return bytes(store), count
