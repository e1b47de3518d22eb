"""Dates as the sources give them: a day, a month, a year, or a span between two days.

A source that says "2013" does not say "1 January 2013". A :class:`PartialDate` keeps that
precision as the closed span of days it could mean, and every comparison on it is three-valued:
``True``, ``False`` or ``None`` when the spans overlap and the answer depends on the missing days.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import core_schema

_OPEN_START = date.min  # "../2019-08": no first day known
_PART = r"\d{4}(?:-\d{2}(?:-\d{2})?)?"
_SYNTAX = re.compile(rf"^(?:(?P<one>{_PART})|(?P<lo>{_PART}|\.\.)/(?P<hi>{_PART}))$")
PATTERN = _SYNTAX.pattern
MONTHS = tuple(calendar.month_name)


def days_in_month(year: int, month: int) -> int:
    """The number of days in a month."""
    return calendar.monthrange(year, month)[1]


def _span_of(text: str) -> tuple[date, date]:
    parts = [int(p) for p in text.split("-")]
    year = parts[0]
    if len(parts) == 1:
        return date(year, 1, 1), date(year, 12, 31)
    month = parts[1]
    if not 1 <= month <= 12:
        raise ValueError(f"month {month:02d} does not exist in {text!r}")
    if len(parts) == 2:
        return date(year, month, 1), date(year, month, days_in_month(year, month))
    try:
        day = date(year, month, parts[2])
    except ValueError:
        raise ValueError(f"{text!r} is not a calendar date") from None
    return day, day


def add_months(day: date, months: int) -> date:
    """Move ``day`` by whole months, keeping the day of month (clamped to the month's end)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, days_in_month(year, month)))


def _move(day: date, months: int, days: int) -> date:
    moved = add_months(day, months) if months else day
    return moved + timedelta(days=days) if days else moved


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A closed span of days: an exact day, a month, a year, or an explicit range."""

    first: date
    last: date

    def __post_init__(self) -> None:
        if self.first > self.last:
            raise ValueError(f"span starts {self.first} after it ends {self.last}")

    @classmethod
    def parse(cls, value: Any) -> PartialDate:
        """Read ``2013``, ``2013-07``, ``2013-07-01``, ``2013/2014-06`` or ``../2019-08``."""
        if isinstance(value, PartialDate):
            return value
        if isinstance(value, date):
            return cls(value, value)
        if isinstance(value, int) and not isinstance(value, bool) and 1000 <= value <= 9999:
            value = str(value)
        if not isinstance(value, str):
            raise ValueError(f"expected a date like 2013, 2013-07 or 2013-07-01, got {value!r}")
        match = _SYNTAX.match(value.strip())
        if not match:
            raise ValueError(f"expected a date like 2013, 2013-07 or 2013-07-01, got {value!r}")
        if match["one"]:
            return cls(*_span_of(match["one"]))
        first = _OPEN_START if match["lo"] == ".." else _span_of(match["lo"])[0]
        return cls(first, _span_of(match["hi"])[1])

    @classmethod
    def day(cls, value: date) -> PartialDate:
        """An exact day."""
        return cls(value, value)

    @classmethod
    def until(cls, value: date) -> PartialDate:
        """Some day on or before ``value`` (``../value``)."""
        return cls(_OPEN_START, value)

    @property
    def exact(self) -> bool:
        """True when the span is a single day."""
        return self.first == self.last

    @property
    def precision(self) -> str:
        """``day``, ``month``, ``year`` or ``range``."""
        first, last = self.first, self.last
        if first == last:
            return "day"
        if first.day == 1 and first.year == last.year and last.day == days_in_month(last.year, last.month):
            if first.month == last.month:
                return "month"
            if first.month == 1 and last.month == 12:
                return "year"
        return "range"

    def shift(self, months: int = 0, days: int = 0) -> PartialDate:
        """The span moved by whole months and then days (an open start stays open)."""
        first = self.first if self.first == _OPEN_START else _move(self.first, months, days)
        return PartialDate(first, _move(self.last, months, days))

    def iso(self) -> str:
        """The canonical text form, the inverse of :meth:`parse`."""
        precision = self.precision
        if precision == "day":
            return self.first.isoformat()
        if precision == "month":
            return self.first.strftime("%Y-%m")
        if precision == "year":
            return f"{self.first.year:04d}"
        lo = ".." if self.first == _OPEN_START else self.first.isoformat()
        return f"{lo}/{self.last.isoformat()}"

    def human(self) -> str:
        """English text for rationales: ``1 August 2025``, ``June 2023``, ``2018``."""
        precision = self.precision
        if precision == "day":
            return f"{self.first.day} {MONTHS[self.first.month]} {self.first.year}"
        if precision == "month":
            return f"{MONTHS[self.first.month]} {self.first.year}"
        if precision == "year":
            return str(self.first.year)
        if self.first == _OPEN_START:
            return f"on or before {PartialDate.day(self.last).human()}"
        first, last = self.first, self.last
        if (first.year, first.month) == (last.year, last.month):  # a meeting: 10-13 September 2024
            return f"{first.day}-{last.day} {MONTHS[last.month]} {last.year}"
        if first.year == last.year:
            return f"{first.day} {MONTHS[first.month]}-{last.day} {MONTHS[last.month]} {last.year}"
        return f"between {PartialDate.day(first).human()} and {PartialDate.day(last).human()}"

    def __str__(self) -> str:
        return self.iso()

    # Three-valued comparisons: None means the spans leave the answer open.
    def lt(self, other: PartialDate) -> bool | None:
        """Is every day of self before every day of other?"""
        if self.last < other.first:
            return True
        if self.first >= other.last:
            return False
        return None

    def le(self, other: PartialDate) -> bool | None:
        """Is self on or before other, whichever days they turn out to be?"""
        if self.last <= other.first:
            return True
        if self.first > other.last:
            return False
        return None

    def eq(self, other: PartialDate) -> bool | None:
        """Are they the same day? Known only when both are exact, or when they cannot meet."""
        if self.exact and other.exact:
            return self.first == other.first
        if self.last < other.first or other.last < self.first:
            return False
        return None

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(
            cls.parse,
            serialization=core_schema.plain_serializer_function_ser_schema(
                lambda v: v.iso(), when_used="always"
            ),
        )

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {
            "type": "string",
            "pattern": PATTERN,
            "description": "A day, month or year (2013-07-01, 2013-07, 2013) or a span a/b.",
        }


def parse_offset(text: str) -> tuple[int, int]:
    """Read an offset like ``+12 months``, ``-9 months``, ``+180 days`` into (months, days)."""
    match = re.fullmatch(r"\s*([+-])\s*(\d+)\s*(day|days|month|months|year|years)\s*", text)
    if not match:
        raise ValueError(f"expected an offset like '+12 months', '-9 months' or '+180 days', got {text!r}")
    sign = 1 if match[1] == "+" else -1
    amount = sign * int(match[2])
    unit = match[3]
    if unit.startswith("day"):
        return 0, amount
    if unit.startswith("month"):
        return amount, 0
    return amount * 12, 0
