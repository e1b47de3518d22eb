"""Article 4: clearance of cluster munition remnants, its extension requests, and risk reduction
education (Art 4.2(e))."""

from __future__ import annotations

from lapcheck import deadlines
from lapcheck.dates import PartialDate
from lapcheck.facts.context import UNKNOWN, Context, Value, fact
from lapcheck.facts.duties import register_duty
from lapcheck.facts.reporting import in_annual_report
from lapcheck.model import Extension

register_duty("article4", "clearance", "clearance", "4.1")


@fact("article4.obligation", "bool", "Has had areas contaminated by cluster munition remnants (Art 4).")
def _obligation(c: Context) -> Value:
    own = c.plain(c.profile.clearance.obligation)
    if own.value is not None:
        return own
    remaining = c.plain(c.profile.clearance.remaining)
    # Remnants found on a day imply areas contaminated; none found says nothing of the past.
    return Value(True, remaining.sources, remaining.observed) if remaining.value is True else own


@fact("article4.remaining", "bool",
      "Areas under its jurisdiction still held cluster munition remnants on the as-of date (last known "
      "value): an Art 4 obligation still to fulfil.")
def _remaining(c: Context) -> Value:
    seen = c.plain(c.profile.clearance.remaining)
    completed, completion = c.get("article4.completed"), c.get("article4.completion")
    if seen.value is not None:
        # A completion after the day a source saw remnants ends them; before it, it does not.
        if seen.value and seen.observed is not None and isinstance(completion.value, PartialDate) \
                and completion.value.first > seen.observed.last:
            return Value(False, completion.sources)
        return seen
    obligation = c.get("article4.obligation")
    sources = c.merge(obligation.sources, completed.sources)
    if obligation.value is False or completed.value is True:
        return Value(False, sources)
    return Value(True if obligation.value is True and completed.value is False else None, sources)


@fact("article4.national_plan", "bool", "Has a national clearance plan or strategy.")
def _national_plan(c: Context) -> Value:
    return c.plain(c.profile.clearance.national_plan)


@fact("article4.baseline_survey", "bool", "Baseline survey of contaminated areas completed by the as-of date.")
def _baseline_survey(c: Context) -> Value:
    return c.happened(c.profile.clearance.baseline_survey)


def _open_on(ext: Extension, today: PartialDate) -> bool | None:
    """Was the extension request still undecided on the as-of date? A request whose outcome is
    unknown was open until the meeting that decides it."""
    if ext.decision == "pending":
        return True
    when = ext.decided or ext.meeting_date
    if when is None:
        return None
    decided = when.le(today)
    return None if decided is None else not decided


def _open_request(c: Context) -> tuple[Extension | None, bool | None, tuple[str, ...]]:
    """The latest extension request submitted by the as-of date and still undecided then; whether
    there is one (``None``: cannot tell); the citations of every request."""

    def find(c: Context) -> tuple[Extension | None, bool | None, tuple[str, ...]]:
        extensions = c.profile.clearance.extensions
        found: Extension | None = None
        for ext in extensions:
            if ext.submitted is None or ext.submitted.le(c.today) is not True or _open_on(ext, c.today) is not True:
                continue
            # found.submitted is not None: found passed the same test on an earlier turn.
            if found is None or found.submitted.last <= ext.submitted.last:  # type: ignore[union-attr]
                found = ext
        # No source lists every request a State made: finding none on record is not knowing there was none.
        return found, (True if found is not None else None), c.cite_all(extensions)

    return c.once("article4.open_request", find)


@fact("article4.extension_requested", "bool",
      "A request to extend the clearance deadline had been submitted by the as-of date and was still undecided then.")
def _requested(c: Context) -> Value:
    _, has, cited = _open_request(c)
    return Value(has, cited)


@fact("article4.extension_request", "date", "Date that extension request was submitted.")
def _request_date(c: Context) -> Value:
    ext, _, cited = _open_request(c)
    return Value(None if ext is None else ext.submitted, cited)


@fact("article4.extension_request_meeting", "date", "Date of the meeting that decides that extension request.")
def _request_meeting(c: Context) -> Value:
    ext, _, cited = _open_request(c)
    return Value(None if ext is None else ext.meeting_date, cited)


@fact("article4.extension_request_deadline", "date",
      "The clearance deadline in force on the day that request was submitted (the deadline it asks to extend).")
def _request_deadline(c: Context) -> Value:
    ext, _, cited = _open_request(c)
    base = c.get("article4.original_deadline")
    if ext is None or ext.submitted is None or not isinstance(base.value, PartialDate):
        return Value(None, cited)
    others = [e for e in c.profile.clearance.extensions if e is not ext]
    return Value(deadlines.deadline_in_force(base.value, others, ext.submitted.first), (*base.sources, *cited))


@fact("risk_education.delivered", "bool", "Risk reduction education delivered (Art 4.2(e)).")
def _re_delivered(c: Context) -> Value:
    return c.plain(c.profile.risk_education.delivered)


@fact("risk_education.reported", "bool",
      "Risk education reported for the last reporting year due (unknown when not recorded).")
def _re_reported(c: Context) -> Value:
    return Value(True) if c.reporting_year in c.profile.risk_education.reported_years else UNKNOWN


@fact("risk_education.in_annual_report", "bool",
      "Risk education reported for the last reporting year due (Form G): yes when recorded for that "
      "year, no when that year's annual report was not received.")
def _re_in_annual_report(c: Context) -> Value:
    return in_annual_report(c, c.get("risk_education.reported"))
