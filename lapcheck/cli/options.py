"""What the commands share: exit codes, option decorators, and writing the output.

Each option is declared once here and converted once (a date, an engine name, a list of waivers),
so that it means the same in every command that takes it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import click

from lapcheck.engine import ENGINES, EngineName
from lapcheck.errors import InputError
from lapcheck.model import STATUSES, Waiver

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
    """``--rules DIR`` (default: the bundled rules)."""
    return click.option("--rules", "rules_path", type=click.Path(path_type=Path), metavar="DIR",
                        help="Rule files to use (default: the bundled rules).")(fn)


def profiles_argument(fn: F) -> F:
    """``[PROFILES]...`` (default: the bundled snapshot)."""
    return click.argument("profile_paths", nargs=-1, type=click.Path(path_type=Path))(fn)


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


def waivers_option(fn: F) -> F:
    """``--waivers FILE``: reviewed exceptions shown beside findings."""
    return click.option("--waivers", "waivers_path", type=click.Path(path_type=Path, dir_okay=False),
                        help="Reviewed exceptions to show beside findings (a YAML file).")(fn)


def load_waivers(path: Path | None, rules: Any, states: Iterable[str]) -> list[Waiver]:
    """The waivers at ``path`` (none without one), checked against the rules and States."""
    from lapcheck.waivers import load_waivers as load

    return [] if path is None else load(path, rules, states)


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
