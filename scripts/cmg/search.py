"""Search that works in the reader's language (functions over the search index; no MkDocs).

mkdocs-static-i18n merges every locale into one search index, so a Spanish reader gets Korean
results. :func:`split_index` makes one index per locale (locations relative to that locale's root);
:func:`keywords` adds a hidden, searchable ``kw`` field to each entry that holds what the browser's
search (lunr) cannot derive itself:

* accent-folded forms of words (``inspeccion`` finds ``inspección``, ``garantia`` finds ``garantía``);
* the trailing parts of Korean compounds (``보증금`` finds ``하자보수보증금``, ``계약서`` finds
  ``근로계약서``). Korean words with particles attached are found already, because the search adds
  a trailing wildcard to each query word (``지체상금`` finds ``지체상금을``).

:func:`write_locale_indexes` is the one function here that writes files: the plugin and
``cmg build`` both call it after the locales' entries are merged; ``cmg build`` gives it the ``index``
cache (:mod:`cmg.caching`), so that a locale whose entries did not change is not made again.
"""

from __future__ import annotations

import json
import os
import re
import sys

from .caching import digest
from .processes import can_fork, fork, wait
from .sanitize import sanitize_html
from .termbase import fold

_HANGUL_RUN = re.compile("[\uac00-\ud7a3]{3,}")
_HANGUL_ANY = re.compile("[\uac00-\ud7a3]{2,}")
_WORD = re.compile(r"[^\W\d_]{3,}")
_TAGS = re.compile(r"<[^>]+>")
TEXT_KEYWORDS = "kw"  # mkdocs.yml gives these fields the boosts of the fields they come from
TITLE_KEYWORDS = "kt"




def word_starts(texts) -> set[str]:
    """The first two syllables of every Hangul word in these texts: where a reader's query can begin."""
    return {run[:2] for text in texts for run in _HANGUL_ANY.findall(_TAGS.sub(" ", text))}


class _KeywordMaker:
    """:func:`keywords` for many entries of one locale: each distinct word is folded, and each Hangul
    run cut into tails, once (an index repeats the same words thousands of times)."""

    def __init__(self, starts: set[str] | None):
        self.starts = starts
        self._folded: dict[str, str | None] = {}
        self._tails: dict[str, tuple[str, ...]] = {}

    def folded(self, word: str) -> str | None:
        try:
            return self._folded[word]
        except KeyError:
            out = None
            if not _HANGUL_RUN.fullmatch(word):
                f = fold(word)
                out = f if f != word.lower() else None
            self._folded[word] = out
            return out

    def tails(self, run: str) -> tuple[str, ...]:
        try:
            return self._tails[run]
        except KeyError:
            starts = self.starts
            out = self._tails[run] = tuple(run[i:] for i in range(1, len(run) - 1)
                                           if starts is None or run[i:i + 2] in starts)
            return out

    def __call__(self, text: str) -> str:
        """The extra words, each as often as the text has the word it comes from, in the text's order:
        lunr scores a field by how often a word occurs in it and how long the field is, so a folded
        word (``prorroga``) weighs what its accented form (``prórroga``) weighs in the text."""
        plain = _TAGS.sub(" ", text)
        out: list[str] = []
        for word in _WORD.findall(plain):
            f = self.folded(word)
            if f is not None:
                out.append(f)
        for run in _HANGUL_RUN.findall(plain):
            out.extend(self.tails(run))
        return " ".join(out)


def keywords(text: str, locale: str, starts: set[str] | None = None) -> str:
    """Extra index words for one entry: folded Latin words that differ from the text, and the tails of
    Hangul compounds — with ``starts``, only tails that begin the way some word of the locale begins
    (``보증금…`` in ``하자보수보증금``, not ``자보수보증금``), which keeps the index small. Each word
    is repeated as often as the text has the word it comes from."""
    return _KeywordMaker(starts)(text)


def split_index(index: dict, locales: list[str], default: str, with_keywords: bool = True) -> dict[str, dict]:
    """One search index per locale from the merged one; locations become relative to the locale's root."""
    per: dict[str, dict] = {loc: {"config": dict(index.get("config", {})), "docs": []} for loc in locales}
    prefixes = {loc: f"{loc}/" for loc in locales if loc != default}
    for doc in index.get("docs", []):
        location = doc.get("location", "")
        loc = next((lo for lo, p in prefixes.items() if location.startswith(p) or location == lo), default)
        entry = dict(doc)
        if loc != default:
            entry["location"] = location[len(prefixes[loc]):] if location.startswith(prefixes[loc]) else ""
        per[loc]["docs"].append(entry)
    if with_keywords:
        for part in per.values():
            add_keywords(part)
            weigh_entries(part)
    return per


# Weights of entries (lunr's document boost, which Material reads from an entry's "boost"), measured
# with the queries of tests/test_search_ranking.py. Material multiplies the score of a page's first
# entry (its introduction) by up to 2.5 more than a section's, so the guide whose introduction names
# a word outranked the clause about it ("notice of delay" found quality 8.1 first): introductions
# weigh less. A clause (number without a dot: "8 Multas por retraso") weighs more than its
# sub-clauses, which repeat its words ("지체상금" found 8.3 지체상금 상한 before 8 지체상금).
INTRODUCTION_BOOST = 0.4
CLAUSE_BOOST = 1.5
_CLAUSE_TITLE = re.compile(r"\d+\s")


def weigh_entries(part: dict) -> None:
    """Set the boost of each entry of one locale's index (see INTRODUCTION_BOOST, CLAUSE_BOOST)."""
    for entry in part["docs"]:
        factor = 1.0
        if "#" not in entry.get("location", ""):
            factor = INTRODUCTION_BOOST
        elif _CLAUSE_TITLE.match(entry.get("title", "")):
            factor = CLAUSE_BOOST
        if factor != 1.0:
            entry["boost"] = round(float(entry.get("boost", 1)) * factor, 4)


class IndexMemo:
    """What :func:`write_locale_indexes` made of each entry, kept by a preview (``mkdocs serve``) from one
    rebuild to the next, where one edit changes a few entries of thousands: each title and text as the
    allowlist leaves it, and per locale each entry's keywords, valid while the locale's word starts (the
    only thing the keywords read beyond the entry) are the same. Each call keeps only what it used."""

    def __init__(self) -> None:
        self.clean: dict[str, str] = {}
        self.keywords: dict[str, tuple[set[str], dict[tuple[str, str], tuple[str, str]]]] = {}
        self.json: dict[str, dict[tuple, str]] = {}  # locale → an entry's fields, in order → its JSON

    def dumps(self, index: dict, locale: str) -> str:
        """``json.dumps(index)`` as :func:`write_locale_indexes` writes it, byte for byte, with each entry's
        JSON kept from the last call for the same fields and values (one edit changes a few entries of
        thousands). Each call keeps only what it used."""
        if list(index) != ["config", "docs"]:  # not the shape a search index has: no shortcut
            return _dumps(index)
        old, new = self.json.get(locale, {}), {}
        parts = []
        for doc in index["docs"]:
            # the type beside each value that is not text: 1, 1.0 and True are equal keys, not equal JSON
            key = tuple((k, v) if type(v) is str else (k, type(v), v) for k, v in doc.items())
            try:
                text = new.get(key) or old.get(key)
            except TypeError:  # a field holding a list (tags): not kept
                parts.append(_dumps(doc))
                continue
            if text is None:
                text = _dumps(doc)
            new[key] = text
            parts.append(text)
        self.json[locale] = new
        return f'{{"config":{_dumps(index["config"])},"docs":[{",".join(parts)}]}}'

    def sanitized(self, parts: list[dict]) -> None:
        """Every title and text of these indexes through the allowlist, each distinct string once."""
        old, new = self.clean, {}
        for index in parts:
            for doc in index.get("docs", ()):
                for key in ("title", "text"):
                    value = doc.get(key)
                    if isinstance(value, str):
                        out = new.get(value)
                        if out is None:
                            out = old.get(value)
                            if out is None:
                                out = sanitize_html(value)
                            new[value] = out
                        doc[key] = out
        self.clean = new


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def add_keywords(part: dict, memo: IndexMemo | None = None, locale: str = "") -> None:
    """Give each entry of one locale's index its ``kw`` field (see :func:`keywords`)."""
    texts = [f"{doc.get('title', '')} {doc.get('text', '')}" for doc in part["docs"]]
    starts = word_starts(texts)
    make = _KeywordMaker(starts)
    old: dict = {}
    if memo is not None:
        kept_starts, kept = memo.keywords.get(locale, (None, {}))
        old = kept if kept_starts == starts else {}
    new: dict[tuple[str, str], tuple[str, str]] = {}
    for entry in part["docs"]:
        key = (entry.get("text", ""), entry.get("title", ""))
        words = old.get(key) if memo is not None else None
        if words is None:
            # the title's own extra words, in a field with the title's boost: "prorroga" finds the clause
            # titled "Prórroga del plazo" first, as "prórroga" does
            words = (make(key[0]), make(key[1]))
        if memo is not None:
            new[key] = words
        kw, kt = words
        if kw:
            entry["kw"] = kw
        if kt:
            entry[TITLE_KEYWORDS] = kt
    if memo is not None:
        memo.keywords[locale] = (starts, new)


def _index_cache_code() -> bytes:
    """What a locale's written index is made by, for the keys of the ``index`` cache: this module (the split,
    keywords, weights, JSON), the sanitiser's allowlist and code, the folding of words and nh3's version."""
    from . import html_subset, sanitize, termbase
    from .caching import code_text, package_version

    return (code_text(sys.modules[__name__], sanitize, html_subset, termbase) + package_version("nh3").encode()
            + sys.version.encode())  # html.unescape, unicodedata's folding and re are the interpreter's


INDEX_CACHE_KEEP = 24  # the index cache's entries: each locale's of the web and the offline build, twice over


def _cached_index(data: bytes | None) -> str | None:
    """A cached index's text, or None when the entry is missing or is not an index written here."""
    if data is None:
        return None
    try:
        text = data.decode("utf-8")
        ok = isinstance(json.loads(text).get("docs"), list)
    except (ValueError, AttributeError, RecursionError):
        return None
    return text if ok else None


def write_locale_indexes(site_dir: str, merged: dict, locales: list[str], default: str, *, script: bool = False,
                         processes: int = 1, memo: IndexMemo | None = None, store=None) -> None:
    """Write each locale's index where its pages look for it: `search/search_index.json` at the
    site root for the default locale, under `<locale>/` for the others. With `script`, also as
    `search_index.js`, which Material reads instead when the site is opened from disk.

    With ``processes`` > 1 (and ``os.fork``), the locales' keywords are computed and written by that
    many processes at once (the keywords are most of the time here; each locale's are its own). With
    ``memo`` (one process), what an earlier call made of the same entries is used again. With ``store``
    (a :class:`cmg.caching.Store`, the ``index`` cache; not with ``memo``), a locale whose entries are
    those of an earlier build is written as that build wrote it, not sanitised and weighed again."""
    parts = split_index(merged, locales, default, with_keywords=False)
    code = _index_cache_code() if store is not None and memo is None else None
    if memo is not None:
        processes = 1
        memo.sanitized(list(parts.values()))  # the search page shows titles and text as HTML: the one allowlist

    def written(loc: str) -> str:
        index = parts[loc]
        if memo is None:
            IndexMemo().sanitized([index])  # the search page shows titles and text as HTML: the one allowlist
        add_keywords(index, memo, loc)
        weigh_entries(index)
        return _dumps(index) if memo is None else memo.dumps(index, loc)

    def write(loc: str) -> None:
        if code is None:
            text = written(loc)
        else:
            key = digest(code, loc, _dumps(parts[loc]))
            text = _cached_index(store.read(key))
            if text is None:
                text = written(loc)
                store.write(key, text.encode("utf-8"))
        folder = os.path.join(site_dir, *([] if loc == default else [loc]), "search")
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, "search_index.json"), "w", encoding="utf-8") as fh:
            fh.write(text)
        if script:
            with open(os.path.join(folder, "search_index.js"), "w", encoding="utf-8") as fh:
                fh.write(f"var __index = {text}")

    order = list(parts)
    if processes <= 1 or len(order) < 2 or not can_fork():
        for loc in order:
            write(loc)
        return
    children: dict[int, str] = {}  # pid → locale, oldest first
    failed: list[str] = []
    try:
        for loc in order[:-1]:
            if len(children) >= processes - 1:
                pid = next(iter(children))
                _wait_child(pid, children.pop(pid), failed)
            pid = fork(write, loc)
            children[pid] = loc
        write(order[-1])
    finally:
        for pid, loc in list(children.items()):  # never left running, also when this process failed
            _wait_child(pid, loc, failed)
    if failed:
        raise OSError(f"the search index of {', '.join(failed)} could not be written (see above)")


def _wait_child(pid: int, loc: str, failed: list[str]) -> None:
    if wait(pid) != 0:
        failed.append(loc)


# -------------------------------------------------------------- duplicates across the locales


def dedup_search(entries: list[dict], build_languages: list[str]) -> list[dict]:
    """mkdocs-static-i18n's removal of duplicate search entries, with the same result, in linear time.

    It drops an entry of a locale folder when an entry outside them has the same title and text and
    a location its location ends with. Its loop removes from the list it iterates over, which skips
    the entry right after each removal; this reproduces that too. Unusual shapes (default-locale
    entries after locale ones, or equal entries) take its original quadratic code.
    """
    prefixes = tuple(f"{lang}/" for lang in build_languages)
    is_target = [e["location"].startswith(prefixes) for e in entries]
    first_target = is_target.index(True) if True in is_target else len(entries)
    targets = entries[first_target:]
    keys = [(e["title"], e["text"], e["location"]) for e in targets]
    if not all(is_target[first_target:]) or len(set(keys)) != len(keys):
        return _dedup_search_original(list(entries), prefixes)
    buckets: dict[tuple, list[int]] = {}
    for i, e in enumerate(targets):
        buckets.setdefault((e["title"], e["text"]), []).append(i)
    n = len(targets)
    nxt = list(range(n + 1))  # nxt[i]: first entry at or after i still in the list (n: none)

    def find(i: int) -> int:
        root = i
        while nxt[root] != root:
            root = nxt[root]
        while nxt[i] != root:
            nxt[i], i = root, nxt[i]
        return root

    for d in entries[:first_target]:
        skipped = -1
        for i in buckets.get((d["title"], d["text"]), ()):
            if find(i) != i or not targets[i]["location"].endswith(d["location"]):
                continue
            if i == skipped:
                continue
            nxt[i] = i + 1  # removed
            skipped = find(i + 1)
    return entries[:first_target] + [e for i, e in enumerate(targets) if find(i) == i]


def _dedup_search_original(entries: list[dict], prefixes: tuple[str, ...]) -> list[dict]:
    """mkdocs-static-i18n 1.3.1 ``reconfigure_search_duplicates``, as written there."""
    defaults = filter(lambda x: not x["location"].startswith(prefixes), entries)
    targets = list(filter(lambda x: x["location"].startswith(prefixes), entries))
    for d in defaults:
        duplicated = filter(lambda x: x["title"] == d["title"] and x["location"].endswith(d["location"])
                            and x["text"] == d["text"], targets)
        for dup in duplicated:
            entries.remove(dup)
            targets.remove(dup)
    return entries
