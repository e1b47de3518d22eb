"""The .xlsx codec of tables: a workbook's sheets as lines of cell texts, and tables written as sheets.

A workbook is a zip of XML files, so it is checked before it is parsed: a file that is not a zip is
refused, and so is one whose members would unpack to more than :data:`MAX_UNPACKED` bytes (a zip
bomb posing as a workbook); openpyxl then reads its XML through defusedxml. Cells are read as the
CSV reader reads them, as text; numbers and dates a spreadsheet made of typed cells are written back
in the form the tables use, and a formula is refused, never evaluated. Every cell is written as a
string, with the quote prefix that keeps a spreadsheet from running text such as ``=SUM(A1)`` as a
formula, so nothing is reinterpreted as a number, date or formula, and the text comes back as it was.
"""

from __future__ import annotations

import zipfile
from collections.abc import Mapping, Sequence
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from lapcheck import atomic
from lapcheck.errors import InputError

SUFFIXES = (".xlsx", ".xlsm")
QUESTIONS_SHEET = "questions"
"""The sheet of a questionnaire (``lapcheck gaps --format xlsx``) that says what each blank cell asks:
for people, so import passes over it."""
MAX_UNPACKED = 50 * 1024 * 1024
"""The most bytes a workbook's members may unpack to; the six tables of the snapshot take under 1 MB."""
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""How a text starts that a spreadsheet would run as a formula when the cell is typed or opened as CSV."""


def is_workbook(path: Path) -> bool:
    """Whether ``path`` names a workbook (by its suffix) rather than a folder of CSV files."""
    return path.suffix.lower() in SUFFIXES and not path.is_dir()


def _checked(path: Path) -> None:
    """Refuse a file that is not a zip, or that unpacks to more than :data:`MAX_UNPACKED` bytes."""
    if not path.is_file():
        raise InputError("no such workbook", path=path)
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError):
        raise InputError("not an .xlsx workbook (not a zip file)", path=path) from None
    if unpacked > MAX_UNPACKED:
        raise InputError(f"workbook unpacks to {unpacked:,} bytes, more than the {MAX_UNPACKED:,} allowed",
                         path=path)


def read_sheets(path: Path) -> list[tuple[str, list[tuple[int, list[str]]]]]:
    """Each sheet of the workbook at ``path`` but a questionnaire's questions, in workbook order, as its
    rows of cell texts with their row numbers; rows are as wide as the header, and a formula or error
    cell is an error naming it."""
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    _checked(path)
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except (InvalidFileException, KeyError, OSError, ValueError, zipfile.BadZipFile) as exc:
        raise InputError(f"not a readable .xlsx workbook: {exc}", path=path) from None
    except Exception as exc:  # openpyxl's XML parsing raises many kinds; each is a bad file, not a bug here
        raise InputError(f"not a readable .xlsx workbook: {type(exc).__name__}: {exc}", path=path) from None
    try:
        return [(sheet.title, _lines(path, sheet)) for sheet in book.worksheets if sheet.title != QUESTIONS_SHEET]
    finally:
        book.close()


def _lines(path: Path, sheet: Any) -> list[tuple[int, list[str]]]:
    lines: list[tuple[int, list[str]]] = []
    width = 0
    for number, cells in enumerate(sheet.iter_rows(), start=1):
        texts = [_text(path, sheet.title, number, cell) for cell in cells]
        if number == 1:
            # A spreadsheet may keep formatted, empty cells right of the header: they are not columns.
            while texts and not texts[-1].strip():
                texts.pop()
            width = len(texts)
        elif any(t.strip() for t in texts[width:]):
            raise InputError(f"{len(texts)} cells, but the header has {width} columns",
                             path=path, line=number, sheet=sheet.title)
        lines.append((number, (texts + [""] * width)[:width]))
    return lines


def _text(path: Path, sheet: str, row: int, cell: Any) -> str:
    """A cell as the text a CSV table would hold."""
    column = getattr(cell, "column_letter", None) or "?"
    if cell.data_type == "f":
        raise InputError(f"cell {column}{row} holds a formula ({cell.value}); expected plain text",
                         path=path, line=row, sheet=sheet)
    if cell.data_type == "e":
        raise InputError(f"cell {column}{row} holds a spreadsheet error ({cell.value}); expected plain text",
                         path=path, line=row, sheet=sheet)
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def write_workbook(path: Path, sheets: Mapping[str, Sequence[Sequence[str]]]) -> None:
    """Write ``sheets`` (name → rows of cell texts, header first) as a workbook at ``path``, every cell
    a string; the file appears all at once or not at all."""
    import io

    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.utils.exceptions import IllegalCharacterError

    book = Workbook(write_only=True)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for number, row in enumerate(rows, start=1):
            cells = []
            for text in row:
                cell = WriteOnlyCell(sheet)
                try:
                    cell.value = text
                except IllegalCharacterError:
                    raise InputError(f"sheet {name}, row {number}: a control character cannot be written "
                                     f"to a workbook, in {text!r}", path=path) from None
                # Text is text: openpyxl would take a leading "=" for a formula.
                cell.data_type = "s"
                if text.startswith(FORMULA_START):
                    cell.quotePrefix = True
                cells.append(cell)
            sheet.append(cells)
    buffer = io.BytesIO()
    book.save(buffer)
    atomic.write_bytes(path, buffer.getvalue())
