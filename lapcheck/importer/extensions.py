"""Extensions of the Art 3 and Art 4 deadlines: the ``extensions`` cell format both ways, and the
requests a ``current_deadline`` cell says were examined without a known outcome."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any, get_args

from lapcheck.deadlines import Calendar
from lapcheck.errors import InputError
from lapcheck.importer.cells import Cell, parse_date, split_list, with_note
from lapcheck.importer.layout import Column, OutCell, PerColumn, Reading, Writing
from lapcheck.model import Decision, Extension

DECISIONS: tuple[str, ...] = get_args(Decision)
UNKNOWN_MEETING = "unknown meeting"

# "request to 2030-08-01 analysed at 12MSP ...: outcome not found" in a current_deadline cell.
_UNDECIDED = re.compile(
    r"request(?: to (?P<to>\d{4}-\d{2}-\d{2}))? (?:analysed|examined) at (?P<meeting>\d+MSP|2RC Part Two)"
)


def parse_extension(item: str, cell: Cell, calendar: Calendar) -> dict[str, Any]:
    """``NEWDEADLINE (comment)`` or ``DEADLINE DECISION at MEETING (c) on DATE (c)`` → an Extension.

    A bare deadline is an extension the source says is in force (granted) without naming the
    meeting. A meeting's dates come from the calendar's meetings; ``on unknown`` leaves the decision
    day unknown, so the meeting's dates stand in for it.
    """
    def fail(why: str) -> InputError:
        return cell.error(f"extension {item!r}: {why}; expected 'DATE granted at MEETING on DATE' or 'DATE'")

    head, _, rest = item.partition(" ")
    deadline = parse_date(head, cell)
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
    meetings = calendar.meetings
    names = sorted([*meetings, UNKNOWN_MEETING], key=len, reverse=True)
    meeting = next((n for n in names if re.match(rf"{re.escape(n)}(?= \(| on )", rest)), None)
    if meeting is None:
        raise fail("unknown meeting (known: " + ", ".join(meetings) + f", {UNKNOWN_MEETING})")
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
        out["meeting_date"] = meetings[meeting].dates.iso()
    if when != "unknown":
        out["decided"] = parse_date(when, cell).iso()
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


def extension_text(ext: Extension, calendar: Calendar) -> str | None:
    """One extension in the ``extensions`` cell format (see :func:`parse_extension`); ``None`` when
    it has no deadline to lead with."""
    bare = ext.decision == "granted" and not (ext.meeting or ext.meeting_date or ext.decided)
    deadline = ext.new_deadline if ext.decision == "granted" else ext.requested_deadline
    if deadline is None or ext.decision is None or (ext.meeting and ext.meeting not in calendar.meetings):
        return None
    if bare:
        return with_note(str(deadline), ext.note)
    text = f"{deadline} {ext.decision} at {ext.meeting or UNKNOWN_MEETING} on {ext.decided or 'unknown'}"
    return with_note(text, ext.note)


class Extensions(PerColumn):
    """``;``-separated extensions (:func:`parse_extension`); the cell cites every extension's sources."""

    def read_one(self, column: Column, reading: Reading) -> None:
        cell = reading.cell(column.name)
        if cell is not None:
            items = split_list(cell.text)
            reading.put(column, [parse_extension(item, cell, reading.calendar) for item in items])

    def write_one(self, column: Column, writing: Writing) -> Iterator[OutCell]:
        extensions: list[Extension] = writing.get(column)
        items = [text for ext in extensions if (text := extension_text(ext, writing.calendar))]
        if items:
            cites = dict.fromkeys(c for ext in extensions for c in writing.cites(ext))
            yield OutCell(column.name, "; ".join(items), tuple(cites))


class UndecidedRequests(PerColumn):
    """A note, from which requests a meeting examined with no decision on record join the extensions
    with an unknown decision, so that after that meeting the deadline in force is unknown rather than
    the old one. The export writes the cell back from its note."""

    keeps_notes = True

    def read_one(self, column: Column, reading: Reading) -> None:
        cell = reading.cell(column.name)
        if cell is None:
            return
        reading.note(cell)
        if "not found" not in cell.text:
            return
        meetings = reading.calendar.meetings
        found = []
        for match in _UNDECIDED.finditer(cell.text):
            meeting = match["meeting"]
            if meeting not in meetings:
                raise cell.error(f"{column.name} names meeting {meeting!r}, whose dates are not known")
            ext = {"meeting": meeting, "meeting_date": meetings[meeting].dates.iso(), "source": cell.cites,
                   "note": "request examined; its outcome was not found in the sources read"}
            if match["to"]:
                ext["requested_deadline"] = match["to"]
            found.append(ext)
        if found:
            reading.put(column, [*(reading.get(column) or []), *found])

    def write_one(self, column: Column, writing: Writing) -> Iterator[OutCell]:
        yield from ()
