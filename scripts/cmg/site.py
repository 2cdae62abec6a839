"""What the toolkit adds to the published pages, as pure functions of the model (no MkDocs here)."""

from __future__ import annotations

import html
import re
from functools import lru_cache
from importlib import resources

import yaml

from .model import GuideFile
from .rules import RULES
from .termbase import Termbase, fold

XREF = re.compile(r"\[\[([a-z0-9-]+)\]\]")


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


def guide_meta_html(meta: dict, ui: dict[str, str]) -> str:
    """The guide's version, status, effective date and contract types, as a compact block."""
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
    body = "".join(f"<div><dt>{k}</dt><dd>{v}</dd></div>" for k, v in items)
    return f'<dl class="cmg-guide-meta">{body}</dl>'


def notice_html(kind: str, text: str, locale: str, link: tuple[str, str] | None = None) -> str:
    extra = f' <a href="{html.escape(link[1])}">{html.escape(link[0])}</a>' if link else ""
    return (f'<div class="cmg-notice cmg-notice--{kind}" role="note" lang="{html.escape(locale)}">'
            f"<p>{html.escape(text)}{extra}</p></div>")


def glossary_markdown(tb: Termbase, locale: str, locales: list[str], ui: dict[str, str]) -> str:
    rows = []
    for term in sorted(tb.terms, key=lambda t: fold(t.by_locale[locale].term) if locale in t.by_locale else t.id):
        lt = term.by_locale.get(locale)
        if not lt:
            continue
        others = " · ".join(
            f'<span lang="{o}">{html.escape(term.by_locale[o].term)}</span> ({o})'
            for o in locales if o != locale and o in term.by_locale
        )
        variants = ", ".join(html.escape(v) for v in lt.variants)
        avoid = ", ".join(html.escape(v) for v in lt.forbidden)
        name = f"<strong>{html.escape(lt.term)}</strong>" + (f"<br><small>{variants}</small>" if variants else "")
        rows.append(f'| <span id="term-{term.id}"></span>{name} | {html.escape(lt.definition)} | {others} | {avoid} |')
    head = (f"| {ui['glossary_title']} | | {ui['glossary_equivalents']} | {ui['glossary_avoid']} |\n"
            "|---|---|---|---|")
    return (f"---\ntitle: {ui['glossary_title']}\n---\n\n# {ui['glossary_title']}\n\n{ui['glossary_intro']}\n\n"
            + head + "\n" + "\n".join(rows) + "\n")


def rules_markdown(ui: dict[str, str]) -> str:
    out = [f"---\ntitle: {ui['rules_title']}\n---\n", f"# {ui['rules_title']}\n", ui["rules_intro"] + "\n"]
    group = None
    for r in RULES.values():
        if r.group != group:
            group = r.group
            out.append(f"\n## {group}\n")
        out.append(f"\n### {r.code} {r.name} {{#{r.code.lower()}}}\n")
        out.append(f"**{ui['rules_severity']}:** `{r.severity}`\n")
        out.append(f"**{ui['rules_what']}:** {r.summary} {r.doc}\n")
        out.append(f"**{ui['rules_fix']}:** {r.hint}\n")
    return "\n".join(out)


def clause_titles(gf: GuideFile) -> dict[str, tuple[str, str, int]]:
    """clause id → (number, title, heading level) for one file."""
    return {c.id: (c.number, c.title, c.level) for c in gf.clauses if c.id}
