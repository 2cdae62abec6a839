"""The engine wing: everything that knows MkDocs, Material, mkdocs-static-i18n, Jinja2 or
Python-Markdown. The clause model, the checks and the translator's workflow (``cmg`` outside this
folder) import nothing from here; this package adapts them to the build.

How a build flows through it:

* :mod:`.plugin` — the MkDocs plugin class: the documented events only, each handing its work to
  one of the modules below;
* :mod:`.settings` — the plugin's settings schema (``plugins.cmg`` in ``mkdocs.yml``);
* :mod:`.state` — what one build knows (project, parsed guides, pages) and what a preview keeps
  from one rebuild to the next;
* :mod:`.files` — the guides added to each locale's files, their fallbacks, the generated pages;
* :mod:`.validation` — the build's validation, logged with file and line;
* :mod:`.pages` — each page decorated: cross-references, notices, version block, glossary marks;
* :mod:`.locales` — what is written once per locale: 404 pages, search indexes, URLs between them;
* :mod:`.preview` — ``mkdocs serve``: folders watched, pages rebuilt under ``--dirty``;
* :mod:`.downloads` — what a reader downloads: PDFs, forms (.docx), the offline copy; a new output
  (EPUB, say) is a sibling module there;
* :mod:`.caches` — what a rebuild keeps: conversions, search entries, navigation, templates (the
  engine-side clients of the one cache mechanism, :mod:`cmg.caching`);
* :mod:`.search_sections` — a page's search sections as Material's search parser makes them, faster
  (the search index's, through :mod:`.caches.search`);
* :mod:`.parallel_build` — ``cmg build``: one process per locale, merged into one site.
"""

try:  # the engine: MkDocs 1.6, or ProperDocs (its drop-in fork) when MkDocs is not installed
    import mkdocs  # noqa: F401
except ModuleNotFoundError:  # pragma: no cover - exercised by tests/test_engines.py in its own venv
    try:
        import properdocs.replacement  # noqa: F401  (from here on, mkdocs.* imports resolve to properdocs.*)
    except ModuleNotFoundError:
        pass  # neither: the first mkdocs import below says so
