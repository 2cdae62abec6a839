"""The termbase: approved, accepted and forbidden terms per locale, and obligation verbs."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .model import Pos, Problem

STRENGTHS = ("prohibited", "mandatory", "recommended", "permitted")


@dataclass(frozen=True)
class LocaleTerm:
    term: str
    variants: tuple[str, ...] = ()
    forbidden: tuple[str, ...] = ()
    definition: str = ""

    @property
    def accepted(self) -> tuple[str, ...]:
        return (self.term, *self.variants)


@dataclass
class Term:
    id: str
    line: int
    by_locale: dict[str, LocaleTerm]
    check: bool = True


@dataclass
class Termbase:
    path: str
    terms: list[Term] = field(default_factory=list)
    locales: list[str] = field(default_factory=list)
    obligations: dict[str, dict[str, list[re.Pattern]]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    _matchers: dict = field(default_factory=dict, repr=False)
    _indexes: dict = field(default_factory=dict, repr=False)

    def term(self, term_id: str) -> Term | None:
        for t in self.terms:
            if t.id == term_id:
                return t
        return None

    def matcher(self, locale: str, phrase: str) -> re.Pattern:
        key = (locale, phrase)
        m = self._matchers.get(key)
        if m is None:
            m = self._matchers[key] = compile_term(phrase, locale)
        return m

    def index(self, locale: str) -> TermIndex:
        idx = self._indexes.get(locale)
        if idx is None:
            idx = self._indexes[locale] = TermIndex(self, locale)
        return idx



def _fold_table() -> dict[int, str]:
    table = {}
    for cp in range(0xC0, 0x250):
        ch = chr(cp)
        base = "".join(c for c in unicodedata.normalize("NFD", ch) if unicodedata.category(c) != "Mn")
        if base != ch and base:
            table[cp] = base.lower()
    return table


_FOLD = _fold_table()
_COMBINING = re.compile("[\u0300-\u036f]")


def fold(text: str) -> str:
    """Lower-case and strip accents from Latin letters (Hangul and other scripts are kept as is)."""
    text = text.lower()
    if text.isascii():
        return text
    if _COMBINING.search(text):  # decomposed accents: strip the marks
        text = unicodedata.normalize("NFC", _COMBINING.sub("", unicodedata.normalize("NFD", text)))
    return text.translate(_FOLD)


def _is_spaceless_script(text: str) -> bool:
    return any("\uac00" <= ch <= "\ud7a3" or "\u3040" <= ch <= "\u30ff" or "\u4e00" <= ch <= "\u9fff" for ch in text)


def compile_term(phrase: str, locale: str) -> re.Pattern:
    """A pattern that finds a term in folded prose, allowing plural and light inflection.

    A parenthesised part of the term is optional (``공정(진도) 보고서`` also matches ``공정 보고서``;
    ``contract management plan (CMP)`` matches without the acronym). A hyphen binds words, so
    ``excusable delay`` is not found inside ``non-excusable delay``.
    """
    folded = fold(phrase).strip()
    pieces = re.split(r"(\([^)]*\))", folded)
    if _is_spaceless_script(folded):
        out = []
        for piece in pieces:
            if piece.startswith("("):
                out.append("(?:" + r"\s?".join(re.escape(ch) for ch in piece if not ch.isspace()) + r")?\s?")
            else:
                chars = [re.escape(ch) for ch in piece if not ch.isspace()]
                if chars:
                    out.append(r"\s?".join(chars) + r"\s?")
        body = "".join(out)
        body = body[: -len(r"\s?")] if body.endswith(r"\s?") else body
        return re.compile(body)
    out = []
    for piece in pieces:
        if piece.startswith("("):
            out.append(r"(?:[\s\-]*" + re.escape(piece) + ")?")
            continue
        words = piece.split()
        if not words:
            continue
        pats = [re.escape(w) + (r"\w{0,3}" if len(w) >= 4 and w[-1].isalpha() else "") for w in words]
        out.append((r"[\s\-]+" if out else "") + r"[\s\-]+".join(pats))
    return re.compile(r"(?<![\w-])" + "".join(out) + r"(?![\w-])")


_SPACES = re.compile(r"\s+")


def _node_line(node) -> int:
    return node.start_mark.line + 1 if node is not None and getattr(node, "start_mark", None) else 0


def load_termbase(path: Path, rel: str, locales: list[str]) -> Termbase:
    """Load and check the termbase; problems (with line numbers) are collected, not raised."""
    tb = Termbase(rel)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        tb.problems.append(Problem("CMG003", "termbase file does not exist", Pos(1),
                                   "create it or set plugins.cmg.termbase in mkdocs.yml"))
        return tb
    except UnicodeDecodeError:
        tb.problems.append(Problem("CMG001", "termbase is not valid UTF-8", Pos(1), "re-save it as UTF-8"))
        return tb
    try:
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        root = yaml.compose(text, Loader=loader)
        data = yaml.load(text, Loader=loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        tb.problems.append(Problem("CMG003", f"termbase is not valid YAML: {getattr(exc, 'problem', exc)}",
                                   Pos((mark.line + 1) if mark else 1), "fix the YAML syntax"))
        return tb
    if not isinstance(data, dict) or not isinstance(data.get("terms"), list):
        tb.problems.append(Problem("CMG003", "termbase needs a top-level 'terms' list", Pos(1),
                                   "see AUTHORING.md for the termbase format"))
        return tb
    declared = data.get("locales")
    if declared is not None and not (isinstance(declared, list) and all(isinstance(x, str) for x in declared)):
        tb.problems.append(Problem("CMG003", "termbase 'locales' must be a list of locale codes", Pos(1),
                                   "write for example: locales: [en, es, ko]"))
        declared = None
    # only the locales the termbase declares must be complete; a new site locale starts empty
    tb.locales = [x for x in (declared or locales)]
    locales = [x for x in locales if x in tb.locales]
    term_nodes = []
    for k, v in root.value:
        if k.value == "terms":
            term_nodes = v.value
    seen_ids: dict[str, int] = {}
    seen_terms: dict[tuple[str, str], tuple[str, int]] = {}
    for i, entry in enumerate(data["terms"]):
        line = _node_line(term_nodes[i]) if i < len(term_nodes) else 0
        if not isinstance(entry, dict) or not entry.get("id"):
            tb.problems.append(Problem("CMG003", "termbase entry has no 'id'", Pos(line), "give every entry an id"))
            continue
        tid = str(entry["id"])
        if tid in seen_ids:
            tb.problems.append(Problem("CMG003", f"term id '{tid}' is used twice (first at line {seen_ids[tid]})",
                                       Pos(line), "merge the two entries or rename one"))
            continue
        seen_ids[tid] = line
        by_locale: dict[str, LocaleTerm] = {}
        for loc in locales:
            lt = entry.get(loc)
            if not isinstance(lt, dict) or not lt.get("term"):
                tb.problems.append(Problem("CMG003", f"term '{tid}' has no '{loc}' term", Pos(line),
                                           f"add '{loc}: {{term: …, definition: …}}' to the entry"))
                continue
            lterm = LocaleTerm(
                term=str(lt["term"]),
                variants=tuple(str(v) for v in (lt.get("variants") or [])),
                forbidden=tuple(str(v) for v in (lt.get("forbidden") or [])),
                definition=str(lt.get("definition") or ""),
            )
            key = (loc, fold(lterm.term))
            if key in seen_terms and seen_terms[key][0] != tid:
                tb.problems.append(Problem(
                    "CMG003", f"'{lterm.term}' ({loc}) is the approved term of both '{seen_terms[key][0]}' "
                    f"(line {seen_terms[key][1]}) and '{tid}'", Pos(line), "give each concept its own approved term"))
            seen_terms.setdefault(key, (tid, line))
            by_locale[loc] = lterm
        for loc, lt in entry.items():
            if isinstance(lt, dict) and loc not in locales and loc not in ("id", "check"):
                pass  # a locale that is not built yet: kept, not checked
        tb.terms.append(Term(tid, line, by_locale, bool(entry.get("check", True))))
    obligations = data.get("obligations") or {}
    for loc, strengths in obligations.items():
        compiled: dict[str, list[re.Pattern]] = {}
        for strength in STRENGTHS:
            pats = []
            for pat in (strengths or {}).get(strength) or []:
                try:
                    pats.append(re.compile(pat))
                except re.error as exc:
                    tb.problems.append(Problem("CMG003", f"obligation pattern {pat!r} ({loc}) is not a valid "
                                               f"regular expression: {exc}", Pos(1), "fix the pattern"))
            compiled[strength] = pats
        tb.obligations[str(loc)] = compiled
    return tb


def count_obligations(lines: list[str], patterns: dict[str, list[re.Pattern]]) -> dict[str, int]:
    """Count each obligation strength; stronger/negative forms are consumed first."""
    counts = dict.fromkeys(STRENGTHS, 0)
    for text in lines:
        for strength in STRENGTHS:
            for pat in patterns.get(strength, []):
                def take(m: re.Match, strength: str = strength) -> str:
                    counts[strength] += 1
                    return " " * len(m.group(0))
                text = pat.sub(take, text)
    return counts


# ---------------------------------------------------------------- fast presence of terms in a text

_TOKEN = re.compile(r"[^\W_]+(?:-[^\W_]+)*")
_PAREN = re.compile(r"\s*\([^)]*\)")


def _word_matches(text_word: str, term_word: str) -> bool:
    """A text word is the term word, or the term word plus up to 3 letters of inflection."""
    if text_word == term_word:
        return True
    if len(term_word) >= 4 and term_word[-1].isalpha() and text_word.startswith(term_word):
        return len(text_word) - len(term_word) <= 3 and "-" not in text_word[len(term_word):]
    return False


class TermIndex:
    """Finds which termbase entries occur in a text in one pass (per locale).

    Words of space-separated scripts match with light inflection (plural, gender) and hyphens bind
    words, exactly like :func:`compile_term`; Hangul and CJK terms match as substrings with spaces
    ignored. A parenthesised part of a term is optional.
    """

    def __init__(self, termbase: Termbase, locale: str):
        self.first: dict[str, list[tuple[tuple[str, ...], str, str, str]]] = {}
        self.compact: list[tuple[str, str, str, str]] = []
        for term in termbase.terms:
            lt = term.by_locale.get(locale)
            if not lt:
                continue
            for kind, phrases in (("accepted", lt.accepted), ("forbidden", lt.forbidden)):
                for phrase in phrases:
                    self._add(phrase, term.id, kind)

    def _add(self, phrase: str, term_id: str, kind: str) -> None:
        folded = fold(phrase).strip()
        forms = {_PAREN.sub("", folded).strip()}
        if _is_spaceless_script(folded):
            forms.add(re.sub(r"[()]", "", folded))
            for form in forms:
                compact = _SPACES.sub("", form)
                if compact:
                    self.compact.append((compact, term_id, kind, phrase))
            return
        for form in forms:
            words = tuple(_TOKEN.findall(form))
            if words:
                self.first.setdefault(words[0], []).append((words, term_id, kind, phrase))

    def present(self, folded_text: str) -> dict[tuple[str, str], str]:
        """{(term id, kind): the phrase found} for every accepted or forbidden term in the text."""
        found: dict[tuple[str, str], str] = {}
        if self.first:
            spans = [(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(folded_text)]
            first = self.first
            # which distinct tokens can start a term (the token itself, or it less 1-3 letters of inflection)
            starts: dict[str, list[str]] = {}
            for w in {t for t, _, _ in spans}:
                hits = [k for k in (w, w[:-1], w[:-2], w[:-3])[: 1 + max(0, min(3, len(w) - 4))] if k in first]
                if hits:
                    starts[w] = hits
            if starts:
                n_tokens = len(spans)
                for i, (w, _, _) in enumerate(spans):
                    keys = starts.get(w)
                    if not keys:
                        continue
                    for key in keys:
                        for words, term_id, kind, phrase in first[key]:
                            if (term_id, kind) in found or not _word_matches(w, words[0]):
                                continue
                            n = len(words)
                            if n == 1:
                                found[(term_id, kind)] = phrase
                                continue
                            if i + n > n_tokens:
                                continue
                            ok = True
                            for k in range(1, n):
                                prev_end, (tok, start, _) = spans[i + k - 1][2], spans[i + k]
                                if folded_text[prev_end:start].strip(" \t\n-") or not _word_matches(tok, words[k]):
                                    ok = False
                                    break
                            if ok:
                                found[(term_id, kind)] = phrase
        if self.compact:
            compact_text = _SPACES.sub("", folded_text)
            for compact, term_id, kind, phrase in self.compact:
                if (term_id, kind) not in found and compact in compact_text:
                    found[(term_id, kind)] = phrase
        return found
