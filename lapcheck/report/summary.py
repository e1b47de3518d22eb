"""Renderers for indicator summaries: a terminal table, stable JSON, and Markdown."""

from __future__ import annotations

import json

from lapcheck.model import IndicatorValue, Summary
from lapcheck.report.fit import fit
from lapcheck.report.markdown import escape


def value_text(ind: IndicatorValue) -> str:
    """An indicator's value in words: a count, ``n/d (share)``, or why a share is not given."""
    if ind.numerator is None:
        return str(ind.value)
    if ind.insufficient:
        return f"insufficient data ({ind.known} of {ind.population} known)"
    share = "n/a" if ind.value is None else f"{ind.value:.0%}"
    return f"{ind.numerator}/{ind.denominator} ({share})"


def breakdown_text(ind: IndicatorValue) -> str:
    """An indicator's breakdown as ``key: count`` pairs."""
    return ", ".join(f"{k}: {v}" for k, v in (ind.breakdown or {}).items())


def render_summary_table(summary: Summary, verbose: bool = False) -> str:
    """One row per indicator: its title above its id, value, States left undecided, counted on
    stale facts, and the breakdown (cut to three lines unless ``verbose``)."""
    rows = [(f"{i.title}\n{i.id}", value_text(i), i.unknown or "", i.stale or "", breakdown_text(i))
            for i in summary.indicators]
    table = fit(("Indicator", "Value", "Unknown", "Stale", "Breakdown"), rows, (34, 22, 7, 5, None),
                None if verbose else 3)
    return f"Indicators as of {summary.as_of}\n\n{table}\n"


def render_summary_json(summary: Summary, verbose: bool = False) -> str:
    """``{"as_of": ..., "indicators": [...]}`` with sorted keys."""
    return json.dumps(summary.model_dump(mode="json"), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def render_summary_markdown(summary: Summary, verbose: bool = False) -> str:
    """A Markdown table of every indicator."""
    lines = [f"# LAP indicators as of {summary.as_of}", "", "| Indicator | Value | Unknown | Stale | Breakdown |",
             "| --- | --- | --- | --- | --- |"]
    lines += [f"| {escape(i.title)} (`{i.id}`) | {value_text(i)} | {i.unknown} | {i.stale} | "
              f"{escape(breakdown_text(i))} |" for i in summary.indicators]
    return "\n".join(lines) + "\n"


SUMMARY_RENDERERS = {"table": render_summary_table, "json": render_summary_json, "markdown": render_summary_markdown}
