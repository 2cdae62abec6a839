"""A page per pilot country and locale (``countries/<code>/``): its laws, regulator, audit body and
e-procurement system, then every parameter grouped by the guide that uses it, with value, legal
basis, source and status in the reader's language (pure: Markdown out)."""

from __future__ import annotations

import html

from .countries import CountryProfile, Profiles
from .country_render import _basis_cell, _cell_text, _status_cell, pilots_in_order, value_cell
from .country_text import status_label, strings

FOLDER = "countries"
HEAD = ("governing-law", "regulator", "audit-body", "e-procurement-system")

PAGE_STRINGS = {
    "en": {"title": "{country}: national figures",
           "intro": "The national layer of the guides for {country}: the laws that govern its public contracts, its "
                    "offices, and every figure the guides refer to, with its legal basis, source and status. A figure "
                    "not verified against an official text is marked \"to be confirmed\"; the guides show these values "
                    "when the reader chooses {country} in the country switch.",
           "laws": "Laws, offices and systems", "law": "Law", "instrument": "Instrument",
           "governs": "Contracts it governs", "signed_from": "signed on or after {d}", "signed_before": "signed before {d}",
           "all": "all", "guide": "Guide {n}: {title}", "other": "Other figures", "section": "Countries",
           "downloads": "Downloads for {country}", "pdf": "PDF", "forms": "Forms (.docx)"},
    "es": {"title": "{country}: cifras nacionales",
           "intro": "La capa nacional de las guías para {country}: las leyes que rigen sus contratos públicos, sus "
                    "entidades y cada cifra a la que remiten las guías, con su base legal, fuente y estado. La cifra que "
                    "no se ha verificado en un texto oficial se marca \"por confirmar\"; las guías muestran estos "
                    "valores cuando el lector elige {country} en el selector de país.",
           "laws": "Leyes, entidades y sistemas", "law": "Ley", "instrument": "Instrumento",
           "governs": "Contratos que rige", "signed_from": "firmados desde el {d}", "signed_before": "firmados antes del {d}",
           "all": "todos", "guide": "Guía {n}: {title}", "other": "Otras cifras", "section": "Países",
           "downloads": "Descargas para {country}", "pdf": "PDF", "forms": "Formularios (.docx)"},
    "ko": {"title": "{country} 국가별 수치",
           "intro": "{country}의 국가별 적용 사항이다. 공공계약을 규율하는 법령, 관련 기관, 지침이 참조하는 모든 수치를 법적 근거, "
                    "출처, 확인 상태와 함께 보여 준다. 공식 원문으로 확인되지 않은 수치에는 '확인 필요'를 표시하며, 독자가 "
                    "국가 선택에서 {country}를 고르면 지침에 이 값이 표시된다.",
           "laws": "법령, 기관 및 시스템", "law": "법령", "instrument": "근거 문서",
           "governs": "적용 계약", "signed_from": "{d} 이후 체결", "signed_before": "{d} 전 체결",
           "all": "전체", "guide": "지침 {n}: {title}", "other": "기타 수치", "section": "국가",
           "downloads": "{country}용 내려받기", "pdf": "PDF", "forms": "서식(.docx)"},
}


def page_strings(locale: str) -> dict[str, str]:
    out = dict(PAGE_STRINGS["en"])
    out.update(PAGE_STRINGS.get(locale) or PAGE_STRINGS.get(locale.split("-")[0], {}) or {})
    return out


def page_rel(code: str) -> str:
    return f"{FOLDER}/{code}.md"


def _rows(profiles: Profiles, prof: CountryProfile, pids: list[str], locale: str) -> list[str]:
    s = strings(locale)
    out = [f"| {s['parameter']} | {s['value']} | {s['basis']} | {s['status']} |", "|---|---|---|---|"]
    for pid in pids:
        pdef = profiles.catalogue[pid]
        for v in prof.parameters[pid].variants:
            out.append(f"| {_cell_text(pdef.label.get(locale))} | {value_cell(pdef, v, prof, locale)} | "
                       f"{_basis_cell(v, prof, locale)} | {_status_cell(v, locale)} |")
    return out


def page_markdown(profiles: Profiles, code: str, locale: str, guides: list[tuple[str, str, str]],
                  downloads=None) -> str:
    """``guides``: (folder, number, title in the locale) of each guide, in the order of the site;
    ``downloads(folder, code)``: the hrefs of that guide's country PDF and forms from this page (or None)."""
    prof = profiles.countries[code]
    ps, s = page_strings(locale), strings(locale)
    name = prof.name.get(locale)
    out = [f"# {_cell_text(ps['title'].format(country=name))}", "", _cell_text(ps["intro"].format(country=name)), "",
           f"## {_cell_text(ps['laws'])} {{#{code}-laws}}", "",
           f"| {ps['law']} | {ps['instrument']} | {ps['governs']} | {s['status']} |", "|---|---|---|---|"]
    for law in prof.laws.values():
        rule = []
        if law.signed_from:
            rule.append(ps["signed_from"].format(d=law.signed_from.isoformat()))
        if law.signed_before:
            rule.append(ps["signed_before"].format(d=law.signed_before.isoformat()))
        src = "; ".join(f'<a href="{_cell_text(u)}" rel="noopener" class="cmg-source">{_cell_text(s["source"])}</a>'
                        for u in law.sources)
        mark = "" if law.status == "verified" else f' <span class="cmg-tbc">{_cell_text(s["tbc"])}</span>'
        out.append(f"| {_cell_text(law.short)}: {_cell_text(law.name.get(locale))} | "
                   f"{_cell_text(law.instrument) or '—'}{'; ' + src if src else ''} | "
                   f"{_cell_text(', '.join(rule) or ps['all'])} | {_cell_text(status_label(law.status, locale))}{mark} |")
    out.append("")
    head = [pid for pid in HEAD if pid in prof.parameters and pid in profiles.catalogue]
    if head:
        out += _rows(profiles, prof, head, locale) + [""]
    by_guide: dict[str, list[str]] = {}
    for pid in prof.parameters:
        if pid in profiles.catalogue and pid not in HEAD:
            by_guide.setdefault(profiles.catalogue[pid].guide, []).append(pid)
    known = {g for g, _, _ in guides}
    for folder, number, title in guides:
        pids = by_guide.get(folder)
        if pids:
            out += [f"## {_cell_text(ps['guide'].format(n=number, title=title))} {{#{code}-{folder}}}", ""]
            out += _rows(profiles, prof, pids, locale) + [""]
    links = []
    for folder, number, title in guides:
        pdf_href, forms_href = downloads(folder, code) if downloads else (None, None)
        items = [f'<a href="{html.escape(h)}" download>{html.escape(label)}</a>'
                 for h, label in ((pdf_href, ps["pdf"]), (forms_href, ps["forms"])) if h]
        if items:
            links.append(f"<li>{html.escape(ps['guide'].format(n=number, title=title))}: {' · '.join(items)}</li>")
    if links:
        out[4:4] = [f"## {_cell_text(ps['downloads'].format(country=name))} {{#{code}-downloads}}", "",
                    f'<ul class="cmg-country-downloads">{"".join(links)}</ul>', ""]
    rest = [pid for g, pids in by_guide.items() if g not in known for pid in pids]
    if rest:
        out += [f"## {_cell_text(ps['other'])} {{#{code}-other}}", ""] + _rows(profiles, prof, rest, locale) + [""]
    return "\n".join(out) + "\n"


def pages(profiles: Profiles, locale: str, guides: list[tuple[str, str, str]], downloads=None) -> dict[str, str]:
    """rel → Markdown of every pilot country's page in one locale."""
    return {page_rel(p.code): page_markdown(profiles, p.code, locale, guides, downloads) for p in pilots_in_order(profiles)}
