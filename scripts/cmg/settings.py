"""The cmg plugin's settings (``plugins.cmg`` in mkdocs.yml), defined once.

The MkDocs plugin's schema (engine/settings.py) is made from this table, and ``cmg`` reads mkdocs.yml
with it (project.py), so both see the same names, types and defaults.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Setting:
    name: str
    type: type
    default: object
    doc: str


SETTINGS: tuple[Setting, ...] = (
    Setting("source_locale", str, "en", "the locale the guides are written in (guides/)"),
    Setting("guides_dir", str, "guides", "the source guides, relative to mkdocs.yml"),
    Setting("translations_dir", str, "translations", "one folder per target locale, relative to mkdocs.yml"),
    Setting("termbase", str, "translations/termbase.yml", "the trilingual termbase"),
    Setting("placeholder_labels", str, "translations/placeholders.yml",
            "the label readers see for each {{placeholder}} of the model forms, per locale (cmg.placeholders)"),
    Setting("countries_dir", str, "countries", "the country profiles"),
    Setting("validation", dict, {}, "severity: {CODE: error|warning|info|off}, ignore: [CODE, ...]"),
    Setting("validation_enabled", bool, True, "validate while building"),
    Setting("pdf", bool, True, "a PDF of every guide in every locale (not while previewing with `mkdocs serve`)"),
    Setting("country_pdfs", bool, True,
            "and one PDF per pilot country (its values, its rows, a country annex), beside each guide's PDF"),
    Setting("pdf_max_kb", int, 1000,
            "pages bigger than this get no PDF (WeasyPrint needs minutes and gigabytes for a book-sized page)"),
    Setting("cache_dir", str, ".cache/cmg",
            "what builds keep for the next (PDFs, conversions, search entries, findings), relative to mkdocs.yml"),
    Setting("offline_archive", str, "",
            "the downloadable offline copy of the site (made by `cmg offline`), linked from each home page"),
)


DEFAULTS: dict[str, object] = {s.name: s.default for s in SETTINGS}


class SettingsError(ValueError):
    """A setting of the wrong type (the message names it)."""


def read_settings(options: dict) -> dict:
    """The settings written under ``plugins.cmg``, checked as MkDocs checks the plugin's schema (an
    option of another type is an error; a missing or empty one takes its default), defaults filled in.
    Names not in the schema are left to MkDocs, which warns about them when it builds."""
    out = {}
    for s in SETTINGS:
        value = options.get(s.name)
        if value is None:
            value = dict(s.default) if isinstance(s.default, dict) else s.default
        elif not isinstance(value, s.type):
            raise SettingsError(f"plugins.cmg.{s.name} must be of type {s.type.__name__}, "
                                f"not {type(value).__name__} ({value!r})")
        out[s.name] = value
    return out
