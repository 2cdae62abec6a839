"""A synthetic guide set shaped like the real guides, in three locales, for benchmarks.

The same pages are written twice: once in this project's layout (guides/ + translations/, read by the
cmg plugin) and once in plain mkdocs-static-i18n layout (docs/<locale>/, no plugin: the anchor).
"""

from __future__ import annotations

import random
import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LOCALES = ("en", "es", "ko")
UNIT = {"en": "days", "es": "días", "ko": "일"}
MUST = {"en": "must", "es": "debe", "ko": "하여야 한다"}
KOREA = {"en": "Korean practice", "es": "Práctica coreana", "ko": "한국의 실무"}


def word_pools() -> dict[str, list[str]]:
    pools = {}
    for loc in LOCALES:
        base = ROOT / ("guides" if loc == "en" else f"translations/{loc}")
        text = " ".join(p.read_text(encoding="utf-8") for p in sorted(base.glob("*/index.md")))
        text = re.sub(r"\{[^}]*\}|\[\[[^\]]*\]\]|\[\^[^\]]*\]|https?://\S+|<[^>]+>", " ", text)
        pats = obligation_patterns(loc)
        unique = set(re.findall(r"[^\W\d_]{2,}", text))
        ok = {w for w in unique if not any(p.search(f" {w} ") for p in pats)}
        words = [w for w in re.findall(r"[^\W\d_]{2,}", text) if w in ok]
        pools[loc] = [w for w in words if w.lower() not in ("no", "not", "se", "mil", "millones", "may", "mayo", "de")]
    return pools


def obligation_patterns(loc: str):
    import yaml

    data = yaml.safe_load((ROOT / "translations" / "termbase.yml").read_text(encoding="utf-8"))
    pats = []
    for strength in (data.get("obligations") or {}).get(loc, {}).values():
        pats += [re.compile(p) for p in strength]
    # Korean endings that combine with neighbouring words into an obligation
    if loc == "ko":
        pats += [re.compile(x) for x in ("^ ?(한다|하며|하고|함|있다|있으며|있고|된다|되며|아니|안|수|야) ?$",)]
    return pats


def _sentence(rng: random.Random, pool: list[str], n: int) -> str:
    return " ".join(rng.choice(pool) for _ in range(n))


def page_text(i: int, loc: str, clauses: int, words: int, pools, seed: int, plain: bool) -> str:
    """One guide page; the same structure, numbers and IDs in every locale (text differs)."""
    rng = random.Random(f"{seed}-{i}")  # structure: identical across locales
    txt = random.Random(f"{seed}-{i}-{loc}")  # words: per locale
    pool = pools[loc]
    per_clause = max(words // clauses, 10)
    lines = ["---", f"guide: g{i:03d}", f"number: {i}", f"title: Guide {i} {_sentence(txt, pool, 3)}",
             "version: 1.0.0", "status: draft", "effective: 2026-12-01", "applies_to: [goods, works]", "---", "",
             f"# Guide {i} {lines_title(txt, pool)}", "", _sentence(txt, pool, 30) + ".", ""]
    lines[3] = f"title: {lines[-4][2:]}"
    section = sub = 0
    for j in range(1, clauses + 1):
        if j == 1 or rng.random() < 0.25:
            section += 1
            sub = 0
            num, hashes = f"{section}", "##"
        else:
            sub += 1
            num, hashes = f"{section}.{sub}", "###"
        cid = f"g{i:03d}-c{j:02d}"
        lines += [f"{hashes} {num} {_sentence(txt, pool, 3)} {{#{cid}}}", ""]
        days = rng.choice([5, 7, 10, 14, 28, 30])
        body = f"{_sentence(txt, pool, per_clause // 2)} {days} {UNIT[loc]} {MUST[loc]} {_sentence(txt, pool, per_clause // 2)}."
        if j > 1 and rng.random() < 0.5:
            target = f"g{i:03d}-c{rng.randint(1, j - 1):02d}"
            body += f" [{_sentence(txt, pool, 2)}](#{target})" if plain else f" [[{target}]]"
        lines += [body, ""]
        kind = rng.random()
        if kind < 0.15:
            lines += ["| A | B | C |", "|---|---|---|"] + [f"| {_sentence(txt, pool, 2)} | {rng.randint(1, 99)} | x |"
                                                           for _ in range(3)] + [""]
        elif kind < 0.3:
            lines += [f"- [ ] {_sentence(txt, pool, 5)}" for _ in range(3)] + [""]
        elif kind < 0.4:
            lines += [f'!!! korea "{KOREA[loc]}"', f"    {_sentence(txt, pool, 25)} 0.075 %.", ""]
    return "\n".join(lines) + "\n"


def lines_title(rng, pool):
    return _sentence(rng, pool, 3)


MKDOCS_COMMON = """
theme:
  name: material
  language: es
  font: false
markdown_extensions:
  - toc:
      permalink: "¶"
      slugify: !!python/object/apply:pymdownx.slugs.slugify {kwds: {case: lower}}
  - attr_list
  - md_in_html
  - admonition
  - footnotes
  - tables
  - abbr
  - pymdownx.details
  - pymdownx.superfences
  - pymdownx.tasklist:
      custom_checkbox: true
"""

I18N = """  - i18n:
      docs_structure: folder
      fallback_to_default: false
      languages:
        - {locale: es, name: Español, default: true, build: true}
        - {locale: en, name: English, build: true}
        - {locale: ko, name: 한국어, build: true}
"""


def write_projects(dest: Path, pages: int, words: int, clauses: int, seed: int = 1) -> tuple[Path, Path]:
    """Write the cmg project and the anchor project; return their roots."""
    pools = word_pools()
    ours, anchor = dest / "ours", dest / "anchor"
    for root in (ours, anchor):
        if root.exists():
            shutil.rmtree(root)
    nav = "nav:\n  - index.md\n" + "".join(f"  - g{i:03d}/index.md\n" for i in range(1, pages + 1))
    for loc in LOCALES:
        for root in (ours, anchor):
            (root / "docs" / loc).mkdir(parents=True, exist_ok=True)
            (root / "docs" / loc / "index.md").write_text(f"# Home {loc}\n\nSynthetic corpus.\n", encoding="utf-8")
        for i in range(1, pages + 1):
            text = page_text(i, loc, clauses, words, pools, seed, plain=False)
            folder = ours / ("guides" if loc == "en" else f"translations/{loc}") / f"g{i:03d}"
            folder.mkdir(parents=True, exist_ok=True)
            (folder / "index.md").write_text(text, encoding="utf-8")
            plain = anchor / "docs" / loc / f"g{i:03d}"
            plain.mkdir(parents=True, exist_ok=True)
            (plain / "index.md").write_text(page_text(i, loc, clauses, words, pools, seed, plain=True), encoding="utf-8")
    shutil.copy2(ROOT / "translations" / "termbase.yml", ours / "translations" / "termbase.yml")
    shutil.copytree(ROOT / "overrides", ours / "overrides")
    (ours / "mkdocs.yml").write_text(
        "site_name: Bench\nsite_url: http://127.0.0.1:8000/\ndocs_dir: docs\n"
        + MKDOCS_COMMON.replace("  font: false\n", "  font: false\n  custom_dir: overrides\n")
        + "plugins:\n  - search\n  - cmg:\n      source_locale: en\n      pdf: false\n"
        + "      cache_dir: !ENV [CMG_CACHE_DIR, .cache/cmg]\n" + I18N + nav, encoding="utf-8")
    (anchor / "mkdocs.yml").write_text(
        "site_name: Bench\nsite_url: http://127.0.0.1:8000/\ndocs_dir: docs\n" + MKDOCS_COMMON + "plugins:\n  - search\n"
        + I18N + nav, encoding="utf-8")
    return ours, anchor
