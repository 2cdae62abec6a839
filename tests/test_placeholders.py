"""The forms' placeholders shown as labels in the reader's language (issue 19 point 5): the page, the
PDF and the Word forms show the label, the name stays for tools, and CMG211 reports a placeholder that
has no label in a locale, with file and line."""

from __future__ import annotations

import io
import re
import zipfile

import pytest

from cmg.forms import extract_forms, write_forms_docx
from cmg.placeholders import check_labels, label_placeholders, load_labels, parse_labels
from cmg.sanitize import removals
from cmg.syntax import PLACEHOLDER
from conftest import ROOT

LABELS = """\
version: 1
locales: [en, es, ko]
format:
  es: "«{label}»"
labels:
  contract_number: {en: contract number, es: número del contrato, ko: 계약번호}
  delay_days:      {en: days of delay, es: días de retraso}
"""


def test_the_label_file_is_read_with_its_lines_and_formats():
    labels = parse_labels(LABELS, "translations/placeholders.yml")
    assert not labels.problems
    assert labels.locales == ["en", "es", "ko"]
    assert labels.shown("contract_number", "es") == "«número del contrato»"
    assert labels.shown("contract_number", "ko") == "[계약번호]"  # the default format
    assert labels.shown("delay_days", "ko") is None
    assert labels.lines == {"contract_number": 6, "delay_days": 7}


@pytest.mark.parametrize(("text", "line", "words"), [
    ("labels:\n  a: {en: x}\n  a: {en: y}\n", 3, "given twice"),
    ("locales: [en]\nlabels:\n  contract number: {en: x}\n", 3, "not a placeholder name"),
    ("locales: [en]\nlabels:\n  ok: [x]\n", 3, "must map each locale"),
    ("locales: [en]\nlabels: [a, b]\n", 1, "top-level 'labels'"),
    ("locales: [en]\nlabels:\n  ok: {en: x\n", 4, "not valid YAML"),
    ("locales: [en]\nformat:\n  es: '[{label}]'\n  en: '[label]'\nlabels: {}\n", 4, "has no {label}"),
])
def test_a_broken_label_file_is_a_finding_with_its_line(text, line, words):
    labels = parse_labels(text, "translations/placeholders.yml")
    found = check_labels([], labels)
    assert [(f.code, f.path, f.line) for f in found] == [("CMG211", "translations/placeholders.yml", line)], found
    assert words in found[0].message and found[0].hint


def test_the_page_shows_the_label_and_keeps_the_name():
    labels = parse_labels(LABELS, "p.yml")
    md = ("    Contrato {{contract_number}}: {{ delay_days }} días; {{unknown_name}}.\n"
          "    `{{contract_number}}` in code\n```\n{{contract_number}}\n```\n")
    out = label_placeholders(md, labels, "es")
    assert ('<span class="cmg-placeholder" data-placeholder="contract_number" data-search-exclude>'
            "«número del contrato»</span>") in out
    assert 'data-placeholder="delay_days" data-search-exclude>«días de retraso»</span>' in out
    assert "{{unknown_name}}" in out  # no label: shown as written (and reported by CMG211)
    assert "`{{contract_number}}` in code" in out and "\n{{contract_number}}\n```" in out  # code as written
    assert label_placeholders(md, labels, "ko").count(r"\[계약번호\]") == 1  # Markdown-escaped: shown as written
    assert not removals(out)  # the sanitiser keeps the label's element and its name


def test_a_hostile_label_is_literal_text():
    labels = parse_labels('locales: [en]\nlabels:\n  x: {en: "<img src=x onerror=alert(1)> *bold* {#id}"}\n', "p.yml")
    import markdown

    out = markdown.markdown(label_placeholders("See {{x}}.", labels, "en"), extensions=["attr_list"])
    assert "<img" not in out and "<em>" not in out and "&lt;img" in out and 'id="id"' not in out


def _docx_xml(tmp_path, labels) -> str:
    guide = '# G\n\n## 1 Acts {#t-acts}\n\n!!! form "Letter"\n    **{{contract_number}}**\n\n    | Days | {{delay_days}} |\n    |---|---|\n'
    target = tmp_path / "forms.docx"
    write_forms_docx(extract_forms(guide), target, title="G", intro="Fill in.", lang="ko", xref_text=str,
                     placeholder_labels=labels)
    with zipfile.ZipFile(io.BytesIO(target.read_bytes())) as z:
        return z.read("word/document.xml").decode("utf-8")


def test_the_word_forms_show_the_label_in_a_control_tagged_with_the_name(tmp_path):
    xml = _docx_xml(tmp_path, parse_labels(LABELS, "p.yml"))
    sdt = re.search(r"<w:sdt>.*?</w:sdt>", xml, re.S).group(0)
    assert '<w:alias w:val="계약번호"/>' in sdt and '<w:tag w:val="contract_number"/>' in sdt
    assert "<w:t>[계약번호]</w:t>" in sdt and "<w:b/>" in sdt and 'w:highlight w:val="yellow"' in sdt
    assert "{{contract_number}}" not in xml
    assert "{{delay_days}}" in xml  # no Korean label: left as written, in the table cell
    assert "<w:sdt>" not in _docx_xml(tmp_path, None)  # without labels, the forms are as before


def test_a_placeholder_without_a_label_is_reported_at_its_line(mini):
    mini.write("translations/placeholders.yml", LABELS)
    found = [f for f in mini.validate() if f.code == "CMG211"]
    ko = "translations/ko/demo/index.md"
    assert [(f.path, f.line, f.locale) for f in found] == [(ko, mini.line_of(ko, "{{delay_days}}"), "ko")]
    assert "{{delay_days}}" in found[0].message and found[0].severity == "warning"
    assert "translations/placeholders.yml:7" in found[0].hint  # the entry to add the label to
    assert found[0].clause == "dm-rate"  # the clause the form is in
    # silenced like any rule, in the clause
    mini.replace(ko, "{{delay_days}}일.", "{{delay_days}}일. <!-- cmg: ignore CMG211 -->")
    assert "CMG211" not in mini.codes()
    # a locale the file does not declare yet (a new one) is not reported, as for the termbase
    mini.replace("translations/placeholders.yml", "locales: [en, es, ko]", "locales: [en, es]")
    assert "CMG211" not in mini.codes()


def test_every_placeholder_of_the_shipped_guides_has_a_label_in_every_locale(shipped_validated):
    corpus, _ = shipped_validated
    project = corpus.project
    labels = load_labels(ROOT / project.placeholder_labels, project.placeholder_labels)
    assert labels.exists and not labels.problems and set(project.locales) <= set(labels.locales)
    assert not check_labels(list(corpus.files.values()), labels)
    used = {m.group(1) for gf in corpus.files.values()
            for m in PLACEHOLDER.finditer((ROOT / gf.path).read_text(encoding="utf-8"))}
    assert len(used) > 300
    for name in used:
        en, es, ko = (labels.label(name, loc) for loc in ("en", "es", "ko"))
        assert es != en and ko != en, name  # a label in the locale's own words, not the English copied
        assert re.search("[\uac00-\ud7a3]", ko), name  # Korean in Hangul
        assert "_" not in en + es + ko, name  # a label, not the name


@pytest.fixture(scope="module")
def labelled_site(tmp_path_factory):
    """The tiny project with a placeholder file, built strictly (its PDFs and Word forms too)."""
    from conftest import FIXTURES, copy_project
    from sitecheck import build_site

    root = copy_project(FIXTURES / "mini", tmp_path_factory.mktemp("labels") / "mini")
    (root / "translations" / "placeholders.yml").write_text(LABELS.replace("}\n  delay_days:      {",
                                                                           "}\n  delay_days: {ko: 지체일수, "),
                                                            encoding="utf-8")
    site = root / "site"
    result = build_site(root, site)
    assert result.returncode == 0, result.stderr[-4000:]
    return site


@pytest.mark.parametrize(("prefix", "locale", "shown"), [("", "es", "«número del contrato»"), ("en/", "en", "[contract number]"),
                                                        ("ko/", "ko", "[계약번호]")])
def test_the_built_page_pdf_and_forms_show_the_label_in_the_readers_language(labelled_site, prefix, locale, shown):
    from pypdf import PdfReader

    page_dir = labelled_site / prefix / "demo"
    html = (page_dir / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<span class="cmg-placeholder" data-placeholder="contract_number" data-search-exclude(="")?>'
                     + re.escape(shown) + "</span>", html)
    assert "{{contract_number}}" not in html.split("<article", 1)[1].split("</article>")[0]
    pdf = "".join(p.extract_text() for p in PdfReader(str(page_dir / f"demo-{locale}.pdf")).pages)
    assert shown in pdf and "contract_number" not in pdf
    with zipfile.ZipFile(page_dir / f"demo-forms-{locale}.docx") as z:
        xml = z.read("word/document.xml").decode("utf-8")
    assert '<w:tag w:val="contract_number"/>' in xml and f"<w:t>{shown}</w:t>" in xml
    # the search index has the clause's words, not the form's blanks
    index = (labelled_site / prefix / "search" / "search_index.json").read_text(encoding="utf-8")
    assert shown.strip("[]«»") not in index
    words = {"es": "Contrato :", "en": "Contract :", "ko": "계약 :"}[locale]  # the form's own words stay
    assert words in index
