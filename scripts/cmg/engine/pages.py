"""Each page decorated: cross-references in the reader's language, the forms' placeholders as labels,
the notices of outdated and untranslated text, the guide's version block and download links, the
glossary's tooltips."""

from __future__ import annotations

import posixpath
import re
from html import escape as html_escape
from pathlib import Path

from mkdocs.plugins import get_plugin_logger

from ..model import Problem
from ..moved_notice import moved_notices
from ..parse import parse_front_matter
from ..placeholders import label_placeholders, labels_for
from ..preview_findings import preview_notes
from ..release import changed_badges, changed_in_latest, texts
from ..sanitize import sanitize_meta, sanitize_page_html, sanitize_title, sanitize_toc
from ..site import (
    CURRENT_ID,
    GlossaryMarks,
    alias_anchors,
    current_source_markdown,
    decorate_clauses,
    external_links_noopener,
    footnotes_out_of_search,
    glossary_anchors,
    glossary_definitions,
    guide_meta_html,
    label_task_checkboxes,
    language_name,
    notice_html,
    render_xrefs,
    ui_strings,
)
from ..source_texts import changes_html, page_changes
from ..syntax import UNTRANSLATED
from ..unsafe import defuse_long_lines
from .countries import generated_page_markdown, guide_markdown
from .downloads.sizes import size_slot
from .locales import url_between
from .state import BuildState, PageInfo

MARKER_RE = UNTRANSLATED  # cmg.syntax
log = get_plugin_logger(__name__)
_KEY_LINE = re.compile(r"^[\w-]+[ \t]*:")
_ARTICLE = '<article class="md-content__inner md-typeset">'  # where Material puts a page's content


def without_broken_front_matter(markdown: str) -> tuple[str, Problem | None]:
    """A page's text without front matter that MkDocs could not read (it then leaves the block in the text,
    and the page would show it as its first paragraph), and the problem with its line; or the text as it is.
    Front matter MkDocs read is already gone, so only a page that still starts with ``---`` is looked at, and
    only a block with a ``key:`` line in it is taken for front matter (not a page that opens with a rule)."""
    if not markdown.startswith("---"):
        return markdown, None
    lines = markdown.split("\n")
    _meta, body_start, _line, problems = parse_front_matter(lines)
    if problems and not any(_KEY_LINE.match(line) for line in lines[1:(body_start - 1 if body_start else None)]):
        return markdown, None
    if not problems or not body_start:  # an unclosed block: where the text starts is unknown, nothing is cut
        return markdown, problems[0] if problems else None
    return "\n".join(lines[body_start:]), problems[0]


def _project_path(state: BuildState, path: str) -> str:
    p = Path(path).resolve()
    root = state.project.root.resolve()
    return p.relative_to(root).as_posix() if p.is_relative_to(root) else str(p)


def page_markdown(state: BuildState, markdown: str, page, config) -> str:
    """``on_page_markdown``: overlong lines made plain text, notices, ``[[clause-id]]`` cross-references,
    aliases. (Script is taken out of the HTML, by the sanitiser: :func:`published`.)"""
    info = state.pages.get(page.file.src_uri)
    markdown, problem = without_broken_front_matter(markdown)
    if problem and not (info and info.kind == "guide"):  # a guide's is reported by the validation (CMG002)
        where = _project_path(state, page.file.abs_src_path) if page.file.abs_src_path else page.file.src_uri
        log.error(f"{where}:{problem.pos.line}:{problem.pos.col}: {problem.message} ({problem.hint})")
    markdown = defuse_long_lines(markdown)  # no line makes the conversion take minutes (unsafe.py)
    locale = state.locale(config)
    if not info:
        if MARKER_RE.search(markdown):  # a site page copied by `cmg new-locale`, not translated yet
            ui = ui_strings(locale)
            return decorate_clauses(markdown, outdated={}, outdated_text="", link_text="",
                                    untranslated_text=state.untranslated_text(ui, locale, "untranslated_page"),
                                    locale=locale, source_locale=state.project.source_locale)
        return markdown
    if info.kind != "guide":
        return generated_page_markdown(state, markdown, info)
    markdown = _decorate(state, markdown, page, info, config)
    index = state.clause_index(info.locale)
    ui = ui_strings(info.locale)
    here = info.rel
    aliases = state.aliases()

    def resolve(cid: str):
        cid = aliases.get(cid, cid) if cid not in index else cid
        hit = index.get(cid)
        if not hit:
            return None
        number, title, rel, gnum = hit
        if rel == here:
            return f"{number} {title}".strip(), f"#{cid}"
        href = posixpath.relpath(rel, posixpath.dirname(here) or ".")
        return f"{ui['guide']} {gnum}, {number} {title}".strip(), f"{href}#{cid}"

    markdown = render_xrefs(markdown, resolve)
    # the forms' blanks as labels in the text's language (the name kept in data-placeholder for tools)
    markdown = label_placeholders(markdown, labels_for(state.project), info.content_locale)
    markdown = guide_markdown(state, markdown, info)
    markdown = alias_anchors(markdown, state.aliases_at(info.rel))
    version, changed = changed_in_latest(state.project, info.rel.split("/")[0])
    markdown = changed_badges(markdown, changed, texts(info.locale)["badge"].format(v=version))
    markdown = moved_notices(markdown, state.moved_from(info.rel, index, ui), here, ui)
    if state.serving and info.model is not None:  # a preview: the page's findings at their clauses
        markdown = preview_notes(markdown, state.preview_findings.get(info.model.path, []))
    return markdown


def _decorate(state: BuildState, markdown: str, page, info: PageInfo, config) -> str:
    """Notices at outdated clauses and untranslated blocks of a translated page."""
    src_loc = state.project.source_locale
    if info.locale == src_loc or info.content_locale != info.locale:
        return markdown
    src = state.corpus.get(src_loc, info.rel)
    tr = state.corpus.get(info.locale, info.rel)
    if src is None or tr is None:
        return markdown
    target = state.dest(config, src_loc, info.rel)
    base = url_between(page.file.dest_uri, target, config.use_directory_urls)
    outdated = {c.clause_id: f"{base}#{c.clause_id}" for c in state.outdated_clauses(info.locale, info.rel)}
    if not outdated and not MARKER_RE.search(markdown):
        return markdown
    ui = ui_strings(info.locale)
    source_name = language_name(src_loc, info.locale)
    # the source text shown beside an outdated translation is sanitised with the page (published)
    current = {cid: current_source_markdown(c.body.raw) for cid in outdated if (c := src.clause(cid))}
    texts, current = _what_changed(state, info, src, tr, set(outdated), current, ui, source_name)
    if state.built_alone():  # the source's pages are not in a one-locale preview: its text on this page is
        outdated = {cid: f"#{CURRENT_ID}{cid}" if cid in current else href for cid, href in outdated.items()}
    return decorate_clauses(markdown, outdated=outdated, outdated_text=texts,
                            link_text=ui["read_source"].format(source_name=source_name),
                            untranslated_text=state.untranslated_text(ui, info.locale, "untranslated_clause"),
                            locale=info.locale, source_locale=src_loc, current=current,
                            current_label=ui["current_source"].format(source_name=source_name),
                            previous_label=ui["previous_translation"],
                            current_id=CURRENT_ID if state.built_alone() else "")


def _what_changed(state: BuildState, info: PageInfo, src, tr, ids: set[str], current: dict[str, str], ui,
                  source_name: str):
    """Per outdated clause: the notice's text (the source changed, or the clause was never marked) and,
    before the current source text, the word diff of the change when the earlier text is kept."""
    from ..freshness import UNMARKED

    why = page_changes(state.project, src, tr, ids) if ids else {}
    texts, out = {}, dict(current)
    for cid in ids:
        reason, pieces = why.get(cid, ("", None))
        texts[cid] = ui["unmarked_clause" if reason == UNMARKED else "outdated_clause"].format(source_name=source_name)
        if pieces and cid in out:
            label = ui["what_changed"].format(source_name=source_name)
            out[cid] = changes_html(pieces, label, info.locale, state.project.source_locale) + "\n\n" + out[cid]
    return texts, out


def clean_content(html: str) -> str:
    """Every page: external links open with ``rel=noopener``, task checkboxes get a label."""
    return footnotes_out_of_search(label_task_checkboxes(external_links_noopener(html)))


def page_content(html: str, info: PageInfo | None, downloads: list[tuple[str, str]],
                 updated: str | None = None) -> str:
    """A guide or site page: the version block and download links under the title, and the notice of
    a page shown in the source language."""
    if not info or info.kind not in ("guide", "site"):
        return html
    ui = ui_strings(info.locale)
    if info.model is not None:
        meta = guide_meta_html(info.model.meta, ui, updated)
        meta += "".join(f'<p class="cmg-downloads"><a href="{href}" download>{html_escape(text)}{size_slot(href)}</a></p>'
                        for href, text in downloads)
        head, sep, rest = html.partition("</h1>")
        html = head + sep + meta + rest if sep else meta + html
    if info.content_locale != info.locale:
        text = ui["untranslated_page"].format(
            locale_name=language_name(info.locale, info.locale),
            source_name=language_name(info.content_locale, info.locale))
        html = notice_html("untranslated", text, info.locale) + f'<div lang="{info.content_locale}">{html}</div>'
    return html


def published(html: str, page, widgets: tuple[str, ...] = (), cache=None) -> str:
    """Every fragment of the page that is published passes the one allowlist (sanitize.py): its
    content (also the PDF's input), its title (navigation, header, <title>), its front matter as the
    theme writes it, and its table of contents. Unchanged where the sanitiser removes nothing. With
    ``cache`` (caches.sanitized.SanitizedCache), content sanitised by an earlier build is not again."""
    title = page.title
    if isinstance(title, str) and (clean := sanitize_title(title)) != title:
        page.title = clean
    sanitize_toc(page.toc or ())
    if isinstance(page.meta, dict):
        sanitize_meta(page.meta)
    if cache is not None and html:
        return cache.sanitized(page.file.src_uri, html, widgets, sanitize_page_html)
    return sanitize_page_html(html, widgets)


def glossary_marks(state: BuildState, locale: str, reader_locale: str | None = None) -> GlossaryMarks:
    """The terms of ``locale`` (the page's text), linked to their entries on ``reader_locale``'s glossary."""
    key = (locale, reader_locale or locale)
    marks = state.glossary.get(key)
    if marks is None:
        tb = state.corpus.termbase
        marks = state.glossary[key] = (GlossaryMarks(glossary_definitions(tb, locale), glossary_anchors(tb, locale, key[1]))
                                       if tb is not None else GlossaryMarks({}))
    return marks


def mark_glossary_terms(state: BuildState, output: str, page, config=None) -> str:
    """The glossary's terms marked in a guide's text (tooltips, and links to the glossary page of the
    reader's locale) — here, not in on_page_content: the search plugin and the PDF need no marks, and
    parsing them made the search plugin slower still."""
    info = state.pages.get(page.file.src_uri)
    if not (info and info.kind == "guide"):
        return output
    start = output.find(_ARTICLE)
    end = output.find("</article>", start)
    if start >= 0 and end >= 0:
        start += len(_ARTICLE)
        href = None
        if config is not None:  # the glossary page is generated in every locale (files.add_locale_files)
            href = url_between(page.file.dest_uri, state.dest(config, info.locale, "glossary.md"),
                               config.use_directory_urls)
        marks = glossary_marks(state, info.content_locale, info.locale)
        output = output[:start] + marks.mark(output[start:end], href) + output[end:]
    return output
