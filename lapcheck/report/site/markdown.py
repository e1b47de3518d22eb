"""The site as Markdown pages, the HTML pages' twins: charts become tables, every value escaped."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from urllib.parse import quote

from lapcheck.model import Status
from lapcheck.report.markdown import escape
from lapcheck.report.site.view import PARTICIPATION_LABELS, SEVERITY, STATUS_LABELS, Site, Source, StatePage
from lapcheck.report.summary import breakdown_text, value_text


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
    lines += ["## Findings, those that need attention first", ""]
    lines += _md_table(["Check", "Status", "Evidence as of", "History"],
                       [(v.finding.title, _md_status(v.finding.status) + (" (stale)" if v.finding.stale else ""),
                         v.confirmed, " ".join(v.finding.history)) for v in state.attention])
    for area, findings in state.findings.items():
        lines += [f"## {escape(site.area_title(area))}", ""]
        for view in findings:
            f = view.finding
            lines += [f"### {escape(f.title)}", "",
                      f"- **Status:** {STATUS_LABELS[f.status]}"
                      + (f" (stale: {view.confirmed})" if f.stale else ""),
                      f"- **Check:** `{escape(f.check)}`",
                      f"- **LAP actions:** {escape(', '.join(map(str, f.actions))) or 'none cited'}",
                      f"- **Convention articles:** {escape(', '.join(f.articles))}",
                      f"- **Rationale:** {escape(f.rationale)}",
                      *([f"- **History:** {escape(' '.join(f.history))}"] if f.history else [])]
            if f.waiver is not None:
                w = f.waiver
                lines.append(f"- **Waiver ({w.state}):** {escape(w.justification)} Accepted by "
                             f"{escape(w.accepted_by)} on {escape(w.date)}, until {escape(w.expires)}.")
            lines.append("")
            lines += _md_table(["Fact", "Value", "Sources"],
                               [(e.name, e.value, _md_sources(e.sources)) for e in view.evidence])
    lines += [f"## What is unknown about {escape(state.name)}", ""]
    if state.unknown:
        lines += _md_table(["Fact", "Meaning", "Needed by", "What the profile says that bears on it"],
                           [(u.fact, u.meaning, ", ".join(u.checks), " / ".join(u.reasons)) for u in state.unknown])
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
    lines += ["## Indicators by year", "",
              "Each year on the eve of its meeting of States Parties (1 September where the date is not sourced);"
              " the last column on the as-of date.", ""]
    lines += _md_table(["Indicator", *(p.as_of for p in site.years)],
                       [(s.id, *(p.text for p in s.points)) for s in site.trend])
    return "\n".join(lines)


def render_markdown_site(site: Site) -> dict[str, str]:
    """Every page as Markdown, with the HTML pages' names and ``.md``; charts become tables."""
    pages = {"index.md": _md_index(site), "indicators.md": _md_indicators(site)}
    for state in site.states:
        pages[f"{state.page}.md"] = _md_state(site, state)
    return pages


