"""The downloadable offline copy of the whole site: every locale, search included, opened from disk.

Material's ``offline`` plugin makes a build fit for the ``file:`` protocol (links to ``index.html``,
the search index as a script, the search worker in an iframe). It is switched on for this build only,
by the ``OFFLINE`` variable that mkdocs.yml reads, into a temporary folder; the result is zipped
into the published site at the path set by ``plugins.cmg.offline_archive``.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import tempfile
import zipfile
from html import escape as html_escape
from pathlib import Path

from mkdocs.utils import get_relative_url

from ...fsio import atomic_write_bytes
from ...project import Project
from ...site import ui_strings
from ..locales import offline_plugin
from .sizes import fill_sizes, size_slot


class OfflineBuildError(Exception):
    """The offline build failed; the message holds the end of MkDocs's output."""


def build_offline_site(project: Project, out_dir: Path, *, strict: bool = True) -> None:
    # `cmg build`: every locale at the same time, as the web build
    cmd = [sys.executable, "-m", "cmg.cli", "-f", str(project.config_file), "build", "-q", "-d", str(out_dir)]
    if strict:
        cmd.append("--strict")
    env = dict(os.environ, OFFLINE="true", NO_MKDOCS_2_WARNING="1")
    result = subprocess.run(cmd, cwd=project.root, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise OfflineBuildError((result.stderr or result.stdout).strip()[-4000:])


# Deflate level of the text members (pages, scripts, styles, search indexes): level 9 took twice the CPU
# of level 6 on the shipped site (0.59 s against 0.30 s) for an archive 0.07 % smaller (29.42 MB, 29.44 MB)
TEXT_LEVEL = 6
# already compressed: stored as they are (deflating them again costs time and saves nothing)
STORED = (".gz", ".zip", ".pdf", ".docx", ".png", ".jpg")
# every member's date: the files' own times change at every build; fixed, the same site gives the same zip
MEMBER_DATE = (1980, 1, 1, 0, 0, 0)


def zip_site(site_dir: Path, folder: str) -> bytes:
    """The site's files in one zip, under a single top folder (unzipping makes no mess). The same files
    give the same bytes: members in name order, each with a fixed date and mode (readable by all)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for path in sorted(site_dir.rglob("*")):
            # source maps: for debugging Material; sitemaps: for search engines on the web. Not for readers
            if path.is_file() and path.suffix != ".map" and not path.name.startswith("sitemap.xml"):
                member = zipfile.ZipInfo(f"{folder}/{path.relative_to(site_dir).as_posix()}", date_time=MEMBER_DATE)
                member.external_attr = 0o100644 << 16  # a regular file, rw-r--r--
                stored = path.suffix in STORED
                member.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
                zf.writestr(member, path.read_bytes(), compresslevel=None if stored else TEXT_LEVEL)
    return buf.getvalue()


def write_offline_archive(project: Project, site_dir: Path, *, strict: bool = True) -> Path:
    """Build the offline copy and write it into `site_dir`; returns the archive's path."""
    if not project.offline_archive:
        raise OfflineBuildError("plugins.cmg.offline_archive is not set in mkdocs.yml")
    target = site_dir / project.offline_archive
    folder = Path(project.offline_archive).stem
    with tempfile.TemporaryDirectory(prefix="cmg-offline-") as tmp:
        out = Path(tmp) / folder
        build_offline_site(project, out, strict=strict)
        atomic_write_bytes(target, zip_site(out, folder))
    # the archive's size on the home pages that link it (they are in the archive, so only now)
    for locale in project.locales:
        home = site_dir / ("" if locale == project.default_locale else locale) / "index.html"
        fill_sizes([home] if home.is_file() else [], locale)
    return target


# ---------------------------------------------------------------------------------------- in the build

OFFLINE_SHIM = "assets/javascripts/iframe-worker/shim.js"  # npm iframe-worker 1.0.4, shim/index.js (MIT)


def use_vendored_worker_shim(config) -> None:
    """Material's offline search runs its worker in an iframe (the file: protocol has no workers);
    the shim is vendored, so the offline plugin does not add its copy from a CDN."""
    polyfills = config.extra.get("polyfills") or []
    if not any("iframe-worker" in str(p) for p in polyfills):
        config.extra["polyfills"] = [*polyfills, OFFLINE_SHIM]


def offline_link_html(state, page, config) -> str:
    """The home page's link to the offline copy of the site ('' on every other page, in previews and
    in the offline copy itself)."""
    locale = state.locale(config)
    if not (state.settings.offline_archive and not state.serving and offline_plugin(config) is None
            and page.file.dest_uri == state.dest(config, locale, "index.md")):
        return ""
    ui = ui_strings(locale)
    href = get_relative_url(state.settings.offline_archive, state.dest(config, locale, "index.md"))
    return (f'<h2 id="downloads">{html_escape(ui["downloads_heading"])}</h2>'
            f'<p class="cmg-downloads"><a href="{html_escape(href)}" download>{html_escape(ui["offline_download"])}'
            f'{size_slot(href)}</a></p>'
            f'<p>{html_escape(ui["offline_howto"])}</p>')
