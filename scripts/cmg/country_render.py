"""The guides' country references rendered for the site, in the reader's language (pure).

- ``[[param:ID]]`` becomes ``<span class="cmg-param" data-param="ID">standard text</span>``: without
  JavaScript the reader reads the standard text; the country switch (cmg-country.js) shows the chosen
  country's value there, with its basis and status, taken from the tables of the same page.
- ``[[country-table:ID …]]`` on a line of its own becomes a Markdown table of the pilot countries'
  values (one row per country, parameter and variant), indented as the line was (inside a note).
- ``[[param:ID@hn]]`` (a worked case set in one country) becomes that country's value, with its
  "to be confirmed" mark, whatever country the reader chose (the switch leaves it alone).
- A clause (a heading's section) whose sentences refer to parameters that no table of the clause
  shows gets a collapsible "Values in the pilot countries" table at its end, so that the values are
  on the page without JavaScript.

Every value cell carries ``data-cc`` (country), ``data-param``, ``data-status`` and ``data-basis``;
values are HTML-escaped (profiles are untrusted content) and source links are http(s) only (the
loader refuses anything else).
"""

from __future__ import annotations

import html
import re

from .countries import CountryProfile, ParameterDef, Profiles, Variant
from .country_text import basis_text, status_label, strings, value_text, variant_scope
from .paramref import REF, TABLE_LINE

_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
_HEADING = re.compile(r"^#{1,6}[ \t]")


def _cell_text(text: str) -> str:
    """Plain text safe inside a Markdown table cell (HTML escaped, Markdown punctuation escaped)."""
    return html.escape(text, quote=False).replace("|", "&#124;").replace("*", "&#42;").replace("_", "&#95;") \
        .replace("[", "&#91;").replace("]", "&#93;").replace("`", "&#96;").replace("\n", " ")


def _attr(text: str) -> str:
    return html.escape(text, quote=True).replace("|", "&#124;").replace("*", "&#42;").replace("_", "&#95;") \
        .replace("[", "&#91;").replace("]", "&#93;").replace("`", "&#96;").replace("\n", " ")


def tbc_mark(locale: str) -> str:
    return f'<span class="cmg-tbc">{_cell_text(strings(locale)["tbc"])}</span>'


def value_cell(pdef: ParameterDef, variant: Variant, profile: CountryProfile, locale: str) -> str:
    """One variant's value, as the inline HTML of a table cell (what the switch shows at a reference)."""
    scope = variant_scope(variant, profile, locale)
    text = value_text(pdef, variant, profile, locale)
    basis = basis_text(variant, profile, locale)
    body = (f"{_cell_text(scope)} — " if scope else "") + _cell_text(text)
    # a figure not verified carries the mark; a "not confirmed: check …" text already says so
    mark = "" if variant.status == "verified" or variant.value is None else " " + tbc_mark(locale)
    return (f'<span class="cmg-cv" data-cc="{profile.code}" data-param="{pdef.id}" data-status="{variant.status}" '
            f'data-basis="{_attr(basis)}">{body}{mark}</span>')


def _basis_cell(variant: Variant, profile: CountryProfile, locale: str) -> str:
    out = _cell_text(basis_text(variant, profile, locale))
    links = [f'<a href="{_attr(u)}" rel="noopener" class="cmg-source">{_cell_text(strings(locale)["source"])}</a>'
             for u in variant.sources]
    return "; ".join(x for x in [out] + links if x) or "—"


def _status_cell(variant: Variant, locale: str) -> str:
    label = _cell_text(status_label(variant.status, locale))
    if variant.status == "secondary":
        return f'<span class="cmg-st cmg-st--secondary">{label}</span>, {tbc_mark(locale)}'
    return f'<span class="cmg-st cmg-st--{variant.status}">{label}</span>'


def country_table(profiles: Profiles, ids: list[str], locale: str, indent: str = "") -> str:
    """A Markdown table of the pilot countries' values of ``ids`` (unknown IDs are left out: CMG702)."""
    s = strings(locale)
    known = [pid for pid in ids if pid in profiles.catalogue]
    if not known:
        return ""
    many = len(known) > 1
    head = [s["country"]] + ([s["parameter"]] if many else []) + [s["value"], s["basis"], s["status"]]
    rows = [head, ["---"] * len(head)]
    for prof in pilots_in_order(profiles):
        for pid in known:
            pdef = profiles.catalogue[pid]
            p = prof.parameters.get(pid)
            for v in (p.variants if p else []):
                row = [_cell_text(prof.name.get(locale))]
                if many:
                    row.append(_cell_text(pdef.label.get(locale)))
                row += [value_cell(pdef, v, prof, locale), _basis_cell(v, prof, locale), _status_cell(v, locale)]
                rows.append(row)
    lines = ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(indent + ln for ln in lines)


def pinned_table(profiles: Profiles, code: str, ids: list[str], locale: str, indent: str = "") -> str:
    """The values a worked case set in one country is pinned to, with basis, source and status, as plain
    cells: no ``data-cc``, so that the country switch and the country editions leave the rows alone."""
    s = strings(locale)
    prof = profiles.countries.get(code)
    if prof is None:
        return ""
    rows = [[s["country"], s["parameter"], s["value"], s["basis"], s["status"]], ["---"] * 5]
    for pid in ids:
        pdef, p = profiles.catalogue.get(pid), prof.parameters.get(pid)
        for v in (p.variants if pdef and p else []):
            scope = variant_scope(v, prof, locale)
            value = _cell_text((f"{scope} — " if scope else "") + value_text(pdef, v, prof, locale))
            rows.append([_cell_text(prof.name.get(locale)), _cell_text(pdef.label.get(locale)), value,
                         _basis_cell(v, prof, locale), _status_cell(v, locale)])
    if len(rows) == 2:
        return ""
    return "\n".join(indent + "| " + " | ".join(r) + " |" for r in rows)


SWITCH_ORDER = ("hn", "sv", "pa")  # the country switch's order: Standard · Honduras · El Salvador · Panamá


def pilots_in_order(profiles: Profiles) -> list[CountryProfile]:
    rank = {c: i for i, c in enumerate(SWITCH_ORDER)}
    return sorted(profiles.pilots, key=lambda p: (rank.get(p.code, len(rank)), p.code))


def inline_ref(pdef: ParameterDef | None, pid: str, locale: str) -> str:
    text = pdef.standard.get(locale) if pdef else pid
    return f'<span class="cmg-param" data-param="{pid}">{_cell_text(text)}</span>'


def pinned_ref(profiles: Profiles, pid: str, code: str, law: str, locale: str) -> str:
    """The value of one country (and law) at a pinned reference; an unknown one stays as written (CMG702)."""
    pdef, prof = profiles.catalogue.get(pid), profiles.countries.get(code)
    variants = prof.variants(pid, law=law) if prof else []
    if pdef is None or not variants:
        return f"[[param:{pid}@{code}{'/' + law if law else ''}]]"
    parts, basis = [], []
    for v in variants:
        scope = "" if law or len(variants) == 1 else variant_scope(v, prof, locale)
        parts.append((f"{scope} — " if scope else "") + value_text(pdef, v, prof, locale))
        b = basis_text(v, prof, locale)
        if b and b not in basis:
            basis.append(b)
    unconfirmed = [v for v in variants if v.status != "verified" and v.value is not None]
    status = "verified" if all(v.status == "verified" for v in variants) else \
        next(v.status for v in variants if v.status != "verified")
    tip = " · ".join([prof.name.get(locale)] + basis)
    return (f'<span class="cmg-pinned" data-country="{code}" data-param="{pid}" data-status="{status}" '
            f'title="{_attr(tip)}">{_cell_text("; ".join(parts))}{" " + tbc_mark(locale) if unconfirmed else ""}</span>')


def render_country_refs(markdown: str, profiles: Profiles, locale: str) -> str:
    """The page's Markdown with every country reference rendered (see the module docstring)."""
    if "[[param:" not in markdown and "[[country-table:" not in markdown:
        return markdown
    lines = markdown.split("\n")
    out: list[str] = []
    fence = None
    section_inline: list[str] = []  # IDs referred to in the sentences of the current section
    section_tabled: set[str] = set()
    section_pinned: dict[str, list[str]] = {}  # country → IDs a worked case of the section is pinned to

    def close_section() -> None:
        missing = [pid for pid in dict.fromkeys(section_inline) if pid not in section_tabled]
        table = country_table(profiles, missing, locale, "    ") if missing else ""
        pinned = [pinned_table(profiles, code, list(dict.fromkeys(pids)), locale, "    ")
                  for code, pids in section_pinned.items()]
        table = "\n\n".join(t for t in [table, *pinned] if t)
        if table:
            while out and not out[-1].strip():
                out.pop()
            out.extend(["", f'??? country "{strings(locale)["values_summary"]}"', table, ""])
        section_inline.clear()
        section_tabled.clear()
        section_pinned.clear()

    for line in lines:
        m = _FENCE.match(line)
        if fence is not None:
            out.append(line)
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence):
                fence = None
            continue
        if m:
            fence = m.group(1)
            out.append(line)
            continue
        if _HEADING.match(line):
            close_section()
            out.append(line)
            continue
        t = TABLE_LINE.match(line)
        if t:
            ids = t.group("ids").split()
            section_tabled.update(ids)
            table = country_table(profiles, ids, locale, t.group("indent"))
            out.append(table if table else line)
            continue
        if "[[param:" in line:
            def sub(m: re.Match) -> str:
                if m.group(1) != "param":
                    return m.group(0)
                pid = m.group(2).split()[0]
                if m.group(3):
                    section_pinned.setdefault(m.group(3), []).append(pid)
                    return pinned_ref(profiles, pid, m.group(3), m.group(4) or "", locale)
                section_inline.append(pid)
                return inline_ref(profiles.catalogue.get(pid), pid, locale)

            line = REF.sub(sub, line)
        out.append(line)
    close_section()
    return "\n".join(out)


def switch_html(profiles: Profiles, locale: str) -> str:
    """The country switch (hidden until cmg-country.js runs: without JavaScript it could do nothing)."""
    s = strings(locale)
    opts = [f'<option value="">{html.escape(s["standard"])}</option>']
    opts += [f'<option value="{p.code}">{html.escape(p.name.get(locale))}</option>' for p in pilots_in_order(profiles)]
    return (f'<div class="cmg-country-switch" hidden><label for="cmg-country">{html.escape(s["switch"])}</label> '
            f'<select id="cmg-country" data-tbc="{html.escape(s["tbc"])}" data-cite="{html.escape(s["cite"])}">'
            f'{"".join(opts)}</select></div>')


def insert_switch(markdown: str, profiles: Profiles, locale: str) -> str:
    """The page with the switch under its title (the first level-1 heading outside code)."""
    if not profiles.pilots:
        return markdown
    lines = markdown.split("\n")
    fence = None
    for i, line in enumerate(lines):
        m = _FENCE.match(line)
        if fence is not None:
            if m and m.group(1)[0] == fence[0]:
                fence = None
            continue
        if m:
            fence = m.group(1)
            continue
        if line.startswith("# "):
            lines[i + 1:i + 1] = ["", switch_html(profiles, locale), ""]
            return "\n".join(lines)
    return markdown
