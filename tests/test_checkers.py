"""Independent checkers on the built site: LinkChecker (links), the Nu HTML Checker (markup), and an
anchor check of every internal link with a fragment."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from conftest import ROOT
from sitecheck import page_facts
from sitecheck import serve_directory as _serve

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

# Errors the Nu checker reports in Material for MkDocs' own templates (not in our templates or content):
# the drawer/search toggles are checkboxes with autocomplete="off", navigation labels carry an empty
# tabindex, and the table-of-contents title is a label for a hidden toggle. They are kept by Material
# on purpose (CSS-only navigation) and are accepted here.
MATERIAL_ERRORS = [
    ("Attribute “autocomplete” is only allowed when the input type is", 'class="md-toggle"'),
    ("Bad value “” for attribute “tabindex” on element “label”", 'class="md-nav__link'),
    ("The value of the “for” attribute of the “label” element must be the ID of a non-hidden form control",
     'class="md-nav__title"'),
]


def need(tool_ok: bool, what: str):
    if not tool_ok:
        if os.environ.get("CI"):
            pytest.fail(f"{what} is not installed; `make test` installs it")
        pytest.skip(f"{what} is not installed (run `make test` to install it)")


def test_nu_html_checker(shipped_site):
    site, _ = shipped_site
    need(VNU.is_file() and shutil.which("java") is not None, "the Nu HTML Checker (vnu-jar, Java)")
    r = subprocess.run(["java", "-jar", str(VNU), "--skip-non-html", "--errors-only", "--format", "json", str(site)],
                       capture_output=True, text=True, timeout=600)
    messages = json.loads(r.stderr or r.stdout or '{"messages": []}')["messages"]
    ours = [m for m in messages
            if not any(m.get("message", "").startswith(msg) and frag in m.get("extract", "") for msg, frag in MATERIAL_ERRORS)]
    shown = [f"{m['url'].split('/site/')[-1]}:{m.get('lastLine')}: {m['message']} [{m.get('extract', '')[:80]}]" for m in ours]
    assert shown == []


def test_linkchecker_finds_no_broken_link(shipped_site, tmp_path):
    site, _ = shipped_site
    exe = Path(sys.executable).parent / "linkchecker"
    need(exe.is_file(), "LinkChecker")
    rc = tmp_path / "linkcheckerrc"
    # fragments are checked by test_every_internal_anchor_resolves (LinkChecker re-parses the page per anchor)
    rc.write_text("[checking]\nthreads=4\n[filtering]\nignore=\n  ^https?://(?!127\\.0\\.0\\.1)\n  \\#\ncheckextern=0\n",
                  encoding="utf-8")
    server = _serve(site)
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/"
        r = subprocess.run([str(exe), "-f", str(rc), "--no-status", "-o", "text", url], capture_output=True, text=True,
                           timeout=900)
    finally:
        server.shutdown()
    assert "0 errors found" in r.stdout, r.stdout[-4000:]
    assert r.returncode == 0


def test_every_internal_anchor_resolves(shipped_site):
    site, _ = shipped_site
    ids: dict[Path, set[str]] = {}
    broken = []
    pages = sorted(site.rglob("*.html"))
    facts = {p: page_facts(p) for p in pages}
    for p, f in facts.items():
        ids[p] = f.ids
    for p, f in facts.items():
        base = "file://" + str(p)
        for href in f.links:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not parts.fragment:
                continue
            target = Path(unquote(urlsplit(urljoin(base, href)).path))
            if target.is_dir() or str(target).endswith("/"):
                target = target / "index.html"
            if target not in ids:
                broken.append(f"{p.relative_to(site)}: {href} (no page)")
            elif parts.fragment not in ids[target] and parts.fragment not in ("", "__skip"):
                broken.append(f"{p.relative_to(site)}: {href} (no anchor)")
    assert broken == []
