"""Evaluate rules against State profiles as of a date (no I/O).

For each profile an engine gives each check's conditions a truth value (``True``/``False``/``None``)
over the facts derived as of the date (:mod:`lapcheck.facts`); :func:`status` turns those into the
check's status. Two engines give the truth values: durable-rules (the default where it imports),
which needs every fact its conditions read before it matches, and the plain-Python reference
evaluator of :mod:`lapcheck.conditions`, which derives a fact when a condition first reads it and
stops at the condition that settles the status. Their agreement is tested, not assumed.

Two entry points: :func:`decide` gives the statuses alone (what summaries, trends and indicators
read); :func:`evaluate` gives a :class:`~lapcheck.model.Report` of findings with their rationales
and evidence (:mod:`lapcheck.texts`). A fact whose derivation fails makes an ``error`` of the checks
whose decision reads it, with either engine.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal, Protocol

from lapcheck import conditions, durable_engine
from lapcheck.conditions import FieldRef, Values
from lapcheck.dates import PartialDate
from lapcheck.deadlines import Calendar
from lapcheck.errors import EngineUnavailable, LapcheckError
from lapcheck.facts import UNKNOWN, Context, Scalar, Value
from lapcheck.facts.context import older
from lapcheck.model import Decisions, Finding, Profile, Report, Status
from lapcheck.rules import Check, Rules, history_name, load_rules

EngineName = Literal["durable", "python"]
ENGINES: tuple[EngineName, ...] = ("durable", "python")
Outcome = Mapping[str, bool | None]
"""The truth value of each condition a check needed, by condition name."""


class Engine(Protocol):
    """Gives every check's conditions a truth value for one State's derived facts."""

    name: str
    lazy: bool
    """True when the engine reads facts as it needs them (it is given the :class:`Operands`);
    false when it needs every operand's value first (it is given a dict, failed facts unknown)."""

    def run(self, values: Values, history: bool = True) -> dict[str, Outcome | str]:
        """Per check id: the truth value of each condition it needed, or an error message; with
        ``history``, of its history conditions too (an engine may give them always)."""
        ...


class DerivationFailed(Exception):
    """A fact could not be derived for this profile and date (``field: error``); the check whose
    decision reads it is an error."""


class Operands:
    """One State's operand values as of a date (fields, and fields moved by an offset), each
    derived the first time it is read.

    Most checks are settled by a few facts (a State not bound by Article 4 needs nothing else for
    the clearance checks), so the Python engine derives only what its conditions reach. A field
    whose derivation raises is recorded in :attr:`failures` and raises :class:`DerivationFailed`
    on every read through :meth:`get`.
    """

    def __init__(self, ctx: Context, refs: Mapping[str, FieldRef]) -> None:
        self.ctx = ctx
        self.refs = refs
        self.failures: dict[str, str] = {}
        """The fields whose derivation failed, with the error."""
        self.dated: dict[str, PartialDate] = {}
        """The operands derived so far that are known only as last observed, with that date."""
        self._values: dict[str, Value] = {}

    def get(self, key: str) -> Scalar | None:
        """The value of operand ``key`` (``None``: unknown); raises :class:`DerivationFailed`."""
        found = self._values.get(key)
        if found is None:
            found = self._derive(key)
        return found.value

    def _derive(self, key: str) -> Value:
        ref = self.refs[key]
        if ref.field in self.failures:
            raise DerivationFailed(f"{ref.field}: {self.failures[ref.field]}")
        try:
            value = self.ctx.get(ref.field)
            if key != ref.field and isinstance(value.value, PartialDate):  # an operand with an offset
                value = Value(value.value.shift(ref.months, ref.days), value.sources)
        except Exception as exc:
            message = self.failures[ref.field] = f"{type(exc).__name__}: {exc}"
            raise DerivationFailed(f"{ref.field}: {message}") from None
        self._values[key] = value
        if value.observed is not None:
            self.dated[key] = value.observed
        return value

    def value(self, key: str) -> Value:
        """The operand with its sources; unknown when it could not be derived."""
        try:
            self.get(key)
        except DerivationFailed:
            return UNKNOWN
        return self._values[key]

    def complete(self) -> dict[str, Scalar | None]:
        """Every operand's value, derived now; those that could not be derived are unknown."""
        return {key: self.value(key).value for key in self.refs}


class PythonEngine:
    """The reference engine: the condition AST evaluated directly in Python.

    A check's conditions are evaluated in order (applies, compliant, at_risk) until one is not
    true: after it, the status no longer depends on the rest, which are left out of the outcome.
    """

    name = "python"
    lazy = True

    def __init__(self, checks: Iterable[Check]) -> None:
        self.checks = tuple(
            (check.id, _compiled(check.conditions()),
             _compiled({history_name(i): note.when for i, note in enumerate(check.history)}))
            for check in checks
        )
        self.steps = {check_id: dict(steps) for check_id, steps, _ in self.checks}

    def read(self, check: Check, outcome: Outcome, operands: Operands) -> set[str]:
        """The operands this engine reads to settle ``check``'s status: the facts it rests on."""
        reads = _Reads(operands)
        steps = self.steps[check.id]
        for name in deciding(check, outcome):
            steps[name](reads)
        return reads.keys

    def run(self, values: Values, history: bool = True) -> dict[str, Outcome | str]:
        """Per check id: the truth value of each condition it needed, or an error message; with
        ``history``, of its history conditions too."""
        out: dict[str, Outcome | str] = {}
        for check_id, steps, notes in self.checks:
            outcome: dict[str, bool | None] = {}
            try:
                for name, holds in steps:
                    result = outcome[name] = holds(values)
                    if result is not True:  # false or unknown: the status is settled
                        break
            except DerivationFailed as exc:
                out[check_id] = str(exc)
            except Exception as exc:
                out[check_id] = f"{type(exc).__name__}: {exc}"
            else:
                if history:
                    for name, holds in notes:
                        outcome[name] = _history(holds, values)
                out[check_id] = outcome
        return out


class _Reads:
    """Operands that remember which keys were read."""

    def __init__(self, operands: Operands) -> None:
        self.operands = operands
        self.keys: set[str] = set()

    def get(self, key: str, /) -> Scalar | None:
        self.keys.add(key)
        return self.operands.get(key)


def _compiled(named: Mapping[str, conditions.Condition]) -> tuple[tuple[str, conditions.Evaluator], ...]:
    return tuple((name, conditions.compile_condition(cond)) for name, cond in named.items())


def _history(holds: conditions.Evaluator, values: Values) -> bool | None:
    # A lapse that cannot be told is not recorded; it never makes the status an error.
    try:
        return holds(values)
    except Exception:
        return None


def status(check: Check, outcome: Outcome | str) -> Status:
    """The status from the truth values of a check's conditions (``error`` for an error message).

    An obligation is ``compliant``, ``non_compliant`` or ``at_risk``; a step of progress ``done`` or
    ``not_yet``.
    """
    if isinstance(outcome, str):
        return "error"
    applies = outcome.get("applies", True)
    if applies is None:
        return "insufficient_data"
    if applies is False:
        return "not_applicable"
    compliant = outcome["compliant"]
    if compliant is None:
        return "insufficient_data"
    progress = check.kind == "progress"
    if compliant is False:
        return "not_yet" if progress else "non_compliant"
    if check.at_risk is not None:
        at_risk = outcome["at_risk"]
        if at_risk is None:
            return "insufficient_data"
        if at_risk:
            return "at_risk"
    return "done" if progress else "compliant"


def deciding(check: Check, outcome: Outcome) -> list[str]:
    """The conditions a status rests on: each in order up to the first that is not true (the rest
    cannot change it), whichever engine evaluated more."""
    names = []
    for name in check.conditions():
        names.append(name)
        if outcome.get(name) is not True:
            break
    return names


def months_between(earlier: date, later: date) -> int:
    """Whole months from ``earlier`` to ``later`` (negative when ``later`` comes first)."""
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    return months - 1 if later.day < earlier.day else months


def observed(compiled: Compiled, check: Check, outcome: Outcome | str, operands: Operands) -> PartialDate | None:
    """The oldest observation date among the facts the status rests on: those the reference engine
    reads to settle it, whichever engine decided (``None``: none of them is dated)."""
    if isinstance(outcome, str) or not operands.dated:
        return None
    oldest: PartialDate | None = None
    try:
        for key in compiled.reference.read(check, outcome, operands):
            oldest = older(oldest, operands.dated.get(key))
    except DerivationFailed:
        return None  # the status rests on a failure, not on an old fact
    return oldest


def is_stale(seen: PartialDate | None, as_of: date, stale_after: int) -> bool:
    """Whether an observation is more than ``stale_after`` months older than ``as_of``."""
    return seen is not None and months_between(seen.last, as_of) > stale_after


def default_engine() -> tuple[EngineName, str]:
    """The engine used when none is named, and why (empty when it is durable-rules)."""
    ok, why = durable_engine.available()
    return ("durable", "") if ok else ("python", f"{why}; using the Python engine")


@dataclass(frozen=True)
class Compiled:
    """What evaluating a rule pack needs: the checks, the operands to derive, and the engine."""

    rules: Rules
    engine: Engine
    refs: Mapping[str, FieldRef]
    """Every operand the checks read or cite, by key: what texts need."""
    decisive: Mapping[str, FieldRef]
    """The operands the checks' conditions read, by key: all that deciding needs."""
    reads: Mapping[str, frozenset[str]] = field(repr=False)
    """The fields each check's conditions read, by check id."""
    reference: PythonEngine = field(repr=False)
    """Decides, for an engine that is not lazy, which failed facts a check's decision needs."""


def compile_rules(rules: Rules, engine: EngineName | None = None) -> Compiled:
    """Compile ``rules`` for ``engine`` (default: :func:`default_engine`)."""
    name = engine or default_engine()[0]
    if name not in ENGINES:
        raise EngineUnavailable(f"unknown engine {name!r}; expected one of {', '.join(ENGINES)}")
    read = {r for check in rules.checks for n in check.all_conditions() for r in check.refs(n)}
    cited = read | {FieldRef(f) for check in rules.checks for f in check.fields()}
    refs = {r.key: r for r in sorted(cited, key=lambda r: r.key)}
    decisive = {key: r for key, r in refs.items() if r in read}
    reference = PythonEngine(rules.checks)
    chosen: Engine = reference
    if name == "durable":
        chosen = durable_engine.DurableEngine(rules.checks, decisive, rules.digest)
    reads = {c.id: frozenset(r.field for n in c.conditions() for r in c.refs(n)) for c in rules.checks}
    return Compiled(rules, chosen, refs, decisive, reads, reference)


def outcomes(compiled: Compiled, operands: Operands, history: bool = True) -> dict[str, Outcome | str]:
    """Each check's outcome (or error message) for one State's operands; with ``history``, the
    truth of its history conditions too."""
    engine = compiled.engine
    found = engine.run(operands if engine.lazy else operands.complete(), history)
    if operands.failures and not engine.lazy:
        # The engine read the failed facts as unknown; the reference tells whose decision needs one.
        failed = operands.failures.keys()
        settled = compiled.reference.run(operands, history)
        found.update({c: settled[c] for c in found if not failed.isdisjoint(compiled.reads[c])})
    return found


def _sorted_profiles(profiles: Iterable[Profile]) -> list[Profile]:
    if isinstance(profiles, Profile):
        raise LapcheckError("expected a list of profiles, got one profile; pass [profile]")
    ordered = sorted(profiles, key=lambda p: p.iso3)
    for before, after in itertools.pairwise(ordered):
        if before.iso3 == after.iso3:
            raise LapcheckError(f"two profiles for {after.iso3}; each State must appear once")
    return ordered


def decide_compiled(
    compiled: Compiled, profiles: Iterable[Profile], as_of: date, stale_after: int | None = None
) -> Decisions:
    """The status of every check for every profile, with a compiled rule pack; and which decisions
    rest on facts observed more than ``stale_after`` months before (default: the rule pack's)."""
    statuses: dict[str, dict[str, Status]] = {}
    stale: dict[str, list[str]] = {}
    rules = compiled.rules
    threshold = rules.plan.stale_after if stale_after is None else stale_after
    for profile in _sorted_profiles(profiles):
        operands = Operands(Context(profile, as_of, rules.calendar, cited=False), compiled.decisive)
        found = outcomes(compiled, operands, history=False)
        statuses[profile.iso3] = {c.id: status(c, found.get(c.id, "no outcome")) for c in rules.checks}
        # Only a check that reads a stale fact can rest on one: the others need no second reading.
        aged = {operands.refs[k].field for k, seen in operands.dated.items() if is_stale(seen, as_of, threshold)}
        if aged:
            old = [c.id for c in rules.checks if not aged.isdisjoint(compiled.reads[c.id])
                   and is_stale(observed(compiled, c, found.get(c.id, "no outcome"), operands), as_of, threshold)]
            if old:
                stale[profile.iso3] = old
    return Decisions.model_construct(as_of=as_of.isoformat(), statuses=statuses, stale=stale)


def evaluate_compiled(
    compiled: Compiled, profiles: Iterable[Profile], as_of: date, stale_after: int | None = None
) -> Report:
    """Every finding, texts included, with a compiled rule pack."""
    from lapcheck.texts import StateTexts

    found: list[Finding] = []
    rules = compiled.rules
    threshold = rules.plan.stale_after if stale_after is None else stale_after
    for profile in _sorted_profiles(profiles):
        operands = Operands(Context(profile, as_of, rules.calendar), compiled.refs)
        results = outcomes(compiled, operands)
        texts = StateTexts(profile, as_of, operands, threshold)
        # Only a check that reads a dated fact can rest on one: the others need no second reading.
        dated = {operands.refs[k].field for k in operands.dated}
        for check in rules.checks:
            outcome = results.get(check.id, "no outcome")
            seen = None if dated.isdisjoint(compiled.reads[check.id]) else observed(compiled, check, outcome, operands)
            found.append(texts.finding(check, outcome, seen))
    # Profiles are visited in ISO order and checks are sorted by id, so findings already are sorted.
    return Report.model_construct(as_of=as_of.isoformat(), findings=found)


def decide(
    profiles: Iterable[Profile],
    rules: Rules | None = None,
    as_of: date | str | None = None,
    engine: EngineName | None = None,
    stale_after: int | None = None,
) -> Decisions:
    """The status of every check for every profile as of ``as_of`` (default: today), without texts."""
    rules = _rules(rules)
    return decide_compiled(compile_rules(rules, engine), profiles, as_of_date(as_of, rules.calendar),
                           _months(stale_after))


def evaluate(
    profiles: Iterable[Profile],
    rules: Rules | None = None,
    as_of: date | str | None = None,
    engine: EngineName | None = None,
    stale_after: int | None = None,
) -> Report:
    """Evaluate every check against every profile as of ``as_of`` (default: today).

    Returns one finding per (State, check), sorted by State then check, each with its rationale
    and evidence. ``engine`` is ``"durable"`` or ``"python"``; by default durable-rules where it
    imports, else Python. A finding resting on a fact observed more than ``stale_after`` months
    before ``as_of`` (default: the rule pack's threshold) is marked stale.
    """
    rules = _rules(rules)
    return evaluate_compiled(compile_rules(rules, engine), profiles, as_of_date(as_of, rules.calendar),
                             _months(stale_after))


def _months(stale_after: int | None) -> int | None:
    if stale_after is not None and (not isinstance(stale_after, int) or isinstance(stale_after, bool)
                                    or stale_after < 0):
        raise LapcheckError(f"stale_after must be a whole number of months, 0 or more, got {stale_after!r}")
    return stale_after


def _rules(rules: Rules | None) -> Rules:
    if rules is None:
        return load_rules()
    if not isinstance(rules, Rules):
        raise LapcheckError(f"expected rules from lapcheck.load_rules(), got {type(rules).__name__}")
    return rules


def as_of_date(as_of: date | str | None, calendar: Calendar | None = None) -> date:
    """``as_of`` as a day: a date, a ``YYYY-MM-DD`` text, or today for ``None``; anything else, or
    a day outside the years ``calendar`` covers, is a :class:`LapcheckError` saying what is expected."""
    day = _day(as_of)
    if day is None:
        raise LapcheckError(f"as_of must be a date or a YYYY-MM-DD text, got {as_of!r}")
    if calendar is not None and not calendar.allows(day):
        first, last = calendar.years
        raise LapcheckError(f"as-of date {day} is outside the years the Convention's calendar covers "
                            f"({first}-{last})")
    return day


def _day(as_of: date | str | None) -> date | None:
    if as_of is None:
        return date.today()
    if isinstance(as_of, datetime):
        return as_of.date()
    if isinstance(as_of, date):
        return as_of
    if isinstance(as_of, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", as_of.strip()):
        try:
            return date.fromisoformat(as_of.strip())
        except ValueError:
            pass
    return None

