"""Model forms and letters as editable Word documents (.docx), generated from the same Markdown.

Officials fill in a form rather than retype it: every ``!!! form "Title"`` note of a guide becomes a
section of ``<guide>-forms-<locale>.docx`` beside the guide page, in the page's language, with each
``{{placeholder}}`` shown as its label in that language (highlighted, a content control tagged with the
placeholder's name: :mod:`cmg.placeholders`) where the reader writes.
"""

from __future__ import annotations

import functools
import io
import json
import re
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from .caching import Store, code_text, digest, package_version
from .syntax import CLAUSE_XREF, PLACEHOLDER_WHOLE

_FORM = re.compile(r'^(\s*)(?:!!!|\?\?\?\+?)[ \t]+form(?:[ \t]+[\w-]+)*(?:[ \t]+"(.*?)")?[ \t]*$')
_PLACEHOLDER = PLACEHOLDER_WHOLE  # cmg.syntax
_XREF = CLAUSE_XREF
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_FOOTREF = re.compile(r"\[\^[^\]]+\]")
_MARK = re.compile(r"(\*\*|__|\*|_|`)")


@dataclass
class Form:
    title: str
    lines: list[str] = field(default_factory=list)

    @property
    def placeholders(self) -> list[str]:
        found = []
        for line in self.lines:
            for m in _PLACEHOLDER.finditer(line):
                name = m.group(1).strip("{} ")
                if name not in found:
                    found.append(name)
        return found


def extract_forms(markdown: str) -> list[Form]:
    """The form notes of a guide, each with its body lines (indentation removed)."""
    forms: list[Form] = []
    lines = markdown.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    i = 0
    while i < len(lines):
        m = _FORM.match(lines[i])
        if not m:
            i += 1
            continue
        indent = len(m.group(1)) + 4
        form = Form(m.group(2) or "")
        i += 1
        while i < len(lines):
            line = lines[i]
            if line.strip() and len(line) - len(line.lstrip(" ")) < indent:
                break
            form.lines.append(line[indent:] if line.strip() else "")
            i += 1
        while form.lines and not form.lines[-1].strip():
            form.lines.pop()
        forms.append(form)
    return forms


def _plain(text: str, xref_text) -> str:
    text = _XREF.sub(lambda m: xref_text(m.group(1)), text)
    text = _LINK.sub(lambda m: m.group(1), text)
    text = _FOOTREF.sub("", text)
    return text


def _add_field(paragraph, name: str, label: str, shown: str, bold: bool) -> None:
    """A placeholder as Word's plain-text content control: the reader sees the label (highlighted) and
    types over it; tools read the placeholder's name in the control's tag (``w:tag``), its label in
    the title Word shows (``w:alias``)."""
    from docx.enum.text import WD_COLOR_INDEX
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = paragraph.add_run(shown)
    run.bold = bold
    run.font.highlight_color = WD_COLOR_INDEX.YELLOW
    sdt, pr, content = OxmlElement("w:sdt"), OxmlElement("w:sdtPr"), OxmlElement("w:sdtContent")
    for tag, value in (("w:alias", label), ("w:tag", name)):
        el = OxmlElement(tag)
        el.set(qn("w:val"), value)
        pr.append(el)
    pr.append(OxmlElement("w:text"))
    run._r.addprevious(sdt)
    content.append(run._r)  # moves the run inside the control
    sdt.append(pr)
    sdt.append(content)


def _add_runs(paragraph, text: str, labels=None) -> None:
    """Bold spans (**…**) and highlighted placeholders; other Markdown marks are dropped. ``labels``:
    name → (label, as shown) for the placeholders that have a label in the document's locale."""
    from docx.enum.text import WD_COLOR_INDEX

    bold = False
    for part in re.split(r"(\*\*)", text):
        if part == "**":
            bold = not bold
            continue
        for piece in _PLACEHOLDER.split(part):
            if not piece:
                continue
            whole = _PLACEHOLDER.fullmatch(piece)
            name = piece.strip("{} ") if whole else ""
            if whole and labels and name in labels:
                _add_field(paragraph, name, *labels[name], bold)
                continue
            run = paragraph.add_run(piece if whole else _MARK.sub("", piece))
            run.bold = bold
            if whole:
                run.font.highlight_color = WD_COLOR_INDEX.YELLOW


def _add_table(doc, rows: list[list[str]], xref_text, labels=None) -> None:
    """Write the pending pipe-table rows as a Word table, and empty the list."""
    if not rows:
        return
    table = doc.add_table(rows=0, cols=max(len(r) for r in rows))
    table.style = "Table Grid"
    for r in rows:
        cells = table.add_row().cells
        for k, value in enumerate(r):
            _add_runs(cells[k].paragraphs[0], _plain(value.strip(), xref_text), labels)
    rows.clear()


_INDENT = 457200  # EMU: 1.27 cm, Word's own list indent


def write_forms_docx(forms: list[Form], path: Path, *, title: str, intro: str, lang: str, xref_text,
                     placeholder_labels=None, store: Store | None = None) -> None:
    """One document with every form of a guide, each starting on its own page. ``placeholder_labels``
    (:class:`cmg.placeholders.PlaceholderLabels`): each placeholder with a label in ``lang`` becomes a
    content control showing the label and tagged with the name; the others stay as written.
    ``store``: the forms cache (:mod:`cmg.caching`, kind ``forms``), where a document made from the
    same inputs is taken from instead of being made again (python-docx is most of a warm build)."""
    labels = {}
    if placeholder_labels is not None:
        for name in {n for form in forms for n in form.placeholders}:
            shown = placeholder_labels.shown(name, lang)
            if shown is not None:
                labels[name] = (placeholder_labels.label(name, lang), shown)
    key = data = None
    if store is not None and store.directory is not None:
        key = forms_key(forms, title=title, intro=intro, lang=lang, xref_text=xref_text, labels=labels)
        data = store.read(key + FORMS_SUFFIX)
    if not _whole_docx(data):
        data = _forms_docx(forms, title=title, intro=intro, lang=lang, xref_text=xref_text, labels=labels)
        if key is not None:
            store.write(key + FORMS_SUFFIX, data)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


FORMS_SUFFIX = ".docx"  # the names of the forms cache's entries end in it


@functools.cache
def _recipe() -> str:
    """What makes a document from its inputs: this module's code and the versions of python-docx and lxml."""
    return digest("forms docx", code_text(sys.modules[__name__]), package_version("python-docx"), package_version("lxml"))


def forms_key(forms: list[Form], *, title: str, intro: str, lang: str, xref_text, labels: dict) -> str:
    """The forms cache's key of a document: everything :func:`write_forms_docx` reads — the forms, the
    title, intro and language, the text of each clause reference in them and the placeholders' labels."""
    xrefs = {}
    for form in forms:
        for line in form.lines:
            for m in _XREF.finditer(line):
                xrefs.setdefault(m.group(1), xref_text(m.group(1)))
    return digest(_recipe(), title, intro, lang,
                  json.dumps([[f.title, f.lines] for f in forms], ensure_ascii=False),
                  json.dumps(sorted(xrefs.items()), ensure_ascii=False),
                  json.dumps(sorted((k, list(v)) for k, v in labels.items()), ensure_ascii=False))


def _whole_docx(data: bytes | None) -> bool:
    """A cached entry that is a whole zip archive (not bytes left by something else)."""
    if data is None or not data.startswith(b"PK"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return zf.testzip() is None
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return False


def _forms_docx(forms: list[Form], *, title: str, intro: str, lang: str, xref_text, labels: dict) -> bytes:
    from docx import Document
    from docx.oxml.ns import qn

    doc = Document()
    styles = doc.styles["Normal"]
    rpr = styles.element.get_or_add_rPr()
    lang_el = rpr.find(qn("w:lang"))
    if lang_el is None:
        lang_el = rpr.makeelement(qn("w:lang"), {})
        rpr.append(lang_el)
    tag = {"ko": "ko-KR", "es": "es-419", "en": "en-GB"}.get(lang, lang)
    lang_el.set(qn("w:val"), tag)
    lang_el.set(qn("w:eastAsia"), tag)
    doc.core_properties.title = title
    doc.core_properties.language = tag
    doc.add_heading(title, level=0)
    doc.add_paragraph(intro)
    for n, form in enumerate(forms):
        if n:
            doc.add_page_break()
        doc.add_heading(form.title, level=1)
        rows: list[list[str]] = []
        for line in form.lines:
            stripped = line.strip()
            if stripped.startswith("|"):
                cells = stripped.strip("|").split("|")
                if not all(re.fullmatch(r"\s*:?-+:?\s*", c) for c in cells):
                    rows.append(cells)
                continue
            _add_table(doc, rows, xref_text, labels)
            if not stripped:
                continue
            task = re.match(r"^[-*+]\s+\[[ xX]\]\s+(.*)$", stripped)
            bullet = re.match(r"^[-*+]\s+(.*)$", stripped)
            numbered = re.match(r"^(\d+)[.)]\s+(.*)$", stripped)
            if task:
                _add_runs(doc.add_paragraph(style="List Bullet"), "☐ " + _plain(task.group(1), xref_text), labels)
            elif bullet:
                _add_runs(doc.add_paragraph(style="List Bullet"), _plain(bullet.group(1), xref_text), labels)
            elif numbered:
                # the number is written as text: Word's "List Number" style is one numbering for the
                # whole document, so the second letter's points would go on from the first letter's
                paragraph = doc.add_paragraph()
                paragraph.paragraph_format.left_indent = _INDENT
                paragraph.paragraph_format.first_line_indent = -_INDENT
                _add_runs(paragraph, f"{numbered.group(1)}.\t" + _plain(numbered.group(2), xref_text), labels)
            else:
                paragraph = doc.add_paragraph()
                if len(line) - len(line.lstrip(" ")) >= 4:
                    # a sub-point inside a numbered point (가. 나. / (a) (b)): indented under it
                    paragraph.paragraph_format.left_indent = _INDENT * 2
                _add_runs(paragraph, _plain(stripped, xref_text), labels)
        _add_table(doc, rows, xref_text, labels)
    buf = io.BytesIO()
    doc.save(buf)
    return _reproducible_zip(buf.getvalue())


def _reproducible_zip(data: bytes) -> bytes:
    """The same archive with a fixed date on every member: python-docx stamps them with the current
    time, which made each build's forms.docx differ from the last (and the parallel build's from the
    sequential one's) though their content is the same."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = info.compress_type
            fixed.external_attr = info.external_attr
            dst.writestr(fixed, src.read(info))
    return out.getvalue()
