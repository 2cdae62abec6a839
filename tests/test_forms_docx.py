"""Model forms as Word documents: the points of each letter are numbered as in the guide."""

from __future__ import annotations

import docx

from cmg.forms import extract_forms, write_forms_docx

GUIDE = '''# Guide

## 1 Acts {#t-acts}

!!! form "First letter"
    **{{entity_name}}**

    1. Reference: {{contract_number}}

        가. Sub-point {{clause}}

    2. Second point

!!! form "Second letter"
    1. Only point {{date}}

    Signed {{official}}
'''


def _paragraphs(tmp_path):
    target = tmp_path / "forms.docx"
    write_forms_docx(extract_forms(GUIDE), target, title="Guide", intro="Fill in.", lang="ko",
                     xref_text=lambda cid: cid)
    return docx.Document(str(target)).paragraphs


def test_each_letter_numbers_its_points_from_1(tmp_path):
    texts = [p.text for p in _paragraphs(tmp_path)]
    assert "1.\tReference: {{contract_number}}" in texts
    assert "2.\tSecond point" in texts
    # the second letter starts again at 1: no document-wide automatic numbering
    assert "1.\tOnly point {{date}}" in texts
    assert not any(p.style.name == "List Number" for p in _paragraphs(tmp_path))


def test_sub_points_are_indented_under_their_point(tmp_path):
    paragraphs = {p.text: p for p in _paragraphs(tmp_path)}
    point = paragraphs["1.\tReference: {{contract_number}}"].paragraph_format
    sub = paragraphs["가. Sub-point {{clause}}"].paragraph_format
    signed = paragraphs["Signed {{official}}"].paragraph_format
    assert sub.left_indent > point.left_indent
    assert not signed.left_indent


def test_the_forms_cache_gives_the_same_bytes_and_misses_on_any_input(tmp_path):
    from cmg.caching import Store

    store = Store(tmp_path / "cache", suffix=".docx")
    forms = extract_forms(GUIDE.replace("Second point", "Second point, see [[t-acts]]"))

    def make(name, **kw):
        args = dict(title="Guide", intro="Fill in.", lang="ko", xref_text=lambda cid: f"1 {cid}")
        args.update(kw)
        target = tmp_path / name
        write_forms_docx(forms, target, store=store, **args)
        return target.read_bytes()

    uncached = tmp_path / "uncached.docx"
    write_forms_docx(forms, uncached, title="Guide", intro="Fill in.", lang="ko", xref_text=lambda cid: f"1 {cid}")
    first = make("a.docx")
    assert first == uncached.read_bytes() and len(list((tmp_path / "cache").iterdir())) == 1
    assert make("b.docx") == first  # from the cache
    assert len(list((tmp_path / "cache").iterdir())) == 1
    # the text of a clause reference is part of the key (the clause was renumbered or retitled)
    renumbered = make("c.docx", xref_text=lambda cid: f"2 {cid}")
    assert renumbered != first and "2 t-acts" in "".join(p.text for p in docx.Document(str(tmp_path / "c.docx")).paragraphs)
    assert make("d.docx", title="Other") != first
    assert len(list((tmp_path / "cache").iterdir())) == 3
    # a damaged entry is a miss, made again
    for entry in (tmp_path / "cache").iterdir():
        entry.write_bytes(b"PK not a zip")
    assert make("e.docx") == first
