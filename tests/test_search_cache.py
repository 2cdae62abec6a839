"""Search entries kept between builds (search_cache.py): the same index as a cold build, always."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import quick_build as build
from conftest import tree

PAGE = "guides/demo/index.md"


def indexes(site: Path) -> dict[str, bytes]:
    return {k: v for k, v in tree(site).items() if k.endswith("search_index.json")}


def test_warm_build_writes_the_same_site_and_follows_edits(mini, tmp_path):
    cache = tmp_path / "cache"
    cold = build(mini.root, tmp_path / "cold", cache)
    assert cold.returncode == 0, cold.stderr[-3000:]
    files = sorted((cache / "search").glob("*.json"))
    assert [f.name.split("-")[0] for f in files] == ["en", "es", "ko"]  # one per locale
    warm = build(mini.root, tmp_path / "warm", cache)
    assert warm.returncode == 0, warm.stderr[-3000:]
    assert tree(tmp_path / "warm") == tree(tmp_path / "cold")

    # an edited page is parsed again: its new words are in the index, the old ones gone
    mini.replace(PAGE, "A tiny guide used by the tests.", "A tiny guide about the Zanzibar quokka.")
    edited = build(mini.root, tmp_path / "edited", cache)
    plain = build(mini.root, tmp_path / "plain", tmp_path / "other-cache", CMG_NO_SEARCH_CACHE="1")
    assert edited.returncode == plain.returncode == 0
    assert indexes(tmp_path / "edited") == indexes(tmp_path / "plain")
    assert "Zanzibar quokka" in (tmp_path / "edited" / "en" / "search" / "search_index.json").read_text(encoding="utf-8")
    assert not (tmp_path / "other-cache" / "search").exists()


def test_a_damaged_cache_is_a_cold_cache(mini, tmp_path):
    cache = tmp_path / "cache"
    assert build(mini.root, tmp_path / "cold", cache).returncode == 0
    files = sorted((cache / "search").glob("*.json"))
    files[0].write_text('{"salt": "1\\u0000', encoding="utf-8")  # cut short
    files[1].write_bytes(b"\xff\xfe garbage")
    data = json.loads(files[2].read_text(encoding="utf-8"))
    for page in data["pages"].values():  # right salt and keys, wrong shapes
        page["entries"] = "not a list"
    files[2].write_text(json.dumps(data), encoding="utf-8")
    again = build(mini.root, tmp_path / "again", cache)
    assert again.returncode == 0, again.stderr[-3000:]
    assert "Traceback" not in again.stderr
    assert tree(tmp_path / "again") == tree(tmp_path / "cold")
    for f in files:  # rewritten whole
        assert isinstance(json.loads(f.read_text(encoding="utf-8"))["pages"], dict)


def test_old_stores_are_pruned(tmp_path):
    import time

    from cmg.page_cache import PageCache

    for n in range(30):
        store = PageCache(tmp_path / f"ko-{n:02d}.json", "salt")
        store.put("ko/page/", "key", [n])
        store.save()
        time.sleep(0.01)
    names = sorted(p.name for p in tmp_path.glob("*.json"))
    assert names == [f"ko-{n:02d}.json" for n in range(6, 30)]
    assert PageCache(tmp_path / "ko-29.json", "salt").get("ko/page/", "key", list) == [29]
    assert PageCache(tmp_path / "ko-29.json", "other salt").get("ko/page/", "key", list) is None


def test_a_result_that_is_not_json_data_is_not_kept(tmp_path):
    from cmg.page_cache import PageCache

    store = PageCache(tmp_path / "es-x.json", "salt")
    store.put("a/", "k1", [{"title": "A", "boost": 2.0}])
    store.put("b/", "k2", [{"title": object()}])  # another plugin's object in an entry: computed again next time
    store.save()
    again = PageCache(tmp_path / "es-x.json", "salt")
    assert again.get("a/", "k1", list) == [{"title": "A", "boost": 2.0}]
    assert again.get("b/", "k2", list) is None
