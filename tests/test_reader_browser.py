"""What a reader sees in the browser (issue 19 points 4, 5, 8, 10, 11): no failed requests, labels in
the reader's language, the Korean 404 page from a host that serves only the root one, tap targets of
24 x 24 px, the publisher's footer and a feedback e-mail that names the clause."""

from __future__ import annotations

import functools
import http.server
import re
import threading
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from test_browser import PREFIX, browser, site_url  # noqa: F401 - fixtures

TOGGLES = {"es": "Cambiar al modo claro", "en": "Switch to light mode", "ko": "밝은 화면으로 전환"}
STATUS = {"es": "En prueba piloto", "en": "Being piloted", "ko": "시범 적용 중"}
PUBLISHER = {"es": "Publicado por el Servicio", "en": "Published by the Public Procurement", "ko": "발행: 조달청"}
NOT_FOUND = {"es": "Página no encontrada", "en": "Page not found", "ko": "페이지를 찾을 수 없습니다"}


@pytest.mark.parametrize("locale", list(PREFIX))
def test_labels_title_and_footer_in_the_readers_language(shipped_site, locale):
    site, _ = shipped_site
    home = (site / PREFIX[locale] / "index.html").read_text(encoding="utf-8")
    guide = (site / PREFIX[locale] / "delays" / "index.html").read_text(encoding="utf-8")
    assert re.search(rf'title="{re.escape(TOGGLES[locale])}" for="__palette_1"', guide)
    # the status icon beside each guide in the menu has an accessible name
    icons = re.findall(r'<span class="md-status md-status--pilot"( title="[^"]*")?', guide)
    assert icons and all(t == f' title="{STATUS[locale]}"' for t in icons), icons
    # the browser's title names the site once
    home_title = re.search(r"<title>(.*?)</title>", home).group(1)
    assert " - " not in home_title, home_title
    assert re.search(r"<title>[^<]+ - [^<]+</title>", guide)
    assert PUBLISHER[locale] in guide and 'class="cmg-feedback__link" href="mailto:' in guide
    # the guide's last-updated date, from the history (the shipped guides are in git)
    assert re.search(r'<time datetime="\d{4}-\d\d-\d\d">', guide.split('class="cmg-guide-meta"')[1][:2000])


def test_no_request_fails_also_not_the_sitemaps(browser, site_url):  # noqa: F811
    page = browser.new_page()
    failed = []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    page.on("requestfailed", lambda r: failed.append(r.url))
    requested = []
    page.on("request", lambda r: requested.append(r.url))
    try:
        for prefix in PREFIX.values():
            page.goto(f"{site_url}{prefix}delays/", wait_until="networkidle")
        assert not failed, failed
        assert not [u for u in requested if "sitemap" in u], requested
        # the hreflang alternates are back in the head for whoever reads them
        assert page.evaluate("document.querySelectorAll('link[rel=alternate][hreflang]').length") == 3
    finally:
        page.close()


@pytest.fixture(scope="module")
def pages_host(shipped_site):
    """The site served as GitHub Pages serves it: any missing address gets the root 404.html."""
    site, _ = shipped_site

    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def send_error(self, code, message=None, explain=None):
            if code != 404:
                return super().send_error(code, message, explain)
            body = (site / "404.html").read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.mark.parametrize("locale", list(PREFIX))
def test_a_missing_page_shows_the_404_of_its_locale_from_the_root_one(browser, pages_host, locale):  # noqa: F811
    page = browser.new_page()
    try:
        page.goto(f"{pages_host}{PREFIX[locale]}no/such/page/")
        page.wait_for_function(f"document.documentElement.lang === {locale!r}", timeout=30000)
        page.wait_for_function("document.querySelector('.md-content h1')", timeout=30000)
        assert page.locator(".md-content h1").first.inner_text().strip() == NOT_FOUND[locale]
    finally:
        page.close()


def test_tap_targets_are_at_least_24_px(browser, site_url):  # noqa: F811
    phone = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True,
                             has_touch=True)
    try:
        phone.goto(f"{site_url}delays/")
        phone.wait_for_selector(".cmg-cite")
        small = phone.evaluate("""() => Array.from(document.querySelectorAll(
              '.md-content .cmg-cite, .md-content a.footnote-ref, .cmg-feedback__link'))
            .map(e => { const r = e.getBoundingClientRect(); return [e.className, r.width, r.height]; })
            .filter(([, w, h]) => w > 0 && (w < 24 || h < 24))""")
        assert not small, small[:5]
        assert phone.evaluate("document.querySelectorAll('.md-content a.footnote-ref').length") > 5
    finally:
        phone.close()


def test_feedback_email_names_the_clause_in_view(browser, site_url):  # noqa: F811
    page = browser.new_page()
    try:
        page.goto(f"{site_url}ko/delays/")
        page.evaluate("document.getElementById('dl-ld-cap').scrollIntoView()")
        page.wait_for_timeout(300)
        page.locator("a.cmg-feedback__link").focus()
        href = page.locator("a.cmg-feedback__link").get_attribute("href")
        assert href.startswith("mailto:"), href
        query = parse_qs(urlsplit(href).query)
        assert "8.3" in query["subject"][0] and "지체상금 상한" in query["subject"][0], query
        body = unquote(query["body"][0])
        assert "/ko/delays/#dl-ld-cap" in body and "납품 및 지체 관리" in body, body
    finally:
        page.close()
