"""What a translation was made from: the source clause's text at the time it was marked, and a word diff.

A translation records the fingerprint of each source clause it was translated from (``translated_from``),
not its text. To show a translator *what* changed, the text is kept too, content-addressed by that
fingerprint: ``translations/.source-texts/<fingerprint>.md`` holds the source clause (heading and body)
exactly as it was. ``cmg mark``, ``cmg import`` and every command that records a fingerprint add the file
when it is missing; the files never change (same fingerprint, same text), so they merge without
conflicts and are shared by every locale. For a fingerprint recorded before the store existed, git
history is searched (:mod:`cmg.exchange.history`'s approach: the newest commit of the source file in
which the clause has that fingerprint).

:func:`previous_source` finds the old text; :func:`word_diff` compares it with the current one word by
word; :func:`diff_text` and :func:`diff_html` show the result in a terminal and on the site.
"""

from __future__ import annotations

import difflib
import html
import re
from dataclasses import dataclass
from pathlib import Path

from .freshness import fingerprint, recorded
from .model import Clause, GuideFile

STORE = ".source-texts"  # inside the translations folder
_FP = re.compile(r"^[0-9a-f]{12}$")
MAX_COMMITS = 200


def store_dir(project) -> Path:
    return project.root / project.translations_dir / STORE


def clause_text(clause: Clause) -> str:
    """What is kept of a source clause: its raw Markdown, heading line included."""
    return clause.body.raw.rstrip("\n") + "\n"


def store_changes(project, clauses: list[Clause]) -> list:
    """Changes that add the text of each clause to the store, for those not kept yet."""
    from .workflow import Change

    out, seen = [], set()
    for c in clauses:
        fp = fingerprint(c)
        path = store_dir(project) / f"{fp}.md"
        if fp in seen or path.exists():
            continue
        seen.add(fp)
        out.append(Change(path, project.rel(path), None, clause_text(c)))
    return out


def stored_text(project, fp: str) -> str | None:
    if not _FP.match(fp or ""):
        return None
    path = store_dir(project) / f"{fp}.md"
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


@dataclass
class Previous:
    text: str  # the source clause's Markdown as it was translated
    origin: str  # "store" or "git <commit>"


def _git_text(project, source_path: str, cid: str, fp: str) -> Previous | None:
    from .exchange.history import _git
    from .parse import decode, parse_guide_text

    log = _git(project.root, "log", f"--max-count={MAX_COMMITS}", "--format=%H", "--", source_path)
    if not log:
        return None
    for commit in log.decode().split():
        data = _git(project.root, "show", f"{commit}:{source_path}")
        if data is None:
            continue
        text, _bom, problem = decode(data)
        if problem or text is None:
            continue
        old = parse_guide_text(text, path=source_path, locale=project.source_locale, guide="", rel="")
        for c in old.clauses:
            if fingerprint(c) == fp:  # the same text, under this ID or another (renamed since)
                return Previous(clause_text(c), f"git {commit[:10]}")
    return None


def previous_source(project, src: GuideFile, tr: GuideFile, cid: str, history: bool = True) -> Previous | None:
    """The source text clause ``cid`` of ``tr`` was translated from, or None when its record has no
    kept text (and git history, when asked, has none either)."""
    fp = recorded(tr).get(cid)
    if not fp:
        return None
    text = stored_text(project, fp)
    if text is not None:
        return Previous(text, "store")
    return _git_text(project, src.path, cid, fp) if history else None


# ---------------------------------------------------------------- word diff

_TOKEN = re.compile(r"\s+|\w+|[^\w\s]", re.UNICODE)


class _WordMatcher(difflib.SequenceMatcher):
    """difflib's matcher without junk (``autojunk=False``), with the same matching blocks, found faster.

    Without junk, :meth:`find_longest_match` returns the longest block ``a[i:i+k] == b[j:j+k]`` in the
    range, the earliest in ``a`` and then in ``b`` among the longest (difflib's documented contract). Its
    loop visits every pair of equal tokens, and the one-space token is in nearly every other place: a
    clause of 70 words costs thousands of visits per call. A revised clause mostly keeps its start or
    its end, so the range's common prefix or suffix (length ``n``) is a lower bound: when no window of
    ``n + 1`` tokens of ``a`` is in ``b`` the longest blocks have ``n`` tokens, and the first window of
    ``a`` of that length that ``b`` has, at its first place in ``b``, is difflib's answer. Otherwise, or
    with no common prefix or suffix, difflib's own search decides."""

    def __init__(self, a, b):
        super().__init__(None, a, b, autojunk=False)

    def find_longest_match(self, alo=0, ahi=None, blo=0, bhi=None):
        a, b = self.a, self.b
        ahi = len(a) if ahi is None else ahi
        bhi = len(b) if bhi is None else bhi
        span = min(ahi - alo, bhi - blo)
        head = 0
        while head < span and a[alo + head] == b[blo + head]:
            head += 1
        tail = 0
        while tail < span and a[ahi - 1 - tail] == b[bhi - 1 - tail]:
            tail += 1
        n = max(head, tail)
        if n == 0 or (n < span and _share_window(a, alo, ahi, b, blo, bhi, n + 1)):
            return super().find_longest_match(alo, ahi, blo, bhi)
        first_in_b: dict[tuple, int] = {}
        for j in range(blo, bhi - n + 1):
            first_in_b.setdefault(tuple(b[j:j + n]), j)
        for i in range(alo, ahi - n + 1):
            j = first_in_b.get(tuple(a[i:i + n]))
            if j is not None:
                return difflib.Match(i, j, n)
        raise AssertionError("a common prefix or suffix is a window of both")  # pragma: no cover


def _share_window(a, alo: int, ahi: int, b, blo: int, bhi: int, n: int) -> bool:
    """Whether some ``n`` consecutive tokens of ``a[alo:ahi]`` are also consecutive in ``b[blo:bhi]``."""
    windows = {tuple(b[j:j + n]) for j in range(blo, bhi - n + 1)}
    return any(tuple(a[i:i + n]) in windows for i in range(alo, ahi - n + 1))


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """(op, text) pieces: op is "=" (kept), "-" (removed) or "+" (added). White space is collapsed, so a
    re-wrapped paragraph shows no change (as the fingerprint ignores it)."""
    a = _TOKEN.findall(" ".join(old.split()))
    b = _TOKEN.findall(" ".join(new.split()))
    out: list[tuple[str, str]] = []

    def put(op: str, text: str) -> None:
        if not text:
            return
        if out and out[-1][0] == op:
            out[-1] = (op, out[-1][1] + text)
        else:
            out.append((op, text))

    for tag, i1, i2, j1, j2 in _WordMatcher(a, b).get_opcodes():
        if tag == "equal":
            put("=", "".join(a[i1:i2]))
        else:
            put("-", "".join(a[i1:i2]))
            put("+", "".join(b[j1:j2]))
    return out


def changed(pieces: list[tuple[str, str]]) -> bool:
    return any(op != "=" for op, _ in pieces)


def diff_text(pieces: list[tuple[str, str]], color: bool = False) -> str:
    """``[-removed-]{+added+}`` as ``git diff --word-diff=plain`` writes it (in colour if asked)."""
    out = []
    for op, text in pieces:
        if op == "=":
            out.append(text)
        elif op == "-":
            out.append(f"\x1b[31m[-{text}-]\x1b[0m" if color else f"[-{text}-]")
        else:
            out.append(f"\x1b[32m{{+{text}+}}\x1b[0m" if color else f"{{+{text}+}}")
    return "".join(out)


def diff_html(pieces: list[tuple[str, str]]) -> str:
    """The pieces as escaped HTML: ``<del>`` and ``<ins>`` around what changed."""
    out = []
    for op, text in pieces:
        t = html.escape(text)
        out.append(t if op == "=" else f"<del>{t}</del>" if op == "-" else f"<ins>{t}</ins>")
    return "".join(out)


def with_source_texts(project, changes: list) -> list:
    """``changes`` plus the store files for every fingerprint the changed translations record that is the
    current source clause's (so the text it stands for is the one on disk, or in ``changes``) and not kept
    yet. Called by every command that writes translations, so that ``cmg diff`` can later show the change."""
    from .parse import parse_guide_text

    src_root = project.locale_dir(project.source_locale)
    planned = {Path(ch.path).resolve(): ch.after for ch in changes}
    sources: dict[str, GuideFile | None] = {}

    def source(rel: str) -> GuideFile | None:
        if rel not in sources:
            path = (src_root / rel).resolve()
            text = planned.get(path)
            if text is None:
                try:
                    text = path.read_text(encoding="utf-8-sig")
                except (OSError, UnicodeDecodeError):
                    text = None
            sources[rel] = None if text is None else parse_guide_text(
                text, path=project.rel(path), locale=project.source_locale, guide=rel.split("/")[0], rel=rel)
        return sources[rel]

    clauses = []
    for ch in changes:
        path = Path(ch.path).resolve()
        for locale in project.target_locales:
            base = project.locale_dir(locale).resolve()
            if path.suffix == ".md" and base in path.parents:
                rel = path.relative_to(base).as_posix()
                tr = parse_guide_text(ch.after, path=ch.rel, locale=locale, guide=rel.split("/")[0], rel=rel)
                src = source(rel)
                for cid, fp in recorded(tr).items():
                    sc = src.clause(cid) if src is not None else None
                    if sc is not None and fingerprint(sc) == fp:
                        clauses.append(sc)
    return list(changes) + store_changes(project, clauses)


@dataclass
class ClauseDiff:
    locale: str
    clause_id: str
    translation: str  # path of the translation
    source: str  # path:line of the source clause
    state: str  # translated | outdated | untranslated | missing
    reason: str  # of an outdated clause (freshness.CHANGED / UNMARKED)
    summary: str  # one line: what the translator is looking at
    pieces: list[tuple[str, str]] | None = None  # the word diff, when the old text is known
    origin: str = ""  # where the old text came from


def clause_diff(project, locale: str, target: str) -> ClauseDiff:
    """What changed in the source of one translated clause since it was translated (``cmg diff``)."""
    from .freshness import CHANGED, OUTDATED, TRANSLATED, UNMARKED, file_state
    from .fsio import read_text_file
    from .parse import parse_guide_text
    from .project import ConfigError
    from .workflow import resolve_target

    rel, cid = resolve_target(project, locale, target)
    if not cid:
        raise ConfigError(f"'{target}' names no clause: write PATH#CLAUSE-ID (quoted, or with no space before '#')")
    src_path = project.locale_dir(project.source_locale) / rel
    tr_path = project.locale_dir(locale) / rel
    if not src_path.is_file():
        raise ConfigError(f"no source file {project.rel(src_path)}")
    gfs = []
    for path, loc in ((src_path, project.source_locale), (tr_path, locale)):
        if not path.is_file():
            gfs.append(None)
            continue
        tf = read_text_file(path, project.rel(path))
        gfs.append(parse_guide_text(tf.text(), path=project.rel(path), locale=loc, guide=rel.split("/")[0], rel=rel))
    src, tr = gfs
    sc = src.clause(cid)
    if sc is None:
        raise ConfigError(f"clause '{cid}' does not exist in {src.path}")
    fs = file_state(src, tr, locale, project.rel(tr_path))
    cs = next(c for c in fs.clauses if c.clause_id == cid)
    where = f"{src.path}:{sc.line}"
    out = ClauseDiff(locale, cid, fs.path, where, cs.state, cs.reason, "")
    if cs.state == TRANSLATED:
        out.summary = f"{fs.path}:{cs.line}: '{cid}' is up to date: the source has not changed since it was translated"
    elif cs.state != OUTDATED:
        out.summary = f"{fs.path}: '{cid}' is {cs.state}: there is no translation to compare (`cmg sync {locale}` adds it)"
    elif cs.reason == UNMARKED:
        out.summary = (f"{fs.path}:{cs.line}: '{cid}' was never marked as translated (no translated_from record), so "
                       f"there is no earlier source text to compare: check the whole clause against {where}, then "
                       f"`cmg mark {locale} '{fs.path}#{cid}'`")
    else:
        prev = previous_source(project, src, tr, cid)
        if prev is None:
            out.summary = (f"{fs.path}:{cs.line}: the source of '{cid}' changed since it was translated, but the text "
                           f"it was translated from is not kept (marked before cmg kept source texts, and no git "
                           f"commit has it): compare with {where} by eye")
        else:
            out.pieces, out.origin = word_diff(prev.text, clause_text(sc)), prev.origin
            assert cs.reason == CHANGED
            out.summary = (f"{fs.path}:{cs.line}: the source of '{cid}' ({where}) changed since it was translated "
                           f"(earlier text from {prev.origin}); [-removed-] {{+added+}}:")
    return out


def page_changes(project, src: GuideFile, tr: GuideFile, ids: set[str]
                 ) -> dict[str, tuple[str, list[tuple[str, str]] | None]]:
    """For a translated page's outdated clauses ``ids``: id → (why it is outdated, the word diff of its
    source when the earlier text is known). ``src`` and ``tr`` are the page's source and translation as
    parsed for the build (its corpus: full parses, front matter included), not read and parsed again:
    a page with outdated clauses paid for a second parse of both files (half of a locale's notice cost on
    a corpus mid-translation)."""
    from .freshness import CHANGED, UNMARKED

    out: dict[str, tuple[str, list[tuple[str, str]] | None]] = {}
    rec = recorded(tr)
    for cid in ids:
        sc = src.clause(cid)
        if sc is None:
            continue
        if cid not in rec:
            out[cid] = (UNMARKED, None)
            continue
        prev = previous_source(project, src, tr, cid)
        if prev is None:
            out[cid] = (CHANGED, None)
            continue
        new = clause_text(sc)
        pieces = _KEPT_DIFFS.get((prev.text, new))
        out[cid] = (CHANGED, pieces if pieces is not None else word_diff(prev.text, new))
    return out


# the word diffs of the outdated clauses, worked out by `cmg build` before it forks the locales' builds
# (keep_word_diffs): a diff depends on the source's texts only, and every translation locale shows it
_KEPT_DIFFS: dict[tuple[str, str], list[tuple[str, str]]] = {}


def keep_word_diffs(project, corpus, states) -> None:
    """Work out once the word diff of every outdated clause of ``states`` (translation_status) whose
    earlier text is kept in the store, for :func:`page_changes` in each locale's build (which inherits
    them)."""
    from .freshness import CHANGED, OUTDATED

    _KEPT_DIFFS.clear()
    for fs in states:
        ids = [c.clause_id for c in fs.clauses if c.state == OUTDATED and c.reason == CHANGED]
        src = corpus.get(project.source_locale, fs.rel) if ids else None
        tr = corpus.get(fs.locale, fs.rel) if ids else None
        if src is None or tr is None:
            continue
        for cid in ids:
            sc = src.clause(cid)
            # kept texts only: an earlier text found in git history is looked for by the page's build, as before
            prev = previous_source(project, src, tr, cid, history=False) if sc is not None else None
            if prev is not None:
                key = (prev.text, clause_text(sc))
                if key not in _KEPT_DIFFS:
                    _KEPT_DIFFS[key] = word_diff(*key)


def changes_html(pieces: list[tuple[str, str]], label: str, locale: str, source_locale: str) -> str:
    """A folded block for the site: what the source change was, removed words struck through."""
    return (f'<details class="cmg-changes"><summary lang="{html.escape(locale)}">{html.escape(label)}</summary>'
            f'<p lang="{html.escape(source_locale)}">{diff_html(pieces)}</p></details>')
