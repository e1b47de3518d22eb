"""Table files: which table and layer a CSV file or workbook sheet is, and the rows it gives, checked as
they are read. A folder of CSV files and an .xlsx workbook (:mod:`lapcheck.importer.workbook`) both
come here as lines of cell texts, read by one :func:`read_lines`."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from lapcheck import spreadsheet, yamlsafe
from lapcheck.errors import InputError
from lapcheck.importer.cells import Row, split_list
from lapcheck.importer.closedlists import SHEET as CLOSED_SHEET
from lapcheck.importer.columns import KIND, KINDS
from lapcheck.importer.layout import Table
from lapcheck.profiles import known_code

Lines = Iterable[tuple[int, list[str]]]
"""A table's rows of cell texts, header first, each with its line (CSV) or row number (sheet)."""

ADDITIONS = "article4_additions.csv"
"""Corrections to ``article4_clearance.csv`` (layer 1); any article 4 research table is layer 2."""

RESEARCH = re.compile(r"^(?P<prefix>[a-z0-9_]+)_research\.csv$")


def kind_of(path: Path) -> tuple[Table, int] | None:
    """The layout and layer of a table file, or ``None`` for files that are not tables."""
    name = path.name
    if name == ADDITIONS:
        return KIND["article4"], 1
    for kind in KINDS:
        if name == kind.file:
            return kind, 0
    match = RESEARCH.match(name)
    if match is None:
        return None
    prefix = match["prefix"]
    for kind in KINDS:
        if prefix in (kind.name, kind.file.removesuffix(".csv")):
            # Article 4 research corrects the additions as they correct the base table; other
            # research tables only fill what their base table leaves unknown.
            return kind, 2 if kind.name == "article4" else 0
    raise InputError(
        f"research table for an unknown table {prefix!r}; expected one of "
        + ", ".join(f"{k.name}_research.csv" for k in KINDS), path=path,
    )


def sheet_file(sheet: str) -> str:
    """The table file a workbook sheet stands for: sheets are named for a table (``article4``) or a
    file's stem (``article4_clearance``, ``article4_additions``, ``article5_research``)."""
    return KIND[sheet].file if sheet in KIND else f"{sheet}.csv"


def csv_lines(path: Path, text: str) -> Iterator[tuple[int, list[str]]]:
    """The lines of a CSV table, each with the line it starts on, each cell without the guard against
    formulas export put on it (:mod:`lapcheck.spreadsheet`); bad CSV is an error naming the line."""
    reader = csv.reader(io.StringIO(text, newline=""))
    line = 1
    while True:
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise InputError(f"not valid CSV: {exc}", path=path, line=line) from None
        yield line, [spreadsheet.restore(v) for v in values]
        line = reader.line_num + 1


def read_table(path: Path, text: str, kind: Table, layer: int) -> list[Row]:
    """Parse one CSV table into rows, checking its header, ISO codes and row lengths."""
    return read_lines(csv_lines(path, text), kind, layer, path, path.name)


def read_lines(lines: Lines, kind: Table, layer: int, path: Path, file: str, sheet: str | None = None) -> list[Row]:
    """The rows of one table given as lines of cells (from the CSV ``path``, or from ``sheet`` of the
    workbook ``path``, standing for the table ``file``), checking its header, ISO codes and row lengths."""

    def fail(message: str, line: int, key: str | None = None) -> InputError:
        return InputError(message, path=path, line=line, key=key, sheet=sheet)

    complete = kind.empty_means_no(file)
    found = iter(lines)
    try:
        _, header = next(found)
    except StopIteration:
        raise fail("empty table; expected a header row", 1) from None
    header = [h.strip() for h in header]
    unknown = [h for h in header if h not in kind.columns]
    if unknown or "iso3" not in header or len(set(header)) != len(header):
        problem = f"unknown column(s) {', '.join(unknown)}" if unknown else "missing or repeated columns"
        raise fail(f"{problem}; the columns of {kind.file} are {', '.join(kind.columns)}", 1)
    rows: list[Row] = []
    for start, values in found:
        if not any(v.strip() for v in values):
            continue
        if len(values) != len(header):
            raise fail(f"{len(values)} cells, but the header has {len(header)} columns", start)
        raw = {h: v.strip() for h, v in zip(header, values, strict=True)}
        iso3 = raw["iso3"]
        if not re.fullmatch(r"[A-Z]{3}", iso3) or not known_code(iso3):
            raise fail(f"{iso3!r} is not an ISO 3166-1 alpha-3 code", start, "iso3")
        cells: dict[str, str] = {}
        for column in kind.by_name:
            if column not in raw:
                continue
            value = raw[column]
            if value.lower() == "unknown" or (value == "" and column not in complete):
                continue
            cells[column] = value
        cites = tuple(dict.fromkeys(split_list(raw.get(kind.source, ""))))
        rows.append(Row(path, start, kind.name, layer, iso3, raw.get("state") or None, cells, cites, sheet))
    return rows


def read_tables(source: Path) -> list[Row]:
    """Every row of every table in ``source``, a folder of CSV files or an .xlsx workbook (base tables,
    then corrections and research; in a folder, files that are not tables are ignored; in a workbook,
    a sheet that is not a table is an error)."""
    from lapcheck.importer import workbook

    found: list[tuple[str, Table, int, Path, str | None, Lines]] = []
    if workbook.is_workbook(source):
        for sheet, lines in workbook.read_sheets(source):
            if sheet == CLOSED_SHEET:
                continue  # read by closedlists
            try:
                known = kind_of(Path(sheet_file(sheet)))
            except InputError as exc:
                raise InputError(exc.message, path=source, sheet=sheet) from None
            if known is None:
                raise InputError("not a table; sheets are named " + ", ".join(k.name for k in KINDS)
                                 + " or for a table file (article4_additions, article5_research)",
                                 path=source, sheet=sheet)
            twin = next((t[4] for t in found if t[0] == sheet_file(sheet)), None)
            if twin is not None:
                raise InputError(f"sheets {twin} and {sheet} are both the table {sheet_file(sheet)}",
                                 path=source, sheet=sheet)
            found.append((sheet_file(sheet), *known, source, sheet, lines))
    elif source.is_dir():
        for path in sorted(source.glob("*.csv")):
            if (table := kind_of(path)) is not None:
                found.append((path.name, *table, path, None, csv_lines(path, yamlsafe.read_text(path))))
    else:
        raise InputError("no such folder of tables or .xlsx workbook", path=source)
    rows: list[Row] = []
    # Base tables first, then corrections, then research: the order of notes and sources.
    for file, kind, layer, path, named, given in sorted(found, key=lambda t: (t[0] != t[1].file, t[2], t[0])):
        rows.extend(read_lines(given, kind, layer, path, file, named))
    if not rows:
        expected = ("sheets named " + ", ".join(k.name for k in KINDS) if workbook.is_workbook(source)
                    else "files such as " + ", ".join(k.file for k in KINDS))
        raise InputError(f"no table rows found; expected {expected}", path=source)
    return rows
