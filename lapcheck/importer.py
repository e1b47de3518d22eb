"""Spreadsheet tables to State profiles and back: :func:`import_tables`, :func:`export_tables`.

The tables are CSV files laid out like the public snapshot in ``fixtures/tables`` (its README
documents every column). :func:`import_tables` writes one profile per State; :func:`export_tables`
writes the tables back. The rules that make both safe:

* **Nothing invented.** Every fact cites the sources of the row that gave it; ``unknown`` and empty
  cells stay unknown, except in ``ccm_participants.csv``, the depositary's complete list, where an
  empty signature, deposit or withdrawal cell means "did not happen" and is written as ``false``.
* **Nothing lost.** A cell the profile model has no field for, or free text that does not parse,
  goes into the profile's ``notes`` as ``[KIND COLUMN] text [sources: keys]``. A ``VALUE (comment)``
  cell gives the value and keeps the comment as the fact's note. Tagged notes let the export put
  every note back into its column, so import → export → import gives the same profiles.
* **Layers.** Several rows may speak about one State: ``article4_additions.csv`` overrides
  ``article4_clearance.csv`` cell by cell, and ``article4_research.csv`` overrides both; any other
  ``*_research.csv`` fills cells its base table leaves unknown. Two rows of the same layer that give
  different values for one cell are an error naming both. Note columns keep every row's text.
* **Checked.** Entry into force in any table must be what Art 17 gives for the deposit; dates,
  flags, meeting names and ISO codes are validated; bad input raises :class:`InputError` naming
  the file and line.
* **Merge, deterministic, atomic.** An existing profile keeps every field the tables do not
  mention; the fields they do mention are replaced. Same input gives byte-identical files, each
  written to a temporary file and renamed into place.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, get_args
from urllib.parse import urlsplit

import yaml

from lapcheck import atomic, yamlsafe
from lapcheck.dates import PartialDate
from lapcheck.deadlines import bundled_calendar
from lapcheck.errors import InputError
from lapcheck.model import Extension, Instrument, LegislationStatus, Profile, Sourced
from lapcheck.profiles import known_code, parse_profile

# --- the tables ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Kind:
    """One table layout: its file, columns and how its cells combine across rows."""

    name: str
    file: str
    columns: tuple[str, ...]
    source_column: str
    accumulate: frozenset[str] = frozenset()
    """Columns whose every row counts: notes keep each row's text, ``annual_reports`` items merge by
    year. The other columns hold one value per State."""
    empty_means_no: frozenset[str] = frozenset()
    """Columns of the base file, a complete list, where an empty cell says "did not happen"."""
    note_columns: frozenset[str] = frozenset()
    """Columns whose text can become a tagged note (free text, or text that gives no value)."""


KINDS: tuple[Kind, ...] = (
    Kind("participants", "ccm_participants.csv",
         ("state", "iso3", "signature", "deposit", "instrument", "entry_into_force",
          "withdrawal_effective", "source"), "source",
         empty_means_no=frozenset({"signature", "deposit", "entry_into_force", "withdrawal_effective"})),
    Kind("article3", "article3_stockpiles.csv",
         ("state", "iso3", "entry_into_force", "original_deadline", "original_deadline_basis",
          "extensions", "completion_date", "retained_for_training", "destroyed_before_eif", "notes",
          "sources"), "sources", frozenset({"notes"}),
         note_columns=frozenset({"original_deadline_basis", "completion_date", "notes"})),
    Kind("article4", "article4_clearance.csv",
         ("state", "iso3", "entry_into_force", "original_deadline", "original_deadline_basis",
          "extensions", "current_deadline", "completion_date", "status", "notes", "sources"),
         "sources", frozenset({"notes"}),
         note_columns=frozenset({"original_deadline_basis", "current_deadline", "completion_date", "notes"})),
    Kind("article5", "article5_victim_assistance.csv",
         ("state", "iso3", "has_victims", "focal_point", "national_plan", "notes", "source"), "source",
         frozenset({"notes"}), note_columns=frozenset({"notes"})),
    Kind("article7", "article7_reports.csv",
         ("state", "iso3", "initial_report_submitted", "initial_report_date", "annual_reports",
          "as_of_source", "sources"), "sources", frozenset({"annual_reports", "as_of_source"}),
         note_columns=frozenset({"as_of_source"})),
    Kind("article9", "article9_legislation.csv",
         ("state", "iso3", "status", "year_adopted", "instrument_or_detail", "source"), "source",
         note_columns=frozenset({"instrument_or_detail"})),
)
KIND = {kind.name: kind for kind in KINDS}

ADDITIONS = "article4_additions.csv"
"""Corrections to ``article4_clearance.csv`` (layer 1); any article 4 research table is layer 2."""

RESEARCH = re.compile(r"^(?P<prefix>[a-z0-9_]+)_research\.csv$")
MONTH = {m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
                                      "nov", "dec"), start=1)}
LEGISLATION: dict[str, LegislationStatus] = {
    "specific legislation adopted": "specific_legislation",
    "existing law deemed sufficient": "existing_law_sufficient",
    "legislation under consideration/in progress": "in_progress",
    "in progress": "in_progress",
    "none reported": "none_reported",
}
"""Article 9 status phrases of the tables (the first phrase of each value is the one exported)."""
CLEARANCE_STATUS = ("completed", "ongoing", "none")
"""``status`` of article 4 rows: cleared; obligations still running; no obligation (unknown: blank)."""
DECISIONS = ("granted", "refused", "withdrawn", "pending")
UNKNOWN_MEETING = "unknown meeting"


# --- rows read from files --------------------------------------------------------------------


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

    def where(self) -> str:
        """``file line N`` for messages."""
        return f"{self.path.name} line {self.line}"


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
        row = self.rows[0]
        return InputError(message, path=row.path, line=row.line, key=f"{row.iso3}.{self.column}")


def _kind_of(path: Path) -> tuple[Kind, int] | None:
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


def read_table(path: Path, text: str, kind: Kind, layer: int) -> list[Row]:
    """Parse one CSV table into rows, checking its header, ISO codes and row lengths."""
    # Only the depositary's own list is complete; a research file about participation is not.
    complete = kind.empty_means_no if path.name == kind.file else frozenset()
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
        raw = {h: v.strip() for h, v in zip(header, values, strict=True)}
        iso3 = raw["iso3"]
        if not re.fullmatch(r"[A-Z]{3}", iso3) or not known_code(iso3):
            raise InputError(f"{iso3!r} is not an ISO 3166-1 alpha-3 code", path=path, line=start, key="iso3")
        cells: dict[str, str] = {}
        for column in kind.columns[2:]:
            if column == kind.source_column or column not in raw:
                continue
            value = raw[column]
            if value.lower() == "unknown" or (value == "" and column not in complete):
                continue
            cells[column] = value
        cites = tuple(dict.fromkeys(split_list(raw.get(kind.source_column, ""))))
        rows.append(Row(path, start, kind.name, layer, iso3, raw.get("state") or None, cells, cites))
    return rows


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


# --- combining rows into cells ---------------------------------------------------------------


def _resolve(rows: Sequence[Row], column: str) -> Cell | None:
    """The winning text of a one-value column: the highest layer, which must agree with itself."""
    giving = [r for r in rows if column in r.cells]
    if not giving:
        return None
    top = max(r.layer for r in giving)
    first = next(r for r in giving if r.layer == top)
    for other in giving:
        if other.layer == top and other.cells[column] != first.cells[column]:
            raise InputError(
                f"conflicting values for {first.iso3} {column}: {first.cells[column]!r} here, "
                f"{other.cells[column]!r} in {other.where()}",
                path=first.path, line=first.line, key=f"{first.iso3}.{column}",
            )
    text = first.cells[column]
    # Lower layers that say the same thing support it too.
    return Cell(column, text, tuple(r for r in giving if r.cells[column] == text))


def _every(rows: Sequence[Row], column: str) -> list[Cell]:
    """Every row's text of a note column, in layer then file order."""
    return [Cell(column, r.cells[column], (r,)) for r in rows if column in r.cells]


# --- reading cell values ---------------------------------------------------------------------


def split_comment(text: str) -> tuple[str, str | None]:
    """``VALUE (comment)`` → (VALUE, comment); anything else → (text, None)."""
    at = text.find(" (")
    if at > 0 and text.endswith(")"):
        return text[:at].strip(), text[at + 2:-1]
    return text, None


def _date(text: str, cell: Cell) -> PartialDate:
    try:
        return PartialDate.parse(text)
    except ValueError as exc:
        raise cell.error(f"{cell.column}: {exc}") from None


def _dated(cell: Cell) -> tuple[PartialDate, str | None]:
    """A ``DATE`` or ``DATE (comment)`` cell; an error for anything else."""
    head, comment = split_comment(cell.text)
    return _date(head, cell), comment


def _loose_date(text: str) -> tuple[PartialDate, str | None] | None:
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


def _flag(cell: Cell) -> tuple[bool, str | None]:
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


def _event(cell: Cell) -> tuple[PartialDate | bool, str | None]:
    """A date, ``yes``/``no`` (with comments), or ``""`` (no, in a complete table)."""
    if cell.text == "":
        return False, None
    if re.match(r"(yes|no)\b", cell.text, re.I):
        return _flag(cell)
    return _dated(cell)


def _fact(value: Any, cites: list[str], note: str | None = None) -> dict[str, Any]:
    fact: dict[str, Any] = {"value": value.iso() if isinstance(value, PartialDate) else value,
                            "source": cites}
    if note:
        fact["note"] = note
    return fact


# --- one State's draft profile ---------------------------------------------------------------


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
    deposit: PartialDate | None = None
    sections: dict[str, dict[str, Any]] = field(default_factory=dict)
    notes: list[Note] = field(default_factory=list)

    def put(self, section: str, name: str, value: Any) -> None:
        self.sections.setdefault(section, {})[name] = value

    def note(self, kind: str, cell: Cell) -> None:
        self.notes.append(Note(kind, cell.column, cell.text, cell.cites))


Builder = Callable[[Draft, Sequence[Row]], None]


def _participants(draft: Draft, rows: Sequence[Row]) -> None:
    for row in rows:
        draft.name = draft.name or row.state
    for column in ("signature", "deposit", "withdrawal_effective"):
        cell = _resolve(rows, column)
        if cell is not None:
            value, note = _event(cell)
            draft.put("participation", column, _fact(value, cell.cites, note))
            if column == "deposit" and isinstance(value, PartialDate):
                draft.deposit = value
    cell = _resolve(rows, "instrument")
    if cell is not None:
        head, note = split_comment(cell.text)
        if head not in get_args(Instrument):
            raise cell.error(f"instrument: expected one of {', '.join(get_args(Instrument))}, got {head!r}")
        draft.put("participation", "instrument", _fact(head, cell.cites, note))
    _check_eif(draft, _resolve(rows, "entry_into_force"))


def _check_eif(draft: Draft, cell: Cell | None) -> None:
    """Entry into force is derived from the deposit (Art 17); a table that says otherwise is wrong."""
    if cell is None or cell.text == "":
        return
    given, _ = _dated(cell)
    if draft.deposit is None:
        raise cell.error(f"entry_into_force {given} given, but no deposit date to check it against "
                         "(lapcheck derives entry into force from the deposit, Art 17)")
    expected = bundled_calendar().entry_into_force(draft.deposit)
    if given != expected:
        raise cell.error(f"entry_into_force {given} does not follow from the deposit {draft.deposit}: "
                         f"Art 17 gives {expected}")


def _original_deadline(draft: Draft, kind: str, section: str, rows: Sequence[Row]) -> None:
    """Keep a table's original deadline only where it is not EIF + 8/10 years (see the model)."""
    _check_eif(draft, _resolve(rows, "entry_into_force"))
    cell = _resolve(rows, "original_deadline")
    if cell is None:
        return
    given, note = _dated(cell)
    computed = None
    if draft.deposit is not None:
        calendar = bundled_calendar()
        eif = calendar.entry_into_force(draft.deposit)
        computed = calendar.original_deadline("article3" if section == "stockpiles" else "article4", eif)
    if given != computed or note:
        draft.put(section, "original_deadline", _fact(given, cell.cites, note))


def _extensions(draft: Draft, section: str, rows: Sequence[Row]) -> None:
    cell = _resolve(rows, "extensions")
    if cell is not None:
        draft.put(section, "extensions", [parse_extension(item, cell) for item in split_list(cell.text)])


def _meetings() -> dict[str, PartialDate]:
    return {name: m.dates for name, m in bundled_calendar().meetings.items()}


def parse_extension(item: str, cell: Cell) -> dict[str, Any]:
    """``NEWDEADLINE (comment)`` or ``DEADLINE DECISION at MEETING (c) on DATE (c)`` → an Extension.

    A bare deadline is an extension the source says is in force (granted) without naming the
    meeting. A meeting's dates come from the calendar's meetings (``rules/convention.yaml``); ``on unknown`` leaves
    the decision day unknown, so the meeting's dates stand in for it.
    """
    def fail(why: str) -> InputError:
        return cell.error(f"extension {item!r}: {why}; expected 'DATE granted at MEETING on DATE' or 'DATE'")

    head, _, rest = item.partition(" ")
    deadline = _date(head, cell)
    rest = rest.strip()
    out: dict[str, Any] = {"decision": "granted", "new_deadline": deadline.iso(), "source": cell.cites}
    if not rest or (rest.startswith("(") and rest.endswith(")")):
        if rest:
            out["note"] = rest[1:-1]
        return out
    match = re.match(r"(\w+) at ", rest)
    if match is None or match[1] not in DECISIONS:
        raise fail(f"decision must be one of {', '.join(DECISIONS)}")
    rest = rest[match.end():]
    names = sorted([*_meetings(), UNKNOWN_MEETING], key=len, reverse=True)
    meeting = next((n for n in names if re.match(rf"{re.escape(n)}(?= \(| on )", rest)), None)
    if meeting is None:
        raise fail("unknown meeting (known: " + ", ".join(_meetings()) + f", {UNKNOWN_MEETING})")
    rest = rest[len(meeting):]
    comments: list[str] = []
    rest = _take_group(rest, comments, fail)
    if not rest.startswith(" on "):
        raise fail("missing ' on DATE'")
    when, _, rest = rest[4:].partition(" ")
    if rest:
        rest = _take_group(" " + rest, comments, fail)
        if rest:
            raise fail(f"unexpected {rest.strip()!r}")
    out["decision"] = match[1]
    if match[1] != "granted":
        out["requested_deadline"] = out.pop("new_deadline")
    if meeting != UNKNOWN_MEETING:
        out["meeting"] = meeting
        out["meeting_date"] = _meetings()[meeting].iso()
    if when != "unknown":
        out["decided"] = _date(when, cell).iso()
    if comments:
        out["note"] = "; ".join(comments)
    return out


def _take_group(text: str, into: list[str], fail: Callable[[str], InputError]) -> str:
    """Remove a leading `` (…)`` (balanced) from ``text``, appending its inside to ``into``."""
    if not text.startswith(" ("):
        return text
    depth = 0
    for i, ch in enumerate(text[1:], start=1):
        depth += ch == "("
        depth -= ch == ")"
        if depth == 0:
            into.append(text[2:i])
            return text[i + 1:]
    raise fail("unbalanced parentheses")


def _article3(draft: Draft, rows: Sequence[Row]) -> None:
    _original_deadline(draft, "article3", "stockpiles", rows)
    _extensions(draft, "stockpiles", rows)
    cell = _resolve(rows, "completion_date")
    if cell is not None:
        found = _loose_date(cell.text)
        if found is None:
            draft.note("article3", cell)
        else:
            draft.put("stockpiles", "completed", _fact(found[0], cell.cites, found[1]))
    cell = _resolve(rows, "retained_for_training")
    if cell is not None:
        retains, note = _flag(cell)
        draft.put("stockpiles", "retains", _fact(retains, cell.cites, note))
    cell = _resolve(rows, "destroyed_before_eif")
    if cell is not None:
        # The table lists States that had stockpiles; destroyed before EIF means none held at EIF.
        before, note = _flag(cell)
        draft.put("stockpiles", "declared", _fact(not before, cell.cites, note))
    for column in ("original_deadline_basis", "notes"):
        _notes(draft, "article3", rows, column)


# "request to 2030-08-01 analysed at 12MSP ...: outcome not found" in a current_deadline cell.
_UNDECIDED = re.compile(
    r"request(?: to (?P<to>\d{4}-\d{2}-\d{2}))? (?:analysed|examined) at (?P<meeting>\d+MSP|2RC Part Two)"
)


def _requests_of_unknown_outcome(draft: Draft, rows: Sequence[Row]) -> None:
    """Requests a meeting examined whose decision no source gave: recorded with an unknown decision,
    so that after that meeting the deadline in force is unknown rather than the old one."""
    cell = _resolve(rows, "current_deadline")
    if cell is None or "not found" not in cell.text:
        return
    found = []
    for match in _UNDECIDED.finditer(cell.text):
        meeting = match["meeting"]
        if meeting not in _meetings():
            raise cell.error(f"current_deadline names meeting {meeting!r}, whose dates are not known")
        ext = {"meeting": meeting, "meeting_date": _meetings()[meeting].iso(), "source": cell.cites,
               "note": "request examined; its outcome was not found in the sources read"}
        if match["to"]:
            ext["requested_deadline"] = match["to"]
        found.append(ext)
    if found:
        draft.put("clearance", "extensions", [*draft.sections.get("clearance", {}).get("extensions", []), *found])


def _article4(draft: Draft, rows: Sequence[Row]) -> None:
    _original_deadline(draft, "article4", "clearance", rows)
    _extensions(draft, "clearance", rows)
    _requests_of_unknown_outcome(draft, rows)
    status = _resolve(rows, "status")
    if status is not None and status.text not in CLEARANCE_STATUS:
        raise status.error(f"status: expected {', '.join(CLEARANCE_STATUS)} or unknown, got {status.text!r}")
    completion = _resolve(rows, "completion_date")
    found = _loose_date(completion.text) if completion is not None else None
    said = status.text if status is not None else None
    if status is not None:
        draft.put("clearance", "obligation", _fact(said != "none", status.cites))
    if status is not None and said == "ongoing":
        draft.put("clearance", "completed", _fact(False, status.cites))
    elif status is not None and said == "completed" and completion is None:
        draft.put("clearance", "completed", _fact(True, status.cites))
    elif completion is not None and (said == "completed" or (said is None and found)):
        # Completed: the cell dates it, or at least says how it was reported.
        value, note = found or (True, completion.text)
        draft.put("clearance", "completed", _fact(value, completion.cites, note))
        completion = None
    if completion is not None:
        # Still ongoing (a first completion, later reopened), no obligation, or no date in the text.
        draft.note("article4", completion)
    for column in ("original_deadline_basis", "current_deadline", "notes"):
        _notes(draft, "article4", rows, column)


def _article5(draft: Draft, rows: Sequence[Row]) -> None:
    for column, name in (("has_victims", "victims"), ("focal_point", "focal_point"),
                         ("national_plan", "national_plan")):
        cell = _resolve(rows, column)
        if cell is not None:
            value, note = _flag(cell)
            draft.put("victim_assistance", name, _fact(value, cell.cites, note))
    _notes(draft, "article5", rows, "notes")


def _article7(draft: Draft, rows: Sequence[Row]) -> None:
    said, dated = _resolve(rows, "initial_report_submitted"), _resolve(rows, "initial_report_date")
    submitted, note = _flag(said) if said is not None else (None, None)
    if dated is not None:
        if submitted is not True:
            raise dated.error("initial_report_date given, but initial_report_submitted is not 'yes'")
        day, comment = _dated(dated)
        notes = [n for n in (note, comment) if n]
        draft.put("transparency", "initial_report", _fact(day, dated.cites, "; ".join(notes) or None))
    elif said is not None:
        fact = _fact(submitted, said.cites, note)
        seen_on = _resolve(rows, "as_of_source")
        if submitted is False and seen_on is not None:
            # "Not received" is only known up to the source's date; it may have arrived since.
            fact["as_of"] = _dated(seen_on)[0].iso()
        draft.put("transparency", "initial_report", fact)
    reports = _annual_reports(rows)
    if reports:
        draft.put("transparency", "annual_reports", reports)
    _notes(draft, "article7", rows, "as_of_source")


def _annual_reports(rows: Sequence[Row]) -> list[dict[str, Any]]:
    """``YEAR:DATE;YEAR:`` items of every row, merged by year (an undated item only says it exists)."""
    by_year: dict[int, list[tuple[Row, PartialDate | None]]] = {}
    for row in rows:
        if "annual_reports" not in row.cells:
            continue
        cell = Cell("annual_reports", row.cells["annual_reports"], (row,))
        seen: set[int] = set()
        for item in split_list(cell.text):
            match = re.fullmatch(r"(\d{4})\s*:\s*(\S*)", item)
            if match is None:
                raise cell.error(f"annual_reports item {item!r}: expected YEAR:DATE or YEAR:")
            year = int(match[1])
            if year in seen:
                raise cell.error(f"annual_reports: year {year} twice")
            seen.add(year)
            by_year.setdefault(year, []).append((row, _date(match[2], cell) if match[2] else None))
    out: list[dict[str, Any]] = []
    for year in sorted(by_year):
        items = by_year[year]
        top = max(row.layer for row, _ in items)
        dated = [(row, day) for row, day in items if row.layer == top and day is not None]
        for row, day in dated[1:]:
            if day != dated[0][1]:
                first = dated[0][0]
                raise InputError(
                    f"conflicting values for {first.iso3} annual report {year}: {dated[0][1]} here, "
                    f"{day} in {row.where()}",
                    path=first.path, line=first.line, key=f"{first.iso3}.annual_reports",
                )
        value = dated[0][1] if dated else None
        support = [row for row, day in items if day is None or day == value]
        report: dict[str, Any] = {"year": year, "submitted": value.iso() if value else True,
                                  "source": Cell("annual_reports", "", tuple(support)).cites}
        out.append(report)
    return out


def _article9(draft: Draft, rows: Sequence[Row]) -> None:
    status = _resolve(rows, "status")
    value: LegislationStatus | None = None
    if status is not None:
        head, note = split_comment(status.text)
        value = LEGISLATION.get(status.text) or LEGISLATION.get(head)
        if value is None:
            phrases = ", ".join(repr(s) for s in LEGISLATION)
            raise status.error(f"status: expected one of {phrases} or unknown")
        draft.put("national_implementation", "status",
                  _fact(value, status.cites, None if status.text in LEGISLATION else note))
    year = _resolve(rows, "year_adopted")
    if year is not None:
        if not re.fullmatch(r"\d{4}", year.text):
            raise year.error(f"year_adopted: expected a year like 2012, got {year.text!r}")
        draft.put("national_implementation", "year", _fact(int(year.text), year.cites))
    detail = _resolve(rows, "instrument_or_detail")
    if detail is not None and value == "specific_legislation":
        draft.put("national_implementation", "instrument", _fact(detail.text, detail.cites))
    elif detail is not None:
        # Without specific legislation the cell describes measures, not an instrument.
        draft.note("article9", detail)


def _notes(draft: Draft, kind: str, rows: Sequence[Row], column: str) -> None:
    if column in KIND[kind].accumulate:
        cells = _every(rows, column)
    else:
        cells = [cell] if (cell := _resolve(rows, column)) else []
    for one in cells:
        draft.note(kind, one)


BUILDERS: dict[str, Builder] = {
    "participants": _participants,
    "article3": _article3,
    "article4": _article4,
    "article5": _article5,
    "article7": _article7,
    "article9": _article9,
}


def build_drafts(rows: Iterable[Row], deposits: Mapping[str, PartialDate] | None = None) -> dict[str, Draft]:
    """One draft per State from every row, kinds in table order (participants first)."""
    grouped: dict[str, dict[str, list[Row]]] = {}
    for row in rows:
        grouped.setdefault(row.iso3, {}).setdefault(row.kind, []).append(row)
    drafts: dict[str, Draft] = {}
    for iso3 in sorted(grouped):
        draft = Draft(iso3, deposit=(deposits or {}).get(iso3))
        for kind in KINDS:
            kind_rows = sorted(grouped[iso3].get(kind.name, []), key=lambda r: r.layer)
            if kind_rows:
                named = next((r.state for r in kind_rows if r.state), None)
                draft.fallback_name = draft.fallback_name or named
                BUILDERS[kind.name](draft, kind_rows)
        drafts[iso3] = draft
    return drafts


# --- source keys, notes and merging ----------------------------------------------------------

HOSTS = {
    "treaties.un.org": "untc",
    "hrw.org": "hrw",
    "the-monitor.org": "monitor",
    "clusterconvention.org": "isu",
    "ccm3.pronk.se": "isu",
    "mineactionreview.org": "mar",
    "stopclustermunitions.org": "cmc",
    "victim-assistance.org": "monitor-va",
}
"""Short key names for the publishers cited most; others are named after their domain."""


def key_base(citation: str) -> str:
    """A readable key stem for a citation: ``untc``, ``monitor``, ``bhmac``; ``doc`` for non-URLs."""
    try:
        host = (urlsplit(citation).hostname or "") if "://" in citation else ""
    except ValueError:  # not a well-formed URL after all
        host = ""
    if not host:
        return "doc"
    labels = host.removeprefix("www.").split(".")
    for i in range(len(labels)):
        if ".".join(labels[i:]) in HOSTS:
            return HOSTS[".".join(labels[i:])]
    # The registrable name: drop the TLD and a generic second level (gov.iq, go.jp, rs.ba).
    core = labels[:-1]
    if len(core) > 1 and core[-1] in ("ac", "co", "com", "edu", "go", "gov", "net", "org", "rs"):
        core = core[:-1]
    name = re.sub(r"[^a-z0-9-]", "", core[-1].lower()) if core else ""
    return name or "doc"


def assign_keys(citations: Iterable[str], existing: Mapping[str, str]) -> dict[str, str]:
    """Citation → key: reuse the profile's keys, name new ones ``base``, ``base2``… in sorted order."""
    keys = {value: key for key, value in sorted(existing.items(), reverse=True)}
    used = set(existing)
    for citation in sorted(set(citations) - set(keys)):
        base = key_base(citation)
        key, n = base, 2
        while key in used:
            key = f"{base}-{n}" if base[-1].isdigit() else f"{base}{n}"
            n += 1
        used.add(key)
        keys[citation] = key
    return keys


NOTE = re.compile(
    r"\[(?P<kind>\w+) (?P<column>\w+)\] (?P<text>.*?)(?: \[sources: (?P<keys>[^\[\]]*)\])?", re.S)


def render_note(note: Note, keys: Mapping[str, str]) -> str:
    """``[article4 notes] text [sources: mar, isu]``."""
    cited = ", ".join(keys[c] for c in note.cites)
    return f"[{note.kind} {note.column}] {note.text}" + (f" [sources: {cited}]" if cited else "")


def parse_note(text: str) -> tuple[str, str, str, list[str]] | None:
    """(kind, column, text, source keys) of a tagged note; ``None`` for a note written by hand."""
    match = NOTE.fullmatch(text)
    if match is None or match["kind"] not in KIND or match["column"] not in KIND[match["kind"]].note_columns:
        return None
    keys = [k.strip() for k in (match["keys"] or "").split(",") if k.strip()]
    return match["kind"], match["column"], match["text"], keys


def _note_order(text: str) -> tuple[int, int]:
    parsed = parse_note(text)
    if parsed is None:
        return (-1, -1)
    kind = KIND[parsed[0]]
    return KINDS.index(kind), kind.columns.index(parsed[1])


def _with_keys(value: Any, keys: Mapping[str, str]) -> Any:
    """Replace every ``source`` list of citations by their keys."""
    if isinstance(value, list):
        return [_with_keys(v, keys) for v in value]
    if isinstance(value, dict):
        return {k: ([keys[c] for c in v] if k == "source" else _with_keys(v, keys)) for k, v in value.items()}
    return value


def _citations(value: Any) -> Iterator[str]:
    if isinstance(value, list):
        for v in value:
            yield from _citations(v)
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from (v if k == "source" else _citations(v))


def merge(draft: Draft, existing: Profile | None) -> dict[str, Any]:
    """The profile data: ``existing`` with every field the tables give replaced by theirs."""
    old = existing.model_dump(mode="json", exclude_defaults=True) if existing else {}
    citations = [*_citations(draft.sections), *(c for n in draft.notes for c in n.cites)]
    keys = assign_keys(citations, old.get("sources", {}))
    data: dict[str, Any] = {"iso3": draft.iso3}
    data["name"] = draft.name or old.get("name") or draft.fallback_name or draft.iso3
    data["sources"] = dict(sorted({**old.get("sources", {}), **{k: c for c, k in keys.items()}}.items()))
    for section in Profile.model_fields:
        if section in ("iso3", "name", "sources", "notes"):
            continue
        merged = dict(old.get(section, {}))
        for name, value in _with_keys(draft.sections.get(section, {}), keys).items():
            if (section, name) == ("transparency", "annual_reports"):
                years = {r["year"] for r in value}
                value = sorted([*(r for r in merged.get(name, []) if r["year"] not in years), *value],
                               key=lambda r: r["year"])
            merged[name] = value
        if merged:
            data[section] = merged
    tags = {(n.kind, n.column) for n in draft.notes}
    kept = [n for n in old.get("notes", []) if (parse_note(n) or ("", ""))[:2] not in tags]
    notes = sorted([*kept, *(render_note(n, keys) for n in draft.notes)], key=_note_order)
    if notes:
        data["notes"] = notes
    return data


# --- YAML ------------------------------------------------------------------------------------


class _Flow(list[Any]):
    """A list written on one line (``[a, b]``)."""


class _FlowMap(dict[str, Any]):
    """A mapping written on one line (``{value: x, source: [a]}``)."""


class _Dumper(yaml.SafeDumper):
    """Safe YAML with short facts and source lists on one line."""


_Dumper.add_representer(
    _Flow, lambda d, v: d.represent_sequence("tag:yaml.org,2002:seq", v, flow_style=True))
_Dumper.add_representer(
    _FlowMap, lambda d, v: d.represent_mapping("tag:yaml.org,2002:map", v, flow_style=True))


def _styled(value: Any) -> Any:
    if isinstance(value, dict):
        # What a fact says comes first, where it comes from last.
        last = ("source", "note")
        keys = [k for k in value if k not in last] + [k for k in last if k in value]
        inner = {k: (_Flow(value[k]) if k == "source" else _styled(value[k])) for k in keys}
        # A short fact reads best on one line; anything longer gets its own lines.
        short = (set(inner) <= {"value", "date", "source", "year", "submitted"}
                 and ("value" in inner or "year" in inner) and len(json.dumps(inner)) <= 80)
        return _FlowMap(inner) if short else inner
    if isinstance(value, list):
        return [_styled(v) for v in value]
    return value


def dump_profile(data: Mapping[str, Any]) -> str:
    """Profile data as YAML: model key order, sorted source keys, one line per short fact."""
    text: str = yaml.dump(_styled(dict(data)), Dumper=_Dumper, sort_keys=False, allow_unicode=True,
                          width=100, default_flow_style=False)
    return text


# --- import ----------------------------------------------------------------------------------


def read_tables(table_dir: Path) -> list[Row]:
    """Every row of every table in ``table_dir`` (base tables, then corrections and research;
    files that are not tables are ignored)."""
    if not table_dir.is_dir():
        raise InputError("no such folder of tables", path=table_dir)
    tables = [(path, found) for path in sorted(table_dir.glob("*.csv")) if (found := _kind_of(path))]
    rows: list[Row] = []
    # Base tables first, then corrections, then research: the order of notes and sources.
    for path, (kind, layer) in sorted(tables, key=lambda t: (t[0].name != t[1][0].file, t[1][1], t[0].name)):
        rows.extend(read_table(path, yamlsafe.read_text(path), kind, layer))
    if not rows:
        raise InputError("no table rows found; expected files such as " + ", ".join(k.file for k in KINDS),
                         path=table_dir)
    return rows


def _existing(path: Path) -> Profile | None:
    if not path.exists():
        return None
    doc = yamlsafe.load(path)
    return parse_profile(doc.data, doc)


def _profile_text(draft: Draft, existing: Profile | None, path: Path) -> str:
    """The YAML of the merged profile, checked by the same loader that will read it."""
    profile = Profile.model_validate(merge(draft, existing))
    text = dump_profile(profile.model_dump(mode="json", exclude_defaults=True))
    try:
        doc = yamlsafe.loads(text, path)
        parse_profile(doc.data, doc)
    except InputError as exc:
        raise InputError(f"the tables give {draft.iso3} a profile that does not validate: {exc.message}",
                         path=path, key=exc.key) from None
    return text


def import_tables(table_dir: Path, output_dir: Path) -> list[Path]:
    """Read the tables in ``table_dir`` and write ``output_dir/<ISO3>.yaml`` for every State in them.

    Existing profiles there are merged (fields the tables do not mention are kept); every profile
    is built and validated before the first file is written. Returns the profile paths, sorted.
    """
    rows = read_tables(Path(table_dir))
    output_dir = Path(output_dir)
    existing = {iso3: _existing(output_dir / f"{iso3}.yaml") for iso3 in sorted({r.iso3 for r in rows})}
    deposits = {
        iso3: p.participation.deposit.value for iso3, p in existing.items()
        if p is not None and p.participation.deposit is not None
        and isinstance(p.participation.deposit.value, PartialDate)
    }
    drafts = build_drafts(rows, deposits)
    texts = {output_dir / f"{iso3}.yaml": _profile_text(d, existing[iso3], output_dir / f"{iso3}.yaml")
             for iso3, d in drafts.items()}
    output_dir.mkdir(parents=True, exist_ok=True)
    for path, text in texts.items():
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            atomic.write_text(path, text)
    return sorted(texts)


# --- export ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class OutCell:
    """A cell to write, and the sources of the fact or note it comes from."""

    column: str
    text: str
    cites: tuple[str, ...]


def _cited(profile: Profile, fact: Sourced) -> tuple[str, ...]:
    return tuple(profile.cite(fact.source))


def _with_note(text: str, note: str | None) -> str:
    return f"{text} ({note})" if note else text


def _flag_text(value: bool, note: str | None) -> str:
    # "yes: note" parses back whatever the note holds, parentheses included.
    word = "yes" if value else "no"
    return f"{word}: {note}" if note else word


def _event_text(value: PartialDate | bool, note: str | None) -> str:
    if isinstance(value, PartialDate):
        return _with_note(value.iso(), note)
    return _flag_text(value, note) if (value or note) else ""


def extension_text(ext: Extension) -> str | None:
    """One extension in the ``extensions`` cell format (see :func:`parse_extension`); ``None`` when
    it has no deadline to lead with."""
    bare = ext.decision == "granted" and not (ext.meeting or ext.meeting_date or ext.decided)
    deadline = ext.new_deadline if ext.decision == "granted" else ext.requested_deadline
    if deadline is None or ext.decision is None or (ext.meeting and ext.meeting not in _meetings()):
        return None
    if bare:
        return _with_note(str(deadline), ext.note)
    text = f"{deadline} {ext.decision} at {ext.meeting or UNKNOWN_MEETING} on {ext.decided or 'unknown'}"
    return _with_note(text, ext.note)


def _section_cells(profile: Profile) -> dict[str, list[OutCell]]:
    """The fact cells of every table for one profile."""
    out: dict[str, list[OutCell]] = {kind.name: [] for kind in KINDS}

    def add(kind: str, column: str, text: str, cites: Sequence[str]) -> None:
        out[kind].append(OutCell(column, text, tuple(cites)))

    part = profile.participation
    for column in ("signature", "deposit", "withdrawal_effective"):
        fact = getattr(part, column)
        if fact is not None:
            add("participants", column, _event_text(fact.value, fact.note), _cited(profile, fact))
    if part.instrument is not None:
        add("participants", "instrument", _with_note(part.instrument.value, part.instrument.note),
            _cited(profile, part.instrument))

    for kind, section in (("article3", profile.stockpiles), ("article4", profile.clearance)):
        if section.original_deadline is not None:
            fact = section.original_deadline
            add(kind, "original_deadline", _with_note(fact.value.iso(), fact.note), _cited(profile, fact))
        items = [text for text in map(extension_text, section.extensions) if text]
        if items:
            add(kind, "extensions", "; ".join(items),
                tuple(dict.fromkeys(c for e in section.extensions for c in profile.cite(e.source))))

    st = profile.stockpiles
    if st.completed is not None and not isinstance(st.completed.value, bool):
        add("article3", "completion_date", _with_note(st.completed.value.iso(), st.completed.note),
            _cited(profile, st.completed))
    if st.retains is not None:
        add("article3", "retained_for_training", _flag_text(st.retains.value, st.retains.note),
            _cited(profile, st.retains))
    if st.declared is not None:
        add("article3", "destroyed_before_eif", _flag_text(not st.declared.value, st.declared.note),
            _cited(profile, st.declared))

    cl = profile.clearance
    done = cl.completed.value if cl.completed is not None else None
    if cl.obligation is not None and (done is not None or not cl.obligation.value):
        # An obligation with completion unknown has no status word; the check reports it.
        status = "none" if not cl.obligation.value else ("ongoing" if done is False else "completed")
        add("article4", "status", status, _cited(profile, cl.obligation))
    if cl.completed is not None and done is not False:
        note = cl.completed.note
        text = (note or "") if done is True else _with_note(str(done), note)
        if text:
            add("article4", "completion_date", text, _cited(profile, cl.completed))

    va = profile.victim_assistance
    for column, fact in (("has_victims", va.victims), ("focal_point", va.focal_point),
                         ("national_plan", va.national_plan)):
        if fact is not None:
            add("article5", column, _flag_text(fact.value, fact.note), _cited(profile, fact))

    tr = profile.transparency
    if tr.initial_report is not None:
        value, note = tr.initial_report.value, tr.initial_report.note
        cites = _cited(profile, tr.initial_report)
        if isinstance(value, PartialDate):
            add("article7", "initial_report_submitted", "yes", cites)
            add("article7", "initial_report_date", _with_note(value.iso(), note), cites)
        else:
            add("article7", "initial_report_submitted", _flag_text(value, note), cites)
    groups: dict[tuple[str, ...], list[str]] = {}
    for report in sorted(tr.annual_reports, key=lambda r: r.year):
        if report.submitted is not None and report.submitted is not False:
            day = "" if report.submitted is True else str(report.submitted)
            groups.setdefault(_cited(profile, report), []).append(f"{report.year}:{day}")
    for cites, items in groups.items():
        add("article7", "annual_reports", ";".join(items), cites)

    ni = profile.national_implementation
    if ni.status is not None:
        phrase = next(p for p, v in LEGISLATION.items() if v == ni.status.value)
        add("article9", "status", _with_note(phrase, ni.status.note), _cited(profile, ni.status))
    if ni.year is not None:
        add("article9", "year_adopted", str(ni.year.value), _cited(profile, ni.year))
    if ni.instrument is not None:
        add("article9", "instrument_or_detail", ni.instrument.value, _cited(profile, ni.instrument))
    return out


def _note_cells(profile: Profile) -> dict[str, list[OutCell]]:
    out: dict[str, list[OutCell]] = {kind.name: [] for kind in KINDS}
    for text in profile.notes:
        parsed = parse_note(text)
        if parsed is not None:
            kind, column, body, keys = parsed
            out[kind].append(OutCell(column, body, tuple(profile.cite(keys))))
    return out


def _fixed_cells(profile: Profile, kind: Kind) -> dict[str, str]:
    """Computed cells (entry into force, default original deadline), written once per State."""
    deposit = profile.participation.deposit
    day = deposit.value if deposit is not None else None
    if "entry_into_force" not in kind.columns or not isinstance(day, PartialDate):
        return {}
    calendar = bundled_calendar()
    eif = calendar.entry_into_force(day)
    cells = {"entry_into_force": eif.iso()}
    if kind.name == "article3" and profile.stockpiles.original_deadline is None:
        cells["original_deadline"] = calendar.original_deadline("article3", eif).iso()
    if kind.name == "article4" and profile.clearance.original_deadline is None:
        cells["original_deadline"] = calendar.original_deadline("article4", eif).iso()
    return cells


def _rows_of(
    profile: Profile, kind: Kind, facts: list[OutCell], notes: list[OutCell]
) -> list[dict[str, str]]:
    """The rows of one table for one profile: one per set of sources, plus one per extra note."""
    rows: list[tuple[tuple[str, ...], dict[str, str]]] = []
    last: dict[str, int] = {}
    for cell in [*facts, *notes]:
        single = cell.column not in kind.accumulate
        if single and any(cell.column in r for _, r in rows):
            continue  # a second value for a one-value column cannot be written; the check reports it
        start = 0 if single else last.get(cell.column, -1) + 1
        free = (i for i, (cites, cells) in enumerate(rows)
                if i >= start and cites == cell.cites and cell.column not in cells)
        index = next(free, None)
        if index is None:
            rows.append((cell.cites, {}))
            index = len(rows) - 1
        rows[index][1][cell.column] = cell.text
        last[cell.column] = index
    if not rows:
        return []
    rows[0][1].update({k: v for k, v in _fixed_cells(profile, kind).items() if k not in rows[0][1]})
    # In the complete UNTC table an empty cell says "no"; a cell this row does not speak to is unknown.
    blank = "unknown" if kind.name == "participants" else ""
    table: list[dict[str, str]] = []
    for cites, cells in rows:
        row = {c: cells.get(c, blank) for c in kind.columns}
        row.update(state=profile.name, iso3=profile.iso3)
        row[kind.source_column] = "; ".join(cites)
        table.append(row)
    return table


def table_texts(profiles: Iterable[Profile]) -> dict[str, str]:
    """File name → CSV text of every table, rows by ISO code."""
    rows: dict[str, list[dict[str, str]]] = {kind.name: [] for kind in KINDS}
    for profile in sorted(profiles, key=lambda p: p.iso3):
        facts, notes = _section_cells(profile), _note_cells(profile)
        for kind in KINDS:
            rows[kind.name].extend(_rows_of(profile, kind, facts[kind.name], notes[kind.name]))
    texts: dict[str, str] = {}
    for kind in KINDS:
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=kind.columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows[kind.name])
        texts[kind.file] = buffer.getvalue()
    return texts


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


def export_tables(profiles: Iterable[Profile], output_dir: Path) -> Exported:
    """Write the six tables for ``profiles`` into ``output_dir`` (same columns as the snapshot).

    Every fact becomes a cell and every tagged note goes back to its column; a State whose facts
    cite different sources gets one row per set of sources. Fields no column holds (for example
    ``withdrawal_notified``, ``compliance_declared``, hand-written notes) are listed in
    :attr:`Exported.omitted`, found by importing the written tables again and comparing.
    """
    profiles = sorted(profiles, key=lambda p: p.iso3)
    output_dir = Path(output_dir)
    texts = table_texts(profiles)
    rows = [row for kind in KINDS for row in read_table(output_dir / kind.file, texts[kind.file], kind, 0)]
    drafts = build_drafts(rows)
    omitted: list[str] = []
    for profile in profiles:
        draft = drafts.get(profile.iso3, Draft(profile.iso3, name=profile.name))
        back = Profile.model_validate(merge(draft, None))
        omitted.extend(f"{profile.iso3} {path}" for path in _differences(_normal(profile), _normal(back), ""))
    output_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in texts.items():
        atomic.write_text(output_dir / name, text)
        paths.append(output_dir / name)
    return Exported(paths, omitted)
