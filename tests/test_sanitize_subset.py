"""The sanitiser's tokens (which decide whether a fragment is published as written or as nh3 wrote
it) are read by cmg.html_subset's regular expression where that reads exactly as html.parser, and by
html.parser elsewhere: the same tokens, so the same decisions."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cmg import sanitize
from conftest import HTML_SUBSET_CASES, HTML_SUBSET_FALLBACKS, HTML_SUBSET_PAGES

# what the sanitiser changes or removes, spelled in the subset: the decision must not move either
UNSAFE = {
    "event handler": '<p onclick="alert(1)">a</p>',
    "javascript link": '<a href="javascript:alert(1)">a</a>',
    "iframe": '<p>a</p><iframe src="x"></iframe>',
    "object": '<p>a</p><object data="x.swf"><p>b</p></object>',
    "form written in a guide": '<form><input type="text" name="q"></form>',
    "style property": '<p style="color: red; position: fixed">a</p>',
    "entity-spelled scheme": '<a href="jav&#97;script:alert(1)">a</a>',
    "upper-case handler": "<P ONMOUSEOVER=x>a</P>",
    "harmless rewrites only": '<p>a<br />b &quot;c&quot;</p><ul class="task-list"><li><input type="checkbox" disabled></li></ul>',
}
TOKENIZED = {**HTML_SUBSET_CASES, **{k: v for k, v in UNSAFE.items() if k != "iframe"}}
# an iframe's text is raw to html.parser: outside the subset
OUTSIDE = {**{k: v for k, v in HTML_SUBSET_FALLBACKS.items() if k != "what Material's parser fails on"},
           "iframe": UNSAFE["iframe"]}


@pytest.mark.parametrize("html", TOKENIZED.values(), ids=TOKENIZED.keys())
def test_subset_tokens_are_html_parsers(html):
    fast = sanitize._subset_tokens(html)
    assert fast is not None, "inside the subset"
    assert fast == sanitize._parser_tokens(html)


@pytest.mark.parametrize("html", OUTSIDE.values(), ids=OUTSIDE.keys())
def test_html_outside_the_subset_goes_to_html_parser(html):
    assert sanitize._subset_tokens(html) is None


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(HTML_SUBSET_PAGES)
def test_generated_fragments_give_html_parsers_tokens_or_none(html):
    fast = sanitize._subset_tokens(html)
    assert fast is None or fast == sanitize._parser_tokens(html)


@pytest.mark.parametrize("html", [*TOKENIZED.values(), *OUTSIDE.values()])
def test_what_is_published_and_reported_is_the_same_as_with_html_parser_alone(html, monkeypatch):
    results = (sanitize.sanitize_page_html(html), sanitize.sanitize_html(html), sanitize.removals(html))
    monkeypatch.setattr(sanitize, "_subset_tokens", lambda fragment: None)
    assert (sanitize.sanitize_page_html(html), sanitize.sanitize_html(html), sanitize.removals(html)) == results


def test_the_unsafe_cases_are_still_sanitised():
    for name, html in UNSAFE.items():
        if name != "harmless rewrites only":
            assert sanitize.sanitize_page_html(html) != html, name
    harmless = UNSAFE["harmless rewrites only"]
    assert sanitize.sanitize_page_html(harmless) == harmless


def _through_nh3(text: str) -> str:
    """sanitize_html without its plain-text shortcut."""
    text = text.replace("\x00", "\ufffd")
    cleaned = sanitize.clean(text)
    return text if cleaned == text or sanitize._tokens(cleaned) == sanitize._tokens(text) else cleaned


@settings(max_examples=800, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8") | st.sampled_from(list("<>&\"'=\r\n\t\x00\x0c\ufeff")), max_size=30))
def test_plain_text_left_as_it_is_is_what_nh3_gives(text):
    # the shortcut for text nh3 cannot change (most titles) publishes what nh3's round trip publishes
    assert sanitize.sanitize_html(text) == _through_nh3(text) if text else True


@pytest.mark.parametrize("text", ["\ufeffTitle", "a\rb", "a\x00b", "a\x01b", "a &amp; b", "1 < 2", "x\ufffe"])
def test_text_the_parser_rewrites_goes_through_nh3(text):
    assert sanitize._MAY_CHANGE.search(text)
    assert sanitize.sanitize_html(text) == _through_nh3(text)


def _nh3_each_call(fragment: str, strict: bool) -> str:
    """nh3.clean with the allowlist's options passed at the call, as the sanitiser did before it kept one
    nh3.Cleaner per process (sanitize._cleaner)."""
    import nh3

    extra = {"set_tag_attribute_values": {"input": {"type": "checkbox", "disabled": ""}}} if strict else {}
    tags = sanitize.TAGS - sanitize.WIDGET_TAGS if strict else sanitize.TAGS
    return nh3.clean(fragment, tags=set(tags), clean_content_tags=set(sanitize.CLEAN_CONTENT_TAGS),
                     attributes=sanitize._ATTRS, attribute_filter=sanitize._attribute, strip_comments=False,
                     link_rel=None, url_schemes=set(sanitize.URL_SCHEMES),
                     filter_style_properties=set(sanitize.STYLE_PROPERTIES), **extra)


CLEANER_CASES = {**TOKENIZED, **OUTSIDE, "widgets and checkboxes": (
    '<form action="x"><select><option>a</option></select><button>b</button></form>'
    '<input type="checkbox" checked><input type="text" onclick="x()"><!-- cmg: kept -->')}


def _same_cleaning(html: str, strict: bool) -> None:
    kept, each_call = sanitize._cleaner(strict).clean(html), _nh3_each_call(html, strict)
    if strict and "<input" in html:
        # nh3 adds the checkbox's missing type and disabled in the order of a Rust HashMap, which is
        # random per sanitiser (so per call of nh3.clean): the same attributes, in either order
        assert sanitize._tokens(kept) == sanitize._tokens(each_call)
        assert len(kept) == len(each_call)
    else:
        assert kept == each_call


@pytest.mark.parametrize("strict", [False, True])
@pytest.mark.parametrize("html", CLEANER_CASES.values(), ids=CLEANER_CASES.keys())
def test_the_kept_cleaner_is_nh3_with_the_allowlist(html, strict):
    # one nh3.Cleaner per process, not the options converted at every call: the same output
    _same_cleaning(html, strict)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(HTML_SUBSET_PAGES, st.booleans())
def test_the_kept_cleaner_is_nh3_with_the_allowlist_on_generated_pages(html, strict):
    _same_cleaning(html, strict)


def _pairs(html: str) -> list[tuple[str, str]]:
    """A fragment beside what the sanitiser compares it with: nh3's output of it, either allowlist."""
    return [(sanitize._cleaner(strict).clean(html), html) for strict in (False, True)]


@pytest.mark.parametrize("html", CLEANER_CASES.values(), ids=CLEANER_CASES.keys())
def test_tokens_shown_equal_piece_by_piece_are_equal(html):
    for a, b in [*_pairs(html), (html, html.replace("a", "b")), (html, html + "<p>x</p>")]:
        same = sanitize._tokens(a) == sanitize._tokens(b)
        assert sanitize._same_tokens(a, b) == same
        assert not sanitize._same_subset_tokens(a, b) or same


def test_nh3s_harmless_rewrites_are_shown_equal_without_making_the_tokens():
    # what nh3 rewrites on every page (a boolean attribute given a value, &quot; written as "): proved
    # piece by piece; a removal in a piece that differs is not
    page = ('<p>a &quot;b&quot;</p><ul class="task-list"><li><label><input type="checkbox" disabled>'
            '<span>x</span></label></li></ul><p><a href="f.docx" download>f</a><br />c</p>')
    cleaned = sanitize._cleaner(True).clean(page)
    assert cleaned != page and sanitize._same_subset_tokens(cleaned, page)
    assert sanitize.sanitize_page_html(page) == page
    hostile = page.replace("<span>", '<span onclick="x()">')
    assert not sanitize._same_subset_tokens(sanitize._cleaner(True).clean(hostile), hostile)
    assert sanitize.sanitize_page_html(hostile) == sanitize.settled_inputs(sanitize._cleaner(True).clean(hostile))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(HTML_SUBSET_PAGES)
def test_tokens_shown_equal_piece_by_piece_are_equal_on_generated_pages(html):
    for a, b in _pairs(html):
        same = sanitize._tokens(a) == sanitize._tokens(b)
        assert sanitize._same_tokens(a, b) == same
        assert not sanitize._same_subset_tokens(a, b) or same
