"""The treaty calendar: entry into force, deadlines and reporting dates (pure functions).

Counting convention, made explicit: a State counts as a State Party from the day it deposits its
instrument (the depositary's and the ISU's count), but the Convention binds it, and its clocks
run, from its entry into force (EIF). Every function takes and returns :class:`PartialDate`
spans, so imprecise inputs give honestly imprecise outputs.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from lapcheck.dates import PartialDate
from lapcheck.model import Extension

CONVENTION_EIF = date(2010, 8, 1)
"""Art 17(1): the Convention entered into force on 1 August 2010."""

ARTICLE3_YEARS = 8
ARTICLE4_YEARS = 10
INITIAL_REPORT_DAYS = 180
WITHDRAWAL_MONTHS = 6
REQUEST_LEAD_MONTHS = 9
"""Art 3.7 / 4.6 practice: an extension request reaches the meeting at least nine months before it."""


def _eif_of_day(deposit: date) -> date:
    # The 30th instrument was deposited on 16 Feb 2010: it and all before it take effect on
    # CONVENTION_EIF, which is what max() gives them (their sixth month falls on or before it).
    month_index = deposit.year * 12 + deposit.month - 1 + 6
    year, month = divmod(month_index, 12)
    return max(CONVENTION_EIF, date(year, month + 1, 1))


def entry_into_force(deposit: PartialDate) -> PartialDate:
    """Art 17: 1 Aug 2010 for the first 30 instruments, else the first day of the sixth month
    after the month of deposit (deposit 10 Jul 2017 → EIF 1 Jan 2018)."""
    last = _eif_of_day(deposit.last)
    return PartialDate(last if deposit.first == deposit.last else _eif_of_day(deposit.first), last)


def article3_original_deadline(eif: PartialDate) -> PartialDate:
    """Art 3.2: destroy stockpiles at the latest eight years after EIF."""
    return eif.shift(months=12 * ARTICLE3_YEARS)


def article4_original_deadline(eif: PartialDate) -> PartialDate:
    """Art 4.1(a): clear remnants at the latest ten years after EIF."""
    return eif.shift(months=12 * ARTICLE4_YEARS)


def initial_report_due(eif: PartialDate) -> PartialDate:
    """Art 7.1: the initial report is due at the latest 180 days after EIF."""
    return eif.shift(days=INITIAL_REPORT_DAYS)


def annual_report_due(year: int) -> date:
    """Art 7.2: the annual report covering ``year`` is due on 30 April of the next year."""
    return date(year + 1, 4, 30)


def last_reporting_year_due(as_of: date) -> int:
    """The latest calendar year whose annual report was due on or before ``as_of``."""
    return as_of.year - 1 if as_of >= annual_report_due(as_of.year - 1) else as_of.year - 2


def withdrawal_effective(notified: PartialDate) -> PartialDate:
    """Art 20.2: a withdrawal takes effect six months after the depositary receives it."""
    return notified.shift(months=WITHDRAWAL_MONTHS)


def request_due(meeting: PartialDate) -> PartialDate:
    """The last day an extension request can reach the meeting that decides it."""
    return meeting.shift(months=-REQUEST_LEAD_MONTHS)


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

MEETINGS: dict[str, PartialDate] = {
    name: PartialDate.parse(span)
    for name, span in {
        "3MSP": "2012-09-11/2012-09-14",
        "5MSP": "2014-09-02/2014-09-05",
        "9MSP": "2019-09-02/2019-09-04",
        # Part One met online on 25-27 Nov 2020; its Art 4 decisions were taken later by silent
        # procedure (early 2021), so a decision "at 2RC" falls somewhere up to Part Two.
        "2RC": "2020-11-25/2021-09-21",
        "2RC Part Two": "2021-09-20/2021-09-21",
        "10MSP": "2022-08-30/2022-09-02",
        "11MSP": "2023-09-11/2023-09-14",
        "12MSP": "2024-09-10/2024-09-13",
        "13MSP": "2025-09-16/2025-09-19",
        "3RC": "2026-09",
    }.items()
}
"""Meetings of States Parties whose dates a source gives (fixtures/tables/article4_additions_NOTES.md)."""


def meeting_before(deadline: PartialDate) -> tuple[str, PartialDate] | None:
    """The last meeting before ``deadline``, the one that must decide an extension request; ``None``
    when that meeting's date is not known (meetings are yearly, so a known meeting more than a
    year before the deadline is not the last one)."""
    earlier = [(name, span) for name, span in MEETINGS.items() if span.last < deadline.first]
    if not earlier:
        return None
    name, span = max(earlier, key=lambda item: item[1].first)
    return (name, span) if deadline.first <= span.shift(months=12).first else None


def msp_eve(year: int) -> date:
    """The day before that year's meeting of States Parties, where a source dates it; else 1 September."""
    # A meeting known only to the month (3RC, September 2026) has no known eve.
    starts = [s.first for s in MEETINGS.values() if s.first.year == year and s.precision in ("day", "range")]
    return min(starts) - timedelta(days=1) if starts else date(year, 9, 1)
