"""PartialDate: reading and writing partial dates, moving them, and three-valued comparisons."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lapcheck.dates import PartialDate, add_months, parse_offset
from tests.strategies import (
    day_texts,
    days,
    days_of,
    month_texts,
    partial_dates,
    small_spans,
    year_texts,
)

D = date


# --- reading and writing ---------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("2013", D(2013, 1, 1), D(2013, 12, 31)),
        ("2013-07", D(2013, 7, 1), D(2013, 7, 31)),
        ("2024-02", D(2024, 2, 1), D(2024, 2, 29)),
        ("2023-02", D(2023, 2, 1), D(2023, 2, 28)),
        ("2013-07-01", D(2013, 7, 1), D(2013, 7, 1)),
        ("2024-02-29", D(2024, 2, 29), D(2024, 2, 29)),
        ("2013/2014-06", D(2013, 1, 1), D(2014, 6, 30)),
        ("2013-07-15/2013-09", D(2013, 7, 15), D(2013, 9, 30)),
        ("../2019-08", D(1, 1, 1), D(2019, 8, 31)),
        (" 2013-07 ", D(2013, 7, 1), D(2013, 7, 31)),
    ],
)
def test_parse_gives_the_span_of_days(text: str, first: date, last: date) -> None:
    """Each written form means the closed span of every day it could be."""
    assert PartialDate.parse(text) == PartialDate(first, last)


def test_parse_accepts_dates_years_as_numbers_and_partial_dates() -> None:
    """A date object is that day, an integer year is that year, and a PartialDate is returned as is."""
    assert PartialDate.parse(D(2020, 5, 17)) == PartialDate(D(2020, 5, 17), D(2020, 5, 17))
    assert PartialDate.parse(2018) == PartialDate(D(2018, 1, 1), D(2018, 12, 31))
    span = PartialDate(D(2020, 1, 3), D(2020, 2, 4))
    assert PartialDate.parse(span) is span


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2021-02-30", "not a calendar date"),
        ("2023-02-29", "not a calendar date"),
        ("2021-04-31", "not a calendar date"),
        ("2021-13-01", "month 13 does not exist"),
        ("2021-13", "month 13 does not exist"),
        ("2021-00", "month 00 does not exist"),
        ("2021-00-10", "month 00 does not exist"),
        ("2021-01-00", "not a calendar date"),
        ("21-01-01", "expected a date like"),
        ("2021-1-1", "expected a date like"),
        ("2021-01-01T00:00", "expected a date like"),
        ("", "expected a date like"),
        ("soon", "expected a date like"),
        ("2014/2013", "after it ends"),
        ("2013-07-02/2013-07-01", "after it ends"),
        ("2013/..", "expected a date like"),
    ],
)
def test_invalid_text_is_rejected(text: str, message: str) -> None:
    """Impossible or malformed dates raise ValueError saying what is wrong, never a nearby date."""
    with pytest.raises(ValueError, match=message):
        PartialDate.parse(text)


@pytest.mark.parametrize("value", [True, False, None, 3.5, 999, 10000, -2013, ["2013"]])
def test_non_text_values_are_rejected(value: object) -> None:
    """Booleans, floats, out-of-range integers and other objects are not dates."""
    with pytest.raises(ValueError, match="expected a date like"):
        PartialDate.parse(value)


def test_a_span_cannot_end_before_it_starts() -> None:
    """Constructing a span whose first day is after its last raises ValueError."""
    with pytest.raises(ValueError, match="after it ends"):
        PartialDate(D(2020, 1, 2), D(2020, 1, 1))


@given(partial_dates)
def test_iso_then_parse_gives_the_same_span(value: PartialDate) -> None:
    """parse is the inverse of iso for every kind of partial date."""
    assert PartialDate.parse(value.iso()) == value


@given(st.one_of(day_texts, month_texts, year_texts))
def test_canonical_text_survives_parse_then_iso(text: str) -> None:
    """A day, a month or a year written canonically reads back as exactly the same text."""
    assert PartialDate.parse(text).iso() == text


@given(partial_dates)
def test_iso_is_canonical(value: PartialDate) -> None:
    """Writing, reading and writing again gives the same text (the written form is a fixed point)."""
    text = value.iso()
    assert PartialDate.parse(text).iso() == text
    assert str(value) == text


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("2013-01-01/2013-12-31", "2013"),
        ("2013-07-01/2013-07-31", "2013-07"),
        ("2013/2013", "2013"),
        ("2013-07/2013-07", "2013-07"),
        ("2013-07-01/2013-07-01", "2013-07-01"),
        ("2013/2014-06", "2013-01-01/2014-06-30"),
        ("../2019-08", "../2019-08-31"),
        ("2024-02-01/2024-02-29", "2024-02"),
    ],
)
def test_iso_writes_the_shortest_form(text: str, canonical: str) -> None:
    """A range that is exactly a day, month or year is written as such; other ranges as first/last day."""
    assert PartialDate.parse(text).iso() == canonical


# --- precision and human text ---------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "precision", "exact"),
    [
        ("2013-07-01", "day", True),
        ("2013-07", "month", False),
        ("2024-02", "month", False),
        ("2013", "year", False),
        ("2013-01-01/2013-12-31", "year", False),
        ("2013-07-01/2013-08-31", "range", False),
        ("2013-07-02/2013-07-31", "range", False),
        ("2013-07-01/2013-07-30", "range", False),
        ("2013-02/2013-12", "range", False),
        ("2013/2014", "range", False),
        ("../2019-08", "range", False),
    ],
)
def test_precision(text: str, precision: str, exact: bool) -> None:
    """precision says day, month, year or range; exact holds only for a single day."""
    value = PartialDate.parse(text)
    assert value.precision == precision
    assert value.exact is exact


@pytest.mark.parametrize(
    ("text", "human"),
    [
        ("2025-08-01", "1 August 2025"),
        ("2010-02-16", "16 February 2010"),
        ("2023-06", "June 2023"),
        ("2018", "2018"),
        ("2013/2014-06", "between 1 January 2013 and 30 June 2014"),
        ("../2019-08", "on or before 31 August 2019"),
    ],
)
def test_human_text(text: str, human: str) -> None:
    """human() writes dates in English words at their own precision."""
    assert PartialDate.parse(text).human() == human


def test_the_largest_accepted_year_can_be_written() -> None:
    """Year 9999 is accepted by parse (also as the integer 9999), so it can be written back as '9999'."""
    assert PartialDate.parse(9999).iso() == "9999"


# --- moving dates -----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (D(2024, 1, 31), 1, D(2024, 2, 29)),
        (D(2023, 1, 31), 1, D(2023, 2, 28)),
        (D(2024, 2, 29), 12, D(2025, 2, 28)),
        (D(2024, 3, 31), -1, D(2024, 2, 29)),
        (D(2024, 5, 31), 1, D(2024, 6, 30)),
        (D(2020, 12, 15), 1, D(2021, 1, 15)),
        (D(2021, 1, 15), -1, D(2020, 12, 15)),
        (D(2024, 9, 6), 6, D(2025, 3, 6)),
        (D(2024, 8, 31), 6, D(2025, 2, 28)),
        (D(2010, 8, 1), 120, D(2020, 8, 1)),
        (D(2019, 8, 1), -9, D(2018, 11, 1)),
        (D(2019, 8, 1), 0, D(2019, 8, 1)),
    ],
)
def test_add_months_clamps_to_the_month_end(day: date, months: int, expected: date) -> None:
    """add_months keeps the day of month, clamped to the last day of a shorter month."""
    assert add_months(day, months) == expected


@given(days, st.integers(-240, 240))
def test_add_months_moves_exactly_that_many_months(day: date, months: int) -> None:
    """The result is in the month ``months`` away, on the same day or the month's last day if shorter."""
    moved = add_months(day, months)
    assert (moved.year * 12 + moved.month) - (day.year * 12 + day.month) == months
    next_month = D(moved.year + moved.month // 12, moved.month % 12 + 1, 1)
    month_length = (next_month - D(moved.year, moved.month, 1)).days
    assert moved.day == min(day.day, month_length)


@given(days.filter(lambda d: d.day <= 28), st.integers(-240, 240))
def test_add_months_is_reversible_below_the_29th(day: date, months: int) -> None:
    """Moving forward and back by the same months returns the same day when no clamping happens."""
    assert add_months(add_months(day, months), -months) == day


@pytest.mark.parametrize(
    ("text", "months", "days", "expected"),
    [
        ("2024-01-31", 1, 0, "2024-02-29"),
        ("2024-01-31", 1, -1, "2024-02-28"),
        ("2010-08-01", 0, 180, "2011-01-28"),
        ("2024-01", 1, 0, "2024-02"),
        ("2024-02", 12, 0, "2025-02"),
        ("2023-02", 1, 0, "2023-03-01/2023-03-28"),
        ("2013", 96, 0, "2021"),
        ("../2019-08", 12, 0, "../2020-08-31"),
        ("2013/2014-06", -9, 0, "2012-04-01/2013-09-30"),
    ],
)
def test_shift_moves_every_day_of_the_span(text: str, months: int, days: int, expected: str) -> None:
    """shift moves both ends by months then days (clamping month ends); an open start stays open."""
    assert PartialDate.parse(text).shift(months=months, days=days) == PartialDate.parse(expected)


@given(small_spans(window=400, max_len=40), st.integers(-30, 30), st.integers(-40, 40))
def test_shift_is_the_span_of_the_moved_days(span: PartialDate, months: int, days: int) -> None:
    """The shifted span runs from the earliest to the latest of its days moved one by one."""
    moved = [add_months(d, months) + timedelta(days=days) for d in days_of(span)]
    assert span.shift(months=months, days=days) == PartialDate(min(moved), max(moved))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("+12 months", (12, 0)),
        ("-9 months", (-9, 0)),
        ("+180 days", (0, 180)),
        ("+1 day", (0, 1)),
        ("+2 years", (24, 0)),
        ("- 1 year", (-12, 0)),
        (" +6 month ", (6, 0)),
    ],
)
def test_parse_offset(text: str, expected: tuple[int, int]) -> None:
    """An offset reads as (months, days); years are twelve months."""
    assert parse_offset(text) == expected


@pytest.mark.parametrize("text", ["12 months", "+12", "+12 weeks", "+1.5 months", "", "+-1 days"])
def test_parse_offset_rejects_other_text(text: str) -> None:
    """An offset needs a sign, a whole number and a unit of days, months or years."""
    with pytest.raises(ValueError, match="expected an offset"):
        parse_offset(text)


# --- three-valued comparisons ------------------------------------------------------------
def _pairs(a: PartialDate, b: PartialDate) -> list[tuple[date, date]]:
    return [(x, y) for x in days_of(a) for y in days_of(b)]


def _three_valued(holds: list[bool]) -> bool | None:
    """True when the relation holds for every choice of days, False for none, None for some."""
    if all(holds):
        return True
    if not any(holds):
        return False
    return None


@given(small_spans(), small_spans())
def test_lt_is_true_false_or_unknown_as_the_days_decide(a: PartialDate, b: PartialDate) -> None:
    """lt is True when every day of a is before every day of b, False when none is, None when it depends."""
    assert a.lt(b) is _three_valued([x < y for x, y in _pairs(a, b)])


@given(small_spans(), small_spans())
def test_le_is_true_false_or_unknown_as_the_days_decide(a: PartialDate, b: PartialDate) -> None:
    """le is True when every day of a is on or before every day of b, False when none is, None else."""
    assert a.le(b) is _three_valued([x <= y for x, y in _pairs(a, b)])


@given(small_spans(), small_spans())
def test_eq_is_true_false_or_unknown_as_the_days_decide(a: PartialDate, b: PartialDate) -> None:
    """eq is True when a and b must be the same day, False when they cannot be, None when they may be."""
    assert a.eq(b) is _three_valued([x == y for x, y in _pairs(a, b)])


@pytest.mark.parametrize(
    ("a", "b", "lt", "le", "eq"),
    [
        ("2013", "2014", True, True, False),
        ("2014", "2013", False, False, False),
        ("2013", "2013", None, None, None),
        ("2013-12-31", "2014", True, True, False),
        ("2013-12-31", "2013", False, None, None),
        ("2013-01-01", "2013", None, True, None),
        ("2014-01-01", "2013", False, False, False),
        ("2013-06-01", "2013-06-01", False, True, True),
        ("2013-06-01", "2013-06-02", True, True, False),
        ("../2019-08", "2019-09-01", True, True, False),
        ("../2019-08", "2019-08-15", None, None, None),
    ],
)
def test_comparison_examples(a: str, b: str, lt: bool | None, le: bool | None, eq: bool | None) -> None:
    """Worked examples: a year is before the next, overlaps itself, and a day inside a span is unknown."""
    left, right = PartialDate.parse(a), PartialDate.parse(b)
    assert (left.lt(right), left.le(right), left.eq(right)) == (lt, le, eq)


def test_until_is_the_open_span_ending_on_a_day() -> None:
    """PartialDate.until(d) is what '../d' parses to: any day up to and including d."""
    day = date(2025, 8, 1)
    assert PartialDate.until(day) == PartialDate.parse("../2025-08-01")
    assert PartialDate.until(day).le(PartialDate.day(day)) is True
    assert PartialDate.until(day).le(PartialDate.day(date(2025, 7, 31))) is None
