"""The parser's fast paths give exactly what the general code gives: the front matter read without a
YAML parser equals yaml.load's result (types included), on the shipped guides, the fixtures and
generated front matter."""

from __future__ import annotations

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from cmg import parse
from cmg.numbers import extract_numbers
from cmg.parse import FAST_LOADER, fast_front_matter, parse_guide_bytes
from cmg.project import iter_guide_files, load_project
from conftest import FIXTURES, ROOT


def _guide_files():
    for root in (ROOT, FIXTURES / "mini"):
        project = load_project(root / "mkdocs.yml")
        for locale in project.locales:
            yield from iter_guide_files(project, locale)


def test_fast_front_matter_gives_the_models_of_yaml_load(monkeypatch):
    files = list(_guide_files())
    assert len(files) >= 18
    fast = [parse_guide_bytes(gp.abs.read_bytes(), path=str(gp.abs), locale=gp.locale, guide=gp.guide, rel=gp.rel)
            for gp in files]
    assert sum(bool(gf.meta) for gf in fast) == len(files)
    monkeypatch.setattr(parse, "fast_front_matter", lambda lines: None)
    slow = [parse_guide_bytes(gp.abs.read_bytes(), path=str(gp.abs), locale=gp.locale, guide=gp.guide, rel=gp.rel)
            for gp in files]
    assert fast == slow
    assert [repr(gf.meta) for gf in fast] == [repr(gf.meta) for gf in slow]  # 1 and 1.0 and True differ here


def test_the_usual_shape_takes_the_fast_path():
    lines = ["guide: delays", "number: 2", "title: Gestión de retrasos", "version: 1.0.0", "status: pilot",
             "effective: 2026-12-01", "applies_to: [goods, works]", "translated_from:", "  dl-scope: '5c1f0e9a2b7d'"]
    meta = fast_front_matter(lines)
    assert meta is not None and repr(meta) == repr(yaml.load("\n".join(lines), Loader=FAST_LOADER))


PIECES = ["key", "k2", "translated_from", ":", ": ", " ", "  ", "'", '"', "[", "]", ", ", "#", "-", "- ", "1", "0",
          "1.0", "1.0.0", "2026-01-01", "yes", "on", "Off", "null", "~", "1e3", "0x1f", "1_000", "12:30", ".inf",
          "é", "한국", "!", "&", "*", "|", ">", "?", "%", "@", "`", "{", "}", "\\", "\t", "\x85", "\u2028", "\ufeff",
          "<<", "=", "a b", "x-y"]


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.lists(st.sampled_from(PIECES), max_size=6).map("".join), min_size=1, max_size=6))
def test_fast_front_matter_equals_yaml_whenever_it_answers(lines):
    meta = fast_front_matter(lines)
    if meta is None:
        return
    assert repr(meta) == repr(yaml.load("\n".join(lines), Loader=FAST_LOADER))


def test_remembered_numerals_give_the_same_tokens():
    text = "Pay USD 1,500.50 within 14 days, 2.5 million by 20 May 2026; 1,000 and 1.000"
    first = extract_numbers(text, "en", 3)
    assert first == extract_numbers(text, "en", 3)
    assert [str(t.value) for t in first] == ["1500.5", "14", "2500000", "20", "2026", "1000", "1", "5"]
    assert [str(t.value) for t in extract_numbers("1억 5,000만 원과 5천만 원, 제75조", "ko", 1)] == [
        "150000000", "50000000", "75"]
    es = extract_numbers("USD 1,5 mil millones y 3 millones el 5 de mayo", "es", 1)
    assert [(str(t.value), t.text) for t in es] == [("1500000000", "1,5 mil millones"), ("3000000", "3 millones"),
                                                    ("5", "5"), ("5", "mayo")]
