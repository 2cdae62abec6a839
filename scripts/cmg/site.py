"""What the toolkit adds to the published pages, as pure functions of the model (no MkDocs here)."""

from __future__ import annotations

import html
import json
import re
from bisect import bisect_right
from functools import lru_cache
from importlib import resources

import yaml

from .rules import RULES
from .syntax import CLAUSE_XREF, UNTRANSLATED_LINE
from .termbase import Termbase, fold, trie_regex

XREF = CLAUSE_XREF  # cmg.syntax

# Pages for the people who make the guides (validation rules, translation status, translator's guide)
# are left out of the readers' search; they are listed in the Reference section of the menu.
STAFF_PAGE_SEARCH = "search:\n  exclude: true\n"


@lru_cache(maxsize=1)
def _ui_data() -> dict:
    text = resources.files("cmg").joinpath("data/ui.yml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def ui_strings(locale: str) -> dict[str, str]:
    data = _ui_data()
    merged = dict(data["en"])
    merged.update(data.get(locale) or data.get(locale.split("-")[0], {}) or {})
    return merged


def language_name(locale: str, in_locale: str) -> str:
    """Name of `locale` as written in `in_locale` (falls back to the locale's own name)."""
    names = {
        ("en", "es"): "inglés", ("en", "ko"): "영어", ("en", "en"): "English",
        ("es", "en"): "Spanish", ("es", "ko"): "스페인어", ("es", "es"): "español",
        ("ko", "en"): "Korean", ("ko", "es"): "coreano", ("ko", "ko"): "한국어",
    }
    return names.get((locale, in_locale), ui_strings(locale).get("language_name", locale))


def render_xrefs(markdown: str, resolve) -> str:
    """Replace ``[[clause-id]]`` with a Markdown link. ``resolve(id)`` returns (text, href) or None."""

    def sub(m: re.Match) -> str:
        target = resolve(m.group(1))
        if not target:
            return m.group(0)
        text, href = target
        text = text.replace("[", "\\[").replace("]", "\\]")
        return f'[{text}]({href}){{ .cmg-xref data-clause="{m.group(1)}" }}'

    return XREF.sub(sub, markdown)


def guide_meta_html(meta: dict, ui: dict[str, str], updated: str | None = None) -> str:
    """The guide's version, status, effective date, contract types and (when the history tells) the
    date its text last changed, as a compact block."""
    status = str(meta.get("status", ""))
    types = ", ".join(ui.get(f"type_{t}", str(t)) for t in (meta.get("applies_to") or []))
    items = [
        (ui["version"], html.escape(str(meta.get("version", "")))),
        (ui["status"], f'<span class="cmg-status cmg-status--{html.escape(status)}">'
                       f'{html.escape(ui.get(f"status_{status}", status))}</span>'),
        (ui["effective"], f'<time datetime="{html.escape(str(meta.get("effective", "")))}">'
                          f'{html.escape(str(meta.get("effective", "")))}</time>'),
        (ui["applies_to"], html.escape(types)),
    ]
    if updated:
        items.append((ui["last_updated"], f'<time datetime="{html.escape(updated)}">{html.escape(updated)}</time>'))
    body = "".join(f"<div><dt>{k}</dt><dd>{v}</dd></div>" for k, v in items)
    cite = ui["cite_format"].format(guide=ui["guide"], guide_number=meta.get("number", ""),
                                    guide_title=meta.get("title", ""), clause=ui["clause"], number="{number}",
                                    title="{title}", version_label=ui["version"].lower(),
                                    version=meta.get("version", ""), url="{url}")
    return (f'<dl class="cmg-guide-meta" data-cite-format="{html.escape(cite)}" '
            f'data-cite-label="{html.escape(ui["cite_label"])}" data-cite-done="{html.escape(ui["cite_done"])}">'
            f"{body}</dl>")


def notice_html(kind: str, text: str, locale: str, link: tuple[str, str] | None = None) -> str:
    extra = f' <a href="{html.escape(link[1])}">{html.escape(link[0])}</a>' if link else ""
    return (f'<div class="cmg-notice cmg-notice--{kind}" role="note" lang="{html.escape(locale)}">'
            f"<p>{html.escape(text)}{extra}</p></div>")


_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}|!~#])")


def _cell(text: str) -> str:
    """Termbase text as literal Markdown text (a glossary heading or paragraph): one line (a blank line
    in a definition would start Markdown of its own), HTML escaped, and the characters that start
    Markdown inline markup or attributes backslash-escaped (they are shown as written)."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(" ".join(str(text).split())))


def _raw(text: str) -> str:
    """Termbase text inside raw HTML (which Markdown leaves alone): one line, HTML escaped."""
    return html.escape(" ".join(str(text).split()))


_ANCHOR_UNSAFE = re.compile(r"[^A-Za-z0-9_-]")

# The glossary ranks below the guides in search: a reader looking for "multa" wants the clause that
# says what to do, and finds the term's definition after it (Material's per-page search boost).
GLOSSARY_SEARCH_BOOST = 0.1


def glossary_markdown(tb: Termbase, locale: str, locales: list[str], ui: dict[str, str]) -> str:
    """The glossary page: one section per term, with its own heading and anchor (``#term-<id>``), so
    that a search finds the term, a link or tooltip leads to it, and a phone shows it without a table
    wider than the screen."""
    out = []
    for term in sorted(tb.terms, key=lambda t: fold(t.by_locale[locale].term) if locale in t.by_locale else t.id):
        lt = term.by_locale.get(locale)
        if not lt:
            continue
        anchor = _ANCHOR_UNSAFE.sub("-", str(term.id))
        out.append(f"## {_cell(lt.term)} {{#term-{anchor} .cmg-term}}\n")
        if lt.definition:
            out.append(f"{_cell(lt.definition)}\n")
        facts = []
        if lt.variants:
            facts.append((ui["glossary_variants"], ", ".join(_raw(v) for v in lt.variants)))
        others = " · ".join(f'<span lang="{html.escape(o)}">{_raw(term.by_locale[o].term)}</span> ({html.escape(o)})'
                            for o in locales if o != locale and o in term.by_locale)
        if others:
            facts.append((ui["glossary_equivalents"], others))
        if lt.forbidden:
            facts.append((ui["glossary_avoid"], ", ".join(_raw(v) for v in lt.forbidden)))
        if facts:
            # the labels, the same in every entry, are left out of the search index
            rows = "\n".join(f"<div><dt data-search-exclude>{html.escape(k)}</dt> <dd>{v}</dd></div>" for k, v in facts)
            out.append(f'<dl class="cmg-term-facts">{rows}</dl>\n')
    return (f"---\ntitle: {ui['glossary_title']}\nsearch:\n  boost: {GLOSSARY_SEARCH_BOOST}\n---\n\n"
            f"# {ui['glossary_title']}\n\n{ui['glossary_intro']}\n\n" + "\n".join(out))


def rules_markdown(ui: dict[str, str]) -> str:
    out = [f"---\ntitle: {ui['rules_title']}\n{STAFF_PAGE_SEARCH}---\n", f"# {ui['rules_title']}\n", ui["rules_intro"] + "\n"]
    groups: dict[str, list] = {}  # each group once, in the order its first rule comes (a later code joins it)
    for r in RULES.values():
        groups.setdefault(r.group, []).append(r)
    for group, rules in groups.items():
        out.append(f"\n## {group}\n")
        for r in rules:
            out.append(f"\n### {r.code} {r.name} {{#{r.code.lower()}}}\n")
            out.append(f"**{ui['rules_severity']}:** `{r.severity}`\n")
            out.append(f"**{ui['rules_what']}:** {r.summary} {r.doc}\n")
            out.append(f"**{ui['rules_fix']}:** {r.hint}\n")
    return "\n".join(out)


_CLAUSE_HEADING = re.compile(r"^#{2,3}[ \t]+.*\{[^}]*#([a-z0-9-]+)[^}]*\}[ \t]*$")
_FENCE_LINE = re.compile(r"^\s*(`{3,}|~{3,})")
_FOOTNOTE_DEF = re.compile(r"^\[\^[^\]]+\]:")
_MARKER_LINE = UNTRANSLATED_LINE


def lines_outside_code(markdown: str):
    """Yield (line, inside a fenced code block?) — fence lines themselves count as code."""
    fence = None
    for line in markdown.split("\n"):
        fm = _FENCE_LINE.match(line)
        if fence:
            if fm and fm.group(1)[0] == fence:
                fence = None
            yield line, True
        elif fm:
            fence = fm.group(1)[0]
            yield line, True
        else:
            yield line, False


_HEADING_LINE = re.compile(r"^(#{1,6})[ \t]+(.*?)(?:[ \t]*\{[^}]*\})?[ \t]*#*[ \t]*$")


def current_source_markdown(body_raw: str) -> str:
    """A source clause's text (its body, the heading line left out) for showing inside a translated
    page: headings inside it become bold lines, so that they add no anchors or table-of-contents entries
    beside the translation's own."""
    lines = body_raw.split("\n")[1:]
    out = []
    for line, in_code in lines_outside_code("\n".join(lines)):
        m = None if in_code else _HEADING_LINE.match(line)
        out.append(f"**{m.group(2).strip()}**" if m else line)
    return "\n".join(out).strip("\n")


CURRENT_ID = "cmg-current-"  # in a one-locale preview: the ID of an outdated clause's current source text


def decorate_clauses(markdown: str, *, outdated: dict[str, str], outdated_text: str | dict[str, str], link_text: str,
                     untranslated_text: str, locale: str, source_locale: str,
                     current: dict[str, str] | None = None, current_label: str = "",
                     previous_label: str = "", current_id: str = "") -> str:
    """Add reader notices inside a translated guide page.

    * after the heading of each outdated clause: a notice with a link to the current source text and,
      when ``current`` has the clause (id → its source text, from :func:`current_source_markdown`),
      that text itself, marked as being in the source language, before the old translation: a reader
      never takes a figure or an obligation that the source has changed for the current one; with a
      ``current_id`` prefix, that text's element has the ID prefix + clause ID (a link can lead to it);
    * at each ``<!-- cmg: untranslated -->`` marker: a notice, and the source-language text that
      follows is wrapped in an element that says which language it is in.
    """
    out: list[str] = []
    wrapped = False
    for line, in_code in lines_outside_code(markdown):
        if in_code:
            out.append(line)
            continue
        hm = _CLAUSE_HEADING.match(line)
        if (hm or _FOOTNOTE_DEF.match(line)) and wrapped:
            out.extend(["", "</div>", ""])
            wrapped = False
        if _MARKER_LINE.match(line):
            out.extend(["", notice_html("untranslated", untranslated_text, locale), "",
                        f'<div lang="{html.escape(source_locale)}" markdown="1">', ""])
            wrapped = True
            continue
        out.append(line)
        if hm and hm.group(1) in outdated:
            cid = hm.group(1)
            text_here = outdated_text.get(cid, "") if isinstance(outdated_text, dict) else outdated_text
            out.extend(["", notice_html("outdated", text_here, locale, (link_text, outdated[cid])), ""])
            text = (current or {}).get(cid)
            if text:
                ident = f' id="{html.escape(current_id + cid)}"' if current_id else ""
                out.extend([f'<div class="cmg-current"{ident} lang="{html.escape(source_locale)}" markdown="1">', "",
                            f'<p class="cmg-current__label" lang="{html.escape(locale)}">'
                            f"{html.escape(current_label)}</p>", "", text, "", "</div>", "",
                            f'<p class="cmg-current__label" lang="{html.escape(locale)}">'
                            f"{html.escape(previous_label)}</p>", ""])
    if wrapped:
        out.extend(["", "</div>"])
    return "\n".join(out)


def alias_anchors(markdown: str, aliases: dict[str, list[str]]) -> str:
    """Before the heading of each clause that was renamed (or took in a moved clause's old place), an
    empty element with each old ID, so that permalinks and citations to ``#old-id`` land on the clause."""
    if not aliases:
        return markdown
    out: list[str] = []
    for line, in_code in lines_outside_code(markdown):
        hm = None if in_code else _CLAUSE_HEADING.match(line)
        if hm and hm.group(1) in aliases:
            for old in aliases[hm.group(1)]:
                out.extend([f'<div id="{html.escape(old)}" class="cmg-alias" data-clause="{html.escape(hm.group(1))}">'
                            '</div>', ""])
        out.append(line)
    return "\n".join(out)


def status_markdown(states, locale_names: dict[str, str], ui: dict[str, str], source_links: dict[str, str],
                    source_locale: str = "en") -> str:
    """The "Translation status" page: per locale and guide, with the outdated clauses listed."""
    out = [f"---\ntitle: {ui['status_title']}\n{STAFF_PAGE_SEARCH}---\n", f"# {ui['status_title']}\n", ui["status_intro"] + "\n"]
    by_locale: dict[str, list] = {}
    for fs in states:
        by_locale.setdefault(fs.locale, []).append(fs)
    for loc, files in by_locale.items():
        out.append(f"\n## {locale_names.get(loc, loc)} ({loc}) {{#status-{loc}}}\n")
        out.append(f"| {ui['guide']} | {ui['status_clauses']} | {ui['status_translated']} | {ui['status_outdated']} | "
                   f"{ui['status_untranslated']} | {ui['status_missing']} | % |")
        out.append("|---|--:|--:|--:|--:|--:|--:|")
        for fs in files:
            out.append(f"| {fs.guide} | {len(fs.clauses)} | {fs.count('translated')} | {fs.count('outdated')} | "
                       f"{fs.count('untranslated')} | {fs.count('missing')} | {fs.percent:.0f} % |")
        stale = [(fs, c) for fs in files for c in fs.clauses if c.state == "outdated"]
        if stale:
            out.append(f"\n{ui['status_outdated_list']}\n")
            for fs, c in stale:
                link = source_links.get(f"{fs.locale}:{fs.rel}#{c.clause_id}", source_links.get(f"{fs.rel}#{c.clause_id}"))
                label = html.escape(f"{c.number} {c.title}", quote=False)
                # an HTML link: the source page is in another locale's build, which MkDocs cannot resolve
                # (a Markdown link would be an "unrecognized relative link" warning and fail --strict)
                out.append(f"- `{fs.path}:{c.line}` — "
                           + (f'<a href="{html.escape(link)}" lang="{html.escape(source_locale)}">{label}</a>'
                              if link else label))
    return "\n".join(out) + "\n"


_EXTERNAL_A = re.compile(r'<a (?![^>]*\brel=)([^>]*\bhref="(?:https?:)?//[^"]*"[^>]*)>', re.I)


_FOOTNOTE_PARTS = re.compile(r'<div class="footnote"|<sup id="fnref')


def footnotes_out_of_search(html_text: str) -> str:
    """Keep a page's footnotes (and the markers that point at them) out of its search entries
    (Material skips elements with ``data-search-exclude``): all of a page's footnotes sit after its
    last section, which otherwise outranked the clauses they belong to ("multa" found 11.2 before 8)."""
    return _FOOTNOTE_PARTS.sub(lambda m: m.group(0).replace(" ", " data-search-exclude ", 1), html_text)


def external_links_noopener(html_text: str) -> str:
    """External links get rel="noopener noreferrer"."""
    return _EXTERNAL_A.sub(lambda m: f'<a {m.group(1)} rel="noopener noreferrer">', html_text)


def glossary_definitions(tb: Termbase, locale: str) -> dict[str, str]:
    """Term → definition for the locale's approved terms (and their variants) that have one."""
    out = {}
    for term in tb.terms:
        lt = term.by_locale.get(locale)
        if not lt or not lt.definition or not term.check:
            continue
        for phrase in {lt.term, *lt.variants}:
            phrase = re.sub(r"\s*\([^)]*\)", "", phrase).strip()
            if len(phrase) < 3 or "]" in phrase:
                continue
            out[phrase] = " ".join(lt.definition.split())
    return dict(sorted(out.items()))


# where a term is not marked: code, links, headings, controls, existing abbreviations, comments
_UNMARKED = ("textarea", "button", "option", "select", "script", "style", "label", "title", "abbr", "code", "math",
             "samp", "pre", "svg", "kbd", "h1", "h2", "h3", "h4", "h5", "h6", "a")
_UNMARKED_SPANS = re.compile(r"<!--.*?-->|<(" + "|".join(_UNMARKED) + r")\b[^>]*>.*?</\1\s*>", re.S | re.I)
# a tag, with ">" allowed inside its quoted attribute values
_TAG_SPAN = re.compile(r"""<[a-zA-Z/!?][^>"']*(?:(?:"[^"]*"|'[^']*')[^>"']*)*>""")


class GlossaryMarks:
    """The glossary's terms marked in a page's HTML, so that readers see each term's definition on hover
    or tap (Material's tooltips), in their own language.

    One pass over the finished HTML with one pattern per locale (the longest term first, whole words,
    as Python-Markdown's ``abbr`` matches): each term becomes ``<abbr data-cmg-term="N">``, and the
    definitions the page uses are listed once, as JSON in an attribute of a hidden element at its end
    (no script, and nothing the search indexes), from which ``cmg.js`` gives each mark its ``title``
    before Material sets up its tooltips. A definition is not repeated in the
    HTML at every use of its term, which kept pages heavy and slow to index for search.
    """

    def __init__(self, definitions: dict[str, str]):
        self.definitions = {html.escape(term, quote=False): text for term, text in definitions.items()}
        terms = sorted(self.definitions, key=lambda t: (-len(t), t))
        # a trie of the terms: at each position, the longest term that starts there (and ends a word)
        self._pattern = re.compile(r"\b(?:" + trie_regex(terms) + r")\b") if terms else None

    def mark(self, html_text: str) -> str:
        pattern = self._pattern
        first = pattern.search(html_text) if pattern is not None else None
        if first is None:
            return html_text
        spans = [(m.start(), m.end()) for m in _UNMARKED_SPANS.finditer(html_text)]
        starts = [s for s, _ in spans]
        tags = [(m.start(), m.end()) for m in _TAG_SPAN.finditer(html_text)]
        tag_starts = [s for s, _ in tags]
        used: dict[str, int] = {}  # definition → its index in the page's list
        out: list[str] = []
        pos = 0
        for m in pattern.finditer(html_text, first.start()):
            at = m.start()
            i = bisect_right(starts, at) - 1
            if i >= 0 and at < spans[i][1]:
                continue  # in code, a link, a heading…
            i = bisect_right(tag_starts, at) - 1
            if i >= 0 and at < tags[i][1]:
                continue  # inside a tag (an attribute's value)
            if html_text[max(0, at - 2):at].endswith(("&", "&#")):
                continue  # part of an entity (&para;)
            n = used.setdefault(self.definitions[m.group(0)], len(used))
            out.append(html_text[pos:at])
            out.append(f'<abbr data-cmg-term="{n}">{m.group(0)}</abbr>')
            pos = m.end()
        if not used:
            return html_text
        out.append(html_text[pos:])
        data = html.escape(json.dumps(list(used), ensure_ascii=False), quote=True)
        out.append(f'\n<div class="cmg-terms" hidden data-definitions="{data}"></div>')
        return "".join(out)


_TASK_ITEM = re.compile(r'(<label class="task-list-control"><input )([^>]*?)(/?>)(.*?)(?=</li>|</p>|<ul|<ol)', re.S)


def label_task_checkboxes(html_text: str) -> str:
    """Give each checklist checkbox the item's text as its accessible name (screen readers)."""
    def sub(m: re.Match) -> str:
        if "aria-label" in m.group(2):
            return m.group(0)
        text = " ".join(_TAGS_RE.sub(" ", m.group(4)).split())
        return f'{m.group(1)}{m.group(2)} aria-label="{html.escape(text)}"{m.group(3)}{m.group(4)}'

    return _TASK_ITEM.sub(sub, html_text)


_TAGS_RE = re.compile(r"<[^>]+>")
