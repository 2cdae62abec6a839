"""The PDF step reads only files of the built site (issue 13, item 2): no file: outside it, no
network, no attachments. Both leaks of the issue are tried: `<a rel="attachment"
href="file:///proc/self/environ">` and an image on another host."""

from __future__ import annotations

import http.server
import os
import threading
from pathlib import Path

import pytest

from cmg.engine.downloads.pdf import PrintJob, print_document, render
from cmg.print_fetch import Refused, site_file
from conftest import pdf_text


def _environment_entry() -> bytes:
    """The longest entry of this process's /proc/self/environ (what the leak would publish)."""
    return max(Path("/proc/self/environ").read_bytes().split(b"\0"), key=len)


@pytest.fixture
def other_host():
    """A web server standing for any other host: it counts the requests it gets."""
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", hits
    server.shutdown()


def _site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    (site / "demo").mkdir(parents=True)
    (site / "demo" / "index.html").write_text("<p>page</p>", encoding="utf-8")
    # a 1×1 PNG of the site's own
    (site / "demo" / "plan.png").write_bytes(bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"))
    return site


HOSTILE = ('<p><a rel="attachment" href="file:///proc/self/environ">environment</a></p>'
           '<p><a rel="attachment" href="../../../../../../proc/self/environ">again</a></p>'
           '<p><img src="{other}/cmg-pixel.png"> <img src="file:///etc/passwd"></p>'
           '<p><img src="plan.png" alt="the site\'s own image"></p>')


def _job(tmp_path, other, site, name="g.pdf", **kw):
    doc = print_document(content=HOSTILE.format(other=other), title="T", site_name="S", locale="en",
                         page_url="http://127.0.0.1:8000/demo/", version="1", css="")
    return PrintJob(doc, "http://127.0.0.1:8000/demo/", str(tmp_path / name), **kw)


def test_the_pdf_embeds_no_local_file_and_fetches_nothing_from_other_hosts(tmp_path, other_host):
    other, hits = other_host
    site = _site(tmp_path)
    job = _job(tmp_path, other, site, site_dir=str(site), site_url="http://127.0.0.1:8000/")
    render(job)
    text = pdf_text(Path(job.target).read_bytes())
    assert _environment_entry() not in text
    assert b"/EmbeddedFile" not in text and b"/FileAttachment" not in text
    assert b"root:" not in text  # /etc/passwd
    assert hits == []  # the other host got no request
    assert b"/Subtype /Image" in text or b"/Subtype/Image" in text  # the site's own image is in


def test_without_the_fetcher_both_leaks_happen(tmp_path, other_host):
    """The test above can fail: WeasyPrint's own fetcher embeds the environment and calls the host."""
    from weasyprint import HTML

    other, hits = other_host
    job = _job(tmp_path, other, _site(tmp_path))
    data = HTML(string=job.document, base_url=job.base_url).write_pdf()
    assert _environment_entry() in pdf_text(data)
    assert hits


def test_site_file_refuses_everything_but_the_sites_files(tmp_path):
    site = _site(tmp_path)
    url = "http://127.0.0.1:8000/"
    assert site_file("http://127.0.0.1:8000/demo/plan.png", str(site), url) == str((site / "demo/plan.png").resolve())
    assert site_file("http://127.0.0.1:8000/demo/", str(site), url).endswith("index.html")
    (tmp_path / "outside.txt").write_text("secret", encoding="utf-8")
    os.symlink(tmp_path / "outside.txt", site / "demo" / "link.txt")
    os.mkfifo(site / "demo" / "fifo")
    for bad in ("file:///proc/self/environ", "file:///etc/passwd", "https://evil.example/x.png",
                "http://127.0.0.1:9999/demo/plan.png", "http://127.0.0.1:8000/../outside.txt",
                "http://127.0.0.1:8000/demo/%2e%2e/%2e%2e/outside.txt", "http://127.0.0.1:8000/demo/link.txt",
                "http://127.0.0.1:8000/demo/fifo", "data:image/png;base64,iVBORw0KGgo=", "ftp://127.0.0.1:8000/x",
                f"file://{tmp_path}/outside.txt", "http://127.0.0.1:8000/demo/missing.png"):
        with pytest.raises(Refused):
            site_file(bad, str(site), url)
    assert site_file(f"file://{site}/demo/plan.png", str(site), url)  # a file URL inside the site is a site file
