"""Run the test cases rule files carry: each case is a profile fragment, a date and the status
(and a phrase of the rationale) one check must give for it.

A case is evaluated on its own: the fragment is validated as a profile, and only the case's check
is evaluated, with the engine asked for. Results are data (:class:`CaseResult`), so the CLI and
pytest (``tests/test_rule_cases.py``) report the same thing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from lapcheck import engine as engines
from lapcheck import yamlsafe
from lapcheck.deadlines import Calendar, bundled_calendar
from lapcheck.errors import LapcheckError
from lapcheck.model import Status
from lapcheck.profiles import parse_profile
from lapcheck.rules import Check, Rules, TestCase


@dataclass(frozen=True)
class CaseResult:
    """The outcome of one case with one engine."""

    check: str
    case: str
    location: str
    engine: str
    passed: bool
    message: str

    @property
    def id(self) -> str:
        """``<check>-<case>``: the name pytest and the CLI give the case."""
        return f"{self.check}-{self.case}"


def location(check: Check, case: TestCase) -> str:
    """``file:line`` of a case (of its check when the line is unknown)."""
    line = case.line if case.line is not None else check.line
    return f"{check.path}:{line}" if line is not None else check.path


def _single(check: Check, calendar: Calendar) -> Rules:
    # The durable engine registers rulesets once per digest: one digest per check's content.
    digest = hashlib.sha256(repr((check.path, check.id, check.conditions(), check.rationale)).encode()).hexdigest()
    return Rules((check,), digest, calendar=calendar)


def run_case(
    check: Check, case: TestCase, engine: engines.EngineName = "python", calendar: Calendar | None = None
) -> CaseResult:
    """Evaluate ``check`` alone on the case's profile as of its date and compare with the case."""
    calendar = calendar or bundled_calendar()
    where = location(check, case)

    def result(passed: bool, message: str) -> CaseResult:
        return CaseResult(check.id, case.name, where, engine, passed, message)

    try:
        doc = yamlsafe.Document(Path(check.path), case.profile)
        profile = parse_profile(case.profile, doc, calendar)
    except LapcheckError as exc:
        return result(False, f"the case's profile is not valid: {exc}")
    try:
        report = engines.evaluate([profile], _single(check, calendar), case.as_of, engine)
    except LapcheckError as exc:
        return result(False, f"could not evaluate: {exc}")
    finding = report.findings[0]
    status: Status = finding.status
    if status != case.expect:
        return result(False, f"expected {case.expect}, got {status}: {finding.rationale}")
    if case.rationale_contains and case.rationale_contains not in finding.rationale:
        return result(False, f"rationale does not contain {case.rationale_contains!r}: {finding.rationale}")
    return result(True, f"{status}: {finding.rationale}")


def run(rules: Rules, engines_: Iterable[engines.EngineName] = ("python",)) -> list[CaseResult]:
    """Every case of every check of ``rules`` with each engine, in check, case, engine order."""
    names = tuple(engines_)
    return [run_case(check, case, name, rules.calendar)
            for check in rules.checks for case in check.tests for name in names]


def missing_statuses(check: Check) -> list[Status]:
    """The statuses ``check`` can produce that none of its cases expects, sorted."""
    covered = {case.expect for case in check.tests}
    return sorted(check.statuses() - covered)


def available_engines() -> tuple[tuple[engines.EngineName, ...], str]:
    """Both engines where durable-rules imports, else the Python engine alone, and why."""
    name, why = engines.default_engine()
    return (engines.ENGINES, "") if name == "durable" else (("python",), why)
