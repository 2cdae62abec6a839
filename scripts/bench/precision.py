"""How often the consistency checks fire on real human translations that nobody here wrote.

Usage::

    python scripts/bench/precision.py CORPUS [CORPUS ...] [--review OUT.jsonl] [--json]

Each CORPUS is a folder with ``en/``, ``es/`` and ``ko/`` subfolders holding the same file names
(a page and its two translations), e.g. pages of the Helm or Kubernetes documentation. Nothing of a
corpus is kept in this repository: fetch it outside (see docs/en/staff/validation-rules.md).

Each page is cut into sections at its headings and each section into paragraphs; sections are aligned
by position where the page has the same sections in both languages (by their shape where it does not),
paragraphs likewise. Every aligned pair is one *pseudo-clause*: it becomes a numbered clause of a
synthetic guide in each language, and the synthetic guides go through the same checks as the shipped
guides (``compare_files`` and the single-file checks, with the project's termbase). What the corpus
writes in markup of its own (code blocks, Hugo shortcodes, Docusaurus admonitions, HTML comments) is
removed first: the guides have none of it, so a finding there would say nothing about the rules.

Prints findings per 1,000 pseudo-clauses for every rule that fired, per locale and severity; with
``--review`` writes each error-level finding with the two texts, for a person to judge whether it is
true (a real difference of meaning) or a false alarm.
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

from cmg.checks import check_file, compare_files  # noqa: E402
from cmg.parse import parse_guide_text  # noqa: E402
from cmg.termbase import load_termbase  # noqa: E402

SOURCE, TARGETS = "en", ("es", "ko")

_FRONT = re.compile(r"\A(?:---|\+\+\+)\n.*?\n(?:---|\+\+\+)\n", re.S)
_FENCE = re.compile(r"^[ \t]*(```|~~~).*?^[ \t]*\1[^\n]*$", re.S | re.M)
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_SHORTCODE_TEXT = re.compile(r"\{\{[<%]\s*glossary_tooltip\b[^}]*?text=\"([^\"]*)\"[^}]*?[>%]\}\}")
_SHORTCODE = re.compile(r"\{\{[<%].*?[>%]\}\}", re.S)
_ADMONITION = re.compile(r"^\s*:::.*$", re.M)
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*(?:\{#[^}]*\})?\s*$")
_IMPORT = re.compile(r"^(?:import|export) .*$", re.M)  # MDX
_ITEM = re.compile(r"^(?:[-*+]\s|\d+[.)]\s|\|)")


@dataclass
class Section:
    level: int
    heading: str
    paragraphs: list[str]


def clean(text: str) -> str:
    text = text.replace("\r\n", "\n")
    text = _FRONT.sub("", text)
    text = _FENCE.sub("", text)
    text = _COMMENT.sub("", text)
    text = _SHORTCODE_TEXT.sub(r"\1", text)
    text = _SHORTCODE.sub("", text)
    text = _ADMONITION.sub("", text)
    text = _IMPORT.sub("", text)
    # {#anchor} and {: attrs } of the corpus' own flavour, and raw HTML blocks
    text = re.sub(r"\{[#:][^}\n]*\}", "", text)
    return text


def sections(text: str) -> list[Section]:
    out = [Section(0, "", [])]
    para: list[str] = []

    def flush():
        if para:
            out[-1].paragraphs.append("\n".join(para))
            para.clear()

    for line in clean(text).split("\n"):
        m = _HEADING.match(line)
        if m:
            flush()
            out.append(Section(len(m.group(1)), m.group(2), []))
        elif not line.strip():
            flush()
        else:
            # indented lines would read as code or a note body in the guides' Markdown; the corpus means prose.
            # A wrapped prose line joins the one before it (a `code span` may be wrapped, and the checks read
            # line by line); list items and table rows keep their own lines.
            text = line.strip()
            if para and not _ITEM.match(text) and not para[-1].startswith("|"):
                para[-1] += " " + text
            else:
                para.append(text)
    flush()
    return [s for s in out if s.heading or s.paragraphs]


def _shape(s: Section) -> tuple:
    return (s.level, len(s.paragraphs))


def align(a: list, b: list, key) -> list[tuple]:
    """Pairs of aligned items: by position when the counts agree, else the runs whose shapes agree."""
    if len(a) == len(b):
        return list(zip(a, b, strict=True))
    sm = difflib.SequenceMatcher(None, [key(x) for x in a], [key(x) for x in b], autojunk=False)
    return [(a[i + k], b[j + k]) for i, j, n in sm.get_matching_blocks() for k in range(n)]


def pseudo_clauses(src_text: str, tr_text: str) -> list[tuple[str, str]]:
    out = []
    for s, t in align(sections(src_text), sections(tr_text), _shape):
        if len(s.paragraphs) == len(t.paragraphs):
            pairs = list(zip(s.paragraphs, t.paragraphs, strict=True))
        else:
            pairs = [("\n\n".join(s.paragraphs), "\n\n".join(t.paragraphs))]
        if s.heading and t.heading:
            pairs = [(s.heading, t.heading)] + pairs
        out += [(a, b) for a, b in pairs if a.strip() and b.strip()]
    return out


_FM = ("---\nguide: {g}\nnumber: 1\ntitle: Page\nversion: 1.0.0\nstatus: draft\neffective: 2026-01-01\n"
       "applies_to: [goods]\n---\n\n# Page\n\n")


def synthetic_guide(texts: list[str], guide: str) -> str:
    parts = [_FM.format(g=guide)]
    for i, body in enumerate(texts, 1):
        parts.append(f"## {i} Clause {{#pc-{i}}}\n\n{body}\n\n")
    return "".join(parts)


def measure(corpora: list[Path], termbase_path: Path, review: Path | None = None) -> dict:
    tb = load_termbase(termbase_path, "translations/termbase.yml", [SOURCE, *TARGETS])
    counts: dict[str, Counter] = {loc: Counter() for loc in TARGETS}
    clauses: Counter = Counter()
    pages: Counter = Counter()
    records = []
    for corpus in corpora:
        for src_path in sorted((corpus / SOURCE).rglob("*.md*")):
            page = src_path.relative_to(corpus / SOURCE).as_posix()
            src_text = src_path.read_text(encoding="utf-8", errors="replace")
            for loc in TARGETS:
                tr_path = corpus / loc / page
                if not tr_path.is_file():
                    continue
                pairs = pseudo_clauses(src_text, tr_path.read_text(encoding="utf-8", errors="replace"))
                if not pairs:
                    continue
                pages[loc] += 1
                clauses[loc] += len(pairs)
                guide = "g" + re.sub(r"[^a-z0-9]", "", src_path.stem.lower())[:20]
                # the page's own path, so that its relative links resolve as the corpus' site resolves them
                src = parse_guide_text(synthetic_guide([a for a, _ in pairs], guide), path=f"{corpus.name}/en/{page}",
                                       locale=SOURCE, guide=guide, rel=page)
                tr = parse_guide_text(synthetic_guide([b for _, b in pairs], guide), path=f"{corpus.name}/{loc}/{page}",
                                      locale=loc, guide=guide, rel=page)
                found = compare_files(src, tr, tb) + check_file(tr, is_source=False, termbase=tb)
                for f in found:
                    counts[loc][(f.code, f.severity)] += 1
                    if review and f.severity == "error":
                        n = int(f.clause.removeprefix("pc-")) if f.clause.startswith("pc-") else 0
                        a, b = pairs[n - 1] if n else ("", "")
                        records.append({"locale": loc, "page": f"{corpus.name}/{page}", "code": f.code,
                                        "message": f.message, "en": a, loc: b})
    if review:
        review.parent.mkdir(parents=True, exist_ok=True)
        review.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return {
        loc: {
            "pages": pages[loc], "clauses": clauses[loc],
            "findings": {f"{code} {sev}": {"count": n, "per_1000": round(1000 * n / max(clauses[loc], 1), 1)}
                         for (code, sev), n in sorted(counts[loc].items())},
        }
        for loc in TARGETS
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", nargs="+", type=Path, help="folder with en/, es/ and ko/ subfolders")
    ap.add_argument("--termbase", type=Path, default=ROOT / "translations" / "termbase.yml")
    ap.add_argument("--review", type=Path, help="write every error-level finding with both texts (JSON lines)")
    ap.add_argument("--json", action="store_true", help="print the measurement as JSON")
    args = ap.parse_args(argv)
    for c in args.corpus:
        if not (c / SOURCE).is_dir():
            print(f"{c}: no {SOURCE}/ folder", file=sys.stderr)
            return 2
    result = measure(args.corpus, args.termbase, args.review)
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    for loc, r in result.items():
        print(f"{loc}: {r['pages']} pages, {r['clauses']} pseudo-clauses")
        for key, v in r["findings"].items():
            print(f"  {key:<16} {v['count']:>5}  {v['per_1000']:>7.1f} per 1,000 clauses")
    return 0


if __name__ == "__main__":
    sys.exit(main())
