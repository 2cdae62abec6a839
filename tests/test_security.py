"""Hostile input (issue 13, item 1): every published HTML fragment passes one nh3 allowlist.

The corpus of tests/security_vectors.py (79 vectors, front matter titles, a termbase definition) is
written into every path content takes — the source guide, each translation, each locale's site pages,
the termbase (glossary), front-matter titles (navigation, <title>), headings (table of contents) —
and the tiny project is built strict and non-strict. The validator reports every vector at its file
and line (CMG504); the strict build refuses; the non-strict build publishes pages in which no handler
attribute and no javascript:/data: URL is left, and in which Chromium, hovering and clicking every
element, opens no dialog."""

from __future__ import annotations

import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from cmg.checks import check_file
from cmg.engine.markdown_render import SITE_EXTENSIONS
from cmg.parse import parse_guide_text
from cmg.sanitize import removals, sanitize_html, sanitize_title, sanitize_toc
from cmg.unsafe import render
from conftest import FIXTURES, ROOT, ProjectCopy, copy_project, pdf_text
from security_vectors import DEFINITION_VECTOR, INERT, TITLE_VECTORS, VECTORS
from sitecheck import build_site, serve_directory

EN, ES, KO = "guides/demo/index.md", "translations/es/demo/index.md", "translations/ko/demo/index.md"
INTRO = {EN: "A tiny guide used by the tests.", ES: "Una guía mínima que usan las pruebas.",
         KO: "시험에서 사용하는 작은 지침입니다."}
TITLES = {EN: ("Demo guide", TITLE_VECTORS[0]), ES: ("Guía de demostración", TITLE_VECTORS[1]),
          KO: (None, TITLE_VECTORS[0])}
SITE_PAGES = ["docs/en/index.md", "docs/es/index.md", "docs/ko/index.md"]

URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "srcdoc"}
BAD_SCHEME = re.compile(r"^(?:javascript|vbscript|data|file):", re.I)


def _corpus() -> tuple[str, list[tuple[str, range]]]:
    """All vectors, one paragraph each, and the line span of each (relative to the first)."""
    parts, spans, line = [], [], 0
    # Markdown first: an unclosed raw HTML element (<body …>, <math>…) makes the rest of the file raw HTML
    for name, md in sorted(VECTORS, key=lambda v: v[1].startswith("<")):
        n = md.count("\n") + 1
        spans.append((name, range(line, line + n)))
        parts.append(md)
        line += n + 1
    return "\n\n".join(parts), spans


def _hostile(root: Path) -> dict[str, list[tuple[str, range]]]:
    p = ProjectCopy(root)
    corpus, spans = _corpus()
    where = {}
    for rel, intro in INTRO.items():
        first = p.line_of(rel, intro) + 2
        p.replace(rel, intro, intro + "\n\n" + corpus)
        where[rel] = [(name, range(first + r.start, first + r.stop)) for name, r in spans]
        old, new = TITLES[rel]
        text = p.read(rel)
        old = old or re.search(r"^title: (.*)$", text, re.M).group(1)
        p.write(rel, text.replace(f"title: {old}\n", f"title: {json.dumps(new)}\n", 1))
    for rel in SITE_PAGES:
        p.replace(rel, "\n# ", "\n" + corpus + "\n\n# ")
    tb = yaml.safe_load(p.read("translations/termbase.yml"))
    for loc in ("en", "es", "ko"):
        tb["terms"][0][loc]["definition"] = DEFINITION_VECTOR
    p.write("translations/termbase.yml", yaml.safe_dump(tb, allow_unicode=True, sort_keys=False))
    return where


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    root = copy_project(FIXTURES / "mini", tmp_path_factory.mktemp("hostile") / "mini")
    where = _hostile(root)
    site = root.parent / "site"
    loose = build_site(root, site, strict=False)
    os.environ["CMG_PDF"], before = "false", os.environ.get("CMG_PDF")  # the strict build stops anyway
    try:
        strict = build_site(root, root.parent / "strict", strict=True)
    finally:
        if before is None:
            del os.environ["CMG_PDF"]
        else:
            os.environ["CMG_PDF"] = before
    return ProjectCopy(root), where, site, loose, strict


# ------------------------------------------------------------------------------------ the validator

@pytest.mark.parametrize("rel", [EN, ES, KO])
def test_the_validator_reports_every_vector_at_its_line(rel):
    """Each vector alone in a guide file of each locale: a CMG504 error on a line of the vector."""
    text = (FIXTURES / "mini" / rel).read_text(encoding="utf-8")
    intro = INTRO[rel]
    first = next(i for i, ln in enumerate(text.splitlines(), 1) if intro in ln) + 2
    missed, stray = [], []
    for name, md in VECTORS:
        gf = parse_guide_text(text.replace(intro, intro + "\n\n" + md, 1), path=rel, locale=rel.split("/")[1]
                              if rel.startswith("translations") else "en", guide="demo", rel="demo/index.md")
        found = [f for f in check_file(gf, is_source=rel == EN, termbase=None) if f.code == "CMG504"]
        span = set(range(first, first + md.count("\n") + 1))
        if name in INERT:
            stray += [(name, f.message) for f in found]
        elif not found or any(f.line not in span for f in found):
            missed.append((name, [(f.line, f.message) for f in found]))
    assert not missed, missed
    assert not stray, stray


def test_every_vector_in_one_file_is_refused(hostile):
    project, where, *_ = hostile
    found = [f for f in project.validate() if f.code == "CMG504"]
    for rel in (EN, ES, KO):
        here = [f for f in found if f.path == rel]
        assert len(here) >= 40, (rel, len(here))
        assert any("front matter 'title'" in f.message and f.line == 1 for f in here)
    assert all(f.severity == "error" for f in found)


def test_the_strict_build_refuses_and_the_loose_one_publishes(hostile):
    *_, loose, strict = hostile
    assert strict.returncode != 0
    assert "CMG504" in strict.stdout + strict.stderr
    assert loose.returncode == 0, loose.stderr[-3000:]
    assert "Traceback" not in loose.stdout + loose.stderr


# ------------------------------------------------------------------------------------ the built site

def _as_browsers_read(url: str) -> str:
    """A URL as browsers parse it: C0 controls and spaces trimmed, tabs and newlines removed."""
    return re.sub(r"[\t\n\r]", "", url.strip("".join(map(chr, range(0x21)))))


class _Scan(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.bad: list[str] = []
        self.in_body = False
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        if tag == "article":
            self.in_body = True  # the page's content (the theme's own svg icons and search form are outside)
        self._in_title = tag == "title"
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.bad.append(f"<{tag} {name}>")
            if name in URL_ATTRS and BAD_SCHEME.match(_as_browsers_read(value)):
                self.bad.append(f"<{tag} {name}={value[:40]}>")
        if self.in_body and tag in ("iframe", "object", "embed", "base", "frame", "svg", "math", "link"):
            self.bad.append(f"<{tag}>")
        if self.in_body and tag == "form" and any(k in ("action", "method", "target") for k, _ in attrs):
            self.bad.append(f"<{tag}>")
        if tag == "meta" and any(k == "http-equiv" for k, _ in attrs):
            self.bad.append("<meta http-equiv>")
        if tag == "img" and (src := dict(attrs).get("src") or "") and re.match(r"^\s*(?:[a-z]+:)?//", src, re.I):
            self.bad.append(f"<img src={src}>")  # nothing is loaded from other hosts

    def handle_data(self, data):
        if self._in_title:
            self.title += data

    def handle_endtag(self, tag):
        if tag == "article":
            self.in_body = False
        if tag == "title":
            self._in_title = False


def _pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html"))


def test_no_handler_script_or_bad_url_is_published(hostile):
    *_, site, loose, _ = hostile
    assert loose.returncode == 0
    pages = _pages(site)
    assert len(pages) >= 12
    for page in pages:
        text = page.read_text(encoding="utf-8")
        scan = _Scan()
        scan.feed(text)
        assert not scan.bad, (page, scan.bad)
        assert "<" not in scan.title, (page, scan.title)
        assert "\x00" not in text, page
        body = text[text.find("<body"):]
        # no script element in the page but the theme's own (a src of the site's, or Material's config)
        for m in re.finditer(r"<script\b([^>]*)>", body, re.I):
            attrs = m.group(1)
            assert re.search(r'\bsrc="[^":]*"', attrs) or 'id="__config"' in attrs or re.fullmatch(r"\s*", attrs), (page, m.group(0))
        assert "cmg-xss-" not in "".join(re.findall(r"<script\b[^>]*>(.*?)</script>", body, re.S)), page


def test_every_locale_has_the_vectors_neutralised(hostile):
    *_, site, _, _ = hostile
    for prefix in ("", "en/", "ko/"):
        html = (site / prefix / "demo" / "index.html").read_text(encoding="utf-8")
        assert "cmg-xss-1" in html or "cmg-xss-50" in html  # the page was built with the corpus in it
        assert 'id="__config"' in html and html.count('id="__config"') == 1
        # the attr_list heading keeps its ID, loses its handler; the toc links to it
        assert 'id="cmg-h66"' in html and 'href="#cmg-h66"' in html


def test_the_pdfs_carry_no_attachment(hostile):
    *_, site, _, _ = hostile
    pdfs = sorted(site.rglob("*.pdf"))
    assert len(pdfs) >= 3  # one per locale at least (and per country, per paper size): the corpus reached the PDF step
    environ = max(Path("/proc/self/environ").read_bytes().split(b"\0"), key=len)
    for pdf in pdfs:
        text = pdf_text(pdf.read_bytes())
        assert b"/EmbeddedFile" not in text and b"/FileAttachment" not in text, pdf
        assert environ not in text, pdf


def test_search_index_entries_pass_the_allowlist(hostile):
    *_, site, _, _ = hostile
    for index in site.rglob("search_index.json"):
        docs = json.loads(index.read_text(encoding="utf-8"))["docs"]
        for doc in docs:
            for key in ("title", "text"):
                assert not removals(doc.get(key) or ""), (index, doc.get("location"), key)


def test_glossary_definitions_are_literal_text(hostile):
    *_, site, _, _ = hostile
    html = (site / "en" / "glossary" / "index.html").read_text(encoding="utf-8")
    article = html[html.index("<article"):html.index("</article>")]
    assert "Injected heading cmg-xss-94" in article
    assert not re.search(r"<h1[^>]*>[^<]*Injected", article)  # a blank line in a definition starts no Markdown
    assert "&lt;img" in article and "<img" not in article.split("</h1>", 1)[1]
    assert "javascript:alert(&#x27;cmg-xss-93&#x27;)" in article or "javascript:alert('cmg-xss-93')" in article


# ------------------------------------------------------------------------------------ Chromium


# hover and click every element of the page (without following links), focus what can be focused
_PROVOKE = """() => {
  document.addEventListener('click', e => e.preventDefault(), true);
  document.addEventListener('submit', e => e.preventDefault(), true);
  // where content reaches the page: the article, the navigation and table of contents, the header title
  for (const el of document.querySelectorAll('.md-content *, .md-nav *, .md-header__topic *')) {
    for (const type of ['mouseover', 'mouseenter', 'mousemove', 'mousedown', 'mouseup', 'click', 'dblclick']) {
      el.dispatchEvent(new MouseEvent(type, {bubbles: true, cancelable: true}));
    }
    if (typeof el.focus === 'function') el.focus();
    el.dispatchEvent(new Event('toggle'));
  }
  const bad = [];
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) {
      const v = a.value.replace(/^[\\u0000-\\u0020]+/, '').replace(/[\\t\\n\\r]/g, '').toLowerCase();
      if (a.name.startsWith('on')) bad.push(el.tagName + ' ' + a.name);
      if (/^(javascript|vbscript|data):/.test(v) && ['href', 'src', 'action', 'formaction', 'xlink:href', 'data'].includes(a.name))
        bad.push(el.tagName + ' ' + a.name + '=' + v.slice(0, 40));
    }
  }
  return bad;
}"""



def test_nothing_fires_in_chromium(hostile, browser):
    *_, site, loose, _ = hostile
    assert loose.returncode == 0
    server = serve_directory(site)
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    dialogs: list[str] = []
    foreign: list[str] = []
    try:
        context = browser.new_context()
        context.route("**/*", lambda route: (foreign.append(route.request.url), route.abort())
                      if not route.request.url.startswith(base) else route.continue_())
        checked = 0
        for path in _pages(site):
            rel = path.relative_to(site).as_posix()
            page = context.new_page()  # a page of its own: the site's script may follow a clicked link
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.goto(base + rel, wait_until="load")
            page.wait_for_timeout(50)
            bad = page.evaluate(_PROVOKE)
            page.wait_for_timeout(100)
            assert not bad, (rel, bad)
            page.close()
            checked += 1
        assert checked >= 12
        context.close()
    finally:
        server.shutdown()
    assert not dialogs, dialogs
    assert not foreign, foreign  # nothing was requested from another host


# ------------------------------------------------------------------------------------ the allowlist

def test_the_validator_converts_with_the_sites_markdown_extensions():
    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    cfg = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)
    names = [e if isinstance(e, str) else next(iter(e)) for e in cfg["markdown_extensions"]]
    assert sorted(names) == sorted(SITE_EXTENSIONS)


def test_nh3_is_pinned():
    pins = (ROOT / "requirements.txt").read_text(encoding="utf-8")
    assert re.search(r"^nh3==\d+\.\d+\.\d+$", pins, re.M)


def test_what_the_guides_use_is_published_byte_for_byte():
    md = ("# T\n\n## 1 Scope {#dl-scope}\n\nText with **bold**, `code`, a [link](../x/index.md#a \"t\"), "
          "[out](https://example.org), a footnote[^1] and <br> a break.\n\n"
          "| a | b |\n|:--|--:|\n| 1 | 2 |\n\n- [ ] task\n- [x] done\n\n!!! note \"N\"\n    Body.\n\n"
          "??? tip \"More\"\n    Hidden.\n\nTerm\n:   Definition.\n\n*[KONEPS]: Korea ON-line E-Procurement System\n\n"
          "KONEPS.\n\n```python\nx = 1 < 2\n```\n\n![plan](plan.png){ width=\"300\" }\n\n[^1]: Note.\n")
    html = render(md)
    assert sanitize_html(html) == html
    assert removals(html) == []


def test_a_title_cannot_become_a_tag_through_striptags():
    assert "<" not in sanitize_title("&lt;/title&gt;&lt;script&gt;x&lt;/script&gt;").replace("‹", "")
    assert sanitize_title("Delays & fines") == "Delays & fines"


def test_toc_ids_that_need_escaping_are_escaped():
    class Item:
        def __init__(self, title, ident):
            self.title, self.id, self.children = title, ident, []

    items = [Item('<img src=x onerror="alert(1)">T', 'a"onmouseover="alert(1)')]
    sanitize_toc(items)
    assert "onerror" not in items[0].title and '"' not in items[0].id


def test_removals_name_the_element_or_attribute():
    found = [r.what for r in removals('<p onclick="x()">a<script>b</script><a href="javascript:y">c</a></p>')]
    assert found[0] == "'onclick' attribute on <p>"
    assert "<script> element" in found
    assert any(w.startswith("'href' attribute on <a>: javascript:") for w in found)


@pytest.mark.parametrize("text,converted", [
    ("## 1 Title {#dl-x}\n\nText [[dl-y]], [[param:delay-rate@hn]], [^1] and {{contract_no}}.", False),
    ("- [ ] check\n- [x] done", False),
    ("See [the law](https://example.org/law.pdf) and [x](../delays/index.md#dl-x), [y](mailto:a@b.org).", False),
    ("[x](javascript:alert(1))", True), ("[x](&#106;avascript:alert(1))", True), ("[x](java\tscript:alert(1))", True),
    ("[x]( javascript:alert(1))", True), ("[a](<javascript:x>)", True), ("[x](https://a.org/a:b)", True),
    ("{#dl-x onclick=alert(1)}", True), ("{: onclick=x}", True), ("<svg/onload=alert(1)>", True),
    ("[x][ref]\n\n[ref]: javascript:alert(1)", True), ("![img](https://evil.org/x.png)", True), ("*[HTML]: x", True),
])
def test_only_markup_that_cannot_need_the_sanitiser_skips_the_conversion(text, converted):
    """CMG504 converts a block only when something in it could become HTML the allowlist removes; what
    the guides write everywhere (IDs, references, footnotes, task boxes, plain links) is not enough."""
    from cmg.unsafe import _needs_conversion

    assert _needs_conversion(text) is converted


# "<![" that opens no CDATA section: Python 3.11's html.parser raised AssertionError on it (found by hypothesis)
MALFORMED_DECLARATIONS = ["<![0", "a<![0>b", "<![if x]>y<![endif]>", "<p>a</p><![ b", "<!DOCTYPE x [<!0>"]


@pytest.mark.parametrize("fragment", MALFORMED_DECLARATIONS)
def test_a_malformed_declaration_is_sanitised_without_a_traceback(fragment):
    import nh3

    published = sanitize_html(fragment)  # no AssertionError
    removals(fragment)
    # published as written only where HTML reads it as nh3's text reads; nothing after it is swallowed
    after = "<p>after</p>"
    assert nh3.clean(published + after, strip_comments=False).endswith(after)
    assert published in (fragment, nh3.clean(fragment, strip_comments=False))


def test_a_guide_title_with_a_malformed_declaration_is_reported_not_a_traceback():
    # Markdown escapes "<![" in the text; a front matter title reaches the sanitiser as it is written
    text = (FIXTURES / "mini" / EN).read_text(encoding="utf-8").replace("title: Demo guide", "title: Demo <![0", 1)
    gf = parse_guide_text(text, path=EN, locale="en", guide="demo", rel="demo/index.md")
    found = [f for f in check_file(gf, is_source=True, termbase=None) if f.code == "CMG504"]  # raised AssertionError
    assert [f.line for f in found] == [gf.meta_line]  # where the front matter starts, as for any title finding


def test_a_checkbox_written_into_a_guide_comes_out_the_same_in_every_process():
    # nh3 sets type and disabled from a Rust hash map: their order changed from one process to the next
    from cmg.sanitize import sanitize_page_html, settled_inputs

    assert settled_inputs('<input type="checkbox" disabled="">') == '<input disabled="" type="checkbox">'
    assert settled_inputs('<p><input disabled="" class="a" type="checkbox"> x</p>') == \
        '<p><input class="a" disabled="" type="checkbox"> x</p>'
    code = "from cmg.sanitize import sanitize_page_html as s; print(s('<ul><li><input> a</li></ul><input name=q>'))"
    import subprocess
    import sys

    runs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
            for _ in range(8)}
    assert runs == {'<ul><li><input disabled="" type="checkbox"> a</li></ul><input disabled="" name="q" type="checkbox">\n'}
    assert sanitize_page_html('<ul><li><input type="checkbox" disabled> a</li></ul>') == \
        '<ul><li><input type="checkbox" disabled> a</li></ul>'  # the checklists' own markup is published as written
