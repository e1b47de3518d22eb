"""Aggregate figures across States (the LAP progress-report numbers), as declared in rule files.

An indicator counts the States for which its ``where`` condition holds; with a ``numerator``
(a condition, or a check's statuses) it is the share of those for which the numerator holds. A
State whose data leaves ``where`` or the numerator undecided (a finding of insufficient_data or
error, for a check) is counted as ``unknown`` and left out of the share, never guessed into either
side.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date

from lapcheck import conditions
from lapcheck.conditions import FieldRef
from lapcheck.engine import EngineName, derive, evaluate
from lapcheck.facts import format_value
from lapcheck.deadlines import msp_eve
from lapcheck.model import IndicatorValue, Profile, Report, Summary, Trend, TrendPoint
from lapcheck.rules import Indicator, Rules, load_rules


def summarize(
    profiles: Iterable[Profile],
    rules: Rules | None = None,
    as_of: date | None = None,
    report: Report | None = None,
    engine: EngineName | None = None,
) -> Summary:
    """Every indicator of ``rules`` over ``profiles`` as of ``as_of`` (default: today).

    Indicators over a check's statuses use ``report`` (evaluated here when not given); pass a
    report with waivers applied to have waived findings counted apart.
    """
    rules = rules if rules is not None else load_rules()
    as_of = as_of or date.today()
    profiles = sorted(profiles, key=lambda p: p.iso3)
    if report is None and any(i.check for i in rules.indicators):
        report = evaluate(profiles, rules, as_of, engine)
    status = {(f.state, f.check): (f.status, f.waiver is not None and f.waiver.state == "active")
              for f in report.findings} if report else {}
    refs = sorted({FieldRef(f) for i in rules.indicators for f in i.fields()}
                  | {r for i in rules.indicators for c in (i.where, i.numerator) if c is not None
                     for r in conditions.field_refs(c)}, key=lambda r: r.key)
    rows = []
    for profile in profiles:
        values, _ = derive(profile, as_of, refs)
        rows.append((profile.iso3, {k: v.value for k, v in values.items()}))
    return Summary(as_of=as_of.isoformat(), indicators=[_compute(i, rows, status) for i in rules.indicators])


def _compute(
    ind: Indicator,
    rows: list[tuple[str, dict]],  # type: ignore[type-arg]
    status: Mapping[tuple[str, str], tuple[str, bool]],
) -> IndicatorValue:
    denominator = unknown = numerator = waived = 0
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
            found, waiver = status.get((iso3, ind.check), ("", False))
            # A finding that could not be decided is unknown here too, not a miss.
            hit = None if found in ("insufficient_data", "error") and found not in ind.statuses else found in ind.statuses
            waived += waiver
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
        unknown=unknown, waived=waived, breakdown=dict(sorted(breakdown.items())) if ind.breakdown else None,
    )


def trend(
    profiles: Iterable[Profile],
    rules: Rules | None = None,
    years: Iterable[int] = (),
    engine: EngineName | None = None,
) -> Trend:
    """Every indicator at each year's as-of date: the eve of that year's meeting of States Parties
    where a source dates it, else 1 September (:func:`lapcheck.deadlines.msp_eve`)."""
    rules = rules if rules is not None else load_rules()
    profiles = list(profiles)
    points = []
    for year in years:
        as_of = msp_eve(year)
        summary = summarize(profiles, rules, as_of, engine=engine)
        points.append(TrendPoint(year=year, as_of=summary.as_of, indicators=summary.indicators))
    return Trend(points=points)
