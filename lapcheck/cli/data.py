"""The commands that make and keep the data itself: init, validate, import, export."""

from __future__ import annotations

from pathlib import Path

import click

from lapcheck.cli.group import cli
from lapcheck.cli.options import profiles_argument, rules_option, workspace_option
from lapcheck.deadlines import Calendar
from lapcheck.workspace import Workspace


@cli.command()
@click.argument("folder", required=False, default=".", type=click.Path(path_type=Path, file_okay=False))
def init(folder: Path) -> None:
    """Make FOLDER (default: here) a workspace: a copy of the bundled rules, profiles and tables,
    an empty waivers file, and a lapcheck.toml that the commands find from there on."""
    from lapcheck import workspace

    made = workspace.init(folder)
    click.echo(f"made a workspace in {folder}: {made.rules.name}/, {made.profiles.name}/, {made.tables.name}/, "
               f"waivers.yaml, {workspace.CONFIG}\n"
               f"Edit a table, then `lapcheck import` rebuilds the profiles; commands run in {folder} read them.")


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@workspace_option
def validate(paths: tuple[Path, ...], workspace_path: Path | None) -> None:
    """Check profiles and rule files (default: the workspace's) without evaluating; exit 2 on a problem."""
    from lapcheck import workspace
    from lapcheck.errors import MultipleErrors
    from lapcheck.profiles import read_profiles
    from lapcheck.rules import load_rules

    space = workspace.current(workspace_path, Path.cwd())
    chosen = paths or (space.rules, space.profiles)
    profiles: list[Path] = []
    rules: list[Path] = []
    for path in chosen:
        (rules if _is_rules(path) else profiles).append(path)
    count = sum(len(load_rules(path).checks) for path in rules)
    loaded = read_profiles(profiles) if profiles else None
    if loaded and loaded.errors:
        raise loaded.errors[0] if len(loaded.errors) == 1 else MultipleErrors(loaded.errors)
    n_profiles = len(loaded.profiles) if loaded else 0
    click.echo(f"ok: {n_profiles} profiles, {count} checks" + ("" if paths else f" ({space.label})"))


def _is_rules(path: Path) -> bool:
    """A rule file or folder: its YAML names an ``area`` at the top (profiles name ``iso3``)."""
    from lapcheck import reading
    from lapcheck.errors import InputError
    from lapcheck.rules import rule_files
    from lapcheck.yamlsafe import MAX_BYTES

    if not path.exists():
        return False
    for file in rule_files(path)[:1]:
        try:
            head = reading.read_bytes(file, MAX_BYTES).decode("utf-8", errors="replace")[:4096]
        except InputError:  # a pipe, a device, unreadable: reported when it is read as what it is
            return False
        return any(line.startswith(("area:", "checks:")) for line in head.splitlines())
    return False


@cli.command("import")
@click.argument("source", required=False, type=click.Path(path_type=Path))
@workspace_option
@rules_option
@click.option("--output", "-o", "output_dir", type=click.Path(path_type=Path, file_okay=False),
              help="Folder of profiles to write (default: the workspace's); existing profiles there are merged, "
                   "never emptied.")
def import_(source: Path | None, workspace_path: Path | None, rules_path: Path | None,
            output_dir: Path | None) -> None:
    """Build one profile per State from SOURCE: a folder of CSV tables or an .xlsx workbook with a sheet per
    table (default: the workspace's tables; columns: fixtures/README.md), checked against the rules' calendar."""
    from lapcheck.importer import import_tables

    space, calendar = _calendar(workspace_path, rules_path)
    source, target = source or space.tables, output_dir or space.profiles
    result = import_tables(source, target, calendar)
    for contradiction in result.contradictions:
        click.echo(f"lapcheck: warning: {contradiction}", err=True)
    click.echo(f"wrote {len(result.paths)} profiles to {target}")


@cli.command()
@profiles_argument
@workspace_option
@rules_option
@click.option("--format", "fmt", type=click.Choice(["csv", "xlsx"]),
              help="CSV files in a folder, or one .xlsx workbook with a sheet per table (default: xlsx when "
                   "--output ends in .xlsx, else csv).")
@click.option("--output", "-o", "output", type=click.Path(path_type=Path), required=True,
              help="Folder to write the CSV tables to, or the .xlsx file.")
def export(profile_paths: tuple[Path, ...], workspace_path: Path | None, rules_path: Path | None, fmt: str | None,
           output: Path) -> None:
    """Write profiles (default: the workspace's) back to tables, CSV or .xlsx, losing nothing."""
    from lapcheck.importer import export_tables
    from lapcheck.profiles import load_profiles

    space, calendar = _calendar(workspace_path, rules_path)
    if fmt == "xlsx" and output.suffix.lower() != ".xlsx":
        raise click.BadParameter("an .xlsx workbook's name must end in .xlsx", param_hint="'--output'")
    # The closed lists travel with the tables: export writes the workspace's (for the workspace's
    # profiles, which they gave facts to), import applies them.
    result = export_tables(load_profiles(list(profile_paths) or space.profiles, calendar), output, calendar,
                           "xlsx" if fmt == "xlsx" or output.suffix.lower() == ".xlsx" else "csv",
                           closed_lists=None if profile_paths else space.tables)
    for field in result.omitted:
        click.echo(f"lapcheck: warning: no column holds {field}", err=True)
    what = "1 workbook" if len(result.paths) == 1 else f"{len(result.paths)} tables"
    click.echo(f"wrote {what} to {output}")


def _calendar(workspace_path: Path | None, rules_path: Path | None) -> tuple[Workspace, Calendar]:
    """The workspace, and the treaty calendar of the rules a command uses (``--rules``, else the
    workspace's, else the bundled rules): the meetings and deadlines tables are checked against."""
    from lapcheck import workspace
    from lapcheck.rules import load_rules

    space = workspace.current(workspace_path, Path.cwd())
    return space, load_rules(rules_path or space.rules).calendar
