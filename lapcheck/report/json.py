"""The stable JSON shape: ``{"as_of": "YYYY-MM-DD", "findings": [...]}``, keys sorted."""

from __future__ import annotations

import json

from lapcheck.model import Report


def render_json(report: Report, verbose: bool = False) -> str:
    """The report as indented JSON with sorted keys (findings are already sorted)."""
    return json.dumps(report.model_dump(mode="json"), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
