"""CSV cells a spreadsheet will not run: the OWASP convention against formula injection.

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is a formula to Excel
and LibreOffice (a State name ``=cmd|' /C calc'!A0``). Such a cell is written with a single quote in
front, which spreadsheets show as text. So that ``lapcheck import`` reads back exactly what
``lapcheck export`` wrote, a cell that already starts with quotes before such a character gets one
more, and :func:`restore` takes exactly one away; any other leading quote (``'s-Hertogenbosch``) is
left alone both ways.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from typing import Any, TextIO

_QUOTED = re.compile(r"'*[=+\-@\t\r]")


def neutralise(cell: str) -> str:
    """``cell`` as a spreadsheet shows it but never runs it."""
    return "'" + cell if _QUOTED.match(cell) else cell


def restore(cell: str) -> str:
    """The cell :func:`neutralise` was given."""
    return cell[1:] if cell.startswith("'") and _QUOTED.match(cell, 1) else cell


class Writer:
    """CSV rows as lapcheck writes them: lines end in ``\n``, no cell is a formula, and a row with a
    carriage return in a cell has every cell quoted (Python quotes only the characters of its line
    terminator, and readers end a line at a bare ``\r``); every other row is written as before."""

    def __init__(self, out: TextIO) -> None:
        self.plain = csv.writer(out, lineterminator="\n")
        self.quoted = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_ALL)

    def writerow(self, cells: Iterable[Any]) -> None:
        """Write one row; numbers and blanks are never formulas."""
        row = [neutralise(c) if isinstance(c, str) else c for c in cells]
        (self.quoted if any(isinstance(c, str) and "\r" in c for c in row) else self.plain).writerow(row)
