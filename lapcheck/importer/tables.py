"""Table files: which table and layer a file is, and the rows it gives, checked as they are read."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from lapcheck import spreadsheet, yamlsafe
from lapcheck.errors import InputError
from lapcheck.importer.cells import Row, split_list
from lapcheck.importer.columns import KIND, KINDS
from lapcheck.importer.layout import Table
from lapcheck.profiles import known_code

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


def read_table(path: Path, text: str, kind: Table, layer: int) -> list[Row]:
    """Parse one CSV table into rows, checking its header, ISO codes and row lengths."""
    complete = kind.empty_means_no(path.name)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise InputError("empty table; expected a header row", path=path, line=1) from None
    except csv.Error as exc:
        raise InputError(f"not valid CSV: {exc}", path=path, line=1) from None
    header = [h.strip() for h in header]
    unknown = [h for h in header if h not in kind.columns]
    if unknown or "iso3" not in header or len(set(header)) != len(header):
        problem = f"unknown column(s) {', '.join(unknown)}" if unknown else "missing or repeated columns"
        raise InputError(f"{problem}; the columns of {kind.file} are {', '.join(kind.columns)}",
                         path=path, line=1)
    rows: list[Row] = []
    line = reader.line_num + 1
    while True:
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise InputError(f"not valid CSV: {exc}", path=path, line=line) from None
        start, line = line, reader.line_num + 1
        if not any(v.strip() for v in values):
            continue
        if len(values) != len(header):
            raise InputError(f"{len(values)} cells, but the header has {len(header)} columns",
                             path=path, line=start)
        raw = {h: spreadsheet.restore(v.strip()) for h, v in zip(header, values, strict=True)}
        iso3 = raw["iso3"]
        if not re.fullmatch(r"[A-Z]{3}", iso3) or not known_code(iso3):
            raise InputError(f"{iso3!r} is not an ISO 3166-1 alpha-3 code", path=path, line=start, key="iso3")
        cells: dict[str, str] = {}
        for column in kind.by_name:
            if column not in raw:
                continue
            value = raw[column]
            if value.lower() == "unknown" or (value == "" and column not in complete):
                continue
            cells[column] = value
        cites = tuple(dict.fromkeys(split_list(raw.get(kind.source, ""))))
        rows.append(Row(path, start, kind.name, layer, iso3, raw.get("state") or None, cells, cites))
    return rows


def read_tables(table_dir: Path) -> list[Row]:
    """Every row of every table in ``table_dir`` (base tables, then corrections and research;
    files that are not tables are ignored)."""
    if not table_dir.is_dir():
        raise InputError("no such folder of tables", path=table_dir)
    tables = [(path, found) for path in sorted(table_dir.glob("*.csv")) if (found := kind_of(path))]
    rows: list[Row] = []
    # Base tables first, then corrections, then research: the order of notes and sources.
    for path, (kind, layer) in sorted(tables, key=lambda t: (t[0].name != t[1][0].file, t[1][1], t[0].name)):
        rows.extend(read_table(path, yamlsafe.read_text(path), kind, layer))
    if not rows:
        raise InputError("no table rows found; expected files such as " + ", ".join(k.file for k in KINDS),
                         path=table_dir)
    return rows
