"""A terminal table (tabulate) that fits 100 columns; ``verbose`` wraps full rationales."""

from __future__ import annotations

from collections import Counter

from tabulate import tabulate

from lapcheck.model import STATUSES, Finding, Report

WIDTH = 100
RATIONALE = 44


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def status_text(finding: Finding) -> str:
    """The computed status, marked stale when its facts are old, with the waiver beside it."""
    text = f"{finding.status} (stale)" if finding.stale else finding.status
    if finding.waiver is None:
        return text
    return f"{text} (waived)" if finding.waiver.state == "active" else f"{text} (waiver expired)"


def render_table(report: Report, verbose: bool = False) -> str:
    """State, check, status and rationale, one finding per row, then the counts per status."""
    rows: list[tuple[str, ...]]
    if verbose:
        rows = [(f.state, f.check, status_text(f), f.rationale) for f in report.findings]
        table = tabulate(rows, headers=("State", "Check", "Status", "Rationale"),
                         maxcolwidths=[None, 30, None, RATIONALE], tablefmt="simple")
    else:
        rows = [(f.state, _clip(f.check, 30), status_text(f)) for f in report.findings]
        # The rationale gets what the other columns leave: tabulate pads headers by 2 and puts 2
        # spaces between columns.
        used = sum(max([len(h) + 2, *(len(r[i]) for r in rows)]) + 2 for i, h in enumerate(("State", "Check", "Status")))
        room = max(20, WIDTH - used)
        rows = [(*r, _clip(f.rationale, room)) for r, f in zip(rows, report.findings, strict=True)]
        table = tabulate(rows, headers=("State", "Check", "Status", "Rationale"), tablefmt="simple")
    counts = Counter(f.status for f in report.findings)
    summary = ", ".join(f"{counts[s]} {s}" for s in STATUSES if counts[s])
    states = len({f.state for f in report.findings})
    noun = "State" if states == 1 else "States"
    return f"{table}\n\nAs of {report.as_of}: {len(report.findings)} findings for {states} {noun} ({summary or 'none'}).\n"
