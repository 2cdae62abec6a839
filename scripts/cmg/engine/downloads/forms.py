"""The model forms of each guide as a Word document (``<guide>-forms-<locale>.docx``) beside the
guide's page; the forms are read from the guide by :mod:`cmg.forms`."""

from __future__ import annotations

import posixpath
from pathlib import Path

from ...caching import Store
from ...forms import FORMS_SUFFIX, extract_forms, write_forms_docx
from ...placeholders import labels_for
from ...site import ui_strings
from ..state import BuildState, PageInfo


def forms_name(info: PageInfo) -> str:
    """The file's name says what it is, also in a downloads folder: ``delays-forms-es.docx``."""
    guide = posixpath.basename(posixpath.dirname(info.rel)) or posixpath.splitext(info.rel)[0]
    return f"{guide}-forms-{info.locale}.docx"


CACHE_KEEP = 512  # documents kept in the forms cache: every locale's, each guide's and country edition's, a few times


def forms_store(state: BuildState) -> Store:
    """The forms cache (nothing kept when it is off or there is no cache folder)."""
    return Store(state.cache_folder("forms"), keep=CACHE_KEEP, suffix=FORMS_SUFFIX)


def forms_for(state: BuildState, info: PageInfo) -> list:
    key = (info.locale, info.rel)
    if key not in state.forms:
        text = (state.project.root / info.model.path).read_text(encoding="utf-8-sig")
        state.forms[key] = extract_forms(text)
    return state.forms[key]


def write_forms(state: BuildState, config, locale: str) -> None:
    """The forms document beside every guide page of this locale that has model forms."""
    index = state.clause_index(locale)
    ui = ui_strings(locale)
    store = forms_store(state)
    for src_uri, info in list(state.pages.items()):
        if info.kind != "guide" or info.locale != locale or info.model is None or src_uri not in state.rendered:
            continue
        forms = forms_for(state, info)
        if not forms:
            continue
        dest = state.dest(config, locale, info.rel)
        target = Path(config.site_dir) / posixpath.dirname(dest) / forms_name(info)

        def xref_text(cid: str) -> str:
            hit = index.get(cid)
            return f"{hit[0]} {hit[1]}" if hit else cid

        write_forms_docx(forms, target, title=str(info.model.meta.get("title", info.rel)),
                         intro=ui["forms_intro"], lang=info.content_locale, xref_text=xref_text,
                         placeholder_labels=labels_for(state.project), store=store)
