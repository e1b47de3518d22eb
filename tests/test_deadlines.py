"""The treaty calendar: entry into force (Art 17), Art 3/4 deadlines, Art 7 reports, Art 20 withdrawal.

Expected dates are worked out by hand from the Convention and the depositary's table, as copied
in fixtures/tables/ccm_participants.csv.
"""

from __future__ import annotations

import csv
import dataclasses
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lapcheck import deadlines
from lapcheck.dates import PartialDate
from lapcheck.deadlines import Meeting, bundled_calendar
from lapcheck.model import Extension

D = date
P = PartialDate.parse
CAL = bundled_calendar()
PARTICIPANTS = Path(__file__).parents[1] / "fixtures" / "tables" / "ccm_participants.csv"
ROWS = list(csv.DictReader(PARTICIPANTS.read_text(encoding="utf-8").splitlines()))
DEPOSITED = [row for row in ROWS if row["deposit"]]


# --- Article 17: entry into force ----------------------------------------------------------
@pytest.mark.parametrize(
    ("state", "deposit", "eif"),
    [
        ("Holy See, among the first instruments", "2008-12-03", "2010-08-01"),
        ("Burkina Faso, the 30th instrument", "2010-02-16", "2010-08-01"),
        ("a deposit the day after the 30th (Feb + 6 = Aug)", "2010-02-17", "2010-08-01"),
        ("Samoa, between the 30th and the Convention's EIF", "2010-04-28", "2010-10-01"),
        ("Ecuador", "2010-05-11", "2010-11-01"),
        ("Mali, last day of a month", "2010-06-30", "2010-12-01"),
        ("Comoros, July wraps into the next year", "2010-07-28", "2011-01-01"),
        ("Antigua and Barbuda", "2010-08-23", "2011-02-01"),
        ("Benin (the primer's example)", "2017-07-10", "2018-01-01"),
        ("Namibia, 31 August", "2018-08-31", "2019-02-01"),
        ("Gambia, December wraps", "2018-12-11", "2019-06-01"),
        ("Nigeria, 28 February", "2023-02-28", "2023-08-01"),
        ("South Sudan", "2023-08-03", "2024-02-01"),
        ("Vanuatu", "2025-09-05", "2026-03-01"),
    ],
)
def test_entry_into_force_of_real_deposits(state: str, deposit: str, eif: str) -> None:
    """EIF is 1 Aug 2010 for the first 30 instruments, else the 1st of the sixth month after deposit."""
    assert CAL.entry_into_force(P(deposit)) == P(eif)


@pytest.mark.parametrize(
    ("deposit", "eif"),
    [
        ("2017-07", "2018-01-01"),
        ("2010-02", "2010-08-01"),
        ("2017", "2017-07-01/2018-06-01"),
        ("2010", "2010-08-01/2011-06-01"),
        ("2009", "2010-08-01"),
        ("2017-06-15/2017-08-15", "2017-12-01/2018-02-01"),
    ],
)
def test_entry_into_force_of_partial_deposits(deposit: str, eif: str) -> None:
    """A deposit known to a month gives an exact EIF; a longer span gives the span of possible EIFs."""
    assert CAL.entry_into_force(P(deposit)) == P(eif)


@given(st.dates(D(2010, 1, 1), D(2030, 12, 31)))
def test_entry_into_force_is_a_first_of_month_after_the_deposit(deposit: date) -> None:
    """EIF is the 1st of a month after the deposit: 1 Aug 2010 for the first 30, else 5 to 6 months later."""
    eif = CAL.entry_into_force(PartialDate.day(deposit))
    assert eif.exact
    day = eif.first
    assert day.day == 1 and day > deposit
    assert day - deposit <= timedelta(days=213)  # at most seven months (a deposit on 1 January 2010)
    if deposit <= D(2010, 2, 16):
        assert day == D(2010, 8, 1)
    else:
        # the first day of the sixth month after the deposit month: more than 5 months, at most 6
        month_index = deposit.year * 12 + deposit.month - 1 + 6
        assert (day.year, day.month) == (month_index // 12, month_index % 12 + 1)
        assert timedelta(days=151) <= day - deposit <= timedelta(days=184)


@given(st.dates(D(2008, 12, 3), D(2030, 12, 31)), st.dates(D(2008, 12, 3), D(2030, 12, 31)))
def test_entry_into_force_never_goes_back_in_time(a: date, b: date) -> None:
    """A later deposit never gets an earlier EIF."""
    early, late = sorted([a, b])
    assert (
        CAL.entry_into_force(PartialDate.day(early)).first
        <= CAL.entry_into_force(PartialDate.day(late)).first
    )


def test_the_table_has_thirty_instruments_by_the_thirtieth_deposit() -> None:
    """The depositary's table holds exactly 30 deposits on or before 16 February 2010 (the 30th)."""
    early = [row for row in DEPOSITED if row["deposit"] <= "2010-02-16"]
    assert len(early) == 30
    assert CAL.convention_eif == D(2010, 8, 1)


@pytest.mark.parametrize("row", DEPOSITED, ids=[row["iso3"] for row in DEPOSITED])
def test_entry_into_force_matches_the_participants_table(row: dict[str, str]) -> None:
    """Every State's EIF computed from its deposit equals the EIF in ccm_participants.csv."""
    assert CAL.entry_into_force(P(row["deposit"])).iso() == row["entry_into_force"]


def test_the_participants_table_covers_every_party() -> None:
    """The cross-check above runs on all 113 deposits (112 parties and Lithuania)."""
    assert len(ROWS) == 125
    assert len(DEPOSITED) == 113


# --- Articles 3 and 4: destruction and clearance deadlines -------------------------------------
@pytest.mark.parametrize(
    ("eif", "deadline"),
    [
        ("2010-08-01", "2018-08-01"),  # first 30
        ("2011-10-01", "2019-10-01"),  # Bulgaria
        ("2013-03-01", "2021-03-01"),  # Peru
        ("2018-01-01", "2026-01-01"),  # Benin
        ("2017-07-01/2018-06-01", "2025-07-01/2026-06-01"),
    ],
)
def test_article3_deadline_is_eight_years_after_eif(eif: str, deadline: str) -> None:
    """Art 3.2: stockpiles are destroyed at the latest eight years after EIF."""
    assert CAL.original_deadline("article3", P(eif)) == P(deadline)


@pytest.mark.parametrize(
    ("eif", "deadline"),
    [
        ("2010-08-01", "2020-08-01"),  # Lao PDR
        ("2012-03-01", "2022-03-01"),  # Afghanistan
        ("2013-09-01", "2023-09-01"),  # Chad
        ("2013-11-01", "2023-11-01"),  # Iraq
        ("2010-08-01/2011-06-01", "2020-08-01/2021-06-01"),
    ],
)
def test_article4_deadline_is_ten_years_after_eif(eif: str, deadline: str) -> None:
    """Art 4.1(a): remnants are cleared at the latest ten years after EIF."""
    assert CAL.original_deadline("article4", P(eif)) == P(deadline)


# --- Article 7: reports ------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("eif", "due"),
    [
        ("2010-08-01", "2011-01-28"),  # 30+30+31+30+31+28 = 180 days
        ("2011-09-01", "2012-02-28"),  # Lithuania: 29+31+30+31+31+28
        ("2018-01-01", "2018-06-30"),  # Benin: 30+28+31+30+31+30
        ("2020-03-01", "2020-08-28"),  # Maldives
        ("2026-03-01", "2026-08-28"),  # Vanuatu
        ("2010-08-01/2011-06-01", "2011-01-28/2011-11-28"),
    ],
)
def test_initial_report_is_due_180_days_after_eif(eif: str, due: str) -> None:
    """Art 7.1: the initial report is due at the latest 180 days after EIF."""
    assert CAL.initial_report_due(P(eif)) == P(due)


@pytest.mark.parametrize(
    ("year", "due"), [(2010, D(2011, 4, 30)), (2023, D(2024, 4, 30)), (2025, D(2026, 4, 30))]
)
def test_annual_report_is_due_on_30_april_of_the_next_year(year: int, due: date) -> None:
    """Art 7.2: the report covering a calendar year is due on 30 April of the year after."""
    assert CAL.annual_report_due(year) == due


@pytest.mark.parametrize(
    ("as_of", "year"),
    [
        (D(2024, 4, 29), 2022),
        (D(2024, 4, 30), 2023),
        (D(2024, 5, 1), 2023),
        (D(2024, 12, 31), 2023),
        (D(2025, 1, 1), 2023),
        (D(2025, 4, 29), 2023),
        (D(2025, 4, 30), 2024),
    ],
)
def test_last_reporting_year_due_turns_on_30_april(as_of: date, year: int) -> None:
    """The last year whose report was due changes on 30 April, not on 1 January."""
    assert CAL.last_reporting_year_due(as_of) == year


@given(st.dates(D(2011, 1, 1), D(2040, 12, 31)))
def test_last_reporting_year_due_is_the_latest_due_by_then(as_of: date) -> None:
    """That year's report was due by the as-of date and the next year's was not."""
    year = CAL.last_reporting_year_due(as_of)
    assert D(year + 1, 4, 30) <= as_of < D(year + 2, 4, 30)


# --- Article 20: withdrawal; extension requests ------------------------------------------------
@pytest.mark.parametrize(
    ("notified", "effective"),
    [
        ("2024-09-06", "2025-03-06"),  # Lithuania
        ("2024-08-31", "2025-02-28"),
        ("2024-09", "2025-03-01/2025-03-30"),
    ],
)
def test_withdrawal_takes_effect_six_months_after_notification(notified: str, effective: str) -> None:
    """Art 20.2: six calendar months after the depositary receives the notification."""
    assert CAL.withdrawal_effective(P(notified)) == P(effective)


def test_lithuania_withdrawal_matches_the_participants_table() -> None:
    """Lithuania's notification of 6 Sep 2024 gives the table's effective date."""
    (ltu,) = [row for row in ROWS if row["iso3"] == "LTU"]
    assert (
        CAL.withdrawal_effective(P("2024-09-06")).iso() == ltu["withdrawal_effective"] == "2025-03-06"
    )


def test_request_due_is_nine_months_before_the_meeting() -> None:
    """A request reaches the meeting (here 12MSP, 10-13 Sep 2024) at least nine months before it."""
    assert CAL.request_due(P("2024-09-10/2024-09-13")) == P("2023-12-10/2023-12-13")


# --- the deadline in force on a date -----------------------------------------------------------
ORIGINAL = P("2020-08-01")  # Lao PDR: EIF 1 Aug 2010 + 10 years
NINE_MSP = "2019-09-02/2019-09-04"


def granted_at_9msp(**changes: object) -> Extension:
    """Lao PDR's extension to 1 Aug 2025, granted at 9MSP (2-4 Sep 2019), with ``changes`` applied."""
    data: dict[str, object] = {
        "decision": "granted",
        "meeting": "9MSP",
        "meeting_date": NINE_MSP,
        "new_deadline": "2025-08-01",
    }
    data.update(changes)
    return Extension.model_validate({k: v for k, v in data.items() if v is not None})


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        (D(2019, 1, 1), "2020-08-01"),
        (D(2019, 9, 1), "2020-08-01"),
        (D(2019, 9, 2), None),
        (D(2019, 9, 3), None),
        (D(2019, 9, 4), "2025-08-01"),
        (D(2019, 9, 5), "2025-08-01"),
        (D(2026, 1, 1), "2025-08-01"),
    ],
)
def test_granted_extension_counts_only_once_its_meeting_has_decided(
    as_of: date, expected: str | None
) -> None:
    """Before the meeting the original stands; during it (decision day unknown) unknown; after it, the new."""
    result = deadlines.deadline_in_force(ORIGINAL, [granted_at_9msp()], as_of)
    assert result == (None if expected is None else P(expected))


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [(D(2019, 9, 2), "2020-08-01"), (D(2019, 9, 3), "2020-08-01"), (D(2019, 9, 4), "2025-08-01")],
)
def test_a_known_decision_day_settles_the_meeting_days(as_of: date, expected: str) -> None:
    """With the decision dated 4 Sep 2019, the extension counts from that day and not a day earlier."""
    ext = granted_at_9msp(decided="2019-09-04")
    assert deadlines.deadline_in_force(ORIGINAL, [ext], as_of) == P(expected)


@pytest.mark.parametrize("decision", ["pending", "refused", "withdrawn"])
@pytest.mark.parametrize("as_of", [D(2019, 1, 1), D(2019, 9, 3), D(2019, 9, 5), D(2030, 1, 1)])
def test_pending_refused_or_withdrawn_requests_never_count(decision: str, as_of: date) -> None:
    """A request that was not granted leaves the original deadline in force on every date."""
    ext = granted_at_9msp(decision=decision, new_deadline=None, requested_deadline="2025-08-01")
    assert deadlines.deadline_in_force(ORIGINAL, [ext], as_of) == ORIGINAL


@pytest.mark.parametrize(
    ("as_of", "expected"), [(D(2019, 9, 1), "2020-08-01"), (D(2019, 9, 3), None), (D(2019, 9, 10), None)]
)
def test_an_unrecorded_outcome_is_unknown_once_the_meeting_met(as_of: date, expected: str | None) -> None:
    """A request whose outcome is not on record cannot count before its meeting and is unknown from it on."""
    ext = granted_at_9msp(decision=None, new_deadline=None, requested_deadline="2025-08-01")
    result = deadlines.deadline_in_force(ORIGINAL, [ext], as_of)
    assert result == (None if expected is None else P(expected))


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [(D(2024, 9, 9), "2025-08-01"), (D(2024, 9, 12), None), (D(2024, 9, 14), "2028-08-01")],
)
@pytest.mark.parametrize("reverse", [False, True])
def test_the_latest_granted_extension_wins(as_of: date, expected: str | None, reverse: bool) -> None:
    """With two grants (9MSP to 2025, 12MSP to 2028) the later one decided by then is in force."""
    second = granted_at_9msp(meeting="12MSP", meeting_date="2024-09-10/2024-09-13", new_deadline="2028-08-01")
    extensions = [granted_at_9msp(), second]
    if reverse:
        extensions.reverse()
    result = deadlines.deadline_in_force(ORIGINAL, extensions, as_of)
    assert result == (None if expected is None else P(expected))


@pytest.mark.parametrize(("as_of", "expected"), [(D(2019, 1, 1), None), (D(2025, 8, 1), "2025-08-01")])
def test_an_undated_grant_is_certain_once_its_new_deadline_passed(as_of: date, expected: str | None) -> None:
    """A grant with no meeting date may have come any time before its new deadline, and surely did by then."""
    ext = granted_at_9msp(meeting=None, meeting_date=None)
    result = deadlines.deadline_in_force(ORIGINAL, [ext], as_of)
    assert result == (None if expected is None else P(expected))


def test_no_extension_leaves_the_original() -> None:
    """Without extensions the deadline in force is the original one."""
    assert deadlines.deadline_in_force(ORIGINAL, [], D(2030, 1, 1)) == ORIGINAL


def test_a_granted_deadline_replaces_an_imprecise_original() -> None:
    """Once granted, the new deadline is in force, even if the original was known only as a range."""
    original = P("2021-06-01/2022-06-01")  # EIF known only as 2011-06-01/2012-06-01 (deposit "2011")
    ext = Extension.model_validate(
        {"decision": "granted", "decided": "2021-01-15", "new_deadline": "2022-01-01"}
    )
    assert deadlines.deadline_in_force(original, [ext], D(2021, 2, 1)) == P("2022-01-01")


# --- meetings ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("deadline", "meeting"),
    [("2025-08-01", "12MSP"), ("2026-08-01", "13MSP"), ("2027-08-01", "3RC"), ("2021-03-01", None)],
)
def test_meeting_before_a_deadline(deadline: str, meeting: str | None) -> None:
    """The meeting that must decide a request is the last one before the deadline, if its dates are known."""
    found = CAL.meeting_before(P(deadline))
    assert (found.name if found else None) == meeting


@pytest.mark.parametrize(
    ("year", "eve"),
    [(2022, D(2022, 8, 29)), (2024, D(2024, 9, 9)), (2026, D(2026, 9, 1)), (2030, D(2030, 9, 1))],
)
def test_msp_eve(year: int, eve: date) -> None:
    """The day before that year's meeting where its first day is known, else 1 September."""
    assert CAL.meeting_eve(year) == eve


# --- requests and meetings at the edges ----------------------------------------------------------
def extension(**data: object) -> Extension:
    """An extension built from plain data (absent keys stay unset)."""
    return Extension.model_validate(data)


def _meeting(found: Meeting | None) -> tuple[str, PartialDate] | None:
    return None if found is None else (found.name, found.dates)


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
    assert _meeting(CAL.meeting_before(P("2022-09-02"))) == ("2RC Part Two", P("2021-09-20/2021-09-21"))


def test_a_meeting_exactly_a_year_before_the_deadline_counts() -> None:
    """For a deadline of 11 Sep 2024, the 11MSP began exactly a year before (11 Sep 2023): it decides."""
    assert _meeting(CAL.meeting_before(P("2024-09-11"))) == ("11MSP", P("2023-09-11/2023-09-14"))


def test_a_meeting_a_year_and_a_day_before_the_deadline_does_not_count() -> None:
    """For a deadline of 12 Sep 2024 (12MSP still running), the 11MSP began twelve months and a day
    earlier, so the deciding meeting's date is not known: None."""
    assert CAL.meeting_before(P("2024-09-12")) is None


def test_a_meeting_known_to_the_day_has_an_eve() -> None:
    """A one-day meeting on 10 Sep 2031 (precision "day") makes 9 Sep 2031 that year's eve."""
    one_day = Meeting(name="19MSP", dates=P("2031-09-10"), source="test")
    calendar = dataclasses.replace(CAL, meetings={**CAL.meetings, "19MSP": one_day})
    assert P("2031-09-10").precision == "day"
    assert calendar.meeting_eve(2031) == date(2031, 9, 9)


@pytest.mark.parametrize("deposit", ["2010-02-16", "2010-02-17", "2010-02-28"])
def test_deposits_in_february_2010_enter_into_force_on_1_august_2010(deposit: str) -> None:
    """The 30th instrument (16 Feb 2010) and later February 2010 deposits all take effect on 1 Aug 2010."""
    assert CAL.entry_into_force(P(deposit)) == P("2010-08-01")
