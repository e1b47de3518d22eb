"""The commands that read and write the data itself: validate, import, export."""

from __future__ import annotations

from pathlib import Path

import click

from lapcheck.cli.group import cli
from lapcheck.cli.options import profiles_argument


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
def validate(paths: tuple[Path, ...]) -> None:
    """Check profiles and rule files without evaluating; exit 2 on the first problem."""
    from lapcheck.errors import MultipleErrors
    from lapcheck.profiles import read_profiles
    from lapcheck.rules import load_rules

    profiles: list[Path] = []
    rules: list[Path] = []
    for path in paths:
        (rules if _is_rules(path) else profiles).append(path)
    count = sum(len(load_rules(path).checks) for path in rules)
    loaded = read_profiles(profiles) if profiles else None
    if loaded and loaded.errors:
        raise loaded.errors[0] if len(loaded.errors) == 1 else MultipleErrors(loaded.errors)
    n_profiles = len(loaded.profiles) if loaded else 0
    click.echo(f"ok: {n_profiles} profiles, {count} checks")


def _is_rules(path: Path) -> bool:
    """A rule file or folder: its YAML names an ``area`` at the top (profiles name ``iso3``)."""
    from lapcheck.rules import rule_files

    if not path.exists():
        return False
    for file in rule_files(path)[:1]:
        try:
            head = file.read_text(encoding="utf-8", errors="replace")[:4096]
        except OSError:
            return False
        return any(line.startswith(("area:", "checks:")) for line in head.splitlines())
    return False


@cli.command("import")
@click.argument("table_dir", type=click.Path(path_type=Path, file_okay=False))
@click.option("--output", "-o", "output_dir", type=click.Path(path_type=Path, file_okay=False), required=True,
              help="Folder of profiles to write; existing profiles there are merged, never emptied.")
def import_(table_dir: Path, output_dir: Path) -> None:
    """Build one profile per State from CSV tables (their columns: fixtures/README.md)."""
    from lapcheck.importer import import_tables

    click.echo(f"wrote {len(import_tables(table_dir, output_dir))} profiles to {output_dir}")


@cli.command()
@profiles_argument
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
