"""The print documents' cache (cache kind ``print``): a kept document is the one print_document makes,
a damaged or missing entry is made again, and a warm PDF step copies what the PDF cache holds whole
without starting a worker process."""

from __future__ import annotations

import pytest

from cmg.caching import Store
from cmg.engine.downloads import pdf

INPUTS = dict(content="<h1>Guía</h1><p>Inspección y recepción <abbr data-x=\"1\">ONCAE</abbr>.</p>"
              "<table><tr><td>a</td><td>b c</td></tr></table>", title="Guía", site_name="Guías", locale="es",
              page_url="https://example.org/es/delays/", version="1.1.0", css=pdf.pdf_stylesheet())


def test_a_kept_print_document_is_the_one_made_from_its_inputs(tmp_path, monkeypatch):
    store = Store(tmp_path, keep=10, suffix=".html")
    made = pdf.print_document(**INPUTS)
    assert pdf.kept_print_document(store, **INPUTS) == made
    assert len(list(tmp_path.iterdir())) == 1

    def fail(**inputs):
        raise AssertionError("made again")

    monkeypatch.setattr(pdf, "print_document", fail)
    assert pdf.kept_print_document(store, **INPUTS) == made  # from the cache
    with pytest.raises(AssertionError):  # other inputs: another entry
        pdf.kept_print_document(store, **{**INPUTS, "title": "Guía 2"})
    with pytest.raises(AssertionError):  # no address is not an empty one
        pdf.kept_print_document(store, **{**INPUTS, "page_url": None})


def test_a_damaged_entry_is_made_again(tmp_path):
    store = Store(tmp_path, keep=10, suffix=".html")
    made = pdf.kept_print_document(store, **INPUTS)
    (entry,) = tmp_path.iterdir()
    entry.write_bytes(b"\xff\xfe not utf-8")
    assert pdf.kept_print_document(store, **INPUTS) == made
    assert entry.read_bytes() == made.encode("utf-8")


def test_no_cache_folder_keeps_nothing():
    assert pdf.kept_print_document(Store(None), **INPUTS) == pdf.print_document(**INPUTS)


def _pdf_cache(tmp_path):
    """An empty PDF cache, the print document of INPUTS and its layout's name in that cache."""
    cache = tmp_path / "cache"
    cache.mkdir()
    document = pdf.print_document(**INPUTS)
    return cache, Store(cache, suffix=".pdf"), document, pdf._cache_key(pdf.PrintJob(document, None, "x")) + ".pdf"


def test_pdfs_all_in_the_cache_are_written_without_a_worker_process(tmp_path, monkeypatch):
    # a stand-in PDF under the layout's key: nothing is rendered, the job only copies it and puts it on Letter
    cache, store, document, name = _pdf_cache(tmp_path)
    job = pdf.PrintJob(document, None, str(tmp_path / "site" / "g-es.pdf"),
                       more=(("letter", str(tmp_path / "site" / "g-es-letter.pdf")),))
    assert not pdf._all_kept(job, store)
    store.write(name, b"%PDF-1.7\n%%EOF\n")
    letter_name = pdf._names(name, "letter", None)[0]
    store.write(letter_name, b"%PDF-1.7\nletter\n%%EOF\n")
    assert pdf._all_kept(job, store)

    class NoPool:
        def __init__(self, *a, **k):
            raise AssertionError("a worker process was started")

    monkeypatch.setattr(pdf, "ProcessPoolExecutor", NoPool)
    assert pdf.render_all([job, job], str(cache), workers=2) == 0
    assert (tmp_path / "site" / "g-es.pdf").read_bytes() == b"%PDF-1.7\n%%EOF\n"
    assert (tmp_path / "site" / "g-es-letter.pdf").read_bytes() == b"%PDF-1.7\nletter\n%%EOF\n"
    other = pdf.PrintJob(document.replace("Guía", "Otra"), None, str(tmp_path / "site" / "o.pdf"))
    with pytest.raises(AssertionError, match="worker process"):  # one not in the cache goes to the workers
        pdf.render_all([job, other, other], str(cache), workers=2)


def test_a_country_editions_offline_copy_comes_from_its_letter_pdf_without_the_layout(tmp_path, monkeypatch):
    # a warm build reads a Letter edition's PDF, never its A4 layout, which the cache may then have evicted:
    # the offline copy is made from the kept Letter PDF, not by laying the guide out again
    cache, store, document, name = _pdf_cache(tmp_path)
    store.write(pdf._names(name, "letter", None)[0], b"%PDF-1.7\nletter\n%%EOF\n")  # no layout entry

    def no_layout(job):
        raise AssertionError("laid out again")

    monkeypatch.setattr(pdf, "_rendered", no_layout)
    monkeypatch.setattr(pdf, "relink", lambda data, links: (data.replace(b"letter", b"offline"), 1))
    job = pdf.PrintJob(document, None, str(tmp_path / "g-es-pa.pdf"), relative_links=(("a", "b"),), paper="letter")
    assert pdf.render(job, str(cache)) is True
    assert (tmp_path / "g-es-pa.pdf").read_bytes() == b"%PDF-1.7\noffline\n%%EOF\n"
