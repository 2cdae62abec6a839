"""`make serve` (every locale, --dirty): an edit rebuilds what it changed in every locale, nothing is left
stale, and each locale's search index still lists every page."""

from __future__ import annotations

import json

from conftest import http_get, serve_preview, wait_for

SRC = "guides/demo/index.md"
ES = "translations/es/demo/index.md"
INDEXES = {"es": "search/search_index.json", "en": "en/search/search_index.json", "ko": "ko/search/search_index.json"}


def _docs(base: str, locale: str) -> list[dict]:
    text = http_get(base + INDEXES[locale])
    return json.loads(text)["docs"] if text else []


def test_dirty_preview_of_every_locale_leaves_nothing_stale(mini, tmp_path):
    with serve_preview(mini.root, tmp_path / "serve.log", "--dirty", CMG_PDF="false") as preview:
        base = preview.base

        def tail() -> str:
            return preview.log()[-3000:]

        assert wait_for(lambda: "Multas por retraso" in (http_get(base + "demo/") or "")), tail()
        assert 'data-code="CMG601"' not in http_get(base + "demo/")
        before = {loc: _docs(base, loc) for loc in INDEXES}
        assert all(before.values())
        # an edit to the source: its own page, and in Spanish and Korean the outdated clause shows the new
        # source text and the finding it gives the translation (outdated, with numbers that differ now)
        mini.replace(SRC, "within 14 days of the notice", "within 15 days of the notice")
        assert wait_for(lambda: "within 15 days" in (http_get(base + "en/demo/") or ""), 90), tail()
        assert wait_for(lambda: 'data-code="CMG601"' in (http_get(base + "demo/") or ""), 90), tail()
        es_page, ko_page = http_get(base + "demo/"), http_get(base + "ko/demo/")
        assert "within 15 days" in es_page and "within 15 days" in ko_page
        assert 'data-code="CMG601"' in ko_page
        # every locale's index: the same pages as before (none dropped, none twice), the new text in it
        after = {loc: _docs(base, loc) for loc in INDEXES}
        for loc in INDEXES:
            assert [d["location"] for d in after[loc]] == [d["location"] for d in before[loc]], loc
        assert any("within 15 days" in d["text"] for d in after["en"])
        assert not any("within 14 days" in d["text"] for d in after["en"])
        # a title edit in Spanish: the navigation of the Spanish pages not edited shows it
        mini.replace(ES, "title: Guía de demostración", "title: Guía corregida")
        mini.replace(ES, "# Guía de demostración", "# Guía corregida")
        assert wait_for(lambda: "Guía corregida" in (http_get(base) or ""), 90), tail()
        assert "Guía de demostración" not in http_get(base)
        assert [d["location"] for d in _docs(base, "es")] == [d["location"] for d in before["es"]]
        assert "Traceback" not in preview.log()
