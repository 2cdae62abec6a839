"""The publisher's footer (issue 19 point 11): the feedback e-mail names no address that no source
confirms; without one, the footer says in the reader's language that it is to be confirmed."""

from __future__ import annotations

import jinja2
import pytest

from cmg.site import ui_strings
from conftest import ROOT

TBC = {"en": "to be confirmed", "es": "por confirmar", "ko": "확인 필요"}


def _footer(locale: str, extra: dict) -> str:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(ROOT / "overrides" / "partials")), autoescape=True)
    config = {"copyright": "Published by PPS and IDB. Licence: to be confirmed.", "extra": extra}
    return env.get_template("copyright.html").render(config=config, cmg_ui=ui_strings(locale))


@pytest.mark.parametrize("locale", list(TBC))
def test_without_a_confirmed_address_the_footer_says_it_is_to_be_confirmed(locale):
    html = _footer(locale, {"generator": False})
    assert 'href="mailto:?subject=' in html  # the reader's mail program asks for the address
    assert 'class="cmg-feedback__tbc"' in html and TBC[locale] in html.split('class="cmg-feedback__tbc"')[1]


def test_a_configured_address_is_the_recipient_and_nothing_says_otherwise():
    html = _footer("es", {"generator": False, "feedback_email": "guias@example.org"})
    assert 'href="mailto:guias@example.org?subject=' in html and "cmg-feedback__tbc" not in html


def test_no_feedback_address_is_set_that_no_source_confirms():
    import re

    context = ROOT.parent.parent / "shared" / "context"
    mkdocs = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    address = re.search(r"feedback_email:\s*(\S+)", mkdocs)
    if address:  # an address may only be set where the shared context gives it
        sources = "".join(p.read_text(encoding="utf-8") for p in context.glob("*")) if context.is_dir() else ""
        assert address.group(1).strip("'\"") in sources
