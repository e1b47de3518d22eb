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
    Inputs,
    area_option,
    as_of_option,
    check_areas,
    emit,
    engine_option,
    load_waivers,
    output_options,
    profiles_argument,
    read_inputs,
    rules_option,
    stale_option,
    state_option,
    status_option,
    verbose_option,
    waivers_option,
    workspace_option,
)
from lapcheck.engine import EngineName, as_of_date
from lapcheck.errors import InputError, ProfileError
from lapcheck.model import Profile
from lapcheck.report import RENDERERS
from lapcheck.report.summary import SUMMARY_RENDERERS
from lapcheck.report.tabular import FORMATS as TABULAR

HUMAN = frozenset({"table", "markdown"})
"""The formats read by people, which end with the line naming the data read."""


def _states(inputs: Inputs, states: tuple[str, ...]) -> list[Profile]:
    from lapcheck.profiles import select

    return select(inputs.profiles, states) if states else inputs.profiles


def _emit(text: str, fmt: str, inputs: Inputs, output: Path | None) -> None:
    emit(text + (f"\n{inputs.data_line()}" if fmt in HUMAN else ""), output)


@cli.command()
@profiles_argument
@workspace_option
@rules_option
@as_of_option
@state_option
@area_option
@status_option("--status", "Only findings with this status (repeatable, or comma-separated).")
@output_options(RENDERERS)
@status_option("--fail-on", "Exit 1 when a finding not under an active waiver has this status.")
@click.option("--fail-on-waived", is_flag=True, help="With --fail-on, count waived findings too.")
@engine_option
@waivers_option
@stale_option
@click.option("--keep-going", is_flag=True, help="Evaluate every valid profile; list the invalid ones; exit 2.")
@verbose_option
def check(profile_paths: tuple[Path, ...], workspace_path: Path | None, rules_path: Path | None,
          as_of: date | None, states: tuple[str, ...], areas: tuple[str, ...], status: tuple[str, ...], fmt: str,
          output: Path | None, fail_on: tuple[str, ...], fail_on_waived: bool, engine: EngineName,
          waivers_path: Path | None, stale_after: int | None, keep_going: bool, verbose: bool) -> None:
    """Evaluate every check against State profiles (default: the workspace's, else the bundled snapshot)."""
    from lapcheck.engine import evaluate
    from lapcheck.model import Report
    from lapcheck.waivers import apply_waivers

    inputs = read_inputs(workspace_path, profile_paths, rules_path, keep_going)
    areas = check_areas(areas, inputs.rules)
    report = evaluate(_states(inputs, states), inputs.rules, as_of, engine, stale_after)
    report = apply_waivers(report, load_waivers(waivers_path, inputs))
    if status or areas:
        report = Report(as_of=report.as_of, findings=[
            f for f in report.findings if (not status or f.status in status) and (not areas or f.area in areas)])
    _emit(RENDERERS[fmt](report, verbose=verbose), fmt, inputs, output)
    for err in inputs.errors:
        click.echo(f"lapcheck: error: {err}", err=True)
    if inputs.errors:
        sys.exit(EXIT_ERROR)
    waived = (lambda f: False) if fail_on_waived else (lambda f: f.waiver is not None and f.waiver.state == "active")
    if any(f.status in fail_on and not waived(f) for f in report.findings):
        sys.exit(EXIT_FINDINGS)


@cli.command()
@profiles_argument
@workspace_option
@rules_option
@as_of_option
@state_option
@area_option
@output_options(SUMMARY_RENDERERS)
@engine_option
@waivers_option
@stale_option
@verbose_option
def summary(profile_paths: tuple[Path, ...], workspace_path: Path | None, rules_path: Path | None,
            as_of: date | None, states: tuple[str, ...], areas: tuple[str, ...], fmt: str, output: Path | None,
            engine: EngineName, waivers_path: Path | None, stale_after: int | None, verbose: bool) -> None:
    """Print every LAP indicator (counts and shares across States) as of a date."""
    from lapcheck.indicators import summarize

    inputs = read_inputs(workspace_path, profile_paths, rules_path)
    areas = check_areas(areas, inputs.rules)
    result = summarize(_states(inputs, states), inputs.rules, as_of, waivers=load_waivers(waivers_path, inputs),
                       engine=engine, stale_after=stale_after)
    if areas:
        result = result.model_copy(update={"indicators": [i for i in result.indicators if i.area in areas]})
    _emit(SUMMARY_RENDERERS[fmt](result, verbose=verbose), fmt, inputs, output)


@cli.command()
@click.argument("state")
@click.argument("check_id")
@profiles_argument
@workspace_option
@rules_option
@as_of_option
def explain(state: str, check_id: str, profile_paths: tuple[Path, ...], workspace_path: Path | None,
            rules_path: Path | None, as_of: date | None) -> None:
    """Show CHECK_ID's condition tree for STATE (ISO code or name) with every value and outcome."""
    from lapcheck.explain import explain as trace
    from lapcheck.profiles import select

    inputs = read_inputs(workspace_path, profile_paths, rules_path)
    checks = inputs.rules.by_id()
    if check_id not in checks:
        raise InputError(f"unknown check {check_id!r}; `lapcheck rules list` shows them", key="CHECK_ID")
    try:
        [found] = select(inputs.profiles, [state])
    except ProfileError as exc:
        raise ProfileError(exc.message, key="STATE") from None
    text = trace(found, checks[check_id], as_of_date(as_of, inputs.rules.calendar), inputs.rules.calendar)
    click.echo(f"{text}\n{inputs.data_line()}", nl=False)


@cli.command()
@profiles_argument
@workspace_option
@rules_option
@as_of_option
@click.option("--within", type=click.IntRange(min=0), metavar="DAYS",
              help="Only what is overdue or due within this many days.")
@state_option
@area_option
@output_options(TABULAR)
@verbose_option
def deadlines(profile_paths: tuple[Path, ...], workspace_path: Path | None, rules_path: Path | None,
              as_of: date | None, within: int | None, states: tuple[str, ...], areas: tuple[str, ...], fmt: str,
              output: Path | None, verbose: bool) -> None:
    """Upcoming and overdue deadlines per State: first those passed while an extension request's
    outcome is unknown, then by date (days negative when overdue)."""
    from lapcheck.duedates import due_dates
    from lapcheck.report.tabular import render

    inputs = read_inputs(workspace_path, profile_paths, rules_path)
    result = due_dates(_states(inputs, states), as_of, within, inputs.rules.calendar,
                       check_areas(areas, inputs.rules))
    rows = [(d.due, d.days, d.state, d.kind, d.detail) for d in result.deadlines]
    title = f"Deadlines as of {result.as_of}"
    _emit(render(fmt, result, title, ("Due", "Days", "State", "Kind", "Detail"), rows, (21, 6, 5, 26, None), verbose),
          fmt, inputs, output)


@cli.command()
@click.argument("old", type=click.Path(path_type=Path, dir_okay=False))
@click.argument("new", type=click.Path(path_type=Path, dir_okay=False))
@state_option
@status_option("--status", "Only differences to or from this status (repeatable, or comma-separated).")
@output_options(TABULAR)
@click.option("--fail-on", "fail_on", multiple=True, type=click.Choice(["regressed", "appeared", "disappeared"]),
              help="Exit 1 when a difference of this kind exists (repeatable).")
@verbose_option
def diff(old: Path, new: Path, states: tuple[str, ...], status: tuple[str, ...], fmt: str, output: Path | None,
         fail_on: tuple[str, ...], verbose: bool) -> None:
    """Compare two `check --format json` outputs: improved, regressed, appeared, disappeared, reworded."""
    from lapcheck.diff import compare, read_report
    from lapcheck.report.tabular import render

    result = compare(read_report(old), read_report(new))
    wanted = {s.casefold() for s in states}
    kept = [d for d in result.differences
            if (not wanted or d.state.casefold() in wanted)
            and (not status or {d.old_status, d.new_status} & set(status))]
    result = result.model_copy(update={"differences": kept})
    rows = [(d.state, d.check, d.change, d.old_status or "-", d.new_status or "-",
             d.new_rationale if d.change != "disappeared" else d.old_rationale) for d in result.differences]
    title = f"Changes from {result.old_as_of} to {result.new_as_of}: {len(rows)}"
    emit(render(fmt, result, title, ("State", "Check", "Change", "Was", "Now", "Rationale"), rows,
                (5, 24, 11, 13, 13, None), verbose), output)
    if any(d.change in fail_on for d in result.differences):
        sys.exit(EXIT_FINDINGS)


@cli.command()
@profiles_argument
@click.option("--from", "first", type=int, required=True, metavar="YEAR")
@click.option("--to", "last", type=int, required=True, metavar="YEAR")
@workspace_option
@rules_option
@state_option
@area_option
@output_options(TABULAR)
@engine_option
@stale_option
def trend(profile_paths: tuple[Path, ...], first: int, last: int, workspace_path: Path | None,
          rules_path: Path | None, states: tuple[str, ...], areas: tuple[str, ...], fmt: str, output: Path | None,
          engine: EngineName, stale_after: int | None) -> None:
    """Every indicator year by year, on the eve of each year's meeting of States Parties."""
    from lapcheck.indicators import trend as compute
    from lapcheck.indicators import trend_dates
    from lapcheck.report.tabular import render_columns

    inputs = read_inputs(workspace_path, profile_paths, rules_path)
    areas = check_areas(areas, inputs.rules)
    earliest, latest = inputs.rules.calendar.years
    for name, year in (("--from", first), ("--to", last)):
        if not earliest <= year <= latest:
            raise click.BadParameter(f"{year} is not in the range {earliest}<=x<={latest}.", param_hint=f"'{name}'")
    if last < first:
        raise click.BadParameter(f"--to {last} is before --from {first}")
    result = compute(_states(inputs, states), inputs.rules, trend_dates(inputs.rules, range(first, last + 1)),
                     engine, stale_after)
    shown = [i for i in (result.points[0].indicators if result.points else []) if not areas or i.area in areas]
    rows = [(ind.id, *(_short(next(i for i in p.indicators if i.id == ind.id)) for p in result.points))
            for ind in shown]
    _emit(render_columns(fmt, result, "Indicators by year (as of the eve of each meeting)",
                         ("Indicator", *(p.as_of for p in result.points)), rows), fmt, inputs, output)


def _short(value: Any) -> str:
    """An indicator value in a few characters: a count, numerator/denominator, or ``?`` when a
    share covers too little of its population to be given."""
    if value.numerator is None:
        return str(value.value)
    return "?" if value.insufficient else f"{value.numerator}/{value.denominator}"


@cli.command()
@profiles_argument
@workspace_option
@rules_option
@as_of_option
@click.option("--output", "-o", "output_dir", type=click.Path(path_type=Path, file_okay=False), required=True,
              help="Folder to write the site to; replaced as a whole, or left as it was on error.")
@click.option("--format", "fmt", type=click.Choice(["html", "markdown"]), default="html", show_default=True,
              help="HTML pages, or their Markdown twins.")
@waivers_option
@engine_option
@stale_option
def report(profile_paths: tuple[Path, ...], workspace_path: Path | None, rules_path: Path | None,
           as_of: date | None, output_dir: Path, fmt: str, waivers_path: Path | None, engine: EngineName,
           stale_after: int | None) -> None:
    """Write a static site: every State by LAP area, one page per State, indicators with charts."""
    from lapcheck.engine import evaluate
    from lapcheck.indicators import history_dates, summarize
    from lapcheck.indicators import trend as compute
    from lapcheck.report.site import build_site
    from lapcheck.waivers import apply_waivers

    inputs = read_inputs(workspace_path, profile_paths, rules_path)
    profiles, rules = inputs.profiles, inputs.rules
    day = as_of_date(as_of, rules.calendar)
    waivers = load_waivers(waivers_path, inputs)
    found = apply_waivers(evaluate(profiles, rules, day, engine, stale_after), waivers)
    summary = summarize(profiles, rules, day, found.decisions(), waivers, stale_after=stale_after)
    history = compute(profiles, rules, history_dates(rules, day), engine, stale_after)
    written = build_site(found, summary, history, profiles, rules, output_dir, fmt)
    click.echo(f"wrote {len(written)} pages to {output_dir}\n{inputs.data_line()}", nl=False)


@cli.command()
@profiles_argument
@workspace_option
@rules_option
@as_of_option
@state_option
@area_option
@output_options([*TABULAR, "xlsx"])
@verbose_option
def gaps(profile_paths: tuple[Path, ...], workspace_path: Path | None, rules_path: Path | None, as_of: date | None,
         states: tuple[str, ...], areas: tuple[str, ...], fmt: str, output: Path | None, verbose: bool) -> None:
    """The unknown facts ranked by how many undecided findings each would decide, with the question to
    ask and the table and column where the answer goes; per State with --state. --format xlsx -o FILE
    writes a questionnaire: a sheet per table with a row per State and the unknown cells blank, which
    `lapcheck import FILE` reads back once filled in (with the sources), and a questions sheet."""
    from lapcheck.gaps import find_gaps, questionnaire, where
    from lapcheck.importer.workbook import write_workbook
    from lapcheck.report.tabular import render

    if fmt == "xlsx" and output is None:
        raise click.BadParameter("a questionnaire is a workbook: give --output FILE.xlsx", param_hint="'--format'")
    inputs = read_inputs(workspace_path, profile_paths, rules_path)
    result = find_gaps(_states(inputs, states), inputs.rules, as_of_date(as_of, inputs.rules.calendar),
                       check_areas(areas, inputs.rules))
    if fmt == "xlsx":
        assert output is not None
        write_workbook(output, questionnaire(result))
        click.echo(f"wrote a questionnaire of {len(result.by_state)} unknown facts to {output}")
        return
    title = (f"Unknown facts as of {result.as_of}: {len(result.overall)} block "
             f"{result.undecided - result.imprecise} undecided findings; {result.imprecise} rest on imprecise dates")
    if states:
        rows: list[tuple[Any, ...]] = [(g.state, g.field, g.findings, where(g), g.question) for g in result.by_state]
        table = render(fmt, result, title, ("State", "Fact", "Findings", "Answer goes in", "Question"), rows,
                       (5, 26, 8, 22, None), verbose)
    else:
        rows = [(i, g.field, g.findings, len(g.states), where(g), g.question) for i, g in enumerate(result.overall, 1)]
        table = render(fmt, result, title, ("Rank", "Fact", "Findings", "States", "Answer goes in", "Question"),
                       rows, (4, 26, 8, 6, 22, None), verbose)
    _emit(table, fmt, inputs, output)
