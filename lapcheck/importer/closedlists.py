"""Closed lists: sources that name every State Party with a property, so that the rest lack it.

A row of ``closed_lists.csv`` says that a source enumerates, for one date, every State of a
population (States Parties by deposit, or those the Convention is in force for) that has a
property, e.g. Mine Action Review's 2025 list of the States Parties still contaminated. At import,
each member gets the list's value and every other State of that population the opposite, as a
fact observed on the list's date (so it says nothing of earlier days), citing the list by name and
its source. A direct fact wins: a list only fills what the tables leave unknown, and a list that
contradicts a direct fact is reported, never applied.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Literal

from lapcheck import yamlsafe
from lapcheck.dates import PartialDate
from lapcheck.deadlines import Calendar
from lapcheck.errors import InputError
from lapcheck.facts import Context
from lapcheck.importer.cells import split_list
from lapcheck.model import Profile
from lapcheck.profiles import known_code

FILE = "closed_lists.csv"
SHEET = "closed_lists"
"""The closed lists' file beside CSV tables, and their sheet in a workbook."""
COLUMNS = ("list", "field", "value", "members", "date", "population", "title", "source", "note")

FIELDS: Mapping[str, str] = {
    "clearance.remaining": "article4.remaining",
    "stockpiles.ever": "article3.ever_stockpiled",
    "victim_assistance.victims": "article5.victims",
    "victim_assistance.obligations_reported": "article5.obligations_reported",
    "national_implementation.investment_ban": "article9.investment_ban",
}
"""The profile fields a closed list may fill, each with the derived fact that reads it. Only
yes/no facts a source can enumerate are here; Article 4's ``obligation`` ("ever had remnants") is
not, because a list of the States contaminated on a date says nothing of those cleared before it."""

Population = Literal["deposited", "in_force"]
POPULATIONS: Mapping[str, str] = {"deposited": "participation.deposited", "in_force": "participation.in_force"}

DERIVED = "derived from closed list "
"""How a fact filled by a list says so (its note), so that import and export can tell it apart."""
CITATION = re.compile(r"^closed list (?P<id>[a-z0-9-]+): ")


@dataclass(frozen=True)
class ClosedList:
    """One row of ``closed_lists.csv``."""

    id: str
    field: str
    value: bool
    members: frozenset[str]
    as_of: PartialDate
    population: Population
    title: str
    sources: tuple[str, ...]
    note: str
    path: Path
    line: int
    sheet: str | None = None
    """The workbook sheet the list is in; ``line`` is then its row."""

    @property
    def where(self) -> str:
        if self.sheet is None:
            return f"{self.path.name}:{self.line}"
        return f"{self.path.name}, sheet {self.sheet}, row {self.line}"

    def citation(self, member: bool) -> str:
        """The citation that names the list in every finding that rests on it."""
        count = f"the {len(self.members)} States Parties it names"
        said = f"among {count}" if member else f"not among {count}, so read as {_yes_no(not self.value)}"
        return f"closed list {self.id}: {self.title} (as of {self.as_of.iso()}); {said}"

    @property
    def day(self) -> date:
        """The day the list's population is counted on: the last day its date spans."""
        return self.as_of.last


def _yes_no(value: bool) -> str:
    return "yes" if value else "no"


def list_lines(source: Path) -> list[tuple[int, list[str]]] | None:
    """The rows of the closed lists beside the tables in ``source`` (a folder's ``closed_lists.csv``,
    or a workbook's ``closed_lists`` sheet) with their line numbers, header first; ``None`` if absent."""
    from lapcheck.importer import workbook
    from lapcheck.importer.tables import csv_lines

    if workbook.is_workbook(source):
        return next((lines for sheet, lines in workbook.read_sheets(source) if sheet == SHEET), None)
    path = source / FILE
    return list(csv_lines(path, yamlsafe.read_text(path))) if path.exists() else None


def read_closed_lists(
    source: Path, lines: list[tuple[int, list[str]]] | None = None
) -> list[ClosedList] | None:
    """The closed lists beside the tables in ``source`` (their rows ``lines``, if already read with
    :func:`list_lines`), each row checked on its own (see :func:`fill` for the checks that need the
    profiles); ``None`` where there is no such file or sheet (a partial source, e.g. a
    questionnaire), as opposed to one that lists none."""
    from lapcheck.importer import workbook

    path, sheet = (source, SHEET) if workbook.is_workbook(source) else (source / FILE, None)
    if lines is None:
        lines = list_lines(source)
    if lines is None:
        return None
    if not lines:
        raise InputError("empty table; expected a header row", path=path, line=1, sheet=sheet)
    (start, header), *body = lines
    if [h.strip() for h in header] != list(COLUMNS):
        raise InputError(f"expected the columns {', '.join(COLUMNS)}", path=path, line=start, sheet=sheet)
    lists: list[ClosedList] = []
    seen: dict[str, int] = {}
    for line, cells in body:
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(COLUMNS):
            raise InputError(f"{len(cells)} cells, but the header has {len(COLUMNS)} columns",
                             path=path, line=line, sheet=sheet)
        item = _parse(dict(zip(COLUMNS, (c.strip() for c in cells), strict=True)), path, line, sheet)
        if item.id in seen:
            raise InputError(f"list {item.id!r} is already defined on line {seen[item.id]}",
                             path=path, line=line, key="list", sheet=sheet)
        seen[item.id] = line
        lists.append(item)
    _check_agreement(lists, sheet)
    return lists


def _parse(row: dict[str, str], path: Path, line: int, sheet: str | None) -> ClosedList:
    def fail(message: str, key: str) -> InputError:
        return InputError(message, path=path, line=line, key=key, sheet=sheet)

    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", row["list"]):
        raise fail(f"{row['list']!r} is not a list id (lower-case letters, digits and hyphens)", "list")
    if row["field"] not in FIELDS:
        raise fail(f"{row['field']!r} cannot be filled by a closed list; expected one of {', '.join(FIELDS)}",
                   "field")
    if row["value"] not in ("yes", "no"):
        raise fail(f"expected yes or no (the members' value), got {row['value']!r}", "value")
    members = row["members"].split()
    bad = [m for m in members if not re.fullmatch(r"[A-Z]{3}", m) or not known_code(m)]
    if bad or not members:
        raise fail(f"expected ISO 3166-1 alpha-3 codes separated by spaces, got {' '.join(bad) or 'none'}",
                   "members")
    if len(set(members)) != len(members):
        raise fail("a member is named twice", "members")
    try:
        when = PartialDate.parse(row["date"])
    except ValueError:
        raise fail(f"expected a date YYYY, YYYY-MM or YYYY-MM-DD, got {row['date']!r}", "date") from None
    if row["population"] not in POPULATIONS:
        raise fail(f"expected one of {', '.join(POPULATIONS)}, got {row['population']!r}", "population")
    sources = tuple(split_list(row["source"]))
    if not sources:
        raise fail("a closed list needs its source", "source")
    if not row["title"]:
        raise fail("a closed list needs a title that names it", "title")
    population: Population = "deposited" if row["population"] == "deposited" else "in_force"
    return ClosedList(row["list"], row["field"], row["value"] == "yes", frozenset(members), when,
                      population, row["title"], sources, row["note"], path, line, sheet)


def _check_agreement(lists: Iterable[ClosedList], sheet: str | None) -> None:
    """Two lists of one field and one date cannot both speak for a State and disagree. Populations
    are not known here, so lists of one date must name the same members."""
    by_key: dict[tuple[str, PartialDate], ClosedList] = {}
    for item in lists:
        other = by_key.setdefault((item.field, item.as_of), item)
        if other is not item and (other.members != item.members or other.value != item.value):
            raise InputError(f"lists {other.id!r} (line {other.line}) and {item.id!r} disagree about "
                             f"{item.field} on {item.as_of.iso()}", path=item.path, line=item.line, sheet=sheet)


def is_derived(fact: Any) -> bool:
    """Whether a fact (profile data or model) was filled by a closed list."""
    note = fact.get("note") if isinstance(fact, dict) else getattr(fact, "note", None)
    return isinstance(note, str) and note.startswith(DERIVED)


@dataclass(frozen=True)
class Filled:
    """What the lists add to one State: profile field → fact data (citations, not keys)."""

    facts: dict[str, dict[str, Any]]
    contradictions: list[str]


def fill(profile: Profile, lists: Iterable[ClosedList], calendar: Calendar) -> Filled:
    """The facts ``lists`` give ``profile`` (read without any fact a list gave it before), latest
    list first for each field; a list whose population does not hold the State says nothing."""
    facts: dict[str, dict[str, Any]] = {}
    contradictions: list[str] = []
    decided: set[str] = set()
    for item in sorted(lists, key=lambda x: (x.as_of.first, x.id), reverse=True):
        if item.field in decided:
            continue
        context = Context(profile, item.day, calendar, cited=False)
        member = profile.iso3 in item.members
        inside = context.get(POPULATIONS[item.population]).value is True \
            and context.get("participation.withdrawn").value is not True
        if not inside:
            if member:
                raise InputError(f"list {item.id!r} names {profile.iso3}, which was not a State Party "
                                 f"({item.population.replace('_', ' ')}) on {item.day}",
                                 path=item.path, line=item.line, key="members", sheet=item.sheet)
            continue
        decided.add(item.field)
        implied = item.value if member else not item.value
        section, name = item.field.split(".")
        direct = context.get(FIELDS[item.field]).value
        if direct is not None and direct is not implied:
            contradictions.append(
                f"{item.where}: list {item.id!r} implies {FIELDS[item.field]} = {_yes_no(implied)} for "
                f"{profile.iso3} on {item.as_of.iso()}, but its profile says {_yes_no(bool(direct))}; "
                "the profile's fact is kept")
        elif direct is None and getattr(getattr(profile, section), name) is None:
            facts[item.field] = {
                "value": implied, "as_of": item.as_of.iso(),
                "source": [item.citation(member), *item.sources],
                "note": f"{DERIVED}{item.id}",
            }
    return Filled(facts, contradictions)
