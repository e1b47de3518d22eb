"""The stable JSON shape: ``{"as_of": "YYYY-MM-DD", "findings": [...]}``, keys sorted.

One finding per line: still easy to read and to diff line by line, and the C encoder does the
work (``indent`` would switch Python's json module to its pure-Python encoder, ten times slower).
"""

from __future__ import annotations

import json

from lapcheck.model import Report


def render_json(report: Report, verbose: bool = False) -> str:
    """The report as JSON with sorted keys, one finding per line (findings are already sorted)."""
    data = report.model_dump(mode="json")
    lines = ",\n".join("  " + json.dumps(f, sort_keys=True, ensure_ascii=False) for f in data["findings"])
    body = f"[\n{lines}\n]" if lines else "[]"
    return f'{{"as_of": {json.dumps(data["as_of"])},\n"findings": {body}}}\n'
