"""Reading a profile as of a date (lapcheck/facts/context.py): events, unknowns, citations."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import lapcheck
from lapcheck.dates import PartialDate
from lapcheck.facts import Context
from lapcheck.model import Profile

P = PartialDate.parse
D = date


def facts(p: Profile, as_of: date, *names: str) -> tuple[Any, ...]:
    """The values of ``names`` for ``p`` as of a day."""
    ctx = Context(p, as_of)
    return tuple(ctx.get(name).value for name in names)


def clearance(**section: Any) -> Profile:
    """Lao PDR (deposit 18 Mar 2009, EIF 1 Aug 2010) with the given clearance facts."""
    return Profile.model_validate(
        {
            "iso3": "LAO",
            "name": "Lao PDR",
            "participation": {
                "signature": "2008-12-03",
                "deposit": "2009-03-18",
                "withdrawal_notified": False,
            },
            "clearance": section,
        }
    )


@pytest.mark.parametrize(
    ("completed", "as_of", "happened", "when"),
    [
        (True, D(2030, 1, 1), None, None),
        (False, D(2030, 1, 1), False, None),
        ("2020-07-10", D(2020, 7, 9), False, None),
        ("2020-07-10", D(2020, 7, 10), True, P("2020-07-10")),
        ("2020", D(2020, 6, 1), None, None),
        ("2020", D(2021, 1, 1), True, P("2020")),
        ({"value": True, "date": "2020"}, D(2019, 12, 31), False, None),
        ({"value": True, "date": "2020"}, D(2020, 6, 1), None, None),
        ({"value": True, "date": "2020"}, D(2021, 1, 1), True, None),
        ({"value": False, "as_of": "2023-06-30"}, D(2023, 1, 1), False, None),
        ({"value": False, "as_of": "2023-06-30"}, D(2024, 1, 1), False, None),  # the last known value
        ({"value": True, "as_of": "2023-06-30"}, D(2023, 1, 1), None, None),  # done, seen only later
        ({"value": True, "as_of": "2023-06-30"}, D(2024, 1, 1), True, None),
    ],
)
def test_events_as_of_a_date(
    completed: Any, as_of: date, happened: bool | None, when: PartialDate | None
) -> None:
    """true without a date is unknown until a source saw it done (its as_of), false is false (and,
    after the source's as_of, still the last known value), a date counts from then."""
    assert facts(clearance(completed=completed), as_of, "article4.completed", "article4.completion") == (
        happened,
        when,
    )


def test_an_absent_event_is_unknown() -> None:
    """An event the profile does not mention is unknown, not false."""
    assert facts(clearance(), D(2030, 1, 1), "article4.completed") == (None,)


_KEYS = st.sampled_from(["untc", "mar", "lm", "CCM/MSP/2019/9", "https://example.org/a"])


@given(
    table=st.dictionaries(st.sampled_from(["untc", "mar", "lm"]),
                          st.sampled_from(["A", "B", "CCM/MSP/2019/9"])),
    source=st.lists(_KEYS, max_size=4),
    extra=st.lists(st.sampled_from(["CCM Article 17 (entry into force)", "A", "untc"]), max_size=2),
    absent=st.booleans(),
)
@example(table={}, source=["untc"], extra=["untc"], absent=False)  # the extra repeats the source
@example(table={"untc": "A"}, source=["untc"], extra=["A"], absent=False)  # ... once expanded
def test_citations_are_the_expanded_sources_then_the_extras_each_once(
    table: dict[str, str], source: list[str], extra: list[str], absent: bool
) -> None:
    """cite() takes short cuts for one source or none; whatever the sources, keys and extras, it gives
    every expanded source and then every extra, in order, each once."""
    p = Profile.model_validate({"iso3": "XAA", "name": "Testland", "sources": table,
                                "participation": {"deposit": {"value": "2011-03-24", "source": source}}})
    fact = None if absent else p.participation.deposit
    expected = tuple(dict.fromkeys([*([] if fact is None else [table.get(s, s) for s in source]), *extra]))
    assert Context(p, date(2026, 11, 28)).cite(fact, *extra) == expected


@pytest.mark.parametrize("as_of", [date(2009, 6, 1), date(2016, 1, 1), date(2026, 11, 28)])
def test_uncited_facts_have_the_cited_values_and_no_profile_sources(as_of: date) -> None:
    """The engines decide on facts derived without citations: for every bundled profile and every
    field, the same value as with them, citing no source of the profile's."""
    from lapcheck.deadlines import bundled_calendar
    from lapcheck.facts import FIELDS

    calendar = bundled_calendar()
    articles = {calendar.eif_citation, calendar.reports_citation, calendar.withdrawal_citation,
                *(clock.citation for clock in calendar.duties.values())}
    for p in lapcheck.load_profiles():
        cited, uncited = Context(p, as_of), Context(p, as_of, cited=False)
        for name in FIELDS:
            plain = uncited.get(name)
            assert plain.value == cited.get(name).value, (p.iso3, name)
            assert set(plain.sources) <= articles, (p.iso3, name)
