"""The country layer in the build: the pages it adds to each locale (the calculator, a page per
pilot country, the figures to be confirmed) and what it does to a guide's Markdown (country
references, the calculator after the worked examples, the country switch). The logic lives in the
engine-free modules (country_render, calculator_page, country_pages, facts); this is the glue."""

from __future__ import annotations

from mkdocs.structure.files import File

from .. import calculator_page, country_pages, facts
from ..country_checks import profiles_for
from ..country_render import insert_switch, render_country_refs
from ..site import ui_strings
from .state import BuildState, PageInfo


def add_country_files(state: BuildState, config, locale: str, generated) -> list[File]:
    """The calculator, the country pages and the page of figures to be confirmed, for one locale."""
    profiles = profiles_for(state.project)
    ui = ui_strings(locale)
    out = [generated(state, config, locale, calculator_page.PAGE, calculator_page.page_markdown(profiles, locale))]
    guides = sorted(((src.rel.split("/")[0], str(src.meta.get("number", "")),
                      str(state.shown(locale, src).meta.get("title", ""))) for src in state.corpus.source_files()),
                    key=lambda g: (g[1].zfill(3), g[0]))
    for rel, text in country_pages.pages(profiles, locale, guides).items():
        out.append(generated(state, config, locale, rel, text))
    rows = facts.register(profiles, state.corpus.files.values(), locale, list(state.project.locales))
    titles = {(rel.split("/")[0], cid): f"{ui['guide']} {gnum}, {number} {title}".strip()
              for cid, (number, title, rel, gnum) in state.clause_index(locale).items()}
    out.append(generated(state, config, locale, facts.PAGE, facts.unconfirmed_markdown(rows, locale, titles)))
    return out


def generated_page_markdown(state: BuildState, markdown: str, info: PageInfo) -> str:
    """A generated page after its raw HTML was made inert: the calculator's form goes in."""
    if info.rel == calculator_page.PAGE:
        return calculator_page.fill(markdown, profiles_for(state.project), info.locale)
    return markdown


def guide_markdown(state: BuildState, markdown: str, info: PageInfo) -> str:
    """A guide's Markdown with its country references rendered, the calculator and the switch."""
    profiles = profiles_for(state.project)
    markdown = render_country_refs(markdown, profiles, info.locale)
    markdown = calculator_page.insert_in_guide(markdown, profiles, info.locale)
    return insert_switch(markdown, profiles, info.locale)
