"""The treaty calendar: entry into force, deadlines, reporting dates and meetings, from data.

The numbers (8 and 10 years, 180 days, 30 April, the meetings' dates) live in the rule pack's
``convention.yaml``; this module holds what is counted from what, once. Counting convention, made
explicit: a State counts as a State Party from the day it deposits its instrument (the
depositary's and the ISU's count), but the Convention binds it, and its clocks run, from its entry
into force (EIF). Every date is a :class:`PartialDate` span, so imprecise inputs give honestly
imprecise outputs.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from lapcheck import yamlsafe
from lapcheck.dates import PartialDate, add_months
from lapcheck.errors import RuleError
from lapcheck.model import Extension

Duty = Literal["article3", "article4"]
"""The deadline-bound duties: stockpile destruction (Art 3) and clearance (Art 4)."""

CALENDAR_FILE = "convention.yaml"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class _EntryIntoForce(_Strict):
    convention: PartialDate
    months_after_deposit: int = Field(ge=1)
    citation: str


class DutyClock(_Strict):
    """A deadline counted in years from entry into force."""

    what: str
    years: int = Field(ge=1)
    citation: str


class _Reports(_Strict):
    initial_days: int = Field(ge=1)
    annual_due: str = Field(pattern=r"^\d{2}-\d{2}$")
    citation: str


class _Withdrawal(_Strict):
    months: int = Field(ge=1)
    citation: str


class _Years(_Strict):
    earliest: int
    latest: int


class Meeting(_Strict):
    """A meeting of States Parties or review conference, with the source of its dates."""

    name: str = Field(min_length=1)
    dates: PartialDate
    place: str | None = None
    source: str = Field(min_length=1)


class _CalendarFile(_Strict):
    name: str
    opened_for_signature: PartialDate
    entry_into_force: _EntryIntoForce
    duties: dict[Duty, DutyClock]
    reports: _Reports
    withdrawal: _Withdrawal
    extension_request_months: int = Field(ge=1)
    meeting_eve_default: str = Field(pattern=r"^\d{2}-\d{2}$")
    years: _Years
    meetings: list[Meeting]


@dataclass(frozen=True)
class Calendar:
    """The Convention's clocks and meetings, as one ``convention.yaml`` gives them."""

    name: str
    opened_for_signature: PartialDate
    convention_eif: date
    eif_months: int
    eif_citation: str
    duties: Mapping[Duty, DutyClock]
    initial_report_days: int
    annual_due: tuple[int, int]
    """(month, day) of the annual report's due date, in the year after the one it covers."""
    reports_citation: str
    withdrawal_months: int
    withdrawal_citation: str
    request_months: int
    eve_default: tuple[int, int]
    years: tuple[int, int]
    """The first and last year a date may fall in."""
    meetings: Mapping[str, Meeting]
    path: str

    def entry_into_force(self, deposit: PartialDate) -> PartialDate:
        """Art 17: the Convention's own EIF for the first instruments, else the first day of the
        sixth month after the month of deposit (deposit 10 Jul 2017 → EIF 1 Jan 2018)."""
        last = self._eif_of_day(deposit.last)
        return PartialDate(last if deposit.exact else self._eif_of_day(deposit.first), last)

    def _eif_of_day(self, deposit: date) -> date:
        # The instruments deposited up to the 30th take effect with the Convention: their sixth
        # month falls on or before it, which is what max() gives them.
        first_of_month = add_months(deposit.replace(day=1), self.eif_months)
        return max(self.convention_eif, first_of_month)

    def original_deadline(self, duty: Duty, eif: PartialDate) -> PartialDate:
        """Art 3.2 / 4.1: the deadline before any extension, counted in years from EIF."""
        return eif.shift(months=12 * self.duties[duty].years)

    def initial_report_due(self, eif: PartialDate) -> PartialDate:
        """Art 7.1: the initial report is due at the latest 180 days after EIF."""
        return eif.shift(days=self.initial_report_days)

    def annual_report_due(self, year: int) -> date:
        """Art 7.2: the annual report covering ``year`` is due on 30 April of the next year."""
        month, day = self.annual_due
        return date(year + 1, month, day)

    def last_reporting_year_due(self, as_of: date) -> int:
        """The latest calendar year whose annual report was due on or before ``as_of``."""
        return as_of.year - 1 if as_of >= self.annual_report_due(as_of.year - 1) else as_of.year - 2

    def withdrawal_effective(self, notified: PartialDate) -> PartialDate:
        """Art 20.2: a withdrawal takes effect six months after the depositary receives it."""
        return notified.shift(months=self.withdrawal_months)

    def request_due(self, meeting: PartialDate) -> PartialDate:
        """The last day an extension request can reach the meeting that decides it."""
        return meeting.shift(months=-self.request_months)

    def meeting_before(self, deadline: PartialDate) -> Meeting | None:
        """The last meeting before ``deadline``, the one that must decide an extension request;
        ``None`` when that meeting's date is not known (meetings are yearly, so a known meeting more
        than a year before the deadline is not the last one)."""
        earlier = [m for m in self.meetings.values() if m.dates.last < deadline.first]
        if not earlier:
            return None
        meeting = max(earlier, key=lambda m: m.dates.first)
        return meeting if deadline.first <= meeting.dates.shift(months=12).first else None

    def meeting_eve(self, year: int) -> date:
        """The day before that year's meeting of States Parties, where a source dates it to the day;
        else the default day of the year."""
        # A meeting known only to the month (3RC, September 2026) has no known eve.
        starts = [m.dates.first for m in self.meetings.values()
                  if m.dates.first.year == year and m.dates.precision in ("day", "range")]
        month, day = self.eve_default
        return min(starts) - timedelta(days=1) if starts else date(year, month, day)

    def allows(self, day: date) -> bool:
        """Whether ``day`` falls in the years the calendar accepts."""
        return self.years[0] <= day.year <= self.years[1]


def _day_of_year(doc: yamlsafe.Document, text: str, at: yamlsafe.Path_) -> tuple[int, int]:
    month, day = (int(part) for part in text.split("-"))
    try:
        date(2001, month, day)
    except ValueError:
        raise doc.error(f"{text!r} is not a day of the year (MM-DD)", at, RuleError) from None
    return month, day


def read_calendar(path: Path | str) -> Calendar:
    """Read and validate a ``convention.yaml``; a problem is a :class:`RuleError` naming its line."""
    doc = yamlsafe.load(Path(path), cls=RuleError)
    try:
        raw = _CalendarFile.model_validate(doc.data)
    except ValidationError as exc:
        raise yamlsafe.validation_error(doc, exc, (), RuleError) from None
    annual_due = _day_of_year(doc, raw.reports.annual_due, ("reports", "annual_due"))
    eve_default = _day_of_year(doc, raw.meeting_eve_default, ("meeting_eve_default",))
    if raw.years.earliest > raw.years.latest:
        raise doc.error("earliest is after latest", ("years",), RuleError)
    meetings: dict[str, Meeting] = {}
    for i, meeting in enumerate(raw.meetings):
        if meeting.name in meetings:
            raise doc.error(f"meeting {meeting.name!r} twice", ("meetings", i, "name"), RuleError)
        meetings[meeting.name] = meeting
    if not raw.entry_into_force.convention.exact:
        raise doc.error("expected the day the Convention entered into force", ("entry_into_force", "convention"),
                        RuleError)
    return Calendar(
        name=raw.name, opened_for_signature=raw.opened_for_signature,
        convention_eif=raw.entry_into_force.convention.first, eif_months=raw.entry_into_force.months_after_deposit,
        eif_citation=raw.entry_into_force.citation, duties=raw.duties,
        initial_report_days=raw.reports.initial_days, annual_due=annual_due,
        reports_citation=raw.reports.citation, withdrawal_months=raw.withdrawal.months,
        withdrawal_citation=raw.withdrawal.citation, request_months=raw.extension_request_months,
        eve_default=eve_default, years=(raw.years.earliest, raw.years.latest),
        meetings=meetings, path=str(path),
    )


@cache
def bundled_calendar() -> Calendar:
    """The calendar of the bundled rule pack."""
    from lapcheck.workspace import bundled

    return read_calendar(bundled().rules / CALENDAR_FILE)


def calendar_for(folder: Path) -> Calendar:
    """The ``convention.yaml`` of a rule pack's folder, else the bundled one."""
    own = folder / CALENDAR_FILE
    return read_calendar(own) if own.is_file() else bundled_calendar()


# --- extensions: what had been decided by a date (no calendar numbers involved) ----------
def decided_by(extension: Extension, as_of: date) -> bool | None:
    """Had the extension been granted by ``as_of``? ``None`` when that cannot be told: the decision
    date straddles ``as_of``, or the meeting has met and its decision is not on record."""
    if extension.decision in ("refused", "withdrawn", "pending"):
        return False
    when = extension.decided or extension.meeting_date
    if when is None and extension.new_deadline is not None:
        # Undated, but no meeting grants a deadline that has already passed: decided by then.
        when = PartialDate.until(extension.new_deadline.last)
    met = None if when is None else when.le(PartialDate.day(as_of))
    if extension.decision == "granted":
        return met
    return False if met is False else None  # outcome unknown: not before its meeting, unknown after


def deadline_in_force(
    original: PartialDate, extensions: Iterable[Extension], as_of: date
) -> PartialDate | None:
    """The deadline as it stood on ``as_of``: the original, or the latest extension granted by then.

    ``None`` when an extension that would move the deadline may or may not have been granted by
    ``as_of``: its decision date is unknown or straddles the date, or its meeting has met and the
    outcome is not on record (then the new date, if any, is the one requested).
    """
    granted: list[PartialDate] = []
    possible: list[PartialDate | None] = []
    for ext in extensions:
        decided = decided_by(ext, as_of)
        if decided is True and ext.new_deadline is not None:
            granted.append(ext.new_deadline)
        elif decided is None:
            possible.append(ext.new_deadline or ext.requested_deadline)
    # An extension replaces the deadline it extends, however imprecisely either is known.
    deadline = max(granted, key=lambda d: (d.last, d.first)) if granted else original
    for candidate in possible:
        if candidate is None or candidate.last > deadline.first:
            return None
    return deadline
