"""One renderer for the row-shaped outputs (deadlines, diff, trend): table, JSON, CSV, Markdown.

JSON is the pydantic model with sorted keys; the other formats show ``rows`` under ``headers``.
"""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel

from lapcheck import spreadsheet
from lapcheck.report.fit import GAP, WIDTH, fit
from lapcheck.report.markdown import escape

FORMATS = ("table", "json", "csv", "markdown")
"""The formats :func:`render` writes, the default first."""


def render(fmt: str, model: BaseModel, title: str, headers: Sequence[str], rows: Sequence[Sequence[Any]],
           widths: Sequence[int | None] | None = None, verbose: bool = False) -> str:
    """``model`` in format ``fmt``: the table wraps each column to its width in ``widths`` (the
    last taking the room left) within 100 columns, its last column cut to two lines unless
    ``verbose``."""
    if fmt == "json":
        return json.dumps(model.model_dump(mode="json"), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    if fmt == "csv":
        out = io.StringIO()
        writer = spreadsheet.Writer(out)
        for row in (headers, *rows):
            writer.writerow(row)
        return out.getvalue()
    if fmt == "markdown":
        lines = [f"# {escape(title)}", "", "| " + " | ".join(headers) + " |", "|" + " --- |" * len(headers)]
        lines += ["| " + " | ".join(escape(str(cell)) for cell in row) + " |" for row in rows]
        return "\n".join(lines) + "\n"
    if not rows:
        return f"{title}\n\n(none)\n"
    chosen = widths or [None] * len(headers)
    return f"{title}\n\n{fit(headers, rows, chosen, None if verbose else 2)}\n"


def render_columns(fmt: str, model: BaseModel, title: str, headers: Sequence[str],
                   rows: Sequence[Sequence[Any]]) -> str:
    """As :func:`render`, but a table with more columns than fit 100 is printed in parts, each with
    the first column and as many of the others as fit (the years of a trend)."""
    if fmt != "table" or not rows:
        return render(fmt, model, title, headers, rows)
    first = max(len(headers[0]) + GAP, *(len(str(r[0])) for r in rows))
    width = max(max(len(h) + GAP, *(len(str(r[i])) for r in rows)) for i, h in enumerate(headers) if i)
    per = max(1, (WIDTH - first) // (width + GAP))
    parts = []
    for start in range(1, len(headers), per):
        part = [0, *range(start, min(start + per, len(headers)))]
        parts.append(fit([headers[i] for i in part], [[r[i] for i in part] for r in rows],
                         [first, *[width] * (len(part) - 1)]))
    return f"{title}\n\n" + "\n\n".join(parts) + "\n"
