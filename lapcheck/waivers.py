"""Reviewed exceptions (waivers): read, validate against the rules and States, attach to findings.

A waiver never changes a computed status. It is shown beside it while active (accepted on or
before the as-of date, not yet expired), shown as ``expired`` after its last day, and ignored
before it was accepted.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from lapcheck import yamlsafe
from lapcheck.dates import PartialDate
from lapcheck.model import Finding, Report, Waiver, WaiverNote
from lapcheck.rules import Rules


class _File(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    waivers: list[Waiver] = Field(default_factory=list)


def load_waivers(path: Path | str, rules: Rules, states: Iterable[str]) -> list[Waiver]:
    """Read a waiver file; a waiver naming an unknown State or check is an error with its line."""
    doc = yamlsafe.load(Path(path))
    if not isinstance(doc.data, dict):
        raise doc.error("expected a mapping with a 'waivers' list")
    try:
        parsed = _File.model_validate(doc.data)
    except ValidationError as exc:
        raise yamlsafe.validation_error(doc, exc) from None
    checks, known = rules.by_id(), set(states)
    seen: dict[tuple[str, str], int] = {}
    for i, waiver in enumerate(parsed.waivers):
        at = ("waivers", i)
        if waiver.state not in known:
            raise doc.error(f"no profile for State {waiver.state!r}", (*at, "state"))
        if waiver.check not in checks:
            raise doc.error(f"unknown check {waiver.check!r}", (*at, "check"))
        if waiver.expires.lt(waiver.date):
            raise doc.error(f"expires {waiver.expires} before it was accepted {waiver.date}", (*at, "expires"))
        key = (waiver.state, waiver.check)
        if key in seen:
            raise doc.error(f"a second waiver for {waiver.state} / {waiver.check} (first is item {seen[key]})", at)
        seen[key] = i
    return parsed.waivers


def active(waivers: Iterable[Waiver], as_of: date) -> set[tuple[str, str]]:
    """The (State, check) pairs under a waiver active on ``as_of``: accepted by then, not expired."""
    day = PartialDate.day(as_of)
    return {(w.state, w.check) for w in waivers if w.date.le(day) is True and w.expires.lt(day) is False}


def apply_waivers(report: Report, waivers: Iterable[Waiver]) -> Report:
    """The report with each finding's waiver attached (active or expired) as of its date."""
    as_of = PartialDate.day(date.fromisoformat(report.as_of))
    notes: dict[tuple[str, str], WaiverNote] = {}
    for w in waivers:
        if w.date.le(as_of) is not True:
            continue  # not yet accepted on the as-of date
        state: Literal["active", "expired"] = "active" if w.expires.lt(as_of) is False else "expired"
        notes[(w.state, w.check)] = WaiverNote(
            justification=w.justification, accepted_by=w.accepted_by, date=w.date.iso(),
            expires=w.expires.iso(), state=state,
        )
    if not notes:
        return report
    findings: list[Finding] = [
        dataclasses.replace(f, waiver=notes[(f.state, f.check)]) if (f.state, f.check) in notes else f
        for f in report.findings
    ]
    return Report.model_construct(as_of=report.as_of, findings=findings)
