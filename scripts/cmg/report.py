"""Output formats for findings: text for people, JSON for machines, GitHub annotations for CI."""

from __future__ import annotations

import json
from collections import defaultdict

from .checks import Finding


def log_text(f: Finding) -> str:
    """A finding as one log line of `mkdocs build` / `cmg build`."""
    return f"{f.path}:{f.line}:{f.col}: {f.code} {f.message} (hint: {f.hint})"


def summary(findings: list[Finding], files_checked: int) -> str:
    counts = defaultdict(int)
    for f in findings:
        counts[f.severity] += 1
    if not findings:
        return f"{files_checked} files checked: no findings"
    parts = [f"{counts[s]} {s}{'s' if counts[s] != 1 else ''}" for s in ("error", "warning", "info") if counts[s]]
    return f"{files_checked} files checked: {', '.join(parts)}"


def format_text(findings: list[Finding], files_checked: int, *, hints: bool = True) -> str:
    lines = []
    by_path: dict[str, list[Finding]] = defaultdict(list)
    for f in findings:
        by_path[f.path].append(f)
    for path in sorted(by_path):
        lines.append(path)
        for f in by_path[path]:
            lines.append(f"  {f.path}:{f.line}:{f.col}: {f.code} [{f.severity}] {f.message}")
            if hints and f.hint:
                lines.append(f"      hint: {f.hint}")
    lines.append(summary(findings, files_checked))
    return "\n".join(lines)


def format_json(findings: list[Finding]) -> str:
    return json.dumps([f.as_dict() for f in findings], ensure_ascii=False, indent=2)


def _gh_escape(text: str, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def format_github(findings: list[Finding], files_checked: int) -> str:
    level = {"error": "error", "warning": "warning", "info": "notice"}
    lines = [
        f"::{level[f.severity]} file={_gh_escape(f.path, True)},line={max(f.line, 1)},col={f.col},"
        f"title={f.code}::{_gh_escape(f.message + (' — ' + f.hint if f.hint else ''))}"
        for f in findings
    ]
    lines.append(summary(findings, files_checked))
    return "\n".join(lines)
