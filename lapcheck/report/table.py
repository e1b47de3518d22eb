"""A terminal table that fits 100 columns: a row per finding, its check's title above its id, the
rationale cut to three lines (whole with ``verbose``), then the counts per status."""

from __future__ import annotations

import textwrap
from collections import Counter

from lapcheck.model import STATUSES, Finding, Report
from lapcheck.report.fit import WIDTH, fit

CHECK = 45
"""The longest check id of the bundled pack, on the title's second line."""
STATUS = 30
"""Wide enough for "non_compliant (stale) (waived)"; a column is only as wide as its cells need."""


def status_text(finding: Finding) -> str:
    """The computed status, marked stale when its facts are old, with the waiver beside it."""
    text = f"{finding.status} (stale)" if finding.stale else finding.status
    if finding.waiver is None:
        return text
    return f"{text} (waived)" if finding.waiver.state == "active" else f"{text} (waiver expired)"


def render_table(report: Report, verbose: bool = False) -> str:
    """State, check (title and id), status and rationale, one finding per row, then the counts."""
    rows = [(f.state, f"{f.title}\n{f.check}", status_text(f), f.rationale) for f in report.findings]
    table = fit(("State", "Check", "Status", "Rationale"), rows, (7, CHECK, STATUS, None), None if verbose else 3)
    counts = Counter(f.status for f in report.findings)
    summary = ", ".join(f"{counts[s]} {s}" for s in STATUSES if counts[s])
    states = len({f.state for f in report.findings})
    noun = "State" if states == 1 else "States"
    closing = f"As of {report.as_of}: {len(report.findings)} findings for {states} {noun} ({summary or 'none'})."
    return f"{table}\n\n" + "\n".join(textwrap.wrap(closing, WIDTH)) + "\n"
