"""Markdown conversions kept between builds (render_cache.py): a warm build is a cold build, faster."""

from __future__ import annotations

import json

from conftest import quick_build as build
from conftest import tree

PAGE = "guides/demo/index.md"


def test_warm_build_writes_the_same_site_and_follows_edits(mini, tmp_path):
    cache = tmp_path / "cache"
    # the model letter cites the clause whose title changes below: its forms .docx from the forms cache
    # must follow the new title
    mini.replace(PAGE, "{{delay_days}} days of delay.", "{{delay_days}} days of delay, see [[dm-inspection]].")
    cold = build(mini.root, tmp_path / "cold", cache)
    assert cold.returncode == 0, cold.stderr[-3000:]
    stores = sorted((cache / "render").glob("*.json"))
    assert [f.name.split("-")[0] for f in stores] == ["en", "es", "ko"]
    warm = build(mini.root, tmp_path / "warm", cache)
    assert warm.returncode == 0, warm.stderr[-3000:]
    assert tree(tmp_path / "warm") == tree(tmp_path / "cold")

    # an edited page, and a page that links to a file that is then added: converted again
    mini.replace(PAGE, "## 1 Inspection {#dm-inspection}", "## 1 Inspection of goods {#dm-inspection}")
    mini.write("docs/en/index.md", mini.read("docs/en/index.md") + "\nSee [the notes](notes.md).\n")
    first = build(mini.root, tmp_path / "first", cache)
    mini.write("docs/en/notes.md", "# Notes\n\nNotes.\n")
    edited = build(mini.root, tmp_path / "edited", cache)
    plain = build(mini.root, tmp_path / "plain", tmp_path / "no-cache", CMG_NO_RENDER_CACHE="1",
                  CMG_NO_SEARCH_CACHE="1", CMG_NO_FORMS_CACHE="1")
    assert first.returncode == edited.returncode == plain.returncode == 0
    assert "notes.md" in first.stderr  # the link's target did not exist yet
    assert tree(tmp_path / "edited") == tree(tmp_path / "plain")
    assert 'href="notes/"' in (tmp_path / "edited" / "en" / "index.html").read_text(encoding="utf-8")
    assert "Inspection of goods" in (tmp_path / "edited" / "en" / "demo" / "index.html").read_text(encoding="utf-8")
    assert not (tmp_path / "no-cache" / "render").exists()
    assert not (tmp_path / "no-cache" / "forms").exists()
    assert list((cache / "forms").glob("*.docx"))


def test_a_warm_build_logs_the_same_warnings_and_fails_strict_the_same_way(mini, tmp_path):
    mini.write("docs/en/index.md", mini.read("docs/en/index.md") + "\nSee [a missing page](missing.md).\n")
    cache = tmp_path / "cache"
    runs = [build(mini.root, tmp_path / f"site{n}", cache, "--strict") for n in range(2)]
    for run in runs:
        assert run.returncode != 0
        assert "missing.md" in run.stderr and "Aborted" in run.stdout + run.stderr
    lines = [sorted(ln for ln in run.stderr.splitlines() if "missing.md" in ln) for run in runs]
    assert lines[0] == lines[1]


def test_a_damaged_cache_is_a_cold_cache(mini, tmp_path):
    cache = tmp_path / "cache"
    assert build(mini.root, tmp_path / "cold", cache).returncode == 0
    stores = sorted((cache / "render").glob("*.json"))
    stores[0].write_text("{", encoding="utf-8")
    data = json.loads(stores[1].read_text(encoding="utf-8"))
    for page in data["pages"].values():  # right salt and keys, wrong shapes
        page["value"]["toc"] = [{"level": "one"}]
        page["value"]["content"] = 42
    stores[1].write_text(json.dumps(data), encoding="utf-8")
    data = json.loads(stores[2].read_text(encoding="utf-8"))
    for page in data["pages"].values():
        page["value"]["links"] = {"no/such/file.md": {"x": "y"}}
    stores[2].write_text(json.dumps(data), encoding="utf-8")
    again = build(mini.root, tmp_path / "again", cache)
    assert again.returncode == 0, again.stderr[-3000:]
    assert "Traceback" not in again.stderr
    assert tree(tmp_path / "again") == tree(tmp_path / "cold")


def test_shipped_site_is_the_same_from_a_warm_cache(shipped, tmp_path):
    """Every page of the shipped guides, in every locale, through `cmg build` as `make site` runs it."""
    cache = tmp_path / "cache"
    runs = {}
    for name, extra in (("plain", {"CMG_NO_RENDER_CACHE": "1", "CMG_NO_SEARCH_CACHE": "1", "CMG_NO_FORMS_CACHE": "1",
                                   "CMG_NO_INDEX_CACHE": "1"}),
                        ("cold", {}),
                        ("warm", {})):
        result = build(shipped.root, tmp_path / name, cache, cmd="cmg", **extra)
        assert result.returncode == 0, result.stderr[-3000:]
        runs[name] = tree(tmp_path / name)
    assert runs["cold"] == runs["plain"]
    assert runs["warm"] == runs["plain"]


def test_sanitized_contents_kept_between_builds(tmp_path):
    from cmg.engine.caches.sanitized import SanitizedCache
    from cmg.sanitize import sanitize_page_html

    calls = []

    def counted(fragment, widgets):
        calls.append(fragment)
        return sanitize_page_html(fragment, widgets)

    path = tmp_path / "sanitized" / "en-x.json"
    unsafe, safe = '<p onclick="alert(1)">a</p>', "<p>b</p>"
    first = SanitizedCache(path)
    outs = [first.sanitized(p, html, (), counted) for p, html in (("a.md", unsafe), ("b.md", safe))]
    first.store.save()
    again = SanitizedCache(path)
    assert [again.sanitized(p, html, (), counted) for p, html in (("a.md", unsafe), ("b.md", safe))] == outs
    assert outs == [sanitize_page_html(unsafe), safe] and len(calls) == 2  # the second build sanitised nothing
    assert again.sanitized("b.md", "<p>c<script>x</script></p>", (), counted) == "<p>c</p>"  # changed: again
