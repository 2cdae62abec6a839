"""The guides' syntax is written once (cmg.syntax): the parser records it, the site and the forms
rewrite it with the same patterns, and no other module writes its own."""

import re
from pathlib import Path

import cmg
from cmg import syntax
from cmg.forms import _plain, extract_forms
from cmg.parse import parse_guide_text
from cmg.site import render_xrefs

TEXT = """---
guide: demo
number: 1
title: T
---

# T

## 1 Scope {#dm-scope}

See [[dm-scope]], [[dm-gone]], [[Bad_ID]], [[param: delay-fine-rate]] and {{ contract_no }}.

!!! form "Letter"
    Under [[dm-scope]] and [[Bad_ID]], contract {{ contract_no }} of {{date}}.
"""


def test_the_parser_the_site_and_the_forms_read_the_same_cross_references():
    gf = parse_guide_text(TEXT, path="guides/demo/index.md", locale="en", guide="demo", rel="demo/index.md")
    recorded = sorted({r.value for _, b in gf.blocks() for r in b.xrefs})
    assert recorded == ["Bad_ID", "dm-gone", "dm-scope"]  # a malformed one is recorded, for the checks
    seen = []
    render_xrefs(TEXT, lambda cid: seen.append(cid))
    # the site rewrites the well-formed ones, and only those the parser recorded
    assert sorted(set(seen)) == ["dm-gone", "dm-scope"]
    assert all(syntax.CLAUSE_ID_RE.match(c) for c in seen) and set(seen) <= set(recorded)
    (form,) = extract_forms(TEXT)
    assert form.placeholders == ["contract_no", "date"]
    assert _plain(form.lines[0], lambda cid: f"<{cid}>") == "Under <dm-scope> and [[Bad_ID]], contract {{ contract_no }} of {{date}}."


def test_placeholders_and_markers():
    assert [m.group(1) for m in syntax.PLACEHOLDER.finditer("{{a}} {{ b.c-d_e }} {{ two words }} {x}")] == ["a", "b.c-d_e"]
    assert syntax.PLACEHOLDER_WHOLE.split("x {{ a }} y") == ["x ", "{{ a }}", " y"]
    assert syntax.UNTRANSLATED_LINE.match("  <!-- cmg: untranslated (from es) -->  ")
    assert not syntax.UNTRANSLATED_LINE.match("text <!-- cmg: untranslated -->")
    assert syntax.UNTRANSLATED.search("text <!-- cmg: untranslated -->")
    assert syntax.IGNORE.search("<!-- cmg: ignore CMG101, CMG204 -->").group(1) == "CMG101, CMG204"
    assert syntax.xref_to("a-b|c").findall("[[a-b]] [[c]] [[d]]") == ["a-b", "c"]


def test_no_other_module_writes_the_guide_syntax_again():
    # a pattern with [[, {{ or a cmg: marker in it belongs in syntax.py (or paramref.py, beside it)
    package = Path(cmg.__file__).parent
    own = re.compile(r"re\.compile\(\s*r?f?[\"'][^\n]*(\\\[\\\[|\\\{\\\{|cmg:)")
    bad = [f"{p.relative_to(package)}:{n}" for p in sorted(package.rglob("*.py")) if p.name not in ("syntax.py", "paramref.py")
           for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if own.search(line)]
    assert not bad, bad
