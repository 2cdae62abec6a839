"""`make bench`: build, validation, preview and reader-weight figures on a synthetic corpus, side by side
with the plain stack (MkDocs + Material + mkdocs-static-i18n, no plugin of ours) in the same run.

Prints a table and writes results.json beside this file. Not part of `make test`: numbers, not pass/fail.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))
import corpus  # noqa: E402

PY = sys.executable
ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1", SITE_URL="http://127.0.0.1:8000/")
TARGETS = {"build_ratio_vs_static_i18n": 0.55, "plugin_overhead": 0.10, "validate_seconds": 1.0,
           "validate_peak_mib": 200, "serve_edit_seconds": 1.0, "first_visit_kb": 300,
           "serve_all_locales_edit_seconds": 1.5, "shipped_site_cold_seconds": 60, "shipped_site_warm_seconds": 5}


@dataclass(frozen=True)
class Figures:
    """One measurement repeated: the median and the minimum of the runs, in wall and in CPU time, and
    the peak memory of the largest process."""

    seconds: float
    min_seconds: float
    cpu_seconds: float
    min_cpu_seconds: float
    peak_mib: float

    def record(self, r: dict, prefix: str, digits: int = 2) -> None:
        """Into results.json as ``{prefix}_seconds``, ``_min_seconds``, ``_cpu_seconds``,
        ``_min_cpu_seconds`` and ``_peak_mib``."""
        r[f"{prefix}_seconds"] = round(self.seconds, digits)
        r[f"{prefix}_min_seconds"] = round(self.min_seconds, digits)
        r[f"{prefix}_cpu_seconds"] = round(self.cpu_seconds, digits)
        r[f"{prefix}_min_cpu_seconds"] = round(self.min_cpu_seconds, digits)
        r[f"{prefix}_peak_mib"] = round(self.peak_mib, 1)


def run_measured(cmd: list[str], cwd: Path, env: dict | None = None, check: bool = True) -> tuple[float, float, float]:
    """Wall seconds, peak RSS (MiB) and CPU seconds (with its children) of one child process; with
    ``check``, a failure stops the benchmark with the end of its output."""
    # stderr into a file, not a pipe: a build that logs more than a pipe holds (the mid-translation
    # corpus's warnings) would block on it while this process waits for it to end
    with tempfile.TemporaryFile() as err_file:
        start = time.perf_counter()
        # stdout too: findings are printed there, and a failure shows them
        proc = subprocess.Popen(cmd, cwd=cwd, env=env or ENV, stdout=err_file, stderr=err_file)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if check and proc.returncode != 0:
            err_file.seek(0)
            err = err_file.read().decode("utf-8", "replace")[-2000:]
            raise SystemExit(f"bench: {' '.join(cmd)} failed in {cwd}:\n{err}")
    return elapsed, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


# how each site is built: the anchor by MkDocs; ours the way `make site` builds it (one process per locale)
MKDOCS_BUILD = [PY, "-m", "mkdocs", "build", "-q"]
CMG_BUILD = [PY, "-m", "cmg.cli", "build", "-q"]


def cold_env() -> dict:
    """No cache of ours from an earlier build: an empty cache_dir (conversions, search entries,
    findings) and an empty temporary folder (compiled templates)."""
    return dict(ENV, CMG_CACHE_DIR=tempfile.mkdtemp(prefix="bench-cache-"), TMPDIR=tempfile.mkdtemp(prefix="bench-tmp-"))


def with_word_in_first_clause(text: str, word: str) -> str:
    """The page with ``word`` added to the first line of its first clause's text."""
    lines = text.split("\n")
    idx = next(i for i, ln in enumerate(lines) if ln.startswith(("## ", "### ")))
    body = next(i for i in range(idx + 1, len(lines)) if lines[i].strip())
    lines[body] += f" {word}"
    return "\n".join(lines)


def edit_one_clause(root: Path, rel: str, n: int) -> None:
    """What an editor does between two builds: a word added to one clause of one translation."""
    path = root / rel
    # a word, no digit: a number the source does not have would be a finding, and `make site` would stop
    word = "편집" + chr(0xAC00 + 28 * (n % 399))  # 편집가, 편집개, …
    path.write_text(with_word_in_first_clause(path.read_text(encoding="utf-8"), word), encoding="utf-8")


def repeated(root: Path, runs: int, once, fresh_env, warm_edit: str | None = None) -> Figures:
    """The figures of ``runs`` calls of ``once(env)`` (which returns wall seconds, peak MiB, CPU seconds).

    Without ``warm_edit`` every run gets its own ``fresh_env()`` (no cache of ours). With it (a file of
    ``root``), the caches are filled by one run first, and each run follows an edit to one clause of
    that file: `make site` as an editor runs it again and again."""
    times, peaks, cpus = [], [], []
    env = fresh_env()  # filled by the first run when warm_edit
    original = (root / warm_edit).read_text(encoding="utf-8") if warm_edit else None
    try:
        if warm_edit:
            once(env)
        for n in range(runs):
            if warm_edit:
                edit_one_clause(root, warm_edit, n)
            t, peak, cpu = once(env if warm_edit else fresh_env())
            times.append(t)
            peaks.append(peak)
            cpus.append(cpu)
    finally:
        if original is not None:
            (root / warm_edit).write_text(original, encoding="utf-8")
    return Figures(statistics.median(times), min(times), statistics.median(cpus), min(cpus), max(peaks))


def median_build(root: Path, runs: int, cmd: list[str] = MKDOCS_BUILD, warm_edit: str | None = None) -> Figures:
    """A full build into a fresh folder, measured as :func:`repeated` says."""

    def once(env: dict) -> tuple[float, float, float]:
        site = Path(tempfile.mkdtemp(prefix="bench-site-"))
        try:
            return run_measured([*cmd, "-d", str(site)], root, env)
        finally:
            shutil.rmtree(site, ignore_errors=True)

    return repeated(root, runs, once, cold_env, warm_edit)


def outdate_every_fifth_clause(root: Path) -> int:
    """The state of a project while translators catch up: a word added to every fifth clause of every
    source guide (its translations are outdated), the findings cache empty. Returns the clauses edited."""
    edited = 0
    for path in sorted((root / "guides").glob("*/index.md")):
        lines = path.read_text(encoding="utf-8").split("\n")
        heads = [i for i, ln in enumerate(lines) if ln.startswith(("## ", "### "))]
        for n, idx in enumerate(heads):
            if n % 5 == 0:
                body = next((i for i in range(idx + 1, len(lines)) if lines[i].strip()), None)
                if body is not None:
                    lines[body] += " revised"
                    edited += 1
        path.write_text("\n".join(lines), encoding="utf-8")
    return edited


def copy_shipped_project(dest: Path) -> Path:
    """The repository's tracked files (guides, translations, profiles, docs, mkdocs.yml…), to build and edit
    without touching the working tree."""
    files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, check=True, capture_output=True).stdout.split(b"\0")
    for rel in filter(None, files):
        src = ROOT / rel.decode("utf-8")
        if src.is_file():
            target = dest / rel.decode("utf-8")
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, target)
    return dest


def shipped_site(root: Path, runs: int, warm_edit: str | None = None) -> Figures:
    """`make site` on the shipped guides (validate, the strict build with every PDF of every country
    edition, the offline copy), the three steps together, measured as :func:`repeated` says."""
    steps = [[PY, "-m", "cmg.cli", "validate"], [*CMG_BUILD, "--strict"], [PY, "-m", "cmg.cli", "offline", "--site-dir", "site"]]

    def local_env() -> dict:
        # as the README's `make site` runs: no SITE_URL (the offline copy takes the web build's PDFs from
        # the PDF cache and rewrites their links to point inside the copy)
        return {k: v for k, v in cold_env().items() if k != "SITE_URL"}

    def once(run_env: dict) -> tuple[float, float, float]:
        shutil.rmtree(root / "site", ignore_errors=True)
        figures = [run_measured(cmd, root, run_env) for cmd in steps]
        return sum(f[0] for f in figures), max(f[1] for f in figures), sum(f[2] for f in figures)

    return repeated(root, runs, once, local_env, warm_edit)


def set_validation(root: Path, enabled: bool) -> None:
    cfg = root / "mkdocs.yml"
    text = cfg.read_text(encoding="utf-8")
    text = re.sub(r"\n      validation_enabled: \w+", "", text)
    if not enabled:
        text = text.replace("      source_locale: en\n", "      source_locale: en\n      validation_enabled: false\n")
    cfg.write_text(text, encoding="utf-8")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.read().decode("utf-8")
    except OSError:
        return ""


def serve_edit_seconds(root: Path, rel_file: str, page_url: str, edits: int, locale: str | None = None,
                       dirty: bool = True) -> float:
    """Median time from saving an edit to one clause until the served page shows it.

    As `make serve` runs it (--dirty), every locale; with `locale`, as `make serve LOCALE=…` runs it: that
    locale only. ``dirty=False``: a full rebuild at each edit (the anchor's preview, plain `mkdocs serve`)."""
    port = _free_port()
    log = open(root / ".bench-serve.log", "w", encoding="utf-8")
    cmd = [PY, "-m", "mkdocs", "serve", "--livereload", "-a", f"127.0.0.1:{port}"] + (["--dirty"] if dirty else [])
    env = dict(ENV, CMG_BUILD_LOCALE=locale) if locale else ENV
    proc = subprocess.Popen(cmd, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/{page_url}"
    try:
        end = time.time() + 600
        while not _get(url) and time.time() < end:
            if proc.poll() is not None:
                log.flush()
                raise SystemExit(f"bench: mkdocs serve stopped in {root}:\n"
                                 + (root / ".bench-serve.log").read_text(encoding="utf-8")[-2000:])
            time.sleep(0.2)
        path = root / rel_file
        original = path.read_text(encoding="utf-8")
        times = []
        for n in range(edits):
            marker = f"benchmark-edit-{n}-{time.time_ns()}"
            edited = with_word_in_first_clause(original, marker)
            time.sleep(1.0)  # let the watcher settle after the previous build
            start = time.perf_counter()
            path.write_text(edited, encoding="utf-8")
            while marker not in _get(url):
                if time.perf_counter() - start > 300:
                    raise SystemExit("bench: the preview never showed the edit")
                time.sleep(0.02)
            times.append(time.perf_counter() - start)
        path.write_text(original, encoding="utf-8")
        return statistics.median(times)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def gz(data: bytes) -> int:
    return len(gzip.compress(data, 6))


def first_visit_bytes(site: Path, page: str) -> tuple[int, dict[str, int]]:
    """Compressed bytes a first visit to `page` transfers: the HTML and what it loads (an estimate from
    the files, when no browser is at hand)."""
    html_path = site / page
    html = html_path.read_text(encoding="utf-8")
    parts = {"html": gz(html.encode())}
    refs = re.findall(r'<(?:script|img)[^>]*\ssrc="([^"]+)"', html)
    refs += re.findall(r'<link[^>]*rel="(?:stylesheet|icon|preload|modulepreload)"[^>]*href="([^"]+)"', html)
    refs += re.findall(r'<link[^>]*href="([^"]+)"[^>]*rel="(?:stylesheet|icon|preload)"', html)
    for ref in sorted(set(refs)):
        if ref.startswith(("http:", "https:", "data:", "//")):
            continue
        target = (html_path.parent / ref.split("?")[0].split("#")[0]).resolve()
        if target.is_file():
            parts[target.relative_to(site.resolve()).as_posix()] = gz(target.read_bytes())
    for extra in ("assets/javascripts/workers/",):  # the search index comes when the reader searches
        target = site / extra
        if target.is_file():
            parts[extra] = gz(target.read_bytes())
        elif target.is_dir():
            for js in target.glob("search*.js"):
                parts[f"{extra}{js.name}"] = gz(js.read_bytes())
    return sum(parts.values()), parts


def first_visit_in_browser(site: Path, page: str) -> float | None:
    """KB a first visit transfers, measured in Chromium over gzip as the browser tests do (None without a browser)."""
    sys.path.insert(0, str(ROOT / "tests"))
    try:
        from playwright.sync_api import sync_playwright

        from sitecheck import first_visit_transfer, serve_directory
    except ImportError:
        return None
    if not Path("/usr/bin/chromium").exists():
        return None
    server = serve_directory(site)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium",
                                        args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                                              "--disable-component-update", "--disable-sync", "--no-first-run"])
            try:
                sizes = first_visit_transfer(browser.new_page(), f"http://127.0.0.1:{server.server_address[1]}/{page}")
            finally:
                browser.close()
    finally:
        server.shutdown()
    return round(sum(sizes.values()) / 1024, 1)


def pdf_pages(site: Path) -> int:
    from pypdf import PdfReader

    return sum(len(PdfReader(str(p)).pages) for p in site.rglob("*.pdf"))


def search_index_sizes(site: Path) -> dict[str, int]:
    out = {}
    for idx in sorted(site.rglob("search_index.json")):
        out[idx.relative_to(site).as_posix()] = gz(idx.read_bytes())
    return out


def validate_figures(root: Path, runs: int, warm_edit: str | None = None) -> Figures:
    """`cmg validate`: from an empty findings cache, or (with ``warm_edit``) with the cache of the
    previous run and one clause of that file edited since, measured as :func:`repeated` says."""
    cmd = [PY, "-m", "cmg.cli", "validate", "--format", "json"]

    def once(env: dict) -> tuple[float, float, float]:
        return run_measured(cmd, root, env, check=False)  # findings exit non-zero; they are not measured here

    return repeated(root, runs, once, cold_env, warm_edit)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--pages", type=int, default=100, help="pages per locale (default 100)")
    ap.add_argument("--words", type=int, default=1500, help="words per page (default 1500)")
    ap.add_argument("--clauses", type=int, default=30, help="clauses per page (default 30: 3,000 per locale)")
    ap.add_argument("--runs", type=int, default=5, help="runs per measurement; minimum and median are reported")
    ap.add_argument("--shipped-runs", type=int, default=5, help="runs of `make site` on the shipped guides (default 5)")
    ap.add_argument("--edits", type=int, default=3, help="edits per preview measurement")
    ap.add_argument("--no-serve", action="store_true", help="skip the preview measurements")
    ap.add_argument("--work", help="folder for the corpus (default: a temporary folder)")
    ap.add_argument("--out", default=str(HERE / "results.json"))
    args = ap.parse_args(argv)

    work = Path(args.work or tempfile.mkdtemp(prefix="cmg-bench-"))
    print(f"corpus: {args.pages} pages × 3 locales, ~{args.words} words and {args.clauses} clauses a page, in {work}")
    ours, anchor = corpus.write_projects(work, args.pages, args.words, args.clauses)
    for loc in ("es", "ko"):
        subprocess.run([PY, "-m", "cmg.cli", "mark", "--all", loc, *sorted(p.name for p in (ours / "guides").iterdir())],
                       cwd=ours, env=ENV, check=True, stdout=subprocess.DEVNULL)
    # random words make terminology findings meaningless here; the check still runs, its findings are not logged
    cfg = ours / "mkdocs.yml"
    cfg.write_text(cfg.read_text(encoding="utf-8").replace(
        "      source_locale: en\n", "      source_locale: en\n      validation:\n        ignore: [CMG301]\n"),
        encoding="utf-8")

    # mid-translation: the same corpus with every fifth source clause edited since it was translated,
    # and the terminology findings logged (they are warnings a real project has while translators work)
    mid = work / "ours-mid"
    shutil.copytree(ours, mid)
    mid_cfg = mid / "mkdocs.yml"
    mid_cfg.write_text(mid_cfg.read_text(encoding="utf-8").replace("      validation:\n        ignore: [CMG301]\n", ""),
                       encoding="utf-8")
    mid_outdated = outdate_every_fifth_clause(mid)

    r: dict[str, float] = {}
    edited = "translations/ko/g050/index.md" if args.pages >= 50 else "translations/ko/g001/index.md"
    anchor_fig = median_build(anchor, args.runs)
    anchor_fig.record(r, "anchor_build")
    ours_fig = median_build(ours, args.runs, CMG_BUILD)
    ours_fig.record(r, "build")
    warm = median_build(ours, args.runs, CMG_BUILD, warm_edit=edited)
    warm.record(r, "build_warm")
    mid_fig = median_build(mid, args.runs, CMG_BUILD)
    mid_fig.record(r, "build_mid_translation")
    r["mid_translation_outdated_source_clauses"] = mid_outdated
    r["build_ratio_mid_translation"] = round(mid_fig.seconds / anchor_fig.seconds, 3)
    r["plugin_overhead_mid_translation"] = round((mid_fig.cpu_seconds - anchor_fig.cpu_seconds) / anchor_fig.cpu_seconds, 3)
    median_build(ours, args.runs).record(r, "sequential_build")
    set_validation(ours, False)
    bare = median_build(ours, args.runs, CMG_BUILD)
    set_validation(ours, True)
    r["build_without_validation_seconds"] = round(bare.seconds, 2)
    # from empty caches: the same work as the anchor's, and more
    r["build_ratio_vs_static_i18n"] = round(ours_fig.seconds / anchor_fig.seconds, 3)
    # `make site` again after one clause was edited: unchanged pages come from the caches
    r["build_ratio_warm_vs_static_i18n"] = round(warm.seconds / anchor_fig.seconds, 3)
    # what our plugin and validation add, in CPU time: the wall time of `cmg build` also counts the
    # second core, which the anchor leaves idle, so it would hide the overhead
    r["plugin_overhead"] = round((ours_fig.cpu_seconds - anchor_fig.cpu_seconds) / anchor_fig.cpu_seconds, 3)
    r["plugin_overhead_warm"] = round((warm.cpu_seconds - anchor_fig.cpu_seconds) / anchor_fig.cpu_seconds, 3)
    r["wall_overhead_vs_anchor"] = round((ours_fig.seconds - anchor_fig.seconds) / anchor_fig.seconds, 3)
    r["validation_in_build_seconds"] = round(ours_fig.seconds - bare.seconds, 2)

    validate_figures(ours, args.runs).record(r, "validate", digits=3)
    validate_figures(ours, args.runs, warm_edit=edited).record(r, "validate_warm", digits=3)
    r["validate_clauses"] = args.pages * args.clauses * 3

    site = work / "site-ours"
    subprocess.run([*CMG_BUILD, "-d", str(site)], cwd=ours, env=ENV, check=True, stderr=subprocess.DEVNULL)
    fv, parts = first_visit_bytes(site, "g001/index.html")
    measured = first_visit_in_browser(site, "g001/")
    r["first_visit_kb"] = measured if measured is not None else round(fv / 1024, 1)
    r["first_visit_measured_in_browser"] = 1 if measured is not None else 0
    idx = search_index_sizes(site)
    r["search_index_kb"] = round(sum(idx.values()) / 1024, 1)
    # what the reader's first search adds: that locale's index (es, the default locale, at the root)
    r["first_search_kb"] = round(idx.get("search/search_index.json", 0) / 1024, 1)

    # `make site` as a user runs it on the shipped guides, in a copy of the repository
    shipped_copy = copy_shipped_project(Path(tempfile.mkdtemp(prefix="cmg-bench-make-site-")))
    cold = shipped_site(shipped_copy, args.shipped_runs)
    cold.record(r, "shipped_site_cold")
    r["shipped_site_peak_mib"] = r["shipped_site_cold_peak_mib"]  # the key's earlier name
    shipped_site(shipped_copy, args.shipped_runs, warm_edit="translations/ko/delays/index.md").record(r, "shipped_site_warm")
    shutil.rmtree(shipped_copy, ignore_errors=True)

    shipped_site_dir = Path(tempfile.mkdtemp(prefix="cmg-bench-shipped-"))
    # the shipped guides as `make site` builds them, with the PDFs and the offline copy timed on their own
    no_pdf = dict(cold_env(), CMG_PDF="false")
    start = time.perf_counter()
    subprocess.run([*CMG_BUILD, "-d", str(shipped_site_dir)], cwd=ROOT, env=no_pdf, check=True, stderr=subprocess.DEVNULL)
    r["shipped_build_seconds"] = round(time.perf_counter() - start, 2)
    cold_cache = dict(ENV, CMG_CACHE_DIR=tempfile.mkdtemp(prefix="cmg-bench-pdf-"))
    start = time.perf_counter()
    subprocess.run([*CMG_BUILD, "-d", str(shipped_site_dir)], cwd=ROOT, env=cold_cache, check=True, stderr=subprocess.DEVNULL)
    r["shipped_pdfs_seconds"] = round(time.perf_counter() - start - r["shipped_build_seconds"], 2)
    r["shipped_pdf_pages"] = pdf_pages(shipped_site_dir)
    r["shipped_pdfs"] = sum(1 for p in shipped_site_dir.rglob("*.pdf") if "downloads" not in p.parts)
    r["shipped_country_pdfs"] = sum(1 for p in shipped_site_dir.rglob("*-??-??.pdf"))
    start = time.perf_counter()
    subprocess.run([PY, "-m", "cmg.cli", "offline", "--site-dir", str(shipped_site_dir)], cwd=ROOT, env=cold_cache, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    r["shipped_offline_archive_seconds"] = round(time.perf_counter() - start, 2)
    sfv, sparts = first_visit_bytes(shipped_site_dir, "delays/index.html")
    measured = first_visit_in_browser(shipped_site_dir, "ko/quality/")  # the heaviest shipped page
    r["shipped_first_visit_kb"] = measured if measured is not None else round(sfv / 1024, 1)
    r["shipped_search_index_kb"] = round(sum(search_index_sizes(shipped_site_dir).values()) / 1024, 1)

    if not args.no_serve:
        page = "g050" if args.pages >= 50 else "g001"
        r["serve_edit_seconds"] = round(serve_edit_seconds(ours, f"translations/ko/{page}/index.md", f"ko/{page}/",
                                                           args.edits, locale="ko"), 2)
        r["serve_all_locales_edit_seconds"] = round(serve_edit_seconds(ours, f"translations/ko/{page}/index.md",
                                                                       f"ko/{page}/", args.edits), 2)
        r["anchor_serve_edit_seconds"] = round(serve_edit_seconds(anchor, "docs/ko/g050/index.md" if args.pages >= 50
                                                                  else "docs/ko/g001/index.md",
                                                                  "ko/g050/" if args.pages >= 50 else "ko/g001/",
                                                                  args.edits, dirty=False), 2)
        # every tracked file, as for `make site`: a hand-made list of folders left out countries/, and
        # `mkdocs serve` stopped at once on mkdocs.yml's watch list
        shipped = copy_shipped_project(Path(tempfile.mkdtemp(prefix="cmg-bench-repo-")))
        r["shipped_serve_edit_seconds"] = round(serve_edit_seconds(shipped, "translations/ko/delays/index.md",
                                                                   "ko/delays/", args.edits, locale="ko"), 2)
        r["shipped_serve_all_locales_edit_seconds"] = round(serve_edit_seconds(
            shipped, "translations/ko/delays/index.md", "ko/delays/", args.edits), 2)

    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"
    report = {"machine": machine, "date": time.strftime("%Y-%m-%d"), "pages_per_locale": args.pages,
              "words_per_page": args.words, "runs": args.runs, **r}
    Path(args.out).write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")

    rows = [
        ("full build, ours: cmg build, a process per locale (s)", r["build_seconds"], None),
        ("full build, ours in one process: mkdocs build (s)", r["sequential_build_seconds"], None),
        ("full build, anchor: Material + static-i18n (s)", r["anchor_build_seconds"], None),
        ("CPU time: cmg build / mkdocs build / anchor (s)",
         f"{r['build_cpu_seconds']} / {r['sequential_build_cpu_seconds']} / {r['anchor_build_cpu_seconds']}", None),
        ("build ratio vs anchor, from empty caches", r["build_ratio_vs_static_i18n"], ("build_ratio_vs_static_i18n", "≤")),
        ("our overhead (plugin + validation), CPU time, from empty caches", r["plugin_overhead"], ("plugin_overhead", "≤")),
        ("full build, ours, after one clause edited (warm caches) (s)", r["build_warm_seconds"], None),
        ("build ratio vs anchor, after one clause edited", r["build_ratio_warm_vs_static_i18n"],
         ("build_ratio_vs_static_i18n", "≤")),
        ("our overhead, CPU time, after one clause edited", r["plugin_overhead_warm"], ("plugin_overhead", "≤")),
        ("  the same in wall time, cmg build vs anchor", r["wall_overhead_vs_anchor"], None),
        ("  of which validation in the build (s)", r["validation_in_build_seconds"], None),
        ("  minimum of the runs, wall: ours / anchor (s)", f"{r['build_min_seconds']} / {r['anchor_build_min_seconds']}", None),
        ("  minimum of the runs, CPU: ours / anchor (s)",
         f"{r['build_min_cpu_seconds']} / {r['anchor_build_min_cpu_seconds']}", None),
        (f"mid-translation corpus ({r['mid_translation_outdated_source_clauses']} source clauses edited since "
         "translated, term warnings logged): cmg build, empty caches (s)", r["build_mid_translation_seconds"], None),
        ("  its CPU time (s) / minimum wall (s)",
         f"{r['build_mid_translation_cpu_seconds']} / {r['build_mid_translation_min_seconds']}", None),
        ("build ratio vs anchor, mid-translation", r["build_ratio_mid_translation"], ("build_ratio_vs_static_i18n", "≤")),
        ("our overhead, CPU time, mid-translation", r["plugin_overhead_mid_translation"], ("plugin_overhead", "≤")),
        ("peak memory, ours / mid-translation / anchor (MiB)",
         f"{r['build_peak_mib']} / {r['build_mid_translation_peak_mib']} / {r['anchor_build_peak_mib']}", None),
        (f"cmg validate, {r['validate_clauses']} clauses, empty findings cache (s)", r["validate_seconds"],
         ("validate_seconds", "≤")),
        ("  minimum wall (s); CPU median / minimum (s)", f"{r['validate_min_seconds']}; "
         f"{r['validate_cpu_seconds']} / {r['validate_min_cpu_seconds']}", None),
        ("cmg validate peak memory (MiB)", r["validate_peak_mib"], ("validate_peak_mib", "≤")),
        ("cmg validate, one clause edited since the last run (s)", r["validate_warm_seconds"], ("validate_seconds", "≤")),
        ("first visit, synthetic guide page (KB gz)", r["first_visit_kb"], ("first_visit_kb", "≤")),
        ("  and its first search: the locale's index (KB gz)", r["first_search_kb"], None),
        ("first visit, shipped ko/quality guide, the heaviest (KB gz)", r["shipped_first_visit_kb"], ("first_visit_kb", "≤")),
        ("search index, synthetic / shipped (KB gz)", f"{r['search_index_kb']} / {r['shipped_search_index_kb']}", None),
        ("make site, shipped guides, every PDF of every country edition, empty caches (s, median)",
         r["shipped_site_cold_seconds"], ("shipped_site_cold_seconds", "≤")),
        ("  minimum wall (s); CPU median / minimum (s)", f"{r['shipped_site_cold_min_seconds']}; "
         f"{r['shipped_site_cold_cpu_seconds']} / {r['shipped_site_cold_min_cpu_seconds']}", None),
        ("  peak memory, largest process (MiB)", r["shipped_site_peak_mib"], None),
        ("make site, shipped guides, after one clause edit (s, median)", r["shipped_site_warm_seconds"],
         ("shipped_site_warm_seconds", "≤")),
        ("  minimum wall (s); CPU median (s)",
         f"{r['shipped_site_warm_min_seconds']}; {r['shipped_site_warm_cpu_seconds']}", None),
        ("shipped guides: HTML build, cmg build, empty caches (s)", r["shipped_build_seconds"], None),
        (f"shipped guides: + {r['shipped_pdfs']} PDFs ({r['shipped_country_pdfs']} of them per country), "
         f"{r['shipped_pdf_pages']} pages, empty cache (s)", r["shipped_pdfs_seconds"], None),
        ("shipped guides: offline archive, cmg offline (s)", r["shipped_offline_archive_seconds"], None),
    ]
    if not args.no_serve:
        rows += [
            ("preview of one locale (make serve LOCALE=ko): edit → rebuilt page, synthetic (s)", r["serve_edit_seconds"],
             ("serve_edit_seconds", "≤")),
            ("preview of all locales (make serve): same (s)", r["serve_all_locales_edit_seconds"],
             ("serve_all_locales_edit_seconds", "≤")),
            ("preview: same on the anchor, all locales (s)", r["anchor_serve_edit_seconds"], None),
            ("preview of one locale: edit → rebuilt page, shipped guides (s)", r["shipped_serve_edit_seconds"],
             ("serve_edit_seconds", "≤")),
            ("preview of all locales: same, shipped guides (s)", r["shipped_serve_all_locales_edit_seconds"], None),
        ]
    print(f"\n{machine}\n")
    print("| measure | value | target | met |\n|---|--:|--:|:-:|")
    for name, value, target in rows:
        if target:
            key, op = target
            met = float(value) <= TARGETS[key]
            print(f"| {name} | {value} | {op} {TARGETS[key]} | {'yes' if met else '**no**'} |")
        else:
            print(f"| {name} | {value} | | |")
    missed = [name for name, value, t in rows if t and float(value) > TARGETS[t[0]]]
    if missed:
        print("\nTargets missed: " + "; ".join(missed))
    print(f"\nwrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
