"""The ``cmg`` command: one entry point, one subcommand per job."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from . import __version__, collector
from .exchange import ExchangeError
from .fsio import UnsafeFileError
from .project import ConfigError, find_config, load_project
from .report import format_github, format_json, format_text
from .rules import RULES

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


ENGINE_COMMANDS = "cmg.engine_commands"


def project_of(args):
    project = load_project(find_config(Path.cwd(), args.config_file))
    return project


def cmd_validate(args) -> int:
    from .validate import validate_findings, validate_settings

    project = project_of(args)
    problems = validate_settings(project)
    if problems:
        for p in problems:
            print(f"{project.rel(project.config_file)}: {p}", file=sys.stderr)
        return EXIT_USAGE
    if args.locale and args.locale not in project.locales:
        print(f"cmg: locale '{args.locale}' is not configured ({', '.join(project.locales)})", file=sys.stderr)
        return EXIT_USAGE
    locales = [args.locale] if args.locale else None
    checked, findings = validate_findings(project, locales=locales, workers=args.jobs, cache=not args.no_cache)
    if args.paths:
        wanted = []
        for p in args.paths:
            path = Path(p)
            if not path.exists():
                print(f"cmg: {p}: no such file or folder", file=sys.stderr)
                return EXIT_USAGE
            wanted.append(project.rel(path))
        findings = [f for f in findings if any(f.path == w or f.path.startswith(w.rstrip("/") + "/") for w in wanted)]
    if args.format == "json":
        print(format_json(findings))
    elif args.format == "github":
        print(format_github(findings, checked))
    else:
        print(format_text(findings, checked, hints=not args.no_hints))
    return EXIT_FINDINGS if any(f.severity == "error" for f in findings) else EXIT_OK


def _is_target_locale(project, locale: str) -> bool:
    if locale in project.target_locales:
        return True
    print(f"cmg: '{locale}' is not a translation locale ({', '.join(project.target_locales)})", file=sys.stderr)
    return False


def _apply_or_show(changes, dry_run: bool, project=None) -> None:
    """Show or write the changes; with ``project``, the source texts the new records stand for are kept
    too (translations/.source-texts/, for `cmg diff`)."""
    from .source_texts import with_source_texts
    from .workflow import apply_changes

    if project is not None and changes and not dry_run:
        changes = with_source_texts(project, changes)
    if dry_run:
        for ch in changes:
            sys.stdout.write(ch.diff())
        return
    apply_changes(changes)
    for ch in changes:
        print(f"{'created' if ch.before is None else 'updated'} {ch.rel}")


def cmd_status(args) -> int:
    import json

    from .freshness import MISSING, OUTDATED, TRANSLATED, UNMARKED, UNREADABLE, UNTRANSLATED
    from .lifecycle import REMOVED_FILE, removed_clauses_kept
    from .workflow import translation_status

    project = project_of(args)
    if args.locale and not _is_target_locale(project, args.locale):
        return EXIT_USAGE
    states = translation_status(project, locales=[args.locale] if args.locale else None)
    if args.format == "json":
        print(json.dumps([{
            "locale": fs.locale, "guide": fs.guide, "path": fs.path, "source": fs.source_path,
            "clauses": len(fs.clauses),
            **{st: fs.count(st) for st in (TRANSLATED, OUTDATED, UNTRANSLATED, MISSING, UNREADABLE)},
            "unreadable_reason": fs.unreadable or None,
            "percent_complete": round(fs.percent, 1),
            "outdated_clauses": [{"clause": c.clause_id, "number": c.number, "line": c.line, "reason": c.reason,
                                  "diff": f"cmg diff {fs.locale} '{fs.path}#{c.clause_id}'" if c.reason != UNMARKED else None}
                                 for c in fs.clauses if c.state == OUTDATED],
            "orphans": [{"clause": cid, "line": line} for cid, line in fs.orphans],
            "misnumbered": [{"clause": c.clause_id, "line": c.line, "problem": c.number_problem}
                            for c in fs.clauses if c.number_problem],
        } for fs in states], ensure_ascii=False, indent=2))
        return EXIT_OK
    print(f"{'locale':<7}{'guide':<14}{'clauses':>8}{'translated':>12}{'outdated':>10}{'untranslated':>14}{'missing':>9}"
          f"{'complete':>10}")
    for fs in states:
        print(f"{fs.locale:<7}{fs.guide:<14}{len(fs.clauses):>8}{fs.count(TRANSLATED):>12}{fs.count(OUTDATED):>10}"
              f"{fs.count(UNTRANSLATED):>14}{fs.count(MISSING):>9}{fs.percent:>9.1f}%")
        if fs.unreadable:
            print(f"    unreadable: {fs.path}: {fs.unreadable}; its {len(fs.clauses)} clause(s) are not counted until "
                  "the file is fixed (`cmg validate` says how); nothing in it was changed")
        for c in fs.clauses:
            if c.state == OUTDATED and c.reason == UNMARKED:
                print(f"    outdated: {fs.path}:{c.line}: {c.number} {c.title} ({c.clause_id}): never marked as "
                      f"translated; check it against the source, then `cmg mark {fs.locale} '{fs.path}#{c.clause_id}'`")
            elif c.state == OUTDATED:
                print(f"    outdated: {fs.path}:{c.line}: {c.number} {c.title} ({c.clause_id}): the source changed; "
                      f"see what changed: cmg diff {fs.locale} '{fs.path}#{c.clause_id}'")
            if c.number_problem:
                print(f"    misnumbered: {fs.path}:{c.line}: {c.clause_id} {c.number_problem}; "
                      f"`cmg renumber {fs.guide}` numbers the guide in order in every locale")
        for cid, line in fs.orphans:
            print(f"    orphan: {fs.path}:{line}: '{cid}' is not in the source; `cmg sync {fs.locale}` moves it "
                  f"where the source has it, or keeps its text in {REMOVED_FILE}")
    for locale in ([args.locale] if args.locale else project.target_locales):
        kept = removed_clauses_kept(project, locale)
        if kept:
            print(f"kept: {project.rel(project.locale_dir(locale) / REMOVED_FILE)}: {kept} removed clause(s) "
                  "with their translation, to reuse or delete")
    return EXIT_OK


def cmd_sync(args) -> int:
    from .lifecycle import plan_sync_notes

    project = project_of(args)
    if not _is_target_locale(project, args.locale):
        return EXIT_USAGE
    changes, notes = plan_sync_notes(project, args.locale)
    _apply_or_show(changes, args.dry_run, project)
    for n in notes:
        print(f"note: {n}", file=sys.stderr)
    if not changes:
        print(f"{args.locale}: nothing to do; every source clause has a place in the translation")
    return EXIT_OK


def cmd_mark(args) -> int:
    from .workflow import MarkRefused, plan_marks

    project = project_of(args)
    if not _is_target_locale(project, args.locale):
        return EXIT_USAGE
    try:
        changes, notes = plan_marks(project, args.locale, args.targets, mark_all=args.all)
    except MarkRefused as exc:
        for reason in exc.reasons:
            print(f"cmg mark: {reason}", file=sys.stderr)
        print("cmg mark: nothing was written", file=sys.stderr)
        return EXIT_FINDINGS
    _apply_or_show(changes, args.dry_run, project)
    if not changes:
        print("already up to date: " + ", ".join(args.targets))
    for n in notes:
        print(f"note: {n}", file=sys.stderr)
    return EXIT_OK


def cmd_rename(args) -> int:
    from .lifecycle import plan_rename

    project = project_of(args)
    changes = plan_rename(project, args.target, args.new_id)
    _apply_or_show(changes, args.dry_run, project)
    if not args.dry_run:
        print(f"renamed to '{args.new_id}'; the old ID keeps working (clause_aliases in the source file)")
    return EXIT_OK


def cmd_remove(args) -> int:
    from .lifecycle import plan_remove

    project = project_of(args)
    changes, notes = plan_remove(project, args.target)
    _apply_or_show(changes, args.dry_run, project)
    for n in notes:
        print(f"note: {n}", file=sys.stderr)
    return EXIT_OK


def cmd_move(args) -> int:
    from .lifecycle import plan_move

    project = project_of(args)
    changes, notes = plan_move(project, args.target, args.guide, args.after)
    _apply_or_show(changes, args.dry_run, project)
    for n in notes:
        print(f"note: {n}", file=sys.stderr)
    return EXIT_OK


def cmd_renumber(args) -> int:
    from .lifecycle import plan_renumber

    project = project_of(args)
    changes, notes = plan_renumber(project, args.guides or None)
    _apply_or_show(changes, args.dry_run, project)
    for n in notes:
        print(f"note: {n}", file=sys.stderr)
    if not changes:
        print("nothing to do: every clause is numbered in order, in every locale")
    return EXIT_OK


def cmd_diff(args) -> int:
    import json

    from .source_texts import clause_diff, diff_text

    project = project_of(args)
    if not _is_target_locale(project, args.locale):
        return EXIT_USAGE
    d = clause_diff(project, args.locale, args.target)
    if args.format == "json":
        print(json.dumps({"locale": d.locale, "clause": d.clause_id, "translation": d.translation, "source": d.source,
                          "state": d.state, "reason": d.reason or None, "summary": d.summary, "origin": d.origin or None,
                          "diff": [{"op": op, "text": text} for op, text in d.pieces] if d.pieces is not None else None},
                         ensure_ascii=False, indent=2))
        return EXIT_OK
    print(d.summary)
    if d.pieces is not None:
        color = args.color == "always" or (args.color == "auto" and sys.stdout.isatty())
        print(diff_text(d.pieces, color=color))
    return EXIT_OK


def cmd_precommit(args) -> int:
    from .precommit import precommit_findings

    project = project_of(args)
    checked, findings, stop = precommit_findings(project, args.files)
    print(format_text(findings, checked, hints=True))
    if stop:
        print("cmg precommit: `make site` (strict) would fail on the findings above: fix them before committing",
              file=sys.stderr)
    return EXIT_FINDINGS if stop else EXIT_OK


def cmd_release(args) -> int:
    from .release import plan_release

    project = project_of(args)
    changes, notes = plan_release(project, args.guide, args.version)
    _apply_or_show(changes, args.dry_run, project)
    for n in notes:
        print(f"note: {n}", file=sys.stderr)
    return EXIT_OK


def cmd_new_locale(args) -> int:
    from .workflow import plan_new_locale

    project = project_of(args)
    changes = plan_new_locale(project, args.code, args.name)
    _apply_or_show(changes, args.dry_run, project)
    if not args.dry_run:
        print(f"locale '{args.code}' added: translate translations/{args.code}/ and docs/{args.code}/, then `make site`")
    return EXIT_OK


def cmd_export(args) -> int:
    from .exchange.files import describe, export_bytes, write_output

    project = project_of(args)
    if not _is_target_locale(project, args.locale):
        return EXIT_USAGE
    data, stats = export_bytes(project, args.locale, args.format, args.guide)
    write_output(data, args.output, sys.stdout)
    where = args.output if args.output not in (None, "-") else "standard output"
    print(f"cmg export: {args.locale}: {describe(stats)}, to {where}", file=sys.stderr)
    if stats["misaligned"]:
        print(f"cmg export: note: {stats['misaligned']} units sit in parts whose translated blocks do not line up "
              "with the English; they are exported without a target and cannot be imported (cmg validate)",
              file=sys.stderr)
    return EXIT_OK


def cmd_import(args) -> int:
    from .exchange.apply import plan_import
    from .exchange.files import project_termbase, read_exchange_file

    project = project_of(args)
    imported = read_exchange_file(args.file)
    changes, summary = plan_import(project, imported, project_termbase(project))
    _apply_or_show(changes, args.dry_run, project)
    for line in summary:
        print(f"{'would change' if args.dry_run else 'import'}: {line}", file=sys.stderr)
    if not changes:
        print(f"{args.file}: nothing to change; every block already has this translation", file=sys.stderr)
    return EXIT_OK


def cmd_export_memory(args) -> int:
    from .exchange.files import memory_bytes, write_output

    project = project_of(args)
    if not _is_target_locale(project, args.locale):
        return EXIT_USAGE
    data, count = memory_bytes(project, args.locale)
    write_output(data, args.output, sys.stdout)
    print(f"cmg export-memory: {args.locale}: {count} translation units to {args.output}", file=sys.stderr)
    return EXIT_OK


def cmd_export_terms(args) -> int:
    from .exchange.files import terms_bytes, write_output

    project = project_of(args)
    data, count = terms_bytes(project)
    write_output(data, args.output, sys.stdout)
    print(f"cmg export-terms: {count} concepts to {args.output}", file=sys.stderr)
    return EXIT_OK


def cmd_rules(args) -> int:
    for r in RULES.values():
        print(f"{r.code}  {r.severity:<7}  {r.name:<26} {r.summary}")
    return EXIT_OK


def cmd_facts(args) -> int:
    from . import facts
    from .country_checks import profile_findings, profiles_for
    from .validate import load_corpus

    project = project_of(args)
    profiles = profiles_for(project)
    errors = [f for f in profile_findings(profiles) if f.severity == "error"]
    if errors:
        print(format_text(errors, 0), end="", file=sys.stderr)
        print("cmg: the country profiles have errors; fix them first (`cmg validate`)", file=sys.stderr)
        return EXIT_FINDINGS
    if args.country and args.country not in profiles.countries:
        known = ", ".join(sorted(profiles.countries)) or "none"
        print(f"cmg: no country profile '{args.country}' in {project.countries_dir}/ (profiles: {known})", file=sys.stderr)
        return EXIT_USAGE
    locale = args.locale or project.source_locale
    if locale not in project.locales:
        print(f"cmg: '{locale}' is not a site locale ({', '.join(project.locales)})", file=sys.stderr)
        return EXIT_USAGE
    corpus = load_corpus(project)
    rows = facts.register(profiles, corpus.files.values(), locale, list(project.locales), args.country or "")
    if args.unconfirmed:
        rows = [r for r in rows if not r.confirmed]
    out = {"json": facts.as_json, "csv": facts.as_csv}.get(args.format)
    sys.stdout.write(out(rows) if out else facts.as_text(rows, locale))
    return EXIT_OK


def cmd_facts_sign_off(args) -> int:
    """`cmg facts sign-off`: the sign-off goes into the profile (never into the guides), written only if the
    file is what was read and the profile it gives has no problem it did not have before."""
    from .countries import load_profiles
    from .country_checks import profiles_for
    from .fsio import read_text_file, split_keepends, unchanged_since, write_text_file
    from .signoff import SignOff, SignOffError, check_request, record

    project = project_of(args)
    request = SignOff(args.param, args.by, args.date, args.source, args.contract_type, args.law)
    profiles = profiles_for(project)
    try:
        check_request(request)
        rel = f"{project.countries_dir}/{args.country}.yml"
        if args.country not in profiles.countries and not (project.root / rel).is_file():
            known = ", ".join(sorted(profiles.countries)) or "none"
            raise SignOffError(f"no country profile '{args.country}' in {project.countries_dir}/ (profiles: {known})")
        if args.param not in profiles.catalogue:
            raise SignOffError(f"unknown parameter '{args.param}': it is not in {profiles.catalogue_path} "
                               "(`cmg facts` lists the parameters)")
        prof = profiles.countries.get(args.country)
        rel = prof.path if prof else rel  # a profile that did not load: record() names its problem and line
        path = project.root / rel
        tf = read_text_file(path, rel)
        before = tf.text()
        after = record(before, rel, request)
    except SignOffError as exc:
        print(f"cmg facts sign-off: {exc}", file=sys.stderr)
        return EXIT_USAGE
    name = path.name
    folder = project.root / project.countries_dir
    texts = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file() and p.suffix in (".yml", ".yaml")}
    old = load_profiles(project.root, project.countries_dir, list(project.locales), texts, project.source_locale)
    texts[name] = after.encode("utf-8")
    new = load_profiles(project.root, project.countries_dir, list(project.locales), texts, project.source_locale)
    seen = {(p.code, p.message) for p in old.problems if p.path == rel}
    added = [p for p in new.problems if p.path == rel and (p.code, p.message) not in seen]
    if added:
        for p in added:
            print(f"{p.path}:{p.line}: {p.code} {p.message}", file=sys.stderr)
        print(f"cmg facts sign-off: the sign-off would leave {rel} with the problems above; nothing written",
              file=sys.stderr)
        return EXIT_FINDINGS
    unchanged_since(path, before, rel)
    tf.lines = split_keepends(after)
    write_text_file(tf, precondition=lambda: unchanged_since(path, before, rel))
    scope = ", ".join(x for x in (args.contract_type, args.law) if x)
    print(f"{rel}: {args.param}{f' ({scope})' if scope else ''} verified by {args.by.strip()} on {args.date}")
    return EXIT_OK


def engine_command(name: str):
    """The handler of a subcommand that the engine wing runs (`cmg build`, `cmg offline`), found by
    the entry point group ``cmg.engine_commands`` (pyproject.toml) when it is called: the core never
    imports the engine, and `cmg validate` never pays for loading MkDocs."""

    def run(args) -> int:
        from importlib.metadata import entry_points

        found = [ep for ep in entry_points(group=ENGINE_COMMANDS) if ep.name == name]
        if not found:
            print(f"cmg {name}: no engine is installed for this command (entry point group {ENGINE_COMMANDS}); "
                  "reinstall the project: pip install -e .", file=sys.stderr)
            return EXIT_USAGE
        return found[0].load()(args)

    return run


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
    v.add_argument("--jobs", type=int, metavar="N",
                   help="processes to check with (default: one per CPU on big sites, else 1)")
    v.add_argument("--no-cache", action="store_true",
                   help="check every file again; neither read nor write the findings cache (.cache/cmg/validate/)")
    v.set_defaults(func=cmd_validate)
    st = sub.add_parser("status", help="per locale and guide: translated, outdated, untranslated and missing clauses")
    st.add_argument("--locale")
    st.add_argument("--format", choices=("text", "json"), default="text")
    st.set_defaults(func=cmd_status)
    sy = sub.add_parser("sync", help="add missing translation files and clauses as untranslated blocks")
    sy.add_argument("locale")
    sy.add_argument("--dry-run", action="store_true", help="show the diff, write nothing")
    sy.set_defaults(func=cmd_sync)
    mk = sub.add_parser("mark", help="record translated clauses as up to date with the source")
    mk.add_argument("locale")
    mk.add_argument("targets", nargs="+", metavar="PATH[#CLAUSE]",
                    help="a translation file, source file or guide folder, and #clause-id (quote it)")
    mk.add_argument("--all", action="store_true",
                    help="a PATH without #CLAUSE marks every translated clause of the file")
    mk.add_argument("--dry-run", action="store_true", help="show the diff, write nothing")
    mk.set_defaults(func=cmd_mark)
    rn = sub.add_parser("rename", help="rename a clause ID in the source, every translation and every reference")
    rn.add_argument("target", metavar="PATH#OLD", help="the source file or guide folder and the clause's ID")
    rn.add_argument("new_id", metavar="NEW", help="the new clause ID")
    rn.add_argument("--dry-run", action="store_true", help="show the diff, write nothing")
    rn.set_defaults(func=cmd_rename)
    rm = sub.add_parser("remove", help="remove a clause from the source and every translation (translations kept)")
    rm.add_argument("target", metavar="PATH#ID", help="the source file or guide folder and the clause's ID")
    rm.add_argument("--dry-run", action="store_true", help="show the diff, write nothing")
    rm.set_defaults(func=cmd_remove)
    mv = sub.add_parser("move", help="move a clause to another guide, with its translations, footnotes and old URL")
    mv.add_argument("target", metavar="PATH#ID", help="the source file or guide folder and the clause's ID")
    mv.add_argument("guide", metavar="OTHER_GUIDE", help="the guide to move it to (its folder, e.g. quality)")
    mv.add_argument("--after", metavar="ID", help="put it after this clause of the other guide (default: at the end)")
    mv.add_argument("--dry-run", action="store_true", help="show the diff, write nothing")
    mv.set_defaults(func=cmd_move)
    rb = sub.add_parser("renumber", help="number clauses in order in the source and every translation")
    rb.add_argument("guides", nargs="*", metavar="GUIDE", help="only these guides (folder names)")
    rb.add_argument("--dry-run", action="store_true", help="show the diff, write nothing")
    rb.set_defaults(func=cmd_renumber)
    df = sub.add_parser("diff", help="what changed in a clause's source since it was translated (word by word)")
    df.add_argument("locale")
    df.add_argument("target", metavar="PATH#ID", help="the translation (or source) file or guide folder and the clause ID")
    df.add_argument("--format", choices=("text", "json"), default="text")
    df.add_argument("--color", choices=("auto", "always", "never"), default="auto")
    df.set_defaults(func=cmd_diff)
    pc = sub.add_parser("precommit", help="the pre-commit check: findings of the changed files and what depends on "
                        "them; fails on every error and warning, as `make site` does")
    pc.add_argument("files", nargs="*", help="the changed files (pre-commit passes them)")
    pc.set_defaults(func=cmd_precommit)
    rl = sub.add_parser("release", help="set a guide's version in every locale and record what changed since the last release")
    rl.add_argument("guide", metavar="GUIDE", help="the guide (its folder, e.g. delays)")
    rl.add_argument("version", metavar="VERSION", help="MAJOR.MINOR.PATCH, after the last release")
    rl.add_argument("--dry-run", action="store_true", help="show the diff, write nothing")
    rl.set_defaults(func=cmd_release)
    nl = sub.add_parser("new-locale", help="scaffold a new locale (translations, site pages, mkdocs.yml)")
    nl.add_argument("code", help="locale code, e.g. pt")
    nl.add_argument("--name", help="the language's name in itself (default: known names, else the code)")
    nl.add_argument("--dry-run", action="store_true", help="show the diff, write nothing")
    nl.set_defaults(func=cmd_new_locale)
    ex = sub.add_parser("export", help="a locale's guides as PO or XLIFF for CAT tools, one unit per block")
    ex.add_argument("locale")
    ex.add_argument("--guide", action="append", metavar="G", help="only this guide (folder name); repeatable")
    ex.add_argument("--format", choices=("po", "xliff"), default="po")
    ex.add_argument("-o", "--output", metavar="FILE", help="write here (default: standard output)")
    ex.set_defaults(func=cmd_export)
    im = sub.add_parser("import", help="write a translated PO or XLIFF file back into translations/<locale>/")
    im.add_argument("file", metavar="FILE")
    im.add_argument("--dry-run", action="store_true", help="show the diff, write nothing")
    im.set_defaults(func=cmd_import)
    em = sub.add_parser("export-memory", help="TMX translation memory of a locale's translations, block by block")
    em.add_argument("locale")
    em.add_argument("-o", "--output", metavar="FILE", required=True)
    em.set_defaults(func=cmd_export_memory)
    et = sub.add_parser("export-terms", help="TBX of the termbase, forbidden terms marked")
    et.add_argument("-o", "--output", metavar="FILE", required=True)
    et.set_defaults(func=cmd_export_terms)
    b = sub.add_parser("build", help="build the site like `mkdocs build`, one process per locale at the same time")
    b.add_argument("-d", "--site-dir", help="the folder to build into (default: site_dir of mkdocs.yml)")
    b.add_argument("-s", "--strict", action="store_true", help="fail on warnings, as `mkdocs build --strict`")
    b.add_argument("-j", "--jobs", type=int, help="locales built at the same time (default: all)")
    b.add_argument("-q", "--quiet", action="store_true", help="show warnings and errors only")
    b.add_argument("-v", "--verbose", action="store_true", help="show debug messages")
    b.set_defaults(func=engine_command("build"))
    off = sub.add_parser("offline", help="build the site for reading from disk and zip it into the site folder")
    off.add_argument("--site-dir", default="site", help="the built site, where the archive goes (default: site)")
    off.add_argument("--no-strict", action="store_true", help="do not stop at MkDocs warnings")
    off.set_defaults(func=engine_command("offline"))
    fa = sub.add_parser("facts", help="the facts register: every country figure with basis, source, status and use")
    fa.add_argument("--country", help="one country profile (hn, sv, pa, kr)")
    fa.add_argument("--format", choices=("text", "json", "csv"), default="text")
    fa.add_argument("--locale", help="the language of labels and values (default: the source locale)")
    fa.add_argument("--unconfirmed", action="store_true", help="only what is not verified yet")
    fa.set_defaults(func=cmd_facts)
    fsub = fa.add_subparsers(dest="facts_command", metavar="sign-off")
    so = fsub.add_parser("sign-off", help="record a partner agency's sign-off of a figure in its country profile")
    so.add_argument("--country", required=True, help="the country profile (hn, sv, pa, kr)")
    so.add_argument("param", metavar="PARAM_ID", help="the parameter signed off (as in countries/parameters.yml)")
    so.add_argument("--by", required=True, help='who checked it: the agency and the person, e.g. "ONCAE (name)"')
    so.add_argument("--date", required=True, help="when (YYYY-MM-DD)")
    so.add_argument("--source", default="", help="the official text the figure was checked against (http(s) address; "
                                                  "required: without it nothing is verified)")
    so.add_argument("--contract-type", default="", help="which value, when the parameter has one per contract type")
    so.add_argument("--law", default="", help="which value, when the parameter has one per governing law")
    so.set_defaults(func=cmd_facts_sign_off)
    r = sub.add_parser("rules", help="list the validation rules")
    r.set_defaults(func=cmd_rules)
    return p


def main(argv: list[str] | None = None) -> int:
    collector.none_at_exit()
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
    except UnsafeFileError as exc:
        print(f"cmg: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except ExchangeError as exc:
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
