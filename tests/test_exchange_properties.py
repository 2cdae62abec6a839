"""Property test of the CAT-tool round trip over generated guides (issue 16, point 5).

A guide and its fresh Spanish translation are generated with paragraphs, list items, tables, notes and
footnotes whose text carries protected codes (cross-references, placeholders, bold, code spans, footnote
references). The guide is exported (PO or XLIFF), some units get a new target as a CAT tool would give
it, and the file is imported. The properties:

- an import without edits changes no byte;
- after an import with edits, a new export gives the edited units their new target and every other
  unit its old one (nothing lost, nothing moved to another unit);
- only the lines of the edited blocks changed in the translation file (and the front matter's
  ``title`` with the guide's title).
"""

from __future__ import annotations

import difflib
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from translate.storage import pypo

from cmg.edits import record_lines
from cmg.exchange.apply import plan_import
from cmg.exchange.bundle import load_entries
from cmg.exchange.files import export_bytes, read_exchange_file
from cmg.freshness import fingerprint
from cmg.fsio import split_keepends
from cmg.parse import parse_guide_text
from cmg.project import load_project
from cmg.workflow import apply_changes

FIXTURES = Path(__file__).resolve().parent / "fixtures"
XLIFF_NS = "urn:oasis:names:tc:xliff:document:1.2"

EN_WORDS = ["contract", "supplier", "delivery", "inspection", "notice", "days", "the", "of", "record", "goods"]
ES_WORDS = ["contrato", "proveedor", "entrega", "inspección", "aviso", "días", "el", "del", "acta", "bienes"]
ADDED = ["revisado", "nuevo", "ajustado", "según", "corresponda"]


def _front(title: str) -> str:
    return ("---\nguide: gen\nnumber: 1\ntitle: " + title + "\nversion: 1.0.0\nstatus: draft\n"
            "effective: 2026-12-01\napplies_to: [goods]\n---\n")


@st.composite
def sentence(draw, ids: list[str], footnotes: list[str]):
    """A pair (English, Spanish) of one line of text with the same protected codes in the same order."""
    n = draw(st.integers(1, 7))
    i = draw(st.integers(0, len(EN_WORDS) - 1))
    en, es = [EN_WORDS[i].capitalize()], [ES_WORDS[i].capitalize()]  # a word: a text of codes alone is not translated
    for _ in range(n):
        kind = draw(st.sampled_from(["word"] * 6 + ["xref", "param", "bold", "code", "fn"]))
        if kind == "word":
            i = draw(st.integers(0, len(EN_WORDS) - 1))
            en.append(EN_WORDS[i])
            es.append(ES_WORDS[i])
        elif kind == "xref":
            ref = f"[[{draw(st.sampled_from(ids))}]]"
            en.append(ref)
            es.append(ref)
        elif kind == "param":
            en.append("{{contract_number}}")
            es.append("{{contract_number}}")
        elif kind == "bold":
            i = draw(st.integers(0, len(EN_WORDS) - 1))
            en.append(f"**{EN_WORDS[i]}**")
            es.append(f"**{ES_WORDS[i]}**")
        elif kind == "code":
            en.append("`14`")
            es.append("`14`")
        elif footnotes:
            ref = f"[^{draw(st.sampled_from(footnotes))}]"
            en[-1] += ref
            es[-1] += ref
    return " ".join(en).strip() + ".", " ".join(es).strip() + "."


@st.composite
def generated_guide(draw):
    """(English file, Spanish file) of a guide with 1–4 clauses of mixed blocks and 0–2 footnotes."""
    n = draw(st.integers(1, 4))
    ids = [f"gn-c{i}" for i in range(n)]
    footnotes = [str(i + 1) for i in range(draw(st.integers(0, 2)))]
    en = [_front("Generated guide"), "\n# Generated guide\n\n"]
    es = [_front("Guía generada"), "\n# Guía generada\n\n"]
    e, s = draw(sentence(ids, []))
    en.append(e + "\n")
    es.append(s + "\n")
    for i, cid in enumerate(ids):
        en.append(f"\n## {i + 1} Clause {i + 1} {{#{cid}}}\n")
        es.append(f"\n## {i + 1} Cláusula {i + 1} {{#{cid}}}\n")
        for _ in range(draw(st.integers(1, 3))):
            block = draw(st.sampled_from(["para", "list", "table", "note"]))
            en.append("\n")
            es.append("\n")
            if block == "para":
                for _ in range(draw(st.integers(1, 3))):
                    e, s = draw(sentence(ids, footnotes))
                    en.append(e + "\n")
                    es.append(s + "\n")
            elif block == "list":
                for _ in range(draw(st.integers(1, 3))):
                    e, s = draw(sentence(ids, footnotes))
                    en.append(f"- {e}\n")
                    es.append(f"- {s}\n")
            elif block == "table":
                en.append("| Item | Time |\n|---|---|\n")
                es.append("| Elemento | Plazo |\n|---|---|\n")
                for _ in range(draw(st.integers(1, 2))):
                    e, s = draw(sentence(ids, []))
                    en.append(f"| {e} | 14 days |\n")
                    es.append(f"| {s} | 14 días |\n")
            else:
                e, s = draw(sentence(ids, footnotes))
                en.append(f'!!! note "Note"\n    {e}\n')
                es.append(f'!!! note "Nota"\n    {s}\n')
    if footnotes:
        en.append("\n")
        es.append("\n")
    for label in footnotes:
        e, s = draw(sentence(ids, []))
        en.append(f"[^{label}]: {e}\n")
        es.append(f"[^{label}]: {s}\n")
    return "".join(en), "".join(es)


def _fresh(src_text: str, tr_text: str) -> str:
    """The translation with every clause recorded as translated from the current source."""
    src = parse_guide_text(src_text, path="guides/gen/index.md", locale="en", guide="gen", rel="gen/index.md")
    prints = {c.id: fingerprint(c) for c in src.clauses if c.id}
    return "".join(record_lines(split_keepends(tr_text), prints, [c.id for c in src.clauses if c.id]))


def _project(root: Path, src_text: str, tr_text: str):
    for part in ("mkdocs.yml", "docs", "countries"):
        s = FIXTURES / "mini" / part
        shutil.copytree(s, root / part) if s.is_dir() else shutil.copy2(s, root / part)
    (root / "mkdocs.yml").write_text((root / "mkdocs.yml").read_text().replace("demo/index.md", "gen/index.md"))
    (root / "guides/gen").mkdir(parents=True)
    (root / "guides/gen/index.md").write_text(src_text, encoding="utf-8")
    for locale in ("es", "ko"):
        (root / f"translations/{locale}/gen").mkdir(parents=True)
        (root / f"translations/{locale}/gen/index.md").write_text(_fresh(src_text, tr_text), encoding="utf-8")
    return load_project(root / "mkdocs.yml")


def _targets(project) -> dict[str, str | None]:
    _, entries = load_entries(project, "es", history=False)
    return {e.key: e.target_text for e in entries}


def _edit(text: str, n: int) -> str:
    """What a translator's tool gives back: a word added at the end (outside every protected code)."""
    return f"{text} {ADDED[n % len(ADDED)]}"


def _set_po(data: bytes, edits: dict[str, str]) -> bytes:
    store = pypo.pofile.parsestring(data)
    for u in store.units:
        if not u.isheader() and u.getcontext() in edits:
            u.target = edits[u.getcontext()]
    return bytes(store)


def _set_xliff(data: bytes, added: dict[str, str]) -> bytes:
    """Adds a word at the end of each chosen unit's <target>, after its last inline code if any."""
    root = etree.fromstring(data)
    for tu in root.iter(f"{{{XLIFF_NS}}}trans-unit"):
        word = added.get(tu.get("id"))
        if word is None:
            continue
        target = tu.find(f"{{{XLIFF_NS}}}target")
        last = target[-1] if len(target) else None
        if last is None:
            target.text = (target.text or "") + " " + word
        else:
            last.tail = (last.tail or "") + " " + word
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def _import(project, root: Path, name: str, data: bytes):
    path = root / name
    path.write_bytes(data)
    changes, _ = plan_import(project, read_exchange_file(str(path)))
    apply_changes(changes)
    return changes


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(generated_guide(), st.sampled_from(["po", "xliff"]), st.data())
def test_round_trip_loses_nothing_and_changes_only_the_edited_blocks(guide, fmt, data):
    src_text, tr_text = guide
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        project = _project(root, src_text, tr_text)
        tr_path = root / "translations/es/gen/index.md"
        before_bytes = tr_path.read_bytes()
        before = _targets(project)
        assert all(t is not None for t in before.values()), "a fresh translation has a target for every unit"

        exported, _ = export_bytes(project, "es", fmt)
        assert _import(project, root, f"same.{fmt}", exported) == []
        assert tr_path.read_bytes() == before_bytes

        keys = sorted(before)
        chosen = data.draw(st.lists(st.sampled_from(keys), min_size=1, max_size=min(4, len(keys)), unique=True))
        words = {k: ADDED[i % len(ADDED)] for i, k in enumerate(chosen)}
        if fmt == "po":
            edited = _set_po(exported, {k: _edit(before[k], i) for i, k in enumerate(chosen)})
        else:
            edited = _set_xliff(exported, words)
        _import(project, root, f"edited.{fmt}", edited)

        project = load_project(root / "mkdocs.yml")
        after = _targets(project)
        assert set(after) == set(before)
        for k in keys:
            want = f"{before[k]} {words[k]}" if k in words else before[k]
            assert after[k] == want, (k, before[k], after[k])

        # only the lines of the edited blocks changed; the Korean file was not touched
        old_lines = before_bytes.decode().splitlines()
        new_lines = tr_path.read_text(encoding="utf-8").splitlines()
        assert len(new_lines) == len(old_lines)
        _, entries = load_entries(project, "es", history=False)
        allowed = {sp.line for e in entries if e.key in words for sp in e.target.spans}
        if any(e.key in words and e.source.kind == "title" for e in entries):
            allowed.add(old_lines.index("title: Guía generada"))  # the guide title is also the front matter's
        changed = {i for i, (a, b) in enumerate(zip(old_lines, new_lines, strict=True)) if a != b}
        assert changed and changed <= allowed, "\n".join(difflib.unified_diff(old_lines, new_lines, lineterm=""))
        assert (root / "translations/ko/gen/index.md").read_text(encoding="utf-8") == _fresh(src_text, tr_text)
