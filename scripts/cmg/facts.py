"""The facts register: every national figure of the country profiles with its value, legal basis,
source, status and sign-off, and where the guides use it (guide, clause, locale), for the partner
agencies (ONCAE, DINAC, DGCP) to check and sign off (pure: rows in, text/JSON/CSV out).

A sign-off is recorded in the profile (``status: verified`` with ``verified_by``, ``verified_on``
and the official ``source``), never by editing the guides; the register is read from the profiles
every time, so it cannot disagree with them.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict, dataclass, field

from .countries import CountryProfile, Profiles
from .country_text import basis_text, status_label, strings, value_text, variant_scope
from .paramref import ref_target

FIELDS = ("country", "country_name", "parameter", "label", "applies_to", "value", "basis", "source", "status",
          "verified_by", "verified_on", "profile", "line", "used_in")


@dataclass
class Fact:
    country: str
    country_name: str
    parameter: str  # a parameter ID, or "law:<id>" for a law of the profile
    label: str
    applies_to: str
    value: str
    basis: str
    source: list[str]
    status: str
    verified_by: str
    verified_on: str
    profile: str
    line: int
    used_in: list[str] = field(default_factory=list)

    @property
    def confirmed(self) -> bool:
        return self.status == "verified"


def usage(files) -> dict[str, dict[tuple[str, str], list[str]]]:
    """Parameter ID → (guide, clause) → the locales whose text refers to it, from parsed guide files. A
    reference to one country's value (``ID@kr``) is kept under ``ID@kr``: it is a use of that country's only."""
    out: dict[str, dict[tuple[str, str], list[str]]] = {}
    for gf in files:
        for cid, block in gf.blocks():
            for r in block.params:
                t = ref_target(r.value)
                key = f"{t.param}@{t.country}" if t.country else t.param
                locs = out.setdefault(key, {}).setdefault((gf.guide, cid or ""), [])
                if gf.locale not in locs:
                    locs.append(gf.locale)
    return out


def _merged(a: dict, b: dict) -> dict:
    out = {k: list(v) for k, v in a.items()}
    for k, locs in b.items():
        out.setdefault(k, []).extend(x for x in locs if x not in out.get(k, []))
    return out


def _used(where: dict[tuple[str, str], list[str]], locale_order: list[str]) -> list[str]:
    rank = {loc: i for i, loc in enumerate(locale_order)}
    return [f"{guide}#{cid} ({', '.join(sorted(locs, key=lambda x: rank.get(x, 99)))})"
            for (guide, cid), locs in sorted(where.items())]


def register(profiles: Profiles, files, locale: str, locale_order: list[str], country: str = "") -> list[Fact]:
    """The register's rows: the laws, then every parameter variant, country by country."""
    used = usage(files)
    rows: list[Fact] = []
    for code, prof in sorted(profiles.countries.items()):
        if country and code != country:
            continue
        rows += _law_rows(prof, locale)
        for pid, p in prof.parameters.items():
            pdef = profiles.catalogue.get(pid)
            if pdef is None:
                continue
            for v in p.variants:
                rows.append(Fact(code, prof.name.get(locale), pid, pdef.label.get(locale),
                                 variant_scope(v, prof, locale), value_text(pdef, v, prof, locale),
                                 basis_text(v, prof, locale), list(v.sources), v.status, v.verified_by, v.verified_on,
                                 prof.path, v.line, _used(_merged(used.get(pid, {}), used.get(f"{pid}@{code}", {})),
                                                           locale_order)))
    return rows


def _law_rows(prof: CountryProfile, locale: str) -> list[Fact]:
    out = []
    for law in prof.laws.values():
        rule = []
        if law.signed_from:
            rule.append(f">= {law.signed_from.isoformat()}")
        if law.signed_before:
            rule.append(f"< {law.signed_before.isoformat()}")
        out.append(Fact(prof.code, prof.name.get(locale), f"law:{law.id}", law.short,
                        " ".join(rule), law.name.get(locale), law.instrument, list(law.sources), law.status,
                        law.verified_by, law.verified_on, prof.path, law.line, []))
    return out


def as_json(rows: list[Fact]) -> str:
    return json.dumps([asdict(r) for r in rows], ensure_ascii=False, indent=2) + "\n"


def as_csv(rows: list[Fact]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(FIELDS)
    for r in rows:
        d = asdict(r)
        w.writerow([" ; ".join(d[k]) if isinstance(d[k], list) else d[k] for k in FIELDS])
    return buf.getvalue()


def as_text(rows: list[Fact], locale: str) -> str:
    s = strings(locale)
    out, last = [], None
    for r in rows:
        if r.country != last:
            if last is not None:
                out.append("")
            out.append(f"{r.country_name} ({r.country}) — {r.profile}")
            last = r.country
        mark = "" if r.confirmed else f"  [{s['tbc']}]"
        scope = f" [{r.applies_to}]" if r.applies_to else ""
        out.append(f"  {r.parameter}{scope}: {r.value}{mark}")
        details = [f"{status_label(r.status, locale)}"]
        if r.basis:
            details.append(r.basis)
        if r.verified_by:
            details.append(s["verified_by"].format(who=r.verified_by, on=r.verified_on))
        out.append(f"      {' · '.join(details)}  ({r.profile}:{r.line})")
        for src in r.source:
            out.append(f"      {s['source']}: {src}")
        if r.used_in:
            out.append(f"      → {', '.join(r.used_in)}")
    total = len(rows)
    open_ = sum(1 for r in rows if not r.confirmed)
    out.append("")
    out.append(f"{total} facts, {total - open_} verified, {open_} {s['tbc']}")
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------- the site's page of what is unconfirmed

PAGE = "unconfirmed.md"
PAGE_STRINGS = {
    "en": {"title": "Figures to be confirmed",
           "intro": "Every national figure of the country profiles that no official source has confirmed yet, with "
                    "where the guides use it. The guides mark each of them \"to be confirmed\". The partner agencies "
                    "(ONCAE in Honduras, DINAC in El Salvador, DGCP in Panamá) sign a figure off in its country "
                    "profile, with the official source; `cmg facts --country hn --format csv` lists them for checking.",
           "parameter": "Parameter", "used": "Used in", "none": "Nothing left to confirm."},
    "es": {"title": "Cifras por confirmar",
           "intro": "Todas las cifras nacionales de los perfiles de país que ninguna fuente oficial ha confirmado "
                    "todavía, con el lugar de las guías donde se usan. Las guías marcan cada una \"por confirmar\". "
                    "Las entidades socias (ONCAE en Honduras, DINAC en El Salvador, DGCP en Panamá) validan una cifra "
                    "en el perfil de su país, con la fuente oficial; `cmg facts --country hn --format csv` las lista "
                    "para su revisión.",
           "parameter": "Parámetro", "used": "Se usa en", "none": "No queda nada por confirmar."},
    "ko": {"title": "확인이 필요한 수치",
           "intro": "국가 프로필의 수치 가운데 아직 공식 출처로 확인되지 않은 것과 지침에서 그 수치를 쓰는 곳을 모두 보여 준다. "
                    "지침은 이러한 수치마다 '확인 필요'를 표시한다. 협력 기관(온두라스 ONCAE, 엘살바도르 DINAC, 파나마 DGCP)은 "
                    "공식 출처와 함께 해당 국가 프로필에서 수치를 확인 처리하며, `cmg facts --country hn --format csv`로 "
                    "검토할 목록을 받을 수 있다.",
           "parameter": "항목", "used": "사용 위치", "none": "확인할 수치가 남아 있지 않다."},
}


def _cell(text: str) -> str:
    import html

    return html.escape(text, quote=False).replace("|", "&#124;").replace("*", "&#42;").replace("_", "&#95;") \
        .replace("[", "&#91;").replace("]", "&#93;").replace("`", "&#96;").replace("\n", " ")


def unconfirmed_markdown(rows: list[Fact], locale: str, clause_titles: dict[tuple[str, str], str]) -> str:
    """The page: one table per country of the facts not verified, each with links to where it is used."""
    ps = dict(PAGE_STRINGS["en"])
    ps.update(PAGE_STRINGS.get(locale, {}))
    s = strings(locale)
    out = [f"# {ps['title']}", "", ps["intro"], ""]
    todo = [r for r in rows if not r.confirmed]
    if not todo:
        out.append(ps["none"])
    by_country: dict[str, list[Fact]] = {}
    for r in todo:
        by_country.setdefault(r.country, []).append(r)
    for code, items in by_country.items():
        out += [f"## {_cell(items[0].country_name)} {{#{code}}}", "",
                f"| {ps['parameter']} | {s['value']} | {s['basis']} | {s['status']} | {ps['used']} |",
                "|---|---|---|---|---|"]
        for r in items:
            label = r.label + (f" ({r.applies_to})" if r.applies_to else "")
            links = []
            for u in r.used_in:
                guide, _, cid = u.split(" (")[0].partition("#")
                title = clause_titles.get((guide, cid))
                if title:
                    links.append(f"[{_cell(title)}]({guide}/index.md#{cid})")
            out.append(f"| {_cell(label)} | {_cell(r.value)} | {_cell(r.basis) or '—'} | "
                       f"{_cell(status_label(r.status, locale))} | {'; '.join(links) or '—'} |")
        out.append("")
    return "\n".join(out) + "\n"
