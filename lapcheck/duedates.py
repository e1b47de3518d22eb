"""What falls due next, and what is overdue, per State as of a date (``lapcheck deadlines``).

Deadlines come from the same derived facts the rules read (:mod:`lapcheck.facts`): Art 3 and
Art 4 deadlines in force while the work is not complete, the extension request due nine months
before the last meeting ahead of such a deadline (only where that meeting's date is known), the
initial Art 7 report while not received, and the annual Art 7 reports.

The urgent cases come first: a deadline that passed while an extension request was pending, or
examined with an outcome no source gives, is still listed, as such, with the last deadline on record.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from pydantic import Field

from lapcheck import deadlines
from lapcheck.dates import PartialDate
from lapcheck.deadlines import Calendar, Duty, bundled_calendar
from lapcheck.facts import Context, Value
from lapcheck.model import Extension, Out, Profile

AREAS: dict[str, str] = {"article3": "stockpiles", "article4": "clearance", "article7": "transparency"}
"""The plan area of each kind of deadline, by the article it comes from."""
DUTIES: tuple[tuple[Duty, str, str, str], ...] = (
    ("article3", "stockpiles", "article3.stockpile", "stockpile destruction"),
    ("article4", "clearance", "article4.obligation", "clearance"),
)


class Due(Out):
    """One deadline of one State: when, how many days from the as-of date, and why."""

    state: str
    state_name: str
    kind: str
    area: str
    due: str = Field(description="The date, ISO form; a span when only the month or year is known.")
    days: int = Field(description="Days from the as-of date to the first possible day; negative when overdue.")
    detail: str
    urgent: bool = Field(default=False, description="The deadline passed while the outcome of an extension "
                                                    "request was pending or unknown.")
    sources: list[str]


class Deadlines(Out):
    """Every deadline found, urgent ones first, then by date and State."""

    as_of: str
    deadlines: list[Due]


def _item(ctx: Context, kind: str, due: PartialDate, detail: str, *values: Value, urgent: bool = False) -> Due:
    sources = list(dict.fromkeys(s for v in values for s in v.sources))
    return Due(state=ctx.profile.iso3, state_name=ctx.profile.name, kind=kind, area=AREAS[kind.split("-")[0]],
               due=due.iso(), days=(due.first - ctx.as_of).days, detail=detail, urgent=urgent, sources=sources)


def _undecided(extension: Extension, as_of: date) -> bool:
    return deadlines.decided_by(extension, as_of) is None


def _request_text(extension: Extension) -> str:
    where = f"examined at {extension.meeting}" if extension.meeting else "submitted"
    when = f" ({extension.meeting_date.human()})" if extension.meeting_date else ""
    state = "pending" if extension.decision == "pending" else "outcome unknown"
    return f"request {where}{when}, {state}"


def _duties(ctx: Context) -> Iterable[Due]:
    for duty, section, bound, what in DUTIES:
        label = f"Article {duty[-1]}"
        obligation, done = ctx.get(bound), ctx.get(f"{duty}.completed")
        if obligation.value is not True or done.value is not False:
            continue
        deadline = ctx.get(f"{duty}.deadline")
        if not isinstance(deadline.value, PartialDate):
            yield from _deadline_of_unknown_outcome(ctx, duty, section, label, what, obligation, done, deadline)
            continue
        yield _item(ctx, f"{duty}-deadline", deadline.value,
                    f"{label} deadline for {what} ({deadline.value.human()}); not complete.",
                    obligation, done, deadline)
        meeting = ctx.calendar.meeting_before(deadline.value)
        if meeting is not None:
            yield _item(ctx, f"{duty}-extension-request", ctx.calendar.request_due(meeting.dates),
                        f"An extension request must reach the {meeting.name} ({meeting.dates.human()}) nine months "
                        f"ahead, if {what} will not be complete by {deadline.value.human()}.", deadline)


def _deadline_of_unknown_outcome(
    ctx: Context, duty: Duty, section: str, label: str, what: str, *values: Value
) -> Iterable[Due]:
    """The deadline on record when a request whose outcome is not known stands between it and the
    as-of date: listed first when it has passed."""
    original = ctx.get(f"{duty}.original_deadline")
    extensions = getattr(ctx.profile, section).extensions
    open_requests = [e for e in extensions if _undecided(e, ctx.as_of)]
    if not isinstance(original.value, PartialDate) or not open_requests:
        return
    decided = [e for e in extensions if not _undecided(e, ctx.as_of)]
    known = deadlines.deadline_in_force(original.value, decided, ctx.as_of)
    if known is None:
        return
    requests = "; ".join(_request_text(e) for e in open_requests)
    passed = known.last < ctx.as_of
    verb = "passed" if passed else "falls due"
    yield _item(ctx, f"{duty}-deadline", known,
                f"{label} deadline for {what} {known.human()} {verb}; {requests}; {what} not complete.",
                original, *values, urgent=passed)


def _reports(ctx: Context) -> Iterable[Due]:
    # A report past due is listed only when it is known not to have arrived: one merely missing
    # from the record is unknown, not overdue. A "not received" seen on a date says when.
    initial, submitted = ctx.get("article7.initial_report_due"), ctx.get("article7.initial_report_submitted")
    if isinstance(initial.value, PartialDate) and (
        submitted.value is False or (submitted.value is None and initial.value.first >= ctx.as_of)
    ):
        state = "not recorded as received" if submitted.value is None else "not received"
        if submitted.value is False and submitted.observed is not None:
            state += f" (last confirmed {submitted.observed.human()})"
        yield _item(ctx, "article7-initial-report", initial.value,
                    f"Initial Article 7 report due 180 days after entry into force; {state}.", initial, submitted)
    year, annual = ctx.get("article7.annual_year"), ctx.get("article7.annual_submitted")
    assert isinstance(year.value, int)
    if annual.value is False and ctx.get("article7.annual_required").value is True:
        seen = f" (last confirmed {annual.observed.human()})" if annual.observed is not None else ""
        yield _item(ctx, "article7-annual-report", PartialDate.day(ctx.calendar.annual_report_due(year.value)),
                    f"Annual Article 7 report covering {year.value}; not received{seen}.", year, annual)
    following = year.value + 1
    yield _item(ctx, "article7-annual-report", PartialDate.day(ctx.calendar.annual_report_due(following)),
                f"Annual Article 7 report covering {following}.", year)


def due_dates(
    profiles: Iterable[Profile], as_of: date | str | None = None, within: int | None = None,
    calendar: Calendar | None = None, areas: Iterable[str] = (),
) -> Deadlines:
    """Upcoming and overdue deadlines as of ``as_of``: the urgent first, then by date. With
    ``within``, only those overdue or due within that many days; with ``areas``, only theirs."""
    from lapcheck.engine import as_of_date

    calendar = calendar or bundled_calendar()
    as_of = as_of_date(as_of, calendar)
    wanted = set(areas)
    items = []
    for profile in profiles:
        ctx = Context(profile, as_of, calendar)
        if ctx.get("participation.in_force").value is not True:
            continue
        items += [d for d in (*_duties(ctx), *_reports(ctx))
                  if (within is None or d.days <= within) and (not wanted or d.area in wanted)]
    items.sort(key=lambda d: (not d.urgent, d.due, d.state, d.kind))
    return Deadlines(as_of=as_of.isoformat(), deadlines=items)
