"""The durable-rules engine: checks compiled into durable-rules rulesets, matched by its C core.

durable-rules 2.0.28 (2020, unmaintained) has measured pitfalls (``../shared/durable-rules.md``
in the project history; each has a test in ``tests/test_durable_engine.py``). This module is the
guarded way to use it:

* **Three-valued by construction.** Each condition compiles into a *true* rule and a *false* rule
  (De Morgan plus operator complements). durable-rules does not match a missing field in either
  polarity, so *neither fired* means unknown and *both fired* is an error, never a silent answer.
* **Partial dates** are two integers (first and last day as ordinals), so ``a < b`` is true when
  ``a.last < b.first`` and false when ``a.first >= b.last``; no string or mixed-type comparison
  ever reaches the engine, which coerces ``"2020" < 2025``.
* **Field-to-field comparisons** are guarded by ``$ex`` on the right-hand field: durable-rules
  fires every ``$m`` comparison, in both polarities, when that field is missing.
* **A discriminator** (``t: p``) starts every pattern, so no rule can match the engine's own state
  message (a bare ``$nex`` rule loops forever).
* **Chunked rulesets** of at most :data:`MAX_LEAVES` comparisons: more than 64 alpha nodes matching
  one fact fail with error 303.
* **A sentinel rule** in every ruleset proves the fact was seen, makes every fact "handled" and
  guards ``delete_state``, which crashes the process on a state in which no action ran.
* **No background threads**: the Host's dispatch and timer threads, which re-arm forever and race
  the caller's own calls, are never started (lapcheck needs neither).
* **One Host per process**, rulesets registered once per rule-set digest (they are never freed),
  one state id per State per run, deleted afterwards; a lock around the Host; facts asserted one
  at a time (a batch runs actions late on a background thread); actions only record what fired,
  inside ``try`` (durable-rules swallows exceptions into the state).
"""

from __future__ import annotations

import hashlib
import itertools
import json
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from lapcheck.conditions import All, Any_, Compare, Condition, FieldRef, Known, Literal, Not
from lapcheck.dates import PartialDate
from lapcheck.errors import EngineUnavailable
from lapcheck.facts import Scalar
from lapcheck.rules import Check

MAX_LEAVES = 48
"""Distinct comparisons per ruleset; durable-rules fails (error 303) past 64 alpha nodes matching one
fact, measured with 70 distinct always-true tests in one ruleset."""
INT_LIMIT = 2**53

Expr = dict[str, Any]
NEVER: Expr = {"t": "never"}  # a pattern no fact matches (every fact has t == "p")
Tag = tuple[str, str, bool]  # (check id, condition name, polarity)


def available() -> tuple[bool, str]:
    """Whether durable-rules imports here, and why not."""
    try:
        import durable.engine  # noqa: F401
    except ImportError as exc:
        return False, f"durable-rules is not importable ({exc})"
    return True, ""


class Keys:
    """Short, safe fact keys for derived values (``v0``, ``v1`` …); dates get ``_lo``/``_hi``."""

    def __init__(self, names: Iterable[str]) -> None:
        self.names = {name: f"v{i}" for i, name in enumerate(sorted(set(names)))}

    def __getitem__(self, name: str) -> str:
        return self.names[name]


# --- compiling conditions --------------------------------------------------------------
def _and(items: list[Expr]) -> Expr:
    if any(i is NEVER for i in items):
        return NEVER
    return items[0] if len(items) == 1 else {"$and": items}


def _or(items: list[Expr]) -> Expr:
    kept = [i for i in items if i is not NEVER]
    if not kept:
        return NEVER
    return kept[0] if len(kept) == 1 else {"$or": kept}


_COMPLEMENT = {"lt": "ge", "le": "gt", "gt": "le", "ge": "lt", "eq": "ne", "ne": "eq"}
_DURABLE_OP = {"lt": "$lt", "le": "$lte", "gt": "$gt", "ge": "$gte", "ne": "$neq"}


def _cmp(op: str, key: str, rhs: Any) -> Expr:
    if op == "eq":
        return {key: rhs}
    return {_DURABLE_OP[op]: {key: rhs}}


class Compiler:
    """Turns conditions into pairs of durable-rules expressions: (true when, false when)."""

    def __init__(self, keys: Keys, types: Mapping[str, str]) -> None:
        self.keys = keys
        self.types = types

    def compile(self, cond: Condition, polarity: bool) -> Expr:
        """The expression that matches when ``cond`` has the given truth value."""
        if isinstance(cond, Not):
            return self.compile(cond.item, not polarity)
        if isinstance(cond, (All, Any_)):
            parts = [self.compile(item, polarity) for item in cond.items]
            conjunctive = isinstance(cond, All) == polarity
            return _and(parts) if conjunctive else _or(parts)
        if isinstance(cond, Known):
            key = self._key(cond.field)
            return {"$ex": {key: 1}} if polarity else {"$nex": {key: 1}}
        return self._compare(cond, polarity)

    def _key(self, name: str) -> str:
        base = self.keys[name]
        return f"{base}_lo" if self.types[name] == "date" else base

    def _compare(self, cond: Compare, polarity: bool) -> Expr:
        op = cond.op if polarity else _COMPLEMENT.get(cond.op, cond.op)
        if cond.op == "in":
            assert isinstance(cond.operand, Literal) and isinstance(cond.operand.value, tuple)
            key = self.keys[cond.field]
            values = [_encode_scalar(v) for v in cond.operand.value]
            if polarity:
                return _or([{key: v} for v in values])
            return _and([{"$neq": {key: v}} for v in values])
        if self.types[cond.field] == "date":
            return self._compare_dates(cond.field, op, cond.operand)
        key = self.keys[cond.field]
        if isinstance(cond.operand, FieldRef):
            other = self.keys[cond.operand.key]
            return _and([{"$ex": {other: 1}}, _cmp(op, key, {"$m": other})])
        return _cmp(op, key, _encode_scalar(cond.operand.value))  # type: ignore[arg-type]

    def _compare_dates(self, field: str, op: str, operand: FieldRef | Literal) -> Expr:
        lo, hi = f"{self.keys[field]}_lo", f"{self.keys[field]}_hi"
        guard: list[Expr] = []
        if isinstance(operand, FieldRef):
            base = self.keys[operand.key]
            olo, ohi = {"$m": f"{base}_lo"}, {"$m": f"{base}_hi"}
            guard = [{"$ex": {f"{base}_lo": 1}}]
            exact_other: Expr | None = {f"{base}_lo": ohi}
        else:
            assert isinstance(operand.value, PartialDate)
            olo, ohi = operand.value.first.toordinal(), operand.value.last.toordinal()
            exact_other = None if operand.value.exact else NEVER
        # a < b is sure when a.hi < b.lo; a <= b when a.hi <= b.lo; mirrored for > and >=.
        table: dict[str, Callable[[], list[Expr]]] = {
            "lt": lambda: [{"$lt": {hi: olo}}],
            "le": lambda: [{"$lte": {hi: olo}}],
            "gt": lambda: [{"$gt": {lo: ohi}}],
            "ge": lambda: [{"$gte": {lo: ohi}}],
            "eq": lambda: [{lo: {"$m": hi}}, *([exact_other] if exact_other else []), {lo: olo}],
            "ne": lambda: [_or([{"$lt": {hi: olo}}, {"$gt": {lo: ohi}}])],
        }
        return _and([*guard, *table[op]()])


def _encode_scalar(value: Scalar) -> int | str:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int) and abs(value) > INT_LIMIT:
        raise ValueError(f"integer {value} is out of range for durable-rules")
    return value  # type: ignore[return-value]


def encode(values: Mapping[str, Scalar | None], keys: Keys) -> dict[str, int | str]:
    """The durable-rules fact for derived values: unknowns left out, dates as two ordinals."""
    fact: dict[str, int | str] = {}
    for name, key in keys.names.items():
        value = values.get(name)
        if value is None:
            continue
        if isinstance(value, PartialDate):
            fact[f"{key}_lo"] = value.first.toordinal()
            fact[f"{key}_hi"] = value.last.toordinal()
        else:
            fact[key] = _encode_scalar(value)
    return fact


# --- the process-wide host -------------------------------------------------------------
@dataclass
class Chunk:
    """One registered ruleset and the checks it holds."""

    name: str
    checks: tuple[str, ...]


class _Host:
    """The one durable-rules Host of this process; rulesets registered once per digest."""

    def __init__(self) -> None:
        from durable.engine import Host

        class QuietHost(Host):  # type: ignore[misc]
            def _run(self) -> None:
                # Host starts two timer threads that re-arm forever and dispatch every ruleset every
                # 0.2 s, racing our own calls (a benchmark under load segfaulted twice in four runs;
                # upstream issue 306). lapcheck posts no events and sets no timers, and every action
                # completes inside assert_fact, so those threads have nothing to do: never start them.
                pass

        self.host = QuietHost()
        self.lock = threading.RLock()
        self.fired: dict[str, list[Tag]] = {}
        self.registered: dict[str, tuple[Chunk, ...]] = {}
        self.sids = itertools.count()

    def action(self, tag: Tag) -> Callable[[Any], None]:
        def run(c: Any) -> None:
            try:
                self.fired.setdefault(c.m.sid, []).append(tag)
            except Exception:  # noqa: BLE001 - durable-rules would swallow it; the sentinel check reports it
                pass

        return run


_HOST: _Host | None = None
_HOST_LOCK = threading.Lock()


def _host() -> _Host:
    global _HOST
    with _HOST_LOCK:
        if _HOST is None:
            ok, why = available()
            if not ok:
                raise EngineUnavailable(why)
            _HOST = _Host()
        return _HOST


SENTINEL: Tag = ("", "sentinel", True)


class DurableEngine:
    """Evaluates checks with durable-rules; see the module docstring for the guards."""

    name = "durable"

    def __init__(self, checks: Iterable[Check], keys: Keys, types: Mapping[str, str], digest: str) -> None:
        self.checks = tuple(checks)
        self.keys = keys
        self.host = _host()
        compiler = Compiler(keys, types)
        with self.host.lock:
            chunks = self.host.registered.get(digest)
            if chunks is None:
                chunks = self.host.registered[digest] = self._register(compiler, digest)
        self.chunks = chunks
        self.by_id = {c.id: c for c in self.checks}

    def _register(self, compiler: Compiler, digest: str) -> tuple[Chunk, ...]:
        chunks: list[tuple[list[str], dict[str, Any], set[str]]] = []
        for check in self.checks:
            rules: dict[str, Any] = {}
            leaves: set[str] = set()
            for name, cond in check.conditions().items():
                for polarity in (True, False):
                    expr = compiler.compile(cond, polarity)
                    if expr is NEVER:
                        continue
                    leaves.update(_leaves(expr))
                    rules[f"{check.id}|{name}|{int(polarity)}"] = {
                        "all": [{"m": {"$and": [{"t": "p"}, expr]}}],
                        "run": self.host.action((check.id, name, polarity)),
                    }
            # Identical tests share one alpha node, so what must stay under the limit is the number
            # of distinct leaves in a ruleset, not their total.
            if not chunks or len(chunks[-1][2] | leaves) > MAX_LEAVES:
                sentinel = {"sentinel": {"all": [{"m": {"t": "p"}}], "run": self.host.action(SENTINEL)}}
                chunks.append(([], sentinel, set()))
            chunks[-1][0].append(check.id)
            chunks[-1][1].update(rules)
            chunks[-1][2].update(leaves)
        out = []
        for i, (ids, ruleset, _) in enumerate(chunks):
            name = f"lapcheck_{hashlib.sha256(digest.encode()).hexdigest()[:24]}_{i}"
            self.host.host.set_rulesets({name: ruleset})
            out.append(Chunk(name, tuple(ids)))
        return tuple(out)

    def run(self, values: Mapping[str, Scalar | None]) -> dict[str, dict[str, bool | None] | str]:
        """Outcomes per check id: each condition's truth value, or an error message."""
        from durable.engine import MessageNotHandledException

        fact = encode(values, self.keys)
        out: dict[str, dict[str, bool | None] | str] = {}
        for chunk in self.chunks:
            with self.host.lock:
                sid = f"s{next(self.host.sids)}"
                self.host.fired[sid] = []
                error = None
                try:
                    state = self.host.host.assert_fact(chunk.name, {**fact, "t": "p", "id": "p", "sid": sid})
                    if isinstance(state, dict) and "exception" in state:
                        error = f"durable-rules action failed: {state['exception']}"
                except MessageNotHandledException:
                    error = "durable-rules did not handle the fact"
                except Exception as exc:  # noqa: BLE001 - durable raises bare Exception with error codes
                    error = f"durable-rules failed: {exc}"
                fired = self.host.fired.pop(sid, [])
                if SENTINEL in fired:
                    self.host.host.delete_state(chunk.name, sid)
                elif error is None:
                    error = "durable-rules did not evaluate the fact (sentinel rule did not fire)"
            if error is not None:
                out.update({check_id: error for check_id in chunk.checks})
                continue
            out.update(self._outcomes(chunk.checks, fired))
        return out

    def _outcomes(self, ids: tuple[str, ...], fired: list[Tag]) -> dict[str, dict[str, bool | None] | str]:
        seen = set(fired)
        out: dict[str, dict[str, bool | None] | str] = {}
        for check_id in ids:
            result: dict[str, bool | None] = {}
            for name in self.by_id[check_id].conditions():
                true, false = (check_id, name, True) in seen, (check_id, name, False) in seen
                if true and false:
                    out[check_id] = f"durable-rules matched both '{name}' and its negation"
                    break
                result[name] = True if true else (False if false else None)
            else:
                out[check_id] = result
        return out


def _leaves(expr: Expr) -> Iterator[str]:
    """Each comparison in an expression, in a canonical text form (equal tests, equal text)."""
    for key, value in expr.items():
        if key in ("$and", "$or"):
            for item in value:
                yield from _leaves(item)
        else:
            yield json.dumps({key: value}, sort_keys=True)
