"""Hand-built hypothesis strategies: partial dates, small spans, tri-values and condition trees.

Every strategy here builds its values from first principles (calendar arithmetic done with the
standard library), never by calling the lapcheck function under test, so a property that uses
one checks lapcheck against an independent construction.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from typing import Any

from hypothesis import strategies as st

from lapcheck.dates import PartialDate

MIN_YEAR, MAX_YEAR = 1900, 2100
"""Years far enough from date.min and date.max that shifting by decades never overflows."""

years = st.integers(MIN_YEAR, MAX_YEAR)
days = st.dates(date(MIN_YEAR, 1, 1), date(MAX_YEAR, 12, 31))


@st.composite
def months(draw: st.DrawFn) -> tuple[int, int]:
    """A (year, month) pair."""
    return draw(years), draw(st.integers(1, 12))


def last_day(year: int, month: int) -> date:
    """The last day of a month."""
    return date(year, month, calendar.monthrange(year, month)[1])


# --- text forms -------------------------------------------------------------------------
day_texts = days.map(lambda d: f"{d.year:04d}-{d.month:02d}-{d.day:02d}")
month_texts = months().map(lambda ym: f"{ym[0]:04d}-{ym[1]:02d}")
year_texts = years.map(lambda y: f"{y:04d}")


# --- PartialDate values, built from their two end days -----------------------------------
day_dates = days.map(lambda d: PartialDate(d, d))
month_dates = months().map(lambda ym: PartialDate(date(ym[0], ym[1], 1), last_day(*ym)))
year_dates = years.map(lambda y: PartialDate(date(y, 1, 1), date(y, 12, 31)))


@st.composite
def span_dates(draw: st.DrawFn, max_days: int = 3000) -> PartialDate:
    """An explicit range of at least two days."""
    first = draw(st.dates(date(MIN_YEAR, 1, 1), date(MAX_YEAR - 10, 12, 31)))
    return PartialDate(first, first + timedelta(days=draw(st.integers(1, max_days))))


open_dates = days.map(lambda d: PartialDate(date(1, 1, 1), d))
"""``../DAY``: on or before a day, with no known start."""

partial_dates = st.one_of(day_dates, month_dates, year_dates, span_dates(), open_dates)
"""Any partial date lapcheck can read: a day, a month, a year, a range or an open range."""


@st.composite
def small_spans(draw: st.DrawFn, window: int = 12, max_len: int = 5) -> PartialDate:
    """A short span inside a small window of days, so that two of them often overlap."""
    start = date(2024, 2, 25) + timedelta(days=draw(st.integers(0, window)))
    return PartialDate(start, start + timedelta(days=draw(st.integers(0, max_len - 1))))


def days_of(span: PartialDate) -> list[date]:
    """Every day a (short) span could mean."""
    return [span.first + timedelta(days=i) for i in range((span.last - span.first).days + 1)]


tri = st.sampled_from([True, False, None])
"""A three-valued truth value."""


# --- condition trees as plain data (the file form) ------------------------------------
DATE_FIELDS = ["as_of", "article4.deadline", "participation.entry_into_force", "article7.initial_report_due"]
BOOL_FIELDS = ["article4.completed", "participation.in_force", "article5.victims"]
INT_FIELDS = ["article4.extensions_granted", "participation.deposit_year", "article9.year"]
STATUS_FIELD = "participation.status"
STATUS_VALUES = ["non_signatory", "signatory", "state_party", "withdrawn"]
FREE_STR_FIELDS = ["state.iso3", "state.name"]
ALL_FIELDS = [*DATE_FIELDS, *BOOL_FIELDS, *INT_FIELDS, STATUS_FIELD, *FREE_STR_FIELDS]

offsets = st.one_of(
    st.integers(-120, 120).map(lambda n: f"{n:+d} months"),
    st.integers(-400, 400).map(lambda n: f"{n:+d} days"),
    st.integers(-20, 20).map(lambda n: f"{n:+d} years"),
)
date_literals = st.one_of(day_texts, month_texts, year_texts, years, partial_dates.map(PartialDate.iso))
small_ints = st.integers(-(2**53), 2**53)


@st.composite
def _ref(draw: st.DrawFn, fields: list[str], offset: bool) -> dict[str, Any]:
    ref: dict[str, Any] = {"field": draw(st.sampled_from(fields))}
    if offset and draw(st.booleans()):
        ref["offset"] = draw(offsets)
    return ref


@st.composite
def compare_data(draw: st.DrawFn) -> dict[str, Any]:
    """``{field: F, OP: operand}`` with an operator and operand that fit F's type."""
    kind = draw(st.sampled_from(["date", "bool", "int", "status", "str"]))
    if kind == "date":
        field = draw(st.sampled_from(DATE_FIELDS))
        op = draw(st.sampled_from(["eq", "ne", "lt", "le", "gt", "ge"]))
        operand = draw(st.one_of(date_literals, _ref(DATE_FIELDS, offset=True)))
    elif kind == "bool":
        field = draw(st.sampled_from(BOOL_FIELDS))
        op = draw(st.sampled_from(["eq", "ne"]))
        operand = draw(st.one_of(st.booleans(), _ref(BOOL_FIELDS, offset=False)))
    elif kind == "int":
        field = draw(st.sampled_from(INT_FIELDS))
        op = draw(st.sampled_from(["eq", "ne", "lt", "le", "gt", "ge", "in"]))
        if op == "in":
            operand = draw(st.lists(small_ints, min_size=1, max_size=4))
        else:
            operand = draw(st.one_of(small_ints, _ref(INT_FIELDS, offset=False)))
    elif kind == "status":
        field = STATUS_FIELD
        op = draw(st.sampled_from(["eq", "ne", "in"]))
        value = st.sampled_from(STATUS_VALUES)
        operand = draw(st.lists(value, min_size=1, max_size=4) if op == "in" else value)
    else:
        field = draw(st.sampled_from(FREE_STR_FIELDS))
        op = draw(st.sampled_from(["eq", "ne", "in"]))
        value = st.text(max_size=6)
        if op == "in":
            operand = draw(st.lists(value, min_size=1, max_size=3))
        else:
            operand = draw(st.one_of(value, _ref(FREE_STR_FIELDS, offset=False)))
    return {"field": field, op: operand}


leaf_data = st.one_of(compare_data(), st.sampled_from(ALL_FIELDS).map(lambda f: {"known": f}))


def condition_data(depth: int = 3) -> st.SearchStrategy[dict[str, Any]]:
    """A condition tree in file form, at most ``depth`` levels of all/any/not above the leaves."""
    if depth == 0:
        return leaf_data
    below = condition_data(depth - 1)
    return st.one_of(
        leaf_data,
        st.lists(below, min_size=1, max_size=4).map(lambda items: {"all": items}),
        st.lists(below, min_size=1, max_size=4).map(lambda items: {"any": items}),
        below.map(lambda item: {"not": item}),
    )
