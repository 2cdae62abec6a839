"""What a reader sees for each ``{{placeholder}}`` of the model forms: a label in the form's language.

A placeholder's name (``contract_number``) is for tools, the same in every locale: the exports for
translators, the checks and anything that fills the forms keep it. A Spanish or Korean letter shows
its reader the label of the placeholder file (``translations/placeholders.yml``, beside the
termbase; ``plugins.cmg.placeholder_labels``) instead, in that locale's way of marking a blank:

.. code-block:: yaml

    locales: [en, es, ko]          # the locales whose every placeholder must have a label (CMG211)
    format:                        # how a blank is written in the text; {label} is the label
      es: "[{label}]"
    labels:
      contract_number: {en: contract number, es: número del contrato, ko: 계약번호}

The page and the PDF show ``<span class="cmg-placeholder" data-placeholder="contract_number">`` with
the label inside (left out of the search index); the Word forms, a content control tagged with the
name. A placeholder without a label in a locale is shown as written (``{{contract_number}}``) and
reported (CMG211).

Loading is the I/O edge (:func:`load_labels`); the rest are pure functions.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import yamlsafe
from .model import Block, GuideFile
from .rules import Finding
from .syntax import PLACEHOLDER

DEFAULT_FORMAT = "[{label}]"
_NAME = re.compile(r"^[A-Za-z0-9_.-]+$")
# a code span (the placeholder inside it is shown as written, as the Markdown is)
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
# characters that start Markdown inline markup: a label is shown as written
_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}|!~#<>])")


@dataclass
class PlaceholderLabels:
    """The labels of the placeholders, per name and locale, with where each entry is written."""

    path: str  # relative to the project, for findings
    locales: list[str] = field(default_factory=list)
    formats: dict[str, str] = field(default_factory=dict)  # locale → how a blank is written
    labels: dict[str, dict[str, str]] = field(default_factory=dict)  # name → locale → label
    lines: dict[str, int] = field(default_factory=dict)  # name → line of its entry
    problems: list[tuple[str, int, str]] = field(default_factory=list)  # (message, line, hint)
    exists: bool = True

    def label(self, name: str, locale: str) -> str | None:
        return (self.labels.get(name) or {}).get(locale)

    def shown(self, name: str, locale: str) -> str | None:
        """The label as the text shows it (``[número del contrato]``), or None without one."""
        label = self.label(name, locale)
        if label is None:
            return None
        return self.formats.get(locale, DEFAULT_FORMAT).replace("{label}", label)


def _line(node) -> int:
    return node.start_mark.line + 1 if node is not None else 1


def _text(value) -> str | None:
    return " ".join(value.split()) if isinstance(value, str) and value.strip() else None


def parse_labels(text: str, path: str) -> PlaceholderLabels:
    """The placeholder file's text read into labels; what is wrong is in ``problems``, with its line."""
    out = PlaceholderLabels(path)
    try:
        root = yamlsafe.compose(text)
        data = yamlsafe.construct(root)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        out.problems.append((f"placeholder labels are not valid YAML: {getattr(exc, 'problem', exc)}",
                             mark.line + 1 if mark else 1, "fix the YAML syntax at the line shown"))
        return out
    if data is None:
        return out
    if not isinstance(data, dict) or not isinstance(data.get("labels"), dict):
        out.problems.append(("the placeholder labels need a top-level 'labels' mapping", 1,
                             "write labels: with one entry per placeholder, e.g. contract_number: {en: contract number}"))
        return out
    nodes = {k.value: v for k, v in root.value}
    locales = data.get("locales")
    if not (isinstance(locales, list) and all(isinstance(x, str) for x in locales)):
        out.problems.append(("'locales' must be a list of locale codes", _line(nodes.get("locales")),
                             "write for example: locales: [en, es, ko]"))
        locales = []
    out.locales = list(locales)
    formats = data.get("format") or {}
    if not isinstance(formats, dict):
        out.problems.append(("'format' must map each locale to how a blank is written", _line(nodes.get("format")),
                             'write for example: format: {es: "[{label}]"}'))
        formats = {}
    format_node = nodes.get("format")
    format_lines = ({str(k.value): _line(k) for k, _ in format_node.value}
                    if isinstance(format_node, yaml.MappingNode) else {})
    for loc, fmt in formats.items():
        if isinstance(fmt, str) and "{label}" in fmt:
            out.formats[str(loc)] = fmt
        else:
            out.problems.append((f"the format of '{loc}' has no {{label}}", format_lines.get(str(loc), 1),
                                 'write the label\'s place as {label}, e.g. "[{label}]"'))
    # the keys' nodes (their lines) and the values, in the same order (no key is given twice: yamlsafe)
    for (key, _), (raw_name, entry) in zip(nodes["labels"].value, data["labels"].items(), strict=False):
        name, line = str(raw_name), _line(key)
        if not _NAME.match(name):
            out.problems.append((f"'{name[:60]}' is not a placeholder name", line,
                                 "use the name as the guides write it between {{ }}: letters, digits, _ . -"))
            continue
        if not isinstance(entry, dict):
            out.problems.append((f"the entry of '{name}' must map each locale to a label", line,
                                 f"write for example: {name}: {{en: ..., es: ...}}"))
            continue
        out.lines[name] = line
        out.labels[name] = {str(loc): t for loc, v in entry.items() if (t := _text(v)) is not None}
    return out


def load_labels(path: Path, rel: str) -> PlaceholderLabels:
    """The project's placeholder file; a project without one has no labels (the forms show the names)."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        return PlaceholderLabels(rel, exists=False)
    except UnicodeDecodeError:
        return PlaceholderLabels(rel, problems=[("the placeholder labels are not valid UTF-8", 1, "re-save the file as UTF-8")])
    return parse_labels(text, rel)


_LOADED: dict[str, tuple[tuple, PlaceholderLabels]] = {}


def labels_for(project) -> PlaceholderLabels:
    """The project's labels, read again only when the file changed."""
    path = project.root / project.placeholder_labels
    try:
        st = path.stat()
        stamp = (st.st_size, st.st_mtime_ns)
    except OSError:
        stamp = None
    hit = _LOADED.get(str(path))
    if hit is None or hit[0] != stamp:
        hit = _LOADED[str(path)] = (stamp, load_labels(path, project.rel(path)))
    return hit[1]


# ------------------------------------------------------------------------------------------- showing


def _field_html(name: str, shown: str) -> str:
    """The label inside the page's Markdown: raw inline HTML, its text escaped for HTML and Markdown."""
    text = _MD_SPECIAL.sub(r"\\\1", html.escape(shown, quote=False))
    # out of the search index: a reader's query is for the guidance, not the blanks of its forms (a
    # label such as "tope de multas" would compete with the clause that explains the cap)
    return f'<span class="cmg-placeholder" data-placeholder="{html.escape(name)}" data-search-exclude>{text}</span>'


def label_placeholders(markdown: str, labels: PlaceholderLabels, locale: str) -> str:
    """The guide's Markdown with each ``{{name}}`` that has a label in ``locale`` shown as that label
    (the name kept in ``data-placeholder``); code blocks and code spans are left as written."""
    if "{{" not in markdown or not labels.labels:
        return markdown

    def sub(m: re.Match) -> str:
        shown = labels.shown(m.group(1), locale)
        return _field_html(m.group(1), shown) if shown is not None else m.group(0)

    out, fence = [], None
    for line in markdown.split("\n"):
        fm = _FENCE.match(line)
        if fence:
            if fm and fm.group(1)[0] == fence:
                fence = None
            out.append(line)
            continue
        if fm:
            fence = fm.group(1)[0]
            out.append(line)
            continue
        if "{{" in line:
            parts, pos = [], 0
            for cm in _CODE_SPAN.finditer(line):
                parts.append(PLACEHOLDER.sub(sub, line[pos:cm.start()]))
                parts.append(cm.group(0))
                pos = cm.end()
            parts.append(PLACEHOLDER.sub(sub, line[pos:]))
            line = "".join(parts)
        out.append(line)
    return "\n".join(out)


# ------------------------------------------------------------------------------------------ checking


def _blocks(gf: GuideFile):
    """(clause ID or "", block) for every block of the file."""
    yield "", gf.preamble
    for c in gf.clauses:
        yield c.id or "", c.body
    for f in gf.footnotes.values():
        yield "", f.body


def check_labels(files: list[GuideFile], labels: PlaceholderLabels) -> list[Finding]:
    """CMG211: a placeholder a guide uses has no label in the guide's locale (once per file and name,
    at its first use), for the locales the placeholder file declares; and the file's own problems."""
    out = [Finding("CMG211", message, labels.path, line, hint=hint) for message, line, hint in labels.problems]
    if not labels.exists:
        return out
    for gf in files:
        if gf.locale not in labels.locales:
            continue  # a new locale starts without labels, as it starts without terms
        seen: set[str] = set()
        block: Block
        for clause, block in _blocks(gf):
            for ref in block.placeholders:
                name = ref.value
                if name in seen:
                    continue
                seen.add(name)
                if labels.label(name, gf.locale) is not None:
                    continue
                where = (f"add {gf.locale}: to its entry at {labels.path}:{labels.lines[name]}" if name in labels.lines
                         else f"add '{name}: {{{gf.locale}: …}}' under labels: in {labels.path}")
                out.append(Finding("CMG211", f"placeholder {{{{{name}}}}} has no label in {gf.locale}: readers see "
                                   "the name", gf.path, ref.pos.line, ref.pos.col, hint=where,
                                   locale=gf.locale, guide=gf.guide, clause=clause,
                                   suppressed_by=block.suppressed))
    return out
