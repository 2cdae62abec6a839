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
_TOKEN_SPLIT = re.compile("(" + _TOKEN.pattern + ")")
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

    The text is split once (in C); Python-level work is done only for the distinct words of the text
    that can stand for a term word, and only the terms whose every word is present are located.
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
        self.words = {w for entries in self.first.values() for words, *_ in entries for w in words}
        # per text word seen so far: the candidate entries it can start (see _candidates); words that
        # can stand for no term word are only remembered in a set, so most words cost one set difference
        self._candidates: dict[str, tuple[tuple[str, ...], tuple]] = {}
        self._irrelevant: set[str] = set()

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

    def stems(self, word: str) -> tuple[str, ...]:
        """The term words a text word matches (itself, or itself less 1-3 letters of inflection), longest first."""
        cands = (word, word[:-1], word[:-2], word[:-3])[: 1 + max(0, min(3, len(word) - 4))]
        return tuple(k for k in cands if k in self.words and _word_matches(word, k))

    def _candidates_of(self, word: str) -> tuple[tuple[str, ...], tuple] | None:
        """(stems, entries the word can start) for a text word; None when it matches no term word.

        Each entry is (order within a position, words, the other words as a set, (term id, kind), phrase):
        at one position the longest first word wins, then the termbase's order.
        """
        hit = self._candidates.get(word)
        if hit is not None or word in self._irrelevant:
            return hit
        stems = self.stems(word)
        if not stems:
            self._irrelevant.add(word)
            return None
        entries = []
        for key in stems:
            rank = len(word) - len(key)
            for n_entry, (words, term_id, kind, phrase) in enumerate(self.first.get(key, ())):
                entries.append(((rank, n_entry), words, frozenset(words[1:]), (term_id, kind), phrase))
        hit = self._candidates[word] = (stems, tuple(entries))
        return hit

    def present(self, folded_text: str) -> dict[tuple[str, str], str]:
        """{(term id, kind): the phrase found} for every accepted or forbidden term in the text.

        When a term has several phrases, the one found first in the text is given (at one word, the
        longest first word, then the termbase's order); the dict is in that order too.
        """
        found: dict[tuple[str, str], str] = {}
        if self.first:
            parts = _TOKEN_SPLIT.split(folded_text)  # gap, word, gap, word, …, gap
            tokens = parts[1::2]
            distinct = set(tokens)
            distinct -= self._irrelevant
            matched = []
            for w in distinct:
                hit = self._candidates_of(w)
                if hit is not None:
                    matched.append((w, hit))
            if matched:
                present_words = set().union(*(stems for _, (stems, _) in matched))
                best: dict[tuple[str, str], tuple[tuple[int, int, int], str]] = {}
                for w, (_, entries) in matched:
                    first_at = -1
                    for (rank, n_entry), words, rest, tk, phrase in entries:
                        if rest:
                            if not rest <= present_words:
                                continue
                            at = _first_match(tokens, parts, w, words)
                            if at < 0:
                                continue
                        else:
                            if first_at < 0:
                                first_at = tokens.index(w)
                            at = first_at
                        prev = best.get(tk)
                        if prev is None or (at, rank, n_entry) < prev[0]:
                            best[tk] = ((at, rank, n_entry), phrase)
                for tk, (_, phrase) in sorted(best.items(), key=lambda item: item[1][0]):
                    found[tk] = phrase
        if self.compact:
            compact_text = _SPACES.sub("", folded_text)
            for compact, term_id, kind, phrase in self.compact:
                if (term_id, kind) not in found and compact in compact_text:
                    found[(term_id, kind)] = phrase
        return found


def _first_match(tokens: list[str], parts: list[str], word: str, words: tuple[str, ...]) -> int:
    """Index of the first token equal to ``word`` that starts ``words`` in the text, or -1."""
    n = len(words)
    last = len(tokens) - n
    i = -1
    while True:
        try:
            i = tokens.index(word, i + 1)
        except ValueError:
            return -1
        if n == 1:
            return i
        if i > last:
            return -1
        for k in range(1, n):
            # the gap before token i + k is parts[2 * (i + k)]: only spaces and hyphens may separate words
            if parts[2 * (i + k)].strip(" \t\n-") or not _word_matches(tokens[i + k], words[k]):
                break
        else:
            return i
