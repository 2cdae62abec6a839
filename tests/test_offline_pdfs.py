"""The offline copy's PDFs are the web build's PDFs, from the cache, with their links made relative:
nothing rendered twice, every other byte of the web PDF kept (text, tagging, language, metadata)."""

from __future__ import annotations

import io

import pytest

from cmg.engine.downloads.pdf import PrintJob, _cache_key, print_document, render
from cmg.engine.downloads.pdf_links import RelinkError, web_href, web_links

SITE = "http://127.0.0.1:8000/"
PAGE = SITE + "delays/"
# a guide page of the offline build (file URLs), and the same page as the web build writes it
OFFLINE = ('<h1 id="dl">Entregas</h1><p>Véase <a href="../quality/index.html#qc-inspection">inspección</a>, '
           '<a href="../about.html">acerca</a>, <a href="index.html#dl-ld">la cláusula</a>, '
           '<a href="#dl">arriba</a>, <a href="../ko/quality/index.html#품질">품질</a>, '
           '<a href="../payments/index.html?country=pa&amp;x=1#py-interim">pagos</a>, '
           '<a href="delays-forms-es.docx">formularios</a> y <a href="https://example.org/ley">la ley</a>.</p>')
WEB = ('<h1 id="dl">Entregas</h1><p>Véase <a href="../quality/#qc-inspection">inspección</a>, '
       '<a href="../about/">acerca</a>, <a href="./#dl-ld">la cláusula</a>, '
       '<a href="#dl">arriba</a>, <a href="../ko/quality/#품질">품질</a>, '
       '<a href="../payments/?country=pa&amp;x=1#py-interim">pagos</a>, '
       '<a href="delays-forms-es.docx">formularios</a> y <a href="https://example.org/ley">la ley</a>.</p>')
RELATIVE = {"../quality/index.html#qc-inspection", "../about.html", "../ko/quality/index.html#%ED%92%88%EC%A7%88",
            "../payments/index.html?country=pa&x=1#py-interim", "delays-forms-es.docx"}


def _document(content: str) -> str:
    return print_document(content=content, title="Gestión de entregas", site_name="Guías", locale="es",
                          page_url=PAGE, version="1.0.0", css="")


def _uris(data: bytes) -> list[str]:
    from pypdf import PdfReader

    out = []
    for page in PdfReader(io.BytesIO(data)).pages:
        for annot in page.get("/Annots") or []:
            action = annot.get_object().get("/A")
            if action is not None and action.get("/S") == "/URI":
                out.append(str(action["/URI"]))
    return out


def test_offline_links_go_back_to_the_web_builds():
    assert web_href("../quality/index.html#x") == "../quality/#x"
    assert web_href("index.html#x") == "./#x"
    assert web_href("../index.html") == "../"
    assert web_href("../about.html") == "../about/"
    assert web_href("../payments/index.html?country=pa") == "../payments/?country=pa"
    for unchanged in ("#x", "https://example.org/a.html", "/abs/index.html", "delays-es.pdf", "mailto:a@b.c", ""):
        assert web_href(unchanged) == unchanged
    assert web_links(OFFLINE, PAGE)[0] == WEB  # the web build's page, byte for byte: its PDF, from the cache


@pytest.mark.parametrize("base_url", [PAGE, None], ids=["site_url", "no_site_url"])
def test_the_offline_pdf_is_the_web_pdf_with_relative_links(tmp_path, base_url):
    from pypdf import PdfReader

    cache = str(tmp_path / "cache")
    web_job = PrintJob(_document(WEB), base_url, str(tmp_path / "web.pdf"))
    assert render(web_job, cache) is False  # the web build renders it
    web = (tmp_path / "web.pdf").read_bytes()
    document, links = web_links(_document(OFFLINE), base_url)
    offline_job = PrintJob(document, base_url, str(tmp_path / "off.pdf"), relative_links=links)
    assert _cache_key(offline_job) == _cache_key(web_job)
    assert render(offline_job, cache) is True  # the offline copy renders nothing
    data = (tmp_path / "off.pdf").read_bytes()
    assert data.startswith(web)  # every byte of the web PDF kept; the new links appended
    uris = _uris(data)
    assert RELATIVE <= set(uris), uris
    assert not any(u.startswith(SITE) for u in uris), uris
    assert "https://example.org/ley" in uris
    if base_url is not None:
        assert any(u.startswith(SITE + "quality/") for u in _uris(web))  # the web PDF links to the site
    reader = PdfReader(io.BytesIO(data), strict=True)
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"] and root["/Lang"] == "es"
    assert b"pdfuaid" in root["/Metadata"].get_object().get_data()
    assert reader.metadata.title == "Gestión de entregas" and reader.trailer["/Info"]
    assert "inspección" in reader.pages[0].extract_text()
    # a second offline build takes the relinked PDF from the cache, the same bytes
    assert render(PrintJob(document, base_url, str(tmp_path / "again.pdf"), relative_links=links), cache) is True
    assert (tmp_path / "again.pdf").read_bytes() == data


def test_without_the_web_pdf_in_the_cache_the_offline_build_renders_it_once(tmp_path):
    cache = str(tmp_path / "cache")
    document, links = web_links(_document(OFFLINE), PAGE)
    assert render(PrintJob(document, PAGE, str(tmp_path / "off.pdf"), relative_links=links), cache) is False
    # what it rendered is the web build's PDF: the web build now takes it from the cache
    assert render(PrintJob(_document(WEB), PAGE, str(tmp_path / "web.pdf")), cache) is True
    assert (tmp_path / "off.pdf").read_bytes().startswith((tmp_path / "web.pdf").read_bytes())
    assert RELATIVE <= set(_uris((tmp_path / "off.pdf").read_bytes()))


def test_a_pdf_that_cannot_be_relinked_fails_naming_the_file(tmp_path):
    cache = tmp_path / "cache"
    cache.mkdir()
    document, links = web_links(_document(OFFLINE), PAGE)
    job = PrintJob(document, PAGE, str(tmp_path / "off.pdf"), relative_links=links)
    # a cache entry that looks whole to the cache but that no PDF reader can parse
    (cache / (_cache_key(job) + ".pdf")).write_bytes(b"%PDF-1.7\nnot a pdf\nstartxref\n9\n%%EOF\n")
    with pytest.raises(RelinkError, match="off.pdf: the offline copy's links could not be made relative"):
        render(job, str(cache))
