"""The click group every command hangs on, and the one place errors become exit codes."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

import click

from lapcheck import __version__
from lapcheck.cli.options import EXIT_ERROR
from lapcheck.errors import LapcheckError


class LapcheckGroup(click.Group):
    """A click group that turns every error into one stderr line and exit code 2 (lapcheck's own,
    click's usage errors, a file the system refuses, a standard output that cannot be written),
    and reuses the parses of unchanged files (see :mod:`lapcheck.parsecache`)."""

    def invoke(self, ctx: click.Context) -> Any:
        from lapcheck import parsecache, yamlsafe

        yamlsafe.enable_cache(parsecache.default_directory())
        return super().invoke(ctx)

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True, **extra: Any) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        try:
            if sys.stdout is None:
                raise LapcheckError("standard output is closed; redirect it to a file or /dev/null")
            code = super().main(args, prog_name, complete_var, False, **extra)
            sys.stdout.flush()  # a full disk or a closed pipe shows here, not at exit as a traceback
        except LapcheckError as exc:
            _fail(str(exc))
        except click.exceptions.NoArgsIsHelpError as exc:
            exc.show()  # `lapcheck rules` alone: its help, as click gives it
            sys.exit(EXIT_ERROR)
        except click.UsageError as exc:
            hint = f" (see '{exc.ctx.command_path} --help')" if exc.ctx is not None else ""
            _fail(f"{exc.format_message()}{hint}")
        except click.ClickException as exc:
            _fail(exc.format_message())
        except click.Abort:
            click.echo("Aborted!", err=True)
            sys.exit(1)
        except OSError as exc:
            if exc.filename:
                _fail(f"{exc.filename}: {exc.strerror}")
            # No file named: a write to standard output failed (a full disk, a reader gone). Nothing
            # more reaches it; keep the interpreter's last flush from failing again at exit.
            _silence_stdout()
            _fail(f"cannot write the output: {exc.strerror or exc}")
        sys.exit(code if isinstance(code, int) else 0)


def _silence_stdout() -> None:
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # not a real file (a test runner's buffer)
        pass


def _fail(message: str) -> NoReturn:
    for line in message.splitlines() or [""]:
        click.echo(f"lapcheck: error: {line}", err=True)
    sys.exit(EXIT_ERROR)


@click.group(cls=LapcheckGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="lapcheck")
def cli() -> None:
    """Where each State stands on the Lausanne Action Plan of the Convention on Cluster Munitions."""
