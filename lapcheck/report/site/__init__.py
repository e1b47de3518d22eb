"""The static site behind ``lapcheck report``: every State by LAP area, a page per State, the indicators.

Three steps, one way: :func:`~.view.site_data` turns a report, a summary, a trend, the profiles and
the rules into a :class:`~.view.Site` (every figure and chart coordinate, no markup); :mod:`.html`
and :mod:`.markdown` render it as pages (file name → text, pure); :func:`~.folder.write_site`
writes them, swapping the whole folder in or leaving the old one as it was.

The pages open from disk with no server and fetch nothing: charts are inline SVG, the index's
script and every page's style are inline, and a Content-Security-Policy allows those two by hash
and nothing else, so a value that slipped past escaping could still not run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from lapcheck.model import Profile, Report, Summary, Trend
from lapcheck.report.site.folder import MARKER, write_site
from lapcheck.report.site.html import render_html_site
from lapcheck.report.site.markdown import render_markdown_site
from lapcheck.report.site.view import Site, site_data
from lapcheck.rules import Rules

SITE_RENDERERS: dict[str, Callable[[Site], dict[str, str]]] = {
    "html": render_html_site,
    "markdown": render_markdown_site,
}
"""The site's formats, the default first: a renderer of every page (path in the site → text)."""


def render_site(
    report: Report, summary: Summary, trend: Trend, profiles: Iterable[Profile], rules: Rules,
    fmt: str = "html",
) -> dict[str, str]:
    """Every page of the site in ``fmt``: path inside the site → text."""
    return SITE_RENDERERS[fmt](site_data(report, summary, trend, profiles, rules))


def build_site(
    report: Report, summary: Summary, trend: Trend, profiles: Iterable[Profile], rules: Rules,
    output_dir: Path | str, fmt: str = "html",
) -> list[Path]:
    """Render the site and write it to ``output_dir`` (replaced whole, or not at all); the files written."""
    return write_site(render_site(report, summary, trend, profiles, rules, fmt), output_dir)


__all__ = ["MARKER", "SITE_RENDERERS", "Site", "build_site", "render_site", "site_data", "write_site"]
