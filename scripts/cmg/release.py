"""``cmg release GUIDE VERSION``: a guide's version in every locale, and the record of what changed.

Each release is recorded in ``releases/<guide>.yml`` (tool-owned, merge-friendly: one entry appended per
release): its version, date, a snapshot of every clause (number, title, fingerprint), and what changed
since the previous release: clauses added, changed (their text), renamed (the source's
``clause_aliases``), moved in from another guide or out to one (``moved_clauses`` and the other guides'
snapshots), and removed. From that record it writes a "what changed" page per locale
(``docs/<locale>/whats-new/<guide>.md``), with each clause's number and title in that locale and a
link to it; the site marks each clause changed in the latest release at the clause itself
(:func:`changed_in_latest`).

The first release recorded for a guide is its baseline: every clause is listed as in it, none as added.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from .edits import _front_matter_span
from .freshness import fingerprint
from .fsio import read_text_file
from .lifecycle_edits import clause_aliases, moved_clauses
from .model import GuideFile
from .parse import parse_guide_text
from .project import ConfigError, Project
from .workflow import Change

RELEASES_DIR = "releases"
PAGES_DIR = "whats-new"
_SEMVER = re.compile(r"^(\d+)\.(\d+)\.(\d+)$")
KINDS = ("added", "changed", "renamed", "moved_in", "moved_out", "removed")

TEXT = {
    "en": {"title": "What changed: Guide {n}, {guide}", "intro": "The clauses added, changed, renamed, moved or removed "
           "in each version of this guide, newest first.", "version": "Version {v} ({d})",
           "baseline": "First version recorded: {count} clauses.", "added": "Added", "changed": "Changed",
           "renamed": "Renamed (old links still work)", "moved_in": "Moved here from another guide",
           "moved_out": "Moved to another guide", "removed": "Removed", "nothing": "No clause changed.",
           "badge": "Changed in version {v}", "was": "formerly"},
    "es": {"title": "Qué cambió: Guía {n}, {guide}", "intro": "Las cláusulas agregadas, modificadas, renombradas, "
           "trasladadas o eliminadas en cada versión de esta guía, de la más reciente a la más antigua.",
           "version": "Versión {v} ({d})", "baseline": "Primera versión registrada: {count} cláusulas.",
           "added": "Agregadas", "changed": "Modificadas", "renamed": "Con otro identificador (los enlaces anteriores "
           "siguen funcionando)", "moved_in": "Trasladadas desde otra guía", "moved_out": "Trasladadas a otra guía",
           "removed": "Eliminadas", "nothing": "Ninguna cláusula cambió.", "badge": "Modificada en la versión {v}",
           "was": "antes"},
    "ko": {"title": "변경 내역: 지침 {n}, {guide}", "intro": "이 지침의 각 판에서 추가, 변경, 식별자 변경, 이동 또는 삭제된 "
           "조항입니다. 최신 판부터 표시합니다.", "version": "{v}판 ({d})", "baseline": "처음 기록된 판: 조항 {count}개.",
           "added": "추가", "changed": "변경", "renamed": "식별자 변경(이전 링크도 작동)", "moved_in": "다른 지침에서 이동해 옴",
           "moved_out": "다른 지침으로 이동", "removed": "삭제", "nothing": "변경된 조항이 없습니다.",
           "badge": "{v}판에서 변경", "was": "이전"},
}


def texts(locale: str) -> dict[str, str]:
    return TEXT.get(locale) or TEXT.get(locale.split("-")[0]) or TEXT["en"]


def releases_path(project: Project, guide: str) -> Path:
    return project.root / RELEASES_DIR / f"{guide}.yml"


def read_releases(project: Project, guide: str) -> list[dict]:
    path = releases_path(project, guide)
    if not path.is_file():
        return []
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise ConfigError(f"not valid YAML: {getattr(exc, 'problem', exc)}", project.rel(path),
                          (mark.line + 1) if mark else 1) from None
    rel = data.get("releases") if isinstance(data, dict) else None
    if not isinstance(rel, list) or not all(isinstance(r, dict) and "version" in r for r in rel):
        raise ConfigError("expected 'releases:' as a list of entries with a 'version'", project.rel(path), 1)
    return rel


def snapshot(gf: GuideFile) -> dict[str, dict]:
    return {c.id: {"number": c.number, "title": c.title, "fingerprint": fingerprint(c)} for c in gf.clauses if c.id}


@dataclass
class Delta:
    added: list[str]
    changed: list[str]
    renamed: dict[str, str]
    moved_in: dict[str, str]  # id → the guide it came from
    moved_out: dict[str, str]  # id → the guide it went to
    removed: list[str]


def compare(before: dict[str, dict], now: dict[str, dict], aliases: dict[str, str], moved: dict[str, str],
            elsewhere_before: dict[str, str]) -> Delta:
    """What changed between two snapshots of one guide. ``elsewhere_before``: clause id → the other guide
    whose previous release had it (a clause moved in)."""
    renamed = {old: new for old, new in aliases.items() if old in before and new in now and new not in before}
    moved_out = {cid: g for cid, g in moved.items() if cid in before and cid not in now}
    moved_in = {cid: elsewhere_before[cid] for cid in now if cid not in before and cid in elsewhere_before
                and cid not in renamed.values()}
    added = [cid for cid in now if cid not in before and cid not in renamed.values() and cid not in moved_in]
    removed = [cid for cid in before if cid not in now and cid not in renamed and cid not in moved_out]
    changed = []
    for cid, snap in now.items():
        old = before.get(cid) or before.get(next((o for o, n in renamed.items() if n == cid), ""), None)
        if old and old.get("fingerprint") != snap["fingerprint"]:
            changed.append(cid)
    return Delta(added, changed, renamed, moved_in, moved_out, removed)


def _bump_version(lines: list[str], version: str) -> list[str]:
    span = _front_matter_span(lines)
    if span is None:
        raise ValueError("no front matter")
    out = list(lines)
    for i in range(span[0] + 1, span[1]):
        m = re.match(r"^version\s*:", out[i])
        if m:
            body = out[i].rstrip("\r\n")
            out[i] = f"version: {version}" + out[i][len(body):]
            return out
    nl = "\r\n" if out and out[0].endswith("\r\n") else "\n"
    out.insert(span[1], f"version: {version}{nl}")
    return out


def _version_key(v: str) -> tuple[int, ...]:
    m = _SEMVER.match(str(v))
    return tuple(int(x) for x in m.groups()) if m else (-1,)


def _parse(project: Project, locale: str, rel: str) -> tuple[GuideFile, list[str], str] | None:
    path = project.locale_dir(locale) / rel
    if not path.is_file():
        return None
    tf = read_text_file(path, project.rel(path))
    gf = parse_guide_text(tf.text(), path=project.rel(path), locale=locale, guide=rel.split("/")[0], rel=rel)
    return gf, tf.lines, tf.text()


def plan_release(project: Project, guide: str, version: str, today: str = "") -> tuple[list[Change], list[str]]:
    today = today or datetime.date.today().isoformat()
    if not _SEMVER.match(version):
        raise ConfigError(f"'{version}' is not a version: write MAJOR.MINOR.PATCH, e.g. 1.1.0")
    rel = f"{guide}/index.md"
    parsed = _parse(project, project.source_locale, rel)
    if parsed is None:
        known = sorted(p.name for p in project.locale_dir(project.source_locale).iterdir() if (p / "index.md").is_file())
        raise ConfigError(f"no guide '{guide}' under {project.rel(project.locale_dir(project.source_locale))}/ "
                          f"({', '.join(known)})")
    src, src_lines, src_text = parsed
    current = str((src.meta or {}).get("version", ""))
    history = read_releases(project, guide)
    last = history[-1] if history else None
    floor = max([_version_key(current)] + ([_version_key(last["version"])] if last else []))
    if _version_key(version) <= floor and not (not last and version == current):
        raise ConfigError(f"version {version} is not after {last['version'] if last else current} "
                          f"(the guide's last release); choose a higher one")
    now = snapshot(src)
    elsewhere: dict[str, str] = {}
    for other in sorted(project.locale_dir(project.source_locale).iterdir()):
        if other.name != guide and releases_path(project, other.name).is_file():
            rels = read_releases(project, other.name)
            if rels:
                for cid in (rels[-1].get("clauses") or {}):
                    elsewhere[cid] = other.name
    entry: dict = {"version": version, "date": today}
    if last:
        d = compare(last.get("clauses") or {}, now, clause_aliases(src), moved_clauses(src), elsewhere)
        for kind in KINDS:
            value = getattr(d, kind)
            if value:
                entry[kind] = value
    else:
        entry["baseline"] = True
    entry["clauses"] = now
    changes: list[Change] = []
    for locale in project.locales:
        got = (src, src_lines, src_text) if locale == project.source_locale else _parse(project, locale, rel)
        if got is None:
            continue
        gf, lines, text = got
        try:
            new = _bump_version(lines, version)
        except ValueError:
            raise ConfigError("the file has no front matter; add it first", gf.path, 1) from None
        if new != lines:
            changes.append(Change(project.locale_dir(locale) / rel, gf.path, text, "".join(new)))
    path = releases_path(project, guide)
    before = path.read_text(encoding="utf-8") if path.is_file() else None
    head = before if before is not None else (
        f"# Releases of guide '{guide}', written by `cmg release` (newest last). Do not edit by hand.\n"
        f"guide: {guide}\nreleases:\n")
    if not head.endswith("\n"):
        head += "\n"
    block = yaml.safe_dump([entry], allow_unicode=True, sort_keys=False, width=1000)
    changes.append(Change(path, project.rel(path), before, head + block))
    history = [*history, entry]
    for locale in project.locales:
        changes.append(_page_change(project, guide, locale, history))
    summary = ", ".join(f"{len(entry[k])} {k.replace('_', ' ')}" for k in KINDS if k in entry) or (
        "baseline" if "baseline" in entry else "no clause changed")
    notes = [f"guide {guide} {version}: {summary}"]
    page = f"{PAGES_DIR}/{guide}.md"
    if project.nav and page not in str(project.nav):
        notes.append(f"add '{page}' to the nav of {project.rel(project.config_file)} (under 'What changed'): a strict "
                     "build warns about a page outside the nav")
    return changes, notes


def _page_change(project: Project, guide: str, locale: str, history: list[dict]) -> Change:
    path = project.root / project.docs_dir / locale / PAGES_DIR / f"{guide}.md"
    before = path.read_text(encoding="utf-8") if path.is_file() else None
    got = _parse(project, locale, f"{guide}/index.md") or _parse(project, project.source_locale, f"{guide}/index.md")
    return Change(path, project.rel(path), before, whats_new_markdown(got[0], guide, locale, history))


def _clause_label(gf: GuideFile, cid: str, snap: dict | None) -> str:
    c = gf.clause(cid)
    if c is not None:
        return f"{c.number} {c.title}".strip()
    return f"{(snap or {}).get('number', '')} {(snap or {}).get('title', cid)}".strip()


def whats_new_markdown(gf: GuideFile, guide: str, locale: str, history: list[dict]) -> str:
    """The "what changed" page of one guide in one locale: each release, newest first."""
    t = texts(locale)
    number = (gf.meta or {}).get("number", "")
    title = gf.title or guide
    out = ["---", f"title: {yaml.safe_dump(t['title'].format(n=number, guide=title), allow_unicode=True).strip()}",
           "---", "", f"# {t['title'].format(n=number, guide=title)}", "", t["intro"], ""]
    link = f"../../{guide}/"

    def item(cid: str, snap: dict | None, live: bool, extra: str = "") -> str:
        label = _clause_label(gf, cid, snap).replace("[", "\\[").replace("]", "\\]")
        text = f"[{label}]({link}#{cid})" if live else label
        return f"- {text} (`{cid}`){extra}"

    for entry in reversed(history):
        out += [f"## {t['version'].format(v=entry['version'], d=entry.get('date', ''))}", ""]
        snaps = entry.get("clauses") or {}
        if entry.get("baseline"):
            out += [t["baseline"].format(count=len(snaps)), ""]
            continue
        wrote = False
        for kind in KINDS:
            value = entry.get(kind)
            if not value:
                continue
            wrote = True
            out += [f"**{t[kind]}**", ""]
            if kind == "renamed":
                out += [item(new, snaps.get(new), True, f", {t['was']} `{old}`") for old, new in value.items()]
            elif kind == "moved_out":
                out += [f"- `{cid}` → [{g}](../../{g}/#{cid})" for cid, g in value.items()]
            elif kind == "removed":
                out += [f"- `{cid}`" for cid in value]
            else:
                out += [item(cid, snaps.get(cid), True) for cid in (value if isinstance(value, list) else list(value))]
            out.append("")
        if not wrote:
            out += [t["nothing"], ""]
    return "\n".join(out).rstrip("\n") + "\n"


def changed_in_latest(project: Project, guide: str) -> tuple[str, set[str]]:
    """The latest release's version and the clauses it added, changed, renamed or moved in (for the badge
    at each such clause); ("", set()) when the guide has no release record."""
    try:
        history = read_releases(project, guide)
    except ConfigError:
        return "", set()
    if not history or history[-1].get("baseline"):
        return "", set()
    e = history[-1]
    ids = set(e.get("added") or []) | set(e.get("changed") or []) | set((e.get("renamed") or {}).values()) | set(
        e.get("moved_in") or {})
    return str(e["version"]), ids


_HEADING_ID = re.compile(r"^#{2,3}[ \t].*\{[^}]*#([a-z0-9-]+)[^}]*\}\s*$")


def changed_badges(markdown: str, ids: set[str], text: str) -> str:
    """After the heading of each clause in ``ids``: a line saying it changed in this release."""
    if not ids:
        return markdown
    import html

    out = []
    fence = None
    for line in markdown.split("\n"):
        out.append(line)
        stripped = line.lstrip()
        if stripped.startswith(("```", "~~~")):
            fence = None if fence and stripped.startswith(fence) else (fence or stripped[:3])
            continue
        m = None if fence else _HEADING_ID.match(line)
        if m and m.group(1) in ids:
            out += ["", f'<p class="cmg-changed-in">{html.escape(text)}</p>', ""]
    return "\n".join(out)
