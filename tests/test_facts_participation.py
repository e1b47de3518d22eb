"""Participation facts (lapcheck/facts/participation.py): status, entry into force, withdrawal."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from lapcheck.dates import PartialDate
from lapcheck.facts import Context
from lapcheck.model import Profile

P = PartialDate.parse
D = date


def profile(**participation: Any) -> Profile:
    """A profile of a fictitious State with the given participation facts."""
    return Profile.model_validate({"iso3": "XAA", "name": "Testland", "participation": participation})


def facts(p: Profile, as_of: date, *names: str) -> tuple[Any, ...]:
    """The values of ``names`` for ``p`` as of a day."""
    ctx = Context(p, as_of)
    return tuple(ctx.get(name).value for name in names)


# Lithuania as the depositary's table gives it: signed 3 Dec 2008, ratified 24 Mar 2011 (EIF 1 Sep
# 2011), withdrawal effective 6 Mar 2025.
LITHUANIA = profile(signature="2008-12-03", deposit="2011-03-24", withdrawal_effective="2025-03-06")


@pytest.mark.parametrize(
    ("as_of", "status", "in_force"),
    [
        (D(2008, 12, 2), "non_signatory", False),
        (D(2008, 12, 3), "signatory", False),
        (D(2011, 3, 23), "signatory", False),
        (D(2011, 3, 24), "state_party", False),
        (D(2011, 8, 31), "state_party", False),
        (D(2011, 9, 1), "state_party", True),
        (D(2024, 9, 6), "state_party", True),
        (D(2025, 3, 5), "state_party", True),
        (D(2025, 3, 6), "withdrawn", False),
        (D(2026, 1, 1), "withdrawn", False),
    ],
)
def test_status_and_in_force_follow_the_dates(as_of: date, status: str, in_force: bool) -> None:
    """A State signs, becomes a party on deposit, is bound from EIF, and withdrawn from the effective day."""
    assert facts(LITHUANIA, as_of, "participation.status", "participation.in_force") == (status, in_force)


def test_entry_into_force_fact() -> None:
    """The EIF fact is computed from the deposit (Art 17) whatever the as-of date."""
    assert facts(LITHUANIA, D(2009, 1, 1), "participation.entry_into_force") == (P("2011-09-01"),)


NOTIFIED_ONLY = profile(signature="2008-12-03", deposit="2011-03-24", withdrawal_notified="2024-09-06")


@pytest.mark.parametrize(
    ("as_of", "status", "withdrawal"),
    [
        (D(2024, 9, 6), "state_party", P("2025-03-06")),
        (D(2025, 3, 5), "state_party", P("2025-03-06")),
        (D(2025, 3, 6), "withdrawn", P("2025-03-06")),
    ],
)
def test_a_notified_withdrawal_takes_effect_six_months_later(
    as_of: date, status: str, withdrawal: PartialDate
) -> None:
    """With only the notification (6 Sep 2024) on record, the withdrawal takes effect 6 Mar 2025."""
    assert facts(NOTIFIED_ONLY, as_of, "participation.status", "participation.withdrawal_effective") == (
        status,
        withdrawal,
    )


def test_a_party_is_not_withdrawn_before_it_notified_withdrawal() -> None:
    """Before notifying withdrawal (6 Sep 2024) a State that deposited in 2011 is a party and bound."""
    assert facts(NOTIFIED_ONLY, D(2020, 1, 1), "participation.status", "participation.in_force") == (
        "state_party",
        True,
    )


@pytest.mark.parametrize(
    ("as_of", "status", "in_force"),
    [
        (D(2017, 7, 15), None, None),
        (D(2017, 8, 1), "state_party", False),
        (D(2017, 12, 31), "state_party", False),
        (D(2018, 1, 1), "state_party", True),
    ],
)
def test_a_deposit_known_to_the_month(as_of: date, status: str | None, in_force: bool | None) -> None:
    """A deposit in July 2017 is unknown during July, certain after it, and binding from 1 Jan 2018."""
    p = profile(signature="2008-12-03", deposit="2017-07", withdrawal_notified=False)
    assert facts(p, as_of, "participation.status", "participation.in_force") == (status, in_force)


def test_status_is_unknown_without_withdrawal_facts() -> None:
    """A deposit with nothing said about withdrawal leaves the status unknown: absent is never false."""
    p = profile(signature="2008-12-03", deposit="2011-03-24")
    assert facts(p, D(2020, 1, 1), "participation.status") == (None,)


