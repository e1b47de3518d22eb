"""The site as HTML pages that open from disk: Jinja2 templates, inline SVG charts, and a
Content-Security-Policy that allows only the inline style and script, by hash."""

from __future__ import annotations

import base64
import hashlib
from functools import cache
from importlib import resources

import jinja2
from markupsafe import Markup

from lapcheck.report.site.view import BAR_WIDTH, PARTICIPATION_LABELS, PLOT, SEVERITY, STATUS_LABELS, Site
from lapcheck.report.summary import breakdown_text, value_text


@cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("lapcheck.report", "templates"),
        autoescape=True,  # every value from a profile or rule file is escaped unless marked otherwise
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals.update(
        STATUS_LABELS=STATUS_LABELS, PARTICIPATION_LABELS=PARTICIPATION_LABELS, SEVERITY=SEVERITY,
        value_text=value_text, breakdown_text=breakdown_text, plot=PLOT, bar_width=BAR_WIDTH, zip=zip,
    )
    return env


@cache
def _asset(name: str) -> tuple[Markup, str]:
    """A static file shipped beside the templates, as trusted markup, and its CSP hash source."""
    text = resources.files("lapcheck.report").joinpath("templates", name).read_text(encoding="utf-8")
    digest = base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()
    return Markup(text), f"'sha256-{digest}'"


def _html_page(template: str, root: str, script: bool, **context: object) -> str:
    css, css_hash = _asset("site.css")
    js, js_hash = _asset("index.js")
    scripts = js_hash if script else "'none'"
    csp = (f"default-src 'none'; style-src {css_hash}; script-src {scripts}; "
           "base-uri 'none'; form-action 'none'")
    return _environment().get_template(template).render(
        root=root, css=css, js=js if script else None, csp=csp, **context)


def render_html_site(site: Site) -> dict[str, str]:
    """Every page as HTML: ``index.html``, ``indicators.html`` and ``states/ISO.html``."""
    pages = {
        "index.html": _html_page("index.html.j2", "", True, site=site),
        "indicators.html": _html_page("indicators.html.j2", "", False, site=site),
    }
    for state in site.states:
        pages[f"{state.page}.html"] = _html_page("state.html.j2", "../", False, site=site, state=state)
    return pages


