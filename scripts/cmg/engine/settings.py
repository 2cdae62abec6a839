"""The cmg plugin's settings: ``plugins.cmg`` in ``mkdocs.yml``, as MkDocs validates them."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


class CmgPluginConfig(base.Config):
    source_locale = c.Type(str, default="en")
    guides_dir = c.Type(str, default="guides")
    translations_dir = c.Type(str, default="translations")
    termbase = c.Type(str, default="translations/termbase.yml")
    countries_dir = c.Type(str, default="countries")
    validation = c.Type(dict, default={})
    validation_enabled = c.Type(bool, default=True)
    # a PDF of every guide in every locale (not while previewing with `mkdocs serve`)
    pdf = c.Type(bool, default=True)
    # pages bigger than this get no PDF (WeasyPrint needs minutes and gigabytes for a book-sized page)
    pdf_max_kb = c.Type(int, default=1000)
    # rendered PDFs, kept by the hash of their input; relative to mkdocs.yml
    cache_dir = c.Type(str, default=".cache/cmg")
    # the downloadable offline copy of the site (made by `cmg offline`), linked from each home page
    offline_archive = c.Type(str, default="")
