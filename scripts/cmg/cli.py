"""The ``cmg`` command: one entry point, one subcommand per job."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from . import __version__
from .project import ConfigError, find_config, load_project
from .report import format_github, format_json, format_text
from .rules import RULES

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def _project(args):
    project = load_project(find_config(Path.cwd(), args.config_file))
    return project


def cmd_validate(args) -> int:
    from .validate import validate_project, validate_settings

    project = _project(args)
    problems = validate_settings(project)
    if problems:
        for p in problems:
            print(f"{project.rel(project.config_file)}: {p}", file=sys.stderr)
        return EXIT_USAGE
    if args.locale and args.locale not in project.locales:
        print(f"cmg: locale '{args.locale}' is not configured ({', '.join(project.locales)})", file=sys.stderr)
        return EXIT_USAGE
    locales = [args.locale] if args.locale else None
    corpus, findings = validate_project(project, locales=locales)
    if args.paths:
        wanted = []
        for p in args.paths:
            path = Path(p)
            if not path.exists():
                print(f"cmg: {p}: no such file or folder", file=sys.stderr)
                return EXIT_USAGE
            wanted.append(project.rel(path))
        findings = [f for f in findings if any(f.path == w or f.path.startswith(w.rstrip("/") + "/") for w in wanted)]
    checked = len(corpus.files)
    if args.format == "json":
        print(format_json(findings))
    elif args.format == "github":
        print(format_github(findings, checked))
    else:
        print(format_text(findings, checked, hints=not args.no_hints))
    return EXIT_FINDINGS if any(f.severity == "error" for f in findings) else EXIT_OK


def cmd_rules(args) -> int:
    for r in RULES.values():
        print(f"{r.code}  {r.severity:<7}  {r.name:<26} {r.summary}")
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="cmg", description="Toolkit for the Standardized Contract Management Guides.")
    p.add_argument("--version", action="version", version=f"cmg {__version__}")
    p.add_argument("-f", "--config-file", help="the project's mkdocs.yml (default: found from the current folder)")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    v = sub.add_parser("validate", help="check every guide and translation for consistency")
    v.add_argument("paths", nargs="*", help="only report findings in these files or folders")
    v.add_argument("--locale", help="only check this locale (and the source)")
    v.add_argument("--format", choices=("text", "json", "github"), default="text")
    v.add_argument("--no-hints", action="store_true", help="text format: leave out fix hints")
    v.set_defaults(func=cmd_validate)
    r = sub.add_parser("rules", help="list the validation rules")
    r.set_defaults(func=cmd_rules)
    return p


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_USAGE
    try:
        return args.func(args)
    except ConfigError as exc:
        print(f"cmg: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as exc:
        print(f"cmg: {exc.filename or ''}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # noqa: BLE001 - never show a traceback to a user
        if os.environ.get("CMG_DEBUG"):
            raise
        print(f"cmg: internal error: {type(exc).__name__}: {exc} (set CMG_DEBUG=1 for details and report it)",
              file=sys.stderr)
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
