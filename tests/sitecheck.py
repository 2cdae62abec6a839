"""Helpers to build a site in a temporary folder and read facts from its HTML."""

from __future__ import annotations

import functools
import gzip
import http.server
import io
import os
import subprocess
import sys
import tempfile
import threading
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

MKDOCS = [sys.executable, "-m", "mkdocs"]

# rel values whose href the browser does not fetch
NOT_LOADED_RELS = {"canonical", "alternate", "author", "license", "next", "prev", "search"}


# One PDF cache for the whole test session: the tiny fixture's PDFs are rendered once, not in every
# test that builds it; the shipped guides' PDFs are rendered afresh in every session.
PDF_CACHE = tempfile.mkdtemp(prefix="cmg-test-cache-")


def _build_env() -> dict[str, str]:
    return dict(os.environ, SITE_URL="http://127.0.0.1:8000/", NO_MKDOCS_2_WARNING="1", CMG_CACHE_DIR=PDF_CACHE)


def build_site(project_root: Path, site_dir: Path, strict: bool = True) -> subprocess.CompletedProcess:
    cmd = [*MKDOCS, "build", "-d", str(site_dir)] + (["--strict"] if strict else [])
    # 72 PDFs on an empty cache (6 guides × 3 locales, and 3 country editions of each): minutes on a loaded machine
    return subprocess.run(cmd, cwd=project_root, capture_output=True, text=True, env=_build_env(), timeout=1800)


def build_offline_archive(project_root: Path, site_dir: Path) -> subprocess.CompletedProcess:
    """`cmg offline`, as `make site` runs it after the build."""
    cmd = [sys.executable, "-m", "cmg.cli", "offline", "--site-dir", str(site_dir)]
    # a second build of the site (its PDFs from the session's cache): minutes on a loaded machine
    return subprocess.run(cmd, cwd=project_root, capture_output=True, text=True, env=_build_env(), timeout=1800)


class PageFacts(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.html_lang: str | None = None
        self.loaded: list[tuple[str, str]] = []  # (tag, url) fetched by the browser
        self.links: list[str] = []  # <a href>
        self.ids: set[str] = set()
        self.alternates: list[tuple[str, str]] = []  # (hreflang, href) of the language selector
        self.classes: list[str] = []
        self.lang_blocks: list[str] = []
        self.text: list[str] = []
        self._in_select = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.html_lang = a.get("lang")
        if "id" in a:
            self.ids.add(a["id"])
        if "class" in a and a["class"]:
            self.classes.extend(a["class"].split())
        if "lang" in a and tag != "html":
            self.lang_blocks.append(a["lang"])
        if tag in ("script", "img", "iframe", "audio", "video", "source", "embed", "track") and a.get("src"):
            self.loaded.append((tag, a["src"]))
        if tag == "object" and a.get("data"):
            self.loaded.append((tag, a["data"]))
        if tag == "link" and a.get("href"):
            rels = set((a.get("rel") or "").split())
            if not rels & NOT_LOADED_RELS:
                self.loaded.append((tag, a["href"]))
        if tag == "a" and a.get("href") is not None:
            self.links.append(a["href"])
            if "md-select__link" in (a.get("class") or ""):
                self.alternates.append((a.get("hreflang", ""), a["href"]))

    def handle_data(self, data):
        self.text.append(data)


def page_facts(path: Path) -> PageFacts:
    p = PageFacts()
    p.feed(path.read_text(encoding="utf-8"))
    return p


def is_third_party(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in ("", "data", "blob"):
        return bool(parts.netloc)  # protocol-relative //host/…
    if parts.scheme in ("http", "https"):
        return parts.hostname not in ("127.0.0.1", "localhost")
    return True


COMPRESSIBLE = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt")


def serve_directory(directory: Path) -> http.server.ThreadingHTTPServer:
    """Serve a built site on a free loopback port (call .shutdown() when done).

    Text files go out gzip-compressed to clients that accept it, as any web host serves them, so
    that what a browser transfers here is what a reader's connection carries."""

    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def send_head(self):
            path = self.translate_path(self.path)
            if os.path.isdir(path):
                index = os.path.join(path, "index.html")
                path = index if self.path.split("?")[0].endswith("/") and os.path.isfile(index) else None
            accepts = "gzip" in self.headers.get("Accept-Encoding", "")
            if not path or not accepts or not path.endswith(COMPRESSIBLE) or not os.path.isfile(path):
                return super().send_head()
            with open(path, "rb") as fh:
                body = gzip.compress(fh.read(), 6)
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(path))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            return io.BytesIO(body)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def resource_sizes(page) -> dict[str, int]:
    """Bytes transferred so far (compressed, headers included), per resource, as the browser's
    Resource Timing reports them."""
    entries = page.evaluate(
        "() => [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')]"
        ".map(e => [e.name, e.transferSize])")
    return {name: size for name, size in entries}


def first_visit_transfer(page, url: str) -> dict[str, int]:
    """Bytes a first visit to `url` transfers (compressed, headers included), per resource, once the
    page has loaded and settled (the search index comes only when the reader starts to search)."""
    page.goto(url, wait_until="networkidle")
    page.wait_for_timeout(500)  # anything the page still asks for after load
    return resource_sizes(page)
