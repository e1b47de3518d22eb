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
from datetime import date

from lapcheck import conditions
from lapcheck.conditions import FieldRef
from lapcheck.engine import EngineName, Operands, decide
from lapcheck.facts import Context, Scalar, format_value
from lapcheck.model import Decisions, IndicatorValue, Profile, Summary, Trend, TrendPoint, Waiver
from lapcheck.rules import Indicator, Rules, load_rules
from lapcheck.waivers import active


def summarize(
    profiles: Iterable[Profile],
    rules: Rules | None = None,
    as_of: date | None = None,
    decisions: Decisions | None = None,
    waivers: Iterable[Waiver] = (),
    engine: EngineName | None = None,
) -> Summary:
    """Every indicator of ``rules`` over ``profiles`` as of ``as_of`` (default: today).

    Indicators over a check's statuses read ``decisions`` (decided here when not given; a report's
    are ``report.decisions()``); findings under an active waiver are counted apart.
    """
    rules = rules if rules is not None else load_rules()
    as_of = as_of or date.today()
    profiles = sorted(profiles, key=lambda p: p.iso3)
    if decisions is None and any(i.check for i in rules.indicators):
        decisions = decide(profiles, rules, as_of, engine)
    waived = active(waivers, as_of)
    refs = {r.key: r for r in sorted({FieldRef(f) for i in rules.indicators for f in i.fields()}
                                     | {r for i in rules.indicators for c in (i.where, i.numerator)
                                        if c is not None for r in conditions.field_refs(c)}, key=lambda r: r.key)}
    rows = []
    for profile in profiles:
        operands = Operands(Context(profile, as_of, rules.calendar, cited=False), refs)
        rows.append((profile.iso3, operands.complete()))
    return Summary(as_of=as_of.isoformat(),
                   indicators=[_compute(i, rows, decisions, waived) for i in rules.indicators])


def _compute(
    ind: Indicator,
    rows: list[tuple[str, dict[str, Scalar | None]]],
    decisions: Decisions | None,
    waived: set[tuple[str, str]],
) -> IndicatorValue:
    denominator = unknown = numerator = waived_here = 0
    breakdown: Counter[str] = Counter()
    where = None if ind.where is None else conditions.compile_condition(ind.where)
    numerator_holds = None if ind.numerator is None else conditions.compile_condition(ind.numerator)
    for iso3, values in rows:
        member = True if where is None else where(values)
        if member is None:
            unknown += 1
            continue
        if not member:
            continue
        denominator += 1
        if ind.breakdown:
            breakdown[format_value(values.get(ind.breakdown))] += 1
        if numerator_holds is not None:
            hit = numerator_holds(values)
        elif ind.check is not None:
            found = decisions.status(iso3, ind.check) if decisions is not None else None
            # A finding that could not be decided is unknown here too, not a miss.
            hit = None if found in ("insufficient_data", "error") and found not in ind.statuses else found in ind.statuses
            waived_here += (iso3, ind.check) in waived
        else:
            continue
        if hit is None:  # a share is taken over the States whose numerator is decided
            unknown += 1
            denominator -= 1
            continue
        numerator += hit
    shared = ind.numerator is not None or ind.check is not None
    value: float | int | None
    if shared:
        value = round(numerator / denominator, 4) if denominator else None
    else:
        value = denominator
    return IndicatorValue(
        id=ind.id, title=ind.title, area=ind.area, actions=list(ind.actions), value=value,
        numerator=numerator if shared else None, denominator=denominator if shared else None,
        unknown=unknown, waived=waived_here, breakdown=dict(sorted(breakdown.items())) if ind.breakdown else None,
    )


def trend_dates(rules: Rules, years: Iterable[int]) -> list[date]:
    """Each year's as-of date: the eve of that year's meeting of States Parties where a source
    dates it, else the calendar's default day (:meth:`lapcheck.deadlines.Calendar.meeting_eve`)."""
    return [rules.calendar.meeting_eve(year) for year in years]


def history_dates(rules: Rules, as_of: date) -> list[date]:
    """The trend of a report: each year's as-of date (see :func:`trend_dates`) from the year the
    Convention entered into force, before ``as_of``, then ``as_of`` itself."""
    years = range(rules.calendar.convention_eif.year, as_of.year + 1)
    return [*(d for d in trend_dates(rules, years) if d < as_of), as_of]


def trend(
    profiles: Iterable[Profile],
    rules: Rules | None = None,
    dates: Iterable[date] = (),
    engine: EngineName | None = None,
) -> Trend:
    """Every indicator at each of ``dates`` (see :func:`trend_dates`)."""
    rules = rules if rules is not None else load_rules()
    profiles = list(profiles)
    points = []
    for as_of in dates:
        summary = summarize(profiles, rules, as_of, engine=engine)
        points.append(TrendPoint(year=as_of.year, as_of=summary.as_of, indicators=summary.indicators))
    return Trend(points=points)
