"""A preview's search index memo (cmg.search.IndexMemo) writes exactly what a build without it writes,
also after an edit changes an entry and the word starts of a locale."""

from __future__ import annotations

import copy

from cmg.search import IndexMemo, write_locale_indexes

LOCALES = ["es", "en", "ko"]


def merged(ko_text: str) -> dict:
    return {"config": {"lang": ["es"], "separator": "[\\s\\-]+"}, "docs": [
        {"location": "", "title": "Inicio", "text": "<p>Inspección y garantía</p>"},
        {"location": "demo/#dm-delay", "title": "2 Multas por retraso", "text": "<p>Prórroga <b>del</b> plazo</p>"},
        {"location": "en/demo/", "title": "Demo", "text": "<p>Delay damages<script>x()</script></p>"},
        {"location": "ko/demo/#dm-rate", "title": "2.1 지체상금", "text": f"<p>{ko_text}</p>"},
        {"location": "ko/", "title": "홈", "text": "<p>하자보수보증금 검사</p>"},
    ]}


def written(tmp_path, name: str, index: dict, memo: IndexMemo | None) -> dict[str, str]:
    site = tmp_path / name
    write_locale_indexes(str(site), copy.deepcopy(index), LOCALES, "es", memo=memo)
    return {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8") for p in sorted(site.rglob("*.json"))}


def test_the_memo_changes_nothing_that_is_written(tmp_path):
    memo = IndexMemo()
    first = merged("근로계약서 지체상금을")
    assert written(tmp_path, "a", first, memo) == written(tmp_path, "b", first, None)
    assert written(tmp_path, "c", first, memo) == written(tmp_path, "d", first, None)  # from the memo
    # an edit: one entry's text, and a new Korean word (new word starts for the whole locale)
    second = merged("근로계약서 보증금 계약서류 지체상금을")
    assert written(tmp_path, "e", second, memo) == written(tmp_path, "f", second, None)
    assert len(memo.clean) == 2 * len(second["docs"])  # only what the last call used is kept


def test_each_entry_json_kept_is_the_json_of_its_values(tmp_path):
    """An entry's JSON is kept by its fields and values with their types (1, 1.0 and True are equal keys
    in Python, not the same JSON); entries with a list (tags) are written as they are."""
    memo = IndexMemo()
    index = merged("지체상금을")
    index["docs"][3]["boost"] = 1
    index["docs"][2]["tags"] = ["Plazo", "Multas"]
    assert written(tmp_path, "a", index, memo) == written(tmp_path, "b", index, None)
    index["docs"][3]["boost"] = 1.0
    index["docs"][2]["tags"] = ["Plazo"]
    assert written(tmp_path, "c", index, memo) == written(tmp_path, "d", index, None)
    index["docs"][3]["boost"] = True
    assert written(tmp_path, "e", index, memo) == written(tmp_path, "f", index, None)
    assert '"boost":true' in written(tmp_path, "g", index, memo)["ko/search/search_index.json"]
