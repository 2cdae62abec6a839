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
    from .locales import url_between

    with_forms = {src.rel.split("/")[0] for src in state.corpus.source_files()
                  if "!!! form" in (state.project.root / state.shown(locale, src).path).read_text(encoding="utf-8-sig")}
    rels = {src.rel.split("/")[0]: src.rel for src in state.corpus.source_files()}

    def downloads_from(here_rel: str):
        here = state.dest(config, locale, here_rel)

        def hrefs(folder: str, code: str):
            page = url_between(here, state.dest(config, locale, rels[folder]), config.use_directory_urls)
            base = page if page.endswith("/") else page.rsplit("/", 1)[0] + "/"
            pdf_href = f"{base}{folder}-{locale}-{code}.pdf" if state.pdf_enabled() and state.settings.country_pdfs else None
            forms_href = f"{base}{country_forms_name(folder, locale, code)}" if folder in with_forms else None
            return pdf_href, forms_href

        return hrefs

    for rel, text in country_pages.pages(profiles, locale, guides,
                                         lambda folder, code: downloads_from(country_pages.page_rel(code))(folder, code)).items():
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


# ---------------------------------------------------------------- downloads per country


def country_pdf_name(info, code: str) -> str:
    from .downloads import pdf

    return pdf.pdf_name(info)[: -len(".pdf")] + f"-{code}.pdf"


def country_forms_name(guide: str, locale: str, code: str) -> str:
    """Named as the guide's own forms file, with the country: ``delays-forms-es-pa.docx``."""
    return f"{guide}-forms-{locale}-{code}.docx"


def queue_country_pdfs(state: BuildState, info: PageInfo, html: str, page, config) -> None:
    """One more PDF of the guide per pilot country: its values, its rows, and the country annex, on the
    country's paper (its profile's ``paper``): the same page geometry as every edition (pdf_paper.py)."""
    import os
    import posixpath

    from ..country_print import country_content, edition_title
    from ..country_render import pilots_in_order
    from ..publishing import page_address
    from .downloads import pdf
    from .locales import dir_url

    if not state.settings.country_pdfs:
        return
    profiles = profiles_for(state.project)
    page_url = page_address(config.site_url, dir_url(page.file.dest_uri))
    dest_dir = posixpath.dirname(page.file.dest_uri)
    title = str(info.model.meta.get("title", info.rel))
    store = pdf.print_store(state)
    for prof in pilots_in_order(profiles):
        document = pdf.kept_print_document(store, content=country_content(html, profiles, prof.code, info.locale),
                                           title=edition_title(title, profiles, prof.code, info.locale),
                                           site_name=config.site_name, locale=info.locale,
                                           page_url=f"{page_url}?country={prof.code}" if page_url else None,
                                           version=str(info.model.meta.get("version", "")), css=pdf.pdf_stylesheet())
        target = os.path.join(config.site_dir, dest_dir, country_pdf_name(info, prof.code))
        # links that work where the PDF is read, as the guide's own PDFs (publishing.py)
        state.print_jobs.append(pdf.print_job(config, page, document, ((prof.paper, target),)))


def write_country_forms(state: BuildState, config, locale: str) -> None:
    """forms-<code>.docx beside every guide page with forms: the forms with the country's known values."""
    import posixpath
    from pathlib import Path

    from ..country_print import edition_title, fill_placeholders
    from ..country_render import pilots_in_order
    from ..forms import extract_forms, write_forms_docx
    from ..placeholders import labels_for
    from .downloads import forms

    profiles = profiles_for(state.project)
    index = state.clause_index(locale)
    ui = ui_strings(locale)
    store = forms.forms_store(state)
    for src_uri, info in list(state.pages.items()):
        if info.kind != "guide" or info.locale != locale or info.model is None or src_uri not in state.rendered:
            continue
        if not forms.forms_for(state, info):
            continue
        text = (state.project.root / info.model.path).read_text(encoding="utf-8-sig")
        dest = state.dest(config, locale, info.rel)

        def xref_text(cid: str) -> str:
            hit = index.get(cid)
            return f"{hit[0]} {hit[1]}" if hit else cid

        for prof in pilots_in_order(profiles):
            guide = posixpath.basename(posixpath.dirname(info.rel)) or posixpath.splitext(info.rel)[0]
            target = Path(config.site_dir) / posixpath.dirname(dest) / country_forms_name(guide, info.locale, prof.code)
            write_forms_docx(extract_forms(fill_placeholders(text, profiles, prof.code, locale)), target,
                             title=edition_title(str(info.model.meta.get("title", info.rel)), profiles, prof.code, locale),
                             intro=ui["forms_intro"], lang=info.content_locale, xref_text=xref_text,
                             placeholder_labels=labels_for(state.project), store=store)


_WIDGETS: dict = {}


def widgets(state: BuildState, locale: str) -> tuple[str, ...]:
    """The exact HTML of the site's own widgets in this locale (calculator, country switch): kept
    through the page sanitiser, which removes any other form control (sanitize.sanitize_page_html)."""
    profiles = profiles_for(state.project)
    key = (id(profiles), locale)
    if key not in _WIDGETS:
        from ..country_render import switch_html

        _WIDGETS[key] = (calculator_page.form_html(profiles, locale), switch_html(profiles, locale))
    return _WIDGETS[key]
