"""One CSV row per finding, evidence flattened to ``fact=value`` pairs, no cell a formula."""

from __future__ import annotations

import io

from lapcheck import spreadsheet
from lapcheck.model import Finding, Report

COLUMNS = ("state", "state_name", "check", "area", "actions", "articles", "status", "rationale", "evidence", "as_of",
           "waiver", "waiver_justification", "waiver_accepted_by", "waiver_expires", "kind", "history",
           "observed", "stale")


def evidence_text(finding: Finding) -> str:
    """Evidence as ``fact=value`` pairs separated by ``; `` (unknown values shown as ``unknown``)."""
    return "; ".join(f"{e.fact}={'unknown' if e.value is None else e.value}" for e in finding.evidence)


def render_csv(report: Report, verbose: bool = False) -> str:
    """The findings as CSV with a header row."""
    out = io.StringIO()
    writer = spreadsheet.Writer(out)
    writer.writerow(COLUMNS)
    for f in report.findings:
        writer.writerow([
            f.state, f.state_name, f.check, f.area, " ".join(map(str, f.actions)), " ".join(f.articles),
            f.status, f.rationale, evidence_text(f), f.as_of,
            *((f.waiver.state, f.waiver.justification, f.waiver.accepted_by, f.waiver.expires)
              if f.waiver else ("",) * 4),
            f.kind, " ".join(f.history), f.observed or "", "yes" if f.stale else "",
        ])
    return out.getvalue()
