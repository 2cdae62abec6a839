"""Property-based tests: no translated text is ever changed or dropped; the parser never crashes."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cmg.checks import check_file, compare_files
from cmg.edits import record_lines, sync_lines
from cmg.freshness import fingerprint
from cmg.fsio import split_keepends
from cmg.parse import parse_guide_bytes, parse_guide_text

FM = "---\nguide: g\nnumber: 1\ntitle: T\nversion: 1.0.0\nstatus: draft\neffective: 2026-01-01\napplies_to: [goods]\n---\n"

line_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"),
    max_size=40,
).filter(lambda t: not t.lstrip().startswith(("#", "---", "```", "~~~", "[^", "<!--", "...")))


@st.composite
def guide_pair(draw):
    n = draw(st.integers(1, 7))
    clauses = []
    section = 0
    sub = 0
    for i in range(n):
        if i == 0 or draw(st.booleans()):
            section += 1
            sub = 0
            clauses.append((2, f"{section}", f"c-{i}"))
        else:
            sub += 1
            clauses.append((3, f"{section}.{sub}", f"c-{i}"))
    src = [FM, "# T\n", "\n", "Intro.\n"]
    for level, num, cid in clauses:
        src += ["\n", f"{'#' * level} {num} Title {cid} {{#{cid}}}\n", "\n"]
        src += [t + "\n" for t in draw(st.lists(line_text, min_size=1, max_size=3))]
    keep = draw(st.lists(st.booleans(), min_size=n, max_size=n))
    nl = draw(st.sampled_from(["\n", "\r\n"]))
    tr = [FM.replace("\n", nl), "# T" + nl, nl, "Intro tr." + nl]
    for (level, num, cid), k in zip(clauses, keep, strict=True):
        if k:
            tr += [nl, f"{'#' * level} {num} Título {cid} {{#{cid}}}" + nl, nl]
            tr += [t + nl for t in draw(st.lists(line_text, min_size=0, max_size=3))]
    if draw(st.booleans()) and tr[-1].endswith(nl):
        tr[-1] = tr[-1][: -len(nl)]  # no newline at the end of the file
    return "".join(src), "".join(tr)


def _lines_kept(before: list[str], after: list[str]) -> bool:
    """Every line of `before` appears, in order, in `after` (the last may have gained a line ending)."""
    it = iter(after)
    for i, line in enumerate(before):
        last = i == len(before) - 1
        for cand in it:
            if cand == line or (last and cand.rstrip("\r\n") == line.rstrip("\r\n")):
                break
        else:
            return False
    return True


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(guide_pair())
def test_sync_keeps_every_translated_line_and_is_idempotent(pair):
    src_text, tr_text = pair
    src = parse_guide_text(src_text, path="guides/g/index.md", locale="en", guide="g", rel="g/index.md")
    tr = parse_guide_text(tr_text, path="translations/es/g/index.md", locale="es", guide="g", rel="g/index.md")
    tr_lines = split_keepends(tr_text)
    out = sync_lines(src, split_keepends(src_text), tr, tr_lines)
    assert _lines_kept(tr_lines, out)
    synced = parse_guide_text("".join(out), path="t", locale="es", guide="g", rel="g/index.md")
    assert [c.id for c in synced.clauses] == [c.id for c in src.clauses]
    again = sync_lines(src, split_keepends(src_text), synced, out)
    assert again == out


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(guide_pair(), st.data())
def test_mark_keeps_every_translated_line(pair, data):
    src_text, tr_text = pair
    src = parse_guide_text(src_text, path="s", locale="en", guide="g", rel="g/index.md")
    tr = parse_guide_text(tr_text, path="t", locale="es", guide="g", rel="g/index.md")
    ids = [c.id for c in tr.clauses]
    chosen = data.draw(st.lists(st.sampled_from(ids), unique=True) if ids else st.just([]))
    prints = {cid: fingerprint(src.clause(cid)) for cid in chosen}
    tr_lines = split_keepends(tr_text)
    out = record_lines(tr_lines, prints, [c.id for c in src.clauses])
    assert _lines_kept(tr_lines, out)
    marked = parse_guide_text("".join(out), path="t", locale="es", guide="g", rel="g/index.md")
    assert {k: v for k, v in (marked.meta.get("translated_from") or {}).items()} == prints
    assert [c.body.raw for c in marked.clauses] == [c.body.raw for c in tr.clauses]
    # a second mark with the same fingerprints changes nothing
    assert record_lines(out, prints, [c.id for c in src.clauses]) == out


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000))
def test_parser_never_crashes_on_random_bytes(data):
    gf = parse_guide_bytes(data, path="x.md", locale="ko", guide="g", rel="g/x.md")
    check_file(gf, is_source=False, termbase=None)


markdown_piece = st.sampled_from([
    "# T\n", "## 1 A {#a}\n", "### 1.1 B {#b}\n", "## x {#}\n", "#### deep\n", "```\n", "~~~py\n", "!!! note\n",
    "!!! form \"F\"\n", "    {{p}} body\n", "- [ ] task\n", "1. item\n", "| a | b |\n", "|---|---|\n", "[^1]: note\n",
    "text [^1] [[a]] [l](http://x) ![i](y.png)\n", "<script>x</script>\n", "1,000.50 0.05 % 1천만 원\n", "---\n",
    "title: [\n", "\t\ttabs\n", "\r\n", "\ufeff", "<!-- cmg: ignore CMG201 -->\n", "<!-- cmg: untranslated -->\n",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(markdown_piece, line_text.map(lambda t: t + "\n")), max_size=40), st.sampled_from(["en", "es", "ko"]))
def test_parser_and_checks_never_crash_on_random_markdown(pieces, locale):
    text = "".join(pieces)
    a = parse_guide_text(text, path="a.md", locale="en", guide="g", rel="g/a.md")
    b = parse_guide_text(text[::-1], path="b.md", locale=locale, guide="g", rel="g/a.md")
    check_file(a, is_source=True, termbase=None)
    compare_files(a, b, None)


# ------------------------------------------------------------------ fast paths agree with plain definitions

import re  # noqa: E402
from pathlib import Path  # noqa: E402

from cmg.termbase import TermIndex, _word_matches, fold, load_termbase  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
_TERMBASE = load_termbase(ROOT / "translations" / "termbase.yml", "termbase.yml", ["en", "es", "ko"])
_WORDS = re.compile(r"[^\W_]+(?:-[^\W_]+)*")


def _reference_find(index: TermIndex, text: str) -> tuple[set[str], list[tuple[str, str]]]:
    """Terms in a folded text, the plain way: try every phrase at every word, then every spaceless term.

    Returns the accepted term ids and the (term id, first forbidden phrase) pairs in order of occurrence.
    """
    spans = [(m.group(0), m.start(), m.end()) for m in _WORDS.finditer(text)]
    found: dict[tuple[str, str], str] = {}
    for i, (w, _, _) in enumerate(spans):
        keys = [k for k in (w, w[:-1], w[:-2], w[:-3])[: 1 + max(0, min(3, len(w) - 4))] if k in index.first]
        for key in keys:
            for words, term_id, kind, phrase in index.first[key]:
                if (term_id, kind) in found or not _word_matches(w, words[0]) or i + len(words) > len(spans):
                    continue
                if all(not text[spans[i + k - 1][2]:spans[i + k][1]].strip(" \t\n-") and _word_matches(spans[i + k][0], words[k])
                       for k in range(1, len(words))):
                    found[(term_id, kind)] = phrase
    compact_text = re.sub(r"\s+", "", text)
    for compact, term_id, kind, phrase in index.compact:
        if (term_id, kind) not in found and compact in compact_text:
            found[(term_id, kind)] = phrase
    return ({t for t, kind in found if kind == "accepted"}, [(t, p) for (t, kind), p in found.items() if kind == "forbidden"])


def _phrases(locale: str) -> list[str]:
    return [p for t in _TERMBASE.terms if locale in t.by_locale for p in (*t.by_locale[locale].accepted, *t.by_locale[locale].forbidden)]


@st.composite
def term_text(draw):
    locale = draw(st.sampled_from(["en", "es", "ko"]))
    pieces = st.one_of(st.sampled_from(_phrases(locale)), st.sampled_from(["s", "es", "ing", "-x", "non-", "(", ")", "_", "de", "the"]),
                       line_text)
    seps = st.sampled_from([" ", "  ", "-", " - ", "\n", ", ", "", "\t"])
    parts = draw(st.lists(st.tuples(pieces, seps), max_size=12))
    return locale, fold("".join(p + s for p, s in parts))


@settings(max_examples=400, deadline=None)
@given(term_text())
def test_term_index_finds_what_the_plain_scan_finds(case):
    locale, text = case
    found = TermIndex(_TERMBASE, locale).find(text)
    assert (set(found.accepted), list(found.forbidden.items())) == _reference_find(_TERMBASE.index(locale), text)
