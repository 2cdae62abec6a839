"""A page's Markdown-to-HTML conversion kept between builds, reused while its inputs are unchanged.

Python-Markdown is the largest share of a locale's build (about a third), and between two builds
most pages are the same. MkDocs converts a page in ``Page.render(config, files)``; this module puts a
cache in front of that call, for each page (:meth:`RenderCache.attach`, from the plugin's
``on_pre_page``). The key is a hash of everything the conversion reads:

* the page's Markdown as every plugin's ``on_page_markdown`` left it, its source path, destination
  and URL (relative links are resolved against them);
* every file of the build, with its destination, URL and inclusion (a link's target, and whether it
  exists, comes from them);
* mkdocs.yml (the Markdown extensions and their settings, link validation), the kind of build
  (directory URLs or not), the MkDocs logging level (it decides what MkDocs records about anchors),
  and the versions of Python, MkDocs, Python-Markdown, pymdown-extensions and Pygments.

The value is what ``render`` sets on the page: the HTML, the table of contents, the title found in
the page, its anchors and its links to anchors, plus the messages the conversion logged (a broken
link's warning), which a cache hit logs again, so that ``--strict`` fails the same way.

Extensions that read other files (``pymdownx.snippets`` and the like) make the conversion depend on
files outside the key: with one of them configured, nothing is cached. A client of
:mod:`cmg.caching` (switch: ``CMG_NO_RENDER_CACHE=1``), stored by :class:`~cmg.page_cache.PageCache`.
"""

from __future__ import annotations

import json
import logging
import platform
from pathlib import Path

from mkdocs.structure.toc import get_toc

from ... import caching
from ...caching import digest, package_version
from ...page_cache import PageCache

FORMAT = 1
# extensions whose output depends on files other than the page
READS_OTHER_FILES = ("pymdownx.snippets", "markdown_include", "mdx_include", "mkdocs_macros", "include")


def _extension_names(config) -> list[str]:
    return [e if isinstance(e, str) else f"{type(e).__module__}.{type(e).__qualname__}" for e in config.markdown_extensions]


def enabled_for(config) -> bool:
    if not caching.enabled("render"):
        return False
    return not any(name.startswith(READS_OTHER_FILES) for name in _extension_names(config))


def render_salt(config) -> str:
    try:
        config_text = Path(config.config_file_path).read_text(encoding="utf-8")
    except (OSError, TypeError, ValueError):
        config_text = "?"
    versions = [platform.python_version()] + [package_version(p) for p in ("mkdocs", "markdown", "pymdown-extensions",
                                                                             "pygments")]
    return digest(f"render {FORMAT}", *versions, config_text, json.dumps(_extension_names(config)),
                  str(config.use_directory_urls))


def _toc_tokens(toc) -> list[dict]:
    return [{"level": a.level, "id": a.id, "name": a.title, "children": _toc_tokens(a.children)} for a in toc or []]


class _Recorder(logging.Handler):
    """Every message logged while a page converts (from MkDocs' logger and any other)."""

    def __init__(self) -> None:
        super().__init__(logging.NOTSET)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if not any(r is record for r in self.records):
            self.records.append(record)


class RenderCache:
    """The conversions of one locale's build."""

    def __init__(self, path: Path | None, config):
        self.store = PageCache(path, render_salt(config))
        self._files: tuple[int, int, str] | None = None

    def _files_key(self, files) -> str:
        if self._files is None or self._files[0] != id(files) or self._files[1] != len(files):
            rows = sorted((f.src_uri, f.dest_uri, f.url, str(f.inclusion)) for f in files)
            self._files = (id(files), len(files), digest(json.dumps(rows)))
        return self._files[2]

    def attach(self, page) -> None:
        """Route this page's ``render`` through the cache."""
        original = page.render

        def render(config, files):
            return self._render(page, original, config, files)

        page.render = render

    def _key(self, page, files) -> str:
        level = logging.getLogger("mkdocs").getEffectiveLevel()
        return digest(self.store.salt, page.markdown or "", page.file.src_uri, page.file.dest_uri, page.url,
                      self._files_key(files), str(level))

    def _render(self, page, original, config, files) -> None:
        key = self._key(page, files)
        hit = self.store.get(page.file.src_uri, key)
        if hit is not None and self._apply(page, hit, files):
            for name, level, message in hit["log"]:
                logging.getLogger(name).log(level, message)
            return
        recorder = _Recorder()
        loggers = [logging.getLogger(), logging.getLogger("mkdocs")]
        for lg in loggers:
            lg.addHandler(recorder)
        try:
            original(config, files)
        finally:
            for lg in loggers:
                lg.removeHandler(recorder)
        links = page.links_to_anchors
        self.store.put(page.file.src_uri, key, {
            "content": page.content,
            "toc": _toc_tokens(page.toc),
            "title": page._title_from_render,
            "anchors": sorted(page.present_anchor_ids or ()),
            "links": None if links is None else {f.src_uri: dict(v) for f, v in links.items()},
            "log": [[r.name, r.levelno, r.getMessage()] for r in recorder.records],
        })

    @staticmethod
    def _apply(page, value: dict, files) -> bool:
        try:
            links = None
            if value["links"] is not None:
                links = {}
                for src, anchors in value["links"].items():
                    target = files.get_file_from_path(src)
                    if target is None:
                        return False
                    links[target] = dict(anchors)
            content, title = value["content"], value["title"]
            if not isinstance(content, str) or not (title is None or isinstance(title, str)):
                return False
            toc = get_toc(value["toc"])
            anchors = set(value["anchors"])
            log = [(str(n), int(lv), str(m)) for n, lv, m in value["log"]]
        except (KeyError, TypeError, ValueError, AttributeError):
            return False
        page.content = content
        page.toc = toc
        page._title_from_render = title
        page.present_anchor_ids = anchors
        if links is not None:
            page.links_to_anchors = links
        value["log"] = log
        return True
