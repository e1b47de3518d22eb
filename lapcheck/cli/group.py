"""The click group every command hangs on, and the one place errors become exit codes."""

from __future__ import annotations

from typing import Any

import click

from lapcheck import __version__
from lapcheck.cli.options import EXIT_ERROR
from lapcheck.errors import LapcheckError


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


@click.group(cls=LapcheckGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="lapcheck")
def cli() -> None:
    """Where each State stands on the Lausanne Action Plan of the Convention on Cluster Munitions."""

