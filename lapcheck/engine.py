"""Evaluate rules against State profiles as of a date → a :class:`Report` (no I/O).

For each profile the facts every check reads are derived once (:mod:`lapcheck.facts`); an engine
then gives each check's conditions a truth value (``True``/``False``/``None``), and this module
turns those into one finding per (State, check): status, rationale and evidence. Two engines give
the truth values: durable-rules (the default where it imports) and the plain-Python reference
evaluator of :mod:`lapcheck.conditions`. Their agreement is tested, not assumed.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Literal, Protocol

from lapcheck import conditions, durable_engine
from lapcheck.conditions import FieldRef
from lapcheck.dates import PartialDate
from lapcheck.errors import EngineUnavailable, LapcheckError
from lapcheck.facts import FIELDS, Context, Scalar, Value, format_value, json_value
from lapcheck.model import Evidence, Finding, Later, Profile, Report, Status
from lapcheck.rules import Check, Rules, load_rules, render

EngineName = Literal["durable", "python"]
ENGINES: tuple[EngineName, ...] = ("durable", "python")
Outcome = dict[str, bool | None]


class Engine(Protocol):
    """Gives every check's conditions a truth value for one State's derived facts."""

    name: str

    def run(self, values: Mapping[str, Scalar | None]) -> dict[str, Outcome | str]:
        """Per check id: the truth value of each condition, or an error message."""
        ...


class PythonEngine:
    """The reference engine: the condition AST evaluated directly in Python."""

    name = "python"

    def __init__(self, checks: Iterable[Check]) -> None:
        self.checks = tuple(
            (check.id, tuple((n, conditions.compile_condition(c)) for n, c in check.conditions().items()))
            for check in checks
        )

    def run(self, values: Mapping[str, Scalar | None]) -> dict[str, Outcome | str]:
        """Per check id: the truth value of each condition, or an error message."""
        out: dict[str, Outcome | str] = {}
        for check_id, compiled in self.checks:
            try:
                out[check_id] = {name: holds(values) for name, holds in compiled}
            except Exception as exc:  # noqa: BLE001 - one check's failure must not lose the others
                out[check_id] = f"{type(exc).__name__}: {exc}"
        return out


def default_engine() -> tuple[EngineName, str]:
    """The engine used when none is named, and why (empty when it is durable-rules)."""
    ok, why = durable_engine.available()
    return ("durable", "") if ok else ("python", f"{why}; using the Python engine")


@dataclass(frozen=True)
class Plan:
    """What one evaluation needs: the checks, the values to derive, and the engine."""

    checks: tuple[Check, ...]
    operands: tuple[FieldRef, ...]
    engine: Engine


def plan(rules: Rules, engine: EngineName | None = None) -> Plan:
    """Compile ``rules`` for ``engine`` (default: :func:`default_engine`)."""
    name = engine or default_engine()[0]
    refs = {FieldRef(f) for check in rules.checks for f in check.fields()}
    refs.update(r for check in rules.checks for c in check.conditions().values() for r in conditions.field_refs(c))
    operands = tuple(sorted(refs, key=lambda r: r.key))
    if name == "python":
        return Plan(rules.checks, operands, PythonEngine(rules.checks))
    if name != "durable":
        raise EngineUnavailable(f"unknown engine {name!r}; expected one of {', '.join(ENGINES)}")
    keys = durable_engine.Keys(r.key for r in operands)
    types = {r.key: FIELDS[r.field].type for r in operands}
    return Plan(rules.checks, operands, durable_engine.DurableEngine(rules.checks, keys, types, rules.digest))


def derive(profile: Profile, as_of: date, operands: Iterable[FieldRef]) -> tuple[dict[str, Value], dict[str, str]]:
    """Every operand's value for one profile, and the fields whose derivation failed."""
    ctx = Context(profile, as_of)
    values: dict[str, Value] = {}
    failures: dict[str, str] = {}
    for ref in operands:
        try:
            value = ctx.get(ref.field)
            if (ref.months or ref.days) and isinstance(value.value, PartialDate):
                value = Value(value.value.shift(ref.months, ref.days), value.sources)
        except Exception as exc:  # noqa: BLE001 - reported as an error finding for the checks reading it
            failures[ref.field] = f"{type(exc).__name__}: {exc}"
            value = Value(None)
        values[ref.key] = value
    return values, failures


def decide(check: Check, outcome: Outcome) -> Status:
    """The status from the truth values of a check's conditions."""
    applies = outcome.get("applies", True)
    if applies is None:
        return "insufficient_data"
    if applies is False:
        return "not_applicable"
    compliant = outcome["compliant"]
    if compliant is None:
        return "insufficient_data"
    if compliant is False:
        return "non_compliant"
    if check.at_risk is not None:
        at_risk = outcome["at_risk"]
        if at_risk is None:
            return "insufficient_data"
        if at_risk:
            return "at_risk"
    return "compliant"


def _undecided(check: Check, outcome: Outcome, values: Mapping[str, Value]) -> list[str]:
    """The unknown facts of the condition that left the status undecided."""
    name = "applies" if outcome.get("applies", True) is None else "compliant"
    if outcome.get(name) is not None:
        name = "at_risk"
    return sorted({ref.field for ref in check.refs(name) if values[ref.key].value is None})


class _Shown:
    """One profile's derived values, formatted at most once for all its checks' rationales and evidence."""

    def __init__(self, values: Mapping[str, Value], as_of: date) -> None:
        self.values = values
        self.as_of = as_of.isoformat()
        self.texts: dict[str, str] = {"as_of": self.as_of}
        self.evidences: dict[str, Evidence] = {}

    def text(self, key: str) -> str:
        found = self.texts.get(key)
        if found is None:
            found = self.texts[key] = format_value(self.values[key].value)
        return found

    def evidence(self, check: Check) -> list[Evidence]:
        out = []
        for key in check.fields():
            found = self.evidences.get(key)
            if found is None:
                value = self.values[key]
                found = self.evidences[key] = Evidence(key, json_value(value.value), list(value.sources))
            out.append(found)
        return out

    def rationale(self, check: Check, status: Status, outcome: Outcome) -> str:
        # Written on first read, outside run()'s guard: a failure here must not crash the reader
        # (a JSON export, a report) and lose the other findings.
        try:
            template = check.rationale.get(status)
            if template is not None:
                return render(template, self.text)
            # insufficient_data without a template of its own
            missing = _undecided(check, outcome, self.values)
            listed = ", ".join(f"{f} ({FIELDS[f].description.rstrip('.')})" for f in missing) or "none"
            return f"Unknown as of {self.as_of}, so undecided: {listed}."
        except Exception as exc:  # noqa: BLE001 - see above
            return f"Could not write this rationale: {type(exc).__name__}: {exc}."


def finding(
    check: Check, profile: Profile, shown: _Shown, outcome: Outcome | str, failures: Mapping[str, str],
) -> Finding:
    """One finding: status now; rationale with real values, and the evidence behind it, on first read."""
    broken = [f for f in check.fields() if f in failures] if failures else None
    rationale: str | Later[str]
    if isinstance(outcome, str) or broken:
        status: Status = "error"
        reason = outcome if isinstance(outcome, str) else "; ".join(f"{f}: {failures[f]}" for f in broken or ())
        rationale = f"Could not evaluate this check: {reason}."
    else:
        status = decide(check, outcome)
        rationale = Later(shown.rationale, check, status, outcome)
    return Finding(
        profile.iso3, profile.name, check.id, check.title, check.area, list(check.actions), list(check.articles),
        status, rationale, Later(shown.evidence, check), shown.as_of,  # type: ignore[arg-type]
    )


def evaluate(
    profiles: Iterable[Profile],
    rules: Rules | None = None,
    as_of: date | None = None,
    engine: EngineName | None = None,
) -> Report:
    """Evaluate every check against every profile as of ``as_of`` (default: today).

    Returns one finding per (State, check), sorted by State then check. ``engine`` is
    ``"durable"`` or ``"python"``; by default durable-rules where it imports, else Python.
    """
    rules = rules if rules is not None else load_rules()
    return run(plan(rules, engine), profiles, as_of or date.today())


def run(compiled: Plan, profiles: Iterable[Profile], as_of: date) -> Report:
    """Evaluate a compiled plan (see :func:`plan`); :func:`evaluate` is the usual entry point."""
    # A run creates no reference cycles (a test holds it to that), but the cyclic collector
    # rescans the growing heap of findings again and again: pausing it halves the time of a
    # 10,000-State run (measured).
    paused = gc.isenabled()
    gc.disable()
    try:
        return _run(compiled, profiles, as_of)
    finally:
        if paused:
            gc.enable()


def _run(compiled: Plan, profiles: Iterable[Profile], as_of: date) -> Report:
    findings: list[Finding] = []
    seen: set[str] = set()
    for profile in sorted(profiles, key=lambda p: p.iso3):
        if profile.iso3 in seen:
            raise LapcheckError(f"two profiles for {profile.iso3}; each State must appear once")
        seen.add(profile.iso3)
        values, failures = derive(profile, as_of, compiled.operands)
        outcomes = compiled.engine.run({k: v.value for k, v in values.items()})
        shown = _Shown(values, as_of)
        for check in compiled.checks:
            try:
                findings.append(finding(check, profile, shown, outcomes[check.id], failures))
            except Exception as exc:  # noqa: BLE001 - one check's failure must not lose the others
                findings.append(finding(check, profile, shown, f"{type(exc).__name__}: {exc}", {}))
    # Profiles are visited in ISO order and checks are sorted by id, so findings already are sorted.
    return Report.model_construct(as_of=as_of.isoformat(), findings=findings)
