"""Table rows, the cells they give one State, and the text forms a cell's value takes."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from lapcheck.dates import PartialDate
from lapcheck.errors import InputError

MONTH = {m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
                                      "nov", "dec"), start=1)}


@dataclass(frozen=True)
class Row:
    """One table row about one State: its informative cells and the sources it cites."""

    path: Path
    line: int
    kind: str
    layer: int
    iso3: str
    state: str | None
    cells: Mapping[str, str]
    """Cells that say something; ``""`` survives only in the complete UNTC table, meaning "no"."""
    cites: tuple[str, ...]
    sheet: str | None = None
    """The workbook sheet the row is on (``line`` is then its row number); ``None`` for a CSV file."""

    def where(self) -> str:
        """``file line N`` (``sheet S row N``) for messages."""
        return f"{self.path.name} line {self.line}" if self.sheet is None else f"sheet {self.sheet} row {self.line}"

    def error(self, message: str, column: str) -> InputError:
        """An error located at ``column`` of this row: ``file:line: ISO3.column`` or the workbook's sheet,
        row and column."""
        if self.sheet is None:
            return InputError(message, path=self.path, line=self.line, key=f"{self.iso3}.{column}")
        return InputError(message, path=self.path, line=self.line, key=column, sheet=self.sheet)


@dataclass(frozen=True)
class Cell:
    """The text a State's tables give for one column, and the rows that give it."""

    column: str
    text: str
    rows: tuple[Row, ...]

    @property
    def cites(self) -> list[str]:
        """The sources of those rows, in order, without repeats."""
        return list(dict.fromkeys(c for row in self.rows for c in row.cites))

    def error(self, message: str) -> InputError:
        """An error located at the first row that gives this cell."""
        return self.rows[0].error(message, self.column)


def conflict(first: Row, other: Row, what: str, mine: object, theirs: object, column: str) -> InputError:
    """Two rows of one layer that disagree, located at the first and naming the other."""
    return first.error(f"conflicting values for {first.iso3} {what}: {mine} here, {theirs} in {other.where()}",
                       column)


def resolve(rows: Sequence[Row], column: str) -> Cell | None:
    """The winning text of a one-value column: the highest layer, which must agree with itself."""
    giving = [r for r in rows if column in r.cells]
    if not giving:
        return None
    top = max(r.layer for r in giving)
    first = next(r for r in giving if r.layer == top)
    for other in giving:
        if other.layer == top and other.cells[column] != first.cells[column]:
            raise conflict(first, other, column, repr(first.cells[column]), repr(other.cells[column]), column)
    text = first.cells[column]
    # Lower layers that say the same thing support it too.
    return Cell(column, text, tuple(r for r in giving if r.cells[column] == text))


def every(rows: Sequence[Row], column: str) -> list[Cell]:
    """Every row's text of a column whose every row counts, in layer then file order."""
    return [Cell(column, r.cells[column], (r,)) for r in rows if column in r.cells]


def split_list(text: str) -> list[str]:
    """Split ``a; b (c; d); e`` on the semicolons outside parentheses."""
    items: list[str] = []
    depth, start = 0, 0
    for i, ch in enumerate(text):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(depth - 1, 0)
        elif ch == ";" and depth == 0:
            items.append(text[start:i])
            start = i + 1
    items.append(text[start:])
    return [item.strip() for item in items if item.strip()]


def split_comment(text: str) -> tuple[str, str | None]:
    """``VALUE (comment)`` → (VALUE, comment); anything else → (text, None)."""
    at = text.find(" (")
    if at > 0 and text.endswith(")"):
        return text[:at].strip(), text[at + 2:-1]
    return text, None


def with_note(text: str, note: str | None) -> str:
    """The inverse of :func:`split_comment`."""
    return f"{text} ({note})" if note else text


def parse_date(text: str, cell: Cell) -> PartialDate:
    """A date in ``cell``; an error naming the cell otherwise."""
    try:
        return PartialDate.parse(text)
    except ValueError as exc:
        raise cell.error(f"{cell.column}: {exc}") from None


def dated(cell: Cell) -> tuple[PartialDate, str | None]:
    """A ``DATE`` or ``DATE (comment)`` cell; an error for anything else."""
    head, comment = split_comment(cell.text)
    return parse_date(head, cell), comment


def loose_date(text: str) -> tuple[PartialDate, str | None] | None:
    """A date in a free-text cell, or ``None``: ``DATE (comment)``, or "before/by Aug 2019".

    "before Aug 2019" becomes ``../2019-08``: the month the source names stays in the span, since a
    span too wide is honest and one too narrow would be a guess about the source's wording.
    """
    head, comment = split_comment(text)
    try:
        return PartialDate.parse(head), comment
    except ValueError:
        pass
    match = re.search(r"\b(?:before|by)\s+([A-Za-z]{3})[a-z]*\.?\s+(\d{4})\b", text)
    if match and match[1].lower() in MONTH:
        return PartialDate.parse(f"../{match[2]}-{MONTH[match[1].lower()]:02d}"), text
    return None


def flag(cell: Cell) -> tuple[bool, str | None]:
    """``yes`` / ``no``, optionally followed by ``: comment`` or `` (comment)``."""
    match = re.fullmatch(r"(yes|no)\b\s*(.*)", cell.text, re.S | re.I)
    if match is None:
        raise cell.error(f"{cell.column}: expected yes, no or unknown, got {cell.text!r}")
    rest = match[2].strip()
    if rest.startswith(":"):
        comment: str | None = rest[1:].strip()
    elif rest.startswith("(") and rest.endswith(")"):
        comment = rest[1:-1]
    elif not rest:
        comment = None
    else:
        raise cell.error(
            f"{cell.column}: expected 'yes', 'no', 'yes: comment' or 'no (comment)', got {cell.text!r}")
    return match[1].lower() == "yes", comment or None


def flag_text(value: bool, note: str | None) -> str:
    """The inverse of :func:`flag`."""
    # "yes: note" parses back whatever the note holds, parentheses included.
    word = "yes" if value else "no"
    return f"{word}: {note}" if note else word


def event(cell: Cell) -> tuple[PartialDate | bool, str | None]:
    """A date, ``yes``/``no`` (with comments), or ``""`` (no, in a complete table)."""
    if cell.text == "":
        return False, None
    if re.match(r"(yes|no)\b", cell.text, re.I):
        return flag(cell)
    return dated(cell)


def event_text(value: PartialDate | bool, note: str | None) -> str:
    """The inverse of :func:`event`."""
    if isinstance(value, PartialDate):
        return with_note(value.iso(), note)
    return flag_text(value, note) if (value or note) else ""
