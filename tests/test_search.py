"""Keyword fields of the search index: accent-folded words, and Korean compound tails that a
reader could type (they begin the way some word of the locale begins)."""

from __future__ import annotations

from cmg.search import keywords, split_index, word_starts


def test_folded_spanish_words_and_only_meaningful_korean_tails():
    assert keywords("La inspección y la garantía", "es").split() == ["garantia", "inspeccion"]
    texts = ["하자보수보증금을 돌려준다", "보증금은 계약보증금과 다르다", "근로계약서를 확인한다"]
    starts = word_starts(texts)
    kw = keywords(texts[0], "ko", starts).split()
    assert "보증금을" in kw  # "보증금" begins a word of the locale
    assert "자보수보증금을" not in kw and "증금을" not in kw  # tails nobody types are left out
    assert "자보수보증금을" in keywords(texts[0], "ko").split()  # without the locale's words: every tail


def test_split_index_gives_each_locale_its_own_entries_and_keywords():
    merged = {"config": {"lang": ["es"]}, "docs": [
        {"location": "delays/", "title": "Retrasos", "text": "Notificación de retraso"},
        {"location": "ko/delays/", "title": "지체", "text": "하자보수보증금 보증금"},
        {"location": "en/delays/", "title": "Delays", "text": "Notice of delay"},
    ]}
    per = split_index(merged, ["es", "en", "ko"], "es")
    assert [d["location"] for d in per["es"]["docs"]] == ["delays/"]
    assert per["es"]["docs"][0]["kw"] == "notificacion"
    assert per["ko"]["docs"][0]["location"] == "delays/" and "보증금" in per["ko"]["docs"][0]["kw"].split()
    assert "kw" not in per["en"]["docs"][0]
