"""Markdown for pasting into documents: one section per State, every value escaped."""

from __future__ import annotations

import html
from itertools import groupby

from lapcheck.model import Finding, Report
from lapcheck.report.table import status_text


def escape(text: str) -> str:
    """Make ``text`` inert in Markdown: HTML escaped, table pipes and emphasis marks quoted, on one line."""
    text = html.escape(text, quote=False)
    for ch in "\\|*_`[]":
        text = text.replace(ch, "\\" + ch)
    # Every line break Python knows (\r, \v, \f, U+2028 …), not only \n, ends a table row or starts a heading.
    return " ".join(text.splitlines())


def _waiver(finding: Finding) -> str:
    w = finding.waiver
    if w is None:
        return ""
    label = "Waived" if w.state == "active" else "Waiver expired"
    return (f" <br>**{label}** until {w.expires}: {escape(w.justification)}"
            f" (accepted by {escape(w.accepted_by)}, {w.date})")


def render_markdown(report: Report, verbose: bool = False) -> str:
    """One heading per State with a table of its findings."""
    lines = [f"# LAP findings as of {report.as_of}", ""]
    for state, group in groupby(report.findings, key=lambda f: f.state):
        findings = list(group)
        lines += [f"## {escape(findings[0].state_name)} ({escape(state)})", "",
                  "| Check | Status | Rationale |", "| --- | --- | --- |"]
        lines += [f"| {escape(f.title)} (`{f.check}`) | {status_text(f)} | {escape(f.rationale)}{_waiver(f)} |"
                  for f in findings]
        lines.append("")
    return "\n".join(lines)
