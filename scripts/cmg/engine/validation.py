"""The build's validation: the same checks as ``cmg validate``, logged through MkDocs with file and
line, once per build (``--strict`` fails on a warning or an error)."""

from __future__ import annotations

import os

from mkdocs.plugins import get_plugin_logger

from ..checks import Finding
from ..report import log_text
from ..validate import Corpus, apply_settings, cached_local_findings, findings_for_locales, run_checks
from .locales import ENV_LOCALE
from .state import CHECK_MEMO, BuildState

log = get_plugin_logger(__name__)


def validate_once(state: BuildState, locale: str) -> None:
    """On the first locale of a build: validate and log every finding."""
    if state.validated:
        return
    state.validated = True
    if state.settings.validation_enabled:
        found = findings(state, locale)
        report(found)
        if state.serving:  # shown in the previewed pages too (pages.page_markdown)
            state.preview_findings = {}
            for f in found:
                state.preview_findings.setdefault(f.path, []).append(f)


def findings(state: BuildState, locale: str) -> list[Finding]:
    """The validation's findings: all of them, or those of the one locale a preview shows."""
    project = state.project
    only = os.environ.get(ENV_LOCALE) if state.serving else None
    if not only or only == project.source_locale:
        return apply_settings(_run_checks(state, state.corpus), project)
    found = apply_settings(_run_checks(state, state.corpus.only([only])), project)
    return findings_for_locales(found, project, [only])


def _run_checks(state: BuildState, corpus: Corpus) -> list[Finding]:
    # a preview checks again only the files and pairs an edit changed; a build, those not in the findings cache
    return run_checks(corpus, CHECK_MEMO.local_findings(corpus) if state.serving else cached_local_findings(corpus))


def report(found: list[Finding]) -> None:
    for f in found:
        text = log_text(f)
        if f.severity == "error":
            log.error(text)
        elif f.severity == "warning":
            log.warning(text)
        else:
            log.info(text)
