"""The Art 3 and Art 4 deadline facts (lapcheck/facts/duties.py): extensions as of a date."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

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


LAO_EXTENDED = clearance(
    obligation=True,
    extensions=[
        {
            "decision": "granted",
            "meeting": "9MSP",
            "meeting_date": "2019-09-02/2019-09-04",
            "new_deadline": "2025-08-01",
        }
    ],
)


@pytest.mark.parametrize(
    ("as_of", "deadline", "granted", "extended"),
    [
        (D(2019, 6, 30), P("2020-08-01"), 0, False),
        (D(2019, 9, 3), None, None, None),
        (D(2019, 9, 5), P("2025-08-01"), 1, True),
        (D(2024, 1, 1), P("2025-08-01"), 1, True),
    ],
)
def test_an_extension_counts_only_from_its_meeting(
    as_of: date, deadline: PartialDate | None, granted: int | None, extended: bool | None
) -> None:
    """The 2019 grant does not reach back: before 9MSP the deadline in force is still 1 Aug 2020."""
    names = (
        "article4.original_deadline",
        "article4.deadline",
        "article4.extensions_granted",
        "article4.extended",
    )
    assert facts(LAO_EXTENDED, as_of, *names) == (P("2020-08-01"), deadline, granted, extended)
