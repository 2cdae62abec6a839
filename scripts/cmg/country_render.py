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
from .country_text import basis_text, figure_text, status_label, strings, value_text, variant_scope
from .paramref import REF, TABLE_LINE, Target, target

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
    """A Markdown table of the pilot countries' values of ``ids`` (unknown IDs are left out: CMG702). An ID
    that names one country (``delay-fine-rate@kr``, ``…@kr/works``) gives that country's rows only; a
    table of one country's rows has no country column."""
    s = strings(locale)
    wanted = [target(x) for x in ids]
    known = [t for t in wanted if t.param in profiles.catalogue]
    if not known:
        return ""
    rows_of: list[tuple[CountryProfile, ParameterDef, Variant, bool]] = []
    pilots = pilots_in_order(profiles)
    for prof in pilots:  # the pilot countries' rows, country by country, as the switch orders them
        for t in known:
            if not t.country:
                rows_of += [(prof, profiles.catalogue[t.param], v, False) for v in _variants(prof, t)]
    for t in known:
        prof = profiles.countries.get(t.country) if t.country else None
        if prof is not None:
            rows_of += [(prof, profiles.catalogue[t.param], v, True) for v in _variants(prof, t)]
    if not rows_of:
        return ""
    many = len({t.param for t in known}) > 1
    by_country = len({prof.code for prof, *_ in rows_of}) > 1 or not all(fixed for *_, fixed in rows_of)
    head = ([s["country"]] if by_country else []) + ([s["parameter"]] if many else []) + [s["value"], s["basis"], s["status"]]
    rows = [head, ["---"] * len(head)]
    for prof, pdef, v, fixed in rows_of:
        row = [_cell_text(prof.name.get(locale))] if by_country else []
        if many:
            row.append(_cell_text(pdef.label.get(locale)))
        cell = fixed_cell(pdef, v, prof, locale) if fixed else value_cell(pdef, v, prof, locale)
        row += [cell, _basis_cell(v, prof, locale), _status_cell(v, locale)]
        rows.append(row)
    lines = ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(indent + ln for ln in lines)


def _variants(prof: CountryProfile, t: Target) -> list[Variant]:
    p = prof.parameters.get(t.param)
    if p is None:
        return []
    return [v for v in p.variants if not t.scope or t.scope in v.contract_types or t.scope == v.law]


def fixed_cell(pdef: ParameterDef, variant: Variant, profile: CountryProfile, locale: str) -> str:
    """A value of one named country (a ``@kr`` reference): no ``data-cc``, so that neither the switch nor a
    country's PDF edition takes the row for one of the pilot countries' rows."""
    scope = variant_scope(variant, profile, locale)
    text = value_text(pdef, variant, profile, locale)
    body = (f"{_cell_text(scope)} — " if scope else "") + _cell_text(text)
    mark = "" if variant.status == "verified" or variant.value is None else " " + tbc_mark(locale)
    return f'<span class="cmg-kv" data-country="{profile.code}" data-status="{variant.status}">{body}{mark}</span>'


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


def pinned_ref(profiles: Profiles, t: Target, locale: str) -> str:
    """A reference pinned to one country (``[[param:ID@kr]]``, ``@kr/works``, ``@sv/lacap``): that country's
    value in words whatever the reader chose (each contract type's or law's when they differ, once when
    they are the same), its basis in ``title`` (cmg-country.js makes it a tooltip on hover and focus) and
    the "to be confirmed" mark when it is not verified. An unknown one stays as written (CMG702)."""
    pdef, prof = profiles.catalogue.get(t.param), profiles.countries.get(t.country)
    variants = _variants(prof, t) if prof else []
    if pdef is None or not variants:
        return f"[[param:{t.param}@{t.country}{'/' + t.scope if t.scope else ''}]]"
    words = [("" if t.scope or len(variants) == 1 else variant_scope(v, prof, locale), figure_text(pdef, v, prof, locale))
             for v in variants]
    if len({w for _, w in words}) == 1:
        parts = [words[0][1]]
    else:
        parts = [(f"{scope} — " if scope else "") + w for scope, w in words]
    basis = list(dict.fromkeys(b for b in (basis_text(v, prof, locale) for v in variants) if b))
    unconfirmed = [v for v in variants if v.status != "verified" and v.value is not None]
    status = "verified" if all(v.status == "verified" for v in variants) else \
        next(v.status for v in variants if v.status != "verified")
    tip = " · ".join([prof.name.get(locale)] + basis)
    return (f'<span class="cmg-pinned" data-country="{prof.code}" data-param="{t.param}" data-status="{status}" '
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
            section_tabled.update(x for x in ids if "@" not in x)
            table = country_table(profiles, ids, locale, t.group("indent"))
            out.append(table if table else line)
            continue
        if "[[param:" in line:
            def sub(m: re.Match) -> str:
                if m.group(1) != "param":
                    return m.group(0)
                t = target(m.group(2).split()[0])
                if t.country:  # one named country's value, whatever the reader chose
                    prof = profiles.countries.get(t.country)
                    if prof is not None and prof.pilot:  # a worked case: its values in a table at the end
                        section_pinned.setdefault(t.country, []).append(t.param)
                    return pinned_ref(profiles, t, locale)
                section_inline.append(t.param)
                return inline_ref(profiles.catalogue.get(t.param), t.param, locale)

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
