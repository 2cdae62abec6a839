"""The word diff's matcher (source_texts._WordMatcher) finds exactly the blocks difflib's finds."""

from __future__ import annotations

import difflib

from hypothesis import given, settings
from hypothesis import strategies as st

from cmg.source_texts import _TOKEN, _WordMatcher, word_diff

# few distinct tokens, the one-space token among them: repeats, ties and popular tokens, as in a clause
TOKENS = st.lists(st.sampled_from(["a", "b", "c", " ", ","]), max_size=40)


def reference(a: list[str], b: list[str]) -> difflib.SequenceMatcher:
    return difflib.SequenceMatcher(None, a, b, autojunk=False)


@settings(max_examples=800, deadline=None)
@given(TOKENS, TOKENS)
def test_same_blocks_as_difflib(a, b):
    assert _WordMatcher(a, b).get_matching_blocks() == reference(a, b).get_matching_blocks()
    assert _WordMatcher(a, b).get_opcodes() == reference(a, b).get_opcodes()


@settings(max_examples=800, deadline=None)
@given(TOKENS, st.data())
def test_same_blocks_after_edits(a, data):
    """A revised text: words inserted, removed or swapped in the old one (common prefix or suffix kept)."""
    b = list(a)
    for _ in range(data.draw(st.integers(0, 3))):
        at = data.draw(st.integers(0, len(b)))
        kind = data.draw(st.sampled_from(["insert", "delete", "swap"]))
        if kind == "insert":
            b[at:at] = data.draw(st.lists(st.sampled_from(["a", "b", " ", "x"]), min_size=1, max_size=4))
        elif kind == "delete":
            del b[at:at + data.draw(st.integers(1, 4))]
        else:
            b[at:at + 2] = b[at:at + 2][::-1]
    assert _WordMatcher(a, b).get_matching_blocks() == reference(a, b).get_matching_blocks()


@settings(max_examples=800, deadline=None)
@given(TOKENS, TOKENS, st.data())
def test_longest_match_in_any_range(a, b, data):
    alo = data.draw(st.integers(0, len(a)))
    ahi = data.draw(st.integers(alo, len(a)))
    blo = data.draw(st.integers(0, len(b)))
    bhi = data.draw(st.integers(blo, len(b)))
    assert _WordMatcher(a, b).find_longest_match(alo, ahi, blo, bhi) == reference(a, b).find_longest_match(alo, ahi, blo, bhi)


def test_a_revised_clause():
    old = "The supplier shall deliver the goods within 14 days of the order, and the buyer shall pay within 30 days."
    new = "The supplier shall deliver the goods within 21 days of the written order, and the buyer shall pay within 30 days."
    pieces = word_diff(old, new)
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    assert _WordMatcher(a, b).get_opcodes() == reference(a, b).get_opcodes()
    assert [p for p in pieces if p[0] != "="] == [("-", "14"), ("+", "21"), ("+", " written")]
