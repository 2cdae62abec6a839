"""Country values as text in the reader's language (pure: no MkDocs, no I/O).

One place for how a country figure reads: numbers in the locale's format (``0.075 %``, ``0.075%``),
tiers, periods with their kind of days, law references, the legal basis, the status label and the
"to be confirmed" mark. The site's tables, the country switch, the calculator and ``cmg facts`` all
write figures through these functions, so that a value reads the same everywhere.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from .countries import CountryProfile, ParameterDef, Value, Variant

# Interface strings of the country layer, per locale; a locale without an entry reads English.
STRINGS: dict[str, dict[str, str]] = {
    "en": {
        "country": "Country", "parameter": "Parameter", "value": "Value", "basis": "Legal basis", "status": "Status",
        "status_verified": "Verified", "status_secondary": "Secondary source", "status_unconfirmed": "To be confirmed",
        "tbc": "to be confirmed", "source": "source", "not_set": "Not set by law: {text}",
        "unknown": "Not confirmed: {text}", "law_contracts": "{law} contracts", "standard": "Standard",
        "per_day": "{p} per day", "tier": "days {a} to {b}: {p}", "tier_open": "from day {a}: {p}",
        "range": "{a} to {b}", "days_calendar": "{n} calendar days", "days_working": "{n} working days",
        "article": "article {a}", "values_summary": "Values in the pilot countries",
        "type_goods": "goods", "type_works": "works", "type_services": "services",
        "verified_by": "verified by {who} on {on}", "no_value": "no value",
        "switch": "National figures", "cite": "(figures of {country})",
    },
    "es": {
        "country": "País", "parameter": "Parámetro", "value": "Valor", "basis": "Base legal", "status": "Estado",
        "status_verified": "Verificado", "status_secondary": "Fuente secundaria", "status_unconfirmed": "Por confirmar",
        "tbc": "por confirmar", "source": "fuente", "not_set": "La ley no lo fija: {text}",
        "unknown": "Sin confirmar: {text}", "law_contracts": "Contratos bajo la {law}", "standard": "Estándar",
        "per_day": "{p} por día", "tier": "días {a} a {b}: {p}", "tier_open": "desde el día {a}: {p}",
        "range": "{a} a {b}", "days_calendar": "{n} días calendario", "days_working": "{n} días hábiles",
        "article": "artículo {a}", "values_summary": "Valores en los países piloto",
        "type_goods": "bienes", "type_works": "obras", "type_services": "servicios",
        "verified_by": "verificado por {who} el {on}", "no_value": "sin valor",
        "switch": "Cifras nacionales", "cite": "(cifras de {country})",
    },
    "ko": {
        "country": "국가", "parameter": "항목", "value": "내용", "basis": "법적 근거", "status": "확인 상태",
        "status_verified": "확인됨", "status_secondary": "간접 자료", "status_unconfirmed": "확인 필요",
        "tbc": "확인 필요", "source": "출처", "not_set": "법령에 정함 없음: {text}",
        "unknown": "미확인: {text}", "law_contracts": "{law} 적용 계약", "standard": "표준",
        "per_day": "1일당 {p}", "tier": "{a}일~{b}일: {p}", "tier_open": "{a}일부터: {p}",
        "range": "{a}~{b}", "days_calendar": "{n}일", "days_working": "{n}근무일",
        "article": "제{a}조", "values_summary": "시범국가별 내용",
        "type_goods": "물품", "type_works": "공사", "type_services": "용역",
        "verified_by": "{who} 확인({on})", "no_value": "값 없음",
        "switch": "국가별 수치", "cite": "({country} 수치 기준)",
    },
}


def strings(locale: str) -> dict[str, str]:
    base = dict(STRINGS["en"])
    base.update(STRINGS.get(locale) or STRINGS.get(locale.split("-")[0], {}) or {})
    return base


# ---------------------------------------------------------------- numbers


def decimal_of(value: Fraction | Decimal | int, places: int | None = None) -> Decimal:
    """An exact value as a Decimal: rounded half up to ``places``, or exact when it has a finite form
    (up to 6 places otherwise: 1/30 → 0.033333)."""
    f = Fraction(value)
    if places is None:
        d = f.denominator
        for p in (2, 5):
            while d % p == 0:
                d //= p
        if d == 1:
            return (Decimal(f.numerator) / Decimal(f.denominator)).normalize()
        places = 6
    q = Decimal(1).scaleb(-places)
    return (Decimal(f.numerator) / Decimal(f.denominator)).quantize(q, rounding=ROUND_HALF_UP)


def format_number(value: Fraction | Decimal | int, locale: str, places: int | None = None) -> str:
    """A number as the locale writes it: grouped thousands and the locale's decimal separator."""
    from .numbers import number_format

    fmt = number_format(locale)
    d = decimal_of(value, places)
    sign = "-" if d < 0 else ""
    d = abs(d)
    text = f"{d:f}"
    whole, _, frac = text.partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    out = fmt.group.join(groups)
    if places is not None and places > 0:
        frac = (frac + "0" * places)[:places]
    if frac:
        out += fmt.decimal + frac
    return sign + out


def format_percent(value: Fraction | Decimal | int, locale: str, text: str = "") -> str:
    """A percentage: ``0.075 %`` (en, es), ``0.075%`` (ko); a fraction written as such stays one
    (``1/30 %``), as the law writes it."""
    if text and "/" in text:
        a, b = text.split("/", 1)
        num = f"{format_number(Fraction(a.strip()), locale)}/{format_number(Fraction(b.strip()), locale)}"
    else:
        num = format_number(value, locale)
    return f"{num}%" if _lang(locale) == "ko" else f"{num} %"


def format_money(value: Fraction | Decimal | int, currency: str, locale: str) -> str:
    """An amount with its currency: ``USD 2,362.50``; in Korean ``2,362.50달러`` / ``1,000,000원``."""
    places = 0 if currency == "KRW" else 2
    num = format_number(value, locale, places)
    if _lang(locale) == "ko":
        unit = {"KRW": "원", "USD": "달러", "HNL": "렘피라", "PAB": "발보아"}.get(currency)
        if unit:
            return f"{num}{unit}"
    return f"{currency} {num}".strip()


def _lang(locale: str) -> str:
    return locale.split("-")[0].split("_")[0]


# ---------------------------------------------------------------- values


def value_text(pdef: ParameterDef, variant: Variant, profile: CountryProfile, locale: str) -> str:
    """The value of one variant in words, without the basis and status (plain text)."""
    s = strings(locale)
    if variant.not_set is not None:
        return s["not_set"].format(text=variant.not_set.get(locale))
    if variant.unknown is not None:
        return s["unknown"].format(text=variant.unknown.get(locale))
    v = variant.value
    if v is None:
        return s["no_value"]
    text = _value_words(v, profile, locale)
    if variant.note is not None and pdef.kind in ("rate-per-day", "percentage", "period", "amount"):
        text += f" ({variant.note.get(locale)})"
    elif variant.note is not None and pdef.kind == "law-reference":
        text += f": {variant.note.get(locale)}"
    return text


def figure_text(pdef: ParameterDef, variant: Variant, profile: CountryProfile, locale: str) -> str:
    """The value of one variant in words, without its note (what a sentence that names it reads)."""
    if variant.value is None:
        return value_text(pdef, variant, profile, locale)
    return _value_words(variant.value, profile, locale)


def _value_words(v: Value, profile: CountryProfile, locale: str) -> str:
    s = strings(locale)
    if v.kind == "rate-per-day":
        if v.tiers:
            parts = []
            for t in v.tiers:
                p = s["per_day"].format(p=format_percent(t.percent, locale, t.percent_text))
                parts.append(s["tier_open"].format(a=t.from_day, p=p) if t.to_day is None
                             else s["tier"].format(a=t.from_day, b=t.to_day, p=p))
            return "; ".join(parts)
        return s["per_day"].format(p=format_percent(v.percent, locale, v.percent_text))
    if v.kind == "percentage":
        if v.range:
            a = format_number(v.range[0], locale)
            b = format_percent(v.range[1], locale)
            return s["range"].format(a=a, b=b)
        return format_percent(v.percent, locale, v.percent_text)
    if v.kind == "amount":
        return format_money(v.amount, v.currency or profile.currency, locale)
    if v.kind == "period":
        return s["days_" + v.day_kind].format(n=format_number(v.days, locale))
    if v.kind == "text":
        return v.text.get(locale) if v.text else ""
    # law reference
    law = profile.laws.get(v.law)
    out = law.name.get(locale) if law else ""
    if v.article:
        out = f"{out}, {article_text(v.article, locale)}" if out else article_text(v.article, locale)
    if v.text is not None:
        out = f"{out}: {v.text.get(locale)}" if out else v.text.get(locale)
    return out


_ARTICLE_NUMBER = re.compile(r"^\d+(-[A-Z])?(\(\d+\))?$")


def article_text(article: str, locale: str) -> str:
    """``85`` → "article 85" / "artículo 85" / "제85조"; ``28, 29`` each; any other text as written."""
    parts = [p.strip() for p in article.split(",")]
    if all(_ARTICLE_NUMBER.match(p) for p in parts):
        fmt = strings(locale)["article"]
        if _lang(locale) == "ko":
            return ", ".join(fmt.format(a=p) for p in parts)
        return fmt.format(a=", ".join(parts))
    return article


def variant_scope(variant: Variant, profile: CountryProfile, locale: str) -> str:
    """Which contracts a variant is for: "LACAP contracts", "works" (empty: every contract)."""
    s = strings(locale)
    bits = []
    if variant.law:
        law = profile.laws.get(variant.law)
        bits.append(s["law_contracts"].format(law=law.short if law else variant.law))
    if tuple(variant.contract_types) != ("goods", "works", "services"):
        bits.append(", ".join(s["type_" + t] for t in variant.contract_types))
    return "; ".join(bits)


def basis_text(variant: Variant, profile: CountryProfile, locale: str) -> str:
    """The legal basis: "LACAP, article 85" (plain text; empty when the profile gives none)."""
    b = variant.basis
    if b is None:
        return ""
    law = profile.laws.get(b.law) if b.law else None
    name = law.short if law else b.instrument
    art = b.article_text.get(locale) if b.article_text is not None else \
        (article_text(b.article, locale) if b.article else "")
    return ", ".join(x for x in (name, art) if x)


def status_label(status: str, locale: str) -> str:
    return strings(locale).get(f"status_{status}", status)


def confirmed(variant: Variant) -> bool:
    return variant.status == "verified"
