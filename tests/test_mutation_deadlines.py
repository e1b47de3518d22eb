"""Tests added to kill surviving mutants of lapcheck/deadlines.py (issue 5, part 6; see tests/README.md)."""

from __future__ import annotations

from datetime import date

import pytest

from lapcheck import deadlines
from lapcheck.dates import PartialDate
from lapcheck.model import Extension

P = PartialDate.parse
ORIGINAL = P("2020-08-01")
NINE_MSP = "2019-09-02/2019-09-04"


def extension(**data: object) -> Extension:
    """An extension built from plain data (absent keys stay unset)."""
    return Extension.model_validate(data)


@pytest.mark.parametrize("decision", ["refused", "withdrawn", "pending"])
def test_a_request_not_granted_was_never_decided_in_its_favour(decision: str) -> None:
    """decided_by is False for a refused, withdrawn or pending request, even long after its meeting."""
    ext = extension(decision=decision, meeting_date=NINE_MSP, requested_deadline="2025-08-01")
    assert deadlines.decided_by(ext, date(2030, 1, 1)) is False


def test_an_undated_request_without_outcome_is_unknown() -> None:
    """With no decision, no decision date, no meeting date and no new deadline, decided_by cannot tell."""
    ext = extension(requested_deadline="2025-08-01")
    assert deadlines.decided_by(ext, date(2020, 1, 1)) is None


def test_an_unrecorded_outcome_was_not_decided_before_its_meeting() -> None:
    """On 1 Sep 2019, before the 9MSP (2-4 Sep 2019), a request with no recorded outcome was not granted."""
    ext = extension(meeting_date=NINE_MSP, requested_deadline="2025-08-01")
    assert deadlines.decided_by(ext, date(2019, 9, 1)) is False


def test_an_undecided_request_for_the_same_day_leaves_the_deadline_known() -> None:
    """A request whose outcome is unknown but which asks for 1 Aug 2020, the deadline it would replace,
    cannot move that deadline later, so the original is still the deadline in force."""
    ext = extension(meeting_date=NINE_MSP, requested_deadline="2020-08-01")
    assert deadlines.deadline_in_force(ORIGINAL, [ext], date(2019, 9, 10)) == ORIGINAL


def test_an_undecided_request_one_day_later_makes_the_deadline_unknown() -> None:
    """The same undecided request asking for 2 Aug 2020 might have moved the deadline: unknown (None)."""
    ext = extension(meeting_date=NINE_MSP, requested_deadline="2020-08-02")
    assert deadlines.deadline_in_force(ORIGINAL, [ext], date(2019, 9, 10)) is None


def test_a_meeting_ending_on_the_deadline_is_not_before_it() -> None:
    """For a deadline of 2 Sep 2022, the 10MSP (30 Aug-2 Sep 2022) ends that day, so the last meeting
    before it is 2RC Part Two (20-21 Sep 2021), which is within a year of the deadline."""
    assert deadlines.meeting_before(P("2022-09-02")) == ("2RC Part Two", P("2021-09-20/2021-09-21"))


def test_a_meeting_exactly_a_year_before_the_deadline_counts() -> None:
    """For a deadline of 11 Sep 2024, the 11MSP began exactly a year before (11 Sep 2023): it decides."""
    assert deadlines.meeting_before(P("2024-09-11")) == ("11MSP", P("2023-09-11/2023-09-14"))


def test_a_meeting_a_year_and_a_day_before_the_deadline_does_not_count() -> None:
    """For a deadline of 12 Sep 2024 (12MSP still running), the 11MSP began twelve months and a day
    earlier, so the deciding meeting's date is not known: None."""
    assert deadlines.meeting_before(P("2024-09-12")) is None


def test_a_meeting_known_to_the_day_has_an_eve(monkeypatch: pytest.MonkeyPatch) -> None:
    """A one-day meeting on 10 Sep 2031 (precision "day") makes 9 Sep 2031 that year's eve."""
    monkeypatch.setitem(deadlines.MEETINGS, "19MSP", P("2031-09-10"))
    assert P("2031-09-10").precision == "day"
    assert deadlines.msp_eve(2031) == date(2031, 9, 9)


@pytest.mark.parametrize("deposit", ["2010-02-16", "2010-02-17", "2010-02-28"])
def test_deposits_in_february_2010_enter_into_force_on_1_august_2010(deposit: str) -> None:
    """The 30th instrument (16 Feb 2010) and later February 2010 deposits all take effect on 1 Aug 2010."""
    assert deadlines.entry_into_force(P(deposit)) == P("2010-08-01")
