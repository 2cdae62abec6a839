"""A guide for one country, for print and Word (pure): the page's content with the country's value
at each reference (and its basis in words, since paper has no hover), only that country's rows in
the value tables, and a country annex; the model forms with the country's known values filled in."""

from __future__ import annotations

import html
import re

from .countries import Profiles
from .country_render import _cell_text
from .country_text import basis_text, status_label, strings, value_text, variant_scope
from .syntax import PLACEHOLDER

_REF = re.compile(r'<span class="cmg-param" data-param="([a-z0-9-]+)">.*?</span>', re.S)
_ROW = re.compile(r"<tr>(?:(?!</tr>).)*?data-cc=\"([a-z]{2})\"(?:(?!</tr>).)*</tr>\s*", re.S)
_SWITCH = re.compile(r'<div class="cmg-country-switch".*?</div>', re.S)
_CALC = re.compile(r'<div class="cmg-calc-wrap">.*?</form></div>', re.S)
_CALC_TITLE = re.compile(r'<h4 class="cmg-calc__title">.*?</h4>', re.S)
_PLACEHOLDER = PLACEHOLDER  # cmg.syntax (names a profile does not answer are left as they are)

# form placeholders that a country profile can fill: placeholder → parameter
PLACEHOLDERS = {
    "e_procurement_system": "e-procurement-system",
    "regulator_office": "regulator",
    "appeal_authority": "appeal-body",
    "daily_rate": "delay-fine-rate",
}

ANNEX = {"en": "Annex: the figures of {country} in this guide", "es": "Anexo: las cifras de {country} en esta guía",
         "ko": "부록: 이 지침의 {country} 수치"}
EDITION = {"en": "{country} edition", "es": "Edición para {country}", "ko": "{country}판"}


def _value(profiles: Profiles, code: str, pid: str, locale: str, with_basis: bool) -> str | None:
    prof = profiles.countries.get(code)
    pdef = profiles.catalogue.get(pid)
    p = prof.parameters.get(pid) if prof else None
    if pdef is None or p is None or not p.variants:
        return None
    s = strings(locale)
    parts = []
    for v in p.variants:
        scope = variant_scope(v, prof, locale)
        text = (f"{scope} — " if scope else "") + value_text(pdef, v, prof, locale)
        basis = basis_text(v, prof, locale) if with_basis else ""
        mark = "" if v.status == "verified" else f" [{s['tbc']}]"
        parts.append(text + (f" ({basis})" if basis else "") + mark)
    return "; ".join(parts)


def print_html(content: str) -> str:
    """What no paper copy shows: the country switch and the calculator's form."""
    return _CALC_TITLE.sub("", _CALC.sub("", _SWITCH.sub("", content)))


def edition_title(title: str, profiles: Profiles, code: str, locale: str) -> str:
    name = profiles.countries[code].name.get(locale)
    return f"{title} — {EDITION.get(locale, EDITION['en']).format(country=name)}"


def country_content(content: str, profiles: Profiles, code: str, locale: str) -> str:
    """The page's content for one country: values at the references, its rows only, and the annex."""
    used: list[str] = []

    def ref(m: re.Match) -> str:
        pid = m.group(1)
        used.append(pid)
        text = _value(profiles, code, pid, locale, with_basis=True)
        if text is None:
            return m.group(0)
        return f'<span class="cmg-param cmg-param--country">{html.escape(text)}</span>'

    out = _REF.sub(ref, print_html(content))
    out = _ROW.sub(lambda m: m.group(0) if m.group(1) == code else "", out)
    edition = EDITION.get(locale, EDITION["en"]).format(country=profiles.countries[code].name.get(locale))
    mark = f'<p class="cmg-edition">{html.escape(edition)}</p>'
    out = out.replace("</h1>", "</h1>" + mark, 1) if "</h1>" in out else mark + out
    used += re.findall(r'data-cc="' + code + r'" data-param="([a-z0-9-]+)"', out)
    return out + annex_html(profiles, code, locale, list(dict.fromkeys(used)))


def annex_html(profiles: Profiles, code: str, locale: str, pids: list[str]) -> str:
    """The country annex: every figure of the country that the guide refers to, with basis, source and status."""
    prof = profiles.countries[code]
    s = strings(locale)
    rows = []
    for pid in pids:
        pdef, p = profiles.catalogue.get(pid), prof.parameters.get(pid)
        if pdef is None or p is None:
            continue
        for v in p.variants:
            scope = variant_scope(v, prof, locale)
            value = (f"{scope} — " if scope else "") + value_text(pdef, v, prof, locale)
            mark = "" if v.status == "verified" else f' <span class="cmg-tbc">{html.escape(s["tbc"])}</span>'
            src = " ".join(f'<a href="{html.escape(u)}">{html.escape(u)}</a>' for u in v.sources) or "—"
            signed = s["verified_by"].format(who=v.verified_by, on=v.verified_on) if v.verified_by else ""
            rows.append(f"<tr><td>{_cell_text(pdef.label.get(locale))}</td><td>{html.escape(value)}{mark}</td>"
                        f"<td>{html.escape(basis_text(v, prof, locale)) or '—'}</td><td>{src}</td>"
                        f"<td>{html.escape(status_label(v.status, locale))}{(' — ' + html.escape(signed)) if signed else ''}"
                        "</td></tr>")
    title = ANNEX.get(locale, ANNEX["en"]).format(country=prof.name.get(locale))
    head = "".join(f"<th>{html.escape(h)}</th>" for h in (s["parameter"], s["value"], s["basis"], s["source"], s["status"]))
    return (f'\n<section class="cmg-annex"><h2 id="annex-{code}">{html.escape(title)}</h2>'
            f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></section>\n")


def fill_placeholders(text: str, profiles: Profiles, code: str, locale: str) -> str:
    """A guide's Markdown with the form placeholders that the country's profile answers filled in
    (only values, never a "check article X" text; a value not verified says "to be confirmed")."""
    prof = profiles.countries.get(code)

    def sub(m: re.Match) -> str:
        pid = PLACEHOLDERS.get(m.group(1))
        p = prof.parameters.get(pid) if prof and pid else None
        if p is None or not p.variants or any(v.value is None for v in p.variants):
            return m.group(0)
        return _value(profiles, code, pid, locale, with_basis=False) or m.group(0)

    return _PLACEHOLDER.sub(sub, text)
