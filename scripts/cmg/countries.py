"""Country profiles: the national layer of the guides, as data (no MkDocs here).

``countries/parameters.yml`` is the catalogue of the parameters the guides refer to (ID, kind, label
and standard text per locale); ``countries/<code>.yml`` gives one country's value of each parameter,
with its contract types, legal basis, source and status (verified, secondary, unconfirmed: the
content brief's [V]/[S]/[U]). A parameter may have several variants: by governing law (El Salvador:
LACAP for contracts signed before the LCP) or by contract type (Korea's rates). A variant holds a
value, or says the law sets none (``not_set``, with the reason) or that the figure is not known yet
(``unknown``, with what to check).

Loading never raises on bad content: every problem is collected with its file and line.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

import yaml

from . import yamlsafe

KINDS = ("rate-per-day", "percentage", "amount", "period", "text", "law-reference")
STATUSES = ("verified", "secondary", "unconfirmed")
CONTRACT_TYPES = ("goods", "works", "services")
DAY_KINDS = ("calendar", "working")
CATALOGUE_FILE = "parameters.yml"
CODE_RE = re.compile(r"^[a-z]{2}$")
PARAM_ID_RE = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")

# value keys each kind accepts (a variant has exactly one value, or not_set, or unknown)
VALUE_KEYS = {
    "rate-per-day": {"percent", "tiers"},
    "percentage": {"percent", "range"},
    "amount": {"amount", "currency"},
    "period": {"days", "day_kind"},
    "text": {"text"},
    "law-reference": {"law", "article", "text"},
}
ALL_VALUE_KEYS = set().union(*VALUE_KEYS.values())
VARIANT_KEYS = {"law", "contract_types", "value", "tiers", "not_set", "unknown", "basis", "source", "status",
                "verified_by", "verified_on", "note"}


# ---------------------------------------------------------------- the model


@dataclass(frozen=True)
class Text:
    """A text per locale."""

    by_locale: dict

    def get(self, locale: str, fallback: str = "en") -> str:
        return self.by_locale.get(locale) or self.by_locale.get(fallback) or next(iter(self.by_locale.values()), "")


@dataclass(frozen=True)
class Tier:
    """A daily rate that applies from one day of delay to another (``to_day`` None: from then on)."""

    from_day: int
    to_day: int | None
    percent: Fraction
    percent_text: str


@dataclass(frozen=True)
class Value:
    kind: str
    percent: Fraction | None = None
    percent_text: str = ""
    tiers: tuple[Tier, ...] = ()
    range: tuple[Fraction, Fraction] | None = None
    range_text: tuple[str, str] = ("", "")
    amount: Fraction | None = None
    currency: str = ""
    days: int | None = None
    day_kind: str = ""
    text: Text | None = None
    law: str = ""
    article: str = ""


@dataclass(frozen=True)
class Basis:
    law: str = ""  # a law ID of the profile's `laws`
    instrument: str = ""  # or the instrument written out
    article: str = ""  # an article number ("85", "3-A", "74(1)"), written in each locale's way
    article_text: Text | None = None  # or a description per locale ("around Article 72")


@dataclass
class Variant:
    """One value of a parameter, for the contracts of one governing law and some contract types."""

    line: int
    law: str = ""  # governing law of the contracts it applies to ("" = all)
    contract_types: tuple[str, ...] = CONTRACT_TYPES
    value: Value | None = None
    not_set: Text | None = None  # the law sets no figure: why, and where the figure comes from instead
    unknown: Text | None = None  # a figure exists but is not confirmed: what to check
    basis: Basis | None = None
    sources: tuple[str, ...] = ()
    status: str = "unconfirmed"
    verified_by: str = ""
    verified_on: str = ""
    note: Text | None = None

    @property
    def confirmed(self) -> bool:
        return self.status == "verified"


@dataclass
class CountryParameter:
    id: str
    line: int
    variants: list[Variant]


@dataclass
class Law:
    id: str
    line: int
    short: str
    name: Text
    instrument: str = ""
    signed_from: dt.date | None = None
    signed_before: dt.date | None = None
    sources: tuple[str, ...] = ()
    status: str = "unconfirmed"
    verified_by: str = ""
    verified_on: str = ""
    note: Text | None = None

    def governs(self, signed: dt.date) -> bool:
        """Whether a contract signed on this date is governed by this law (when the law says so)."""
        if self.signed_from and signed < self.signed_from:
            return False
        if self.signed_before and signed >= self.signed_before:
            return False
        return True


@dataclass
class CountryProfile:
    code: str
    path: str
    name: Text
    pilot: bool
    currency: str
    laws: dict[str, Law]
    parameters: dict[str, CountryParameter]
    # the words that name the country in running text, per locale ("Korea", "Corea", "한국"), and the
    # kind of note that gives its practice ("korea"): where CMG707 looks for its figures written out
    called: dict[str, tuple[str, ...]] = field(default_factory=dict)
    admonition: str = ""
    paper: str = "a4"  # the paper of the country's PDF editions (PAPER_SIZES)

    def governing_law(self, signed: dt.date) -> Law | None:
        """The law that governs a contract signed on this date, among those with a date rule."""
        dated = [law for law in self.laws.values() if law.signed_from or law.signed_before]
        for law in dated:
            if law.governs(signed):
                return law
        return None

    def variants(self, param_id: str, *, law: str = "", contract_type: str = "") -> list[Variant]:
        p = self.parameters.get(param_id)
        if p is None:
            return []
        return [v for v in p.variants if (not law or not v.law or v.law == law)
                and (not contract_type or contract_type in v.contract_types)]


@dataclass(frozen=True)
class ParameterDef:
    id: str
    line: int
    kind: str
    label: Text
    standard: Text
    guide: str = ""


@dataclass
class ProfileProblem:
    code: str
    message: str
    path: str
    line: int
    hint: str = ""


@dataclass
class Profiles:
    """The catalogue and every country profile of the project, with the problems found loading them."""

    folder: str
    catalogue: dict[str, ParameterDef] = field(default_factory=dict)
    countries: dict[str, CountryProfile] = field(default_factory=dict)
    problems: list[ProfileProblem] = field(default_factory=list)
    catalogue_path: str = ""

    @property
    def pilots(self) -> list[CountryProfile]:
        return [c for c in self.countries.values() if c.pilot]


# ---------------------------------------------------------------- YAML with lines


class _Located:
    """A YAML node turned into Python values, keeping the line of every mapping key and item."""

    __slots__ = ("value", "line")

    def __init__(self, value, line: int):
        self.value, self.line = value, line


def _construct(node: yaml.Node) -> _Located:
    line = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out: dict = {}
        for k, v in node.value:
            key = _construct(k).value
            item = out[str(key)] = _construct(v)
            item.line = k.start_mark.line + 1  # an entry is where its key is
        return _Located(out, line)
    if isinstance(node, yaml.SequenceNode):
        return _Located([_construct(v) for v in node.value], line)
    # scalars through the safe constructor, so that dates, numbers and booleans are typed as usual
    loader = yaml.SafeLoader("")
    try:
        return _Located(loader.construct_object(node, deep=True), line)
    finally:
        loader.dispose()


def read_located(text: str, path: str, problems: list[ProfileProblem]) -> _Located | None:
    """The YAML document of ``text`` with lines, or None (and a CMG701 problem) when it is not valid YAML."""
    try:
        root = yamlsafe.compose(text)  # no aliases, no repeated keys
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problems.append(ProfileProblem("CMG701", f"not valid YAML: {getattr(exc, 'problem', None) or exc}", path,
                                       (mark.line + 1) if mark else 1, "fix the YAML syntax at the line shown"))
        return None
    if root is None:
        return _Located({}, 1)
    try:
        return _construct(root)
    except yaml.YAMLError as exc:  # a scalar the safe constructor refuses (bad date, unknown tag)
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        problems.append(ProfileProblem("CMG701", f"not valid YAML: {getattr(exc, 'problem', None) or exc}", path,
                                       (mark.line + 1) if mark else 1, "fix the value at the line shown"))
        return None


# ---------------------------------------------------------------- reading


class _Reader:
    def __init__(self, path: str, locales: list[str], problems: list[ProfileProblem], source_locale: str = "en"):
        self.path, self.locales, self.problems = path, locales, problems
        self.source_locale = source_locale

    def problem(self, code: str, message: str, line: int, hint: str = "") -> None:
        self.problems.append(ProfileProblem(code, message, self.path, line, hint))

    def mapping(self, node: _Located | None, what: str, line: int) -> dict | None:
        if node is None:
            return None
        if not isinstance(node.value, dict):
            self.problem("CMG701", f"{what} must be a mapping", node.line or line)
            return None
        return node.value

    def text(self, node: _Located | None, what: str, line: int, required_locales: bool = True) -> Text | None:
        if node is None:
            return None
        if isinstance(node.value, str):  # one text for every locale (a name, an acronym)
            return Text({loc: node.value for loc in self.locales})
        m = self.mapping(node, f"{what} (a text per locale)", line)
        if m is None:
            return None
        stray = [k for k, v in m.items() if k not in self.locales and (v.value is None or " " in k)]
        for k in stray:  # `{en: a, b, es: c}`: the comma ended the text, and "b" became a key
            self.problem("CMG701", f"{what}: '{k[:40]}' is not a locale; a comma inside an unquoted text "
                         "ends it", m[k].line, 'put the text in quotes: {en: "a, b", es: "…"}')
        by = {k: str(v.value) for k, v in m.items() if v.value is not None and k not in stray}
        if not required_locales:
            return Text(by)
        # A locale without its text reads the source locale's (as an untranslated guide does): an info
        # finding per text; a text without the source locale's has nothing to fall back on: an error.
        if not by.get(self.source_locale):
            self.problem("CMG701", f"{what} has no text in {self.source_locale} (the source locale)", node.line,
                         f"give the text in {self.source_locale}, the language every other locale falls back on")
        else:
            missing = [loc for loc in self.locales if loc != self.source_locale and not by.get(loc)]
            if missing:
                self.problem("CMG709", f"{what} has no text in {', '.join(missing)}: readers there see the "
                             f"{self.source_locale} text", node.line, "translate the text into every site locale")
        return Text(by)

    def string(self, node: _Located | None) -> str:
        return "" if node is None or node.value is None else str(node.value)

    def sources(self, node: _Located | None) -> tuple[str, ...]:
        if node is None or node.value is None:
            return ()
        items = node.value if isinstance(node.value, list) else [node]
        out = []
        for it in items:
            s = self.string(it).strip()
            if s and not re.match(r"^https?://\S+$", s):
                self.problem("CMG701", f"source '{s[:60]}' is not an http(s) address", it.line,
                             "give the address of the official text or of the source read")
            elif s:
                out.append(s)
        return tuple(out)

    def fraction(self, node: _Located, what: str) -> tuple[Fraction, str] | None:
        raw = node.value
        if isinstance(raw, bool) or raw is None:
            self.problem("CMG704", f"{what} must be a number", node.line)
            return None
        text = str(raw).strip()
        try:
            value = Fraction(text)
        except (ValueError, ZeroDivisionError):
            self.problem("CMG704", f"{what} '{text}' is not a number (write 0.075 or 1/30)", node.line)
            return None
        if value < 0:
            self.problem("CMG704", f"{what} must not be negative", node.line)
            return None
        return value, text

    def status(self, node: _Located | None, line: int) -> str:
        if node is None:
            self.problem("CMG705", "no status (verified, secondary or unconfirmed)", line,
                         "write the content brief's tag: [V] verified, [S] secondary, [U] unconfirmed")
            return "unconfirmed"
        s = self.string(node)
        if s not in STATUSES:
            self.problem("CMG705", f"unknown status '{s}' (verified, secondary or unconfirmed)", node.line,
                         "write the content brief's tag: [V] verified, [S] secondary, [U] unconfirmed")
            return "unconfirmed"
        return s

    def date(self, node: _Located | None, what: str) -> dt.date | None:
        if node is None:
            return None
        v = node.value
        if isinstance(v, dt.date):
            return v
        self.problem("CMG701", f"{what} must be a date (YYYY-MM-DD)", node.line)
        return None


def load_catalogue(text: str, path: str, locales: list[str], problems: list[ProfileProblem],
                   source_locale: str = "en") -> dict[str, ParameterDef]:
    r = _Reader(path, locales, problems, source_locale)
    root = read_located(text, path, problems)
    top = r.mapping(root, "the parameter catalogue", 1) if root is not None else None
    if top is None:
        return {}
    params = r.mapping(top.get("parameters"), "'parameters'", 1)
    if params is None:
        if "parameters" not in top:
            r.problem("CMG701", "the catalogue has no 'parameters' mapping", 1)
        return {}
    out: dict[str, ParameterDef] = {}
    for pid, node in params.items():
        m = r.mapping(node, f"parameter '{pid}'", node.line)
        if m is None:
            continue
        if not PARAM_ID_RE.match(pid):
            r.problem("CMG701", f"parameter ID '{pid}' is malformed", node.line,
                      "use lower-case ASCII letters, digits and hyphens")
        kind = r.string(m.get("kind"))
        if kind not in KINDS:
            r.problem("CMG704", f"parameter '{pid}' has unknown kind '{kind}' ({', '.join(KINDS)})",
                      (m.get("kind") or node).line)
            continue
        label = r.text(m.get("label"), f"label of '{pid}'", node.line) or Text({})
        standard = r.text(m.get("standard"), f"standard text of '{pid}'", node.line) or Text({})
        if m.get("standard") is None:
            r.problem("CMG701", f"parameter '{pid}' has no standard text", node.line,
                      "say what a reader who chose no country reads at a reference")
        out[pid] = ParameterDef(pid, node.line, kind, label, standard, r.string(m.get("guide")))
    return out


def load_profile(text: str, path: str, code: str, catalogue: dict[str, ParameterDef], locales: list[str],
                 problems: list[ProfileProblem], source_locale: str = "en") -> CountryProfile | None:
    r = _Reader(path, locales, problems, source_locale)
    root = read_located(text, path, problems)
    top = r.mapping(root, "a country profile", 1) if root is not None else None
    if top is None:
        return None
    declared = r.string(top.get("country"))
    if declared != code:
        r.problem("CMG701", f"'country: {declared}' does not match the file name {code}.yml",
                  (top.get("country") or root).line, f"write 'country: {code}'")
    name = r.text(top.get("name"), "name", 1) or Text({loc: code.upper() for loc in locales})
    laws: dict[str, Law] = {}
    for lid, node in (r.mapping(top.get("laws"), "'laws'", 1) or {}).items():
        m = r.mapping(node, f"law '{lid}'", node.line)
        if m is None:
            continue
        governs = r.mapping(m.get("governs"), f"'governs' of law '{lid}'", node.line) or {}
        unknown_keys = set(governs) - {"signed_from", "signed_before"}
        for k in sorted(unknown_keys):
            r.problem("CMG701", f"unknown key '{k}' in 'governs' of law '{lid}' (signed_from, signed_before)",
                      governs[k].line)
        law = Law(lid, node.line, r.string(m.get("short")) or lid,
                  r.text(m.get("name"), f"name of law '{lid}'", node.line) or Text({}),
                  r.string(m.get("instrument")),
                  r.date(governs.get("signed_from"), "signed_from"), r.date(governs.get("signed_before"), "signed_before"),
                  r.sources(m.get("source")), r.status(m.get("status"), node.line),
                  r.string(m.get("verified_by")), r.string(m.get("verified_on")),
                  r.text(m.get("note"), f"note of law '{lid}'", node.line))
        _check_verified(r, law.status, law.sources, law.verified_by, law.verified_on, node.line, f"law '{lid}'")
        laws[lid] = law
    profile = CountryProfile(code, path, name, bool(top.get("pilot").value) if top.get("pilot") else False,
                             r.string(top.get("currency")), laws, {}, _called(r, top.get("called"), name),
                             r.string(top.get("admonition")), _paper(r, top.get("paper")))
    for pid, node in (r.mapping(top.get("parameters"), "'parameters'", 1) or {}).items():
        pdef = catalogue.get(pid)
        if pdef is None:
            r.problem("CMG702", f"parameter '{pid}' is not in the catalogue ({CATALOGUE_FILE})", node.line,
                      "add it to the catalogue, or fix the ID")
            continue
        items = node.value if isinstance(node.value, list) else [node]
        variants = [v for v in (_variant(r, it, pdef, laws) for it in items) if v is not None]
        profile.parameters[pid] = CountryParameter(pid, node.line, variants)
    return profile


PAPER_SIZES = ("a4", "letter")  # the papers a country edition can be printed on (engine/downloads/pdf_paper.py)


def _paper(r: _Reader, node: _Located | None) -> str:
    """The profile's ``paper`` (default A4); another value is a problem at its line."""
    if node is None:
        return "a4"
    value = node.value.strip().lower() if isinstance(node.value, str) else None
    if value not in PAPER_SIZES:
        r.problem("CMG701", f"'paper: {str(node.value)[:40]}' is not a paper size ({', '.join(PAPER_SIZES)})", node.line,
                  "write 'paper: letter' (US Letter) or 'paper: a4'")
        return "a4"
    return value


def _called(r: _Reader, node: _Located | None, name: Text) -> dict[str, tuple[str, ...]]:
    """``called: {en: [Korea, Korean], es: [Corea], ko: [한국]}``; the country's name is always one of them."""
    out = {loc: [w] for loc, w in name.by_locale.items() if w}
    m = r.mapping(node, "'called'", node.line) if node is not None else None
    for loc, words in (m or {}).items():
        items = words.value if isinstance(words.value, list) else None
        if items is None or not all(isinstance(w.value, str) and w.value.strip() for w in items):
            r.problem("CMG701", f"'called' of {loc} must be a list of words ([Korea, Korean])", words.line)
            continue
        out.setdefault(loc, []).extend(w.value.strip() for w in items)
    return {loc: tuple(dict.fromkeys(ws)) for loc, ws in out.items()}


def _check_verified(r: _Reader, status: str, sources, by: str, on: str, line: int, what: str) -> None:
    if status != "verified":
        return
    if not sources:
        r.problem("CMG706", f"{what} is verified but gives no source", line,
                  "add `source:` with the official text, or lower the status")
    if not by or not on:
        r.problem("CMG706", f"{what} is verified but does not say by whom and when (verified_by, verified_on)", line,
                  "record the sign-off: verified_by and verified_on")


def _variant(r: _Reader, node: _Located, pdef: ParameterDef, laws: dict[str, Law]) -> Variant | None:
    m = r.mapping(node, f"a value of '{pdef.id}'", node.line)
    if m is None:
        return None
    for k in sorted(set(m) - VARIANT_KEYS):
        code = "CMG704" if k in ALL_VALUE_KEYS else "CMG701"
        r.problem(code, f"unknown key '{k}' in '{pdef.id}'" + (" (put the value under `value:`)" if code == "CMG704" else ""),
                  m[k].line)
    v = Variant(node.line)
    v.law = r.string(m.get("law"))
    if v.law and v.law not in laws:
        r.problem("CMG701", f"'{pdef.id}' names law '{v.law}', which is not under 'laws'", m["law"].line)
    if m.get("contract_types") is not None:
        ct = m["contract_types"].value
        types = [str(x.value) for x in ct] if isinstance(ct, list) else []
        bad = [t for t in types if t not in CONTRACT_TYPES] or ([] if types else ["(none)"])
        if bad:
            r.problem("CMG701", f"contract types of '{pdef.id}' must be among {', '.join(CONTRACT_TYPES)}: "
                      f"{', '.join(bad)}", m["contract_types"].line)
        v.contract_types = tuple(t for t in types if t in CONTRACT_TYPES) or CONTRACT_TYPES
    what = f"'{pdef.id}'" + (f" ({v.law})" if v.law else "")
    has = [k for k in ("value", "tiers", "not_set", "unknown") if m.get(k) is not None]
    if len(has) != 1:
        r.problem("CMG703", f"{what} must have exactly one of value, not_set (with the reason) or unknown "
                  f"(with what to check); it has {', '.join(has) or 'none'}", node.line,
                  "give the value, or `not_set:` / `unknown:` with a text per locale")
    if m.get("not_set") is not None:
        v.not_set = r.text(m["not_set"], f"reason why {what} is not set", m["not_set"].line)
    if m.get("unknown") is not None:
        v.unknown = r.text(m["unknown"], f"what to check for {what}", m["unknown"].line)
    if m.get("tiers") is not None:  # shorthand for value: {tiers: …}
        v.value = _value(r, _Located({"tiers": m["tiers"]}, m["tiers"].line), pdef, laws, what)
    elif m.get("value") is not None:
        v.value = _value(r, m["value"], pdef, laws, what)
    basis = r.mapping(m.get("basis"), f"basis of {what}", node.line)
    if basis is not None:
        for k in sorted(set(basis) - {"law", "instrument", "article"}):
            r.problem("CMG701", f"unknown key '{k}' in the basis of {what} (law, instrument, article)", basis[k].line)
        art = basis.get("article")
        if art is not None and isinstance(art.value, dict):
            b = Basis(r.string(basis.get("law")), r.string(basis.get("instrument")), "",
                      r.text(art, f"the article of the basis of {what}", art.line))
        else:
            b = Basis(r.string(basis.get("law")), r.string(basis.get("instrument")), r.string(art))
        if b.law and b.law not in laws:
            r.problem("CMG701", f"the basis of {what} names law '{b.law}', which is not under 'laws'", basis["law"].line)
        v.basis = b
    v.sources = r.sources(m.get("source"))
    v.status = r.status(m.get("status"), node.line)
    v.verified_by, v.verified_on = r.string(m.get("verified_by")), r.string(m.get("verified_on"))
    v.note = r.text(m.get("note"), f"note of {what}", node.line)
    _check_verified(r, v.status, v.sources, v.verified_by, v.verified_on, node.line, what)
    return v


def _value(r: _Reader, node: _Located, pdef: ParameterDef, laws: dict[str, Law], what: str) -> Value | None:
    m = r.mapping(node, f"the value of {what}", node.line)
    if m is None:
        return None
    allowed = VALUE_KEYS[pdef.kind]
    wrong = sorted(set(m) - allowed)
    if wrong:
        r.problem("CMG704", f"{what} is a {pdef.kind} but its value has {', '.join(wrong)} "
                  f"(a {pdef.kind} takes {', '.join(sorted(allowed))})", m[wrong[0]].line,
                  "give a value of the parameter's kind, or fix the kind in the catalogue")
        return None
    if not m:
        r.problem("CMG704", f"the value of {what} is empty", node.line)
        return None
    kind = pdef.kind
    if kind == "rate-per-day":
        if "tiers" in m:
            tiers = _tiers(r, m["tiers"], what)
            return Value(kind, tiers=tiers) if tiers else None
        got = r.fraction(m["percent"], f"the rate of {what}")
        return Value(kind, percent=got[0], percent_text=got[1]) if got else None
    if kind == "percentage":
        if "range" in m:
            items = m["range"].value if isinstance(m["range"].value, list) else []
            got = [r.fraction(x, f"the range of {what}") for x in items]
            if len(got) != 2 or None in got or got[0][0] > got[1][0]:
                r.problem("CMG704", f"the range of {what} must be [lowest, highest]", m["range"].line)
                return None
            return Value(kind, range=(got[0][0], got[1][0]), range_text=(got[0][1], got[1][1]))
        got = r.fraction(m["percent"], f"the percentage of {what}")
        return Value(kind, percent=got[0], percent_text=got[1]) if got else None
    if kind == "amount":
        got = r.fraction(m["amount"], f"the amount of {what}") if "amount" in m else None
        if got is None:
            r.problem("CMG704", f"{what} needs an amount", node.line)
            return None
        return Value(kind, amount=got[0], currency=r.string(m.get("currency")))
    if kind == "period":
        days = m.get("days")
        if days is None or not isinstance(days.value, int) or isinstance(days.value, bool) or days.value < 0:
            r.problem("CMG704", f"{what} needs `days:` as a whole number", (days or node).line)
            return None
        day_kind = r.string(m.get("day_kind"))
        if day_kind not in DAY_KINDS:
            r.problem("CMG704", f"{what} must say `day_kind: calendar` or `day_kind: working`",
                      (m.get("day_kind") or node).line, "every period says which days it counts")
            return None
        return Value(kind, days=days.value, day_kind=day_kind)
    if kind == "text":
        return Value(kind, text=r.text(m.get("text"), f"the text of {what}", node.line))
    # law-reference
    law = r.string(m.get("law"))
    if law and law not in laws:
        r.problem("CMG701", f"{what} refers to law '{law}', which is not under 'laws'", m["law"].line)
    if not law and "text" not in m:
        r.problem("CMG704", f"{what} is a law reference: give `law:` (and `article:`)", node.line)
        return None
    return Value(kind, law=law, article=r.string(m.get("article")),
                 text=r.text(m.get("text"), f"the text of {what}", node.line) if "text" in m else None)


def _tiers(r: _Reader, node: _Located, what: str) -> tuple[Tier, ...]:
    items = node.value if isinstance(node.value, list) else None
    if not items:
        r.problem("CMG704", f"the tiers of {what} must be a list of {{from_day, to_day, percent}}", node.line)
        return ()
    out: list[Tier] = []
    expected = 1
    for it in items:
        m = r.mapping(it, f"a tier of {what}", it.line) or {}
        fd, td = m.get("from_day"), m.get("to_day")
        got = r.fraction(m["percent"], f"the rate of a tier of {what}") if "percent" in m else None
        if fd is None or not isinstance(fd.value, int) or got is None:
            r.problem("CMG704", f"a tier of {what} needs from_day (a whole number) and percent", it.line)
            return ()
        if fd.value != expected:
            r.problem("CMG704", f"the tiers of {what} must follow each other: day {fd.value} where day {expected} "
                      "was expected", fd.line)
            return ()
        to_day = td.value if td is not None else None
        if to_day is not None and (not isinstance(to_day, int) or to_day < fd.value):
            r.problem("CMG704", f"to_day of a tier of {what} must be a day on or after from_day", td.line)
            return ()
        out.append(Tier(fd.value, to_day, got[0], got[1]))
        if to_day is None:
            if it is not items[-1]:
                r.problem("CMG704", f"only the last tier of {what} may be open-ended (no to_day)", it.line)
                return ()
            break
        expected = to_day + 1
    return tuple(out)


def load_profiles(root: Path, folder: str, locales: list[str], texts: dict[str, bytes] | None = None,
                  source_locale: str = "en") -> Profiles:
    """Every profile in ``root/folder`` (or in ``texts``: file name → bytes, for tests and caches)."""
    base = root / folder
    profiles = Profiles(folder, catalogue_path=f"{folder}/{CATALOGUE_FILE}")
    if texts is None:
        if not base.is_dir():
            return profiles
        texts = {}
        for p in sorted(base.iterdir()):
            if p.is_file() and p.suffix in (".yml", ".yaml"):
                texts[p.name] = p.read_bytes()
    decoded: dict[str, str] = {}
    for name, data in sorted(texts.items()):
        path = f"{folder}/{name}"
        try:
            decoded[name] = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            profiles.problems.append(ProfileProblem("CMG001", "file is not valid UTF-8", path, line))
    cat_text = decoded.pop(CATALOGUE_FILE, None)
    if cat_text is None:
        if decoded:
            profiles.problems.append(ProfileProblem("CMG701", f"no parameter catalogue {CATALOGUE_FILE}",
                                                    profiles.catalogue_path, 0, "create the catalogue"))
    else:
        profiles.catalogue = load_catalogue(cat_text, profiles.catalogue_path, locales, profiles.problems,
                                            source_locale)
    for name, text in decoded.items():
        code = name.rsplit(".", 1)[0]
        path = f"{folder}/{name}"
        if not CODE_RE.match(code):
            profiles.problems.append(ProfileProblem("CMG701", f"'{name}' is not a country profile name (two lower-case "
                                                    "letters, ISO 3166: hn.yml)", path, 1))
            continue
        prof = load_profile(text, path, code, profiles.catalogue, locales, profiles.problems, source_locale)
        if prof is not None:
            profiles.countries[code] = prof
    return profiles
