"""The ``lapcheck`` command line: each command parses options, makes one library call, renders.

Only this module knows click or exits the process. Errors are translated once, in
:class:`LapcheckGroup`: a :class:`~lapcheck.errors.LapcheckError` becomes one line on stderr and
exit code 2.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import click

from lapcheck import __version__
from lapcheck.engine import ENGINES
from lapcheck.errors import InputError, LapcheckError, ProfileError
from lapcheck.model import STATUSES

EXIT_OK = 0
EXIT_FINDINGS = 1
"""A finding matched ``--fail-on``."""
EXIT_ERROR = 2
"""Bad input or usage."""


class LapcheckGroup(click.Group):
    """A click group that turns every lapcheck error into one stderr line and exit code 2, and
    reuses the parses of unchanged files (see :mod:`lapcheck.parsecache`)."""

    def invoke(self, ctx: click.Context) -> Any:
        from lapcheck import parsecache, yamlsafe

        yamlsafe.enable_cache(parsecache.default_directory())
        try:
            return super().invoke(ctx)
        except LapcheckError as exc:
            for line in str(exc).splitlines():
                click.echo(f"lapcheck: error: {line}", err=True)
            ctx.exit(EXIT_ERROR)
        except click.ClickException as exc:
            # click's own errors exit 1 by default; bad input is 2 here. click types exit_code as a
            # ClassVar, yet exits with the instance's.
            exc.exit_code = EXIT_ERROR if exc.exit_code == 1 else exc.exit_code  # type: ignore[misc]
            raise


def _as_of(_ctx: click.Context, _param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"expected YYYY-MM-DD, got {value!r}") from None


def common_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """``--rules`` and ``--as-of``, shared by every command that evaluates."""
    fn = click.option("--as-of", "as_of", callback=_as_of, metavar="YYYY-MM-DD",
                      help="Evaluate as of this date (default: today).")(fn)
    fn = click.option("--rules", "rules_path", type=click.Path(path_type=Path), metavar="DIR",
                      help="Rule files to use (default: the bundled rules).")(fn)
    return fn


def output_options(formats: tuple[str, ...]) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """``--format`` and ``--output``."""
    def decorate(fn: Callable[..., Any]) -> Callable[..., Any]:
        fn = click.option("--output", "-o", type=click.Path(path_type=Path, dir_okay=False),
                          help="Write to this file (atomically) instead of stdout.")(fn)
        fn = click.option("--format", "fmt", type=click.Choice(formats), default=formats[0],
                          show_default=True, help="Output format.")(fn)
        return fn
    return decorate


WAIVERS = click.option(
    "--waivers", "waivers_path", type=click.Path(path_type=Path, dir_okay=False),
    help="Reviewed exceptions to show beside findings (default, on the bundled data: fixtures/waivers.yaml).")


def emit(text: str, output: Path | None) -> None:
    """Print ``text``, or write it atomically to ``output``."""
    if output is None:
        click.echo(text, nl=False)
        return
    from lapcheck.atomic import write_text

    try:
        write_text(output, text)
    except OSError as exc:
        raise InputError(f"cannot write output: {exc.strerror or exc}", path=output) from None


def _waivers(path: Path | None, defaults: bool, rules: Any, states: list[str]) -> list[Any]:
    """The waivers at ``path``; else, on the bundled data and rules, the bundled waivers."""
    from lapcheck.bundled import bundled
    from lapcheck.waivers import load_waivers

    if path is None and defaults:
        path = bundled("fixtures") / "waivers.yaml"
        if not path.exists():
            return []
    return [] if path is None else load_waivers(path, rules, states)


def _engine(name: str | None) -> str:
    from lapcheck.engine import default_engine

    if name is not None:
        return name
    chosen, why = default_engine()
    if why:
        click.echo(f"lapcheck: {why}", err=True)
    return chosen


@click.group(cls=LapcheckGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="lapcheck")
def cli() -> None:
    """Where each State stands on the Lausanne Action Plan of the Convention on Cluster Munitions."""


@cli.command()
@click.argument("profile_paths", nargs=-1, type=click.Path(path_type=Path))
@common_options
@click.option("--state", "states", multiple=True, metavar="ISO3", help="Only this State (repeatable).")
@click.option("--status", "statuses", multiple=True, type=click.Choice(STATUSES),
              help="Only findings with this status (repeatable).")
@output_options(("table", "json", "csv", "markdown"))
@click.option("--fail-on", "fail_on", multiple=True, type=click.Choice(STATUSES),
              help="Exit 1 when a finding has this status (repeatable).")
@click.option("--engine", type=click.Choice(ENGINES),
              help="Matching engine (default: durable-rules where it imports).")
@WAIVERS
@click.option("--keep-going", is_flag=True, help="Evaluate every valid profile; list the invalid ones; exit 2.")
@click.option("--verbose", "-v", is_flag=True, help="Show full rationales in the table.")
def check(profile_paths: tuple[Path, ...], rules_path: Path | None, as_of: date | None,
          states: tuple[str, ...], statuses: tuple[str, ...], fmt: str, output: Path | None,
          fail_on: tuple[str, ...], engine: str | None, waivers_path: Path | None, keep_going: bool,
          verbose: bool) -> None:
    """Evaluate every check against State profiles (default: the bundled snapshot)."""
    from lapcheck.bundled import bundled
    from lapcheck.engine import evaluate
    from lapcheck.model import Report
    from lapcheck.profiles import read_profiles
    from lapcheck.report import RENDERERS
    from lapcheck.rules import load_rules
    from lapcheck.waivers import apply_waivers

    rules = load_rules(rules_path)
    loaded = read_profiles(profile_paths or [bundled("fixtures") / "profiles"])
    if loaded.errors and not keep_going:
        raise loaded.errors[0]
    profiles = loaded.profiles
    if states:
        wanted = {s.upper() for s in states}
        unknown = sorted(wanted - {p.iso3 for p in profiles})
        if unknown:
            raise ProfileError(f"no profile for {', '.join(unknown)}", key="--state")
        profiles = [p for p in profiles if p.iso3 in wanted]
    report = evaluate(profiles, rules, as_of, _engine(engine))  # type: ignore[arg-type]
    defaults = not profile_paths and rules_path is None
    report = apply_waivers(report, _waivers(waivers_path, defaults, rules, [p.iso3 for p in loaded.profiles]))
    if statuses:
        report = Report(as_of=report.as_of, findings=[f for f in report.findings if f.status in statuses])
    emit(RENDERERS[fmt](report, verbose=verbose), output)
    for err in loaded.errors:
        click.echo(f"lapcheck: error: {err}", err=True)
    if loaded.errors:
        sys.exit(EXIT_ERROR)
    if any(f.status in fail_on for f in report.findings):
        sys.exit(EXIT_FINDINGS)


@cli.command()
@click.argument("profile_paths", nargs=-1, type=click.Path(path_type=Path))
@common_options
@output_options(("table", "json", "markdown"))
@click.option("--engine", type=click.Choice(ENGINES),
              help="Matching engine for indicators over findings (default: durable-rules where it imports).")
@WAIVERS
def summary(profile_paths: tuple[Path, ...], rules_path: Path | None, as_of: date | None, fmt: str,
            output: Path | None, engine: str | None, waivers_path: Path | None) -> None:
    """Print every LAP indicator (counts and shares across States) as of a date."""
    from lapcheck.engine import evaluate
    from lapcheck.indicators import summarize
    from lapcheck.profiles import load_profiles
    from lapcheck.report.summary import SUMMARY_RENDERERS
    from lapcheck.rules import load_rules
    from lapcheck.waivers import apply_waivers

    rules = load_rules(rules_path)
    profiles = load_profiles(list(profile_paths) or None)
    report = evaluate(profiles, rules, as_of, _engine(engine))  # type: ignore[arg-type]
    defaults = not profile_paths and rules_path is None
    report = apply_waivers(report, _waivers(waivers_path, defaults, rules, [p.iso3 for p in profiles]))
    emit(SUMMARY_RENDERERS[fmt](summarize(profiles, rules, as_of, report)), output)


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
def validate(paths: tuple[Path, ...]) -> None:
    """Check profiles and rule files without evaluating; exit 2 on the first problem."""
    from lapcheck.profiles import read_profiles
    from lapcheck.rules import load_rules

    profiles: list[Path] = []
    rules: list[Path] = []
    for path in paths:
        (rules if _is_rules(path) else profiles).append(path)
    count = 0
    for path in rules:
        count += len(load_rules(path).checks)
    loaded = read_profiles(profiles) if profiles else None
    if loaded and loaded.errors:
        from lapcheck.errors import MultipleErrors

        raise loaded.errors[0] if len(loaded.errors) == 1 else MultipleErrors(loaded.errors)
    n_profiles = len(loaded.profiles) if loaded else 0
    click.echo(f"ok: {n_profiles} profiles, {count} checks")


def _is_rules(path: Path) -> bool:
    """A rule file or folder: its YAML names an ``area`` at the top (profiles name ``iso3``)."""
    files = sorted(path.glob("*.y*ml")) if path.is_dir() else [path]
    for file in files[:1]:
        try:
            head = file.read_text(encoding="utf-8", errors="replace")[:4096]
        except OSError:
            return False
        return any(line.startswith(("area:", "checks:")) for line in head.splitlines())
    return False


@cli.command()
@click.argument("iso3")
@click.argument("check_id")
@click.argument("profile_paths", nargs=-1, type=click.Path(path_type=Path))
@common_options
def explain(iso3: str, check_id: str, profile_paths: tuple[Path, ...], rules_path: Path | None,
            as_of: date | None) -> None:
    """Show CHECK_ID's condition tree for State ISO3 with every value and outcome."""
    from lapcheck.explain import explain as trace
    from lapcheck.profiles import load_profiles
    from lapcheck.rules import load_rules

    checks = load_rules(rules_path).by_id()
    if check_id not in checks:
        raise InputError(f"unknown check {check_id!r}; `lapcheck rules list` shows them", key="CHECK_ID")
    found = [p for p in load_profiles(list(profile_paths) or None) if p.iso3 == iso3.upper()]
    if not found:
        raise ProfileError(f"no profile for {iso3.upper()}", key="ISO3")
    click.echo(trace(found[0], checks[check_id], as_of or date.today()), nl=False)


@cli.command()
@click.argument("profile_paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--as-of", "as_of", callback=_as_of, metavar="YYYY-MM-DD", help="As of this date (default: today).")
@click.option("--within", type=click.IntRange(min=0), metavar="DAYS",
              help="Only what is overdue or due within this many days.")
@output_options(("table", "json", "csv"))
def deadlines(profile_paths: tuple[Path, ...], as_of: date | None, within: int | None, fmt: str,
              output: Path | None) -> None:
    """Upcoming and overdue deadlines per State, sorted by date (days negative when overdue)."""
    from lapcheck.duedates import due_dates
    from lapcheck.profiles import load_profiles
    from lapcheck.report.tabular import render

    result = due_dates(load_profiles(list(profile_paths) or None), as_of, within)
    rows = [(d.due, d.days, d.state, d.kind, d.detail) for d in result.deadlines]
    emit(render(fmt, result, f"Deadlines as of {result.as_of}", ("Due", "Days", "State", "Kind", "Detail"), rows),
         output)


@cli.command()
@click.argument("old", type=click.Path(path_type=Path, dir_okay=False))
@click.argument("new", type=click.Path(path_type=Path, dir_okay=False))
@output_options(("table", "json", "csv", "markdown"))
@click.option("--fail-on", "fail_on", multiple=True, type=click.Choice(["regressed", "appeared", "disappeared"]),
              help="Exit 1 when a difference of this kind exists (repeatable).")
def diff(old: Path, new: Path, fmt: str, output: Path | None, fail_on: tuple[str, ...]) -> None:
    """Compare two `check --format json` outputs: improved, regressed, appeared, disappeared, reworded."""
    from lapcheck.diff import compare, read_report
    from lapcheck.report.tabular import render

    result = compare(read_report(old), read_report(new))
    rows = [(d.state, d.check, d.change, d.old_status or "-", d.new_status or "-",
             d.new_rationale if d.change != "disappeared" else d.old_rationale) for d in result.differences]
    title = f"Changes from {result.old_as_of} to {result.new_as_of}: {len(rows)}"
    emit(render(fmt, result, title, ("State", "Check", "Change", "Was", "Now", "Rationale"), rows), output)
    if any(d.change in fail_on for d in result.differences):
        sys.exit(EXIT_FINDINGS)


@cli.command()
@click.argument("profile_paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--from", "first", type=click.IntRange(2008, 2100), required=True, metavar="YEAR")
@click.option("--to", "last", type=click.IntRange(2008, 2100), required=True, metavar="YEAR")
@click.option("--rules", "rules_path", type=click.Path(path_type=Path), metavar="DIR",
              help="Rule files to use (default: the bundled rules).")
@output_options(("table", "json", "csv", "markdown"))
@click.option("--engine", type=click.Choice(ENGINES), help="Matching engine.")
def trend(profile_paths: tuple[Path, ...], first: int, last: int, rules_path: Path | None, fmt: str,
          output: Path | None, engine: str | None) -> None:
    """Every indicator year by year, on the eve of each year's meeting of States Parties."""
    from lapcheck.indicators import trend as compute
    from lapcheck.profiles import load_profiles
    from lapcheck.report.tabular import render
    from lapcheck.rules import load_rules

    if last < first:
        raise click.BadParameter(f"--to {last} is before --from {first}")
    result = compute(load_profiles(list(profile_paths) or None), load_rules(rules_path), range(first, last + 1),
                     _engine(engine))  # type: ignore[arg-type]
    ids = [i.id for i in result.points[0].indicators] if result.points else []
    rows = [(ind_id, *(_short(next(i for i in p.indicators if i.id == ind_id)) for p in result.points))
            for ind_id in ids]
    emit(render(fmt, result, "Indicators by year (as of the eve of each meeting)",
                ("Indicator", *(p.as_of for p in result.points)), rows), output)


def _short(value: Any) -> str:
    """An indicator value in a few characters: a count, or numerator/denominator."""
    return str(value.value) if value.numerator is None else f"{value.numerator}/{value.denominator}"


@cli.command("import")
@click.argument("table_dir", type=click.Path(path_type=Path, file_okay=False))
@click.option("--output", "-o", "output_dir", type=click.Path(path_type=Path, file_okay=False), required=True,
              help="Folder of profiles to write; existing profiles there are merged, never emptied.")
def import_(table_dir: Path, output_dir: Path) -> None:
    """Build one profile per State from CSV tables (their columns: fixtures/README.md)."""
    from lapcheck.importer import import_tables

    click.echo(f"wrote {len(import_tables(table_dir, output_dir))} profiles to {output_dir}")


@cli.command()
@click.argument("profile_paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["csv"]), default="csv", show_default=True)
@click.option("--output", "-o", "output_dir", type=click.Path(path_type=Path, file_okay=False), required=True,
              help="Folder to write the tables to.")
def export(profile_paths: tuple[Path, ...], fmt: str, output_dir: Path) -> None:
    """Write profiles (default: the bundled snapshot) back to CSV tables, losing nothing."""
    from lapcheck.importer import export_tables
    from lapcheck.profiles import load_profiles

    result = export_tables(load_profiles(list(profile_paths) or None), output_dir)
    for field in result.omitted:
        click.echo(f"lapcheck: warning: no column holds {field}", err=True)
    click.echo(f"wrote {len(result.paths)} tables to {output_dir}")


@cli.command()
@click.argument("profile_paths", nargs=-1, type=click.Path(path_type=Path))
@common_options
@click.option("--output", "-o", "output_dir", type=click.Path(path_type=Path, file_okay=False), required=True,
              help="Folder to write the site to; replaced as a whole, or left as it was on error.")
@click.option("--format", "fmt", type=click.Choice(["html", "markdown"]), default="html", show_default=True,
              help="HTML pages, or their Markdown twins.")
@WAIVERS
def report(profile_paths: tuple[Path, ...], rules_path: Path | None, as_of: date | None, output_dir: Path,
           fmt: str, waivers_path: Path | None) -> None:
    """Write a static site: every State by LAP area, one page per State, indicators with charts."""
    from lapcheck.engine import evaluate
    from lapcheck.indicators import summarize
    from lapcheck.profiles import load_profiles
    from lapcheck.report.site import build_site, site_trend
    from lapcheck.rules import load_rules
    from lapcheck.waivers import apply_waivers

    rules = load_rules(rules_path)
    profiles = load_profiles(list(profile_paths) or None)
    day, engine = as_of or date.today(), _engine(None)
    defaults = not profile_paths and rules_path is None
    found = apply_waivers(evaluate(profiles, rules, day, engine),  # type: ignore[arg-type]
                          _waivers(waivers_path, defaults, rules, [p.iso3 for p in profiles]))
    trend = site_trend(profiles, rules, day, engine)  # type: ignore[arg-type]
    written = build_site(found, summarize(profiles, rules, day, found), trend, profiles, rules, output_dir,
                         fmt)  # type: ignore[arg-type]
    click.echo(f"wrote {len(written)} pages to {output_dir}")


@cli.group()
def rules() -> None:
    """List the checks and indicators, and run the test cases rule files carry."""


@rules.command("list")
@click.option("--rules", "rules_path", type=click.Path(path_type=Path), metavar="DIR",
              help="Rule files to list (default: the bundled rules).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def rules_list(rules_path: Path | None, fmt: str) -> None:
    """Every check and indicator with its LAP actions, articles and file:line; coverage of actions 1-50."""
    from tabulate import tabulate

    from lapcheck.rules import coverage, load_rules

    loaded = load_rules(rules_path)
    cover = coverage(loaded)
    items: list[dict[str, Any]] = [
        {"id": c.id, "kind": "check", "area": c.area, "title": c.title, "actions": list(c.actions),
         "articles": list(c.articles), "statuses": sorted(c.statuses()), "location": f"{c.path}:{c.line}"}
        for c in loaded.checks
    ] + [
        {"id": i.id, "kind": "indicator", "area": i.area, "title": i.title, "actions": list(i.actions),
         "articles": [], "statuses": [], "location": f"{i.path}:{i.line}"}
        for i in loaded.indicators
    ]
    if fmt == "json":
        actions = [{"action": a, "area": area, "coverage": how, "by": list(by)} for a, area, how, by in cover]
        click.echo(json.dumps({"items": items, "actions": actions}, indent=2, sort_keys=True))
        return
    rows = [(i["id"], i["kind"], i["area"], " ".join(map(str, i["actions"])), " ".join(i["articles"]),
             i["location"].rsplit("/", 1)[-1]) for i in items]
    click.echo(tabulate(rows, headers=("Id", "Kind", "Area", "Actions", "Articles", "File:line")))
    counts = {how: sum(1 for row in cover if row[2] == how) for how in ("encoded", "area", "none")}
    click.echo(f"\nLAP actions 1-50: {counts['encoded']} cited by a check or indicator, {counts['area']} covered "
               f"only by their area's checks, {counts['none']} not encoded.")
    by_area: dict[str, list[str]] = {}
    for action, area, how, _ in cover:
        by_area.setdefault(area, []).append(f"{action}{'' if how == 'encoded' else ('~' if how == 'area' else '-')}")
    for area, acts in by_area.items():
        click.echo(f"  {area}: {' '.join(acts)}")
    click.echo("  (n: cited; n~: area covered, action not cited; n-: not encoded)")


@rules.command("test")
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option("--engine", "engine_names", multiple=True, type=click.Choice(ENGINES),
              help="Engines to run the cases with (default: every engine available here).")
@click.option("--verbose", "-v", is_flag=True, help="List passing cases too.")
def rules_test(path: Path | None, engine_names: tuple[str, ...], verbose: bool) -> None:
    """Run the test cases each check carries; exit 1 if any fails or a status has no case."""
    from lapcheck.rules import load_rules
    from lapcheck.ruletests import available_engines, missing_statuses, run

    loaded = load_rules(path)
    results = run(loaded, engine_names or available_engines())  # type: ignore[arg-type]
    failed = [r for r in results if not r.passed]
    for r in results if verbose else failed:
        click.echo(f"{'PASS' if r.passed else 'FAIL'} {r.id} [{r.engine}] {r.location}: {r.message}")
    uncovered = [(c, missing_statuses(c)) for c in loaded.checks if missing_statuses(c)]
    for check, statuses in uncovered:
        click.echo(f"MISSING {check.id} {check.path}:{check.line}: no case for {', '.join(statuses)}")
    click.echo(f"{len(results) - len(failed)} passed, {len(failed)} failed")
    if failed or uncovered:
        sys.exit(EXIT_FINDINGS)


@cli.command()
def fields() -> None:
    """List the facts rule conditions can name, with their types."""
    from tabulate import tabulate

    from lapcheck.facts import FIELDS

    rows = [(f.name, f.type + (f" ({', '.join(f.choices)})" if f.choices else ""), f.description)
            for f in FIELDS.values()]
    click.echo(tabulate(sorted(rows), headers=("Field", "Type", "Meaning"), maxcolwidths=[None, 30, 50]))


@cli.command()
@click.argument("what", type=click.Choice(["profile"]))
def schema(what: str) -> None:
    """Print the JSON Schema of a State profile."""
    from lapcheck.model import Profile

    click.echo(json.dumps(Profile.model_json_schema(), indent=2, sort_keys=True))


def main() -> None:
    """Console-script entry point."""
    try:
        cli(prog_name="lapcheck")
        code: object = 0
    except SystemExit as exc:
        code = exc.code
    if code is None:
        code = 0
    elif not isinstance(code, int):  # what SystemExit would do with a message
        sys.stderr.write(f"{code}\n")
        code = 1
    # The process ends here, so skip freeing every finding, profile and module one by one (~30 ms
    # of a 0.47 s `check` on the snapshot, measured), as mypy does. Output files were written atomically
    # and closed already; the standard streams are flushed first.
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # a closed pipe (`| head`) or stream: nothing more can be said
        pass
    os._exit(code)
