"""The delay-damages calculator (pure: no MkDocs, no I/O; exact arithmetic with fractions).

It follows the delays guide: the days counted are the calendar days after the completion or
delivery date in force, less the days of extension granted and the days that do not count (clause
8.2, ``dl-ld-days``); each tier's daily rate applies to the base (the price of what is late, or the
contract value: 8.1, ``dl-ld-rate``); the total stops at the cap (8.3, ``dl-ld-cap``); and the
calculator tells on which counted day the cap, or the threshold at which termination is considered
(10.1), is reached.

Figures come from the contract (what the user enters) or from a country profile, and each one says
where it comes from (its legal basis) and its status, so that an unconfirmed national figure never
reads as a fact. The same logic runs in the browser (``cmg-calculator.js``) on the same data
(:func:`country_data`): the tests run the guides' worked examples through both.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from fractions import Fraction

from .countries import CountryProfile, Profiles, Variant
from .country_text import basis_text, value_text

CONTRACT = "contract"  # status of a figure the user took from the contract
RATE, BASE, CAP, THRESHOLD = "delay-fine-rate", "delay-fine-base", "delay-fine-cap", "termination-threshold"


# ---------------------------------------------------------------- the data both implementations read


def _frac(x: Fraction) -> str:
    return f"{x.numerator}/{x.denominator}" if x.denominator != 1 else str(x.numerator)


def _variant_data(pdef, v: Variant, prof: CountryProfile, locale: str) -> dict:
    d = {"law": v.law, "types": list(v.contract_types), "status": v.status,
         "basis": basis_text(v, prof, locale), "text": value_text(pdef, v, prof, locale)}
    val = v.value
    if val is not None and val.kind == "rate-per-day":
        tiers = val.tiers or ()
        d["tiers"] = [[t.from_day, t.to_day, _frac(t.percent)] for t in tiers] if tiers else \
            [[1, None, _frac(val.percent)]]
    elif val is not None and val.kind == "percentage" and val.percent is not None:
        d["percent"] = _frac(val.percent)
    return d


def country_data(profiles: Profiles, locale: str) -> dict:
    """What the calculator needs of every profile, JSON-ready (fractions as "p/q" strings)."""
    out = {}
    for code, prof in sorted(profiles.countries.items()):
        laws = [{"id": law.id, "short": law.short, "from": law.signed_from.isoformat() if law.signed_from else None,
                 "before": law.signed_before.isoformat() if law.signed_before else None}
                for law in prof.laws.values() if law.signed_from or law.signed_before]
        params = {}
        for pid in (RATE, BASE, CAP, THRESHOLD):
            pdef, p = profiles.catalogue.get(pid), prof.parameters.get(pid)
            if pdef is None or p is None:
                continue
            params[pid] = [_variant_data(pdef, v, prof, locale) for v in p.variants]
        out[code] = {"name": prof.name.get(locale), "currency": prof.currency, "pilot": prof.pilot,
                     "laws": laws, "params": params}
    return out


# ---------------------------------------------------------------- inputs and results


@dataclass(frozen=True)
class Inputs:
    contract_value: Fraction
    late_value: Fraction | None = None  # the price of the late part, when the base is what is late
    due: dt.date | None = None  # the completion or delivery date in force before any extension
    delivered: dt.date | None = None  # the actual or expected date
    days_after_due: int | None = None  # instead of the two dates
    extension_days: int = 0
    excluded_days: int = 0  # days that do not count: inspection, excusable delay, suspension
    country: str = ""  # "" = standard: the contract's figures
    contract_type: str = "goods"
    signed: dt.date | None = None  # decides the governing law where the profile has a date rule
    rate: Fraction | None = None  # the contract's daily rate, in percent (overrides the country's)
    cap: Fraction | None = None  # the contract's cap, in percent of the contract value
    threshold: Fraction | None = None  # termination is considered at this percent (Korea: the security)


@dataclass(frozen=True)
class Figure:
    value: object
    basis: str
    status: str  # verified | secondary | unconfirmed | contract
    text: str = ""  # the country's value in words, when it gives no usable figure


@dataclass(frozen=True)
class TierLine:
    from_day: int
    to_day: int  # the last counted day that falls in this tier
    days: int
    percent: Fraction
    daily: Fraction
    amount: Fraction


@dataclass
class Result:
    days_after_due: int
    days_counted: int
    base: Fraction
    lines: list[TierLine]
    uncapped: Fraction | None
    total: Fraction | None
    cap_amount: Fraction | None
    cap_day: int | None
    threshold_amount: Fraction | None
    threshold_day: int | None
    law: str
    figures: dict[str, Figure] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    contract_value: Fraction = Fraction(0)

    @property
    def share_of_cap(self) -> Fraction | None:
        return self.total / self.cap_amount * 100 if self.total is not None and self.cap_amount else None

    @property
    def share_of_value(self) -> Fraction | None:
        return self.total / self.contract_value * 100 if self.total is not None and self.contract_value else None


def _pick(variants: list[dict], law: str, ctype: str) -> dict | None:
    for v in variants:
        if (not v["law"] or not law or v["law"] == law) and ctype in v["types"]:
            return v
    return None


def governing_law(country: dict, signed: dt.date | None) -> str:
    """The law that governs a contract signed on ``signed`` (today's when not given)."""
    day = (signed or dt.date.today()).isoformat()
    for law in country.get("laws", []):
        if (law["from"] is None or day >= law["from"]) and (law["before"] is None or day < law["before"]):
            return law["id"]
    return ""


def _reach_day(lines_from: list[tuple[int, int | None, Fraction]], base: Fraction, amount: Fraction) -> int | None:
    """The first counted day on which the accumulated damages reach ``amount``."""
    if amount <= 0:
        return None
    acc = Fraction(0)
    for start, end, pct in lines_from:
        daily = base * pct / 100
        if daily <= 0:
            continue
        need = amount - acc
        n = -(-need // daily)  # ceiling
        if end is None or start + n - 1 <= end:
            return int(start + n - 1)
        acc += daily * (end - start + 1)
    return None


def compute(inputs: Inputs, data: dict) -> Result:
    """The calculation of one case, step by step (see the module docstring)."""
    problems: list[str] = []
    if inputs.days_after_due is not None:
        after = inputs.days_after_due
    elif inputs.due and inputs.delivered:
        after = (inputs.delivered - inputs.due).days
    else:
        after = 0
        problems.append("dates")
    after = max(after, 0)
    counted = max(after - max(inputs.extension_days, 0) - max(inputs.excluded_days, 0), 0)
    country = data.get(inputs.country) if inputs.country else None
    law = governing_law(country, inputs.signed) if country else ""
    params = country["params"] if country else {}
    figures: dict[str, Figure] = {}

    def national(pid: str) -> dict | None:
        return _pick(params.get(pid, []), law, inputs.contract_type)

    # the daily rate (tiers)
    tiers: list[tuple[int, int | None, Fraction]] = []
    nat = national(RATE)
    if inputs.rate is not None:
        tiers = [(1, None, Fraction(inputs.rate))]
        figures["rate"] = Figure(Fraction(inputs.rate), "", CONTRACT)
    elif nat and "tiers" in nat:
        tiers = [(a, b, Fraction(p)) for a, b, p in nat["tiers"]]
        figures["rate"] = Figure(tiers, nat["basis"], nat["status"], nat["text"])
    else:
        problems.append("rate")
        if nat:
            figures["rate"] = Figure(None, nat["basis"], nat["status"], nat["text"])
    # the base
    base = Fraction(inputs.late_value) if inputs.late_value is not None else Fraction(inputs.contract_value)
    nb = national(BASE)
    figures["base"] = Figure(base, nb["basis"] if nb else "", nb["status"] if nb else CONTRACT,
                             nb["text"] if nb else "")
    # the amount, tier by tier
    lines: list[TierLine] = []
    for start, end, pct in tiers:
        if counted < start:
            break
        last = counted if end is None else min(end, counted)
        days = last - start + 1
        daily = base * pct / 100
        lines.append(TierLine(start, last, days, pct, daily, daily * days))
    uncapped = sum((ln.amount for ln in lines), Fraction(0)) if tiers else None
    # the cap and the termination threshold, in percent of the contract value

    def limit(entered: Fraction | None, pid: str, key: str) -> Fraction | None:
        n = national(pid)
        if entered is not None:
            figures[key] = Figure(Fraction(entered), "", CONTRACT)
            return Fraction(entered)
        if n and "percent" in n:
            figures[key] = Figure(Fraction(n["percent"]), n["basis"], n["status"], n["text"])
            return Fraction(n["percent"])
        if n:
            figures[key] = Figure(None, n["basis"], n["status"], n["text"])
        return None

    cap = limit(inputs.cap, CAP, "cap")
    threshold = limit(inputs.threshold, THRESHOLD, "threshold")
    value = Fraction(inputs.contract_value)
    cap_amount = value * cap / 100 if cap is not None else None
    threshold_amount = value * threshold / 100 if threshold is not None else None
    total = uncapped
    if total is not None and cap_amount is not None and total > cap_amount:
        total = cap_amount
    res = Result(after, counted, base, lines, uncapped, total, cap_amount,
                 _reach_day(tiers, base, cap_amount) if cap_amount is not None and tiers else None,
                 threshold_amount,
                 _reach_day(tiers, base, threshold_amount) if threshold_amount is not None and tiers else None,
                 law, figures, problems, value)
    return res


def result_data(res: Result) -> dict:
    """A result as plain JSON (fractions as "p/q"), the shape the JavaScript returns too."""
    f = lambda x: None if x is None else _frac(Fraction(x))  # noqa: E731
    return {
        "daysAfterDue": res.days_after_due, "daysCounted": res.days_counted, "base": f(res.base),
        "lines": [{"from": ln.from_day, "to": ln.to_day, "days": ln.days, "percent": f(ln.percent),
                   "daily": f(ln.daily), "amount": f(ln.amount)} for ln in res.lines],
        "uncapped": f(res.uncapped), "total": f(res.total), "capAmount": f(res.cap_amount), "capDay": res.cap_day,
        "thresholdAmount": f(res.threshold_amount), "thresholdDay": res.threshold_day, "law": res.law,
        "figures": {k: {"basis": v.basis, "status": v.status} for k, v in sorted(res.figures.items())},
        "problems": sorted(res.problems),
    }


def _num(text) -> Fraction | None:
    if text is None or str(text).strip() == "":
        return None
    return Fraction(str(text).strip().replace(",", ""))


def _date(text) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def inputs_from(d: dict) -> Inputs:
    """Inputs from the JSON shape the page's form gives the JavaScript (numbers as strings)."""
    return Inputs(
        contract_value=_num(d.get("contractValue")) or Fraction(0), late_value=_num(d.get("lateValue")),
        due=_date(d.get("due")), delivered=_date(d.get("delivered")),
        days_after_due=int(d["daysAfterDue"]) if d.get("daysAfterDue") not in (None, "") else None,
        extension_days=int(d.get("extensionDays") or 0), excluded_days=int(d.get("excludedDays") or 0),
        country=d.get("country") or "", contract_type=d.get("contractType") or "goods", signed=_date(d.get("signed")),
        rate=_num(d.get("rate")), cap=_num(d.get("cap")), threshold=_num(d.get("threshold")))
