"""Translator commands (status, sync, mark, new-locale): I/O around the pure edits in :mod:`cmg.edits`."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from .edits import MARKER, record_lines, sync_lines
from .freshness import FileState, file_state, fingerprint, recorded
from .fsio import ConcurrentEditError, TextFile, WriteFailedError, read_text_file, unchanged_since, write_text_file
from .model import GuideFile
from .parse import parse_guide_text
from .project import BCP47, ConfigError, Project
from .validate import Corpus, load_corpus

KNOWN_NAMES = {"pt": "Português", "fr": "Français", "ht": "Kreyòl ayisyen", "de": "Deutsch", "it": "Italiano",
               "es": "Español", "en": "English", "ko": "한국어", "ja": "日本語", "zh": "中文", "nl": "Nederlands"}


@dataclass
class Change:
    path: Path
    rel: str
    before: str | None
    after: str

    def diff(self) -> str:
        a = (self.before or "").splitlines(keepends=True)
        b = self.after.splitlines(keepends=True)
        return "".join(difflib.unified_diff(a, b, f"a/{self.rel}" if self.before is not None else "/dev/null",
                                            f"b/{self.rel}"))


def _tr_path(project: Project, locale: str, rel: str) -> Path:
    return project.locale_dir(locale) / rel


def translation_status(project: Project, corpus: Corpus | None = None, locales: list[str] | None = None,
                       memo: dict | None = None) -> list[FileState]:
    """Clause freshness of every translation. With ``memo`` (kept between the rebuilds of a preview),
    a pair of parsed files seen before — the same objects, as the ParseCache returns for unchanged
    files — is not worked out again."""
    corpus = corpus or load_corpus(project)
    out = []
    seen = {}
    for locale in locales or project.target_locales:
        for src in corpus.source_files():
            tr = corpus.get(locale, src.rel)
            hit = memo.get((locale, src.rel)) if memo is not None else None
            if hit is not None and hit[0] is src and hit[1] is tr:
                state = hit[2]
            else:
                tr_path = tr.path if tr is not None else project.rel(_tr_path(project, locale, src.rel))
                state = file_state(src, tr, locale, tr_path)
            seen[(locale, src.rel)] = (src, tr, state)
            out.append(state)
    if memo is not None:
        memo.clear()
        memo.update(seen)
    return out


def _parse(tf: TextFile, project: Project, locale: str, rel: str) -> GuideFile:
    return parse_guide_text(tf.text(), path=project.rel(tf.path), locale=locale, guide=rel.split("/")[0], rel=rel)


def apply_changes(changes: list[Change]) -> None:
    """Write every change, each atomically, none over an edit made after the command read the file:
    all are checked before the first write, and each again just before its rename
    (:class:`~cmg.fsio.ConcurrentEditError` names the file, and the files already written)."""
    for ch in changes:
        unchanged_since(ch.path, ch.before, ch.rel)
    written: list[str] = []
    for ch in changes:
        bom = False
        if ch.before is not None and ch.path.exists():
            bom = read_text_file(ch.path).bom
        try:
            write_text_file(TextFile(ch.path, [ch.after], bom),
                            precondition=lambda ch=ch: unchanged_since(ch.path, ch.before, ch.rel))
        except ConcurrentEditError as exc:
            done = f" Already written: {', '.join(written)}." if written else ""
            raise ConcurrentEditError(f"{exc}.{done}") from None
        except OSError as exc:
            done = f" Already written: {', '.join(written)}." if written else " Nothing was written."
            rest = [c.rel for c in changes[len(written) + 1:]]
            left = f" Not written (left as they were): {', '.join(rest)}." if rest else ""
            raise WriteFailedError(f"{ch.rel}: not written: {exc.strerror or exc}; the file is as it was "
                                   f"before.{done}{left} Free some space (or fix the permissions) and run "
                                   "the command again") from None
        written.append(ch.rel)


def resolve_target(project: Project, locale: str, target: str) -> tuple[str, str | None]:
    """PATH[#CLAUSE] → (rel inside the guide tree, clause id or None). PATH may be the translation,
    the source file, the guide folder or the path inside the guide tree."""
    path, _, clause = target.partition("#")
    p = path.strip().rstrip("/")
    for base in (project.locale_dir(locale), project.locale_dir(project.source_locale)):
        for cand in (Path(p), project.root / p):
            try:
                rel = cand.resolve().relative_to(base.resolve()).as_posix()
            except (ValueError, OSError):
                continue
            if rel and not rel.endswith(".md"):
                rel = f"{rel}/index.md"
            return rel, clause or None
    if p.endswith(".md"):
        return p, clause or None
    return f"{p}/index.md", clause or None


class MarkRefused(Exception):
    """`cmg mark` will not write: the reasons, one per target or clause, each naming the file and line."""

    def __init__(self, reasons: list[str]):
        super().__init__("; ".join(reasons))
        self.reasons = reasons


def _same_text(a, b) -> bool:
    return [t.text for t in a.text] == [t.text for t in b.text]


def plan_marks(project: Project, locale: str, targets: list[str], mark_all: bool = False) -> tuple[list[Change], list[str]]:
    """Record the current source fingerprints for the named clauses (``PATH#CLAUSE``), or for every clause
    of the named files when ``mark_all``. Every target is checked before anything is planned: any
    problem raises :class:`MarkRefused` with every reason, and nothing is written."""
    wanted: dict[str, list[str] | None] = {}  # rel -> clause ids (None: the whole file)
    reasons: list[str] = []
    for target in targets:
        rel, clause_id = resolve_target(project, locale, target)
        if target.rstrip().endswith("#"):
            reasons.append(f"'{target}': no clause ID after '#' (write PATH#CLAUSE-ID)")
            continue
        if clause_id is None and not mark_all:
            reasons.append(f"'{target}' names no clause: it would mark every clause of {rel}. Name the clauses "
                           f"as PATH#CLAUSE-ID (in quotes, or with no space before '#': the shell drops what follows "
                           f"' #'), or add --all to mark the whole file")
            continue
        if clause_id is None:
            wanted[rel] = None
        elif rel not in wanted or wanted[rel] is not None:
            wanted.setdefault(rel, [])
            if clause_id not in wanted[rel]:
                wanted[rel].append(clause_id)
    if reasons:
        raise MarkRefused(reasons)
    changes, notes = [], []
    for rel, ids in wanted.items():
        change, file_notes, file_reasons = _plan_mark_file(project, locale, rel, ids)
        reasons += file_reasons
        notes += file_notes
        if change:
            changes.append(change)
    if reasons:
        raise MarkRefused(reasons)
    return changes, notes


def plan_mark(project: Project, locale: str, target: str) -> tuple[list[Change], list[str]]:
    """One target (``PATH`` marks the whole file, as ``--all``)."""
    return plan_marks(project, locale, [target], mark_all=True)


def _plan_mark_file(project: Project, locale: str, rel: str, ids: list[str] | None):
    src_path = project.locale_dir(project.source_locale) / rel
    tr_path = _tr_path(project, locale, rel)
    if not src_path.is_file():
        return None, [], [f"no source file {project.rel(src_path)}"]
    if not tr_path.is_file():
        return None, [], [f"{project.rel(tr_path)} does not exist; run `cmg sync {locale}` first"]
    src_tf = read_text_file(src_path, project.rel(src_path))
    src = _parse(src_tf, project, project.source_locale, rel)
    tf = read_text_file(tr_path, project.rel(tr_path))
    tr = _parse(tf, project, locale, rel)
    where = project.rel(tr_path)
    if any(p.code == "CMG002" for p in tr.problems):
        return None, [], [f"{where}: front matter is not valid YAML; fix it before marking"]
    notes, reasons = [], []
    if ids is None:
        chosen = [c for c in src.clauses if c.id]
    else:
        chosen = []
        for cid in ids:
            sc = src.clause(cid)
            if sc is None:
                reasons.append(f"clause '{cid}' does not exist in {project.rel(src_path)}")
            else:
                chosen.append(sc)
    prints = {}
    for sc in chosen:
        tc = tr.clause(sc.id)
        if tc is None:
            msg = f"{where}: clause '{sc.id}' is not in the translation (run `cmg sync {locale}`)"
            (reasons if ids is not None else notes).append(msg + ("" if ids is not None else "; not marked"))
        elif tc.body.untranslated_marker:
            msg = (f"{where}:{tc.line}: clause '{sc.id}' is still marked untranslated ('{MARKER}'): "
                   f"translate it and delete the marker line, then mark it")
            if ids is not None or not _same_text(sc.body, tc.body):
                reasons.append(msg)  # named, or translated text still under the marker: refuse
            else:
                notes.append(f"{where}:{tc.line}: clause '{sc.id}' is still an untranslated block; not marked")
        else:
            prints[sc.id] = fingerprint(sc)
    if reasons:
        return None, notes, reasons
    # records of clauses that are neither in the source nor in the translation any more
    live = {c.id for c in src.clauses if c.id} | {c.id for c in tr.clauses if c.id}
    stale = [cid for cid in recorded(tr) if cid not in live]
    if not prints and not stale:
        return None, notes, []
    try:
        new = record_lines(tf.lines, prints, [c.id for c in src.clauses if c.id], drop=stale)
    except ValueError:
        return None, notes, [f"{where}: has no front matter; add it (copy the source's) first"]
    if new == tf.lines:
        return None, notes, []
    return Change(tr_path, where, tf.text(), "".join(new)), notes, []


# ---------------------------------------------------------------- new locale


def _yaml_scalar(value: str) -> str:
    """``value`` as one YAML scalar, written by the YAML emitter (quoted when it must be: `Português:
    Brasil`, a leading `*`, a newline…), so that what is written reads back as exactly ``value``."""
    text = yaml.safe_dump([str(value)], default_flow_style=True, allow_unicode=True, width=10**9).strip()
    return text[1:-1]


def _insert_language(config_text: str, code: str, name: str) -> str:
    """Add a language entry to plugins.i18n.languages by inserting lines: comments and layout stay."""
    lines = config_text.splitlines(keepends=True)
    nl = "\r\n" if config_text.count("\r\n") > config_text.count("\n") / 2 else "\n"
    i18n_at = next((i for i, ln in enumerate(lines) if re.match(r"^\s*-\s*i18n\s*:\s*$", ln.rstrip("\r\n"))), None)
    if i18n_at is None:
        raise ConfigError("mkdocs.yml has no `- i18n:` plugin entry to add the locale to")
    lang_at = next((i for i in range(i18n_at + 1, len(lines)) if re.match(r"^\s*languages\s*:\s*$", lines[i].rstrip("\r\n"))), None)
    if lang_at is None:
        raise ConfigError("mkdocs.yml's i18n plugin has no `languages:` list")
    key_indent = len(lines[lang_at]) - len(lines[lang_at].lstrip())
    item_indent = None
    end = len(lines)
    for i in range(lang_at + 1, len(lines)):
        s = lines[i].rstrip("\r\n")
        if not s.strip() or s.lstrip().startswith("#"):
            continue
        ind = len(s) - len(s.lstrip())
        if ind <= key_indent and not (ind == key_indent and s.lstrip().startswith("- ")):
            end = i
            break
        if item_indent is None and s.lstrip().startswith("- "):
            item_indent = ind
    item_indent = item_indent if item_indent is not None else key_indent + 2
    # back over trailing blank lines so the entry joins the list
    while end > lang_at + 1 and not lines[end - 1].strip():
        end -= 1
    pad = " " * item_indent
    entry = [f"{pad}- locale: {_yaml_scalar(code)}{nl}", f"{pad}  name: {_yaml_scalar(name)}{nl}", f"{pad}  build: true{nl}"]
    if end > 0 and not lines[end - 1].endswith(("\n", "\r")):
        lines[end - 1] += nl
    return "".join(lines[:end] + entry + lines[end:])


def plan_new_locale(project: Project, code: str, name: str | None = None) -> list[Change]:
    if not BCP47.fullmatch(code):
        raise ConfigError(f"{code!r} is not a locale code: a BCP 47 language tag such as 'pt' or 'pt-BR' is needed")
    if name is not None and (not name.strip() or any(ch in name for ch in "\r\n\x00")):
        raise ConfigError(f"{name!r} is not a language name: one line of text is needed")
    if code in project.locales:
        raise ConfigError(f"locale '{code}' is already configured in mkdocs.yml")
    changes: list[Change] = []
    cfg = project.config_file
    before = cfg.read_text(encoding="utf-8-sig")
    changes.append(Change(cfg, project.rel(cfg), before, _insert_language(before, code, name or KNOWN_NAMES.get(code, code))))
    # guide translations: every file, every clause as an untranslated block
    corpus = load_corpus(project, locales=[project.source_locale])
    for src in corpus.source_files():
        path = _tr_path(project, code, src.rel)
        if path.exists():
            continue
        src_tf = read_text_file(project.root / src.path, src.path)
        changes.append(Change(path, project.rel(path), None, "".join(sync_lines(src, src_tf.lines, None, None))))
    # the site's own pages, copied from the source locale with the untranslated marker
    docs_src = project.root / project.docs_dir / project.source_locale
    docs_dst = project.root / project.docs_dir / code
    for page in sorted(docs_src.rglob("*.md")) if docs_src.is_dir() else []:
        dst = docs_dst / page.relative_to(docs_src)
        if dst.exists():
            continue
        tf = read_text_file(page, project.rel(page))
        changes.append(Change(dst, project.rel(dst), None, _mark_page(tf.lines)))
    return changes


def _mark_page(lines: list[str]) -> str:
    nl = "\n"
    out = list(lines)
    insert_at = 0
    if out and out[0].strip() == "---":
        for i in range(1, len(out)):
            if out[i].strip() in ("---", "..."):
                insert_at = i + 1
                break
    out[insert_at:insert_at] = [nl, MARKER + nl, nl]
    return "".join(out)
