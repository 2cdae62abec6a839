"""`cmg build` (one process per locale, merged) writes exactly what `mkdocs build` writes."""

from __future__ import annotations

import copy
import random
import re
import shutil
from pathlib import Path

import pytest

from cmg.engine.parallel_build import merge_sitemaps
from cmg.search import dedup_search
from conftest import parallel_build, tree
from sitecheck import build_site

ES = "translations/es/demo/index.md"


def make_fallback(root: Path) -> None:
    """No Korean translation and an English-only site page: fallback pages and notices."""
    shutil.rmtree(root / "translations" / "ko")
    (root / "docs" / "en" / "about.md").write_text("---\ntitle: About\n---\n\n# About\n\nAbout the guides.\n",
                                                  encoding="utf-8")


@pytest.mark.parametrize("variant", ["translated", "fallback"])
def test_parallel_build_is_byte_identical_to_mkdocs_build(mini, tmp_path, variant):
    strict = variant == "translated"
    if variant == "fallback":
        make_fallback(mini.root)
    seq = build_site(mini.root, tmp_path / "seq", strict=strict)
    assert seq.returncode == 0, seq.stderr[-4000:]
    par = parallel_build(mini.root, tmp_path / "par", *(["--strict"] if strict else []))
    assert par.returncode == 0, par.stderr[-4000:]
    expected, got = tree(tmp_path / "seq"), tree(tmp_path / "par")
    assert sorted(got) == sorted(expected)
    different = [name for name in expected if expected[name] != got[name]]
    assert different == []
    # what the merge makes from every locale is there
    for name in ("sitemap.xml", "sitemap.xml.gz", "404.html", "en/404.html", "ko/404.html",
                 "search/search_index.json", "en/search/search_index.json", "ko/search/search_index.json"):
        assert name in got
    sitemap = got["sitemap.xml"].decode()
    assert "http://127.0.0.1:8000/en/demo/" in sitemap and 'hreflang="ko"' in sitemap
    assert not list(tmp_path.glob(".cmg-build-*")), "the children's folders are removed"


def test_validation_runs_once(mini, tmp_path):
    mini.replace(ES, "dentro de 14 días", "dentro de 15 días")
    par = parallel_build(mini.root, tmp_path / "par")
    assert par.returncode == 0, par.stderr[-4000:]
    assert par.stderr.count("CMG201") == 1, par.stderr
    assert re.search(re.escape(ES) + r":\d+:\d+: CMG201", par.stderr), par.stderr
    strict = parallel_build(mini.root, tmp_path / "strict", "--strict")
    assert strict.returncode == 1 and "CMG201" in strict.stderr, strict.stderr[-4000:]


def test_strict_fails_when_one_locale_warns(mini, tmp_path):
    index = mini.path("docs/ko/index.md")
    index.write_text(index.read_text(encoding="utf-8") + "\n[broken](nowhere.md)\n", encoding="utf-8")
    par = parallel_build(mini.root, tmp_path / "par", "--strict")
    assert par.returncode == 1
    assert "nowhere.md" in par.stderr  # the child's own message
    assert "'ko' build failed" in par.stderr
    assert not list(tmp_path.glob(".cmg-build-*"))


def test_search_dedup_is_mkdocs_static_i18n_s():
    """Same result as mkdocs-static-i18n's quadratic loop, including the entries that loop skips."""
    from mkdocs_static_i18n.plugin import I18n

    class Shim:
        build_languages = ["es", "en", "ko"]

    for seed in range(2000):
        rng = random.Random(seed)
        pick = ["", "a/", "a/#s", "b/", "a/#t"]
        entries = [{"location": rng.choice(pick), "title": rng.choice("AB"), "text": rng.choice("xy")}
                   for _ in range(rng.randint(0, 8))]
        for loc in ("en", "ko"):
            seen = set()
            for _ in range(rng.randint(0, 20)):
                e = {"location": f"{loc}/{rng.choice(pick)}{rng.choice(['', 'b/'])}", "title": rng.choice("AB"),
                     "text": rng.choice("xy")}
                if (key := tuple(e.values())) not in seen or seed % 5 == 0:  # every 5th: equal entries too
                    seen.add(key)
                    entries.append(e)
        expected = copy.deepcopy(entries)
        I18n.reconfigure_search_duplicates(Shim(), expected)
        assert dedup_search(copy.deepcopy(entries), Shim.build_languages) == expected, seed


def test_sitemaps_merge_in_order():
    head = '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="x">'
    one = f"{head}\n    <url>a</url>\n</urlset>"
    two = f"{head}\n    <url>b</url>\n    <url>c</url>\n</urlset>"
    empty = f"{head}\n</urlset>"
    assert merge_sitemaps([one, two, empty]) == f"{head}\n    <url>a</url>\n    <url>b</url>\n    <url>c</url>\n</urlset>"


def test_source_locale_builds_while_the_translations_are_prepared(mini, tmp_path, monkeypatch, fake_children):
    """The outdated clauses' word diffs (serial work in `cmg build` itself) are worked out after the source
    locale's build has started, which needs none, and before any translation's."""
    events: list[tuple[str, ...]] = []
    pb = fake_children(events)
    monkeypatch.setattr(pb, "_prepare_translations", lambda project, corpus, states: events.append(("prepare",)))
    monkeypatch.setattr(pb, "_validate", lambda corpus, quiet: events.append(("validate",)) and False)
    # the mini project's default locale (es) is a translation; its source is en
    assert pb.build(mini.root / "mkdocs.yml", site_dir=str(tmp_path / "site"), quiet=True) == 0
    assert events == [("build", "en"), ("prepare",), ("build", "es"), ("build", "ko"), ("validate",), ("merge",)]


def test_search_indexes_from_the_index_cache_are_the_ones_made_without_it(mini, tmp_path):
    """`cmg build`'s merge keeps each locale's search index (cache kind ``index``): a warm build, and one
    after an edit to one locale, write what a build without the cache writes."""
    from conftest import quick_build

    cache = tmp_path / "cache"
    indexes = ("search/search_index.json", "en/search/search_index.json", "ko/search/search_index.json")

    def built(name: str, cache_dir=cache, **env) -> dict:
        result = quick_build(mini.root, tmp_path / name, cache_dir, cmd="cmg", **env)
        assert result.returncode == 0, result.stderr[-3000:]
        return tree(tmp_path / name)

    cold, warm = built("cold"), built("warm")
    assert len(list((cache / "index").iterdir())) == 3
    assert warm == cold == built("plain", tmp_path / "plain-cache", CMG_NO_INDEX_CACHE="1")
    assert not (tmp_path / "plain-cache" / "index").exists()
    mini.replace(ES, "dentro de 14 días", "dentro de 14 días hábiles")
    edited = built("edited")
    assert edited == built("edited-plain", tmp_path / "plain-cache", CMG_NO_INDEX_CACHE="1")
    assert [edited[f] == cold[f] for f in indexes] == [False, True, True]  # the Spanish index made again
    assert len(list((cache / "index").iterdir())) == 4
