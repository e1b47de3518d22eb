"""One renderer for the row-shaped outputs (deadlines, diff, trend): table, JSON, CSV, Markdown.

JSON is the pydantic model with sorted keys; the other formats show ``rows`` under ``headers``.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel
from tabulate import tabulate

from lapcheck.report.markdown import escape

FORMATS = ("table", "json", "csv", "markdown")
"""The formats :func:`render` writes, the default first."""


def render(fmt: str, model: BaseModel, title: str, headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """``model`` in format ``fmt``."""
    if fmt == "json":
        return json.dumps(model.model_dump(mode="json"), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(headers)
        writer.writerows(rows)
        return out.getvalue()
    if fmt == "markdown":
        lines = [f"# {escape(title)}", "", "| " + " | ".join(headers) + " |", "|" + " --- |" * len(headers)]
        lines += ["| " + " | ".join(escape(str(cell)) for cell in row) + " |" for row in rows]
        return "\n".join(lines) + "\n"
    body = tabulate(rows, headers=headers, maxcolwidths=[None] * (len(headers) - 1) + [50]) if rows else "(none)"
    return f"{title}\n\n{body}\n"
