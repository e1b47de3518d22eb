"""The static site behind ``lapcheck report``: every State by LAP area, a page per State, the indicators.

Three steps, one way: :func:`site_data` turns a report, a summary, a trend, the profiles and the
rules into a :class:`Site` (every figure and chart coordinate, no markup); :func:`render_site`
turns that into pages, HTML or their Markdown twins (file name → text, pure); :func:`write_site`
writes them, swapping the whole folder in or leaving the old one as it was. :func:`build_site`
does all three.

The pages open from disk with no server and fetch nothing: charts are inline SVG, the index's
script and every page's style are inline, and a Content-Security-Policy allows those two by hash
and nothing else, so a value that slipped past escaping could still not run.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
import secrets
import shutil
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path, PurePosixPath
from typing import Literal
from urllib.parse import quote, urlsplit

import jinja2
from markupsafe import Markup

from lapcheck.conditions import FieldRef
from lapcheck.dates import PartialDate
from lapcheck.deadlines import msp_eve
from lapcheck.engine import EngineName, derive, paused_collector
from lapcheck.errors import InputError
from lapcheck.facts import FIELDS, Value, format_value
from lapcheck.indicators import summarize
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
from lapcheck.report.markdown import escape
from lapcheck.report.summary import breakdown_text, value_text
from lapcheck.rules import AREAS, Rules

SiteFormat = Literal["html", "markdown"]

SEVERITY: tuple[Status, ...] = (
    "error", "non_compliant", "at_risk", "insufficient_data", "compliant", "not_applicable",
)
"""Statuses from worst to best: a cell shows the first of these among its findings."""

STATUS_LABELS: dict[Status, str] = {
    "error": "Error",
    "non_compliant": "Non-compliant",
    "at_risk": "At risk",
    "insufficient_data": "Insufficient data",
    "compliant": "Compliant",
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

TREND_FROM = 2010
"""The Convention entered into force on 1 August 2010: the trend starts that year."""

MARKER = ".lapcheck-site"
"""Marks a folder this module wrote, the only kind it will replace wholesale."""

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
    """A finding with its evidence ready to show."""

    finding: Finding
    evidence: tuple[FactRow, ...]


@dataclass(frozen=True)
class Unknown:
    """A fact the checks needed and no source gave, with the checks that needed it."""

    fact: str
    meaning: str
    checks: tuple[str, ...]


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


def site_trend(
    profiles: Sequence[Profile], rules: Rules, as_of: date, engine: EngineName | None = None
) -> Trend:
    """Every indicator on the eve of each year's meeting of States Parties from 2010 (as
    ``lapcheck trend`` takes them), and on ``as_of`` itself last; no point after ``as_of``."""
    days = [d for d in map(msp_eve, range(TREND_FROM, as_of.year + 1)) if d < as_of]
    points = []
    for day in [*days, as_of]:
        summary = summarize(profiles, rules, day, engine=engine)
        points.append(TrendPoint(year=day.year, as_of=summary.as_of, indicators=summary.indicators))
    return Trend(points=points)


def site_data(
    report: Report, summary: Summary, trend: Trend, profiles: Iterable[Profile], rules: Rules
) -> Site:
    """Everything the pages show, computed once for both formats."""
    as_of = date.fromisoformat(report.as_of)
    by_state: dict[str, list[Finding]] = {}
    for f in report.findings:
        by_state.setdefault(f.state, []).append(f)
    states = [_state(p, by_state.get(p.iso3, []), as_of) for p in profiles]
    states.sort(key=lambda s: (s.sort_key, s.iso3))
    return Site(
        as_of=report.as_of,
        areas=tuple((key, title) for key, (title, _) in AREAS.items()),
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


def _state(profile: Profile, findings: list[Finding], as_of: date) -> StatePage:
    state_page(profile.iso3)  # refuse a bad code before anything is written
    names = [name for name, _ in PARTICIPATION_FACTS]
    values, _ = derive(profile, as_of, [FieldRef(name) for name in [*names, "participation.withdrawn"]])
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
    cells = tuple(_cell(area, by_area.get(area, [])) for area in AREAS)
    needed: dict[str, list[str]] = {}
    for f in findings:
        for e in f.evidence:
            if e.value is None:
                needed.setdefault(e.fact, []).append(f.check)
    unknown = tuple(
        Unknown(fact, _meaning(fact), tuple(dict.fromkeys(checks)))
        for fact, checks in sorted(needed.items())
    )
    # Areas in the LAP's order; an area a report names but the LAP does not still gets its section.
    order = [*AREAS, *sorted(set(by_area) - set(AREAS))]
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
    return FindingView(finding, tuple(
        FactRow(e.fact, _meaning(e.fact), shown(e), e.value is not None, tuple(map(source, e.sources)))
        for e in finding.evidence))


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
    unknown (a share over no State) breaks the line rather than being drawn as 0.
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


# --- HTML --------------------------------------------------------------------------------------
@cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("lapcheck.report", "templates"),
        autoescape=True,  # every value from a profile or rule file is escaped unless marked otherwise
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals.update(
        STATUS_LABELS=STATUS_LABELS, PARTICIPATION_LABELS=PARTICIPATION_LABELS, SEVERITY=SEVERITY,
        value_text=value_text, breakdown_text=breakdown_text, plot=PLOT, bar_width=BAR_WIDTH, zip=zip,
        areas={key: title for key, (title, _) in AREAS.items()},
    )
    return env


@cache
def _asset(name: str) -> tuple[Markup, str]:
    """A static file shipped beside the templates, as trusted markup, and its CSP hash source."""
    text = resources.files("lapcheck.report").joinpath("templates", name).read_text(encoding="utf-8")
    digest = base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()
    return Markup(text), f"'sha256-{digest}'"


def _html_page(template: str, root: str, script: bool, **context: object) -> str:
    css, css_hash = _asset("site.css")
    js, js_hash = _asset("index.js")
    scripts = js_hash if script else "'none'"
    csp = (f"default-src 'none'; style-src {css_hash}; script-src {scripts}; "
           "base-uri 'none'; form-action 'none'")
    return _environment().get_template(template).render(
        root=root, css=css, js=js if script else None, csp=csp, **context)


def render_html_site(site: Site) -> dict[str, str]:
    """Every page as HTML: ``index.html``, ``indicators.html`` and ``states/ISO.html``."""
    pages = {
        "index.html": _html_page("index.html.j2", "", True, site=site),
        "indicators.html": _html_page("indicators.html.j2", "", False, site=site),
    }
    for state in site.states:
        pages[f"{state.page}.html"] = _html_page("state.html.j2", "../", False, site=site, state=state)
    return pages


# --- Markdown ----------------------------------------------------------------------------------
class Md(str):
    """Markdown already made safe (a link built here); every other ``str`` is escaped in tables."""


URL_SAFE = ":/?#@!$&'*+,;=%~-._"
"""Characters left as they are in a Markdown link target; brackets, quotes and spaces are encoded."""


def _md_link(text: str, href: str) -> Md:
    return Md(f"[{escape(text)}]({quote(href, safe=URL_SAFE)})")


def _md_sources(sources: Iterable[Source]) -> Md:
    return Md("; ".join(_md_link(s.label, s.href) if s.href else escape(s.text) for s in sources))


def _md_cell(value: object) -> str:
    return value if isinstance(value, Md) else escape(str(value))


def _md_table(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> list[str]:
    lines = ["| " + " | ".join(map(escape, headers)) + " |", "|" + " --- |" * len(headers)]
    lines += ["| " + " | ".join(map(_md_cell, row)) + " |" for row in rows]
    return [*lines, ""]


def _md_status(status: Status | None) -> str:
    return "no checks" if status is None else STATUS_LABELS[status]


def _md_counts(counts: Mapping[Status, int]) -> list[str]:
    return _md_table(["Status", "Findings"], [(STATUS_LABELS[s], n) for s, n in counts.items()])


def _md_index(site: Site) -> str:
    lines = [f"# LAP status of every State as of {site.as_of}", "",
             f"{len(site.states)} States. [Indicators](indicators.md)", "", "## Findings by status", "",
             *_md_counts(site.counts), "## Worst status per State and LAP area", ""]
    rows = [(_md_link(s.name, f"{s.page}.md"), s.iso3, PARTICIPATION_LABELS[s.participation],
             *(_md_status(c.status) + (" (waived)" if c.waived else "") for c in s.cells))
            for s in site.states]
    lines += _md_table(["State", "ISO", "Participation", *(title for _, title in site.areas)], rows)
    return "\n".join(lines)


def _md_state(site: Site, state: StatePage) -> str:
    lines = [f"# {escape(state.name)} ({state.iso3})", "",
             f"As of {site.as_of}. [All States](../index.md) · [Indicators](../indicators.md)", "",
             "## Participation", ""]
    lines += _md_table(["Fact", "Value", "Sources"],
                       [(f.label, f.value, _md_sources(f.sources)) for f in state.facts])
    lines += ["## Findings by status", "", *_md_counts(state.counts)]
    for area, findings in state.findings.items():
        lines += [f"## {escape(AREAS[area][0] if area in AREAS else area)}", ""]
        for view in findings:
            f = view.finding
            lines += [f"### {escape(f.title)}", "",
                      f"- **Status:** {STATUS_LABELS[f.status]}",
                      f"- **Check:** `{escape(f.check)}`",
                      f"- **LAP actions:** {escape(', '.join(map(str, f.actions))) or 'none cited'}",
                      f"- **Convention articles:** {escape(', '.join(f.articles))}",
                      f"- **Rationale:** {escape(f.rationale)}"]
            if f.waiver is not None:
                w = f.waiver
                lines.append(f"- **Waiver ({w.state}):** {escape(w.justification)} Accepted by "
                             f"{escape(w.accepted_by)} on {escape(w.date)}, until {escape(w.expires)}.")
            lines.append("")
            lines += _md_table(["Fact", "Value", "Sources"],
                               [(e.name, e.value, _md_sources(e.sources)) for e in view.evidence])
    lines += [f"## What is unknown about {escape(state.name)}", ""]
    if state.unknown:
        lines += _md_table(["Fact", "Meaning", "Needed by"],
                           [(u.fact, u.meaning, ", ".join(u.checks)) for u in state.unknown])
    else:
        lines += ["Every fact the checks read is known.", ""]
    return "\n".join(lines)


def _md_indicators(site: Site) -> str:
    lines = [f"# LAP indicators as of {site.as_of}", "", "[All States](index.md)", "", "## Indicators", ""]
    lines += _md_table(["Indicator", "Id", "Value", "Unknown", "Waived", "Breakdown"],
                       [(i.title, i.id, value_text(i), i.unknown, i.waived, breakdown_text(i))
                        for i in site.indicators])
    lines += ["## Status of every check across States", ""]
    lines += _md_table(["Check", *(STATUS_LABELS[s] for s in SEVERITY)],
                       [(b.check, *b.counts.values()) for b in site.bars])
    lines += ["## Indicators by year", "", "Each year on the eve of its meeting of States Parties (1 September where the date is not sourced); the last column on the as-of date.", ""]
    lines += _md_table(["Indicator", *(p.as_of for p in site.years)],
                       [(s.id, *(p.text for p in s.points)) for s in site.trend])
    return "\n".join(lines)


def render_markdown_site(site: Site) -> dict[str, str]:
    """Every page as Markdown, with the HTML pages' names and ``.md``; charts become tables."""
    pages = {"index.md": _md_index(site), "indicators.md": _md_indicators(site)}
    for state in site.states:
        pages[f"{state.page}.md"] = _md_state(site, state)
    return pages


# --- writing -----------------------------------------------------------------------------------
@paused_collector()  # writes every finding's rationale and evidence
def render_site(
    report: Report, summary: Summary, trend: Trend, profiles: Iterable[Profile], rules: Rules,
    fmt: SiteFormat = "html",
) -> dict[str, str]:
    """Every page of the site in ``fmt``: path inside the site → text."""
    site = site_data(report, summary, trend, profiles, rules)
    return render_html_site(site) if fmt == "html" else render_markdown_site(site)


def _inside(root: Path, name: str) -> Path:
    """``root / name``, refusing any name that could land outside ``root``."""
    relative = PurePosixPath(name)
    if relative.is_absolute() or not relative.parts or ".." in relative.parts or "\\" in name:
        raise InputError(f"refusing to write {name!r} outside the site folder", path=root)
    return root.joinpath(*relative.parts)


def _replaceable(target: Path) -> bool:
    """A folder may be replaced whole if it is empty or this module wrote it."""
    return target.is_dir() and (not any(target.iterdir()) or (target / MARKER).is_file())


def write_site(pages: Mapping[str, str], output_dir: Path | str) -> list[Path]:
    """Replace ``output_dir`` with ``pages`` as a whole, or leave it as it was.

    The pages are written to a new sibling folder, which is then renamed into place (the old
    folder is renamed aside first and removed last). Any failure before that removes the new
    folder and leaves the old one untouched. Only an empty folder or one this function wrote
    (it holds :data:`MARKER`) is replaced, so ``--output .`` cannot wipe a working tree.
    """
    target = Path(os.path.abspath(output_dir))
    if target.exists() and not _replaceable(target):
        raise InputError(f"refusing to replace it: not a folder lapcheck wrote (no {MARKER} in it)",
                         path=target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = target.with_name(f".{target.name}.{secrets.token_hex(4)}.new")
        staging.mkdir()
    except OSError as exc:
        raise InputError(f"cannot write the site: {exc.strerror or exc}", path=target) from None
    try:
        written = []
        for name, text in sorted(pages.items()):
            path = _inside(staging, name)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            written.append(target / path.relative_to(staging))
        (staging / MARKER).write_text(
            "Written by `lapcheck report`: the whole folder is replaced on each run.\n", encoding="utf-8")
        _swap(staging, target)
    except OSError as exc:
        raise InputError(f"cannot write the site: {exc.strerror or exc}", path=target) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)  # gone already after a successful swap
    return written


def _swap(staging: Path, target: Path) -> None:
    """Rename ``staging`` to ``target``, moving an existing ``target`` aside and removing it last.

    POSIX cannot rename a folder over a non-empty one, so for a moment ``target`` is absent; if
    the second rename fails the old folder is put back.
    """
    if not target.exists():
        staging.rename(target)
        return
    old = target.with_name(f".{target.name}.{secrets.token_hex(4)}.old")
    target.rename(old)
    try:
        staging.rename(target)
    except BaseException:
        old.rename(target)
        raise
    shutil.rmtree(old, ignore_errors=True)


def build_site(
    report: Report, summary: Summary, trend: Trend, profiles: Iterable[Profile], rules: Rules,
    output_dir: Path | str, fmt: SiteFormat = "html",
) -> list[Path]:
    """Render the site and write it to ``output_dir`` (replaced whole, or not at all); the files written."""
    return write_site(render_site(report, summary, trend, profiles, rules, fmt), output_dir)
