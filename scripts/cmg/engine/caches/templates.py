"""Compiled theme templates kept on disk between builds (a Jinja bytecode cache).

Every build of every locale makes a new Jinja environment and compiles Material's templates again
(about 40, roughly a tenth of a locale's build). With this cache they are compiled once and then
loaded; `cmg build` compiles them before its locales fork (:func:`compile_before_the_locales`), so
that from empty caches each locale loads them rather than all compiling the same ones at once.
A cached template is used only for the same template file with the same source (Jinja's own checksum,
inside the entry) and an environment of the same Jinja version, options, extensions, filters and tests
(added to the key here: those change the compiled code), so the pages come out the same byte for byte.

A client of :mod:`cmg.caching` (switch: ``CMG_NO_TEMPLATE_CACHE=1``): its entries are kept by the one
store, but in the folder Jinja itself chooses (a private folder, mode 0700, in the system's temporary
folder) rather than under ``cache_dir``, because compiled code loaded from a folder that anyone who can
write the project can write would run their code.
"""

from __future__ import annotations

import functools
import os

import jinja2
from jinja2.bccache import Bucket, BytecodeCache, FileSystemBytecodeCache

from ... import caching

_OPTIONS = ("block_start_string", "block_end_string", "variable_start_string", "variable_end_string",
            "comment_start_string", "comment_end_string", "line_statement_prefix", "line_comment_prefix",
            "trim_blocks", "lstrip_blocks", "newline_sequence", "keep_trailing_newline", "optimized")


def _fingerprint(env: jinja2.Environment) -> str:
    parts = [jinja2.__version__, repr(sorted(env.extensions)), repr(sorted(env.filters)), repr(sorted(env.tests))]
    parts += [repr(getattr(env, opt, None)) for opt in _OPTIONS]
    autoescape = env.autoescape
    parts.append(f"{autoescape.__module__}.{autoescape.__qualname__}" if callable(autoescape) else repr(autoescape))
    parts.append(repr(env.finalize is not None))
    return caching.digest(*parts)


class StoreBytecodeCache(BytecodeCache):
    """Jinja's bytecode cache over a :class:`cmg.caching.Store`."""

    def __init__(self, store: caching.Store):
        self.store = store

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        return caching.digest(name, filename or "")

    def get_source_checksum(self, source: str) -> str:
        return caching.digest(source)

    def get_bucket(self, environment, name, filename, source):
        return super().get_bucket(environment, f"{name}\0{_fingerprint(environment)}", filename, source)

    def load_bytecode(self, bucket: Bucket) -> None:
        data = self.store.read(f"cmg-{bucket.key}.cache")
        if data is None:
            return
        try:
            bucket.bytecode_from_string(data)  # Jinja checks the magic number and the source's checksum
        except Exception:  # noqa: BLE001 - a damaged entry is compiled again
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.store.write(f"cmg-{bucket.key}.cache", bucket.bytecode_to_string())


def use_template_cache(env: jinja2.Environment) -> None:
    """From the plugin's ``on_env``: compile each theme template once, not once per build and locale."""
    if not caching.enabled("template") or env.bytecode_cache is not None:
        return
    try:
        private = FileSystemBytecodeCache().directory  # Jinja's own checks: ours, mode 0700, not a link
    except (OSError, RuntimeError):  # no private temporary folder: compile as before
        return
    env.bytecode_cache = StoreBytecodeCache(caching.Store(private))


def cache_every_theme_environment() -> None:
    """`mkdocs serve`: every theme environment of the process uses the template cache, also those made
    before the cmg plugin's ``on_config`` (Material's search plugin compiles its language templates at
    each build of each locale to translate a few words)."""
    from mkdocs.theme import Theme

    get_env = Theme.get_env
    if getattr(get_env, "_cmg_cached", False):
        return

    def get_env_cached(self):
        env = get_env(self)
        use_template_cache(env)
        return env

    get_env_cached._cmg_cached = True
    Theme.get_env = get_env_cached


# a theme folder outside the project (an installed package) → the names of its files, listed once per process
_LISTED: dict[str, list[str]] = {}


def list_theme_files_once(config, project_root) -> None:
    """`mkdocs serve`: MkDocs lists every file of the theme's folders at each build of each locale to
    find the theme's static files (Material's folder holds thousands of icons: about a quarter of a
    --dirty rebuild of every locale). The folders of installed packages do not change while the preview
    runs, so they are listed once; the project's own (``theme.custom_dir``, watched) at every build.
    The names are the same, in the same order, as Jinja's own listing."""
    theme = config.theme
    if getattr(theme, "_cmg_listed_once", False):
        return
    get_env = theme.get_env
    root = os.path.realpath(project_root)

    def get_env_listing_once():
        env = get_env()
        if type(env.loader) is jinja2.FileSystemLoader:
            env.loader.list_templates = functools.partial(_list_once, env.loader, root)
            env.list_templates = functools.partial(_filtered_once, env)
        return env

    theme.get_env = get_env_listing_once
    theme._cmg_listed_once = True


# (the names listed, the theme's static templates, MkDocs' Markdown extensions) → the names kept
_FILTERED: dict[tuple, list[str]] = {}
_THEME_FILTER = "Files.add_files_from_theme.<locals>.filter"


def _filtered_once(env: jinja2.Environment, extensions=None, filter_func=None) -> list[str]:
    """``Environment.list_templates``, with MkDocs' filter of the theme's static files (``fnmatch`` of a
    dozen patterns on each of thousands of names, at each build of each locale) applied once per set of
    names and patterns; its patterns are made of ``config.theme.static_templates`` and
    ``mkdocs.utils.markdown_extensions``, which are in the key. Any other filter: as Jinja does it."""
    config = None
    if (extensions is None and filter_func is not None and filter_func.__qualname__ == _THEME_FILTER
            and filter_func.__closure__ and len(filter_func.__closure__) == 1):
        config = filter_func.__closure__[0].cell_contents
    if config is None or not hasattr(config, "theme"):
        return jinja2.Environment.list_templates(env, extensions, filter_func)
    from mkdocs import utils

    names = env.loader.list_templates()
    key = (tuple(names), tuple(config.theme.static_templates), tuple(utils.markdown_extensions))
    kept = _FILTERED.get(key)
    if kept is None:
        if len(_FILTERED) >= 4:  # the theme overrides changed often: keep the last lists only
            _FILTERED.clear()
        kept = _FILTERED[key] = [name for name in names if filter_func(name)]
    return list(kept)


def _list_once(loader: jinja2.FileSystemLoader, root: str) -> list[str]:
    names: set[str] = set()
    for folder in loader.searchpath:
        real = os.path.realpath(folder)
        inside = real == root or real.startswith(root + os.sep)
        listed = None if inside else _LISTED.get(real)
        if listed is None:
            listed = jinja2.FileSystemLoader([folder], encoding=loader.encoding,
                                             followlinks=loader.followlinks).list_templates()
            if not inside:
                _LISTED[real] = listed
        names.update(listed)
    return sorted(names)


# the plugins whose ``on_env`` only adds to the environment what its compiled code depends on (Jinja
# extensions, filters): run here as in each locale's build, so the fingerprint is the same
_ENV_ONLY_PLUGINS = frozenset({"mkdocs_static_i18n.plugin"})
# the templates every locale's build renders (its pages, the 404 page, the sitemap)
_ENTRY_TEMPLATES = ("main.html", "404.html", "sitemap.xml")


def compile_before_the_locales(config) -> int:
    """`cmg build`, before the locales' processes fork: the theme's templates compiled once into the
    template cache, which each locale's build then loads instead of compiling them itself (from empty
    caches each of them compiled the same 40-odd templates at the same time). The environment is made
    as a build makes it (the theme's, then the other plugins' ``on_env``), so the entries carry the
    key the locales' builds look for; only the templates named statically from the entry templates
    are compiled (a name made at render time is compiled by the build that renders it, as before).
    Nothing is done when another plugin's ``on_env`` could do more than configure the environment,
    or the cache is off. The number of templates compiled."""
    from jinja2 import meta

    if not caching.enabled("template"):
        return 0
    handlers = [m for m in config.plugins.events.get("env", [])
                if type(getattr(m, "__self__", None)).__module__ != "cmg.engine.plugin"]
    if any(type(getattr(m, "__self__", None)).__module__ not in _ENV_ONLY_PLUGINS for m in handlers):
        return 0
    from mkdocs.structure.files import Files

    env = config.theme.get_env()
    use_template_cache(env)
    if env.bytecode_cache is None:
        return 0
    for handler in handlers:
        env = handler(env, config=config, files=Files([])) or env
    todo, seen, compiled = list(_ENTRY_TEMPLATES), set(), 0
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        try:
            source = env.loader.get_source(env, name)[0]
            env.get_template(name)  # compiled and written to the cache
            todo.extend(n for n in meta.find_referenced_templates(env.parse(source)) if n)
        except Exception:  # noqa: BLE001 - not in the theme, broken, unreadable, not UTF-8: the build reports it as before
            continue
        compiled += 1
    return compiled
