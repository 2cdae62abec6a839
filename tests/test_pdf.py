"""A PDF of every guide in every locale: built with the site, linked from the guide, fonts embedded,
every clause in the reader's language, Korean lines broken between words only."""

from __future__ import annotations

import io
import re

import pytest

from cmg.engine.downloads.pdf import PrintJob, keep_korean_words, print_document, render, trim_cache
from cmg.project import load_project
from cmg.validate import ParseCache, load_corpus
from conftest import ROOT

LOCALES = {"es": "", "en": "en/", "ko": "ko/"}


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_keep_korean_words_joins_hangul_words_in_text_only():
    html = ('<p title="계약 조건">발주기관은 지체상금을 부과한다 (art. 5).</p>'
            "<pre><code>검사 결과</code></pre><!-- 주석 -->")
    out = keep_korean_words(html)
    assert '<p title="계약 조건">' in out  # attributes untouched
    wj = "\u2060"
    assert f"<p title=\"계약 조건\">발{wj}주{wj}기{wj}관{wj}은 지{wj}체{wj}상{wj}금{wj}을 부{wj}과{wj}한{wj}다 (art. 5).</p>" in out
    assert keep_korean_words("계약(LD)은 art.") == f"계{wj}약{wj}(LD){wj}은 art."  # Latin inside a Korean word: joined at Hangul
    assert out.replace(wj, "") == html  # nothing else changes
    assert "<pre><code>검사 결과</code></pre>" in out  # code keeps its own text
    assert "<!-- 주석 -->" in out


def test_korean_lines_break_between_words(tmp_path):
    from pypdf import PdfReader

    words = ("발주기관은 계약상대자가 계약기간 내에 물품을 납품하지 아니한 경우 지체상금을 부과하여야 하며, "
             "검사·검수 결과 불합격된 물품은 하자보수보증금으로 처리한다.").split()
    paragraph = " ".join(words * 4)
    css = "@page { size: 80mm 200mm; margin: 5mm } html { font-family: NanumGothic }"
    doc = print_document(content=f"<p>{paragraph}</p>", title="t", site_name="s", locale="ko",
                         page_url="http://127.0.0.1/", version="1", css=css)
    target = tmp_path / "ko.pdf"
    render(PrintJob(doc, "http://127.0.0.1/", str(target)))
    lines = [line.strip() for page in PdfReader(str(target)).pages for line in page.extract_text().splitlines()]
    body = [line for line in lines if any(w in line for w in ("지체상금", "물품", "계약"))]
    assert len(body) > 4  # the paragraph did wrap
    assert "\u2060" not in "".join(lines)  # the joiners are not in the PDF's text (copy, search)
    for line in body:
        for token in line.split():
            assert token in words, f"line broken inside a word: {line!r}"


def _shown_clauses():
    project = load_project(ROOT / "mkdocs.yml")
    corpus = load_corpus(project, ParseCache())
    for locale in project.locales:
        for src in corpus.source_files():
            shown = corpus.get(locale, src.rel) or src
            yield locale, src.rel.split("/")[0], shown


@pytest.fixture(scope="module")
def pdfs(shipped_site):
    from pypdf import PdfReader

    site, _ = shipped_site
    found = {}
    for locale, guide, shown in _shown_clauses():
        page_dir = site / LOCALES[locale] / guide
        name = f"{guide}-{locale}.pdf"
        html = (page_dir / "index.html").read_text(encoding="utf-8")
        assert f'href="{name}" download' in html, f"{guide} ({locale}) does not link its PDF"
        found[(locale, guide)] = (PdfReader(str(page_dir / name)), shown, (page_dir / name).stat().st_mode)
    return found


def test_every_guide_has_a_pdf_in_every_locale_with_all_its_clauses(pdfs):
    # every guide of the repository, in each of the three locales
    assert len(pdfs) == len(list((ROOT / "guides").glob("*/index.md"))) * len(LOCALES)
    for (locale, guide), (reader, shown, _) in pdfs.items():
        # a guide of 13–47 clauses fills several pages; a truncated layout would give one or two
        assert len(reader.pages) >= max(5, len(shown.clauses) // 4), (locale, guide, len(reader.pages))
        text = _squeeze("".join(page.extract_text() for page in reader.pages))
        missing = [f"{c.number} {c.title}" for c in shown.clauses if _squeeze(c.number + c.title) not in text]
        assert not missing, (locale, guide, missing[:5])
        assert _squeeze(str(shown.meta["title"])) in text


def test_pdfs_embed_their_fonts_and_say_their_language(pdfs):
    for (locale, guide), (reader, _, mode) in pdfs.items():
        assert mode & 0o044 == 0o044, "PDF not readable by the web server"
        assert str(reader.trailer["/Root"].get("/Lang", "")).startswith(locale), (locale, guide)
        assert reader.metadata.title
        fonts = {}
        for page in reader.pages[:3]:
            for font in (page["/Resources"].get("/Font") or {}).values():
                font = font.get_object()
                descendants = font.get("/DescendantFonts")
                desc = (descendants[0].get_object() if descendants else font).get("/FontDescriptor")
                desc = desc.get_object() if desc is not None else {}
                fonts[str(font.get("/BaseFont"))] = any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3"))
        assert fonts and all(fonts.values()), (locale, guide, fonts)
        if locale == "ko":
            assert any("Nanum" in name for name in fonts), fonts


def test_pdf_cache_gives_the_same_file(tmp_path):
    job = PrintJob(print_document(content="<h1>Guía</h1><p>Inspección y recepción.</p>", title="Guía", site_name="s",
                                  locale="es", page_url="http://127.0.0.1/", version="1", css=""),
                   "http://127.0.0.1/", str(tmp_path / "a.pdf"))
    cache = str(tmp_path / "cache")
    assert render(job, cache) is False
    again = PrintJob(job.document, job.base_url, str(tmp_path / "b.pdf"))
    assert render(again, cache) is True
    assert (tmp_path / "a.pdf").read_bytes() == (tmp_path / "b.pdf").read_bytes()
    from pypdf import PdfReader

    assert "Inspección y recepción." in PdfReader(io.BytesIO((tmp_path / "b.pdf").read_bytes())).pages[0].extract_text()


def test_pdf_cache_keeps_the_most_recently_used(tmp_path):
    import os

    for n in range(5):
        path = tmp_path / f"{n}.pdf"
        path.write_bytes(b"%PDF")
        os.utime(path, (1000 + n, 1000 + n))
    trim_cache(str(tmp_path), 2)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["3.pdf", "4.pdf"]


def test_a_pdf_cut_short_in_the_cache_is_rendered_again(tmp_path):
    from cmg.engine.downloads.pdf import _cache_key

    job = PrintJob(print_document(content="<p>Acta de recepción.</p>", title="Acta", site_name="s", locale="es",
                                  page_url=None, version="1", css=""), None, str(tmp_path / "a.pdf"))
    cache = tmp_path / "cache"
    cache.mkdir()
    entry = cache / (_cache_key(job) + ".pdf")
    entry.write_bytes(b"%PDF-1.7\n1 0 obj")  # what a crash while writing could leave
    assert render(job, str(cache)) is False
    data = (tmp_path / "a.pdf").read_bytes()
    assert data.startswith(b"%PDF-") and b"%%EOF" in data[-1024:]
    assert entry.read_bytes() == data  # rewritten whole
    assert render(PrintJob(job.document, None, str(tmp_path / "b.pdf")), str(cache)) is True


def test_the_layout_runs_without_garbage_collections(tmp_path, monkeypatch):
    import gc

    from weasyprint import HTML, Document

    seen = []
    render_html, write_pdf = HTML.render, Document.write_pdf
    monkeypatch.setattr(HTML, "render", lambda self, **kw: seen.append(gc.isenabled()) or render_html(self, **kw))
    monkeypatch.setattr(Document, "write_pdf", lambda self, *a, **kw: seen.append(gc.isenabled()) or write_pdf(self, *a, **kw))
    job = PrintJob(print_document(content="<p>Acta de recepción.</p>", title="Acta", site_name="s", locale="es",
                                  page_url=None, version="1", css=""), None, str(tmp_path / "a.pdf"))
    assert gc.isenabled()
    assert render(job, None) is False
    assert seen == [False, False]  # neither the layout nor the PDF's writing
    assert gc.isenabled()  # and on again afterwards
    assert (tmp_path / "a.pdf").read_bytes().startswith(b"%PDF-")


def test_print_document_leaves_out_what_only_the_sites_scripts_use():
    from cmg.engine.downloads.pdf import paper_only

    html = ('<p class="a" data-cmg-term="3" title="see data-x=1">The <abbr data-cmg-term="0">KONEPS</abbr> data-y="2" '
            '<span class="cmg-placeholder" data-placeholder="p">[name]</span><!-- <abbr> --></p><td data-n=5 id=k>')
    assert paper_only(html) == ('<p class="a" title="see data-x=1">The KONEPS data-y="2" '
                                '<span class="cmg-placeholder">[name]</span><!-- <abbr> --></p><td id=k>')


def test_tables_get_the_column_widths_the_automatic_layout_would_give():
    from cmg.engine.downloads.pdf import column_widths, fixed_tables

    # short columns: as wide as their longest cell; a long one gets the rest of the line, beyond its longest word
    widths = column_widths([[("País", ""), ("Estado", ""), ("Contratos bajo la LACAP " * 8, "")],
                            [("El Salvador", ""), ("Verificado", ""), ("x", "")]])
    assert max(widths[:2]) < 15 < widths[2] and abs(sum(widths) - 100) < 0.5
    # an address printed after a link breaks anywhere: it widens the column's wish, not its minimum
    assert column_widths([[("LCP", " <https://" + "a" * 200 + ">"), ("Ley " * 40, "")]])[1] > 30
    # Hangul takes two units
    assert column_widths([[("국가국가", ""), ("abcd", "")]])[0] > column_widths([[("abcd", ""), ("abcd", "")]])[0]
    out = fixed_tables('<p>x</p><table>\n<thead><tr><th>A</th><th>B</th></tr></thead><tbody><tr><td>1</td><td>2</td></tr>'
                       '</tbody></table>')
    assert out.startswith('<p>x</p><table><colgroup><col style="width: 50.0%"><col style="width: 50.0%"></colgroup>\n<thead>')
    spanned = '<table><tr><td colspan="2">A</td></tr><tr><td>1</td><td>2</td></tr></table>'
    assert fixed_tables(spanned) == spanned  # the automatic layout keeps what it knows about spans


_IMPORTS_ONCE = r"""
import sys
from pathlib import Path
from cmg.engine.downloads.pdf import PrintJob, print_document, render_all
from cmg.engine.downloads.pdf_links import web_links

tmp, cache, mode = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
def job(n, offline=False):
    content = f'<h1 id="g">Guía {n}</h1><p>Acta de recepción, <a href="../about/">acerca</a>.</p>'
    doc = print_document(content=content, title="Guía", site_name="s", locale="es", page_url=None, version="1", css="")
    if offline:
        doc, links = web_links(doc, "http://127.0.0.1:8000/g/")
        return PrintJob(doc, "http://127.0.0.1:8000/g/", str(tmp / f"off{n}.pdf"), relative_links=links)
    return PrintJob(doc, "http://127.0.0.1:8000/g/", str(tmp / f"web{n}.pdf"))
jobs = [job(n, offline=mode == "offline") for n in range(2)]
assert render_all(jobs, cache, workers=2) == (2 if mode == "web" else 0)
print("weasyprint" in sys.modules)
"""


def test_weasyprint_is_imported_once_before_the_workers_and_only_for_a_layout(tmp_path):
    """The PDF workers inherit WeasyPrint from the process that forks them (0.4 s of CPU an import, once
    per worker before); the offline copy, whose PDFs are the web build's relinked, does not import it."""
    import subprocess
    import sys

    cache = str(tmp_path / "cache")

    def run(mode: str) -> str:
        done = subprocess.run([sys.executable, "-c", _IMPORTS_ONCE, str(tmp_path), cache, mode],
                              capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    assert run("web") == "True"  # two layouts, two workers: imported here, before the pool forks them
    assert run("offline") == "False"  # the same layouts, from the cache: only relinked
