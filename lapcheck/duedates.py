"""What falls due next, and what is overdue, per State as of a date (``lapcheck deadlines``).

Deadlines come from the same derived facts the rules read (:mod:`lapcheck.facts`): Art 3 and
Art 4 deadlines in force while the work is not complete, the extension request due nine months
before the last meeting ahead of such a deadline (only where that meeting's date is known), the
initial Art 7 report while not submitted, and the annual Art 7 reports.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from pydantic import Field

from lapcheck.dates import PartialDate
from lapcheck.deadlines import Calendar
from lapcheck.facts import Context, Value
from lapcheck.model import Out, Profile


class Due(Out):
    """One deadline of one State: when, how many days from the as-of date, and why."""

    state: str
    state_name: str
    kind: str
    due: str = Field(description="The date, ISO form; a span when only the month or year is known.")
    days: int = Field(description="Days from the as-of date to the first possible day; negative when overdue.")
    detail: str
    sources: list[str]


class Deadlines(Out):
    """Every deadline found, sorted by date then State."""

    as_of: str
    deadlines: list[Due]


def _item(ctx: Context, kind: str, due: PartialDate, detail: str, *values: Value) -> Due:
    sources = list(dict.fromkeys(s for v in values for s in v.sources))
    return Due(state=ctx.profile.iso3, state_name=ctx.profile.name, kind=kind, due=due.iso(),
               days=(due.first - ctx.as_of).days, detail=detail, sources=sources)


def _for_state(ctx: Context) -> Iterable[Due]:
    if ctx.get("participation.in_force").value is not True:
        return
    for article, label, duty in (("article3", "Article 3", "stockpile destruction"),
                                 ("article4", "Article 4", "clearance")):
        duty_fact = ctx.get("article3.stockpile" if article == "article3" else "article4.obligation")
        done, deadline = ctx.get(f"{article}.completed"), ctx.get(f"{article}.deadline")
        if duty_fact.value is not True or done.value is not False or not isinstance(deadline.value, PartialDate):
            continue
        yield _item(ctx, f"{article}-deadline", deadline.value,
                    f"{label} deadline for {duty} ({deadline.value.human()}); not complete.", duty_fact, done, deadline)
        meeting = ctx.calendar.meeting_before(deadline.value)
        if meeting is not None:
            name, span = meeting.name, meeting.dates
            yield _item(ctx, f"{article}-extension-request", ctx.calendar.request_due(span),
                        f"An extension request must reach the {name} ({span.human()}) nine months ahead, "
                        f"if {duty} will not be complete by {deadline.value.human()}.", deadline)
    # A report past due is listed only when it is known not to have arrived: one merely missing
    # from the record is unknown, not overdue.
    initial, submitted = ctx.get("article7.initial_report_due"), ctx.get("article7.initial_report_submitted")
    if isinstance(initial.value, PartialDate) and (
        submitted.value is False or (submitted.value is None and initial.value.first >= ctx.as_of)
    ):
        state = "not recorded as submitted" if submitted.value is None else "not submitted"
        yield _item(ctx, "article7-initial-report", initial.value,
                    f"Initial Article 7 report due 180 days after entry into force; {state}.", initial, submitted)
    year, annual = ctx.get("article7.annual_year"), ctx.get("article7.annual_submitted")
    assert isinstance(year.value, int)
    if annual.value is False:
        yield _item(ctx, "article7-annual-report", PartialDate.day(ctx.calendar.annual_report_due(year.value)),
                    f"Annual Article 7 report covering {year.value}; not received.", year, annual)
    following = year.value + 1
    yield _item(ctx, "article7-annual-report", PartialDate.day(ctx.calendar.annual_report_due(following)),
                f"Annual Article 7 report covering {following}.", year)


def due_dates(
    profiles: Iterable[Profile], as_of: date | None = None, within: int | None = None,
    calendar: Calendar | None = None,
) -> Deadlines:
    """Upcoming and overdue deadlines as of ``as_of``; with ``within``, only those overdue or due
    within that many days."""
    as_of = as_of or date.today()
    items = [d for p in profiles for d in _for_state(Context(p, as_of, calendar)) if within is None or d.days <= within]
    items.sort(key=lambda d: (d.due, d.state, d.kind))
    return Deadlines(as_of=as_of.isoformat(), deadlines=items)
