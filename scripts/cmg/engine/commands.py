"""The subcommands of `cmg` that run the engine: `cmg build` and `cmg offline`. The CLI finds them
by the entry point group ``cmg.engine_commands`` (pyproject.toml), so the core imports no engine."""

from __future__ import annotations

import sys
from pathlib import Path

from ..cli import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, project_of
from ..project import find_config
from .downloads.offline import OfflineBuildError, write_offline_archive
from .parallel_build import BuildError, build


def cmd_build(args) -> int:
    config_file = find_config(Path.cwd(), args.config_file)
    try:
        return build(config_file, site_dir=args.site_dir, strict=args.strict, quiet=args.quiet, verbose=args.verbose,
                     jobs=args.jobs)
    except BuildError as exc:
        print(f"cmg build: {exc}", file=sys.stderr)
        return EXIT_USAGE


def cmd_offline(args) -> int:
    project = project_of(args)
    site_dir = Path(args.site_dir)
    try:
        target = write_offline_archive(project, site_dir, strict=not args.no_strict)
    except OfflineBuildError as exc:
        print(f"cmg: offline build failed:\n{exc}", file=sys.stderr)
        return EXIT_FINDINGS
    print(f"cmg: offline copy of the site: {target} ({target.stat().st_size / 1e6:.1f} MB)")
    return EXIT_OK
