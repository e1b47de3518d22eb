"""Profiles to tables through the column map, and the facts no column can hold."""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from lapcheck import atomic, spreadsheet
from lapcheck.deadlines import Calendar, bundled_calendar
from lapcheck.importer.build import build_drafts, merge, parse_note, with_lists
from lapcheck.importer.closedlists import FIELDS as LIST_FIELDS
from lapcheck.importer.closedlists import FILE as CLOSED_LISTS
from lapcheck.importer.closedlists import SHEET as CLOSED_SHEET
from lapcheck.importer.closedlists import is_derived, list_lines, read_closed_lists
from lapcheck.importer.columns import KIND, KINDS
from lapcheck.importer.layout import Draft, OutCell, Table, Writing
from lapcheck.importer.tables import read_lines
from lapcheck.importer.workbook import is_workbook, write_workbook
from lapcheck.model import Profile

Format = Literal["csv", "xlsx"]
"""How tables are written: CSV files in a folder, or the sheets of one .xlsx workbook."""


def _note_cells(profile: Profile) -> dict[str, list[OutCell]]:
    """The tagged notes of a profile, as cells of the tables and columns they name."""
    out: dict[str, list[OutCell]] = {kind.name: [] for kind in KINDS}
    for text in profile.notes:
        parsed = parse_note(text)
        if parsed is not None:
            kind, column, body, keys = parsed
            out[kind].append(OutCell(column, body, tuple(profile.cite(keys))))
    return out


def _rows_of(
    profile: Profile, kind: Table, cells: list[OutCell], notes: list[OutCell]
) -> list[dict[str, str]]:
    """The rows of one table for one profile: one per set of sources, plus one per extra note."""
    rows: list[tuple[tuple[str, ...], dict[str, str]]] = []
    last: dict[str, int] = {}
    for cell in [*cells, *notes]:
        if cell.cites is None:
            continue
        single = cell.column not in kind.every_row
        if single and any(cell.column in r for _, r in rows):
            continue  # a second value for a one-value column cannot be written; the check reports it
        start = 0 if single else last.get(cell.column, -1) + 1
        free = (i for i, (cites, row) in enumerate(rows)
                if i >= start and cites == cell.cites and cell.column not in row)
        index = next(free, None)
        if index is None:
            rows.append((cell.cites, {}))
            index = len(rows) - 1
        rows[index][1][cell.column] = cell.text
        last[cell.column] = index
    if not rows:
        return []
    computed = {c.column: c.text for c in cells if c.cites is None}
    rows[0][1].update({k: v for k, v in computed.items() if k not in rows[0][1]})
    # In the complete UNTC table an empty cell says "no"; a cell this row does not speak to is unknown.
    blank = "unknown" if kind.complete else ""
    table: list[dict[str, str]] = []
    for cites, row in rows:
        out = {c: row.get(c, blank) for c in kind.columns}
        out.update(state=profile.name, iso3=profile.iso3)
        out[kind.source] = "; ".join(cites)
        table.append(out)
    return table


def table_grids(profiles: Iterable[Profile], calendar: Calendar) -> dict[str, list[list[str]]]:
    """Table name → every row of cell texts of that table, header first, rows by ISO code."""
    rows: dict[str, list[dict[str, str]]] = {kind.name: [] for kind in KINDS}
    for profile in sorted(profiles, key=lambda p: p.iso3):
        writing = Writing(profile, calendar)
        notes = _note_cells(profile)
        for kind in KINDS:
            cells = [cell for codec, columns in kind.groups for cell in codec.write(columns, writing)]
            rows[kind.name].extend(_rows_of(profile, kind, cells, notes[kind.name]))
    return {kind.name: [list(kind.columns), *([row[c] for c in kind.columns] for row in rows[kind.name])]
            for kind in KINDS}


def csv_text(grid: Iterable[Iterable[str]]) -> str:
    """Rows of cell texts as CSV, no cell a formula a spreadsheet would run (import takes the guard off)."""
    buffer = io.StringIO()
    writer = spreadsheet.Writer(buffer)
    for row in grid:
        writer.writerow(row)
    return buffer.getvalue()


def table_texts(profiles: Iterable[Profile], calendar: Calendar) -> dict[str, str]:
    """File name → CSV text of every table, rows by ISO code."""
    return {KIND[name].file: csv_text(grid) for name, grid in table_grids(profiles, calendar).items()}


def _normal(profile: Profile) -> dict[str, Any]:
    """A profile with source keys expanded, so profiles keyed differently compare equal."""
    data = profile.model_dump(mode="json", exclude_defaults=True)
    data.pop("sources", None)

    def expand(value: Any) -> Any:
        if isinstance(value, list):
            return [expand(v) for v in value]
        if isinstance(value, dict):
            return {k: (profile.cite(v) if k == "source" else expand(v)) for k, v in value.items()}
        return value

    notes = []
    for text in data.pop("notes", []):
        parsed = parse_note(text)
        notes.append(text if parsed is None else (parsed[0], parsed[1], parsed[2], profile.cite(parsed[3])))
    return {**expand(data), "notes": notes}


def _differences(old: Any, new: Any, path: str) -> Iterator[str]:
    """Paths where ``new`` lacks or changes something of ``old``, or adds something."""
    if isinstance(old, dict) and isinstance(new, dict):
        for key in dict.fromkeys([*old, *new]):
            yield from _differences(old.get(key), new.get(key), f"{path}.{key}" if path else key)
    elif isinstance(old, list) and isinstance(new, list):
        yield from (f"{path}[{i}]" for i, item in enumerate(old) if item not in new)
        yield from (f"{path}[{i}] (added)" for i, item in enumerate(new) if item not in old)
    elif old != new:
        yield path


@dataclass(frozen=True)
class Exported:
    """The tables written, and the facts of the profiles that no column can hold."""

    paths: list[Path]
    omitted: list[str]
    """``ISO3 dotted.path`` of every field that would not come back as it is on import (empty:
    lossless)."""


def _without_lists(profile: Profile) -> Profile:
    """``profile`` without the facts closed lists gave it: the lists' own table gives them back."""
    sections: dict[str, Any] = {}
    for field in LIST_FIELDS:
        section, name = field.split(".")
        current = sections.get(section, getattr(profile, section))
        if is_derived(getattr(current, name)):
            sections[section] = current.model_copy(update={name: None})
    return profile.model_copy(update=sections) if sections else profile


def export_tables(
    profiles: Iterable[Profile], output: Path, calendar: Calendar | None = None, fmt: Format | None = None,
    closed_lists: Path | None = None,
) -> Exported:
    """Write the seven tables for ``profiles`` (same columns as the snapshot) as CSV files into the
    folder ``output``, or as the sheets of the workbook ``output`` (``fmt`` ``"xlsx"``; by default
    when ``output`` ends in ``.xlsx``), each sheet named for its table (``participants``, ``article3`` …).

    Every fact becomes a cell and every tagged note goes back to its column; a State whose facts
    cite different sources gets one row per set of sources. Facts a closed list gave are not
    cells: the closed lists of ``closed_lists`` (a folder of tables or a workbook) are written
    beside the tables (``closed_lists.csv``, or the sheet ``closed_lists``) to give them back.
    Fields no column holds (for example ``withdrawal_notified``, hand-written notes, a closed
    list's facts when no ``closed_lists`` is given) are listed in :attr:`Exported.omitted`, found
    by importing the written tables again, with the same ``calendar`` (default: the bundled one),
    and comparing.
    """
    if calendar is None:
        calendar = bundled_calendar()
    output = Path(output)
    fmt = fmt or ("xlsx" if is_workbook(output) else "csv")
    profiles = sorted(profiles, key=lambda p: p.iso3)
    # The lists' rows are read once: checked here, copied beside the tables below.
    lines = list_lines(closed_lists) if closed_lists is not None else None
    lists = (read_closed_lists(closed_lists, lines) or []) if closed_lists is not None and lines is not None else []
    listed = [cells for _, cells in lines or []] if lists else []
    grids = table_grids([_without_lists(p) for p in profiles], calendar)
    rows = [row for kind in KINDS
            for row in read_lines(enumerate(grids[kind.name], start=1), kind, 0, output / kind.file, kind.file)]
    drafts = build_drafts(rows, calendar)
    omitted: list[str] = []
    for profile in profiles:
        draft = drafts.get(profile.iso3, Draft(profile.iso3, name=profile.name))
        if lists:
            with_lists(draft, None, lists, calendar)
        back = Profile.model_validate(merge(draft, None))
        omitted.extend(f"{profile.iso3} {path}" for path in _differences(_normal(profile), _normal(back), ""))
    if fmt == "xlsx":
        write_workbook(output, {**grids, **({CLOSED_SHEET: listed} if listed else {})})
        return Exported([output], omitted)
    output.mkdir(parents=True, exist_ok=True)
    files = {KIND[name].file: grid for name, grid in grids.items()} | ({CLOSED_LISTS: listed} if listed else {})
    for name, grid in files.items():
        atomic.write_text(output / name, csv_text(grid))
    return Exported([output / name for name in files], omitted)
