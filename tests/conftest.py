"""Shared fixtures: tiny real projects copied into a temporary folder, and the shipped repository."""

from __future__ import annotations

import contextlib
import functools
import io
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import zlib
from pathlib import Path

import pytest
from hypothesis import strategies as st

from cmg.project import load_project
from cmg.validate import validate_project
from cmg.workflow import translation_status
from sitecheck import build_offline_archive, build_site

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def cmg(root, *args, check=True):
    """Runs `cmg` on a project as a user would (its command line, in the project's folder; its exit code,
    what it prints); with ``check``, fails the test unless it exits 0. In this process: a child process
    per command spent 0.2 s of CPU on imports alone, hundreds of times. The commands that build, serve
    or write the offline copy run in a child process, as `mkdocs` does (they load the engine)."""
    if set(args[:1]) & _BUILD_WORDS:
        env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
        r = subprocess.run([sys.executable, "-m", "cmg.cli", *args], cwd=root, capture_output=True, text=True, env=env)
    else:
        r = _cmg_in_process(root, args)
    if check:
        assert r.returncode == 0, r.stdout + r.stderr
    return r


def _cmg_in_process(root, args) -> subprocess.CompletedProcess:
    from cmg.cli import main

    out, err = (io.TextIOWrapper(io.BytesIO(), encoding="utf-8", newline="") for _ in range(2))
    cwd = os.getcwd()
    os.chdir(root)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main([str(a) for a in args])
            except SystemExit as exc:  # argparse's usage errors
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    finally:
        os.chdir(cwd)
    texts = []
    for stream in (out, err):
        stream.flush()
        texts.append(stream.buffer.getvalue().decode("utf-8"))
    return subprocess.CompletedProcess(["cmg", *args], code, *texts)


def pdf_text(data: bytes) -> bytes:
    """A PDF's bytes with every Flate stream inflated (its objects live in compressed streams)."""
    out = [data]
    for m in re.finditer(rb"stream\r?\n", data):
        try:
            out.append(zlib.decompressobj().decompress(data[m.end():m.end() + 5_000_000]))
        except zlib.error:
            pass
    return b"\n".join(out)


def states(root, locale):
    """Each clause's translation state in one locale, by clause ID."""
    project = load_project(root / "mkdocs.yml")
    return {c.clause_id: c.state for fs in translation_status(project, locales=[locale]) for c in fs.clauses}


class ProjectCopy:
    """A writable copy of a project, with helpers to edit files and validate."""

    def __init__(self, root: Path):
        self.root = root

    def path(self, rel: str) -> Path:
        return self.root / rel

    def read(self, rel: str) -> str:
        return self.path(rel).read_text(encoding="utf-8")

    def write(self, rel: str, text: str) -> None:
        p = self.path(rel)
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")

    def replace(self, rel: str, old: str, new: str, count: int = 1) -> None:
        text = self.read(rel)
        assert old in text, f"{old!r} not in {rel}"
        self.write(rel, text.replace(old, new, count))

    def line_of(self, rel: str, needle: str) -> int:
        for i, line in enumerate(self.read(rel).splitlines(), 1):
            if needle in line:
                return i
        raise AssertionError(f"{needle!r} not in {rel}")

    def validate(self):
        project = load_project(self.root / "mkdocs.yml")
        _, findings = validate_project(project)
        return findings

    def codes(self) -> set[str]:
        return {f.code for f in self.validate()}


def copy_project(src: Path, dst: Path, parts=("mkdocs.yml", "guides", "translations", "docs", "overrides", "countries")) -> Path:
    dst.mkdir(parents=True, exist_ok=True)
    for part in parts:
        s = src / part
        if s.is_dir():
            shutil.copytree(s, dst / part)
        elif s.is_file():
            shutil.copy2(s, dst / part)
    return dst



# A second guide for the tiny fixture, for clauses to move to (cmg move) or to be moved to by hand.
EXTRA_GUIDE = """---
guide: extra
number: 2
title: {title}
version: 1.0.0
status: draft
effective: 2026-12-01
applies_to: [goods]
{record}---

# {title}

{intro}

## 1 {head} {{#ex-first}}

{body}
"""


def add_extra_guide(project: ProjectCopy, footnote: bool = False) -> None:
    """The guide 'extra' in the navigation after 'demo', translated and marked in es and ko; with
    ``footnote``, its clause cites a [^1] of its own."""
    fn_en = "[^1]\n\n[^1]: Procurement Act, art. 3.\n" if footnote else "\n"
    project.write("guides/extra/index.md", EXTRA_GUIDE.format(title="Extra guide", record="", intro="Another guide.",
                                                              head="First", body="The supplier must deliver on time." + fn_en))
    for locale, title, body in (("es", "Guía extra", "El proveedor debe entregar a tiempo."),
                                ("ko", "추가 지침", "공급자는 기한 내에 납품해야 한다.")):
        fn = "[^1]\n\n[^1]: Ley de Compras, art. 3.\n" if footnote else "\n"
        project.write(f"translations/{locale}/extra/index.md",
                      EXTRA_GUIDE.format(title=title, record="", intro="Otra guía.", head="Primero", body=body + fn))
        cmg(project.root, "mark", locale, f"translations/{locale}/extra/index.md", "--all")
    project.replace("mkdocs.yml", "  - demo/index.md\n", "  - demo/index.md\n  - extra/index.md\n")


def build_moved_clause_site(project: ProjectCopy, site: Path, cache: Path) -> subprocess.CompletedProcess:
    """The tiny fixture as readers' old addresses meet it: the site's own theme overrides and script
    (which follows a moved clause's notice), the guide 'extra', dm-inspection moved there with
    `cmg move` (demo/#dm-inspection → extra/#dm-inspection) and dm-rate renamed with `cmg rename`
    (demo/#dm-rate → demo/#dm-daily-rate); built strict, without PDFs, its caches in ``cache``."""
    shutil.copytree(ROOT / "overrides", project.path("overrides"), dirs_exist_ok=True)
    project.replace("mkdocs.yml", "  font: false\n", "  font: false\n  custom_dir: overrides\n"
                    "extra_css:\n  - assets/stylesheets/cmg.css\nextra_javascript:\n  - assets/javascripts/cmg.js\n")
    add_extra_guide(project)
    en = "guides/demo/index.md"
    cmg(project.root, "move", f"{en}#dm-inspection", "extra")
    cmg(project.root, "rename", f"{en}#dm-rate", "dm-daily-rate")
    return quick_build(project.root, site, cache, "--strict")


@pytest.fixture
def mini(tmp_path) -> ProjectCopy:
    return ProjectCopy(copy_project(FIXTURES / "mini", tmp_path / "mini"))


@pytest.fixture
def shipped(tmp_path) -> ProjectCopy:
    return ProjectCopy(copy_project(ROOT, tmp_path / "repo"))


@pytest.fixture(scope="session")
def shipped_validated():
    """The shipped guides parsed and validated once for the whole session, as `cmg validate` does:
    (corpus, findings). Read only: a test that changes a guide works on a copy (`shipped`)."""
    return validate_project(load_project(ROOT / "mkdocs.yml"))


@pytest.fixture(scope="session")
def shipped_site(tmp_path_factory) -> Path:
    """The shipped guides built as `make site` builds them: the site, then its offline copy."""
    site = tmp_path_factory.mktemp("shipped") / "site"
    result = build_site(ROOT, site)
    assert result.returncode == 0, result.stderr[-4000:]
    offline = build_offline_archive(ROOT, site)
    assert offline.returncode == 0, offline.stderr[-4000:]
    return site, result


# ---------------------------------------------------------------- helpers the test files share


def parallel_build(root: Path, site: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, SITE_URL="http://127.0.0.1:8000/", NO_MKDOCS_2_WARNING="1")
    env.pop("CMG_BUILD_LOCALE", None)
    return subprocess.run([sys.executable, "-m", "cmg.cli", "build", "-d", str(site), *args], cwd=root,
                          capture_output=True, text=True, env=env, timeout=900)


def tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def quick_build(root: Path, site: Path, cache: Path, *args: str, cmd: str = "mkdocs", **env: str) -> subprocess.CompletedProcess:
    """`mkdocs build` (or `cmg build`) without PDFs, with its caches in `cache`."""
    environ = dict(os.environ, SITE_URL="http://127.0.0.1:8000/", NO_MKDOCS_2_WARNING="1", CMG_PDF="false",
                   CMG_CACHE_DIR=str(cache), **env)
    environ.pop("CMG_BUILD_LOCALE", None)
    module = ["-m", "cmg.cli"] if cmd == "cmg" else ["-m", "mkdocs"]
    return subprocess.run([sys.executable, *module, "build", "-d", str(site), *args], cwd=root, capture_output=True,
                          text=True, env=environ, timeout=900)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http_get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.read().decode("utf-8")
    except OSError:
        return None


def wait_for(pred, timeout=60.0) -> bool:
    end = time.time() + timeout
    while time.time() < end:
        if pred():
            return True
        time.sleep(0.3)
    return False


def stop_process(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()



class Preview:
    """A running `mkdocs serve` of a project: where it serves, what it logged, whether it still runs."""

    def __init__(self, proc: subprocess.Popen, base: str, log_path: Path):
        self.proc, self.base, self.log_path = proc, base, log_path

    def get(self, path: str = "") -> str | None:
        """The page at ``path`` (relative to the site's root), or None while nothing is served there."""
        return http_get(self.base + path)

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8")

    def running(self) -> bool:
        return self.proc.poll() is None


@contextlib.contextmanager
def serve_preview(root: Path, log_path: Path, *args: str, command: list[str] | None = None, ready: str = "demo/",
                  timeout: float = 60, **env: str):
    """`mkdocs serve --livereload` (or ``command`` … serve) of ``root`` on a free loopback port, logging
    to ``log_path``: yields once the page ``ready`` is served (the log's tail if it never is), and stops
    the server however the test ends. ``args`` go to serve (``--dirty``), ``env`` to its environment."""
    port = free_port()
    environ = dict(os.environ, NO_MKDOCS_2_WARNING="1", **env)
    with open(log_path, "w", encoding="utf-8") as log:
        proc = subprocess.Popen([*(command or [sys.executable, "-m", "mkdocs"]), "serve", "--livereload", *args,
                                 "-a", f"127.0.0.1:{port}"], cwd=root, stdout=log, stderr=subprocess.STDOUT,
                                env=environ)
        preview = Preview(proc, f"http://127.0.0.1:{port}/", log_path)
        try:
            assert wait_for(lambda: preview.get(ready) is not None, timeout), preview.log()[-3000:]
            yield preview
        finally:
            stop_process(proc)


# Each worked example of the calculator: where it is, its inputs (as the form gives them), and what the
# guide states; checked in Python (test_calculator) and in the browser (test_calculator_browser).
EXAMPLES = {
    "goods-usd": ("delays", "dl-ld-examples", 0, {
        "contractValue": "250000", "lateValue": "150000", "daysAfterDue": 24, "extensionDays": 3,
        "rate": "0.075", "cap": "10"}),
    "works-krw": ("delays", "dl-ld-examples", 1, {
        "contractValue": "2000000000", "daysAfterDue": 45, "excludedDays": 5, "country": "kr",
        "contractType": "works", "threshold": "15"}),
    "sv-lacap": ("delays", "dl-ld-examples", 2, {
        "contractValue": "100000", "due": "2024-03-01", "delivered": "2024-05-15", "country": "sv",
        "signed": "2022-06-01"}),
    "closure-final-account": ("closure", "cl-final-account", 0, {
        "contractValue": "1200000", "daysAfterDue": 12, "rate": "0.05"}),
    # the worked cases of the pilot countries (closure 7): the figures of each country's profile
    "case-hn": ("closure", "cl-case-hn", 0, {
        "contractValue": "2400000", "due": "2026-03-02", "delivered": "2026-04-03", "extensionDays": 6,
        "excludedDays": 4, "country": "hn"}),
    "case-sv": ("closure", "cl-case-sv", 0, {
        "contractValue": "180000", "due": "2024-06-03", "delivered": "2024-08-12", "extensionDays": 8,
        "excludedDays": 3, "country": "sv", "signed": "2022-11-15"}),
    "case-pa": ("closure", "cl-case-pa", 0, {
        "contractValue": "600000", "lateValue": "240000", "due": "2026-05-04", "delivered": "2026-06-20",
        "extensionDays": 12, "excludedDays": 5, "country": "pa"}),
}


# ---------------------------------------------------------------- the fast lane (make test-fast)
# The rule, applied to every collected test by pytest_collection_modifyitems below:
#
#   browser  the test drives Chromium: it names sync_playwright or chromium, or its module does, or it
#            needs (directly or through other fixtures) a fixture that does, such as `browser`;
#   build    otherwise, the test builds, serves or prints a site: it calls one of _BUILD_HELPERS, or a
#            function of its own module or of conftest.py that does; it runs `mkdocs`/`cmg` with
#            build, serve or offline (in a subprocess, or through `cmg` or another function that runs
#            the cli: cmg(root, "build")); it renders a PDF (_PRINT_HELPERS); or it needs a fixture
#            that does any of these, such as `shipped_site`.
#
# "Needs a fixture" is pytest's own fixture closure of the test (item.fixturenames), so a fixture that
# builds, however deep, marks every test that uses it. `make test-fast` runs the others, all in process
# but for quick `cmg` commands; `make test` runs everything. Marks written on a test count too.

_BUILD_HELPERS = {"build_site", "build_offline_archive", "shipped_site", "parallel_build", "quick_build"}
_BUILD_WORDS = {"build", "serve", "offline"}
_RUNNERS = {"mkdocs", "cmg.cli", "cmg"}  # strings that run the engine or the cli in a child process
_RUNNER_NAMES = {"MKDOCS"}  # names that do (sitecheck's command line of mkdocs)
_CLI_HELPERS = {"cmg"}  # functions that run the cli: cmg(root, "build", …) builds
_PRINT_HELPERS = {("cmg.engine.downloads.pdf", "render"), ("cmg.engine.downloads.pdf", "render_all"),
                  ("weasyprint", "HTML")}
_BROWSER_NAMES = {"sync_playwright", "chromium"}


def _names(node) -> tuple[set[str], set[str]]:
    import ast

    names, strings = set(), set()
    for n in ast.walk(node):
        if isinstance(n, ast.Name):
            names.add(n.id)
        elif isinstance(n, ast.Attribute):
            names.add(n.attr)
        elif isinstance(n, ast.arg):
            names.add(n.arg)
        elif isinstance(n, ast.alias):
            names.add(n.asname or n.name)
        elif isinstance(n, ast.Constant) and isinstance(n.value, str):
            strings.add(n.value)
    return names, strings


def _calls_names(node) -> set[str]:
    """The plain names this code calls (``render(job)``, not ``template.render()``)."""
    import ast

    return {n.func.id for n in ast.walk(node) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}


def _runs_cli_to_build(node, runners) -> bool:
    """``cmg(root, "build", …)``: a function that runs the cli, called with a build word."""
    import ast

    for n in ast.walk(node):
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id in runners:
            if any(isinstance(a, ast.Constant) and a.value in _BUILD_WORDS for a in n.args):
                return True
    return False


@functools.cache
def _module_kinds(path: str) -> tuple[dict[str, str], frozenset[str], frozenset[str]]:
    """One file's test functions → "build", "browser" or "", and the names of its other functions
    (helpers, fixtures) that build and that drive a browser."""
    import ast

    tree = ast.parse(Path(path).read_text(encoding="utf-8"))
    funcs = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}
    builders = set(_BUILD_HELPERS)
    printers = set()
    for node in ast.walk(tree):  # helpers imported under another name: `from conftest import quick_build as build`
        if isinstance(node, ast.ImportFrom):
            builders |= {a.asname for a in node.names if a.asname and a.name in _BUILD_HELPERS}
            printers |= {a.asname or a.name for a in node.names if (node.module, a.name) in _PRINT_HELPERS}
    # conftest's helpers count when called (its fixtures are found by pytest's fixture closure, below)
    conf_builders, conf_browsers = _conftest_helpers() if Path(path).name != "conftest.py" else ((), ())
    browsers = set(_BROWSER_NAMES)
    # the cli helper, and the module's own functions that run the cli (test_cli's run, test_robustness's run_cmg)
    runners = _CLI_HELPERS | {name for name, f in funcs.items() if _RUNNERS & _names(f)[1]}

    def kind(node) -> str:
        names, strings = _names(node)
        called = _calls_names(node)
        if names & browsers or called & set(conf_browsers):
            return "browser"
        runs = _RUNNERS & strings or _RUNNER_NAMES & names
        builds = (names & builders or called & (set(conf_builders) | printers)
                  or (runs and strings & _BUILD_WORDS) or _runs_cli_to_build(node, runners))
        return "build" if builds else ""

    changed = True
    while changed:  # the module's own helpers and fixtures that build or open a browser, however nested
        changed = False
        for name, f in funcs.items():
            if name.startswith("test_") or name in builders or name in browsers:
                continue
            found = kind(f)
            if found:
                (browsers if found == "browser" else builders).add(name)
                changed = True
    whole = _names(tree)[0] & _BROWSER_NAMES  # a module that launches a browser in a fixture
    tests = {name: ("browser" if whole else kind(f)) for name, f in funcs.items() if name.startswith("test_")}
    return tests, frozenset(builders), frozenset(browsers)


@functools.cache
def _conftest_helpers() -> tuple[frozenset[str], frozenset[str]]:
    """The helpers and fixtures of this file that build or open a browser (its hooks and private
    functions, such as the marking itself, are not helpers)."""
    _, builders, browsers = _module_kinds(__file__)
    public = lambda names: frozenset(n for n in names if not n.startswith(("_", "pytest_")))  # noqa: E731
    return public(builders), public(browsers)


def _kinds(path: str) -> dict[str, str]:
    """Test function name → "build", "browser" or "" for one test file (by its text alone)."""
    return _module_kinds(path)[0]


def _kind_of(path: str, name: str, fixtures) -> str:
    """The mark of one test: by its own text, else by the fixtures it needs (pytest's closure)."""
    conf_builders, conf_browsers = _conftest_helpers()
    tests, builders, browsers = _module_kinds(path)
    found = tests.get(name, "")
    if found != "browser" and set(fixtures) & (browsers | conf_browsers):
        return "browser"
    if not found and set(fixtures) & (builders | conf_builders):
        return "build"
    return found


def pytest_collection_modifyitems(config, items):
    for item in items:
        found = _kind_of(str(item.path), getattr(item, "originalname", item.name), getattr(item, "fixturenames", ()))
        if found:
            item.add_marker(getattr(pytest.mark, found))


# ---------------------------------------------------------------- the browser tests' fixtures

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = ROOT / "test-artifacts"
PREFIX = {"es": "", "en": "en/", "ko": "ko/"}


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sync_playwright = None
    if sync_playwright is None or not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("Playwright or Debian's chromium is missing; `make test` installs them")
        pytest.skip("Playwright or /usr/bin/chromium is missing (run `make test` to install them)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def site_url(shipped_site):
    site, _ = shipped_site
    from sitecheck import serve_directory

    server = serve_directory(site)
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


# ------------------------------------------- HTML that cmg.html_subset reads (and what it leaves to html.parser)
# Tricky cases, fragments outside the subset, and a generator of pages: the readers built on the subset
# (the search sections, the sanitiser's tokens) are each compared with html.parser on all of them.
HTML_SUBSET_HEADING = '<h2 id="{id}">{title}<a class="headerlink" href="#{id}" title="Permanent link">&para;</a></h2>\n'

HTML_SUBSET_CASES = {
    "plain page": '<h1 id="guide">Guía</h1>\n<p>Texto del <strong>contrato</strong>.</p>\n'
                  + HTML_SUBSET_HEADING.format(id="c1", title="1 Multas") + '<p>El  contratista\n paga.</p>\n',
    "preface before any heading": "<p>Intro</p>\n\n<h2 id='a'>A</h2><p>x</p>",
    "first heading not h1": '<h3 id="x">Tres</h3><p>t</p><h2 id="y">Dos</h2><p>d</p>',
    "heading without id": '<h1 id="t">T</h1><h2>Sin id</h2><p>p</p>',
    "heading id without value": "<h1 id>T</h1><h2 id>U</h2><p>p</p>",
    "nested heading in a div": '<h1 id="t">T</h1><div class="x"><h2 id="n">N</h2><p>in</p></div><p>out</p>',
    "nested heading in details": '<h1 id="t">T</h1><details><summary>S</summary><h3 id="d">D</h3>x</details>y',
    "entities": "<p>&amp; &lt;b&gt; &quot;q&quot; &#39; &#x27; &nbsp;&mdash;&copy &amp &#128; &#0; &notit;</p>",
    "entity in an attribute": '<h2 id="a&amp;b">A</h2><div class="lineno&#100;iv">skip?</div><p>z</p>',
    "code blocks": '<pre><code>line 1\n  line 2\n\n\n    <span class="k">if</span> a &lt; b:\n</code></pre><p>after</p>',
    "pre with blank runs": "<p>a</p>\n\n<pre>\n\n  \n</pre>\n\n<p>b</p>",
    "table": '<table>\n<thead>\n<tr>\n<th align="left">Día</th>\n<th>%</th>\n</tr>\n</thead>\n<tbody>\n'
             '<tr>\n<td>1</td>\n<td>0,1</td>\n</tr>\n</tbody>\n</table>',
    "admonition": '<div class="admonition warning">\n<p class="admonition-title">Ojo</p>\n<p>Plazo</p>\n</div>',
    "korean": '<h1 id="지체상금">지체상금<a class="headerlink" href="#지체상금">¶</a></h1><p>계약상대자는 지체상금을 낸다.</p>',
    "line breaks": "<p>uno<br>dos<br/>tres<br />cuatro</p><hr><p>cinco</p>",
    "comments": "<p>a<!-- c -->b<!---->c<!-- x - y -->\n<!-- -->\n</p>",
    "attributes of many kinds": "<p class=x data-a='1' data-b=\"2\" hidden DATA-C=3>t</p><P CLASS=\"y\">u</P>",
    "self-closing non-void": "<p/><p>a</p><span/>b<code/>",
    "empty kept elements": "<p>x</p><p> </p><p></p><ul>\n<li></li>\n</ul><p>\n</p>",
    "second empty paragraph kept": "<p>x</p>\n<p></p>\n<p>y</p>",
    "search exclude": '<p>a</p><div data-search-exclude><p>hidden</p><h2 id="h">H</h2></div><p>b</p>',
    "exclude with nested same tag": "<div data-search-exclude><div>in</div>still</div><p>after</p>",
    "line numbers": '<table><tr><td class="linenos"><div class="linenodiv"><pre>1\n2</pre></div></td>'
                    '<td class="code"><pre>x = 1\ny = 2</pre></td></tr></table>',
    "unclosed elements": "<div><p>one<p>two</div><li>three</ul>four",
    "stray end tags": "</p></div>text</span><p>x</p></p>",
    "sub and sup": "<p>H<sub>2</sub>O m<sup>2</sup> <sup> </sup></p>",
    "lists": "<ol>\n<li>uno</li>\n<li>dos<ul>\n<li>a</li>\n</ul>\n</li>\n</ol>",
    "kept tag in a title": '<h2 id="t">Uso de <code>cmg</code> y <sub>x</sub></h2><p>b</p>',
    "footnote back-links": '<p>x<sup id="fnref:1"><a class="footnote-ref" href="#fn:1">1</a></sup></p>'
                           '<div class="footnote"><hr><ol><li id="fn:1"><p>nota&#160;<a class="footnote-backref"'
                           ' href="#fnref:1">&#8617;</a></p></li></ol></div>',
    "form controls": '<label><input type="checkbox" disabled checked> Hecho</label><select><option>1</option></select>',
    "text ending in an ampersand": "<p>a</p>b &amp c &",
    "whitespace only": " \n\t ",
    "empty": "",
    "carriage returns and tabs": "<p>a\r\nb\tc</p>\r\n<pre>x\r\n\ty</pre>",
    "unicode whitespace": "<p>\u00a0</p>\u2003<p>a\u00a0b</p>",
    "greater-than in text": "<p>a > b >= c</p>",
    "headerlink text outside the title": '<p><a class="headerlink" href="#x">¶</a> y</p>',
    "hx tag": "<hx>a</hx><p>b</p>",
    "object": "<object><p>no</p></object><p>yes</p><object>never</object>",
    "pre whitespace pieces": "<pre><code>x\n<span> </span>\n<span>  </span>\n</code></pre>",
    "heading nested in a list item": "<ul><li>a<h2 id='x'>b</h2>c</li></ul>d",
}

HTML_SUBSET_FALLBACKS = {  # outside the subset: left to html.parser (Material's parser, the sanitiser's tokenizer)
    "script": "<p>a</p><script>if (a < b) { x = '</p>' }</script><p>b</p>",
    "style": "<style>p > a { color: red }</style><p>b</p>",
    "bare less-than": "<p>a < b</p>",
    "doctype": "<!DOCTYPE html><p>a</p>",
    "processing instruction": "<?xml version='1.0'?><p>a</p>",
    "cdata": "<p><![CDATA[x]]></p>",
    "comment with dashes": "<p>a<!-- x -- y -->b</p>",
    "odd comment": "<!-->x-->",
    "spaces around =": '<p class = "x">a</p>',
    "attributes without a space": '<p class="a"id="b">a</p>',
    "unquoted value with a slash": "<a href=x/y>a</a>",
    "end tag with attributes": '<p>a</p class="x">',
    "quoted > in an attribute": '<p title="a > b">a</p>',
    "textarea": "<textarea><p>x</p></textarea>",
    "unclosed tag at the end": "<p>a</p><p",
    # Material's parser fails on it (an exclusion lifted by an inner </div>, then </p> with no <p> kept)
    "what Material's parser fails on": "<div data-search-exclude><p><div></div>x</p></div>",
}

# generated pages: fragments of what Markdown, our decorations and raw HTML in a guide write
_TEXT = st.sampled_from(["", " ", "\n", "\n\n", "  x ", "Plazo", "지체상금", "a &amp; b", "&lt;", "&nbsp;", "&#160;",
                         "c &copy d", "\t", "x\ny", ">", "&", "¶", "\u00a0"])
_OPEN = st.sampled_from(["<p>", "<div>", "<pre>", "<code>", "<li>", "<ul>", "<ol>", "<sub>", "<sup>", "<span>",
                         "<a class=\"headerlink\" href=\"#x\">", "<a href='y'>", "<table>", "<tr>", "<td>",
                         "<div data-search-exclude>", "<div class=\"linenodiv\">", "<details>", "<object>",
                         "<h1 id=\"t\">", "<h2 id=\"a\">", "<h3 id='b'>", "<h2>", "<h3 id>", "<P>", "<br>",
                         "<br/>", "<img alt=\"Figura\" src=\"x.png\">", "<hr />", "<p/>", "<!-- c -->", "<input checked>"])
_CLOSE = st.sampled_from(["</p>", "</div>", "</pre>", "</code>", "</li>", "</ul>", "</ol>", "</sub>", "</sup>",
                          "</span>", "</a>", "</table>", "</tr>", "</td>", "</details>", "</object>", "</h1>",
                          "</h2>", "</h3>", "</P>", "</br>"])
HTML_SUBSET_PAGES = st.lists(st.one_of(_TEXT, _OPEN, _CLOSE), max_size=40).map("".join)


@pytest.fixture
def fake_children(monkeypatch):
    """`cmg build` run in this process with no locale's build started: ``start(events, child_event)``
    patches its children (each appends ``child_event(locale)`` to ``events`` when it would be forked, and
    ends at once, successfully) and its merge (appends ``("merge",)``), and returns the module."""
    from cmg.engine import parallel_build as pb

    def start(events: list, child_event=lambda locale: ("build", locale)):
        class FakeChild:
            def __init__(self, locale, args, fork):
                self.locale, self.pid, self.cpu, self.start = locale, len(events) + 1, 0.0, 0.0
                events.append(child_event(locale))

        monkeypatch.setattr(pb, "_Child", FakeChild)
        monkeypatch.setattr(pb, "_wait_any", lambda running: (running.pop(next(iter(running))), 0))
        monkeypatch.setattr(pb, "merge", lambda *a, **k: events.append(("merge",)))
        monkeypatch.setenv("SITE_URL", "http://127.0.0.1:8000/")
        return pb

    return start
