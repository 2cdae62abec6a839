"""Build the sites (the tiny fixture and the shipped guides) and check the generated HTML."""

from __future__ import annotations

import json
import re
import shutil
from html import unescape as html_unescape
from pathlib import Path
from urllib.parse import urljoin

import pytest

from conftest import FIXTURES, ROOT, copy_project
from sitecheck import build_site, is_third_party, page_facts

LOCALES = {"es": "", "en": "en/", "ko": "ko/"}
NAV_LABEL = {"es": "Guías", "en": "Guides", "ko": "지침"}
NOT_FOUND = {"es": "Página no encontrada", "en": "Page not found", "ko": "페이지를 찾을 수 없습니다"}


@pytest.fixture(scope="session")
def fallback_site(tmp_path_factory) -> Path:
    """The tiny project with its Korean translation removed."""
    root = copy_project(FIXTURES / "mini", tmp_path_factory.mktemp("fallback") / "mini")
    shutil.rmtree(root / "translations" / "ko")
    (root / "docs" / "en" / "about.md").write_text("---\ntitle: About\n---\n\n# About\n\nAbout the guides.\n",
                                                  encoding="utf-8")
    site = root / "site"
    result = build_site(root, site, strict=False)
    assert result.returncode == 0, result.stderr[-4000:]
    return site


def guide_names() -> list[str]:
    return sorted(p.parent.name for p in (ROOT / "guides").glob("*/index.md"))


def test_strict_build_has_no_warnings(shipped_site):
    _, result = shipped_site
    bad = [line for line in result.stderr.splitlines() if line.startswith(("WARNING", "ERROR"))]
    assert bad == []


@pytest.mark.parametrize("locale", LOCALES)
def test_every_page_in_every_locale_with_its_lang(shipped_site, locale):
    site, _ = shipped_site
    prefix = LOCALES[locale]
    pages = ["index.html", "about/index.html", "glossary/index.html", "validation-rules/index.html", "404.html"]
    pages += [f"{g}/index.html" for g in guide_names()]
    for page in pages:
        path = site / prefix / page
        assert path.is_file(), f"missing {prefix}{page}"
        facts = page_facts(path)
        assert facts.html_lang == locale, f"{prefix}{page} has lang={facts.html_lang}"


@pytest.mark.parametrize("locale", LOCALES)
def test_navigation_is_translated(shipped_site, locale):
    site, _ = shipped_site
    text = (site / LOCALES[locale] / "index.html").read_text(encoding="utf-8")
    assert f">{NAV_LABEL[locale]}<" in text.replace("\n", "").replace("  ", "") or NAV_LABEL[locale] in text


@pytest.mark.parametrize("locale", LOCALES)
def test_404_in_its_own_language(shipped_site, locale):
    site, _ = shipped_site
    facts = page_facts(site / LOCALES[locale] / "404.html")
    assert facts.html_lang == locale
    assert NOT_FOUND[locale] in "".join(facts.text)


@pytest.mark.parametrize("locale", LOCALES)
def test_language_selector_leads_to_the_same_page(shipped_site, locale):
    site, _ = shipped_site
    for guide in guide_names():
        facts = page_facts(site / LOCALES[locale] / guide / "index.html")
        targets = [href for _, href in facts.alternates]
        assert len(targets) == len(LOCALES)
        here = f"http://site/{LOCALES[locale]}{guide}/"
        resolved = sorted(urljoin(here, href) for href in targets)
        assert resolved == sorted(f"http://site/{p}{guide}/" for p in LOCALES.values()), resolved


def test_clause_anchors_are_the_same_in_every_locale(shipped_site):
    site, _ = shipped_site
    for guide in guide_names():
        src = (ROOT / "guides" / guide / "index.md").read_text(encoding="utf-8")
        ids = set(re.findall(r"^#{2,3} .*\{#([a-z0-9-]+)\}\s*$", src, re.M))
        assert ids
        for locale, prefix in LOCALES.items():
            facts = page_facts(site / prefix / guide / "index.html")
            assert ids <= facts.ids, f"{locale}/{guide} lacks anchors {sorted(ids - facts.ids)[:5]}"


def test_nothing_loaded_from_other_hosts(shipped_site):
    site, _ = shipped_site
    offenders = []
    for page in site.rglob("*.html"):
        for tag, url in page_facts(page).loaded:
            if is_third_party(url):
                offenders.append(f"{page.relative_to(site)}: <{tag}> {url}")
    for css in site.rglob("*.css"):
        for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", css.read_text(encoding="utf-8", errors="replace")):
            if is_third_party(url):
                offenders.append(f"{css.relative_to(site)}: url({url})")
    assert offenders == []


def test_cross_references_render_with_number_and_title(shipped_site):
    site, _ = shipped_site
    text = (site / "ko" / "delays" / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'<a class="cmg-xref" data-clause="([^"]+)" href="([^"]+)">([^<]+)</a>', text)
    assert links, "no cross-reference links on the Korean delays page"
    for cid, href, label in links:
        assert href.endswith("#" + cid)
        assert re.search(r"\d", label), label


def test_fallback_page_has_notice_in_reader_language(fallback_site):
    facts = page_facts(fallback_site / "ko" / "demo" / "index.html")
    assert facts.html_lang == "ko"
    assert "cmg-notice--untranslated" in facts.classes
    text = "".join(facts.text)
    assert "아직" in text and "번역되지 않았습니다" in text
    assert "en" in facts.lang_blocks  # the source-language text says which language it is
    # the selector's Korean entry says that page's text is English
    assert ("en", "./") in facts.alternates or any(h == "en" for h, _ in facts.alternates)


def test_translated_page_has_no_fallback_notice(fallback_site):
    facts = page_facts(fallback_site / "demo" / "index.html")
    assert facts.html_lang == "es"
    assert "cmg-notice--untranslated" not in facts.classes


def test_guide_shows_version_status_and_scope(fallback_site):
    text = (fallback_site / "en" / "demo" / "index.html").read_text(encoding="utf-8")
    assert 'class="cmg-guide-meta"' in text and "1.0.0" in text and "Draft" in text and "goods" in text


SITE_NAME = {"es": "Guías Estandarizadas de Gestión de Contratos", "en": "Standardized Contract Management Guides",
             "ko": "표준 계약관리 지침"}


@pytest.mark.parametrize("locale", LOCALES)
def test_site_name_and_ui_language(shipped_site, locale):
    site, _ = shipped_site
    text = (site / LOCALES[locale] / "delays" / "index.html").read_text(encoding="utf-8")
    assert "<title>" in text and SITE_NAME[locale] in text
    # Material's own interface strings follow the locale (search placeholder)
    placeholder = {"es": "Búsqueda", "en": "Search", "ko": "검색"}[locale]
    assert f'placeholder="{placeholder}"' in text


def test_korean_headings_keep_hangul_in_their_slugs(shipped_site):
    site, _ = shipped_site
    facts = page_facts(site / "ko" / "about" / "index.html")
    assert any(re.search("[\uac00-\ud7a3]", i) for i in facts.ids), sorted(facts.ids)[:10]


def test_translation_status_page_in_every_locale(shipped_site):
    site, _ = shipped_site
    for prefix in LOCALES.values():
        text = (site / prefix / "translation-status" / "index.html").read_text(encoding="utf-8")
        assert "<table>" in text


def test_missing_site_page_falls_back_with_notice(fallback_site):
    facts = page_facts(fallback_site / "ko" / "about" / "index.html")
    assert facts.html_lang == "ko"
    assert "cmg-notice--untranslated" in facts.classes and "en" in facts.lang_blocks
    assert "About the guides." in "".join(facts.text)
    assert (fallback_site / "about" / "index.html").is_file()  # es too


def test_sitemap_lists_fallbacks_nowhere(fallback_site):
    sitemap = (fallback_site / "sitemap.xml").read_text(encoding="utf-8")
    assert "/en/demo/" in sitemap and "<loc>http://127.0.0.1:8000/demo/</loc>" in sitemap
    assert "/ko/demo/" not in sitemap  # the Korean section only shows the English text there


def _index(site, prefix):
    import json

    return json.loads((site / prefix / "search" / "search_index.json").read_text(encoding="utf-8"))


def test_one_search_index_per_locale(shipped_site):
    site, _ = shipped_site
    titles = {}
    for locale, prefix in LOCALES.items():
        idx = _index(site, prefix)
        assert idx["docs"], locale
        assert not any(d["location"].startswith(("en/", "ko/")) for d in idx["docs"])
        titles[locale] = {d["title"] for d in idx["docs"]}
    assert "Delivery and delay management" in titles["en"]
    assert "Delivery and delay management" not in titles["es"] | titles["ko"]
    for locale, prefix in LOCALES.items():
        text = (site / prefix / "delays" / "index.html").read_text(encoding="utf-8")
        base = re.search(r'<script id="__config" type="application/json">(.*?)</script>', text, re.S).group(1)
        assert ('"base": "../../' + locale + '/"' in base) if prefix else '"base": ".."' in base


def test_search_keywords_fold_accents_and_split_korean_compounds(shipped_site):
    site, _ = shipped_site
    es = _index(site, "")
    hits = [d for d in es["docs"] if "inspección" in d["text"]]
    assert hits and all("inspeccion" in d.get("kw", "").split() for d in hits)
    ko = _index(site, "ko/")
    hits = [d for d in ko["docs"] if "하자보수보증금" in d["text"]]
    # with the search's trailing wildcard, "보증금" finds a tail such as "보증금" or "보증금을"
    assert hits and all(any(w.startswith("보증금") for w in d.get("kw", "").split()) for d in hits)
    assert "·" in ko["config"]["separator"] and "kw" in ko["config"]["fields"]


@pytest.mark.parametrize("locale", LOCALES)
def test_model_forms_download_as_docx(shipped_site, locale):
    import docx

    from cmg.forms import extract_forms

    site, _ = shipped_site
    for guide in guide_names():
        src = ROOT / ("guides" if locale == "en" else f"translations/{locale}") / guide / "index.md"
        forms = extract_forms(src.read_text(encoding="utf-8"))
        assert forms, f"{src}: no model form"
        page = (site / LOCALES[locale] / guide / "index.html").read_text(encoding="utf-8")
        assert f'href="{guide}-forms-{locale}.docx"' in page
        document = docx.Document(str(site / LOCALES[locale] / guide / f"{guide}-forms-{locale}.docx"))
        text = "\n".join(p.text for p in document.paragraphs)
        text += "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)
        headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
        xml = document.element.xml
        for form in forms:
            assert form.title in headings, (guide, form.title)
            for name in form.placeholders:
                # shown as its label in the locale, in a content control that keeps the name (cmg.placeholders)
                assert f'<w:tag w:val="{name}"/>' in xml, (guide, locale, name)
                assert "{{" + name + "}}" not in text, (guide, locale, name)


def test_offline_archive_is_linked_from_every_home_page_and_holds_every_locale(shipped_site):
    import zipfile

    site, _ = shipped_site
    archive = site / "downloads" / "contract-management-guides.zip"
    for locale, prefix in LOCALES.items():
        home = (site / prefix / "index.html").read_text(encoding="utf-8")
        assert f'href="{"../" if prefix else ""}downloads/contract-management-guides.zip" download' in home, locale
    with zipfile.ZipFile(archive) as zf:
        names = set(zf.namelist())
        assert zf.testzip() is None
    top = "contract-management-guides/"
    assert all(n.startswith(top) for n in names)
    for prefix in LOCALES.values():
        for guide in guide_names():
            assert f"{top}{prefix}{guide}/index.html" in names
        # opened from disk, each locale's search reads its own index as a script
        assert f"{top}{prefix}search/search_index.js" in names
    assert f"{top}assets/javascripts/iframe-worker/shim.js" in names
    assert not any(n.endswith(".map") or n.startswith(f"{top}downloads/") for n in names)


def test_glossary_terms_are_marked_once_with_their_definitions_listed_once(shipped_site, fallback_site):
    """Guide pages mark the glossary's terms; each definition the page uses is in the page once (not at
    every use), in the page's JSON list of definitions. No definition leaks as text."""
    import json

    site, _ = shipped_site
    for prefix, term in (("", "multa por retraso"), ("ko/", "지체상금")):
        page = (site / prefix / "delays" / "index.html").read_text(encoding="utf-8")
        marks = re.findall(r'<abbr data-cmg-term="(\d+)">([^<]+)</abbr>', page)
        assert any(text == term for _, text in marks)
        data = json.loads(html_unescape(re.search(r'<div class="cmg-terms" hidden data-definitions="([^"]*)"', page).group(1)))
        assert {int(n) for n, _ in marks} == set(range(len(data)))  # every definition listed is used
        assert len(set(data)) == len(data) and all(len(d) > 20 for d in data)
        assert page.count(data[0]) == 1
    for page in fallback_site.rglob("*.html"):
        assert "*[" not in page.read_text(encoding="utf-8"), page


def test_glossary_marks_skip_code_links_headings_and_keep_whole_words():
    from cmg.site import GlossaryMarks

    marks = GlossaryMarks({"delay": "Late delivery.", "delay damages": "Amount per day of delay.", "Q&A": "Questions."})
    html = ('<h2 id="x">Delay and delay damages</h2><p>The delay damages, a delay, delays, '
            '<code>delay</code> <a href="#x">delay</a> Q&amp;A.</p><!-- delay --><pre><code>delay\n</code></pre>'
            '<p>delay<br/>delay</p>')
    out = marks.mark(html)
    body = out.split('<div class="cmg-terms"')[0]
    assert body.count("<abbr") == 5  # delay damages, delay, Q&A, and the two around the line break
    assert '<h2 id="x">Delay and delay damages</h2>' in body
    assert '<abbr data-cmg-term="0">delay damages</abbr>' in body  # the longest term first
    assert "delays," in body and "<code>delay</code>" in body and '<a href="#x">delay</a>' in body
    assert '<abbr data-cmg-term="2">Q&amp;A</abbr>' in body and "<!-- delay -->" in body
    assert json.loads(html_unescape(out.split('data-definitions="')[1].split('"')[0])) == [
        "Amount per day of delay.", "Late delivery.", "Questions."]
    assert marks.mark("<p>No terms here.</p>") == "<p>No terms here.</p>"
    # not inside an attribute value (even one holding ">"), nor inside an entity
    raw = '<div title="a > b contract">contract</div><p>&para; para &#para; para</p>'
    marked = GlossaryMarks({"contract": "An agreement.", "para": "A paragraph."}).mark(raw)
    assert marked.startswith('<div title="a > b contract"><abbr data-cmg-term="0">contract</abbr></div>')
    assert "<p>&para; <abbr" in marked and "&#para; <abbr" in marked and marked.count("<abbr") == 3
    hostile = GlossaryMarks({"term": 'a "quoted" </div><script>x</script> b'}).mark("<p>term</p>")
    assert "<script" not in hostile and "</div><" not in hostile.split("data-definitions=")[1][:-len("></div>")]


def test_glossary_marks_list_each_terms_entry_once_for_the_links():
    from cmg.sanitize import removals
    from cmg.site import GlossaryMarks

    marks = GlossaryMarks({"delay": "Late delivery.", "fine": "A penalty.", "delays": "Late delivery."},
                          {"delay": "term-delay", "delays": "term-delay"})
    html = '<h2 id="a">One</h2><p>A delay, delays and a fine.</p><h2 id="b">Two</h2><p>The delay again.</p>'
    out = marks.mark(html, "../glossary/")
    assert out.count('<abbr data-cmg-term="0">') == 3 and '<abbr data-cmg-term="1">fine</abbr>' in out
    tail = re.search(r'<div class="cmg-terms" hidden data-definitions="([^"]*)" data-glossary="([^"]*)" '
                     r'data-anchors="([^"]*)"></div>$', out)
    assert json.loads(html_unescape(tail.group(1))) == ["Late delivery.", "A penalty."]
    assert tail.group(2) == "../glossary/"
    assert json.loads(html_unescape(tail.group(3))) == ["term-delay", None]  # "fine" has no entry: no link
    assert not removals(out)  # every attribute the marks carry is in the sanitiser's allowlist
    # without the glossary's address (or with no entry for any term) the marks are tooltips only
    assert "data-anchors" not in marks.mark(html) and "data-anchors" not in GlossaryMarks({"delay": "x"}).mark(html, "../g/")
    # a hostile address cannot leave the attribute
    assert '"><script' not in marks.mark("<p>delay</p>", '"><script>x</script>')


def test_korean_terms_are_marked_before_their_particles():
    from cmg.site import GlossaryMarks

    marks = GlossaryMarks({"검사": "Inspection.", "검사조서": "Report.", "지체상금": "Delay damages."})
    out = marks.mark("<p>검사를 마치고 검사조서에 적는다. 준공검사, 검사이력, 지체상금은 검사</p>")
    assert re.findall(r"<abbr[^>]*>([^<]+)</abbr>(\S?)", out) == [
        ("검사", "를"), ("검사조서", "에"), ("지체상금", "은"), ("검사", "<")]
    assert "준공검사," in out and "검사이력" in out  # inside a compound word, or before a word that goes on: no mark


def test_glossary_terms_link_to_their_entry_in_the_readers_glossary(fallback_site):
    """Every term marked in a guide page leads to an existing anchor of the glossary page in the reader's
    locale, also where the page's text is the English fallback (Korean removed in fallback_site)."""
    for prefix in ("", "en/", "ko/"):
        page = fallback_site / prefix / "demo" / "index.html"
        text = page.read_text(encoding="utf-8")
        terms = re.search(r'<div class="cmg-terms" hidden data-definitions="[^"]*" data-glossary="([^"]*)" '
                          r'data-anchors="([^"]*)">', text)
        assert terms, f"{prefix or 'es/'}: the glossary's terms have no links"
        glossary = (page.parent / terms.group(1) / "index.html").resolve()
        assert glossary == (fallback_site / prefix / "glossary" / "index.html").resolve(), terms.group(1)
        entries = glossary.read_text(encoding="utf-8")
        anchors = [a for a in json.loads(html_unescape(terms.group(2))) if a]
        assert anchors and all(f'id="{a}"' in entries for a in anchors), anchors
