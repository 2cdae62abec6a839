"""What a reader takes away from the site (issue 19, readers' points): every guide in the menu, links
in PDFs and in the offline copy that work where they are read, no sitemap of local addresses."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, copy_project
from sitecheck import MKDOCS, PDF_CACHE

LOCALES = {"es": "", "en": "en/", "ko": "ko/"}
ARCHIVE = "downloads/contract-management-guides.zip"
TOP = "contract-management-guides/"


def guide_names() -> list[str]:
    return sorted(p.parent.name for p in (ROOT / "guides").glob("*/index.md"))


def pdf_links(data: bytes) -> list[str]:
    from pypdf import PdfReader

    out = []
    for page in PdfReader(io.BytesIO(data)).pages:
        for annot in page.get("/Annots") or []:
            action = annot.get_object().get("/A")
            if action is not None and action.get("/URI"):
                out.append(str(action["/URI"]))
    return out


def _nav_entries(html: str) -> dict[str, str]:
    """href → text of the primary navigation's links (the menu, not the table of contents)."""
    out = {}
    for m in re.finditer(r'<a href="([^"]+)" class="md-nav__link(?: md-nav__link--active)?">\s*<span class="md-ellipsis">(.*?)</span>',
                         html, re.S):
        out.setdefault(m.group(1), " ".join(re.sub(r"<[^>]+>", " ", m.group(2)).split()))
    return out


def _guide_title(locale: str, guide: str) -> str:
    path = ROOT / "translations" / locale / guide / "index.md"
    if not path.is_file():
        path = ROOT / "guides" / guide / "index.md"
    return re.search(r"^title: (.+)$", path.read_text(encoding="utf-8"), re.M).group(1).strip().strip('"')


@pytest.mark.parametrize("locale", LOCALES)
def test_every_guide_is_in_the_navigation(shipped_site, locale):
    """Each guide is a menu entry with its own title; guide 1 is not swallowed as the section's page
    (Material's navigation.indexes did that)."""
    site, _ = shipped_site
    html = (site / LOCALES[locale] / "quality" / "index.html").read_text(encoding="utf-8")
    entries = _nav_entries(html)
    for guide in guide_names():
        href = "./" if guide == "quality" else f"../{guide}/"
        assert entries.get(href) == _guide_title(locale, guide), (locale, guide, entries)


def test_web_pdfs_link_to_the_published_site_and_offline_pdfs_relatively(shipped_site):
    """The fixture builds with SITE_URL=http://127.0.0.1:8000/ (the published address, for the test):
    the web PDFs' cross-guide links lead there; the offline copy's PDFs lead to the pages beside them."""
    site, _ = shipped_site
    web = (site / "delays" / "delays-es.pdf").read_bytes()
    links = [u for u in pdf_links(web) if "quality" in u or "payments" in u or "changes" in u]
    assert links, pdf_links(web)
    assert all(u.startswith("http://127.0.0.1:8000/") for u in links), links
    with zipfile.ZipFile(site / ARCHIVE) as zf:
        names = set(zf.namelist())
        assert not any(n.endswith(("sitemap.xml", "sitemap.xml.gz")) for n in names)
        for prefix in LOCALES.values():
            for guide in guide_names():
                member = f"{TOP}{prefix}{guide}/{guide}-{prefix.rstrip('/') or 'es'}.pdf"
                assert member in names, member
                for uri in pdf_links(zf.read(member)):
                    assert not uri.startswith("http://127.0.0.1"), (member, uri)
                    if re.match(r"[a-z][a-z0-9+.-]*:", uri):
                        continue  # a source on the web
                    path = uri.split("#")[0]
                    if not path:
                        continue
                    target = os.path.normpath(os.path.join(os.path.dirname(member), path))
                    assert target in names, (member, uri)
        for name in names:
            if name.endswith(".html"):
                text = zf.read(name).decode("utf-8")
                assert 'href="http://127.0.0.1:8000/' not in text.replace('rel="canonical" href="http://127.0.0.1', ""), name


def test_offline_pdfs_are_the_web_pdfs_with_their_links_made_relative(shipped_site):
    """Every PDF of the offline copy (both papers, every country edition) is the web site's PDF, byte
    for byte, with an update that points its links at the files of the archive: rendered once, tagged
    as the web one, every relative link leading to a file of the archive."""
    from pypdf import PdfReader

    site, _ = shipped_site
    web = {p.relative_to(site).as_posix(): p for p in site.rglob("*.pdf")}
    with zipfile.ZipFile(site / ARCHIVE) as zf:
        names = set(zf.namelist())
        offline = {n[len(TOP):] for n in names if n.endswith(".pdf")}
        assert offline == set(web), sorted(offline ^ set(web))[:10]
        relinked = 0
        for rel in sorted(offline):
            data = zf.read(TOP + rel)
            assert data.startswith(web[rel].read_bytes()), rel
            relinked += data != web[rel].read_bytes()
            reader = PdfReader(io.BytesIO(data), strict=True)
            root = reader.trailer["/Root"]
            assert "/StructTreeRoot" in root and root["/Lang"] and reader.metadata.title, rel
            assert reader.pages[0].extract_text().strip(), rel
            for uri in pdf_links(data):
                assert not uri.startswith("http://127.0.0.1"), (rel, uri)
                path = uri.split("#")[0].split("?")[0]
                if path and not re.match(r"[a-z][a-z0-9+.-]*:", uri):
                    assert os.path.normpath(os.path.join(TOP + os.path.dirname(rel), path)) in names, (rel, uri)
        assert relinked > len(offline) // 2  # the guides link to one another: most PDFs had links to rewrite


def _build_mini(tmp_path: Path, **env) -> tuple[Path, subprocess.CompletedProcess]:
    root = copy_project(FIXTURES / "mini", tmp_path / "mini")
    environ = {k: v for k, v in os.environ.items() if k not in ("SITE_URL", "CMG_PUBLISH")}
    environ.update(NO_MKDOCS_2_WARNING="1", CMG_CACHE_DIR=PDF_CACHE, **env)
    result = subprocess.run([*MKDOCS, "build", "--strict", "-d", str(root / "site")], cwd=root,
                            capture_output=True, text=True, env=environ, timeout=600)
    return root / "site", result


def test_a_local_build_writes_no_local_address(tmp_path):
    site, result = _build_mini(tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "site_url is not set" in result.stderr
    assert not (site / "sitemap.xml").exists() and not (site / "sitemap.xml.gz").exists()
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "127.0.0.1" not in text and 'rel="canonical"' not in text, page
    for pdf in site.rglob("*.pdf"):
        assert not any(u.startswith("http://127.0.0.1") for u in pdf_links(pdf.read_bytes())), pdf


def test_downloads_are_named_sized_in_two_paper_sizes_and_tagged(tmp_path):
    from pypdf import PdfReader

    site, result = _build_mini(tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    for prefix, locale in (("", "es"), ("en/", "en"), ("ko/", "ko")):
        page = site / prefix / "demo" / "index.html"
        html = page.read_text(encoding="utf-8")
        for name in (f"demo-{locale}.pdf", f"demo-{locale}-letter.pdf"):
            pdf = page.parent / name
            assert pdf.is_file(), name
            m = re.search(rf'href="{re.escape(name)}" download(?:="")?>[^<]*<span class="cmg-size" data-cmg-size-of="{re.escape(name)}">'
                          r"\(PDF, (\d+(?:[.,]\d)?) (KB|MB)\)</span>", html)
            assert m, (name, re.findall(r'<p class="cmg-downloads">.*?</p>', html))
            shown = float(m.group(1).replace(",", ".")) * (1000 if m.group(2) == "KB" else 1e6)
            assert abs(shown - pdf.stat().st_size) <= max(1000, pdf.stat().st_size * 0.06), (shown, pdf.stat().st_size)
            reader = PdfReader(str(pdf))
            root = reader.trailer["/Root"]
            assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"], name  # tagged
            assert b"pdfuaid" in root["/Metadata"].get_object().get_data(), name  # declared PDF/UA-1
        a4 = PdfReader(str(page.parent / f"demo-{locale}.pdf")).pages[0].mediabox
        letter = PdfReader(str(page.parent / f"demo-{locale}-letter.pdf")).pages[0].mediabox
        assert (round(float(a4.width)), round(float(a4.height))) == (595, 842)  # A4 in points
        assert (round(float(letter.width)), round(float(letter.height))) == (612, 792)  # US Letter
        docx = sorted(d.name for d in page.parent.glob("*.docx"))
        # the guide's forms, and one file per country edition (demo-forms-es-aa.docx)
        assert all(re.fullmatch(rf"demo-forms-{locale}(-[a-z]{{2}})?\.docx", d) for d in docx), docx
        if docx:
            assert f"demo-forms-{locale}.docx" in docx
            assert f'href="demo-forms-{locale}.docx" download' in html and "(DOCX, " in html


def test_a_build_for_publishing_without_site_url_fails_and_says_why(tmp_path):
    site, result = _build_mini(tmp_path, CMG_PUBLISH="true")
    assert result.returncode != 0
    assert "site_url is empty in a build for publishing" in result.stderr
    assert "Traceback" not in result.stderr


def test_site_url_notice_levels():
    from cmg.publishing import pdf_base_url, site_url_notice

    assert site_url_notice("https://x.org/", {}) is None
    assert site_url_notice("", {})[0] == "info"
    assert site_url_notice(None, {"CMG_PUBLISH": "true"})[0] == "error"
    assert pdf_base_url("https://x.org/g/", "en/delays/", offline=False) == "https://x.org/g/en/delays/"
    assert pdf_base_url("https://x.org/g/", "en/delays/", offline=True) is None
    assert pdf_base_url("", "en/delays/", offline=False) is None


if __name__ == "__main__":  # pragma: no cover
    sys.exit(pytest.main([__file__, "-q"]))
