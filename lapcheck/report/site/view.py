"""What the site shows, as data: every figure, label and chart coordinate, no markup.

:func:`site_data` turns what the library computed (a report, a summary, a trend, the profiles and
the rules) into a :class:`Site`, which :mod:`.html` and :mod:`.markdown` render.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

from lapcheck.conditions import FieldRef
from lapcheck.dates import PartialDate
from lapcheck.engine import Operands
from lapcheck.errors import InputError
from lapcheck.explain import reasons
from lapcheck.facts import FIELDS, Context, Value, format_value
from lapcheck.model import (
    Evidence,
    Finding,
    IndicatorValue,
    Profile,
    Report,
    Status,
    Summary,
    Trend,
    TrendPoint,
)
from lapcheck.rules import Rules

SEVERITY: tuple[Status, ...] = (
    "error", "non_compliant", "at_risk", "insufficient_data", "not_yet", "compliant", "done", "not_applicable",
)
"""Statuses from the one that most needs attention to the one that needs none: a cell shows the first
of these among its findings. A step of progress not yet taken is no breach: it comes after the unknown."""

ATTENTION: frozenset[Status] = frozenset({"error", "non_compliant", "at_risk"})
"""Statuses a State's page lists first, with every stale finding."""

STATUS_LABELS: dict[Status, str] = {
    "error": "Error",
    "non_compliant": "Non-compliant",
    "at_risk": "At risk",
    "insufficient_data": "Insufficient data",
    "not_yet": "Not yet",
    "compliant": "Compliant",
    "done": "Done",
    "not_applicable": "Not applicable",
}

PARTICIPATION_LABELS: dict[str, str] = {
    "state_party": "State Party",
    "signatory": "Signatory",
    "non_signatory": "Non-signatory",
    "withdrawn": "Withdrawn",
    "unknown": "Unknown",
}

PARTICIPATION_FACTS: tuple[tuple[str, str], ...] = (
    ("participation.status", "Status"),
    ("participation.signature", "Signature"),
    ("participation.deposit", "Deposit of the instrument"),
    ("participation.entry_into_force", "Entry into force"),
    ("participation.withdrawal_effective", "Withdrawal takes effect"),
)

ISO_PAGE = re.compile(r"[A-Z]{3}")
LINK_TEXT = 64


# --- what the pages show ---------------------------------------------------------------------
@dataclass(frozen=True)
class Source:
    """One citation: a link when it is an http(s) URL, else text."""

    text: str
    href: str | None

    @property
    def label(self) -> str:
        """What a link shows: the URL without its scheme, cut to :data:`LINK_TEXT` characters."""
        if self.href is None:
            return self.text
        bare = self.text.split("://", 1)[1]
        return bare if len(bare) <= LINK_TEXT else bare[: LINK_TEXT - 1] + "…"


@dataclass(frozen=True)
class Cell:
    """One State in one area: the worst status of its findings there (``None``: no check in that area)."""

    area: str
    status: Status | None
    counts: dict[Status, int]
    waived: bool

    @property
    def rank(self) -> int:
        """Sort key: 0 for the worst status, ``len(SEVERITY)`` when no check applies."""
        return len(SEVERITY) if self.status is None else SEVERITY.index(self.status)


@dataclass(frozen=True)
class FactRow:
    """A fact as shown: its name, a label (or its meaning), its value in words, its sources."""

    name: str
    label: str
    value: str
    known: bool
    sources: tuple[Source, ...]


@dataclass(frozen=True)
class FindingView:
    """A finding with its evidence ready to show, and how old its evidence is, in words."""

    finding: Finding
    evidence: tuple[FactRow, ...]
    confirmed: str
    """``last confirmed August 2022`` when the decision rests on a dated observation, else empty."""

    @property
    def attention(self) -> bool:
        """Whether the State's page lists it first: a breach, a risk, an error, or stale evidence."""
        return self.finding.status in ATTENTION or self.finding.stale


@dataclass(frozen=True)
class Unknown:
    """A fact the checks needed and no source gave, the checks that needed it, and what the
    profile says that bears on it (pending requests, notes)."""

    fact: str
    meaning: str
    checks: tuple[str, ...]
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class StatePage:
    """Everything on one State's page and in its row of the index."""

    iso3: str
    name: str
    participation: str
    facts: tuple[FactRow, ...]
    cells: tuple[Cell, ...]
    counts: dict[Status, int]
    findings: dict[str, tuple[FindingView, ...]]
    unknown: tuple[Unknown, ...]

    @property
    def attention(self) -> tuple[FindingView, ...]:
        """Every finding, those that need attention first, each group worst status first."""
        views = [v for group in self.findings.values() for v in group]
        return tuple(sorted(views, key=lambda v: (not v.attention, SEVERITY.index(v.finding.status))))

    @property
    def page(self) -> str:
        """The page's path in the site, without its extension."""
        return state_page(self.iso3)

    @property
    def sort_key(self) -> str:
        """The name folded for sorting, accents ignored: Côte d'Ivoire sorts among the Co…."""
        decomposed = unicodedata.normalize("NFKD", self.name)
        return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@dataclass(frozen=True)
class Segment:
    """One status's part of a stacked bar, in chart units."""

    status: Status
    count: int
    x: float
    width: float


@dataclass(frozen=True)
class Bar:
    """The statuses of one check across States."""

    check: str
    title: str
    total: int
    counts: dict[Status, int]
    segments: tuple[Segment, ...]


@dataclass(frozen=True)
class Point:
    """One year of an indicator's trend, in chart units (``y`` is ``None`` when the value is)."""

    year: int
    as_of: str
    text: str
    x: float
    y: float | None
    label: bool


@dataclass(frozen=True)
class Series:
    """One indicator's trend: its points, the lines joining known values, the y axis."""

    id: str
    title: str
    points: tuple[Point, ...]
    lines: tuple[str, ...]
    top: str


@dataclass(frozen=True)
class Site:
    """The whole site as data: rendered to HTML or Markdown by :func:`render_site`."""

    as_of: str
    areas: tuple[tuple[str, str], ...]
    states: tuple[StatePage, ...]
    counts: dict[Status, int]
    indicators: tuple[IndicatorValue, ...]
    descriptions: dict[str, str]
    bars: tuple[Bar, ...]
    trend: tuple[Series, ...]
    years: tuple[TrendPoint, ...]

    def area_title(self, area: str) -> str:
        """The title of a plan area (an area the plan does not have keeps its id)."""
        return dict(self.areas).get(area, area)


def state_page(iso3: str) -> str:
    """``states/ISO`` for an ISO 3166-1 alpha-3 code; anything else is refused, so that no name
    from a profile or report can reach the file system."""
    if not ISO_PAGE.fullmatch(iso3):
        raise InputError(f"cannot name a page after {iso3!r}: expected three capital letters", key="iso3")
    return f"states/{iso3}"


def source(citation: str) -> Source:
    """A citation as a link if it is a plain http(s) URL, else as text (``javascript:`` stays text)."""
    if any(c.isspace() or not c.isprintable() for c in citation):
        return Source(citation, None)
    parts = urlsplit(citation)
    if parts.scheme in ("http", "https") and parts.netloc:
        return Source(citation, citation)
    return Source(citation, None)


def shown(evidence: Evidence) -> str:
    """An evidence value in words, as rationales say it (dates in words, yes/no, unknown)."""
    spec = FIELDS.get(evidence.fact)
    if spec is not None and spec.type == "date" and isinstance(evidence.value, str):
        return PartialDate.parse(evidence.value).human()
    return format_value(evidence.value)


def worst(statuses: Iterable[Status]) -> Status | None:
    """The worst of ``statuses`` by :data:`SEVERITY`, ``None`` if there are none."""
    present = set(statuses)
    return next((s for s in SEVERITY if s in present), None)


def site_data(
    report: Report, summary: Summary, trend: Trend, profiles: Iterable[Profile], rules: Rules
) -> Site:
    """Everything the pages show, computed once for both formats."""
    as_of = date.fromisoformat(report.as_of)
    by_state: dict[str, list[Finding]] = {}
    for f in report.findings:
        by_state.setdefault(f.state, []).append(f)
    states = [_state(p, by_state.get(p.iso3, []), as_of, rules) for p in profiles]
    states.sort(key=lambda s: (s.sort_key, s.iso3))
    return Site(
        as_of=report.as_of,
        areas=tuple((a.id, a.title) for a in rules.plan.areas),
        states=tuple(states),
        counts=_counts(f.status for f in report.findings),
        indicators=tuple(summary.indicators),
        descriptions={i.id: i.description for i in rules.indicators},
        bars=_bars(report, rules),
        trend=tuple(_series(trend, ind.id, ind.title) for ind in summary.indicators),
        years=tuple(trend.points),
    )


def _counts(statuses: Iterable[Status]) -> dict[Status, int]:
    counted = Counter(statuses)
    return {s: counted[s] for s in SEVERITY}


def _state(profile: Profile, findings: list[Finding], as_of: date, rules: Rules) -> StatePage:
    state_page(profile.iso3)  # refuse a bad code before anything is written
    names = [name for name, _ in PARTICIPATION_FACTS]
    operands = Operands(Context(profile, as_of, rules.calendar),
                        {n: FieldRef(n) for n in [*names, "participation.withdrawn"]})
    values = {n: operands.value(n) for n in operands.refs}
    status = str(values["participation.status"].value or "unknown")
    facts = []
    for name, label in PARTICIPATION_FACTS:
        value = values[name]
        if name == "participation.withdrawal_effective" and values["participation.withdrawn"].value is False:
            value = Value("none", values["participation.withdrawn"].sources)  # known: no withdrawal
        text = PARTICIPATION_LABELS[status] if name == "participation.status" else format_value(value.value)
        facts.append(FactRow(name, label, text, value.value is not None, tuple(map(source, value.sources))))
    instrument = profile.participation.instrument
    if instrument is not None:  # not a derived fact: shown as the profile records it
        facts.append(FactRow("participation.instrument", "Instrument", instrument.value, True,
                             tuple(map(source, profile.cite(instrument.source)))))
    by_area: dict[str, list[Finding]] = {}
    for f in findings:
        by_area.setdefault(f.area, []).append(f)
    areas = [a.id for a in rules.plan.areas]
    cells = tuple(_cell(area, by_area.get(area, [])) for area in areas)
    needed: dict[str, list[str]] = {}
    for f in findings:
        for e in f.evidence:
            if e.value is None:
                needed.setdefault(e.fact, []).append(f.check)
    unknown = tuple(
        Unknown(fact, _meaning(fact), tuple(dict.fromkeys(checks)), tuple(reasons(profile, fact)))
        for fact, checks in sorted(needed.items())
    )
    # Areas in the LAP's order; an area a report names but the LAP does not still gets its section.
    order = [*areas, *sorted(set(by_area) - set(areas))]
    return StatePage(
        iso3=profile.iso3, name=profile.name, participation=status,
        facts=tuple(facts), cells=cells, counts=_counts(f.status for f in findings),
        findings={a: tuple(_view(f) for f in by_area[a]) for a in order if a in by_area}, unknown=unknown,
    )


def _cell(area: str, findings: list[Finding]) -> Cell:
    return Cell(area, worst(f.status for f in findings), _counts(f.status for f in findings),
                any(f.waiver is not None and f.waiver.state == "active" for f in findings))


def _meaning(fact: str) -> str:
    return FIELDS[fact].description if fact in FIELDS else ""


def _view(finding: Finding) -> FindingView:
    confirmed = f"last confirmed {PartialDate.parse(finding.observed).human()}" if finding.observed else ""
    return FindingView(finding, tuple(
        FactRow(e.fact, _meaning(e.fact), shown(e), e.value is not None, tuple(map(source, e.sources)))
        for e in finding.evidence), confirmed)


BAR_WIDTH = 720.0


def _bars(report: Report, rules: Rules) -> tuple[Bar, ...]:
    """One stacked bar per check, segments from worst to best, scaled to the number of States."""
    per_check: dict[str, list[Finding]] = {}
    for f in report.findings:
        per_check.setdefault(f.check, []).append(f)
    titles = {c.id: c.title for c in rules.checks}
    titles.update({f.check: f.title for f in report.findings})
    bars = []
    for check in sorted(titles):
        counts = _counts(f.status for f in per_check.get(check, []))
        total = sum(counts.values())
        x, segments = 0.0, []
        for status, count in counts.items():
            if count:
                width = BAR_WIDTH * count / total
                segments.append(Segment(status, count, round(x, 2), round(width, 2)))
                x += width
        bars.append(Bar(check, titles[check], total, counts, tuple(segments)))
    return tuple(bars)


PLOT = (44.0, 286.0, 16.0, 116.0)
"""Trend chart plot area in chart units: left, right, top, bottom."""


def _series(trend: Trend, indicator: str, title: str) -> Series:
    """One indicator's values over the trend's points, placed in the plot area.

    Shares are drawn from 0 to 100 %; counts from 0 to their largest value. A year whose value is
    unknown (a share over no State, or over too little of its population) breaks the line rather
    than being drawn as 0.
    """
    found = [(p, next((i for i in p.indicators if i.id == indicator), None)) for p in trend.points]
    values = [i.value if i is not None else None for _, i in found]
    share = any(i is not None and i.denominator is not None for _, i in found)
    top = 1.0 if share else float(max([v for v in values if v is not None] or [0]) or 1)
    left, right, upper, lower = PLOT
    last = len(found) - 1
    step = (right - left) / max(last, 1)
    points = []
    for n, ((point, ind), value) in enumerate(zip(found, values, strict=True)):
        y = None if value is None else round(lower - (lower - upper) * value / top, 2)
        if ind is not None and ind.insufficient:
            text = f"insufficient data ({ind.known} of {ind.population} known)"
        else:
            text = "unknown" if ind is None or value is None else (
                f"{value:.0%} ({ind.numerator}/{ind.denominator})" if share else str(value))
        # Every fourth year is labelled counting back from the last; the first too if not crowded.
        label = (last - n) % 4 == 0 or (n == 0 and last % 4 >= 2)
        points.append(Point(point.year, point.as_of, text, round(left + n * step, 2), y, label))
    lines, run = [], []
    for p in [*points, None]:
        if p is not None and p.y is not None:
            run.append(f"{p.x},{p.y}")
            continue
        if len(run) > 1:
            lines.append(" ".join(run))
        run = []
    return Series(indicator, title, tuple(points), tuple(lines), "100%" if share else str(int(top)))


