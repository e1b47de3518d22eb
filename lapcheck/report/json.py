"""The stable JSON shape: ``{"as_of": "YYYY-MM-DD", "findings": [...]}``.

One finding per line, its keys in the order of :class:`~lapcheck.model.Finding`'s fields (state,
check, ... status, rationale, evidence): easy to read and to diff line by line.
"""

from __future__ import annotations

import json

from pydantic import TypeAdapter

from lapcheck.model import Finding, Report

_FINDING = TypeAdapter(Finding)


def render_json(report: Report, verbose: bool = False) -> str:
    """The report as JSON, one finding per line (findings are already sorted)."""
    lines = ",\n".join("  " + _FINDING.dump_json(f).decode() for f in report.findings)
    body = f"[\n{lines}\n]" if lines else "[]"
    return f'{{"as_of": {json.dumps(report.as_of)},\n"findings": {body}}}\n'
