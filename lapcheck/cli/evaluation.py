"""The commands that say where States stand: check, summary, explain, deadlines, trend, diff, report."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Any

import click

from lapcheck.cli.group import cli
from lapcheck.cli.options import (
    EXIT_ERROR,
    EXIT_FINDINGS,
    area_option,
    as_of_option,
    check_areas,
    emit,
    engine_option,
    load_waivers,
    output_options,
    profiles_argument,
    rules_option,
    stale_option,
    state_option,
    status_option,
    waivers_option,
)
from lapcheck.engine import EngineName
from lapcheck.errors import InputError, ProfileError
from lapcheck.report import RENDERERS
from lapcheck.report.summary import SUMMARY_RENDERERS
from lapcheck.report.tabular import FORMATS as TABULAR
from lapcheck.rules import Rules


def _rules(path: Path | None) -> Rules:
    from lapcheck.rules import load_rules

    return load_rules(path)


def _profiles(paths: tuple[Path, ...], rules: Rules) -> list[Any]:
    from lapcheck.profiles import load_profiles

    return load_profiles(list(paths) or None, rules.calendar)


@cli.command()
@profiles_argument
@rules_option
@as_of_option
@state_option
@status_option("--status", "Only findings with this status (repeatable).")
@output_options(RENDERERS)
@status_option("--fail-on", "Exit 1 when a finding has this status (repeatable).")
@engine_option
@waivers_option
@stale_option
@click.option("--keep-going", is_flag=True, help="Evaluate every valid profile; list the invalid ones; exit 2.")
@click.option("--verbose", "-v", is_flag=True, help="Show full rationales in the table.")
def check(profile_paths: tuple[Path, ...], rules_path: Path | None, as_of: date | None,
          states: tuple[str, ...], status: tuple[str, ...], fmt: str, output: Path | None,
          fail_on: tuple[str, ...], engine: EngineName, waivers_path: Path | None, stale_after: int | None,
          keep_going: bool, verbose: bool) -> None:
    """Evaluate every check against State profiles (default: the bundled snapshot)."""
    from lapcheck.bundled import bundled
    from lapcheck.engine import evaluate
    from lapcheck.model import Report
    from lapcheck.profiles import read_profiles, select
    from lapcheck.waivers import apply_waivers

    rules = _rules(rules_path)
    loaded = read_profiles(profile_paths or [bundled("fixtures") / "profiles"], rules.calendar)
    if loaded.errors and not keep_going:
        raise loaded.errors[0]
    profiles = select(loaded.profiles, states) if states else loaded.profiles
    report = evaluate(profiles, rules, as_of, engine, stale_after)
    report = apply_waivers(report, load_waivers(waivers_path, rules, [p.iso3 for p in loaded.profiles]))
    if status:
        report = Report(as_of=report.as_of, findings=[f for f in report.findings if f.status in status])
    emit(RENDERERS[fmt](report, verbose=verbose), output)
    for err in loaded.errors:
        click.echo(f"lapcheck: error: {err}", err=True)
    if loaded.errors:
        sys.exit(EXIT_ERROR)
    if any(f.status in fail_on for f in report.findings):
        sys.exit(EXIT_FINDINGS)


@cli.command()
@profiles_argument
@rules_option
@as_of_option
@output_options(SUMMARY_RENDERERS)
@engine_option
@waivers_option
@stale_option
def summary(profile_paths: tuple[Path, ...], rules_path: Path | None, as_of: date | None, fmt: str,
            output: Path | None, engine: EngineName, waivers_path: Path | None, stale_after: int | None) -> None:
    """Print every LAP indicator (counts and shares across States) as of a date."""
    from lapcheck.indicators import summarize

    rules = _rules(rules_path)
    profiles = _profiles(profile_paths, rules)
    waivers = load_waivers(waivers_path, rules, [p.iso3 for p in profiles])
    emit(SUMMARY_RENDERERS[fmt](summarize(profiles, rules, as_of, waivers=waivers, engine=engine,
                                          stale_after=stale_after)), output)


@cli.command()
@click.argument("iso3")
@click.argument("check_id")
@profiles_argument
@rules_option
@as_of_option
def explain(iso3: str, check_id: str, profile_paths: tuple[Path, ...], rules_path: Path | None,
            as_of: date | None) -> None:
    """Show CHECK_ID's condition tree for State ISO3 with every value and outcome."""
    from lapcheck.explain import explain as trace

    rules = _rules(rules_path)
    checks = rules.by_id()
    if check_id not in checks:
        raise InputError(f"unknown check {check_id!r}; `lapcheck rules list` shows them", key="CHECK_ID")
    found = [p for p in _profiles(profile_paths, rules) if p.iso3 == iso3.upper()]
    if not found:
        raise ProfileError(f"no profile for {iso3.upper()}", key="ISO3")
    click.echo(trace(found[0], checks[check_id], as_of or date.today(), rules.calendar), nl=False)


@cli.command()
@profiles_argument
@rules_option
@as_of_option
@click.option("--within", type=click.IntRange(min=0), metavar="DAYS",
              help="Only what is overdue or due within this many days.")
@state_option
@area_option
@output_options(TABULAR)
def deadlines(profile_paths: tuple[Path, ...], rules_path: Path | None, as_of: date | None, within: int | None,
              states: tuple[str, ...], areas: tuple[str, ...], fmt: str, output: Path | None) -> None:
    """Upcoming and overdue deadlines per State: first those passed while an extension request's
    outcome is unknown, then by date (days negative when overdue)."""
    from lapcheck.duedates import due_dates
    from lapcheck.profiles import select
    from lapcheck.report.tabular import render

    rules = _rules(rules_path)
    profiles = _profiles(profile_paths, rules)
    result = due_dates(select(profiles, states) if states else profiles, as_of, within, rules.calendar,
                       check_areas(areas, rules))
    rows = [(d.due, d.days, d.state, d.kind, d.detail) for d in result.deadlines]
    emit(render(fmt, result, f"Deadlines as of {result.as_of}", ("Due", "Days", "State", "Kind", "Detail"), rows),
         output)


@cli.command()
@click.argument("old", type=click.Path(path_type=Path, dir_okay=False))
@click.argument("new", type=click.Path(path_type=Path, dir_okay=False))
@output_options(TABULAR)
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
@profiles_argument
@click.option("--from", "first", type=int, required=True, metavar="YEAR")
@click.option("--to", "last", type=int, required=True, metavar="YEAR")
@rules_option
@output_options(TABULAR)
@engine_option
def trend(profile_paths: tuple[Path, ...], first: int, last: int, rules_path: Path | None, fmt: str,
          output: Path | None, engine: EngineName) -> None:
    """Every indicator year by year, on the eve of each year's meeting of States Parties."""
    from lapcheck.indicators import trend as compute
    from lapcheck.indicators import trend_dates
    from lapcheck.report.tabular import render

    rules = _rules(rules_path)
    earliest, latest = rules.calendar.years
    for name, year in (("--from", first), ("--to", last)):
        if not earliest <= year <= latest:
            raise click.BadParameter(f"{year} is not in the range {earliest}<=x<={latest}.", param_hint=f"'{name}'")
    if last < first:
        raise click.BadParameter(f"--to {last} is before --from {first}")
    result = compute(_profiles(profile_paths, rules), rules, trend_dates(rules, range(first, last + 1)), engine)
    ids = [i.id for i in result.points[0].indicators] if result.points else []
    rows = [(ind_id, *(_short(next(i for i in p.indicators if i.id == ind_id)) for p in result.points))
            for ind_id in ids]
    emit(render(fmt, result, "Indicators by year (as of the eve of each meeting)",
                ("Indicator", *(p.as_of for p in result.points)), rows), output)


def _short(value: Any) -> str:
    """An indicator value in a few characters: a count, or numerator/denominator."""
    return str(value.value) if value.numerator is None else f"{value.numerator}/{value.denominator}"


@cli.command()
@profiles_argument
@rules_option
@as_of_option
@click.option("--output", "-o", "output_dir", type=click.Path(path_type=Path, file_okay=False), required=True,
              help="Folder to write the site to; replaced as a whole, or left as it was on error.")
@click.option("--format", "fmt", type=click.Choice(["html", "markdown"]), default="html", show_default=True,
              help="HTML pages, or their Markdown twins.")
@waivers_option
@engine_option
@stale_option
def report(profile_paths: tuple[Path, ...], rules_path: Path | None, as_of: date | None, output_dir: Path,
           fmt: str, waivers_path: Path | None, engine: EngineName, stale_after: int | None) -> None:
    """Write a static site: every State by LAP area, one page per State, indicators with charts."""
    from lapcheck.engine import evaluate
    from lapcheck.indicators import history_dates, summarize
    from lapcheck.indicators import trend as compute
    from lapcheck.report.site import build_site
    from lapcheck.waivers import apply_waivers

    rules = _rules(rules_path)
    profiles = _profiles(profile_paths, rules)
    day = as_of or date.today()
    waivers = load_waivers(waivers_path, rules, [p.iso3 for p in profiles])
    found = apply_waivers(evaluate(profiles, rules, day, engine, stale_after), waivers)
    summary = summarize(profiles, rules, day, found.decisions(), waivers, stale_after=stale_after)
    history = compute(profiles, rules, history_dates(rules, day), engine)
    written = build_site(found, summary, history, profiles, rules, output_dir, fmt)  # type: ignore[arg-type]
    click.echo(f"wrote {len(written)} pages to {output_dir}")
