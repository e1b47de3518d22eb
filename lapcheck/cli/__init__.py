"""The ``lapcheck`` command line: each command parses options, makes one library call, renders.

Only this package knows click or exits the process. Errors are translated once, in
:class:`LapcheckGroup`: a :class:`~lapcheck.errors.LapcheckError` becomes one line on stderr and
exit code 2. The commands live in :mod:`~lapcheck.cli.evaluation` (what the rules say about the
States), :mod:`~lapcheck.cli.data` (reading and writing profiles and tables) and
:mod:`~lapcheck.cli.reference` (the rules, facts and schema themselves).
"""

from __future__ import annotations

import gc

# Importing the command modules registers their commands on the group.
from lapcheck.cli import data, evaluation, reference  # noqa: F401
from lapcheck.cli.group import cli
from lapcheck.cli.options import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK


def main() -> None:
    """Console-script entry point."""
    # What the imports built lives as long as this short process: the collector need not walk it
    # again at every full collection (the one garbage-collector setting lapcheck makes, and only
    # for its own process; benchmarks/README.md has the measurement).
    gc.freeze()
    cli(prog_name="lapcheck")


__all__ = ["EXIT_ERROR", "EXIT_FINDINGS", "EXIT_OK", "cli", "main"]
