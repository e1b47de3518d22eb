"""The codecs of the column map: how a column's cells become facts, and facts become cells again."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from lapcheck.dates import PartialDate
from lapcheck.deadlines import Duty
from lapcheck.errors import InputError
from lapcheck.importer.cells import (
    Cell,
    Row,
    conflict,
    dated,
    event,
    event_text,
    every,
    flag,
    flag_text,
    loose_date,
    parse_date,
    split_comment,
    split_list,
    with_note,
)
from lapcheck.importer.layout import Codec, Column, OutCell, PerColumn, Reading, Value, Writing, fact
from lapcheck.model import AnnualReport

CLEARANCE_STATUS = ("completed", "ongoing", "obligation", "none")
"""``status`` of article 4 rows: cleared; obligations still running; an obligation whose completion no
source states; no obligation (unknown: blank)."""


def unexpected(cell: Cell, options: Sequence[str]) -> InputError:
    """A cell that is none of the words its column takes."""
    listed = ", ".join(repr(o) for o in options)
    return cell.error(f"{cell.column}: expected one of {listed} or unknown, got {cell.text!r}")


class Event(Value):
    """Something that happens once: a date, ``yes``/``no``, or (in the complete table) empty: it did not."""

    empty_means_no = True

    def parse(self, cell: Cell) -> tuple[PartialDate | bool, str | None]:
        return event(cell)

    def format(self, value: PartialDate | bool, note: str | None) -> str:
        return event_text(value, note)


class Flag(Value):
    """``yes``/``no`` with an optional comment."""

    def parse(self, cell: Cell) -> tuple[bool, str | None]:
        return flag(cell)

    def format(self, value: bool, note: str | None) -> str:
        return flag_text(value, note)


class Date(Value):
    """A date at the precision the source gives, optionally ``DATE (comment)``."""

    def parse(self, cell: Cell) -> tuple[PartialDate, str | None]:
        return dated(cell)

    def format(self, value: PartialDate, note: str | None) -> str:
        return with_note(value.iso(), note)


class Choice(Value):
    """One of a few phrases, optionally ``PHRASE (comment)``; ``phrases`` maps each to its field value,
    and the first phrase of a value is the one written."""

    def __init__(self, phrases: Mapping[str, str]) -> None:
        self.phrases = phrases

    def parse(self, cell: Cell) -> tuple[str, str | None]:
        if cell.text in self.phrases:
            return self.phrases[cell.text], None
        head, note = split_comment(cell.text)
        if head not in self.phrases:
            raise unexpected(cell, list(self.phrases))
        return self.phrases[head], note

    def format(self, value: str, note: str | None) -> str:
        return with_note(next(p for p, v in self.phrases.items() if v == value), note)


class Year(Value):
    """A year like ``2012``; it has no room for a note."""

    def parse(self, cell: Cell) -> tuple[int, None]:
        if not re.fullmatch(r"\d{4}", cell.text):
            raise cell.error(f"{cell.column}: expected a year like 2012, got {cell.text!r}")
        return int(cell.text), None

    def format(self, value: int, note: str | None) -> str:
        return str(value)


class OriginalDeadline(Date):
    """A ``duty``'s deadline before extensions, kept only where it is not the one the calendar counts
    from entry into force; the export writes the counted one where the profile has none."""

    def __init__(self, duty: Duty) -> None:
        self.duty = duty

    def read_one(self, column: Column, reading: Reading) -> None:
        cell = reading.cell(column.name)
        if cell is None:
            return
        given, note = self.parse(cell)
        deposit, calendar, computed = reading.draft.deposit, reading.calendar, None
        if deposit is not None:
            computed = calendar.original_deadline(self.duty, calendar.entry_into_force(deposit))
        if given != computed or note:
            reading.put(column, fact(given, cell.cites, note))

    def write_one(self, column: Column, writing: Writing) -> Iterator[OutCell]:
        yield from super().write_one(column, writing)
        eif = writing.eif
        if writing.get(column) is None and eif is not None:
            yield OutCell(column.name, writing.calendar.original_deadline(self.duty, eif).iso(), None)


class EntryIntoForce(PerColumn):
    """Entry into force is derived from the deposit (Art 17): checked on import, computed on export."""

    empty_means_no = True

    def read_one(self, column: Column, reading: Reading) -> None:
        cell = reading.cell(column.name)
        if cell is None or cell.text == "":
            return
        given, _ = dated(cell)
        deposit = reading.draft.deposit
        if deposit is None:
            raise cell.error(f"entry_into_force {given} given, but no deposit date to check it against "
                             "(lapcheck derives entry into force from the deposit, Art 17)")
        expected = reading.calendar.entry_into_force(deposit)
        if given != expected:
            raise cell.error(f"entry_into_force {given} does not follow from the deposit {deposit}: "
                             f"Art 17 gives {expected}")

    def write_one(self, column: Column, writing: Writing) -> Iterator[OutCell]:
        eif = writing.eif
        if eif is not None:
            yield OutCell(column.name, eif.iso(), None)


class Notes(PerColumn):
    """Free text, kept as tagged notes; ``every_row``: each row's text, else the State's one value.

    The export writes these columns back from the profile's tagged notes, not from fields.
    """

    def __init__(self, every_row: bool) -> None:
        self.every_row = every_row

    keeps_notes = True

    def read_one(self, column: Column, reading: Reading) -> None:
        if self.every_row:
            cells = every(reading.rows, column.name)
        else:
            cells = [one] if (one := reading.cell(column.name)) else []
        for cell in cells:
            reading.note(cell)

    def write_one(self, column: Column, writing: Writing) -> Iterator[OutCell]:
        yield from ()


class DateOrNote(PerColumn):
    """A date in free text ("2019-03 (announced)", "before Aug 2019"); text without one is a note."""

    keeps_notes = True

    def read_one(self, column: Column, reading: Reading) -> None:
        cell = reading.cell(column.name)
        if cell is None:
            return
        found = loose_date(cell.text)
        if found is None:
            reading.note(cell)
        else:
            reading.put(column, fact(found[0], cell.cites, found[1]))

    def write_one(self, column: Column, writing: Writing) -> Iterator[OutCell]:
        found = writing.get(column)
        if found is not None and isinstance(found.value, PartialDate):
            yield OutCell(column.name, with_note(found.value.iso(), found.note), writing.cites(found))


class TextWhen(PerColumn):
    """Free text that fills the field when column ``column`` says ``value``; otherwise it is a note."""

    def __init__(self, column: str, value: str) -> None:
        self.column, self.value = column, value

    keeps_notes = True

    def read_one(self, column: Column, reading: Reading) -> None:
        cell = reading.cell(column.name)
        if cell is None:
            return
        said = reading.get(reading.table.by_name[self.column])
        if said is not None and said["value"] == self.value:
            reading.put(column, fact(cell.text, cell.cites))
        else:
            reading.note(cell)

    def write_one(self, column: Column, writing: Writing) -> Iterator[OutCell]:
        found = writing.get(column)
        if found is not None:
            yield OutCell(column.name, found.value, writing.cites(found))


class Clearance(Codec):
    """Art 4 ``completion_date`` and ``status`` (in that order), which only mean something together.

    ``status`` gives the obligation (``none``: no obligation; ``obligation``: one, completion not stated)
    and, ``ongoing``, that clearance is not complete; ``completed`` takes its date from the completion
    text, or stands undated without one.
    Completion text that dates nothing, or that a status other than ``completed`` contradicts (a
    first completion, later reopened), is a note.
    """

    def noted(self, columns: Sequence[Column]) -> Sequence[Column]:
        return columns[:1]

    def read(self, columns: Sequence[Column], reading: Reading) -> None:
        completion_column, status_column = columns
        status = reading.cell(status_column.name)
        if status is not None and status.text not in CLEARANCE_STATUS:
            raise unexpected(status, CLEARANCE_STATUS)
        completion = reading.cell(completion_column.name)
        found = loose_date(completion.text) if completion is not None else None
        said = status.text if status is not None else None
        if status is not None:
            reading.put(status_column, fact(said != "none", status.cites))
        if status is not None and said == "ongoing":
            reading.put(completion_column, fact(False, status.cites))
        elif status is not None and said == "completed" and completion is None:
            reading.put(completion_column, fact(True, status.cites))
        elif completion is not None and (said == "completed" or (said is None and found)):
            value, note = found or (True, completion.text)
            reading.put(completion_column, fact(value, completion.cites, note))
            completion = None
        if completion is not None:
            reading.note(completion)

    def write(self, columns: Sequence[Column], writing: Writing) -> Iterator[OutCell]:
        completion_column, status_column = columns
        obligation, completed = writing.get(status_column), writing.get(completion_column)
        done = completed.value if completed is not None else None
        if obligation is not None:
            if not obligation.value:
                status = "none"
            else:
                status = "obligation" if done is None else ("ongoing" if done is False else "completed")
            yield OutCell(status_column.name, status, writing.cites(obligation))
        if completed is not None and done is not False:
            text = (completed.note or "") if done is True else with_note(str(done), completed.note)
            if text:
                yield OutCell(completion_column.name, text, writing.cites(completed))


class InitialReport(Codec):
    """Art 7 ``initial_report_submitted`` and ``initial_report_date`` (in that order), one fact.

    A report recorded as not received is unknown after the date column ``as_of`` gives: the source
    spoke for that date, and the report may have arrived since.
    """

    def __init__(self, as_of: str) -> None:
        self.as_of = as_of

    def read(self, columns: Sequence[Column], reading: Reading) -> None:
        said_column, date_column = columns
        said, when = reading.cell(said_column.name), reading.cell(date_column.name)
        submitted, note = flag(said) if said is not None else (None, None)
        if when is not None:
            if submitted is not True:
                raise when.error(f"{date_column.name} given, but {said_column.name} is not 'yes'")
            day, comment = dated(when)
            notes = [n for n in (note, comment) if n]
            reading.put(date_column, fact(day, when.cites, "; ".join(notes) or None))
        elif said is not None:
            out = fact(submitted, said.cites, note)
            seen_on = reading.cell(self.as_of)
            if submitted is False and seen_on is not None:
                out["as_of"] = dated(seen_on)[0].iso()
            reading.put(said_column, out)

    def write(self, columns: Sequence[Column], writing: Writing) -> Iterator[OutCell]:
        said_column, date_column = columns
        report = writing.get(said_column)
        if report is None:
            return
        cites = writing.cites(report)
        if isinstance(report.value, PartialDate):
            yield OutCell(said_column.name, "yes", cites)
            yield OutCell(date_column.name, with_note(report.value.iso(), report.note), cites)
        else:
            yield OutCell(said_column.name, flag_text(report.value, report.note), cites)


class AnnualReports(PerColumn):
    """``YEAR:DATE;YEAR:`` items of every row, merged by year (an undated item only says it exists)."""

    every_row = True

    def read_one(self, column: Column, reading: Reading) -> None:
        by_year: dict[int, list[tuple[Row, PartialDate | None]]] = {}
        for cell in every(reading.rows, column.name):
            row, seen = cell.rows[0], set()
            for item in split_list(cell.text):
                match = re.fullmatch(r"(\d{4})\s*:\s*(\S*)", item)
                if match is None:
                    raise cell.error(f"{column.name} item {item!r}: expected YEAR:DATE or YEAR:")
                year = int(match[1])
                if year in seen:
                    raise cell.error(f"{column.name}: year {year} twice")
                seen.add(year)
                by_year.setdefault(year, []).append((row, parse_date(match[2], cell) if match[2] else None))
        out: list[dict[str, Any]] = []
        for year in sorted(by_year):
            items = by_year[year]
            top = max(row.layer for row, _ in items)
            given = [(row, day) for row, day in items if row.layer == top and day is not None]
            for other, day in given[1:]:
                if day != given[0][1]:
                    raise conflict(given[0][0], other, f"annual report {year}", given[0][1], day, column.name)
            value = given[0][1] if given else None
            support = tuple(row for row, day in items if day is None or day == value)
            out.append({"year": year, "submitted": value.iso() if value else True,
                        "source": Cell(column.name, "", support).cites})
        if out:
            reading.put(column, out)

    def write_one(self, column: Column, writing: Writing) -> Iterator[OutCell]:
        groups: dict[tuple[str, ...], list[str]] = {}
        reports: list[AnnualReport] = writing.get(column)
        for report in sorted(reports, key=lambda r: r.year):
            if report.submitted is not None and report.submitted is not False:
                day = "" if report.submitted is True else str(report.submitted)
                groups.setdefault(writing.cites(report), []).append(f"{report.year}:{day}")
        for cites, items in groups.items():
            yield OutCell(column.name, ";".join(items), cites)
