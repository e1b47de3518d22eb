"""Article 7 facts (lapcheck/facts/reporting.py): the initial and annual reports due."""

from __future__ import annotations

from datetime import date
from typing import Any

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


LAO = clearance(obligation=True)


def test_reporting_deadlines_of_a_first_30_state() -> None:
    """A first-30 State's initial report was due 28 Jan 2011; on 1 May 2024 the 2023 report was due 30 Apr."""
    names = ("article7.initial_report_due", "article7.annual_year", "article7.annual_due")
    assert facts(LAO, D(2024, 5, 1), *names) == (P("2011-01-28"), 2023, P("2024-04-30"))




def test_a_form_in_the_annual_report_is_missing_when_the_report_is() -> None:
    """Retention (Form D) reported for 2023 is true with a record for 2023; with none, it is false
    once the 2023 report is known not to have arrived (the source lists every report up to 31 May
    2024 and has none), and unknown otherwise."""
    def with_reports(**transparency: Any) -> Profile:
        data = clearance().model_dump(mode="json", exclude_none=True, exclude_defaults=True)
        return Profile.model_validate({**data, "transparency": transparency,
                                       "stockpiles": {"retention": [{"year": 2023, "quantity": 10}]}
                                       if transparency.pop("retained", False) else {}})

    names = ("article3.retention_in_annual_report",)
    assert facts(with_reports(retained=True), D(2024, 5, 15), *names) == (True,)
    assert facts(with_reports(reports_listed_until="2024-05-31"), D(2024, 5, 15), *names) == (False,)
    assert facts(with_reports(), D(2024, 5, 15), *names) == (None,)
