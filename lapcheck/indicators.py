"""Aggregate figures across States (the LAP progress-report numbers), as declared in rule files.

An indicator counts the States for which its ``where`` condition holds; with a ``numerator``
(a condition, or a check's statuses) it is the share of those for which the numerator holds. A
State whose data leaves ``where`` or the numerator undecided (a finding of insufficient_data or
error, for a check) is counted as ``unknown`` and left out of the share, never guessed into either
side.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from lapcheck import conditions
from lapcheck.conditions import FieldRef
from lapcheck.dates import PartialDate
from lapcheck.engine import EngineName, Operands, as_of_date, decide, is_stale
from lapcheck.facts import Context, Scalar, format_value
from lapcheck.model import Decisions, IndicatorValue, Profile, Summary, Trend, TrendPoint, Waiver
from lapcheck.rules import Indicator, Rules, load_rules
from lapcheck.waivers import active


@dataclass(frozen=True)
class _Row:
    """One State's values of the facts indicators read, and when each was last observed."""

    iso3: str
    values: dict[str, Scalar | None]
    observed: dict[str, PartialDate]


def summarize(
    profiles: Iterable[Profile],
    rules: Rules | None = None,
    as_of: date | str | None = None,
    decisions: Decisions | None = None,
    waivers: Iterable[Waiver] = (),
    engine: EngineName | None = None,
    stale_after: int | None = None,
) -> Summary:
    """Every indicator of ``rules`` over ``profiles`` as of ``as_of`` (default: today).

    Indicators over a check's statuses read ``decisions`` (decided here when not given; a report's
    are ``report.decisions()``); findings under an active waiver, and States counted on facts older
    than ``stale_after`` months (default: the rule pack's), are counted apart.
    """
    rules = rules if rules is not None else load_rules()
    as_of = as_of_date(as_of, rules.calendar)
    threshold = rules.plan.stale_after if stale_after is None else stale_after
    profiles = sorted(profiles, key=lambda p: p.iso3)
    if decisions is None and any(i.check for i in rules.indicators):
        decisions = decide(profiles, rules, as_of, engine, threshold)
    waived = active(waivers, as_of)
    refs = {r.key: r for r in sorted({FieldRef(f) for i in rules.indicators for f in i.fields()}
                                     | {r for i in rules.indicators for c in (i.where, i.numerator)
                                        if c is not None for r in conditions.field_refs(c)}, key=lambda r: r.key)}
    rows = []
    for profile in profiles:
        operands = Operands(Context(profile, as_of, rules.calendar, cited=False), refs)
        found = {key: operands.value(key) for key in refs}
        rows.append(_Row(profile.iso3, {k: v.value for k, v in found.items()},
                         {k: v.observed for k, v in found.items() if v.observed is not None}))
    return Summary(as_of=as_of.isoformat(), indicators=[
        _compute(i, rows, decisions, waived, Limits(rules.plan.coverage, threshold, as_of)) for i in rules.indicators])


@dataclass(frozen=True)
class Limits:
    """What makes a share worth reporting and a count fresh."""

    coverage: float
    stale_after: int
    as_of: date


def _compute(
    ind: Indicator, rows: list[_Row], decisions: Decisions | None, waived: set[tuple[str, str]], limits: Limits,
) -> IndicatorValue:
    members = unknown = numerator = waived_here = stale = 0
    breakdown: Counter[str] = Counter()
    where = None if ind.where is None else conditions.compile_condition(ind.where)
    numerator_holds = None if ind.numerator is None else conditions.compile_condition(ind.numerator)
    read = [r.key for c in (ind.where, ind.numerator) if c is not None for r in conditions.field_refs(c)]
    for row in rows:
        member = True if where is None else where(row.values)
        if member is None:
            unknown += 1
            continue
        if not member:
            continue
        hit: bool | None
        if numerator_holds is not None:
            hit = numerator_holds(row.values)
        elif ind.check is not None:
            found = decisions.status(row.iso3, ind.check) if decisions is not None else None
            if found == "not_applicable" and found not in ind.statuses:
                continue  # the check does not concern this State: not in the share, never a miss
            # A finding that could not be decided is unknown here too, not a miss.
            undecided = found in ("insufficient_data", "error") and found not in ind.statuses
            hit = None if undecided else found in ind.statuses
            waived_here += (row.iso3, ind.check) in waived
            stale += decisions is not None and decisions.is_stale(row.iso3, ind.check)
        else:
            hit = True
        if ind.check is None:
            oldest = min((row.observed[k] for k in read if k in row.observed), key=lambda d: d.first, default=None)
            stale += is_stale(oldest, limits.as_of, limits.stale_after)
        if hit is None:  # a share is taken over the States whose numerator is decided
            unknown += 1
            continue
        members += 1
        if ind.breakdown:
            breakdown[format_value(row.values.get(ind.breakdown))] += 1
        numerator += hit
    shared = ind.numerator is not None or ind.check is not None
    population = members + unknown
    insufficient = shared and members < limits.coverage * population
    value: float | int | None
    if shared:
        value = round(numerator / members, 4) if members and not insufficient else None
    else:
        value = members
    return IndicatorValue(
        id=ind.id, title=ind.title, area=ind.area, actions=list(ind.actions), value=value,
        numerator=numerator if shared else None, denominator=members if shared else None,
        unknown=unknown, population=population, known=members, insufficient=insufficient, stale=stale,
        waived=waived_here, breakdown=dict(sorted(breakdown.items())) if ind.breakdown else None,
    )


def trend_dates(rules: Rules, years: Iterable[int]) -> list[date]:
    """Each year's as-of date: the eve of that year's meeting of States Parties where a source
    dates it, else the calendar's default day (:meth:`lapcheck.deadlines.Calendar.meeting_eve`)."""
    return [rules.calendar.meeting_eve(year) for year in years]


HISTORY_YEARS = 20
"""How many years a report's trend covers at most: a chart has room for that many, and a far as-of
date does not walk centuries."""


def history_dates(rules: Rules, as_of: date) -> list[date]:
    """The trend of a report: each year's as-of date (see :func:`trend_dates`) from the year the
    Convention entered into force, or :data:`HISTORY_YEARS` years before ``as_of`` where that is
    later, up to ``as_of`` itself."""
    years = range(max(rules.calendar.convention_eif.year, as_of.year - HISTORY_YEARS), as_of.year + 1)
    return [*(d for d in trend_dates(rules, years) if d < as_of), as_of]


def trend(
    profiles: Iterable[Profile],
    rules: Rules | None = None,
    dates: Iterable[date] = (),
    engine: EngineName | None = None,
    stale_after: int | None = None,
) -> Trend:
    """Every indicator at each of ``dates`` (see :func:`trend_dates`)."""
    rules = rules if rules is not None else load_rules()
    profiles = list(profiles)
    points = []
    for as_of in dates:
        summary = summarize(profiles, rules, as_of, engine=engine, stale_after=stale_after)
        points.append(TrendPoint(year=as_of.year, as_of=summary.as_of, indicators=summary.indicators))
    return Trend(points=points)
