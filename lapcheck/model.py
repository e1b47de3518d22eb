"""The data lapcheck reads and writes: State profiles in, findings and reports out.

A profile records facts as the sources give them. Every fact may carry its sources; a fact that is
absent is *unknown*, never false. Dated facts (a deposit, an extension decision, a report
received) carry their dates, so that an evaluation as of a date uses only what was true by then.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Annotated, Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, field_validator, model_validator

from lapcheck.dates import PartialDate

T = TypeVar("T")

ISO3 = Annotated[str, Field(pattern=r"^[A-Z]{3}$", description="ISO 3166-1 alpha-3 code")]
Citation = Annotated[
    str,
    Field(
        min_length=1,
        description="A key of the profile's `sources` table, a URL, or a document symbol.",
    ),
]


class Strict(BaseModel):
    """Base of every input model: unknown keys are errors, types are not coerced."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class Sourced(Strict):
    """Anything that carries its own sources (one citation or a list) and a free-text note."""

    source: list[Citation] = Field(default_factory=list)
    note: str | None = None

    @field_validator("source", mode="before")
    @classmethod
    def _one_source(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value


class Fact(Sourced, Generic[T]):
    """One fact with its sources. Written either in full or as a bare value (no source)."""

    value: T
    date: PartialDate | None = Field(
        default=None,
        description="When this became the case; before that date the fact is unknown.",
    )
    as_of: PartialDate | None = Field(
        default=None,
        description="The date the source speaks for. An event recorded as not (yet) happened is "
        "unknown after it: it may have happened since.",
    )

    @model_validator(mode="before")
    @classmethod
    def _bare_value(cls, data: Any) -> Any:
        # A mapping is the full form (pydantic reports a missing `value`); anything else is shorthand.
        return data if isinstance(data, dict) else {"value": data}


Event = Fact[PartialDate | bool]
"""Something that happens once: a date when known, ``true`` (date unknown) or ``false`` (not yet)."""


Instrument = Literal["ratification", "accession", "acceptance", "approval"]
"""How a State expressed its consent to be bound."""


class Participation(Strict):
    """Signature, deposit of the instrument, withdrawal (Art 15-17, 20)."""

    signature: Event | None = None
    deposit: Event | None = None
    instrument: Fact[Instrument] | None = None
    withdrawal_notified: Event | None = None
    withdrawal_effective: Event | None = None


Decision = Literal["granted", "refused", "withdrawn", "pending"]
"""What a meeting of States Parties decided on an extension request."""


class Extension(Sourced):
    """A request to extend an Art 3 or Art 4 deadline, and what became of it."""

    submitted: PartialDate | None = Field(default=None, description="When the request was submitted.")
    requested_deadline: PartialDate | None = None
    meeting: str | None = Field(default=None, description="The meeting that decides, e.g. 12MSP.")
    meeting_date: PartialDate | None = Field(default=None, description="When that meeting was held.")
    decision: Decision | None = None
    decided: PartialDate | None = Field(
        default=None, description="Day of the decision; when unknown, the meeting's dates are used."
    )
    new_deadline: PartialDate | None = Field(default=None, description="The deadline granted.")

    @model_validator(mode="after")
    def _granted_has_deadline(self) -> Extension:
        if self.decision == "granted" and self.new_deadline is None:
            raise ValueError("a granted extension needs new_deadline")
        return self


class RetentionRecord(Sourced):
    """Cluster munitions retained under Art 3.6 as reported for one year."""

    year: int
    # JSON and durable-rules keep integers exactly only up to 2^53; no stockpile comes near.
    quantity: int | None = Field(default=None, ge=0, le=2**53)


class Stockpiles(Strict):
    """Article 3: stockpile destruction and retention."""

    declared: Fact[bool] | None = Field(default=None, description="Held cluster munitions at EIF.")
    ever: Fact[bool] | None = Field(
        default=None, description="Held cluster munitions at some time (before, at or after EIF).")
    original_deadline: Fact[PartialDate] | None = Field(
        default=None, description="Only where a source gives a date other than EIF + 8 years."
    )
    extensions: list[Extension] = Field(default_factory=list)
    completed: Event | None = None
    compliance_declared: Event | None = None
    retains: Fact[bool] | None = Field(default=None, description="Retains munitions (Art 3.6).")
    retention: list[RetentionRecord] = Field(default_factory=list)


class Clearance(Strict):
    """Article 4: clearance of cluster munition remnants."""

    obligation: Fact[bool] | None = Field(
        default=None, description="Areas under its jurisdiction contaminated by CMR at or after EIF."
    )
    remaining: Fact[bool] | None = Field(
        default=None, description="Areas under its jurisdiction held CMR on the day a source speaks for "
        "(its as_of): clearance still to do. Not holding any then is not never having had an obligation.")
    original_deadline: Fact[PartialDate] | None = Field(
        default=None, description="Only where a source gives a date other than EIF + 10 years."
    )
    extensions: list[Extension] = Field(default_factory=list)
    completed: Event | None = None
    compliance_declared: Event | None = None
    national_plan: Fact[bool] | None = None
    baseline_survey: Event | None = None


class RiskEducation(Strict):
    """Article 4.2(e): risk reduction education where remnants remain."""

    delivered: Fact[bool] | None = None
    reported_years: list[int] = Field(default_factory=list, description="Years whose report covers it.")


class VictimAssistance(Strict):
    """Article 5: assistance to cluster munition victims."""

    victims: Fact[bool] | None = Field(
        default=None, description="Has cluster munition victims in areas under its jurisdiction (the Monitor's count).")
    obligations_reported: Fact[bool] | None = Field(
        default=None, description="Reports obligations under Article 5 (the ISU's count).")
    focal_point: Fact[bool] | None = None
    focal_point_name: Fact[str] | None = None
    national_plan: Fact[bool] | None = Field(
        default=None, description="A national plan or disability framework that covers victims."
    )
    data_collection: Fact[bool] | None = None
    survivor_involvement: Fact[bool] | None = None


class Cooperation(Strict):
    """Article 6: international cooperation and assistance."""

    national_resources_reported: Fact[bool] | None = None
    provides_assistance: Fact[bool] | None = None
    assistance_reported: Fact[bool] | None = None


class AnnualReport(Sourced):
    """An annual Art 7 report covering one calendar year."""

    year: int
    submitted: PartialDate | bool | None = Field(
        default=None, description="Date received; `true` when received on an unknown date."
    )


class Transparency(Strict):
    """Article 7: initial and annual transparency reports."""

    initial_report: Event | None = None
    annual_reports: list[AnnualReport] = Field(default_factory=list)
    reports_listed_until: Fact[PartialDate] | None = Field(
        default=None,
        description="The source lists every report received up to this date, so an annual "
        "report missing from the list was not received by then.",
    )


LegislationStatus = Literal["specific_legislation", "existing_law_sufficient", "in_progress", "none_reported"]
"""Article 9 practice: how a State reports its national implementation measures."""


class NationalImplementation(Strict):
    """Article 9: national implementation measures; LAP action 48 investment ban."""

    status: Fact[LegislationStatus] | None = None
    year: Fact[int] | None = None
    instrument: Fact[str] | None = None
    investment_ban: Fact[bool] | None = None


class CrossCutting(Strict):
    """LAP actions 1-9: gender and diversity, disaggregated data."""

    gender_in_national_plans: Fact[bool] | None = None
    disaggregated_data: Fact[bool] | None = None


class Profile(Strict):
    """Everything lapcheck knows about one State, with sources."""

    iso3: ISO3
    name: str = Field(min_length=1)
    sources: dict[str, str] = Field(
        default_factory=dict, description="Short keys for citations used by the facts below."
    )
    participation: Participation = Participation()
    stockpiles: Stockpiles = Stockpiles()
    clearance: Clearance = Clearance()
    risk_education: RiskEducation = RiskEducation()
    victim_assistance: VictimAssistance = VictimAssistance()
    cooperation: Cooperation = Cooperation()
    transparency: Transparency = Transparency()
    national_implementation: NationalImplementation = NationalImplementation()
    cross_cutting: CrossCutting = CrossCutting()
    notes: list[str] = Field(default_factory=list, description="What the sources say that fits no field.")

    def cite(self, citations: Sequence[str]) -> list[str]:
        """Expand source keys into the citations they stand for."""
        return [self.sources.get(c, c) for c in citations]


Status = Literal[
    "compliant", "non_compliant", "at_risk", "done", "not_yet", "not_applicable", "insufficient_data", "error",
]
STATUSES: tuple[Status, ...] = (
    "compliant",
    "non_compliant",
    "at_risk",
    "done",
    "not_yet",
    "not_applicable",
    "insufficient_data",
    "error",
)
"""``compliant``, ``non_compliant`` and ``at_risk`` judge an obligation in force for a State Party;
``done`` and ``not_yet`` a step of progress the Convention does not require (ratifying, a LAP
commitment)."""

Kind = Literal["obligation", "progress"]
"""What a check judges: an obligation of a State Party in force for it, or a step of progress."""


class Out(BaseModel):
    """Base of output models: frozen, serialised with sorted keys by the renderers."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON data."""
        return self.model_dump(mode="json")


class Record:
    """The dataclass outputs (:class:`Finding`, :class:`Evidence`) serialise as the pydantic ones
    do: ``to_dict()`` gives plain JSON data, ``model_dump()`` pydantic's dump. They are dataclasses
    because a run builds thousands of them, at half a pydantic model's cost each."""

    __slots__ = ()

    def model_dump(self, mode: Literal["python", "json"] = "python") -> dict[str, Any]:
        """The fields as a dict, nested records included (``mode="json"``: JSON types only)."""
        # The adapter is built per class at run time, so mypy sees neither its argument nor its result.
        return _adapter(type(self)).dump_python(self, mode=mode)  # type: ignore[no-any-return, arg-type]

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON data."""
        return self.model_dump(mode="json")


@cache
def _adapter(cls: type) -> TypeAdapter[Any]:
    return TypeAdapter(cls)


@dataclass(frozen=True, slots=True)
class Evidence(Record):
    """One fact a finding rests on: its value as of the evaluation date (``None``: unknown), and
    its sources."""

    fact: str
    value: str | int | bool | None
    sources: list[str]


class Waiver(Strict):
    """A reviewed exception: the ISU accepts, for a while, a finding it cannot yet change."""

    state: ISO3
    check: str
    justification: str = Field(min_length=1)
    accepted_by: str = Field(min_length=1)
    date: PartialDate = Field(description="When it was accepted; it applies from then on.")
    expires: PartialDate = Field(description="Last day it applies.")


class WaiverNote(Out):
    """The waiver shown beside a finding's computed status."""

    justification: str
    accepted_by: str
    date: str
    expires: str
    state: Literal["active", "expired"]


@dataclass(frozen=True, slots=True)
class Finding(Record):
    """Where one State stands on one check, why, and on what evidence.

    ``waiver`` is a reviewed exception shown beside the status, which stays as computed.
    ``observed`` and ``stale`` say how old the evidence of the decision is; a stale finding says
    what was known and when, never a guess about since.
    """

    state: str
    state_name: str
    check: str
    title: str
    area: str
    actions: tuple[int, ...]
    articles: tuple[str, ...]
    status: Status
    rationale: str
    evidence: list[Evidence]
    as_of: str
    waiver: WaiverNote | None = None
    kind: Kind = "obligation"
    history: list[str] = field(default_factory=list)
    """Lapses since remedied (a report received late), as sentences: history, never today's status."""
    observed: str | None = None
    """The date the oldest dated fact the decision rests on was observed (a source's "as of")."""
    stale: bool = False
    """The decision rests on a fact observed longer ago than the rule pack's staleness threshold."""


class Decisions(Out):
    """The status of every (State, check) pair of one evaluation, without rationales or evidence:
    what summaries, trends and indicators read."""

    as_of: str
    statuses: dict[str, dict[str, Status]] = Field(description="Status by State, then by check.")
    stale: dict[str, list[str]] = Field(
        default_factory=dict, description="By State, the checks whose decision rests on stale facts.")

    def status(self, state: str, check: str) -> Status | None:
        """The status of ``check`` for ``state``, ``None`` when the pair was not evaluated."""
        return self.statuses.get(state, {}).get(check)

    def is_stale(self, state: str, check: str) -> bool:
        """Whether the decision of ``check`` for ``state`` rests on stale facts."""
        return check in self.stale.get(state, ())


class Report(Out):
    """All findings of one evaluation, sorted by State then check."""

    as_of: str
    findings: list[Finding]

    def records(self) -> list[dict[str, Any]]:
        """One flat row per finding, as a DataFrame takes them: its fields, evidence as
        ``fact=value`` pairs, history joined, the waiver's state."""
        rows = []
        for f in self.findings:
            row = f.to_dict()
            row["actions"] = " ".join(map(str, f.actions))
            row["articles"] = " ".join(f.articles)
            row["evidence"] = "; ".join(f"{e.fact}={'unknown' if e.value is None else e.value}" for e in f.evidence)
            row["history"] = " ".join(f.history)
            row["waiver"] = f.waiver.state if f.waiver is not None else None
            rows.append(row)
        return rows

    def decisions(self) -> Decisions:
        """The findings' statuses alone."""
        statuses: dict[str, dict[str, Status]] = {}
        stale: dict[str, list[str]] = {}
        for f in self.findings:
            statuses.setdefault(f.state, {})[f.check] = f.status
            if f.stale:
                stale.setdefault(f.state, []).append(f.check)
        return Decisions.model_construct(as_of=self.as_of, statuses=statuses, stale=stale)


class IndicatorValue(Out):
    """One indicator at the as-of date.

    ``value`` is the count, or the share ``numerator / denominator`` over the States for which the
    numerator could be decided. ``population`` counts the States that are, or may be, in the
    indicator's set; ``unknown`` those of them left undecided, on membership or on the numerator,
    never guessed into either side; ``known`` the others. A share whose known part covers less than
    the rule pack's coverage threshold of its population is ``insufficient``: its value is ``None``.
    """

    id: str
    title: str
    area: str
    actions: list[int]
    value: float | int | None
    numerator: int | None
    denominator: int | None
    unknown: int
    population: int = 0
    known: int = 0
    insufficient: bool = Field(default=False, description="A share left undecided: too little of it is known.")
    stale: int = Field(default=0, description="States counted on facts older than the staleness threshold.")
    waived: int = Field(default=0, description="States counted whose finding is under an active waiver.")
    breakdown: dict[str, int] | None


class Summary(Out):
    """Every indicator at one as-of date."""

    as_of: str
    indicators: list[IndicatorValue]


class TrendPoint(Out):
    """Every indicator at one year's as-of date."""

    year: int
    as_of: str
    indicators: list[IndicatorValue]


class Trend(Out):
    """Indicators year by year."""

    points: list[TrendPoint]
