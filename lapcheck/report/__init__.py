"""One pure renderer per output format: ``render_<fmt>(report, verbose=False) -> str``.

``RENDERERS`` feeds the CLI's ``--format`` choices. Renderers never read files or print.
"""

from __future__ import annotations

from collections.abc import Callable

from lapcheck.model import Report
from lapcheck.report.csv import render_csv
from lapcheck.report.json import render_json
from lapcheck.report.markdown import render_markdown
from lapcheck.report.table import render_table

Renderer = Callable[..., str]

RENDERERS: dict[str, Renderer] = {
    "table": render_table,
    "json": render_json,
    "csv": render_csv,
    "markdown": render_markdown,
}

__all__ = ["RENDERERS", "Report", "render_csv", "render_json", "render_markdown", "render_table"]
