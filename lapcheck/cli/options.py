"""What the commands share: exit codes, option decorators, and writing the output.

Each option is declared once here and converted once (a date, an engine name, a list of waivers),
so that it means the same in every command that takes it.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import click

from lapcheck.engine import ENGINES, EngineName
from lapcheck.errors import InputError
from lapcheck.model import STATUSES, Profile, Waiver
from lapcheck.report.fit import WIDTH
from lapcheck.rules import Rules
from lapcheck.workspace import Workspace

EXIT_OK = 0
EXIT_FINDINGS = 1
"""A finding matched ``--fail-on``."""
EXIT_ERROR = 2
"""Bad input or usage."""

F = TypeVar("F", bound=Callable[..., Any])
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _as_of(_ctx: click.Context, _param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        if not _ISO_DAY.match(value):
            raise ValueError
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"expected YYYY-MM-DD, got {value!r}") from None


def as_of_option(fn: F) -> F:
    """``--as-of YYYY-MM-DD`` (default: today)."""
    return click.option("--as-of", "as_of", callback=_as_of, metavar="YYYY-MM-DD",
                        help="Evaluate as of this date (default: today).")(fn)


def rules_option(fn: F) -> F:
    """``--rules DIR`` (default: the workspace's, else the bundled rules)."""
    return click.option("--rules", "rules_path", type=click.Path(path_type=Path), metavar="DIR",
                        help="Rule files to use (default: the workspace's, else the bundled rules).")(fn)


def workspace_option(fn: F) -> F:
    """``--workspace DIR`` (default: the one found from the current folder upward)."""
    return click.option("--workspace", "workspace_path", type=click.Path(path_type=Path, file_okay=False),
                        metavar="DIR", help="Read the workspace in DIR (default: the one this folder is in, "
                                            "else the bundled snapshot).")(fn)


def profiles_argument(fn: F) -> F:
    """``[PROFILES]...`` (default: the workspace's, else the bundled snapshot)."""
    return click.argument("profile_paths", nargs=-1, type=click.Path(path_type=Path))(fn)


@dataclass(frozen=True)
class Inputs:
    """What a command reads: the workspace, its (or the given) rules and profiles, and the profile
    files that could not be read (with ``--keep-going``)."""

    workspace: Workspace
    rules: Rules
    profiles: list[Profile]
    errors: list[InputError]
    profile_paths: tuple[Path, ...]
    """The profile paths given, if any (else the workspace's profiles were read)."""
    rules_path: Path | None

    @property
    def own_profiles(self) -> bool:
        """Whether the profiles are the workspace's."""
        return not self.profile_paths

    def data_line(self) -> str:
        """Which data was read, in one line, for human-readable outputs."""
        counts = f"{len(self.profiles)} profiles, {len(self.rules.checks)} checks"
        if not self.profile_paths and self.rules_path is None:
            line = f"Data: {self.workspace.label}: {counts}."
        else:
            profiles = (f"profiles from {', '.join(map(str, self.profile_paths))}" if self.profile_paths
                        else f"profiles: {self.workspace.label}")
            rules = f"rules from {self.rules_path}" if self.rules_path else f"rules: {self.workspace.label}"
            line = f"Data: {profiles}; {rules} ({counts})."
        return "\n".join(textwrap.wrap(line, WIDTH, break_on_hyphens=False, break_long_words=False)) + "\n"


def read_inputs(workspace_path: Path | None, profile_paths: tuple[Path, ...], rules_path: Path | None,
                keep_going: bool = False) -> Inputs:
    """The workspace (explicit, found, or bundled) and the rules and profiles a command reads."""
    from lapcheck import workspace
    from lapcheck.errors import MultipleErrors
    from lapcheck.profiles import read_profiles
    from lapcheck.rules import load_rules

    space = workspace.current(workspace_path, Path.cwd())
    rules = load_rules(rules_path or space.rules)
    loaded = read_profiles(profile_paths or [space.profiles], rules.calendar)
    if loaded.errors and not keep_going:
        raise loaded.errors[0] if len(loaded.errors) == 1 else MultipleErrors(loaded.errors)
    return Inputs(space, rules, loaded.profiles, loaded.errors, profile_paths, rules_path)


def _engine(_ctx: click.Context, _param: click.Parameter, value: str | None) -> EngineName:
    from lapcheck.engine import default_engine

    if value is not None:
        return value  # type: ignore[return-value]  # one of click.Choice(ENGINES)
    chosen, why = default_engine()
    if why:
        click.echo(f"lapcheck: {why}", err=True)
    return chosen


def engine_option(fn: F) -> F:
    """``--engine durable|python`` (default: durable-rules where it imports)."""
    return click.option("--engine", type=click.Choice(ENGINES), callback=_engine,
                        help="Matching engine (default: durable-rules where it imports).")(fn)


def output_options(formats: Iterable[str]) -> Callable[[F], F]:
    """``--format`` (the first of ``formats`` by default) and ``--output``."""
    choices = list(formats)

    def decorate(fn: F) -> F:
        fn = click.option("--output", "-o", type=click.Path(path_type=Path, dir_okay=False),
                          help="Write to this file instead of stdout.")(fn)
        return click.option("--format", "fmt", type=click.Choice(choices), default=choices[0],
                            show_default=True, help="Output format.")(fn)

    return decorate


def _statuses(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> tuple[str, ...]:
    chosen = _split(ctx, param, values)
    for value in chosen:
        if value not in STATUSES:
            raise click.BadParameter(f"{value!r} is not a status; expected {', '.join(STATUSES)}")
    return chosen


def status_option(name: str, help_text: str) -> Callable[[F], F]:
    """A repeatable option taking statuses (``--status``, ``--fail-on``), or several, comma-separated."""
    dest = name.lstrip("-").replace("-", "_")
    return click.option(name, dest, multiple=True, metavar="STATUS", callback=_statuses,
                        help=f"{help_text} One of {', '.join(STATUSES)}.")


def _split(_ctx: click.Context, _param: click.Parameter, values: tuple[str, ...]) -> tuple[str, ...]:
    # Repeatable, or comma-separated: --state HRV --state LAO, or --state HRV,LAO.
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())


def state_option(fn: F) -> F:
    """``--state ISO3|NAME`` (repeatable or comma-separated): only these States."""
    return click.option("--state", "states", multiple=True, metavar="ISO3|NAME", callback=_split,
                        help="Only this State, by ISO code or name (repeatable, or comma-separated).")(fn)


def area_option(fn: F) -> F:
    """``--area AREA`` (repeatable or comma-separated): only these areas of the plan."""
    return click.option("--area", "areas", multiple=True, metavar="AREA", callback=_split,
                        help="Only this area of the plan, e.g. clearance (repeatable, or comma-separated).")(fn)


def stale_option(fn: F) -> F:
    """``--stale-after MONTHS`` (default: the rule pack's, 24)."""
    return click.option("--stale-after", "stale_after", type=click.IntRange(min=0), metavar="MONTHS",
                        help="Mark stale what rests on facts observed longer ago (default: the rule pack's).")(fn)


def check_areas(areas: tuple[str, ...], rules: Any) -> tuple[str, ...]:
    """``areas`` if the rule pack's plan has them all; else a usage error listing its areas."""
    known = [a.id for a in rules.plan.areas]
    for area in areas:
        if area not in known:
            raise click.BadParameter(f"{area!r} is not an area of the {rules.plan.short}; expected one of "
                                     f"{', '.join(known)}", param_hint="'--area'")
    return areas


def verbose_option(fn: F) -> F:
    """``--verbose``: whole texts in tables, instead of texts cut to fit."""
    return click.option("--verbose", "-v", is_flag=True, help="Show whole texts in tables.")(fn)


def waivers_option(fn: F) -> F:
    """``--waivers FILE``: reviewed exceptions shown beside findings."""
    return click.option("--waivers", "waivers_path", type=click.Path(path_type=Path, dir_okay=False),
                        help="Reviewed exceptions to show beside findings (a YAML file).")(fn)


def load_waivers(path: Path | None, inputs: Inputs) -> list[Waiver]:
    """The waivers at ``path``, else the workspace's when its profiles are read (none without one),
    checked against the rules and States."""
    from lapcheck.waivers import load_waivers as load

    if path is None and inputs.own_profiles:
        path = inputs.workspace.waivers
    return [] if path is None else load(path, inputs.rules, [p.iso3 for p in inputs.profiles])


def emit(text: str, output: Path | None) -> None:
    """Print ``text``, or write it to ``output`` all at once or not at all."""
    if output is None:
        click.echo(text, nl=False)
        return
    from lapcheck.atomic import write_text

    try:
        write_text(output, text)
    except OSError as exc:
        raise InputError(f"cannot write output: {exc.strerror or exc}", path=output) from None
