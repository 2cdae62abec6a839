import re
from decimal import Decimal

import pytest

from cmg.numbers import extract_numbers


def values(text, locale):
    return [str(t.value) for t in extract_numbers(text, locale, 1)]


@pytest.mark.parametrize(
    ("text", "locale", "expected"),
    [
        ("USD 1,000.50 within 14 days", "en", ["1000.5", "14"]),
        ("L 1,000.50 dentro de 14 días", "es", ["1000.5", "14"]),
        ("1,000.50달러, 14일 이내", "ko", ["1000.5", "14"]),
        ("1.000,50 e 0,05 %", "pt", ["1000.5", "0.05"]),
        ("1\u00a0000,50", "pt", ["1000.5"]),
        ("0.05% and 0.05 %", "en", ["0.05", "0.05"]),
        ("1천만 원", "ko", ["10000000"]),
        ("1억 5,000만 원", "ko", ["150000000"]),
        ("5,000만 원", "ko", ["50000000"]),
        ("제75조제1항", "ko", ["75", "1"]),
        ("113조 원", "ko", ["113000000000000"]),
        ("1일당 0.075%", "ko", ["0.075"]),
        ("USD 1.5 million", "en", ["1500000"]),
        ("USD 2 millones", "es", ["2000000"]),
        ("2026-12-01", "en", ["2026", "12", "1"]),
        ("0.5/1,000", "en", ["0.5", "1000"]),
        ("three days", "en", []),
        ("B/.300,000", "es", ["300000"]),
        ("on 20 May 2026", "en", ["20", "2026", "5"]),
        ("el 20 de mayo de 2026", "es", ["20", "2026", "5"]),
        ("you may act in May", "en", []),
    ],
)
def test_number_formats(text, locale, expected):
    assert values(text, locale) == expected


def test_same_quantity_in_three_locales():
    en = values("Delay damages of USD 1,250,000.00 over 45 days at 0.075 %", "en")
    es = values("Multa de USD 1,250,000.00 por 45 días a 0.075 %", "es")
    ko = values("45일 동안 0.075%를 적용한 지체상금 1,250,000.00달러", "ko")
    assert sorted(en) == sorted(es) == sorted(ko)


def test_positions_are_columns():
    tokens = extract_numbers("ab 14 days", "en", 7, 3)
    assert tokens[0].pos.line == 7 and tokens[0].pos.col == 6
    assert tokens[0].value == Decimal(14)


def test_numeral_pattern_matches_where_the_plain_one_does():
    # _TOKEN is written to start with \d so that the regex engine can skip ahead; it finds the same spans
    from cmg.numbers import _NUM, _TOKEN

    plain = re.compile(rf"(?<![0-9]){_NUM}")
    for text in ("1,000.50 and 14 days", "x12.5.6y", "٣4 and ３", "2026-12-01", "a1b22c333", "1\u00a0000,5", "99.", ".5"):
        for pos in range(len(text) + 1):
            a, b = plain.search(text, pos), _TOKEN.search(text, pos)
            assert (a and a.span()) == (b and b.span()), (text, pos)


def test_obligation_patterns_are_searched_less_their_leading_word_boundary():
    from cmg.termbase import STRENGTHS, _loosened, count_obligations, loose_key

    must = re.compile(r"\bmust\b")
    assert _loosened(must).pattern == r"must\b"
    assert _loosened(re.compile(r"(?i)\bno (?:debe|puede)\b")).pattern == r"(?i)no (?:debe|puede)\b"
    assert _loosened(re.compile(r"야\s*(?:한다|하며)")) is None
    assert _loosened(re.compile(r"\b|x")) is None
    patterns = {"prohibited": [re.compile(r"\bmust not\b")], "mandatory": [must]}
    counts = count_obligations(["You must not. You must. Mustard is not a must-have; mustn't"], patterns)
    assert {k: counts[k] for k in STRENGTHS} == {"prohibited": 1, "mandatory": 2, "recommended": 0, "permitted": 0}
    assert not any(counts[loose_key(k)] for k in STRENGTHS)  # no loose forms given: none counted


def test_korean_particle_mankeum_and_numeronyms_are_not_quantities():
    # "1만큼" is "by 1" (particle 만큼), not 10,000; "k8s" is a word; "8진수" keeps its 8 (en "base 8")
    vals = [str(t.value) for t in extract_numbers("1만큼 증가시키고 k8s 8진수를, 5만 원, 1만 5천 원", "ko", 1)]
    assert vals == ["1", "8", "50000", "15000"]
    assert [str(t.value) for t in extract_numbers("the k8s and i18n teams, 14 days", "en", 1)] == ["14"]


def test_small_numbers_written_as_words():
    from decimal import Decimal

    from cmg.numbers import number_words

    assert number_words("use _two spaces_, a three-way merge; one of them", "en") == {Decimal(2): 1, Decimal(3): 1}
    assert number_words("parches de tres vías, dos espacios y una prórroga", "es") == {Decimal(3): 1, Decimal(2): 1}
    assert number_words("두 가지 방법, 세 부분, 한다", "ko") == {Decimal(2): 1, Decimal(3): 1}


def test_ordinals_and_number_bases_as_words():
    from decimal import Decimal

    from cmg.numbers import number_words

    assert number_words("trusted 3rd parties, a third copy, in hexadecimal", "en") == {Decimal(3): 2, Decimal(16): 1}
    assert number_words("terceros de confianza, en octal", "es") == {Decimal(3): 1, Decimal(8): 1}
    assert number_words("열하나 그리고 십육진수", "ko") == {Decimal(11): 1, Decimal(16): 1}


def test_obligation_needles_are_a_start_of_every_match(shipped_validated):
    # the literal start that lets count_obligations skip a pattern must never skip one that matches
    from cmg.termbase import _needle, load_termbase
    from conftest import ROOT

    corpus, _ = shipped_validated
    project = corpus.project
    tb = load_termbase(ROOT / project.termbase, "t", project.locales)
    texts = {}
    for gf in corpus.files.values():
        for _, block in gf.blocks():
            texts.setdefault(gf.locale, []).append(" ".join(t.text for t in block.text))
    texts["es"].append("SE DEBE A que llovió; Esto se debe al clima; NO SE PUEDE")
    checked = 0
    for loc, strengths in tb.obligations.items():
        for pats in strengths.values():
            for pat in pats:
                needle, ignore_case = _needle(pat)
                for text in texts.get(loc, []):
                    for m in pat.finditer(text):
                        hay = m.group(0).lower() if ignore_case else m.group(0)
                        assert hay.startswith(needle), (pat.pattern, m.group(0), needle)
                        checked += 1
    assert checked > 500


@pytest.mark.parametrize("locale", ["pt", "fr", "ht", "de", "it", "nl"])
def test_languages_new_locale_knows_read_a_decimal_comma(locale):
    # a translated "0,125 %" in any language `cmg new-locale` names is 0.125, not 125
    assert [str(t.value) for t in extract_numbers("0,125 %", locale, 1)] == ["0.125"]


def test_obligation_prefilter_knows_the_letters_ignore_case_matches_that_lower_does_not_make():
    # (?i) matches "conviene" in "convıene" (dotless ı), "İ" and "ſ" too; the literal-start pre-filter
    # folds the text with str.lower(), which keeps those letters: it must not skip the pattern for them
    import re

    from cmg.termbase import count_obligations

    patterns = {"recommended": [re.compile(r"(?i)\bconviene\b")], "mandatory": [re.compile(r"(?i)\bmust\b")]}
    for text in ("Convıene revisar", "CONVİENE revisar", "You muſt sign"):
        plain = sum(len(p.findall(text)) for pats in patterns.values() for p in pats)
        counts = count_obligations([text], patterns)
        assert plain == 1 and counts["recommended"] + counts["mandatory"] == 1, (text, counts)
