"""Bad input: every case gives a clear message naming the file (and line), the right exit code, no
traceback — from `cmg validate` and from the MkDocs build alike — and nothing is lost."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from sitecheck import build_site

EN, ES, KO = "guides/demo/index.md", "translations/es/demo/index.md", "translations/ko/demo/index.md"
TB = "translations/termbase.yml"


def _bytes(p, rel, data: bytes):
    p.path(rel).parent.mkdir(parents=True, exist_ok=True)
    p.path(rel).write_bytes(data)


def _spaces_accents_hangul(p):
    # a second guide whose folder name has a space, an accent and Hangul, in every locale
    for rel, src in ((EN, EN), (ES, ES), (KO, KO)):
        text = p.read(src).replace("guide: demo", "guide: guía 지침 x").replace("{#dm-", "{#gx-").replace("[[dm-", "[[gx-")
        p.write(rel.replace("/demo/", "/guía 지침 x/"), text)


BIG = ("가나다라 마바사 아자차카. " * 12 + "\n\n") * 14000  # about 5 MB of Korean prose

# name → (mutation, expected code or None for "no finding needed", expected exit code of validate, file named)
CASES = {
    "malformed-front-matter": (lambda p: p.replace(ES, "version: 1.0.0", "version: [1.0.0"), "CMG002", 1, ES),
    "missing-front-matter": (lambda p: p.write(ES, p.read(ES).split("---\n", 2)[2]), "CMG501", 1, ES),
    "not-utf8": (lambda p: _bytes(p, ES, p.path(ES).read_bytes().replace("Inspección".encode(), b"Inspecci\xf3n")), "CMG001", 1, ES),
    "bom": (lambda p: _bytes(p, ES, b"\xef\xbb\xbf" + p.path(ES).read_bytes()), None, 0, ES),
    "crlf": (lambda p: _bytes(p, KO, p.path(KO).read_bytes().replace(b"\n", b"\r\n")), None, 0, KO),
    "mixed-line-endings": (lambda p: _bytes(p, KO, p.path(KO).read_bytes().replace(b"\n", b"\r\n", 10)), None, 0, KO),
    "tabs": (lambda p: p.replace(ES, "- [ ] Muestras tomadas", "-\t[ ] Muestras tomadas\t"), None, 0, ES),
    "empty-file": (lambda p: p.write(ES, ""), "CMG501", 1, ES),
    "only-front-matter": (lambda p: p.write(ES, "---\n" + p.read(ES).split("---\n", 2)[1] + "---\n"), "CMG101", 1, ES),
    "heading-without-id": (lambda p: p.replace(KO, "### 2.1 요율 {#dm-rate}", "### 2.1 요율"), "CMG110", 1, KO),
    "duplicate-ids": (lambda p: p.replace(KO, "{#dm-rate}", "{#dm-delay}"), "CMG106", 1, KO),
    "id-reused-in-another-guide": (
        lambda p: p.write("guides/other/index.md", p.read(EN).replace("guide: demo", "guide: other")), "CMG106", 1,
        "guides/other/index.md"),
    "skipped-heading-levels": (lambda p: p.replace(EN, "## 2 Delay damages {#dm-delay}", "#### Aside\n\n## 2 Delay damages {#dm-delay}"),
                               "CMG112", 0, EN),
    "unclosed-fence": (lambda p: p.replace(KO, "## 2 지체상금", "```\n닫히지 않음\n\n## 2 지체상금"), "CMG505", 1, KO),
    "unclosed-admonition": (lambda p: p.replace(ES, "!!! form \"Carta modelo\"\n    Contrato", "!!! form \"Carta modelo\"\nContrato"),
                            "CMG505", 0, ES),
    "very-long-line": (lambda p: p.replace(ES, "Una guía mínima", "Una guía mínima " + "muy " * 20000), None, 0, ES),
    "five-megabyte-file": (lambda p: p.replace(KO, "시험에서 사용하는 작은 지침입니다.", "시험에서 사용하는 작은 지침입니다.\n\n" + BIG),
                           None, 0, KO),
    "locale-not-configured": (lambda p: p.write("translations/fr/demo/index.md", p.read(EN)), "CMG004", 0,
                              "translations/fr"),
    "translation-without-source": (lambda p: p.write("translations/es/nada/index.md", p.read(ES)), "CMG108", 1,
                                   "translations/es/nada/index.md"),
    "names-with-spaces-accents-hangul": (_spaces_accents_hangul, None, 0, "guides/guía 지침 x/index.md"),
    "symlink-loop": (lambda p: os.symlink("..", p.path("guides/demo/loop")), None, 0, EN),
    "termbase-missing-locale": (lambda p: p.replace(TB, "    ko: {term: 검사, definition: 납품된 것이 계약에 맞는지 확인하는 일.}\n", ""),
                                "CMG003", 1, TB),
    "termbase-duplicate-term": (lambda p: p.replace(TB, "  - id: acceptance-record", "  - id: inspection"), "CMG003", 1, TB),
}


def run_cmg(root, *args):
    env = dict(os.environ)
    env.pop("CMG_DEBUG", None)
    return subprocess.run([sys.executable, "-m", "cmg.cli", *args], cwd=root, capture_output=True, text=True, env=env,
                          timeout=300)


@pytest.mark.parametrize("case", sorted(CASES))
def test_validate_bad_input(mini, case):
    mutate, code, exit_code, named = CASES[case]
    mutate(mini)
    r = run_cmg(mini.root, "validate", "--format", "text")
    assert "Traceback" not in r.stderr + r.stdout
    assert r.returncode == exit_code, r.stdout[-2000:] + r.stderr
    if code:
        hits = [ln for ln in r.stdout.splitlines() if f" {code} " in ln]
        assert hits, r.stdout[-2000:]
        assert any(named in ln for ln in hits), hits
        assert all(re.search(r":\d+:\d+: CMG", ln) for ln in hits)


@pytest.mark.parametrize("case", sorted(CASES))
def test_build_bad_input(mini, case, tmp_path):
    mutate, code, _, named = CASES[case]
    mutate(mini)
    r = build_site(mini.root, tmp_path / "site", strict=False)
    out = r.stdout + r.stderr
    assert "Traceback" not in out, out[-3000:]
    assert r.returncode == 0, out[-3000:]
    if code and code != "CMG004":
        assert any(code in ln and named in ln for ln in out.splitlines()), out[-3000:]
    assert (tmp_path / "site" / "index.html").is_file()


def test_a_page_too_big_for_a_pdf_is_named_and_gets_no_pdf_link(mini, tmp_path):
    mini.replace("mkdocs.yml", "      pdf: !ENV [CMG_PDF, true]\n", "      pdf: !ENV [CMG_PDF, true]\n      pdf_max_kb: 20\n")
    mini.replace(KO, "시험에서 사용하는 작은 지침입니다.", "시험에서 사용하는 작은 지침입니다.\n\n" + BIG[:60000])
    r = build_site(mini.root, tmp_path / "site", strict=False)
    out = r.stdout + r.stderr
    assert r.returncode == 0 and "Traceback" not in out, out[-3000:]
    assert any(KO in ln and "no PDF made" in ln and "pdf_max_kb" in ln for ln in out.splitlines()), out[-3000:]
    page = (tmp_path / "site" / "ko" / "demo" / "index.html").read_text(encoding="utf-8")
    assert ".pdf" not in page and not (tmp_path / "site" / "ko" / "demo" / "demo-ko.pdf").exists()
    assert (tmp_path / "site" / "demo" / "demo-es.pdf").is_file()  # the other locales' PDFs are made
    strict = build_site(mini.root, tmp_path / "strict", strict=True)
    assert strict.returncode != 0  # a warning: `make site` stops on it


HOSTILE = [
    "<script>alert('cmg-xss-1')</script>",
    "<img src=\"x.png\" onerror=\"alert('cmg-xss-2')\">",
    "[click](javascript:alert('cmg-xss-3'))",
    "[data](data:text/html;base64,PHNjcmlwdD4=)",
    "<iframe src=\"https://example.org/cmg-xss-4\"></iframe>",
    "<object data=\"cmg-xss-5.swf\"></object>",
    "<embed src=\"cmg-xss-6.swf\">",
    "<form action=\"https://example.org/cmg-xss-7\"><input name=\"q\"></form>",
    "<a href=\"javascript:alert('cmg-xss-8')\">x</a>",
    "<div onclick=\"alert('cmg-xss-9')\">x</div>",
]


def test_hostile_content_never_reaches_the_built_site(mini, tmp_path):
    for rel in (EN, ES, KO):
        mini.replace(rel, "\n## 2 ", "\n\n" + "\n\n".join(HOSTILE) + "\n\n## 2 ")
    codes = [f.code for f in mini.validate()]
    assert codes.count("CMG504") >= len(HOSTILE) * 3
    r = build_site(mini.root, tmp_path / "site", strict=False)
    assert r.returncode == 0, r.stderr[-2000:]
    strict = build_site(mini.root, tmp_path / "site2", strict=True)
    assert strict.returncode != 0  # a strict build refuses to publish it at all
    for page in ("demo/index.html", "en/demo/index.html", "ko/demo/index.html"):
        html = (tmp_path / "site" / page).read_text(encoding="utf-8")
        article = html[html.index("<article"):html.index("</article>")]
        assert not re.search(r"<\s*(script|iframe|object|embed|form)\b", article, re.I), page
        assert not re.search(r"<[a-z][^>]*\son[a-z]+\s*=", article, re.I), page
        assert not re.search(r"""(href|src|action|data)\s*=\s*["']?\s*(javascript|data):""", article, re.I), page


def test_external_links_are_noopener(mini, tmp_path):
    r = build_site(mini.root, tmp_path / "site", strict=False)
    assert r.returncode == 0
    html = (tmp_path / "site" / "en" / "demo" / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'<a [^>]*href="https?://[^"]*"[^>]*>', html)
    assert links and all(re.search(r'rel="[^"]*noopener', a) for a in links)
