"""The shape of the column map: tables, their columns, and the codecs between cells and profile fields.

A :class:`Codec` reads one State's cells of a table into a :class:`Draft` and writes a profile's
facts back into cells. Columns that share a codec object are read and written together, in one
call at the first one's place: so a codec can span cells that only mean something together (an
Art 4 status and its completion date), and the map's order is the order cells are read and written.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from lapcheck.dates import PartialDate
from lapcheck.deadlines import Calendar
from lapcheck.importer.cells import Cell, Row, resolve
from lapcheck.model import Profile, Sourced


@dataclass(frozen=True)
class Column:
    """One column of a table: the profile field it fills (``section.name``; ``None``: none) and its codec."""

    name: str
    field: str | None
    codec: Codec

    @cached_property
    def path(self) -> tuple[str, str]:
        """(section, name) of the field."""
        if self.field is None:
            raise TypeError(f"column {self.name} fills no profile field")
        section, _, name = self.field.partition(".")
        return section, name


@dataclass(frozen=True)
class Table:
    """One table layout: its file, the columns between ``state, iso3`` and the source column, and the
    codecs that read them."""

    name: str
    file: str
    source: str
    body: tuple[Column, ...]
    complete: bool = False
    """The depositary's complete list: an empty cell of an event column says "did not happen", and the
    list names the States."""

    @cached_property
    def columns(self) -> tuple[str, ...]:
        """The header, in order."""
        return ("state", "iso3", *(c.name for c in self.body), self.source)

    @cached_property
    def by_name(self) -> Mapping[str, Column]:
        """The body's columns by name."""
        return {c.name: c for c in self.body}

    @cached_property
    def groups(self) -> tuple[tuple[Codec, tuple[Column, ...]], ...]:
        """Each codec with the columns it reads and writes, in the order of their first column."""
        grouped: dict[int, tuple[Codec, list[Column]]] = {}
        for column in self.body:
            grouped.setdefault(id(column.codec), (column.codec, []))[1].append(column)
        return tuple((codec, tuple(columns)) for codec, columns in grouped.values())

    @cached_property
    def every_row(self) -> frozenset[str]:
        """Columns whose every row counts: notes keep each row's text, annual reports merge by year."""
        return frozenset(c.name for c in self.body if c.codec.every_row)

    @cached_property
    def note_columns(self) -> frozenset[str]:
        """Columns whose text can become a tagged note (free text, or text that gives no value)."""
        return frozenset(c.name for codec, columns in self.groups for c in codec.noted(columns))

    def empty_means_no(self, file: str) -> frozenset[str]:
        """Columns of ``file`` where an empty cell is a statement: those of events, in the complete list."""
        # A research file about participation is not complete, even if its table's base file is.
        if not self.complete or file != self.file:
            return frozenset()
        return frozenset(c.name for c in self.body if c.codec.empty_means_no)


@dataclass
class Note:
    """A tagged note: the column it came from, its text and the sources of its row."""

    kind: str
    column: str
    text: str
    cites: list[str]


@dataclass
class Draft:
    """What the tables say about one State, before source keys and merging."""

    iso3: str
    name: str | None = None
    fallback_name: str | None = None
    recorded_deposit: PartialDate | None = None
    """The deposit date of the profile already on disk, for the tables that do not give one."""
    sections: dict[str, dict[str, Any]] = field(default_factory=dict)
    notes: list[Note] = field(default_factory=list)

    @property
    def deposit(self) -> PartialDate | None:
        """The deposit date entry into force follows from: the tables', else the recorded one."""
        given = self.sections.get("participation", {}).get("deposit", {}).get("value")
        return PartialDate.parse(given) if isinstance(given, str) else self.recorded_deposit


def fact(value: Any, cites: list[str], note: str | None = None) -> dict[str, Any]:
    """A fact as profile data, dates as text."""
    out: dict[str, Any] = {"value": value.iso() if isinstance(value, PartialDate) else value, "source": cites}
    if note:
        out["note"] = note
    return out


@dataclass(frozen=True)
class Reading:
    """One State's rows of one table, and the draft the codecs fill from them."""

    table: Table
    rows: Sequence[Row]
    draft: Draft
    calendar: Calendar

    def cell(self, column: str) -> Cell | None:
        """The State's one value for ``column``, or ``None``."""
        return resolve(self.rows, column)

    def get(self, column: Column) -> Any:
        """What the draft holds so far for the field of ``column``."""
        section, name = column.path
        return self.draft.sections.get(section, {}).get(name)

    def put(self, column: Column, value: Any) -> None:
        """Set the field of ``column``."""
        section, name = column.path
        self.draft.sections.setdefault(section, {})[name] = value

    def note(self, cell: Cell) -> None:
        """Keep the text of ``cell`` as a tagged note."""
        self.draft.notes.append(Note(self.table.name, cell.column, cell.text, cell.cites))


@dataclass(frozen=True)
class OutCell:
    """A cell to write, and the sources of the fact or note it comes from (``None``: computed, so it
    goes into the State's first row, where that row leaves it free)."""

    column: str
    text: str
    cites: tuple[str, ...] | None


@dataclass(frozen=True)
class Writing:
    """One profile, whose facts the codecs write as cells."""

    profile: Profile
    calendar: Calendar

    def get(self, column: Column) -> Any:
        """The profile's value of the field of ``column``."""
        section, name = column.path
        return getattr(getattr(self.profile, section), name)

    def cites(self, item: Sourced) -> tuple[str, ...]:
        """The citations ``item`` gives, its source keys expanded."""
        return tuple(self.profile.cite(item.source))

    @cached_property
    def eif(self) -> PartialDate | None:
        """Entry into force, from the recorded deposit date."""
        deposit = self.profile.participation.deposit
        day = deposit.value if deposit is not None else None
        return self.calendar.entry_into_force(day) if isinstance(day, PartialDate) else None


class Codec(ABC):
    """How a group of columns reads into a draft and writes back from a profile."""

    every_row = False
    """Every row's text counts; otherwise the column holds one value per State (see :func:`resolve`)."""
    empty_means_no = False
    """In the complete table an empty cell says "did not happen" (see :attr:`Table.complete`)."""
    keeps_notes = False
    """Text of these columns may be kept as a tagged note (free text, or text that gives no value)."""

    def noted(self, columns: Sequence[Column]) -> Sequence[Column]:
        """Those of ``columns`` whose text may be kept as a tagged note."""
        return columns if self.keeps_notes else ()

    @abstractmethod
    def read(self, columns: Sequence[Column], reading: Reading) -> None:
        """Put what one State's cells of ``columns`` say into ``reading.draft``."""

    @abstractmethod
    def write(self, columns: Sequence[Column], writing: Writing) -> Iterator[OutCell]:
        """The cells of ``columns`` for ``writing.profile``."""


class PerColumn(Codec):
    """A codec whose columns do not depend on each other: each is read and written on its own."""

    def read(self, columns: Sequence[Column], reading: Reading) -> None:
        for column in columns:
            self.read_one(column, reading)

    def write(self, columns: Sequence[Column], writing: Writing) -> Iterator[OutCell]:
        for column in columns:
            yield from self.write_one(column, writing)

    @abstractmethod
    def read_one(self, column: Column, reading: Reading) -> None:
        """Read one column."""

    @abstractmethod
    def write_one(self, column: Column, writing: Writing) -> Iterator[OutCell]:
        """Write one column."""


class Value(PerColumn):
    """A fact one cell holds: :meth:`parse` reads its text into (value, note), :meth:`format` writes it."""

    @abstractmethod
    def parse(self, cell: Cell) -> tuple[Any, str | None]:
        """(value, note) of a cell; an error naming the cell if its text is not one."""

    @abstractmethod
    def format(self, value: Any, note: str | None) -> str:
        """The text :meth:`parse` reads back as (value, note)."""

    def read_one(self, column: Column, reading: Reading) -> None:
        cell = reading.cell(column.name)
        if cell is not None:
            value, note = self.parse(cell)
            note, as_of = observed(note, cell)
            data = fact(value, cell.cites, note)
            if as_of is not None:
                data["as_of"] = as_of.iso()
            reading.put(column, data)

    def write_one(self, column: Column, writing: Writing) -> Iterator[OutCell]:
        found = writing.get(column)
        if found is not None:
            note = found.note
            if found.as_of is not None:
                note = f"{note}; {AS_OF}{found.as_of.iso()}" if note else f"{AS_OF}{found.as_of.iso()}"
            yield OutCell(column.name, self.format(found.value, note), writing.cites(found))


AS_OF = "as of "
OBSERVED = re.compile(r"(?:^|(?<=; ))as of (?P<date>[0-9][0-9/.-]*)$")


def observed(note: str | None, cell: Cell) -> tuple[str | None, PartialDate | None]:
    """A comment's closing ``as of DATE`` (``no (as of 2018-06-26)``, ``none reported (text; as of
    2022-08)``): the date the cell's source speaks for, as the fact's ``as_of``, and the rest of the
    comment. A fact observed on a date says nothing of earlier days and is the last known value after."""
    match = OBSERVED.search(note or "")
    if note is None or match is None:
        return note, None
    try:
        when = PartialDate.parse(match["date"])
    except ValueError as exc:
        raise cell.error(f"{cell.column}: {exc}") from None
    rest = note[: match.start()].removesuffix("; ")
    return rest or None, when
