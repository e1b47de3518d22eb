"""The facts a rule condition can name, derived from a profile as of a date.

Rules never read the profile directly. They name fields of this table (``article4.deadline``,
``article7.initial_report_submitted`` …); each field has a type, a description and one function
that derives its value as it stood on the as-of date, with the sources it rests on. The treaty
calendar, the time-travel rules ("an extension granted in 2025 does not count in 2024") and
cross-fact questions ("was the 2023 report received?") live here, once, for both engines.

A derived value is ``None`` when it is unknown on that date. Types are ``date`` (a
:class:`PartialDate`), ``bool``, ``int`` and ``str`` (with its allowed values).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from operator import attrgetter
from typing import Any, Literal, TypeVar, get_args

from lapcheck import deadlines
from lapcheck.dates import PartialDate
from lapcheck.model import AnnualReport, Event, Extension, Fact, LegislationStatus, Profile, Sourced

FieldType = Literal["date", "bool", "int", "str"]
T = TypeVar("T")
Scalar = PartialDate | bool | int | str

ART17 = "CCM Article 17 (entry into force)"
ART3 = "CCM Article 3.2 (8 years after entry into force)"
ART4 = "CCM Article 4.1 (10 years after entry into force)"
ART7 = "CCM Article 7 (reporting deadlines)"
ART20 = "CCM Article 20 (withdrawal after 6 months)"


@dataclass(frozen=True, slots=True, init=False)
class Value:
    """A derived fact: its value on the as-of date (``None``: unknown) and its sources."""

    value: Scalar | None
    sources: tuple[str, ...] = ()

    def __init__(self, value: Scalar | None, sources: tuple[str, ...] = ()) -> None:
        # A run builds a Value per fact per State: writing the slots directly costs half of the
        # frozen dataclass's own __init__ (which looks up object.__setattr__ by name per field).
        _set_value(self, value)
        _set_sources(self, sources)


_set_value = Value.__dict__["value"].__set__
_set_sources = Value.__dict__["sources"].__set__

UNKNOWN = Value(None)
_MISSING = object()


@lru_cache(maxsize=64)
def _calendar(as_of: date) -> tuple[PartialDate, int]:
    """The as-of date as a span of one day, for comparisons with partial dates, and the last
    calendar year whose annual report was due by then (Art 7.2): the same for every State."""
    return PartialDate.day(as_of), deadlines.last_reporting_year_due(as_of)


class Context:
    """One profile as of one date; derives fields on demand and remembers them.

    With ``cited=False`` the values are the same but cite none of the profile's sources (the
    articles applied may remain): for the engines' decisions, which never read sources. Expanding
    and merging citations was a sixth of deriving the values (measured), and texts, which cite,
    derive their facts again (see ``engine._Shown``).
    """

    __slots__ = ("as_of", "cache", "cited", "profile", "reporting_year", "shared", "today")

    def __init__(self, profile: Profile, as_of: date, cited: bool = True) -> None:
        self.profile = profile
        self.as_of = as_of
        self.cited = cited
        self.cache: dict[str, Value] = {}
        self.today, self.reporting_year = _calendar(as_of)
        self.shared: dict[str, Any] = {}
        """Intermediate results several fields read (see :meth:`once`)."""

    def once(self, key: str, compute: Callable[[Context], T]) -> T:
        """``compute(self)``, computed once per context under ``key``: for work that several
        fields share (the open extension request, the annual report due)."""
        found = self.shared.get(key, _MISSING)  # not try/except: every key misses once per State
        if found is _MISSING:
            found = self.shared[key] = compute(self)
        return found  # type: ignore[no-any-return]

    def get(self, name: str) -> Value:
        """The value of field ``name`` (derived once per context)."""
        found = self.cache.get(name)
        if found is None:
            found = self.cache[name] = FIELDS[name].derive(self)
        return found

    def cite(self, fact: Sourced | None, *extra: str) -> tuple[str, ...]:
        """Expanded citations of a fact, followed by ``extra`` (e.g. the article applied)."""
        if not self.cited:
            return ()
        source = fact.source if fact is not None else ()
        if len(source) == 1 and len(extra) <= 1:  # most calls: one source, perhaps an article
            own = self.profile.sources.get(source[0], source[0])
            return (own, *extra) if not extra or extra[0] != own else (own,)
        if not source and len(extra) <= 1:
            return extra
        return tuple(dict.fromkeys([*self.profile.cite(source), *extra]))

    def merge(self, *sources: tuple[str, ...]) -> tuple[str, ...]:
        """The sources of several values, each once (none when not citing)."""
        if not self.cited:
            return ()
        return tuple(dict.fromkeys(s for part in sources for s in part))

    def cite_all(self, facts: Sequence[Extension]) -> tuple[str, ...]:
        """Expanded citations of several records (a section's extension requests), each once."""
        if not facts or not self.cited:  # most States have no extension requests
            return ()
        return tuple(dict.fromkeys(s for fact in facts for s in self.profile.cite(fact.source)))

    # --- ways of reading facts as of the date ------------------------------------------
    def plain(self, fact: Fact[Any] | None) -> Value:
        """A fact that holds from its ``date`` (if any) on; unknown before it."""
        if fact is None:
            return UNKNOWN
        if fact.date is not None and fact.date.le(self.today) is not True:
            return Value(None, self.cite(fact))
        return Value(fact.value, self.cite(fact))

    def happened(self, event: Event | None) -> Value:
        """Had the event happened by the as-of date?"""
        if event is None:
            return UNKNOWN
        if isinstance(event.value, bool):
            # ``true`` with no date cannot be placed in time; ``false`` is "not (yet)" per the
            # source, up to the date the source speaks for when it gives one.
            if event.value and event.date is not None:
                return Value(event.date.le(self.today), self.cite(event))
            if not event.value and event.as_of is not None:
                return Value(False if self.today.le(event.as_of) else None, self.cite(event))
            return Value(None if event.value else False, self.cite(event))
        return Value(event.value.le(self.today), self.cite(event))

    def when(self, event: Event | None) -> Value:
        """The event's date, if it had happened by the as-of date."""
        if event is None or isinstance(event.value, bool):
            return Value(None, self.cite(event))
        if event.value.le(self.today) is not True:
            return Value(None, self.cite(event))
        return Value(event.value, self.cite(event))


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """A field conditions may name: its type, meaning and derivation."""

    name: str
    type: FieldType
    description: str
    derive: Callable[[Context], Value]
    choices: tuple[str, ...] = ()


FIELDS: dict[str, FieldSpec] = {}


def _field(
    name: str, type_: FieldType, description: str, choices: tuple[str, ...] = ()
) -> Callable[[Callable[[Context], Value]], Callable[[Context], Value]]:
    def register(fn: Callable[[Context], Value]) -> Callable[[Context], Value]:
        _simple(name, type_, description, fn, choices)
        return fn

    return register


def _simple(
    name: str,
    type_: FieldType,
    description: str,
    read: Callable[[Context], Value],
    choices: tuple[str, ...] = (),
) -> None:
    FIELDS[name] = FieldSpec(name, type_, description, read, choices)


# --- identity and participation --------------------------------------------------------
_simple("as_of", "date", "The evaluation date.", lambda c: Value(c.today))
_simple("state.iso3", "str", "ISO 3166-1 alpha-3 code.", lambda c: Value(c.profile.iso3))
_simple("state.name", "str", "Short name of the State.", lambda c: Value(c.profile.name))
_simple("participation.signed", "bool", "Had signed by the as-of date.",
        lambda c: c.happened(c.profile.participation.signature))
_simple("participation.signature", "date", "Date of signature.",
        lambda c: c.when(c.profile.participation.signature))
_simple("participation.deposited", "bool", "Had deposited its instrument by the as-of date.",
        lambda c: c.happened(c.profile.participation.deposit))
_simple("participation.deposit", "date", "Date the instrument was deposited.",
        lambda c: c.when(c.profile.participation.deposit))


@_field("participation.deposit_year", "int", "Year the instrument was deposited, if by the as-of date.")
def _deposit_year(c: Context) -> Value:
    deposit = c.get("participation.deposit")
    span = deposit.value
    if isinstance(span, PartialDate) and span.first.year == span.last.year:
        return Value(span.first.year, deposit.sources)
    return Value(None, deposit.sources)


@_field("participation.entry_into_force", "date",
        "Entry into force for the State (Art 17), whether or not reached by the as-of date.")
def _eif(c: Context) -> Value:
    deposit = c.profile.participation.deposit
    if deposit is None or isinstance(deposit.value, bool):
        return Value(None, c.cite(deposit))
    return Value(deadlines.entry_into_force(deposit.value), c.cite(deposit, ART17))


@_field("participation.withdrawal_effective", "date",
        "Date a notified withdrawal takes effect (Art 20), whether or not reached.")
def _withdrawal_date(c: Context) -> Value:
    part = c.profile.participation
    effective = part.withdrawal_effective
    if effective is not None and not isinstance(effective.value, bool):
        return Value(effective.value, c.cite(effective))
    notified = part.withdrawal_notified
    if notified is not None and not isinstance(notified.value, bool):
        if notified.value.le(c.today) is not True:
            return Value(None, c.cite(notified))
        return Value(deadlines.withdrawal_effective(notified.value), c.cite(notified, ART20))
    return Value(None, c.cite(effective or notified))


@_field("participation.withdrawn", "bool", "Its withdrawal had taken effect by the as-of date.")
def _withdrawn(c: Context) -> Value:
    part = c.profile.participation
    marker = part.withdrawal_effective or part.withdrawal_notified
    if marker is not None and marker.value is False:
        return Value(False, c.cite(marker))
    notified = part.withdrawal_notified
    if notified is not None and isinstance(notified.value, PartialDate) and notified.value.le(c.today) is False:
        return Value(False, c.cite(notified))  # not even notified yet; it cannot have taken effect
    effective = c.get("participation.withdrawal_effective")
    if effective.value is None:
        return Value(None, effective.sources)
    assert isinstance(effective.value, PartialDate)
    return Value(effective.value.le(c.today), effective.sources)


STATUSES = ("non_signatory", "signatory", "state_party", "withdrawn")


@_field("participation.status", "str",
        "On the as-of date: state_party (instrument deposited, counted from the deposit as the "
        "depositary does), signatory (signed, not deposited), withdrawn, or non_signatory.",
        STATUSES)
def _status(c: Context) -> Value:
    deposited, withdrawn, signed = (
        c.get("participation.deposited"), c.get("participation.withdrawn"), c.get("participation.signed")
    )
    sources = c.merge(deposited.sources, withdrawn.sources, signed.sources)
    if withdrawn.value is True:
        return Value("withdrawn", sources)
    if deposited.value is True:
        return Value("state_party" if withdrawn.value is False else None, sources)
    if deposited.value is False and signed.value is not None:
        return Value("signatory" if signed.value else "non_signatory", sources)
    return Value(None, sources)


@_field("participation.in_force", "bool",
        "The Convention binds the State on the as-of date: in force for it and not withdrawn.")
def _in_force(c: Context) -> Value:
    status, eif = c.get("participation.status"), c.get("participation.entry_into_force")
    sources = c.merge(status.sources, eif.sources)
    if status.value is None:
        return Value(None, sources)
    if status.value != "state_party":
        return Value(False, sources)
    if eif.value is None:
        return Value(None, sources)
    assert isinstance(eif.value, PartialDate)
    return Value(eif.value.le(c.today), sources)


# --- Articles 3 and 4: deadlines with extensions ---------------------------------------
def _deadline_fields(prefix: str, section: str, years: int, article: str, what: str) -> None:
    original_key, decisions_key = f"{prefix}.original_deadline", f"{prefix}.decisions"

    def section_of(c: Context) -> Any:
        return getattr(c.profile, section)

    def original(c: Context) -> Value:
        own = section_of(c).original_deadline
        if own is not None:
            return Value(own.value, c.cite(own))
        eif = c.get("participation.entry_into_force")
        if eif.value is None:
            return Value(None, eif.sources)
        assert isinstance(eif.value, PartialDate)
        return Value(eif.value.shift(months=12 * years), (*eif.sources, article))

    def decisions(c: Context) -> tuple[list[bool | None], tuple[str, ...]]:
        # Whether each extension had been granted by the as-of date, and the citations of all.
        extensions = section_of(c).extensions
        cited = c.cite_all(extensions)
        return [deadlines.decided_by(ext, c.as_of) for ext in extensions], cited

    def in_force(c: Context) -> Value:
        base = c.get(original_key)
        if base.value is None:
            return base
        assert isinstance(base.value, PartialDate)
        _, cited = c.once(decisions_key, decisions)
        sources = c.merge(base.sources, cited)
        return Value(deadlines.deadline_in_force(base.value, section_of(c).extensions, c.as_of), sources)

    def granted(c: Context) -> Value:
        decided, cited = c.once(decisions_key, decisions)
        if None in decided:
            return Value(None, cited)
        return Value(sum(1 for d in decided if d), cited)

    _simple(original_key, "date",
            f"The {what} deadline before any extension ({article}).", original)
    _simple(f"{prefix}.deadline", "date",
            f"The {what} deadline in force on the as-of date, extensions granted by then included.",
            in_force)
    _simple(f"{prefix}.extensions_granted", "int",
            f"Number of {what} deadline extensions granted by the as-of date.", granted)
    def extended(c: Context) -> Value:
        decided, cited = c.once(decisions_key, decisions)
        if True in decided:
            return Value(True, cited)
        return Value(None if None in decided else False, cited)

    _simple(f"{prefix}.extended", "bool",
            f"At least one extension of the {what} deadline had been granted by the as-of date.", extended)
    _simple(f"{prefix}.completed", "bool", f"{what.capitalize()} completed by the as-of date.",
            lambda c: c.happened(section_of(c).completed))
    _simple(f"{prefix}.completion", "date", f"Date {what} was completed, if by the as-of date.",
            lambda c: c.when(section_of(c).completed))
    _simple(f"{prefix}.compliance_declared", "bool",
            f"Declaration of compliance with the {what} obligation made by the as-of date.",
            lambda c: c.happened(section_of(c).compliance_declared))
    _simple(f"{prefix}.compliance_declaration", "date",
            "Date of the declaration of compliance, if by the as-of date.",
            lambda c: c.when(section_of(c).compliance_declared))


_deadline_fields("article3", "stockpiles", deadlines.ARTICLE3_YEARS, ART3, "stockpile destruction")
_deadline_fields("article4", "clearance", deadlines.ARTICLE4_YEARS, ART4, "clearance")
_simple("article3.stockpile", "bool", "Held cluster munitions when the Convention entered into force for it.",
        lambda c: c.plain(c.profile.stockpiles.declared))
_simple("article3.retains", "bool", "Retains cluster munitions for training or development (Art 3.6).",
        lambda c: c.plain(c.profile.stockpiles.retains))
_simple("article4.obligation", "bool", "Has had areas contaminated by cluster munition remnants (Art 4).",
        lambda c: c.plain(c.profile.clearance.obligation))
_simple("article4.national_plan", "bool", "Has a national clearance plan or strategy.",
        lambda c: c.plain(c.profile.clearance.national_plan))
_simple("article4.baseline_survey", "bool", "Baseline survey of contaminated areas completed by the as-of date.",
        lambda c: c.happened(c.profile.clearance.baseline_survey))


@_field("article3.retention_reported", "bool",
        "Retained munitions reported for the last reporting year due (Art 3.8, 7.1(e)).")
def _retention_reported(c: Context) -> Value:
    year = c.reporting_year
    for record in c.profile.stockpiles.retention:
        if record.year == year:
            return Value(True, c.cite(record))
    return UNKNOWN


# --- risk education, victim assistance, cooperation -----------------------------------
_simple("risk_education.delivered", "bool", "Risk reduction education delivered (Art 4.2(e)).",
        lambda c: c.plain(c.profile.risk_education.delivered))


@_field("risk_education.reported", "bool",
        "Risk education reported for the last reporting year due (unknown when not recorded).")
def _re_reported(c: Context) -> Value:
    year = c.reporting_year
    return Value(True) if year in c.profile.risk_education.reported_years else UNKNOWN


def _flag(section: str, attr: str) -> Callable[[Context], Value]:
    """Reads the plain fact ``attr`` of a profile section; a function so each field keeps its own."""
    get = attrgetter(f"{section}.{attr}")
    return lambda c: c.plain(get(c.profile))


for _name, _attr, _text in (
    ("article5.victims", "victims", "Has cluster munition victims in areas under its jurisdiction."),
    ("article5.focal_point", "focal_point", "Has named a government focal point for victim assistance."),
    ("article5.national_plan", "national_plan", "Has a national plan or disability framework covering victims."),
    ("article5.data_collection", "data_collection", "Collects data on cluster munition victims."),
    ("article5.survivor_involvement", "survivor_involvement", "Involves survivors in decisions that affect them."),
):
    _simple(_name, "bool", _text, _flag("victim_assistance", _attr))

for _name, _attr, _text in (
    ("article6.national_resources_reported", "national_resources_reported",
     "Reports national resources for implementation (Art 7 Form I)."),
    ("article6.provides_assistance", "provides_assistance", "Provides assistance to other States."),
    ("article6.assistance_reported", "assistance_reported", "Reports the assistance it provides."),
):
    _simple(_name, "bool", _text, _flag("cooperation", _attr))

for _name, _attr, _text in (
    ("cross_cutting.gender_in_national_plans", "gender_in_national_plans",
     "Gender and diversity considered in its national plans (LAP action 8)."),
    ("cross_cutting.disaggregated_data", "disaggregated_data",
     "Reports data disaggregated by sex, age and disability."),
):
    _simple(_name, "bool", _text, _flag("cross_cutting", _attr))


# --- Article 7 -------------------------------------------------------------------------
@_field("article7.initial_report_due", "date", "Initial report due date: 180 days after EIF (Art 7.1).")
def _initial_due(c: Context) -> Value:
    eif = c.get("participation.entry_into_force")
    if eif.value is None:
        return eif
    assert isinstance(eif.value, PartialDate)
    return Value(deadlines.initial_report_due(eif.value), (*eif.sources, ART7))


_simple("article7.initial_report_submitted", "bool", "Initial report submitted by the as-of date.",
        lambda c: c.happened(c.profile.transparency.initial_report))
_simple("article7.initial_report", "date", "Date the initial report was submitted, if by the as-of date.",
        lambda c: c.when(c.profile.transparency.initial_report))
_simple("article7.annual_year", "int", "The last calendar year whose annual report was due by the as-of date.",
        lambda c: Value(c.reporting_year, (ART7,)))
_simple("article7.annual_due", "date", "Due date of that annual report: 30 April of the next year.",
        lambda c: Value(PartialDate.day(deadlines.annual_report_due(c.reporting_year)),
                        (ART7,)))


def _annual(c: Context) -> tuple[AnnualReport | None, date, Value]:
    return c.once("annual", _annual_report_due)


def _annual_report_due(c: Context) -> tuple[AnnualReport | None, date, Value]:
    """The annual report for the last year due (if recorded), its due date, and how far the
    source's list of reports runs."""
    year = c.reporting_year
    report = next((r for r in c.profile.transparency.annual_reports if r.year == year), None)
    return report, deadlines.annual_report_due(year), c.plain(c.profile.transparency.reports_listed_until)


@_field("article7.annual_submitted", "bool",
        "The annual report for the last year due had been received by the as-of date.")
def _annual_submitted(c: Context) -> Value:
    report, _, listed = _annual(c)
    if report is not None and report.submitted is not None:
        sources = c.cite(report)
        if isinstance(report.submitted, bool):
            return Value(report.submitted, sources)
        if report.submitted.le(c.today) is not False:
            return Value(report.submitted.le(c.today), sources)
    if isinstance(listed.value, PartialDate) and listed.value.first >= c.as_of:
        return Value(False, listed.sources)
    return Value(None, listed.sources)


@_field("article7.annual_on_time", "bool",
        "The annual report for the last year due was received by its due date (30 April).")
def _annual_on_time(c: Context) -> Value:
    report, due, listed = _annual(c)
    if report is not None and isinstance(report.submitted, PartialDate):
        return Value(report.submitted.le(PartialDate.day(due)), c.cite(report))
    if report is None and isinstance(listed.value, PartialDate) and listed.value.first >= due:
        return Value(False, listed.sources)
    return Value(None, c.cite(report) if report else listed.sources)


@_field("article7.annual_report", "date", "Date the annual report for the last year due was received.")
def _annual_date(c: Context) -> Value:
    report, _, _ = _annual(c)
    if report is None or not isinstance(report.submitted, PartialDate):
        return UNKNOWN
    if report.submitted.le(c.today) is not True:
        return Value(None, c.cite(report))
    return Value(report.submitted, c.cite(report))


# --- Article 9 -------------------------------------------------------------------------
_simple("article9.status", "str", "How the State implements the Convention in national law (Art 9).",
        lambda c: c.plain(c.profile.national_implementation.status), get_args(LegislationStatus))
_simple("article9.year", "int", "Year its legislation was adopted.",
        lambda c: c.plain(c.profile.national_implementation.year))
_simple("article9.investment_ban", "bool", "Bans investment in cluster munition producers (LAP action 48).",
        lambda c: c.plain(c.profile.national_implementation.investment_ban))


def derive_all(profile: Profile, as_of: date, names: list[str]) -> dict[str, Value]:
    """Derive ``names`` for one profile as of a date."""
    ctx = Context(profile, as_of)
    return {name: ctx.get(name) for name in names}


def format_value(value: Scalar | None) -> str:
    """Human text for rationales: dates in words, booleans as yes/no, unknown as 'unknown'."""
    if value is None:
        return "unknown"
    if isinstance(value, PartialDate):
        return value.human()
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def json_value(value: Scalar | None) -> str | int | bool | None:
    """The value as it appears in JSON evidence: dates in ISO form."""
    return value.iso() if isinstance(value, PartialDate) else value


# --- rule pack (issue 4): facts added for the rule files -------------------------------
# Derived from existing profile fields only. Added for: annual reporting that starts after the
# initial report, reporting of retention (Form D) and risk education (Form G) that can be *false*
# (not only true/unknown), and the timeliness of an Article 4 extension request.


@_field("article7.annual_required", "bool",
        "An annual report for the last reporting year due was required of the State: its initial "
        "report fell due by 31 December of that year (Art 7.2: annual updates follow the initial report).")
def _annual_required(c: Context) -> Value:
    due = c.get("article7.initial_report_due")
    if due.value is None:
        return Value(None, due.sources)
    assert isinstance(due.value, PartialDate)
    year_end = PartialDate.day(date(c.reporting_year, 12, 31))
    return Value(due.value.le(year_end), due.sources)


def _in_annual_report(c: Context, recorded: Value) -> Value:
    """True when recorded for the last year due; false when that year's annual report was not
    received (the form travels in it); unknown otherwise."""
    if recorded.value is True:
        return recorded
    submitted = c.get("article7.annual_submitted")
    if submitted.value is False:
        return Value(False, submitted.sources)
    return Value(None, submitted.sources)


_simple("article3.retention_in_annual_report", "bool",
        "Retained munitions reported for the last reporting year due (Art 3.8, Form D): yes when a "
        "retention record for that year exists, no when that year's annual report was not received.",
        lambda c: _in_annual_report(c, c.get("article3.retention_reported")))
_simple("risk_education.in_annual_report", "bool",
        "Risk education reported for the last reporting year due (Form G): yes when recorded for that "
        "year, no when that year's annual report was not received.",
        lambda c: _in_annual_report(c, c.get("risk_education.reported")))


def _open_on(ext: Any, today: PartialDate) -> bool | None:
    """Was the extension request still undecided on the as-of date? A request whose outcome is
    unknown was open until the meeting that decides it."""
    if ext.decision == "pending":
        return True
    when = ext.decided or ext.meeting_date
    if when is None:
        return None
    decided = when.le(today)
    return None if decided is None else not decided


def _open_request(c: Context, section: str) -> tuple[Any, bool | None, tuple[str, ...]]:
    """The latest extension request submitted by the as-of date and still undecided then; whether
    there is one (``None``: cannot tell); the citations of every request."""
    return c.once(f"{section}.open_request", lambda c: _find_open_request(c, section))


def _find_open_request(c: Context, section: str) -> tuple[Any, bool | None, tuple[str, ...]]:
    extensions = getattr(c.profile, section).extensions
    cited = c.cite_all(extensions)
    found = None
    for ext in extensions:
        submitted = None if ext.submitted is None else ext.submitted.le(c.today)
        if _open_on(ext, c.today) is True and submitted is True:
            if found is None or found.submitted.last <= ext.submitted.last:
                found = ext
    if found is not None:
        return found, True, cited
    # No source lists every request a State made: finding none on record is not knowing there was none.
    return None, None, cited


def _request_fields(prefix: str, section: str, what: str) -> None:
    def requested(c: Context) -> Value:
        _, has, cited = _open_request(c, section)
        return Value(has, cited)

    def submitted(c: Context) -> Value:
        ext, _, cited = _open_request(c, section)
        return Value(None if ext is None else ext.submitted, cited)

    def meeting(c: Context) -> Value:
        ext, _, cited = _open_request(c, section)
        return Value(None if ext is None else ext.meeting_date, cited)

    def deadline_then(c: Context) -> Value:
        ext, _, cited = _open_request(c, section)
        base = c.get(f"{prefix}.original_deadline")
        if ext is None or base.value is None:
            return Value(None, cited)
        assert isinstance(base.value, PartialDate)
        others = [e for e in getattr(c.profile, section).extensions if e is not ext]
        return Value(deadlines.deadline_in_force(base.value, others, ext.submitted.first), (*base.sources, *cited))

    _simple(f"{prefix}.extension_requested", "bool",
            f"A request to extend the {what} deadline had been submitted by the as-of date and was "
            "still undecided then.", requested)
    _simple(f"{prefix}.extension_request", "date", "Date that extension request was submitted.", submitted)
    _simple(f"{prefix}.extension_request_meeting", "date",
            "Date of the meeting that decides that extension request.", meeting)
    _simple(f"{prefix}.extension_request_deadline", "date",
            f"The {what} deadline in force on the day that request was submitted (the deadline it asks to extend).",
            deadline_then)


_request_fields("article4", "clearance", "clearance")
# --- end of rule pack facts ------------------------------------------------------------
