"""Article 7: the initial report (180 days after entry into force) and the annual reports."""

from __future__ import annotations

from datetime import date

from lapcheck.dates import PartialDate
from lapcheck.facts.context import UNKNOWN, Context, Value, fact
from lapcheck.model import AnnualReport


@fact("article7.initial_report_due", "date", "Initial report due date: 180 days after EIF (Art 7.1).")
def _initial_due(c: Context) -> Value:
    eif = c.get("participation.entry_into_force")
    if not isinstance(eif.value, PartialDate):
        return eif
    return Value(c.calendar.initial_report_due(eif.value), (*eif.sources, c.calendar.reports_citation))


@fact("article7.initial_report_submitted", "bool", "Initial report submitted by the as-of date.")
def _initial_submitted(c: Context) -> Value:
    return c.happened(c.profile.transparency.initial_report)


@fact("article7.initial_report", "date", "Date the initial report was submitted, if by the as-of date.")
def _initial_date(c: Context) -> Value:
    return c.when(c.profile.transparency.initial_report)


@fact("article7.annual_year", "int", "The last calendar year whose annual report was due by the as-of date.")
def _annual_year(c: Context) -> Value:
    return Value(c.reporting_year, (c.calendar.reports_citation,))


@fact("article7.annual_due", "date", "Due date of that annual report: 30 April of the next year.")
def _annual_due(c: Context) -> Value:
    return Value(PartialDate.day(c.calendar.annual_report_due(c.reporting_year)), (c.calendar.reports_citation,))


@fact("article7.annual_required", "bool",
      "An annual report for the last reporting year due was required of the State: its initial "
      "report fell due by 31 December of that year (Art 7.2: annual updates follow the initial report).")
def _annual_required(c: Context) -> Value:
    due = c.get("article7.initial_report_due")
    if not isinstance(due.value, PartialDate):
        return Value(None, due.sources)
    year_end = PartialDate.day(date(c.reporting_year, 12, 31))
    return Value(due.value.le(year_end), due.sources)


def _annual(c: Context) -> tuple[AnnualReport | None, date, Value]:
    """The annual report for the last year due (if recorded), its due date, and how far the
    source's list of reports runs."""

    def find(c: Context) -> tuple[AnnualReport | None, date, Value]:
        year = c.reporting_year
        report = next((r for r in c.profile.transparency.annual_reports if r.year == year), None)
        return report, c.calendar.annual_report_due(year), c.plain(c.profile.transparency.reports_listed_until)

    return c.once("annual", find)


@fact("article7.annual_submitted", "bool",
      "The annual report for the last year due had been received by the as-of date.")
def _annual_submitted(c: Context) -> Value:
    # A source that listed every report received up to a day after the due date, without this one,
    # gives its last known value: not received, as seen that day.
    report, due, listed = _annual(c)
    if report is not None and report.submitted is not None:
        sources = c.cite(report)
        if isinstance(report.submitted, bool):
            return Value(report.submitted, sources)
        if report.submitted.le(c.today) is not False:
            return Value(report.submitted.le(c.today), sources)
    if isinstance(listed.value, PartialDate):
        if listed.value.first >= c.as_of:
            return Value(False, listed.sources)
        if listed.value.first >= due:  # already due when the source looked, and not there
            return Value(False, listed.sources, listed.value)
    return Value(None, listed.sources)


@fact("article7.annual_on_time", "bool",
      "The annual report for the last year due was received by its due date (30 April).")
def _annual_on_time(c: Context) -> Value:
    report, due, listed = _annual(c)
    if report is not None and isinstance(report.submitted, PartialDate):
        return Value(report.submitted.le(PartialDate.day(due)), c.cite(report))
    if report is None and isinstance(listed.value, PartialDate) and listed.value.first >= due:
        return Value(False, listed.sources)
    return Value(None, c.cite(report) if report else listed.sources)


@fact("article7.annual_report", "date", "Date the annual report for the last year due was received.")
def _annual_date(c: Context) -> Value:
    report, _, _ = _annual(c)
    if report is None or not isinstance(report.submitted, PartialDate):
        return UNKNOWN
    if report.submitted.le(c.today) is not True:
        return Value(None, c.cite(report))
    return Value(report.submitted, c.cite(report))


def in_annual_report(c: Context, recorded: Value) -> Value:
    """For a form that travels in the annual report: true when recorded for the last year due,
    false when that year's annual report was not received, unknown otherwise."""
    if recorded.value is True:
        return recorded
    submitted = c.get("article7.annual_submitted")
    if submitted.value is False:
        return Value(False, submitted.sources)
    return Value(None, submitted.sources)
