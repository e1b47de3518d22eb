"""A terminal table (tabulate) that fits 100 columns; ``verbose`` wraps full rationales."""

from __future__ import annotations

from collections import Counter

from tabulate import tabulate

from lapcheck.model import STATUSES, Report

WIDTH = 100
RATIONALE = 44


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def render_table(report: Report, verbose: bool = False) -> str:
    """State, check, status and rationale, one finding per row, then the counts per status."""
    if verbose:
        rows = [(f.state, f.check, f.status, f.rationale) for f in report.findings]
        table = tabulate(rows, headers=("State", "Check", "Status", "Rationale"),
                         maxcolwidths=[None, 30, None, RATIONALE], tablefmt="simple")
    else:
        rows = [(f.state, _clip(f.check, 30), f.status, _clip(f.rationale, RATIONALE)) for f in report.findings]
        table = tabulate(rows, headers=("State", "Check", "Status", "Rationale"), tablefmt="simple")
    counts = Counter(f.status for f in report.findings)
    summary = ", ".join(f"{counts[s]} {s}" for s in STATUSES if counts[s])
    states = len({f.state for f in report.findings})
    return f"{table}\n\nAs of {report.as_of}: {len(report.findings)} findings for {states} States ({summary or 'none'}).\n"
