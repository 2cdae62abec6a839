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
