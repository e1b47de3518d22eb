"""Reading one profile as of a date: :class:`Context`, the :class:`Value` a field derives, and the
registry of fields (:data:`FIELDS`, filled by the :func:`fact` decorator)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal, TypeVar

from lapcheck.dates import PartialDate
from lapcheck.deadlines import Calendar, bundled_calendar
from lapcheck.model import Event, Extension, Fact, Profile, Sourced

FieldType = Literal["date", "bool", "int", "str"]
Scalar = PartialDate | bool | int | str
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Value:
    """A derived fact: its value on the as-of date (``None``: unknown), its sources, and, for a
    value known only as last observed (a source's "as of"), the date of that observation."""

    value: Scalar | None
    sources: tuple[str, ...] = ()
    observed: PartialDate | None = None


def older(a: PartialDate | None, b: PartialDate | None) -> PartialDate | None:
    """The older of two observation dates (``None``: not observed on a date)."""
    if a is None or (b is not None and b.first < a.first):
        return b
    return a


UNKNOWN = Value(None)


class Context:
    """One profile as of one date under a treaty calendar; derives each field once, on demand.

    With ``cited=False`` the values are the same but cite none of the profile's sources (the
    articles applied may remain): for deciding statuses, which never reads sources.
    """

    def __init__(self, profile: Profile, as_of: date, calendar: Calendar | None = None, cited: bool = True) -> None:
        self.profile = profile
        self.as_of = as_of
        self.calendar = calendar or bundled_calendar()
        self.cited = cited
        self.today = PartialDate.day(as_of)
        """The as-of date as a span, for comparisons with partial dates."""
        self.reporting_year = self.calendar.last_reporting_year_due(as_of)
        """The last calendar year whose annual report was due by the as-of date (Art 7.2)."""
        self._values: dict[str, Value] = {}
        self._shared: dict[str, Any] = {}
        self._reading: list[PartialDate | None] = []
        """For each derivation under way, the oldest observation of the fields it has read."""

    def get(self, name: str) -> Value:
        """The value of field ``name`` (derived once per context). A field derived from fields
        known only as last observed carries the oldest of their observation dates."""
        found = self._values.get(name)
        if found is None:
            self._reading.append(None)
            try:
                found = FIELDS[name].derive(self)
            finally:
                read = self._reading.pop()
            if read is not None and older(found.observed, read) is read:
                found = Value(found.value, found.sources, read)
            self._values[name] = found
        if found.observed is not None and self._reading:
            self._reading[-1] = older(self._reading[-1], found.observed)
        return found

    def once(self, key: str, compute: Callable[[Context], T]) -> T:
        """``compute(self)``, computed once per context under ``key``: for work that several
        fields share (the open extension request, the annual report due)."""
        if key not in self._shared:
            self._shared[key] = compute(self)
        return self._shared[key]  # type: ignore[no-any-return]  # stored by compute for this key, so a T

    def cite(self, fact: Sourced | None, *extra: str) -> tuple[str, ...]:
        """Expanded citations of a fact, followed by ``extra`` (e.g. the article applied)."""
        if not self.cited:
            return ()
        source = fact.source if fact is not None else []
        return tuple(dict.fromkeys([*self.profile.cite(source), *extra]))

    def merge(self, *sources: tuple[str, ...]) -> tuple[str, ...]:
        """The sources of several values, each once."""
        return tuple(dict.fromkeys(s for part in sources for s in part))

    def cite_all(self, facts: Sequence[Extension]) -> tuple[str, ...]:
        """Expanded citations of several records (a section's extension requests), each once."""
        return self.merge(*(self.cite(fact) for fact in facts))

    # --- ways of reading facts as of the date ------------------------------------------
    def plain(self, fact: Fact[Any] | None) -> Value:
        """A fact that holds from its ``date`` (if any) on; unknown before it. A fact a source
        observed on a date (its ``as_of``) says nothing of earlier days, and stays the last known
        value after, with that date."""
        if fact is None:
            return UNKNOWN
        if fact.date is not None and fact.date.le(self.today) is not True:
            return Value(None, self.cite(fact))
        if fact.as_of is not None and fact.as_of.le(self.today) is not True:
            return Value(None, self.cite(fact))
        return Value(fact.value, self.cite(fact), fact.as_of)

    def happened(self, event: Event | None) -> Value:
        """Had the event happened by the as-of date?"""
        if event is None:
            return UNKNOWN
        if isinstance(event.value, bool):
            if event.value and event.date is not None:
                return Value(event.date.le(self.today), self.cite(event))
            if event.value:
                # Happened on a day no source gives: known only from the day a source saw it done.
                seen = event.as_of is not None and event.as_of.le(self.today) is True
                return Value(True if seen else None, self.cite(event), event.as_of if seen else None)
            # "Not (yet)": true of every day up to the source's own, and the last known value after.
            return Value(False, self.cite(event), event.as_of)
        return Value(event.value.le(self.today), self.cite(event))

    def when(self, event: Event | None) -> Value:
        """The event's date, if it had happened by the as-of date."""
        if event is None or isinstance(event.value, bool):
            return Value(None, self.cite(event))
        if event.value.le(self.today) is not True:
            return Value(None, self.cite(event))
        return Value(event.value, self.cite(event))


Derive = Callable[[Context], Value]


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """A field conditions may name: its type, meaning and derivation."""

    name: str
    type: FieldType
    description: str
    derive: Derive
    choices: tuple[str, ...] = ()


FIELDS: dict[str, FieldSpec] = {}
"""Every field rule conditions may name, by name."""


def fact(name: str, type_: FieldType, description: str, choices: tuple[str, ...] = ()) -> Callable[[Derive], Derive]:
    """Register the decorated function as the derivation of field ``name``."""

    def register(derive: Derive) -> Derive:
        if name in FIELDS:
            raise ValueError(f"field {name!r} is registered twice")
        FIELDS[name] = FieldSpec(name, type_, description, derive, choices)
        return derive

    return register


def format_value(value: Scalar | None) -> str:
    """Human text for rationales: dates in words, booleans as yes/no, unknown as 'unknown'."""
    if value is None:
        return "unknown"
    if isinstance(value, PartialDate):
        return value.human()
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def json_value(value: Scalar | None) -> str | int | bool | None:
    """The value as it appears in JSON evidence: dates in ISO form."""
    return value.iso() if isinstance(value, PartialDate) else value
