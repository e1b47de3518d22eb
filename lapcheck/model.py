"""The data lapcheck reads and writes: State profiles in, findings and reports out.

A profile records facts as the sources give them. Every fact may carry its sources; a fact that is
absent is *unknown*, never false. Dated facts (a deposit, an extension decision, a report
received) carry their dates, so that an evaluation as of a date uses only what was true by then.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from typing import Annotated, Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

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
    """Signature, deposit of the instrument, withdrawal (Art 15–17, 20)."""

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
    quantity: int | None = Field(default=None, ge=0)


class Stockpiles(Strict):
    """Article 3: stockpile destruction and retention."""

    declared: Fact[bool] | None = Field(default=None, description="Held cluster munitions at EIF.")
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

    victims: Fact[bool] | None = None
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
    """LAP actions 1–9: gender and diversity, disaggregated data."""

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


Status = Literal["compliant", "non_compliant", "at_risk", "not_applicable", "insufficient_data", "error"]
STATUSES: tuple[Status, ...] = (
    "compliant",
    "non_compliant",
    "at_risk",
    "not_applicable",
    "insufficient_data",
    "error",
)


class Out(BaseModel):
    """Base of output models: frozen, serialised with sorted keys by the renderers."""

    model_config = ConfigDict(extra="forbid", frozen=True)


@dataclass(frozen=True, slots=True)
class Evidence:
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


class Deferred:
    """Stands in a finding's ``rationale`` or ``evidence`` until first read, when
    :meth:`resolve` writes it. One object can stand in for both fields of many findings (the
    engine gives all of a State's findings the same one), so none is built per finding."""

    __slots__ = ()

    def resolve(self, finding: Finding, name: str) -> Any:
        """The value of field ``name`` of ``finding``."""
        raise NotImplementedError


class _OnFirstRead(property):
    """Wraps the slot of a dataclass field that may be given as a :class:`Deferred`, which is
    resolved, once, when the field is first read.

    The value lives in the field's own slot, so pydantic validates (through ``setattr``),
    serialises (through ``getattr``) and compares findings as any slots dataclass. A property, so
    that writing, which every finding does twice when built, stays in C: its setter is the slot's.
    """

    def __init__(self, owner: type, name: str) -> None:
        slot = owner.__dict__[name]
        get, put = slot.__get__, slot.__set__

        def read(obj: Any) -> Any:
            value = get(obj)
            if isinstance(value, Deferred):
                value = value.resolve(obj, name)
                put(obj, value)
            return value

        super().__init__(read, put, None, f"``{name}``, written when first read if given as a Deferred.")
        self.slot = slot
        """The slot's own descriptor, which holds the value as given (the stand-in until read)."""


# Findings are built once per (State, check), hundreds of thousands per run over many years, and
# many readers (summary, trend, indicators, diff) only need their status. So they are plain
# dataclasses (a tenth of the cost of a pydantic model; pydantic still validates and serialises
# them inside a Report) with slots (one object per finding for the collector to scan, not two),
# and the rationale and evidence, which cost more to write than the status costs to decide, are
# written when first read.
@dataclass(slots=True)
class Finding:
    """Where one State stands on one check, why, and on what evidence.

    ``waiver`` is a reviewed exception shown beside the status, which stays as computed.
    ``rationale`` and ``evidence`` may be built on first read (see :class:`Deferred`); reading,
    comparing, printing or serialising a finding gives the same values either way.
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

    def __getstate__(self) -> dict[str, Any]:
        # Pickle written texts, never the stand-in that would write them.
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def __setstate__(self, state: dict[str, Any]) -> None:
        for name, value in state.items():
            setattr(self, name, value)


for _deferred in ("rationale", "evidence"):
    setattr(Finding, _deferred, _OnFirstRead(Finding, _deferred))


class Report(Out):
    """All findings of one evaluation, sorted by State then check."""

    as_of: str
    findings: list[Finding]


class IndicatorValue(Out):
    """One indicator at the as-of date.

    ``value`` is the count, or the share ``numerator / denominator`` (``None`` when the denominator
    is 0) over the States for which the numerator could be decided. ``unknown`` counts the States
    left undecided, whether on membership or on the numerator: never guessed into either side.
    """

    id: str
    title: str
    area: str
    actions: list[int]
    value: float | int | None
    numerator: int | None
    denominator: int | None
    unknown: int
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
