"""Evaluate rules against State profiles as of a date → a :class:`Report` (no I/O).

For each profile an engine gives each check's conditions a truth value (``True``/``False``/
``None``) over the facts derived as of the date (:mod:`lapcheck.facts`), and this module turns those
into one finding per (State, check): status, rationale and evidence. Two engines give the truth
values: durable-rules (the default where it imports), which needs every fact its conditions read
before it matches, and the plain-Python reference evaluator of :mod:`lapcheck.conditions`, which
derives a fact when a condition first reads it and stops at the condition that settles the status.
Their agreement is tested, not assumed. Facts a check only cites are derived with its texts.

A fact whose derivation fails makes an ``error`` of the checks whose decision reads it, with either
engine; a check decided without it keeps its status, and its rationale says which of the facts it
cites could not be derived.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import Literal, NoReturn, Protocol

from lapcheck import conditions, durable_engine
from lapcheck.conditions import FieldRef
from lapcheck.dates import PartialDate
from lapcheck.errors import EngineUnavailable, LapcheckError
from lapcheck.facts import FIELDS, UNKNOWN, Context, Scalar, Value, format_value, json_value
from lapcheck.model import Deferred, Evidence, Finding, Profile, Report, Status
from lapcheck.rules import Check, Rules, load_rules, render

EngineName = Literal["durable", "python"]
ENGINES: tuple[EngineName, ...] = ("durable", "python")
Outcome = Mapping[str, bool | None]


class Engine(Protocol):
    """Gives every check's conditions a truth value for one State's derived facts."""

    name: str
    lazy: bool
    """True when the engine reads facts as it needs them (it is given :class:`Facts`); false when
    it needs every operand's value first (it is given a plain dict, failed facts unknown)."""

    def run(self, values: Mapping[str, Scalar | None]) -> dict[str, Outcome | str]:
        """Per check id: the truth value of each condition it needed, or an error message."""
        ...


class DerivationFailed(Exception):
    """A fact could not be derived for this profile and date (``field: error``); the check whose
    decision reads it is an error."""


class Facts(dict[str, Scalar | None]):
    """One State's operand values as of a date, each derived the first time it is read.

    Most checks are settled by a few facts (a State not bound by Article 4 needs nothing else for
    the clearance checks), so the Python engine derives only what its conditions reach. ``derived``
    keeps each derived operand with its sources (none when the context does not cite, as in a
    run's decisions); ``failures`` the fields whose derivation raised, which raise
    :class:`DerivationFailed` again on every read.
    """

    __slots__ = ("ctx", "derived", "failures", "refs")

    def __init__(self, ctx: Context, refs: Mapping[str, FieldRef]) -> None:
        super().__init__()
        self.ctx = ctx
        self.refs = refs
        self.derived: dict[str, Value] = {}
        self.failures: dict[str, str] = {}

    # Conditions read operands with ``.get``, and dict.get never calls __missing__: reading through
    # __getitem__ instead keeps a hit in C and derives on a miss.
    get = dict.__getitem__  # type: ignore[assignment]

    def __missing__(self, key: str) -> Scalar | None:
        ref = self.refs[key]
        field = ref.field
        if field in self.failures:
            raise DerivationFailed(f"{field}: {self.failures[field]}")
        try:
            value = self.ctx.get(field)
            if key != field and isinstance(value.value, PartialDate):  # an operand with an offset
                value = Value(value.value.shift(ref.months, ref.days), value.sources)
        except Exception as exc:  # noqa: BLE001 - becomes an error finding for the checks reading it
            message = self.failures[field] = f"{type(exc).__name__}: {exc}"
            raise DerivationFailed(f"{field}: {message}") from None
        self.derived[key] = value
        scalar = self[key] = value.value
        return scalar

    def value(self, key: str) -> Value:
        """The operand with its sources, derived if need be; unknown when it could not be derived."""
        found = self.derived.get(key)
        if found is None:
            try:
                self[key]
            except DerivationFailed:
                return UNKNOWN
            found = self.derived[key]
        return found

    def derive_all(self) -> None:
        """Derive every operand not read yet; failures are recorded."""
        for key in self.refs:
            if key not in self:
                try:
                    self[key]
                except DerivationFailed:
                    pass  # recorded in failures

    def complete(self) -> dict[str, Scalar | None]:
        """Every operand's value, derived now; those that could not be derived are unknown."""
        self.derive_all()
        if not self.failures:
            return dict(self)
        return {key: self[key] if key in self else None for key in self.refs}


class PythonEngine:
    """The reference engine: the condition AST evaluated directly in Python.

    A check's conditions are evaluated in order (applies, compliant, at_risk) until one is not
    true: after it, the status no longer depends on the rest, which are left out of the outcome.
    So a check has few possible outcomes (each condition true, false or unknown, up to the first
    that is not true): each is built once, with its status (:class:`Settled`), and shared by every
    State that has it. Building one per check and State, kept by the report for its texts, was 7-8 %
    of a run; deciding each State's status again from its outcome, 4-7 % (measured).
    """

    name = "python"
    lazy = True

    def __init__(self, checks: Iterable[Check]) -> None:
        self.checks = tuple((check.id, *_steps(check)) for check in checks)

    def run(self, values: Mapping[str, Scalar | None]) -> dict[str, Outcome | str]:
        """Per check id: the truth value of each condition it needed, or an error message."""
        out: dict[str, Outcome | str] = {}
        for check_id, steps, passed in self.checks:
            outcome = passed
            try:
                for holds, if_false, if_unknown in steps:
                    result = holds(values)
                    if result is not True:  # conditions are three-valued: false or unknown
                        outcome = if_false if result is False else if_unknown
                        break
            except DerivationFailed as exc:
                out[check_id] = str(exc)
            except Exception as exc:  # noqa: BLE001 - one check's failure must not lose the others
                out[check_id] = f"{type(exc).__name__}: {exc}"
            else:
                out[check_id] = outcome
        return out


class Settled(dict[str, bool | None]):
    """One of a check's possible outcomes in the Python engine, and the status it gives.

    Read-only: one object stands for that outcome in every State that has it, so its mutators
    raise ``TypeError``.
    """

    __slots__ = ("status",)

    def __init__(self, check: Check, truth: Mapping[str, bool | None]) -> None:
        super().__init__(truth)
        self.status: Status = decide(check, self)

    def _read_only(self, *args: object, **kwargs: object) -> NoReturn:
        raise TypeError("an outcome is shared by every State that has it; it cannot be changed")

    __setitem__ = __delitem__ = __ior__ = _read_only  # type: ignore[assignment]
    clear = pop = popitem = setdefault = update = _read_only  # type: ignore[assignment]


def _steps(check: Check) -> tuple[tuple[tuple[conditions.Evaluator, Settled, Settled], ...], Settled]:
    """Each of ``check``'s conditions compiled, with the outcome if it is false and if it is
    unknown (those before it true); and the outcome when all are true."""
    steps = []
    before: dict[str, bool | None] = {}
    for name, cond in check.conditions().items():
        steps.append((conditions.compile_condition(cond), Settled(check, {**before, name: False}),
                      Settled(check, {**before, name: None})))
        before = {**before, name: True}
    return tuple(steps), Settled(check, before)


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
    refs: Mapping[str, FieldRef] = field(init=False, repr=False, compare=False)
    """Each operand by its key."""
    decisive: Mapping[str, FieldRef] = field(init=False, repr=False, compare=False)
    """The operands the checks' conditions read, by key: all that deciding needs. The others are
    evidence and rationale only, derived when a text is first read."""
    by_id: Mapping[str, Check] = field(init=False, repr=False, compare=False)
    """Each check by its id."""
    reads: Mapping[str, frozenset[str]] = field(init=False, repr=False, compare=False)
    """The fields each check's conditions read."""
    reference: PythonEngine = field(init=False, repr=False, compare=False)
    """Decides, for an engine that is not lazy, which failed facts a check's decision needs."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "refs", {r.key: r for r in self.operands})
        read = _read(self.checks)
        object.__setattr__(self, "decisive", {r.key: r for r in self.operands if r in read})
        object.__setattr__(self, "by_id", {c.id: c for c in self.checks})
        object.__setattr__(self, "reads", {
            c.id: frozenset(r.field for n in c.conditions() for r in c.refs(n)) for c in self.checks})
        reference = self.engine if isinstance(self.engine, PythonEngine) else PythonEngine(self.checks)
        object.__setattr__(self, "reference", reference)


def _read(checks: Iterable[Check]) -> set[FieldRef]:
    """The operands the conditions of ``checks`` read (offsets included)."""
    return {r for check in checks for name in check.conditions() for r in check.refs(name)}


def plan(rules: Rules, engine: EngineName | None = None) -> Plan:
    """Compile ``rules`` for ``engine`` (default: :func:`default_engine`)."""
    name = engine or default_engine()[0]
    read = _read(rules.checks)
    refs = read | {FieldRef(f) for check in rules.checks for f in check.fields()}
    operands = tuple(sorted(refs, key=lambda r: r.key))
    if name == "python":
        return Plan(rules.checks, operands, PythonEngine(rules.checks))
    if name != "durable":
        raise EngineUnavailable(f"unknown engine {name!r}; expected one of {', '.join(ENGINES)}")
    keys = durable_engine.Keys(r.key for r in read)  # its fact holds what its rules test, no more
    types = {r.key: FIELDS[r.field].type for r in read}
    return Plan(rules.checks, operands, durable_engine.DurableEngine(rules.checks, keys, types, rules.digest))


def derive(profile: Profile, as_of: date, operands: Iterable[FieldRef]) -> tuple[dict[str, Value], dict[str, str]]:
    """Every operand's value for one profile (unknown where it failed), and the fields whose
    derivation failed."""
    facts = Facts(Context(profile, as_of), {ref.key: ref for ref in operands})
    return {key: facts.value(key) for key in facts.refs}, facts.failures


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
    return sorted({ref.field for ref in check.refs(name) if values.get(ref.key, UNKNOWN).value is None})


class _Shown(Deferred):
    """The texts of one profile's findings, written on first read for each of them (see
    :func:`findings`), from facts formatted at most once for all of them.

    A run keeps each check's outcome, not the facts it was decided on: those are derived again, in
    one pass with every fact the decisions did not need, when a first text is read (see
    :meth:`values`). Kept, they were some forty objects per State for the collector to scan and the
    report to free, which summary, trend, indicators and diff never read: dropping them made a run
    a tenth faster (measured), and an export pays the derivation twice.
    """

    __slots__ = (
        "as_of", "checks", "day", "derived", "evidences", "facts", "outcomes", "profile", "refs", "texts",
    )

    def __init__(
        self,
        profile: Profile,
        as_of: date,
        refs: Mapping[str, FieldRef],
        checks: Mapping[str, Check],
        outcomes: dict[str, Outcome | str],
    ) -> None:
        self.profile = profile
        self.day = as_of
        self.as_of = as_of.isoformat()
        self.refs = refs
        self.checks = checks
        """Every check, by id."""
        self.outcomes = outcomes
        """Each check's outcome (or error message) for this profile, by check id."""
        self.facts: Facts | None = None
        self.derived: dict[str, Value] | None = None
        self.texts: dict[str, str] = {"as_of": self.as_of}
        self.evidences: dict[str, Evidence] = {}

    def resolve(self, finding: Finding, name: str) -> str | list[Evidence]:
        check = self.checks[finding.check]
        if name == "evidence":
            return self.evidence(check)
        return self.rationale(check, finding.status, self.outcomes[check.id])  # type: ignore[arg-type]

    def values(self) -> dict[str, Value]:
        """Every operand with its sources, derived on the first call; those that could not be
        derived are absent (:attr:`facts` says why)."""
        if self.derived is None:
            if self.facts is None:
                self.facts = Facts(Context(self.profile, self.day), self.refs)
            self.facts.derive_all()
            self.derived = self.facts.derived
        return self.derived

    def text(self, key: str) -> str:
        found = self.texts.get(key)
        if found is None:
            found = self.texts[key] = format_value(self.values().get(key, UNKNOWN).value)
        return found

    def evidence(self, check: Check) -> list[Evidence]:
        values, evidences = self.values(), self.evidences
        out = []
        for key in check.fields():
            found = evidences.get(key)
            if found is None:
                value = values.get(key, UNKNOWN)
                found = evidences[key] = Evidence(key, json_value(value.value), list(value.sources))
            out.append(found)
        return out

    def rationale(self, check: Check, status: Status, outcome: Outcome) -> str:
        # Written on first read, outside run()'s guard: a failure here must not crash the reader
        # (a JSON export, a report) and lose the other findings.
        try:
            template = check.rationale.get(status)
            if template is not None:
                text = render(template, self.text)
            else:  # insufficient_data without a template of its own
                missing = _undecided(check, outcome, self.values())
                listed = ", ".join(f"{f} ({FIELDS[f].description.rstrip('.')})" for f in missing) or "none"
                text = f"Unknown as of {self.as_of}, so undecided: {listed}."
            # A cited fact the decision did not need may have failed: the evidence shows it
            # unknown, so the rationale says why (values() has derived them all).
            self.values()
            failures = self.facts.failures  # type: ignore[union-attr]  # values() set it
            failed = [f for f in check.fields() if f in failures] if failures else None
            if failed:
                reasons = "; ".join(f"{f} ({failures[f]})" for f in failed)
                text += f" Could not derive {reasons}."
            return text
        except Exception as exc:  # noqa: BLE001 - see above
            return f"Could not write this rationale: {type(exc).__name__}: {exc}."


def findings(checks: Iterable[Check], profile: Profile, shown: _Shown) -> list[Finding]:
    """One finding per check for ``profile``: status now; rationale with real values, and the
    evidence behind it, on first read (``shown`` stands in for both texts of all of the State's
    findings). A check whose outcome is missing or cannot be decided is an ``error``.

    One loop for all of a State's findings, not a function call per finding: the calls were about
    3 us of the 22 us that building a State's 25 findings took (measured).
    """
    out = []
    iso3, name, as_of, outcomes = profile.iso3, profile.name, shown.as_of, shown.outcomes
    for check in checks:
        try:
            outcome = outcomes[check.id]
            if type(outcome) is Settled:  # the Python engine's: decided once per plan
                status: Status = outcome.status
            else:
                status = "error" if isinstance(outcome, str) else decide(check, outcome)
        except Exception as exc:  # noqa: BLE001 - one check's failure must not lose the others
            outcome = outcomes[check.id] = f"{type(exc).__name__}: {exc}"
            status = "error"
        rationale = f"Could not evaluate this check: {outcome}." if status == "error" else shown
        out.append(Finding(iso3, name, check.id, check.title, check.area, check.actions, check.articles,
                           status, rationale, shown, as_of))  # type: ignore[arg-type]
    return out


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


@contextmanager
def paused_collector() -> Iterator[None]:
    """Pause Python's cyclic garbage collector, if it runs, for work that builds many objects and no
    reference cycles: evaluating, and writing the texts of many findings (also a decorator).

    A run creates no reference cycles (a test holds it to that), but the collector rescans the
    growing heap of findings again and again: pausing it halves the time of a 10,000-State run,
    and takes a fifth off exporting 1,000 States' findings as JSON (measured).
    """
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def run(compiled: Plan, profiles: Iterable[Profile], as_of: date) -> Report:
    """Evaluate a compiled plan (see :func:`plan`); :func:`evaluate` is the usual entry point."""
    with paused_collector():
        return _run(compiled, profiles, as_of)


def _run(compiled: Plan, profiles: Iterable[Profile], as_of: date) -> Report:
    found: list[Finding] = []
    seen: set[str] = set()
    as_of_text = as_of.isoformat()
    for profile in sorted(profiles, key=lambda p: p.iso3):
        if profile.iso3 in seen:
            raise LapcheckError(f"two profiles for {profile.iso3}; each State must appear once")
        seen.add(profile.iso3)
        facts = Facts(Context(profile, as_of, cited=False), compiled.decisive)
        engine = compiled.engine
        outcomes = engine.run(facts if engine.lazy else facts.complete())
        if facts.failures and not engine.lazy:
            # The engine read the failed facts as unknown; the reference tells whose decision needs one.
            failed = facts.failures.keys()
            settled = compiled.reference.run(facts)
            outcomes.update({c: settled[c] for c in outcomes if not failed.isdisjoint(compiled.reads[c])})
        shown = _Shown(profile, as_of, compiled.refs, compiled.by_id, outcomes)
        found.extend(findings(compiled.checks, profile, shown))
    # Profiles are visited in ISO order and checks are sorted by id, so findings already are sorted.
    return Report.model_construct(as_of=as_of_text, findings=found)
