"""The one cache mechanism (cmg/caching.py): its digest, store, file stamp and switch, and the caches as
its clients. What a store cannot read is a miss, what it cannot write costs only speed."""

from __future__ import annotations

import errno
import json
import os
import tempfile
import threading

import pytest

from cmg import caching
from cmg.caching import KINDS, Store, digest, enabled, file_stamp, folder
from cmg.findings_cache import FindingsCache
from cmg.page_cache import PageCache

# ---------------------------------------------------------------- digest and file stamp


def test_digest_tells_apart_parts_that_join_alike():
    assert digest("ab", "c") != digest("a", "bc")
    assert digest("a\0", "b") != digest("a", "\0b")
    assert digest("") != digest() != digest("", "")
    assert digest("Inspección") == digest("Inspección".encode()) != digest("Inspeccion")
    assert len(digest("x")) == 32 and int(digest("x"), 16) >= 0


def test_file_stamp_follows_size_and_time(tmp_path):
    path = tmp_path / "index.md"
    assert file_stamp(path) == "missing"
    path.write_text("# Guía\n", encoding="utf-8")
    first = file_stamp(path)
    os.utime(path, ns=(10**18, 10**18))
    assert file_stamp(path) != first
    later = file_stamp(path)
    path.write_text("# Guía 2\n", encoding="utf-8")
    os.utime(path, ns=(10**18, 10**18))
    assert file_stamp(path) != later  # same time, other size


# ---------------------------------------------------------------- the switch


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_one_switch_for_every_cache(kind):
    own = f"CMG_NO_{kind.upper()}_CACHE"
    assert enabled(kind, {})
    assert not enabled(kind, {own: "1"})
    assert not enabled(kind, {"CMG_NO_CACHE": "1"})
    for value in ("", "0", "false", "No", " off "):
        assert enabled(kind, {own: value, "CMG_NO_CACHE": value})
    others = [k for k in KINDS if k != kind]
    assert all(enabled(other, {own: "1"}) for other in others)


def test_the_documented_names_are_the_switch():
    from conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for kind in KINDS:
        assert f"CMG_NO_{kind.upper()}_CACHE" in readme, kind
    assert "CMG_NO_CACHE" in readme
    with pytest.raises(KeyError):
        enabled("everything")


def test_folder_of_a_kind(tmp_path):
    assert folder(tmp_path, ".cache/cmg", "pdf", {}) == tmp_path / ".cache/cmg/pdf"
    assert folder(tmp_path, ".cache/cmg", "findings", {}) == tmp_path / ".cache/cmg/validate"
    assert folder(tmp_path, "/abs/cache", "render", {}) == tmp_path / "/abs/cache/render"
    assert str(folder(tmp_path, "/abs/cache", "render", {})) == "/abs/cache/render"
    assert folder(tmp_path, "", "pdf", {}) is None  # an empty cache_dir: no cache on disk
    assert folder(tmp_path, ".cache/cmg", "pdf", {"CMG_NO_PDF_CACHE": "1"}) is None
    assert folder(tmp_path, ".cache/cmg", "nav", {}) is None  # kept in memory only


# ---------------------------------------------------------------- the store


def test_store_round_trip_and_misses(tmp_path):
    store = Store(tmp_path / "kind")
    assert store.read("a.json") is None and store.read_json("a.json") is None
    assert store.write_json("a.json", {"título": [1, 2.5, None]})
    assert store.read_json("a.json") == {"título": [1, 2.5, None]}
    assert store.write("b.bin", b"\x00\xff")
    assert store.read("b.bin") == b"\x00\xff"
    assert not store.write_json("c.json", {"x": object()})  # not JSON data: not kept
    assert not store.write_json("c.json", {"x": "\ud800"})  # a lone surrogate is not UTF-8
    assert store.read("c.json") is None
    assert not [p for p in (tmp_path / "kind").iterdir() if p.name.endswith(".cmg-tmp")]
    nowhere = Store(None)
    assert not nowhere.write("a", b"x") and nowhere.read("a") is None
    for bad in ("", "..", "a/b", "../x"):
        with pytest.raises(ValueError):
            store.read(bad)


@pytest.mark.parametrize("damage", ["garbage", "truncated", "deep", "utf16", "directory", "fifo"])
def test_a_damaged_entry_is_a_miss_and_is_rewritten(tmp_path, damage):
    store = Store(tmp_path)
    path = tmp_path / "e.json"
    if damage == "garbage":
        path.write_bytes(b"\x00\xff not json")
    elif damage == "truncated":
        path.write_text('{"salt": "1', encoding="utf-8")
    elif damage == "deep":
        path.write_text("[" * 200_000 + "]" * 200_000, encoding="utf-8")
    elif damage == "utf16":
        path.write_bytes(b"\xff\xfe garbage")
    elif damage == "directory":
        path.mkdir()
    else:
        os.mkfifo(path)
    result: list = []
    reader = threading.Thread(target=lambda: result.append(store.read_json("e.json")), daemon=True)
    reader.start()
    reader.join(10)
    assert not reader.is_alive(), "reading the entry blocked"
    assert result == [None]
    written = store.write_json("e.json", {"ok": True})
    if damage in ("directory",):
        assert not written and path.is_dir()
    elif damage == "fifo":
        assert written and store.read_json("e.json") == {"ok": True}  # the FIFO is replaced by a file
    else:
        assert written and store.read_json("e.json") == {"ok": True}


def _read_only(monkeypatch):
    """A folder nobody may write in (as root, chmod does not stop the writes: the error is simulated)."""

    def refuse(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)


def test_a_read_only_folder_costs_speed_not_results(tmp_path, monkeypatch):
    store = Store(tmp_path / "kind")
    assert store.write_json("a.json", [1])
    _read_only(monkeypatch)
    assert not store.write_json("a.json", [2])
    assert store.read_json("a.json") == [1]
    blocked = tmp_path / "file"
    blocked.write_text("x", encoding="utf-8")
    assert not Store(blocked / "under").write("a", b"x")  # the folder is a file


def test_every_client_survives_a_read_only_folder(tmp_path, monkeypatch):
    _read_only(monkeypatch)
    pages = PageCache(tmp_path / "search" / "es-x.json", "salt")
    pages.put("a/", "k", [1])
    pages.save()
    findings = FindingsCache.load(tmp_path / "validate" / "findings.json", "key")
    findings.put_termbase({"path": "t.yml", "locales": [], "problems": []})
    findings.save()
    assert not (tmp_path / "search").exists() or not list((tmp_path / "search").iterdir())


def test_trim_keeps_the_most_recently_used(tmp_path):
    store = Store(tmp_path, keep=2, suffix=".pdf")
    for n in range(4):
        store.write(f"{n}.pdf", b"%PDF")
        os.utime(tmp_path / f"{n}.pdf", (1000 + n, 1000 + n))
    (tmp_path / "other.json").write_text("{}", encoding="utf-8")
    assert store.read("0.pdf") == b"%PDF"  # used now: the newest
    store.trim()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["0.pdf", "3.pdf", "other.json"]


def test_findings_cache_is_a_client_of_the_store(tmp_path):
    path = tmp_path / "validate" / "findings.json"
    cache = FindingsCache.load(path, "key")
    cache.put_termbase({"path": "t.yml", "locales": ["en"], "problems": []})
    cache.save()
    raw = json.loads(path.read_bytes())
    assert raw["key"] == "key" and raw["termbase"]["locales"] == ["en"]
    assert FindingsCache.load(path, "key").get_termbase().locales == ["en"]
    assert FindingsCache.load(path, "other key").get_termbase() is None


# ---------------------------------------------------------------- the template cache's entries


def test_compiled_templates_come_from_the_store_and_a_damaged_one_is_compiled_again(tmp_path):
    import jinja2

    from cmg.engine.caches.templates import StoreBytecodeCache

    store = caching.Store(tmp_path)
    source = "{% for c in clauses %}<li>{{ c|upper }}</li>{% endfor %}"

    def env():
        return jinja2.Environment(loader=jinja2.DictLoader({"nav.html": source}),
                                  bytecode_cache=StoreBytecodeCache(store), autoescape=True)

    first = env().get_template("nav.html").render(clauses=["plazo", "<b>"])
    entries = sorted(tmp_path.iterdir())
    assert len(entries) == 1 and entries[0].name.startswith("cmg-")
    compiled = []
    warm = env()
    real = warm._compile
    warm._compile = lambda *a, **kw: compiled.append(1) or real(*a, **kw)
    assert warm.get_template("nav.html").render(clauses=["plazo", "<b>"]) == first
    assert compiled == []  # loaded, not compiled
    entries[0].write_bytes(entries[0].read_bytes()[:40])  # cut short
    assert env().get_template("nav.html").render(clauses=["plazo", "<b>"]) == first
    assert first == "<li>PLAZO</li><li>&lt;B&gt;</li>"


def test_the_switch_turns_the_findings_cache_off(mini, monkeypatch, capsys):
    from cmg import findings_cache as fc
    from cmg.cli import main
    from cmg.project import load_project

    monkeypatch.delenv("CMG_CACHE_DIR", raising=False)
    project = load_project(mini.root / "mkdocs.yml")
    assert fc.cache_file(project) == mini.root / ".cache/cmg/validate/findings.json"
    for name in ("CMG_NO_FINDINGS_CACHE", "CMG_NO_CACHE"):
        monkeypatch.setenv(name, "1")
        assert fc.cache_file(project) is None
        main(["-f", str(mini.root / "mkdocs.yml"), "validate"])
        assert not (mini.root / ".cache").exists()  # neither read nor written
        monkeypatch.delenv(name)
    capsys.readouterr()


def test_a_preview_filters_the_theme_files_as_mkdocs_does(tmp_path):
    """`mkdocs serve`: the theme's static files, filtered once per set of names and patterns, are the
    files MkDocs' own filter keeps (also after the theme overrides gain a file)."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import Files

    from cmg.engine.caches.templates import list_theme_files_once

    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Hi\n", encoding="utf-8")
    overrides = tmp_path / "overrides"
    overrides.mkdir()
    (overrides / "extra.css").write_text("a{}", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: t\ntheme:\n  name: material\n  custom_dir: overrides\n",
                                         encoding="utf-8")

    def theme_files(preview: bool) -> list[str]:
        config = load_config(str(tmp_path / "mkdocs.yml"))
        if preview:
            list_theme_files_once(config, tmp_path)
        files = Files([])
        files.add_files_from_theme(config.theme.get_env(), config)
        return [f.src_uri for f in files]

    plain = theme_files(False)
    assert "extra.css" in plain and theme_files(True) == plain == theme_files(True)
    (overrides / "more.js").write_text("", encoding="utf-8")
    plain = theme_files(False)
    assert "more.js" in plain and theme_files(True) == plain


def test_templates_compiled_before_the_locales_are_the_ones_their_builds_load(mini, tmp_path, monkeypatch):
    # `cmg build` compiles the theme's templates once before the locales fork: each locale's build must
    # find them under the key it looks for (its environment's fingerprint), or it compiles them all again
    from mkdocs.config import load_config

    from cmg.engine.caches.templates import compile_before_the_locales
    from conftest import quick_build

    tmp = tmp_path / "tmp"
    tmp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp))  # Jinja's private folder, as the builds below get it
    monkeypatch.setenv("SITE_URL", "http://127.0.0.1:8000/")
    compiled = compile_before_the_locales(load_config(str(mini.root / "mkdocs.yml")))
    (folder,) = tmp.iterdir()
    before = {p.name: p.stat().st_mtime_ns for p in folder.iterdir()}
    assert compiled >= 20 and len(before) == compiled  # main.html, 404.html, the sitemap and their partials
    proc = quick_build(mini.root, tmp_path / "site", tmp_path / "cache", CMG_BUILD_LOCALE="en",
                       CMG_BUILD_VALIDATED="1", TMPDIR=str(tmp))
    assert proc.returncode == 0, proc.stderr
    after = {p.name: p.stat().st_mtime_ns for p in folder.iterdir()}
    assert {name: after[name] for name in before} == before  # loaded, none compiled and written again
    assert len(after) - len(before) < compiled // 2  # only the templates named at render time (icons)
