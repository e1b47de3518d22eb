"""The commands about the rule pack and the facts: rules list, rules test, fields, schema."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from lapcheck.cli.group import cli
from lapcheck.cli.options import EXIT_FINDINGS, rules_option, verbose_option, workspace_option
from lapcheck.engine import ENGINES, EngineName
from lapcheck.rules import Rules


def _rules(workspace_path: Path | None, rules_path: Path | None) -> tuple[Rules, str]:
    """The rule pack a command reads, and the line naming it."""
    from lapcheck import workspace
    from lapcheck.rules import load_rules

    space = workspace.current(workspace_path, Path.cwd())
    loaded = load_rules(rules_path or space.rules)
    where = space.label if rules_path is None else f"rules at {rules_path}"
    return loaded, f"Data: {where}: {len(loaded.checks)} checks, {len(loaded.indicators)} indicators.\n"


@cli.group()
def rules() -> None:
    """List the checks and indicators, and run the test cases rule files carry."""


@rules.command("list")
@workspace_option
@rules_option
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
              help="Output format.")
@verbose_option
def rules_list(workspace_path: Path | None, rules_path: Path | None, fmt: str, verbose: bool) -> None:
    """Every check and indicator with its plan actions, articles and file:line; coverage of the actions."""
    from lapcheck.report.fit import fit
    from lapcheck.rules import coverage

    loaded, data = _rules(workspace_path, rules_path)
    cover = coverage(loaded)
    items: list[dict[str, Any]] = [
        {"id": c.id, "kind": "check", "area": c.area, "title": c.title, "actions": list(c.actions),
         "articles": list(c.articles), "statuses": sorted(c.statuses()), "location": f"{c.path}:{c.line}",
         "judges": c.kind}
        for c in loaded.checks
    ] + [
        {"id": i.id, "kind": "indicator", "area": i.area, "title": i.title, "actions": list(i.actions),
         "articles": [], "statuses": [], "location": f"{i.path}:{i.line}", "judges": ""}
        for i in loaded.indicators
    ]
    if fmt == "json":
        actions = [{"action": a, "area": area, "coverage": how, "by": list(by)} for a, area, how, by in cover]
        click.echo(json.dumps({"items": items, "actions": actions}, indent=2, sort_keys=True))
        return
    # The file is named after its area, so the last column says both.
    rows = [(f"{i['title']}\n{i['id']}", f"{i['kind']}\n{i['judges']}".strip(),
             " ".join(map(str, i["actions"])), " ".join(i["articles"]), i["location"].rsplit("/", 1)[-1])
            for i in items]
    click.echo(fit(("Check or indicator", "Kind", "Actions", "Articles", "File:line"), rows,
                   (38, 10, 7, 9, None), None if verbose else 3))
    counts = {how: sum(1 for row in cover if row[2] == how) for how in ("encoded", "area", "none")}
    plan = loaded.plan
    click.echo(f"\n{plan.short} actions 1-{plan.actions}: {counts['encoded']} cited by a check or indicator, "
               f"{counts['area']} covered\nonly by their area's checks, {counts['none']} not encoded.")
    by_area: dict[str, list[str]] = {}
    for action, area, how, _ in cover:
        by_area.setdefault(area, []).append(f"{action}{'' if how == 'encoded' else ('~' if how == 'area' else '-')}")
    for area, acts in by_area.items():
        click.echo(f"  {area}: {' '.join(acts)}")
    click.echo(f"  (n: cited; n~: area covered, action not cited; n-: not encoded)\n\n{data}", nl=False)


@rules.command("test")
@workspace_option
@rules_option
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option("--engine", "engine_names", multiple=True, type=click.Choice(ENGINES),
              help="Engines to run the cases with (default: every engine available here).")
@click.option("--verbose", "-v", is_flag=True, help="List passing cases too.")
def rules_test(workspace_path: Path | None, rules_path: Path | None, path: Path | None,
               engine_names: tuple[EngineName, ...], verbose: bool) -> None:
    """Run the test cases each check carries; exit 1 if any fails or a status has no case.

    PATH, an older spelling of --rules, is still read.
    """
    from lapcheck.ruletests import available_engines, missing_statuses, run

    if path is not None and rules_path is not None:
        raise click.BadParameter("give the rules once: --rules DIR", param_hint="'PATH'")
    loaded, data = _rules(workspace_path, rules_path or path)
    chosen, why = (engine_names, "") if engine_names else available_engines()
    if why:
        click.echo(f"lapcheck: {why}", err=True)
    results = run(loaded, chosen)
    failed = [r for r in results if not r.passed]
    for r in results if verbose else failed:
        click.echo(f"{'PASS' if r.passed else 'FAIL'} {r.id} [{r.engine}] {r.location}: {r.message}")
    uncovered = [(c, missing_statuses(c)) for c in loaded.checks if missing_statuses(c)]
    for check, statuses in uncovered:
        click.echo(f"MISSING {check.id} {check.path}:{check.line}: no case for {', '.join(statuses)}")
    click.echo(f"{len(results) - len(failed)} passed, {len(failed)} failed, with {' and '.join(chosen)}\n{data}",
               nl=False)
    if failed or uncovered:
        sys.exit(EXIT_FINDINGS)


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["table", "markdown"]), default="table", show_default=True,
              help="A terminal table, or the Markdown table of rules/README.md.")
@verbose_option
def fields(fmt: str, verbose: bool) -> None:
    """List the facts rule conditions can name, with their types."""
    from lapcheck.facts import FIELDS
    from lapcheck.report.fit import fit

    specs = sorted(FIELDS.values(), key=lambda f: f.name)
    if fmt == "markdown":
        click.echo("| field | type | meaning |\n|---|---|---|")
        for f in specs:
            values = f" Values: {', '.join(f'`{c}`' for c in f.choices)}." if f.choices else ""
            click.echo(f"| `{f.name}` | {f.type} | {f.description}{values} |")
        return
    rows = [(f.name, f.type + (f" ({', '.join(f.choices)})" if f.choices else ""), f.description) for f in specs]
    click.echo(fit(("Field", "Type", "Meaning"), rows, (40, 20, None), None if verbose else 4))


@cli.command()
@click.argument("what", type=click.Choice(["profile"]))
def schema(what: str) -> None:
    """Print the JSON Schema of a State profile."""
    from lapcheck.model import Profile

    click.echo(json.dumps(Profile.model_json_schema(), indent=2, sort_keys=True))
