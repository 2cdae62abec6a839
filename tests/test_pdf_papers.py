"""One layout, two papers: every edition has the same text block, which fits A4 and US Letter; the
Letter PDF is the A4 one with a Letter page box centred on the same block (an incremental update,
every byte of the A4 PDF kept), and a country edition is printed on its profile's paper."""

from __future__ import annotations

import io
import zipfile

import pytest

from cmg.countries import load_profile
from cmg.engine.downloads.pdf import PrintJob, _cache_key, print_document, render
from cmg.engine.downloads.pdf_links import web_links
from cmg.engine.downloads.pdf_paper import MM, PAPERS, PaperError, centred_box, on_paper, paper_key
from cmg.project import load_project
from conftest import ROOT

LOCALES = {"es": "", "en": "en/", "ko": "ko/"}
A4 = PAPERS["a4"]
LETTER = PAPERS["letter"]
EDGE = 10 * MM  # what the text, the running header and footer and the links keep from either paper's edge


def _boxes(page) -> dict[str, tuple[float, ...]]:
    return {name: tuple(float(v) for v in page[name]) for name in ("/MediaBox", "/CropBox", "/BleedBox", "/TrimBox",
                                                                    "/ArtBox") if name in page}


def _size(box) -> tuple[float, float]:
    return round(box[2] - box[0], 2), round(box[3] - box[1], 2)


def _texts(page) -> list[tuple[str, float, float]]:
    """Each piece of text of the page with where it starts (x, y in the page's user space)."""
    out: list[tuple[str, float, float]] = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            out.append((text, x, y))

    page.extract_text(visitor_text=visit)
    return out


def _inside(x: float, y: float, box, margin: float) -> bool:
    return box[0] + margin <= x <= box[2] - margin and box[1] + margin <= y <= box[3] - margin


def _link_rects(page) -> list[tuple[float, ...]]:
    return [tuple(float(v) for v in a.get_object()["/Rect"]) for a in page.get("/Annots") or []
            if a.get_object().get("/Subtype") == "/Link"]


# ------------------------------------------------------------------------------- the page boxes


def test_a_letter_box_is_centred_on_the_a4_page():
    box = centred_box((0, 0, *A4), "letter")
    assert _size(box) == (612.0, 792.0)
    assert box[0] < 0 < box[1]  # wider than A4, shorter: its origin moves, nothing in the page does
    assert (box[0] + box[2]) / 2 == pytest.approx(A4[0] / 2, abs=1e-3)
    assert (box[1] + box[3]) / 2 == pytest.approx(A4[1] / 2, abs=1e-3)


def _delays_document(clauses: int = 60) -> str:
    """A guide's print document of ``clauses`` clauses, each with a link inside the guide and one out."""
    content = "<h1>Gestión de entregas</h1>" + "".join(
        f'<h2 id="c{i}">{i}. Cláusula</h2><p>Texto de la cláusula {i}, con <a href="#c{i}">un enlace</a> '
        f'y <a href="https://example.org/{i}">otro</a>.</p>' for i in range(clauses))
    return print_document(content=content, title="Gestión de entregas", site_name="Guías", locale="es",
                          page_url="https://example.org/delays/", version="1.0.0",
                          css=(ROOT / "scripts/cmg/data/pdf.css").read_text(encoding="utf-8"))


def test_the_letter_pdf_is_the_a4_pdf_with_other_page_boxes(tmp_path):
    from pypdf import PdfReader

    doc = _delays_document()
    cache = str(tmp_path / "cache")
    a4, letter = tmp_path / "a4.pdf", tmp_path / "letter.pdf"
    job = PrintJob(doc, "https://example.org/delays/", str(a4), more=(("letter", str(letter)),))
    assert render(job, cache) is False  # one layout for both
    a4_bytes, letter_bytes = a4.read_bytes(), letter.read_bytes()
    assert letter_bytes.startswith(a4_bytes) and len(letter_bytes) > len(a4_bytes)  # an incremental update
    assert (tmp_path / "cache" / (paper_key(_cache_key(job) + ".pdf", "letter") + ".pdf")).is_file()
    a4_pdf, letter_pdf = PdfReader(a4), PdfReader(letter)
    assert len(a4_pdf.pages) == len(letter_pdf.pages) >= 2
    for p4, pl in zip(a4_pdf.pages, letter_pdf.pages, strict=True):
        assert {_size(b) for b in _boxes(p4).values()} == {_size((0, 0, *A4))}
        assert {_size(b) for b in _boxes(pl).values()} == {(612.0, 792.0)}
        assert pl.extract_text() == p4.extract_text()
        assert _link_rects(pl) == _link_rects(p4)
    root = letter_pdf.trailer["/Root"]
    assert "/StructTreeRoot" in root and str(root["/Lang"]) == "es" and letter_pdf.metadata.title == "Gestión de entregas"
    # again: both from the cache, nothing rendered, the same bytes
    a4.unlink(), letter.unlink()
    assert render(job, cache) is True
    assert a4.read_bytes() == a4_bytes and letter.read_bytes() == letter_bytes
    # the offline copy relinks the Letter PDF too, from the cached Letter PDF
    offline = PrintJob(*web_links(doc.replace('href="https://example.org/1"', 'href="../quality/index.html"'),
                                  "https://example.org/delays/")[:1], "https://example.org/delays/", str(tmp_path / "o.pdf"),
                       relative_links=(("https://example.org/quality/", "../quality/index.html"),),
                       more=(("letter", str(tmp_path / "o-letter.pdf")),))
    render(offline, cache)
    offline_letter = PdfReader(tmp_path / "o-letter.pdf")
    assert _size(tuple(float(v) for v in offline_letter.pages[0].mediabox)) == (612.0, 792.0)


def test_an_unknown_paper_is_refused():
    with pytest.raises(PaperError, match="unknown paper 'a5'"):
        on_paper(b"%PDF-1.7\n", "a5")


# ------------------------------------------------------------------------------- the profile's paper


def _profile(paper_line: str):
    text = (ROOT / "countries" / "pa.yml").read_text(encoding="utf-8")
    text = text.replace("paper: letter\n", paper_line)
    problems: list = []
    prof = load_profile(text, "countries/pa.yml", "pa", {}, ["en", "es", "ko"], problems)
    return prof, [p for p in problems if "paper" in p.message], text


def test_a_bad_paper_in_a_profile_is_an_error_at_its_line():
    prof, problems, text = _profile("paper: legal\n")
    line = text.splitlines().index("paper: legal") + 1
    assert [(p.code, p.path, p.line) for p in problems] == [("CMG701", "countries/pa.yml", line)]
    assert "'paper: legal' is not a paper size (a4, letter)" in problems[0].message and problems[0].hint
    assert prof.paper == "a4"
    assert _profile("paper: letter\n")[0].paper == "letter" and not _profile("paper: letter\n")[1]
    assert _profile("")[0].paper == "a4"  # the default
    for odd in ("paper: [letter, a4]\n", "paper: {size: letter}\n", "paper: " + "x" * 500 + "\n"):
        prof, problems, _ = _profile(odd)  # any YAML value: a problem at its line, a bounded message
        assert [p.code for p in problems] == ["CMG701"] and len(problems[0].message) < 120 and prof.paper == "a4"


def test_the_pilot_countries_print_on_letter():
    from cmg.country_checks import profiles_for

    pilots = profiles_for(load_project(ROOT / "mkdocs.yml")).pilots
    assert {p.code: p.paper for p in pilots} == {"hn": "letter", "sv": "letter", "pa": "letter"}


# ------------------------------------------------------------------------------- the built site


def _check_page_inside(page, box) -> None:
    """Every piece of text (the running header and footer included) and every link inside the page box,
    at least EDGE from its edges."""
    texts = _texts(page)
    assert texts
    for text, x, y in texts:
        assert _inside(x, y, box, EDGE), (text, x, y, box)
    for rect in _link_rects(page):
        assert _inside(rect[0], rect[1], box, EDGE) and _inside(rect[2], rect[3], box, EDGE), (rect, box)


def test_built_editions_share_one_layout_on_both_papers(shipped_site):
    from pypdf import PdfReader

    site, _ = shipped_site
    guides = sorted(p.parent.name for p in (ROOT / "guides").glob("*/index.md"))
    for locale, prefix in LOCALES.items():
        for guide in guides:
            folder = site / prefix / guide
            a4_bytes = (folder / f"{guide}-{locale}.pdf").read_bytes()
            letter_bytes = (folder / f"{guide}-{locale}-letter.pdf").read_bytes()
            assert letter_bytes.startswith(a4_bytes), (locale, guide)  # text, tags and metadata byte for byte
            a4, letter = PdfReader(io.BytesIO(a4_bytes)), PdfReader(io.BytesIO(letter_bytes))
            assert len(a4.pages) == len(letter.pages) >= 5
            root = letter.trailer["/Root"]
            assert "/StructTreeRoot" in root and str(root["/Lang"]).startswith(locale) and letter.metadata.title
            same_root = [(r.trailer.raw_get("/Root").idnum, r.trailer.raw_get("/Root").generation) for r in (a4, letter)]
            assert same_root[0] == same_root[1]  # the document catalogue (and its structure tree) is the A4 one's
            for n, (p4, pl) in enumerate(zip(a4.pages, letter.pages, strict=True)):
                assert {_size(b) for b in _boxes(p4).values()} == {_size((0, 0, *A4))}, (guide, n)
                assert {_size(b) for b in _boxes(pl).values()} == {(612.0, 792.0)}, (guide, n)
                assert pl.extract_text() == p4.extract_text(), (locale, guide, n)
                if guide == "delays" or n < 3:  # the positions of every piece of text: a sample of pages
                    _check_page_inside(p4, _boxes(p4)["/MediaBox"])
                    _check_page_inside(pl, _boxes(pl)["/MediaBox"])
            # the running header (from page 2) and footer are printed: the title and "n / pages"
            second = letter.pages[1].extract_text()
            assert f"2 / {len(letter.pages)}" in second


def test_built_country_editions_are_on_their_profiles_paper(shipped_site):
    from pypdf import PdfReader

    from cmg.country_checks import profiles_for

    site, _ = shipped_site
    pilots = profiles_for(load_project(ROOT / "mkdocs.yml")).pilots
    for prof in pilots:
        for locale, prefix in LOCALES.items():
            pdf = PdfReader(site / prefix / "delays" / f"delays-{locale}-{prof.code}.pdf")
            for page in pdf.pages:
                assert {_size(b) for b in _boxes(page).values()} == {_size((0, 0, *PAPERS[prof.paper]))}
            _check_page_inside(pdf.pages[1], _boxes(pdf.pages[1])["/MediaBox"])
            assert "/StructTreeRoot" in pdf.trailer["/Root"]


def test_the_offline_copy_relinks_both_papers(shipped_site):
    from pypdf import PdfReader

    site, _ = shipped_site
    (archive,) = (site / "downloads").glob("*.zip")
    with zipfile.ZipFile(archive) as zf:
        names = zf.namelist()
        for suffix in ("", "-letter"):
            (name,) = [n for n in names if n.endswith(f"/delays/delays-es{suffix}.pdf")]
            pdf = PdfReader(io.BytesIO(zf.read(name)))
            assert _size(tuple(float(v) for v in pdf.pages[0].mediabox)) == (_size((0, 0, *A4)) if not suffix
                                                                              else (612.0, 792.0))
            uris = [str(a.get_object()["/A"]["/URI"]) for p in pdf.pages for a in p.get("/Annots") or []
                    if "/A" in a.get_object() and a.get_object()["/A"].get("/S") == "/URI"]
            assert any(u.endswith("index.html") or "index.html#" in u for u in uris), (suffix, uris[:5])
            assert not any(u.startswith("http://127.0.0.1") for u in uris), suffix


def test_every_paper_a_profile_may_name_has_a_size():
    # the profile model (engine-free) names the papers; the engine's PDF step knows their sizes
    from cmg.countries import PAPER_SIZES
    from cmg.engine.downloads.pdf_paper import LAYOUT_PAPER, PAPERS

    assert set(PAPER_SIZES) == set(PAPERS) and LAYOUT_PAPER in PAPERS


def test_derived_pdfs_read_only_the_objects_they_need_and_write_what_a_full_reading_writes(tmp_path, monkeypatch):
    from pypdf import PdfReader as FullReader

    from cmg.engine.downloads import pdf_update
    from cmg.engine.downloads.pdf_links import relink

    a4 = tmp_path / "a4.pdf"
    render(PrintJob(_delays_document(40), "https://example.org/delays/", str(a4)))
    data = a4.read_bytes()
    links = tuple((f"https://example.org/{i}", f"../q/{i}/index.html") for i in range(40))
    reader = pdf_update.read(data)
    in_streams = len(reader.xref_objStm)
    assert in_streams > 100  # WeasyPrint's object stream: what a full reading parses
    assert [len(p.get("/Annots") or ()) for p in reader.pages]  # pages and their links…
    assert len(reader.resolved_objects) < in_streams / 2  # …read without the rest
    for num in sorted(reader.xref_objStm)[::7]:  # any object, read alone, is the one a full reading gives
        full = FullReader(io.BytesIO(data)).get_object(num)
        mine, theirs = io.BytesIO(), io.BytesIO()
        pdf_update.read(data).get_object(num).write_to_stream(mine)
        full.write_to_stream(theirs)
        assert mine.getvalue() == theirs.getvalue()
    letter, (relinked, count) = on_paper(data, "letter"), relink(data, links)
    assert count >= 40  # every link relinked (WeasyPrint may cut one link in two annotations)
    monkeypatch.setattr(pdf_update, "_reader_class", lambda: FullReader)
    assert on_paper(data, "letter") == letter and relink(data, links) == (relinked, count)
