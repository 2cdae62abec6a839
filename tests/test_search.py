"""Keyword fields of the search index: accent-folded words, and Korean compound tails that a
reader could type (they begin the way some word of the locale begins)."""

from __future__ import annotations

from cmg.search import keywords, split_index, word_starts


def test_folded_spanish_words_and_only_meaningful_korean_tails():
    assert keywords("La inspección y la garantía", "es").split() == ["inspeccion", "garantia"]
    # as often as the text has the accented word: a folded query weighs what the accented one does
    assert keywords("Prórroga. La prórroga y otra prórroga", "es").split() == ["prorroga"] * 3
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
    # the title's folded words in a field of their own (mkdocs.yml gives it the title's boost)
    assert "kt" not in per["es"]["docs"][0]
    titled = split_index({"docs": [{"location": "x/", "title": "Prórroga del plazo", "text": "Plazo"}]}, ["es"], "es")
    assert titled["es"]["docs"][0]["kt"] == "prorroga" and "kw" not in titled["es"]["docs"][0]


def test_indexes_written_on_several_cores_are_the_same_and_a_failure_is_reported(tmp_path):
    import pytest

    from cmg.search import write_locale_indexes

    merged = {"config": {"lang": ["es"]}, "docs": [
        {"location": "quality/", "title": "Inspección", "text": "La inspección y la garantía"},
        {"location": "en/quality/", "title": "Inspection", "text": "Inspection and warranty"},
        {"location": "ko/quality/", "title": "검사", "text": "하자보수보증금 검사·검수"}]}
    for n in (1, 2, 3):
        write_locale_indexes(str(tmp_path / f"site{n}"), merged, ["es", "en", "ko"], "es", processes=n)
    files = sorted(p.relative_to(tmp_path / "site1").as_posix() for p in (tmp_path / "site1").rglob("*.json"))
    assert files == ["en/search/search_index.json", "ko/search/search_index.json", "search/search_index.json"]
    for n in (2, 3):
        for f in files:
            assert (tmp_path / f"site{n}" / f).read_bytes() == (tmp_path / "site1" / f).read_bytes()
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "en").write_text("a file where the folder should be", encoding="utf-8")
    with pytest.raises(OSError, match="'en'|en"):
        write_locale_indexes(str(broken), merged, ["es", "en", "ko"], "es", processes=2)
    assert (broken / "ko" / "search" / "search_index.json").is_file()  # the others were still written


def test_cached_indexes_are_the_ones_written_without_the_cache_and_a_changed_locale_is_made_again(tmp_path):
    import copy

    from cmg.caching import Store
    from cmg.search import write_locale_indexes

    merged = {"config": {"lang": ["es"]}, "docs": [
        {"location": "quality/", "title": "Inspección", "text": "La <b>inspección</b><script>x()</script> y la garantía"},
        {"location": "quality/#8-plazo", "title": "8 Plazo", "text": "Plazo"},
        {"location": "en/quality/", "title": "Inspection", "text": "Inspection <i>and</i> warranty"},
        {"location": "ko/quality/", "title": "검사", "text": "하자보수보증금 검사·검수"}]}
    locales = ["es", "en", "ko"]
    files = ["search/search_index.json", "search/search_index.js", "en/search/search_index.json",
             "ko/search/search_index.js"]

    def written(site: str, index: dict, store: Store | None) -> dict[str, bytes]:
        write_locale_indexes(str(tmp_path / site), copy.deepcopy(index), locales, "es", script=True, processes=2,
                             store=store)
        return {f: (tmp_path / site / f).read_bytes() for f in files}

    store = Store(tmp_path / "cache")
    plain = written("plain", merged, None)
    assert b"<script>" not in plain["search/search_index.json"]  # sanitised, with or without the cache
    assert written("filled", merged, store) == plain
    assert len(list((tmp_path / "cache").iterdir())) == 3  # one entry per locale
    assert written("warm", merged, store) == plain
    # a damaged entry is a miss, and is made again
    for entry in (tmp_path / "cache").iterdir():
        entry.write_bytes(b'{"docs": ')
    assert written("damaged", merged, store) == plain
    # one locale's entries changed: that locale is made again, the others come from the cache
    edited = copy.deepcopy(merged)
    edited["docs"][3]["text"] += " 편집"
    expected = written("edited-plain", edited, None)
    assert expected["ko/search/search_index.js"] != plain["ko/search/search_index.js"]
    assert written("edited", edited, store) == expected
    assert len(list((tmp_path / "cache").iterdir())) == 4
