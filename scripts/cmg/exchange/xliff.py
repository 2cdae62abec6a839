"""XLIFF 1.2, read and written with translate-toolkit; inline codes as ``<ph>``, ``<bpt>`` and ``<ept>``.

One ``<file>`` per guide file (``original`` is the English file), one ``<trans-unit>`` per unit, its
``id`` the unit's key. Notes are ``<note from="developer">``. The target's ``state`` is ``translated``,
or ``needs-review-translation`` for an outdated unit (with a note giving the English it was
translated from); untranslated units have no ``<target>``.

Protected codes (:mod:`.segments`) carry their Markdown as content, so the file stands alone:
``<ph id="2" ctype="x-xref">[[dl-notices]]</ph>``, and bold text
``<bpt id="3" ctype="bold">**</bpt>Honduras<ept id="3">**</ept>``. On import, a target's codes are
matched to the source's by id and kind; the Markdown put back is always the source's, whatever a
tool did to the element's content.
"""

from __future__ import annotations

from lxml import etree
from translate.storage import xliff as tt_xliff

from . import ExchangeError
from .bundle import Entry
from .imported import ImportedFile, ImportedUnit
from .segments import Code, is_whole_form_key, tokenize

NS = "urn:oasis:names:tc:xliff:document:1.2"
_SKELETON = f"""<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="{NS}">
<file original="NoName" source-language="en" datatype="plaintext"><body></body></file>
</xliff>"""
_PH_CTYPE = {"link": "x-link"}  # "link" is a ctype of paired codes only
FUZZY_STATES = {"new", "needs-translation", "needs-adaptation", "needs-l10n", "needs-review-translation",
                "needs-review-adaptation", "needs-review-l10n"}


def _q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


def _fill(element: etree._Element, text: str, source: str | None = None) -> None:
    """Put Markdown into a <source> or <target>: plain text and inline code elements. A target's codes
    take the ids of the same codes in ``source`` (the n-th ``[[x]]`` of the target is the n-th of the
    source), so a translation that reorders codes keeps each one's identity."""
    pieces = tokenize(text)
    if source is not None:
        pieces = _renumber(pieces, [c for c in tokenize(source) if isinstance(c, Code)])
    last = None
    for piece in pieces:
        if isinstance(piece, str):
            if last is None:
                element.text = (element.text or "") + piece
            else:
                last.tail = (last.tail or "") + piece
            continue
        tag = piece.kind
        el = etree.SubElement(element, _q(tag))
        el.set("id", str(piece.id))
        if tag != "ept":
            el.set("ctype", _PH_CTYPE.get(piece.ctype, piece.ctype) if tag == "ph" else piece.ctype)
        el.text = piece.native
        last = el


def _identity(codes: list[Code]) -> dict[int, tuple]:
    """id → what identifies the code: its kind and Markdown, for a pair both ends' Markdown."""
    closes = {c.id: c.native for c in codes if c.kind == "ept"}
    return {c.id: (c.kind, c.native, closes.get(c.id)) for c in codes if c.kind != "ept"}


def _renumber(pieces: list, source_codes: list[Code]) -> list:
    free: dict[tuple, list[int]] = {}
    for cid, ident in _identity(source_codes).items():
        free.setdefault(ident, []).append(cid)
    target_ident = _identity([p for p in pieces if isinstance(p, Code)])
    spare = max((c.id for c in source_codes), default=0)
    mapped: dict[int, int] = {}  # target id → source id
    out = []
    for p in pieces:
        if isinstance(p, str):
            out.append(p)
            continue
        if p.id not in mapped:
            ids = free.get(target_ident.get(p.id, ()))
            if ids:
                mapped[p.id] = ids.pop(0)
            else:
                spare += 1
                mapped[p.id] = spare
        out.append(Code(mapped[p.id], p.kind, p.native, p.ctype))
    return out


def write_xliff(entries: list[Entry], locale: str, source_locale: str) -> bytes:
    store = tt_xliff.xlifffile.parsestring(_SKELETON.encode())
    for e in entries:
        store.switchfile(e.source_path, createifmissing=True)
        filenode = store.getfilenode(e.source_path)
        filenode.set("source-language", source_locale)
        filenode.set("target-language", locale)
        filenode.set("datatype", "x-markdown")
        unit = store.UnitClass(e.source.text)
        store.addunit(unit)
        unit.xmlelement.set("id", e.key)
        unit.xmlelement.set("resname", e.key)
        src = etree.Element(_q("source"))
        _fill(src, e.source.text)
        unit.set_source_dom(src)
        target = e.target_text
        if target is not None:
            tgt = etree.Element(_q("target"))
            tgt.set("state", "needs-review-translation" if e.fuzzy else "translated")
            _fill(tgt, target, e.source.text)
            unit.set_target_dom(tgt)
            if e.fuzzy:
                unit.xmlelement.set("approved", "no")
        for note in e.notes:
            unit.addnote(note, origin="developer")
        if e.fuzzy and e.previous is not None:
            unit.addnote(f"Previous English text: {e.previous}", origin="developer")
        group = etree.SubElement(unit.xmlelement, _q("context-group"), name=f"location {e.key}", purpose="location")
        etree.SubElement(group, _q("context"), {"context-type": "sourcefile"}).text = e.source_path
        etree.SubElement(group, _q("context"), {"context-type": "linenumber"}).text = str(e.line)
    store.removedefaultfile()
    etree.cleanup_namespaces(store.document.getroot())
    return bytes(store)


def read_xliff(data: bytes, path: str) -> ImportedFile:
    try:
        root = etree.fromstring(data, parser=etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False))
    except etree.XMLSyntaxError as exc:
        line = exc.position[0] if getattr(exc, "position", None) else getattr(exc, "lineno", 0)
        raise ExchangeError(f"{path}:{line}: not well-formed XML: {exc.msg if hasattr(exc, 'msg') else exc}") from None
    if etree.QName(root).localname != "xliff" or not str(root.get("version", "")).startswith("1."):
        raise ExchangeError(f"{path}:{root.sourceline}: not an XLIFF 1.x file (cmg exports XLIFF 1.2)")
    try:
        store = tt_xliff.xlifffile.parsestring(data)
    except Exception as exc:  # noqa: BLE001 - translate-toolkit raises various errors on bad input
        raise ExchangeError(f"{path}: not a readable XLIFF file: {exc}") from None
    ns = root.nsmap.get(None) or NS
    locales = {f.get("target-language") for f in root.iter(f"{{{ns}}}file")}
    out = ImportedFile(path, "xliff", None)
    if len(locales) > 1:
        out.problems.append(f"the file's <file> elements have different target languages: {sorted(map(str, locales))}")
    out.locale = next(iter(locales), None)
    for unit in store.getunits():
        el = unit.xmlelement
        key = el.get("id") or ""
        where = f"unit {key} (line {el.sourceline})"
        src_el = el.find(f"{{{ns}}}source")
        if src_el is None:
            out.problems.append(f"{where}: has no <source>")
            continue
        source, codes, problems = _read_inline(src_el, None, where)
        out.problems += problems
        tgt_el = el.find(f"{{{ns}}}target")
        target, fuzzy = None, False
        if tgt_el is not None:
            target, _, problems = _read_inline(tgt_el, codes, where, whole_form=is_whole_form_key(key))
            out.problems += problems
            state = tgt_el.get("state")
            fuzzy = state in FUZZY_STATES or (state is None and el.get("approved") == "no")
            if not target:
                target = None
        out.units.append(ImportedUnit(key, source, target, fuzzy, where))
    return out


def _read_inline(element, codes: dict | None, where: str, whole_form: bool = False) -> tuple[str, dict, list[str]]:
    """An element's Markdown. For a <source>, ``codes`` is None and the codes found are returned (by kind
    and id); for a <target>, each code is looked up in the source's and replaced by its Markdown.

    The target of a whole model form (``whole_form``) has its own layout: a code may be repeated or left
    out, and emphasis may differ, so a code the source does not have under that id is taken as written
    when its Markdown is one of the source's codes (or emphasis); ``cmg import`` then checks the form's
    codes as a whole (``segments.form_code_differences``)."""
    found: dict[tuple[str, str], str] = {}
    natives = set(codes.values()) if codes else set()
    problems: list[str] = []
    parts: list[str] = [element.text or ""]
    side = "source" if codes is None else "target"

    def walk(node) -> None:
        for child in node:
            if not isinstance(child.tag, str):  # a comment or processing instruction
                parts.append(child.tail or "")
                continue
            tag = etree.QName(child).localname
            if tag in ("ph", "bpt", "ept"):
                cid = child.get("id") or ""
                key = (tag, cid)
                if codes is None:
                    found[key] = "".join(child.itertext())
                    parts.append(found[key])
                elif whole_form and (key not in codes or key in found):
                    text = "".join(child.itertext())
                    if key in codes and text == codes[key] or text in natives or _is_emphasis(tag, child, text):
                        found.setdefault(key, text)
                        parts.append(text)
                    else:
                        problems.append(f"{where}: inline code <{tag} id=\"{cid}\"> ({text}) of the target is not "
                                        "a code of the source form")
                elif key in codes:
                    if key in found:
                        problems.append(f"{where}: inline code <{tag} id=\"{cid}\"> appears twice in the target")
                    found[key] = codes[key]
                    parts.append(codes[key])
                else:
                    problems.append(f"{where}: inline code <{tag} id=\"{cid}\"> of the target is not in the source")
            elif tag in ("mrk", "g"):  # segment marks (Trados, memoQ): their content counts
                if tag == "g":
                    problems.append(f"{where}: <g> element in the {side}: cmg exports only <ph>, <bpt> and <ept>")
                parts.append(child.text or "")
                walk(child)
            else:
                problems.append(f"{where}: unexpected <{tag}> element in the {side}")
            parts.append(child.tail or "")

    walk(element)
    if codes is not None and not whole_form:
        for key in codes:
            if key not in found:
                problems.append(f"{where}: protected code <{key[0]} id=\"{key[1]}\"> ({codes[key]}) is missing from the target")
        order = [k for k in _order(element) if k in codes]
        opened = set()
        for tag, cid in order:
            if tag == "bpt":
                opened.add(cid)
            elif tag == "ept" and ("bpt", cid) in codes and cid not in opened:
                problems.append(f"{where}: <ept id=\"{cid}\"> closes before its <bpt id=\"{cid}\"> opens")
    return "".join(parts), found, problems


def _is_emphasis(tag: str, child, text: str) -> bool:
    return tag in ("bpt", "ept") and child.get("ctype", "bold" if tag == "ept" else "") in ("bold", "italic", "") \
        and text in ("**", "__", "*", "_")


def _order(element) -> list[tuple[str, str]]:
    return [(etree.QName(n).localname, n.get("id") or "") for n in element.iter()
            if isinstance(n.tag, str) and etree.QName(n).localname in ("ph", "bpt", "ept")]


def codes_of(text: str) -> dict[tuple[str, str], str]:
    """The (kind, id) → Markdown map of a source text's codes, as :func:`write_xliff` numbers them."""
    return {(c.kind, str(c.id)): c.native for c in tokenize(text) if isinstance(c, Code)}
