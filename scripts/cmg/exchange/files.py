"""The I/O edge of the exchange commands: what ``cmg export``, ``import``, ``export-memory`` and
``export-terms`` read and write."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from ..freshness import OUTDATED, TRANSLATED, UNTRANSLATED
from ..fsio import atomic_write_bytes
from ..termbase import load_termbase
from . import ExchangeError
from .bundle import load_entries
from .imported import ImportedFile

FORMATS = ("po", "xliff")


def project_termbase(project):
    path = project.root / project.termbase
    return load_termbase(path, project.rel(path), project.locales)


def check_guides(project, guides: list[str] | None) -> None:
    if not guides:
        return
    from ..project import iter_guide_files

    known = {gp.guide for gp in iter_guide_files(project, project.source_locale)}
    unknown = [g for g in guides if g not in known]
    if unknown:
        raise ExchangeError(f"no guide {', '.join(unknown)} under {project.guides_dir}/ ({', '.join(sorted(known))})")


def export_bytes(project, locale: str, fmt: str, guides: list[str] | None = None) -> tuple[bytes, Counter]:
    from .po import write_po
    from .xliff import write_xliff

    check_guides(project, guides)
    _, entries = load_entries(project, locale, guides, termbase=project_termbase(project))
    stats = Counter(e.state for e in entries)
    stats["units"] = len(entries)
    stats["misaligned"] = sum(1 for e in entries if not e.aligned)
    writer = write_po if fmt == "po" else write_xliff
    return writer(entries, locale, project.source_locale), stats


def memory_bytes(project, locale: str) -> tuple[bytes, int]:
    from .tmx import write_tmx

    _, entries = load_entries(project, locale, history=False)
    return write_tmx(entries, locale, project.source_locale)


def terms_bytes(project) -> tuple[bytes, int]:
    from .tbx import write_tbx

    return write_tbx(project_termbase(project), project.locales, project.source_locale)


def write_output(data: bytes, output: str | None, stdout) -> None:
    if output in (None, "-"):
        stdout.buffer.write(data) if hasattr(stdout, "buffer") else stdout.write(data.decode("utf-8"))
        return
    atomic_write_bytes(Path(output), data)


def sniff_format(path: str, data: bytes) -> str:
    lower = path.lower()
    if lower.endswith((".po", ".pot")):
        return "po"
    if lower.endswith((".xlf", ".xliff", ".sdlxliff", ".mqxliff")):
        return "xliff"
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:200]
    if head.startswith(b"<"):
        return "xliff"
    return "po"


def read_exchange_file(path: str) -> ImportedFile:
    from .po import read_po
    from .xliff import read_xliff

    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise ExchangeError(f"{path}: cannot read: {exc.strerror or exc}") from None
    fmt = sniff_format(path, data)
    if fmt == "po":
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            raise ExchangeError(f"{path}:{line}: not valid UTF-8 (cmg exports UTF-8 PO files)") from None
        return read_po(data, path)
    return read_xliff(data, path)


def describe(stats: Counter) -> str:
    parts = [f"{stats[TRANSLATED]} translated", f"{stats[OUTDATED]} outdated (fuzzy)", f"{stats[UNTRANSLATED]} untranslated"]
    return f"{stats['units']} units: " + ", ".join(parts)
