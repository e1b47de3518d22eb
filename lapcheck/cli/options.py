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


def status_option(name: str, help_text: str) -> Callable[[F], F]:
    """A repeatable option taking statuses (``--status``, ``--fail-on``)."""
    dest = name.lstrip("-").replace("-", "_")
    return click.option(name, dest, multiple=True, type=click.Choice(STATUSES), help=help_text)


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
