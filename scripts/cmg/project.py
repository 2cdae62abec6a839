"""Where things are: the project's settings (from mkdocs.yml) and its guide files on disk.

This module reads ``mkdocs.yml`` as plain YAML (unknown tags such as ``!ENV`` or
``!!python/name:`` are tolerated) so that the command line works without importing MkDocs.
"""

from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import yamlsafe
from .pathsafe import inside, special_file
from .settings import DEFAULTS, SettingsError, read_settings


class ConfigError(Exception):
    """The project cannot be used as configured. Carries a file and line where known."""

    def __init__(self, message: str, path: str = "", line: int = 0, hint: str = ""):
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.hint = hint

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}: " if self.path and self.line else (f"{self.path}: " if self.path else "")
        hint = f" (hint: {self.hint})" if self.hint else ""
        return f"{where}{self.message}{hint}"


class _TolerantLoader(yaml.SafeLoader):
    """SafeLoader that turns unknown tags (``!ENV``, ``!!python/name:…``) into plain values."""


def _unknown_tag(loader: yaml.SafeLoader, tag_suffix: str, node: yaml.Node):
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
        return value
    if isinstance(node, yaml.SequenceNode):
        seq = loader.construct_sequence(node, deep=True)
        if tag_suffix in ("!ENV", "ENV") and seq:
            # !ENV [NAME, default]: use the environment when set, as MkDocs does
            env = os.environ.get(str(seq[0]))
            if env is None:
                return seq[-1] if len(seq) > 1 else None
            # typed as a plain YAML scalar ('false' is a bool), as MkDocs' pyyaml_env_tag does
            return loader.construct_object(yaml.ScalarNode(loader.resolve(yaml.ScalarNode, env, (True, False)), env))
        return seq
    return loader.construct_mapping(node, deep=True)


_TolerantLoader.add_multi_constructor("!", _unknown_tag)
_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", _unknown_tag)


@dataclass
class ValidationSettings:
    severity: dict[str, str] = field(default_factory=dict)
    ignore: list[str] = field(default_factory=list)


@dataclass
class Project:
    root: Path
    config_file: Path
    # plugins.cmg: the defaults, types and meaning of each are in cmg.settings (the plugin's schema)
    source_locale: str = DEFAULTS["source_locale"]
    default_locale: str = "es"
    locales: list[str] = field(default_factory=lambda: ["es", "en", "ko"])
    locale_names: dict[str, str] = field(default_factory=dict)
    guides_dir: str = DEFAULTS["guides_dir"]
    translations_dir: str = DEFAULTS["translations_dir"]
    docs_dir: str = "docs"
    termbase: str = DEFAULTS["termbase"]
    placeholder_labels: str = DEFAULTS["placeholder_labels"]  # the forms' placeholder labels (cmg.placeholders)
    countries_dir: str = DEFAULTS["countries_dir"]  # the country profiles (cmg.countries)
    offline_archive: str = DEFAULTS["offline_archive"]  # where the offline copy goes, inside the site folder
    cache_dir: str = DEFAULTS["cache_dir"]  # PDFs, conversions, search entries, findings (relative to mkdocs.yml)
    validation_enabled: bool = DEFAULTS["validation_enabled"]
    pdf: bool = DEFAULTS["pdf"]
    country_pdfs: bool = DEFAULTS["country_pdfs"]
    pdf_max_kb: int = DEFAULTS["pdf_max_kb"]
    validation: ValidationSettings = field(default_factory=ValidationSettings)
    nav: list | None = None  # mkdocs.yml's nav, as written

    @property
    def target_locales(self) -> list[str]:
        return [loc for loc in self.locales if loc != self.source_locale]

    def rel(self, path: Path | str) -> str:
        p = Path(path)
        try:
            return p.resolve().relative_to(self._resolved_root).as_posix()
        except ValueError:
            return p.as_posix()

    @functools.cached_property
    def _resolved_root(self) -> Path:
        return self.root.resolve()

    def locale_dir(self, locale: str) -> Path:
        if locale == self.source_locale:
            return self.root / self.guides_dir
        return self.root / self.translations_dir / locale


def find_config(start: Path, config_file: str | None = None) -> Path:
    if config_file:
        p = Path(config_file)
        if not p.is_file():
            raise ConfigError(f"config file '{config_file}' does not exist", hint="pass -f path/to/mkdocs.yml")
        return p.resolve()
    for d in [start, *start.resolve().parents]:
        for name in ("mkdocs.yml", "mkdocs.yaml"):
            if (d / name).is_file():
                return (d / name).resolve()
    raise ConfigError("no mkdocs.yml found here or in any parent folder",
                      hint="run cmg inside the project, or pass -f path/to/mkdocs.yml")


# a BCP 47 language tag as the site uses them: language, optional script, region and variants
# (RFC 5646, without extensions and private use); matched in full, so no path or newline gets through
BCP47 = re.compile(r"[a-z]{2,3}(?:-[A-Z][a-z]{3})?(?:-(?:[A-Z]{2}|[0-9]{3}))?(?:-(?:[0-9A-Za-z]{5,8}|[0-9][0-9A-Za-z]{3}))*")

def _kind(value) -> str:
    return {dict: "a mapping", list: "a list", str: "text", bool: "true or false", int: "a number",
            float: "a number", type(None): "empty"}.get(type(value), type(value).__name__)


def _line_of(text: str, key: str, value: str = "") -> int:
    """The first line that sets ``key`` (to ``value``, when given), 0 if none: for messages."""
    rx = re.compile(rf"(?<![\w-]){re.escape(key)}\s*:" + (rf".*{re.escape(value)}" if value else ""))
    return next((i for i, ln in enumerate(text.splitlines(), 1) if rx.search(ln)), 0)


def _stays_inside(root: Path, rel: str) -> bool:
    p = Path(rel)
    return not p.is_absolute() and ".." not in p.parts


def _plugin_options(plugins: list, name: str) -> dict | None:
    for entry in plugins or []:
        if isinstance(entry, str) and entry == name:
            return {}
        if isinstance(entry, dict) and name in entry:
            return entry[name] or {}
    return None


def load_project(config_path: Path) -> Project:
    """Read the project's settings from mkdocs.yml (the one place they live)."""
    rel = config_path.name
    try:
        raw = yamlsafe.load(config_path.read_text(encoding="utf-8-sig"), _TolerantLoader) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise ConfigError(f"mkdocs.yml is not valid YAML: {getattr(exc, 'problem', exc)}", rel,
                          (mark.line + 1) if mark else 0) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read mkdocs.yml: {exc}", rel) from None
    if not isinstance(raw, dict):
        raise ConfigError("mkdocs.yml must be a mapping of settings", rel, 1)
    project = Project(root=config_path.parent, config_file=config_path)
    project.docs_dir = str(raw.get("docs_dir", "docs"))
    project.nav = raw.get("nav") or None
    plugins = raw.get("plugins") or []
    if isinstance(plugins, dict):
        plugins = [{k: v} for k, v in plugins.items()]
    text = config_path.read_text(encoding="utf-8-sig")
    raw_opts = _plugin_options(plugins, "cmg") or {}
    if not isinstance(raw_opts, dict):
        raise ConfigError(f"plugins.cmg must be a mapping of settings, not {_kind(raw_opts)}", rel, _line_of(text, "cmg"))
    try:
        opts = read_settings(raw_opts)  # the plugin's schema (cmg.settings)
    except SettingsError as exc:
        key = next((k for k in raw_opts if f"plugins.cmg.{k} " in str(exc)), "")
        raise ConfigError(str(exc), rel, _line_of(text, key) if key else 0) from None
    for key in ("guides_dir", "translations_dir", "termbase", "placeholder_labels", "countries_dir"):
        if not _stays_inside(config_path.parent, str(opts[key])):
            raise ConfigError(f"plugins.cmg.{key} '{opts[key]}' leads outside the project", rel, _line_of(text, key),
                              hint="give a path relative to mkdocs.yml, inside the project")
    project.source_locale = opts["source_locale"]
    project.guides_dir = opts["guides_dir"]
    project.translations_dir = opts["translations_dir"]
    project.termbase = opts["termbase"]
    project.placeholder_labels = opts["placeholder_labels"]
    project.countries_dir = opts["countries_dir"]
    project.offline_archive = opts["offline_archive"]
    project.cache_dir = opts["cache_dir"]  # empty: no cache
    project.validation_enabled = opts["validation_enabled"]
    project.pdf = opts["pdf"]
    project.country_pdfs = opts["country_pdfs"]
    project.pdf_max_kb = opts["pdf_max_kb"]
    val = opts["validation"]
    severity, ignore = val.get("severity") or {}, val.get("ignore") or []
    if not isinstance(severity, dict):
        raise ConfigError(f"plugins.cmg.validation.severity must map rule codes to severities, not {_kind(severity)}",
                          rel, _line_of(text, "severity"), hint="write `severity: {CMG201: warning}`")
    if not isinstance(ignore, list):
        raise ConfigError(f"plugins.cmg.validation.ignore must be a list of rule codes, not {_kind(ignore)}",
                          rel, _line_of(text, "ignore"), hint="write `ignore: [CMG503]`")
    project.validation = ValidationSettings(
        severity={str(k): str(v) for k, v in severity.items()},
        ignore=[str(c) for c in ignore],
    )
    i18n = _plugin_options(plugins, "i18n")
    if i18n is not None:
        langs = i18n.get("languages") or []
        locales, default = [], None
        for lang in langs:
            if not isinstance(lang, dict) or "locale" not in lang:
                raise ConfigError("each plugins.i18n.languages entry needs a 'locale'", rel)
            loc = str(lang["locale"])
            if not BCP47.fullmatch(loc):
                raise ConfigError(f"locale code {loc!r} is not a BCP 47 language tag", rel, _line_of(text, "locale", loc),
                                  hint="write a code such as `pt` or `pt-BR`")
            if lang.get("build", True) is False:
                continue
            locales.append(loc)
            project.locale_names[loc] = str(lang.get("name", loc))
            if lang.get("default"):
                default = loc
        if locales:
            project.locales = locales
            project.default_locale = default or locales[0]
    if project.source_locale not in project.locales:
        raise ConfigError(f"source locale '{project.source_locale}' is not one of the site's languages "
                          f"({', '.join(project.locales)})", rel, hint="add it to plugins.i18n.languages")
    return project


@dataclass(frozen=True)
class GuidePath:
    """One Markdown file of the guide tree of one locale."""

    locale: str
    guide: str
    rel: str  # e.g. "delays/index.md"
    abs: Path


def iter_guide_files(project: Project, locale: str) -> list[GuidePath]:
    """Markdown files of one locale's guide tree, sorted; symlink loops and non-files are skipped, and
    so is anything whose symbolic links lead outside the project (refused_paths lists them)."""
    return _walk_guide_tree(project, locale)[0]


def refused_paths(project: Project, locale: str) -> list[tuple[Path, str]]:
    """Entries of one locale's guide tree that are not read: (path, why)."""
    return _walk_guide_tree(project, locale)[1]


def _walk_guide_tree(project: Project, locale: str) -> tuple[list[GuidePath], list[tuple[Path, str]]]:
    base = project.locale_dir(locale)
    out: list[GuidePath] = []
    refused: list[tuple[Path, str]] = []
    if not base.is_dir():
        return out, refused
    if not inside(project.root, base):
        return out, [(base, f"leads outside the project (to {os.path.realpath(base)})")]
    real_root = os.path.realpath(project.root)  # once per walk, not once per file
    seen: set[tuple[int, int]] = set()
    for dirpath, dirnames, filenames in os.walk(base, followlinks=True):
        try:
            st = os.stat(dirpath)
        except OSError:
            dirnames[:] = []
            continue
        key = (st.st_dev, st.st_ino)
        if key in seen:  # symlink loop
            dirnames[:] = []
            continue
        seen.add(key)
        kept = []
        for d in sorted(d for d in dirnames if not d.startswith(".")):
            if inside(project.root, Path(dirpath) / d, real_root=real_root):
                kept.append(d)
            else:  # a symbolic link out of the project: not walked (it may be `/`)
                refused.append((Path(dirpath) / d, f"leads outside the project (to {os.path.realpath(Path(dirpath) / d)})"))
        dirnames[:] = kept
        for name in sorted(filenames):
            if not name.endswith(".md") or name.startswith("."):
                continue
            abs_path = Path(dirpath) / name
            if not inside(project.root, abs_path, real_root=real_root):
                refused.append((abs_path, f"leads outside the project (to {os.path.realpath(abs_path)})"))
                continue
            kind = special_file(abs_path)
            if kind or not abs_path.is_file():
                if kind:
                    refused.append((abs_path, f"is {kind}, not a file"))
                continue
            rel = abs_path.relative_to(base).as_posix()
            if "/" not in rel:
                continue  # files at the top of a locale tree belong to no guide
            out.append(GuidePath(locale, rel.split("/", 1)[0], rel, abs_path))
    return out, refused


def unconfigured_locale_dirs(project: Project) -> list[Path]:
    tdir = project.root / project.translations_dir
    if not tdir.is_dir():
        return []
    return sorted(p for p in tdir.iterdir() if p.is_dir() and not p.name.startswith(".")
                  and p.name not in project.locales)
