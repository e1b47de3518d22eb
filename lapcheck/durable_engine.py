"""The durable-rules engine: checks compiled into durable-rules rulesets, matched by its C core.

durable-rules 2.0.28 (2020, unmaintained) has pitfalls: a crash, silent wrong answers, hangs, no
import on Python 3.13 (each has a test in ``tests/test_durable_engine.py``). This module is the
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
* **Chunked rulesets** of at most :data:`MAX_LEAVES` comparisons and :data:`MAX_ALTERNATIVES` ``$or``
  alternatives (past 511 durable-rules spins forever): more than 64 alpha nodes matching
  one fact fail with error 303. Rules with ``$or`` have alpha nodes of their own, which that count
  does not see: a ruleset whose fact still overflows is split in two, for good (:data:`STACK_FULL`),
  as is one that durable-rules refuses to create for its size (:data:`TOO_BIG`).
* **A sentinel rule** in every ruleset proves the fact was seen, makes every fact "handled" and
  guards ``delete_state``, which crashes the process on a state in which no action ran.
* **The C core, driven directly** (``durable_rules_engine``), not ``durable.engine.Host``: no
  background threads (the Host's timer threads race the caller and segfaulted a benchmark), no
  Python actions whose exceptions durable-rules would swallow, no per-action JSON round trip. A
  fired rule is read by its name; see :class:`_Core`.
* **Rulesets created once per rule-set digest** (they live as long as the process), one state id
  per State per ruleset, deleted afterwards; a lock around the core; facts asserted one at a time
  (a batch runs actions late).
"""

from __future__ import annotations

import hashlib
import itertools
import json
import sys
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from lapcheck.conditions import All, Any_, Compare, Condition, FieldRef, Known, Literal, Not, Values
from lapcheck.dates import PartialDate
from lapcheck.errors import EngineUnavailable
from lapcheck.facts import FIELDS, Scalar
from lapcheck.rules import Check

MAX_LEAVES = 48
"""Distinct comparisons per ruleset; durable-rules fails (error 303) past 64 alpha nodes matching one
fact (70 distinct always-true tests in one ruleset do)."""
STACK_FULL = 303
"""durable-rules' ERR_MAX_STACK_SIZE (rules.h): a fact matched more alpha nodes at once than its
stack holds (64). Identical plain tests share one node, but each rule with an ``$or`` gets nodes of
its own (64 copies of one two-way ``any`` that a fact satisfies overflow, 100 copies of one
plain test do not), so :data:`MAX_LEAVES` cannot bound every ruleset: the one that overflows is
split, and the fact evaluated again on the halves. A check that overflows alone is an error; each
overflow leaves its state behind, since deleting a half-run state may crash."""
TOO_BIG = frozenset({106, 107, 108, 113})
"""durable-rules' limits on what one ruleset holds (rules.h: ERR_RULE_LIMIT_EXCEEDED,
ERR_RULE_EXISTS_LIMIT_EXCEEDED, ERR_RULE_BETA_LIMIT_EXCEEDED, ERR_EXPRESSION_LIMIT_EXCEEDED), which
:data:`MAX_LEAVES` does not bound either (300 checks of one plain test fail with 108, 129 of one
two-way ``any`` with 107, the rule pack fifteen times over with 107). Such a ruleset is created as two of
half its checks each, recursively."""
MAX_ALTERNATIVES = 255
"""``$or`` alternatives per ruleset. durable-rules spins forever, in ``create_ruleset`` or in the
first ``assert_fact``, once a ruleset's alternatives reach 512 (one rule of 511 works, of 512
hangs, as do two rules of 256); half that leaves a margin. A check with more is an error."""
INT_LIMIT = 2**53

Expr = dict[str, Any]
NEVER: Expr = {"t": "never"}  # a pattern no fact matches (every fact has t == "p")
Tag = tuple[str, str, bool]  # (check id, condition name, polarity)


def available() -> tuple[bool, str]:
    """Whether durable-rules imports here, and why not, in one plain sentence."""
    if sys.version_info >= (3, 13):
        # Its last release (2020) builds there but does not import; lapcheck does not install it.
        return False, "durable-rules is not available on Python 3.13 and later"
    try:
        import durable_rules_engine  # noqa: F401  # imported only to learn whether it imports
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
        if cond.op == "in":
            assert isinstance(cond.operand, Literal) and isinstance(cond.operand.value, tuple)
            key = self.keys[cond.field]
            values = [_encode_scalar(v) for v in cond.operand.value]
            if polarity:
                return _or([{key: v} for v in values])
            return _and([{"$neq": {key: v}} for v in values])
        op = cond.op if polarity else _COMPLEMENT[cond.op]
        if self.types[cond.field] == "date":
            return self._compare_dates(cond.field, op, cond.operand)
        key = self.keys[cond.field]
        if isinstance(cond.operand, FieldRef):
            other = self.keys[cond.operand.key]
            return _and([{"$ex": {other: 1}}, _cmp(op, key, {"$m": other})])
        # A Literal compared with <, > and the like holds one scalar; only 'in' holds a tuple, handled above.
        return _cmp(op, key, _encode_scalar(cond.operand.value))  # type: ignore[arg-type]

    def _compare_dates(self, field: str, op: str, operand: FieldRef | Literal) -> Expr:
        lo, hi = f"{self.keys[field]}_lo", f"{self.keys[field]}_hi"
        guard: list[Expr] = []
        olo: Expr | int  # another fact's bounds, or a literal date's ordinals
        ohi: Expr | int
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
    # Dates never come here: facts and comparisons give them as two day numbers, _lo and _hi.
    return value  # type: ignore[return-value]


def encode(values: Values, keys: Keys) -> dict[str, int | str]:
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


# --- the process-wide core -------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class Chunk:
    """One registered ruleset, the checks it holds, and what each of its rule names means."""

    handle: int
    checks: tuple[str, ...]
    tags: Mapping[str, Tag]
    name: str
    rules: Mapping[str, Any]
    """The ruleset as registered: rule names to ``{"all": [...]}``, the sentinel included."""
    error: str | None = None
    """Why durable-rules cannot hold this one check (then nothing is registered): its findings' error."""


class StackFull(Exception):
    """durable-rules' error :data:`STACK_FULL`: the ruleset is too big for this fact."""


class TooBig(Exception):
    """One of durable-rules' errors :data:`TOO_BIG`: it will not create the ruleset."""


def _code(exc: Exception) -> int | None:
    """The error code of a durable-rules error ("Could not assert fact, error code: 303")."""
    _, sep, code = str(exc).rpartition("error code: ")
    return int(code) if sep and code.isdigit() else None


def _halves(
    name: str, rules: Mapping[str, Any], tags: Mapping[str, Tag], checks: tuple[str, ...]
) -> list[tuple[str, dict[str, Any], dict[str, Tag], tuple[str, ...]]]:
    """A ruleset's name, rules, tags and checks, as two rulesets of half its checks each."""
    middle = len(checks) // 2
    out = []
    for suffix, ids in (("a", checks[:middle]), ("b", checks[middle:])):
        kept = {rule: tag for rule, tag in tags.items() if tag[0] in ids}
        out.append((name + suffix, {rule: rules[rule] for rule in (SENTINEL, *kept)}, kept, ids))
    return out


class _Core:
    """durable-rules' C core for this process; rulesets created once per rule-set digest.

    lapcheck drives the C module (``durable_rules_engine``) directly rather than through
    ``durable.engine.Host``. The Host runs each fired rule through a Python layer that decodes the
    whole fact from JSON, wraps it in closure objects, re-encodes the state and writes it back, at
    several times the cost of the matching itself. It also starts two timer threads that re-arm
    forever and race the caller (a process under load can segfault). Here an action is only its
    rule name, read off the front of the message.
    """

    def __init__(self) -> None:
        import durable_rules_engine

        self.c = durable_rules_engine
        self.lock = threading.RLock()
        self.registered: dict[str, list[Chunk]] = {}
        """The rulesets of each rule-set digest, in check order; a split one is replaced by its halves."""
        self.halves: dict[int, tuple[Chunk, ...]] = {}
        """What each split ruleset (by handle) became."""
        self.sids = itertools.count()

    def create(self, name: str, ruleset: dict[str, Any], tags: Mapping[str, Tag], checks: tuple[str, ...]) -> Chunk:
        """Register one ruleset (``ruleset`` maps rule names to ``{"all": [...]}``). Raises
        :class:`TooBig` when durable-rules will not hold that much in one ruleset."""
        try:
            handle = self.c.create_ruleset(name, json.dumps(ruleset))
        except Exception as exc:  # durable raises its own error type with numeric codes
            if _code(exc) in TOO_BIG:
                raise TooBig(str(exc)) from None
            raise
        return Chunk(handle, checks, tags, name, ruleset)

    def match(self, chunk: Chunk, body: str, sid: str) -> tuple[list[str], str | None]:
        """Assert the fact ``body`` (see :meth:`DurableEngine.fact`) into a fresh state ``sid`` of
        ``chunk``: the names of the rules that fired, and an error message if the engine failed.
        Raises :class:`StackFull` when the fact matched too much of the ruleset at once."""
        fired: list[str] = []
        try:
            code, state = self.c.assert_fact(chunk.handle, f'{body}, "sid": "{sid}"}}')
            if code != 0:  # 1: not handled, 2: already observed, 3: deferred (rules.h)
                return fired, f"durable-rules did not handle the fact (code {code})"
            action = self.c.start_action_for_state(chunk.handle, state)
            message = action[1] if action else None
            while message:
                # A message is {"<rule name>": {...the fact...}}; rule names are lapcheck's own
                # (check ids, condition names and digits, no quotes), so the name ends at the next quote.
                fired.append(message[2:message.index('"', 2)])
                message = self.c.complete_and_start_action(chunk.handle, state)
        except Exception as exc:
            if _code(exc) == STACK_FULL:
                raise StackFull(str(exc)) from None
            return fired, f"durable-rules failed: {exc}"
        return fired, None

    def delete(self, chunk: Chunk, sid: str) -> None:
        self.c.delete_state(chunk.handle, sid)


_CORE: _Core | None = None
_CORE_LOCK = threading.Lock()


def _core() -> _Core:
    global _CORE
    with _CORE_LOCK:
        if _CORE is None:
            ok, why = available()
            if not ok:
                raise EngineUnavailable(why)
            _CORE = _Core()
        return _CORE


SENTINEL = "sentinel"
"""The rule every fact matches in every ruleset (see the module docstring)."""


class DurableEngine:
    """Evaluates checks with durable-rules; see the module docstring for the guards."""

    name = "durable"
    lazy = False  # the whole fact is asserted at once

    def __init__(self, checks: Iterable[Check], operands: Mapping[str, FieldRef], digest: str) -> None:
        """Register ``checks``, whose conditions read ``operands`` (by key), once per ``digest``."""
        self.checks = tuple(checks)
        self.keys = keys = Keys(operands)  # its fact holds what its rules test, no more
        self.core = _core()
        compiler = Compiler(keys, {key: FIELDS[ref.field].type for key, ref in operands.items()})
        with self.core.lock:
            chunks = self.core.registered.get(digest)
            if chunks is None:
                chunks = self.core.registered[digest] = self._register(compiler, digest)
        self.chunks = chunks
        self.by_id = {c.id: c for c in self.checks}

    def _register(self, compiler: Compiler, digest: str) -> list[Chunk]:
        chunks: list[tuple[list[str], dict[str, Any], dict[str, Tag], set[str], list[int]]] = []
        refused: list[Chunk] = []
        for check in self.checks:
            rules: dict[str, Any] = {}
            tags: dict[str, Tag] = {}
            leaves: set[str] = set()
            alternatives = 0
            for name, cond in check.all_conditions().items():
                for polarity in (True, False):
                    expr = compiler.compile(cond, polarity)
                    if expr is NEVER:
                        continue
                    leaves.update(_leaves(expr))
                    alternatives += _alternatives(expr)
                    rule = f"{check.id}|{name}|{int(polarity)}"
                    rules[rule] = {"all": [{"m": {"$and": [{"t": "p"}, expr]}}]}
                    tags[rule] = (check.id, name, polarity)
            # Identical tests share one alpha node, so what must stay under the limit is the number
            # of distinct leaves in a ruleset, not their total.
            if alternatives > MAX_ALTERNATIVES:
                refused.append(_refused(check.id, f"{alternatives} alternatives ($or), more than the "
                                                  f"{MAX_ALTERNATIVES} it handles"))
                continue
            if (not chunks or len(chunks[-1][3] | leaves) > MAX_LEAVES
                    or chunks[-1][4][0] + alternatives > MAX_ALTERNATIVES):
                chunks.append(([], {SENTINEL: {"all": [{"m": {"t": "p"}}]}}, {}, set(), [0]))
            chunks[-1][0].append(check.id)
            chunks[-1][1].update(rules)
            chunks[-1][2].update(tags)
            chunks[-1][3].update(leaves)
            chunks[-1][4][0] += alternatives
        prefix = f"lapcheck_{hashlib.sha256(digest.encode()).hexdigest()[:24]}"
        return refused + [
            created
            for i, (ids, ruleset, tags, _, _) in enumerate(chunks)
            for created in self._create(f"{prefix}_{i}", ruleset, tags, tuple(ids))
        ]

    def _create(
        self, name: str, rules: dict[str, Any], tags: Mapping[str, Tag], checks: tuple[str, ...]
    ) -> list[Chunk]:
        """One ruleset of ``checks``, or several if durable-rules will not hold them in one."""
        try:
            return [self.core.create(name, rules, tags, checks)]
        except TooBig as exc:
            if len(checks) == 1:
                return [_refused(checks[0], str(exc))]
            return [chunk for part in _halves(name, rules, tags, checks) for chunk in self._create(*part)]

    def run(self, values: Values, history: bool = True) -> dict[str, Mapping[str, bool | None] | str]:
        """Outcomes per check id: each condition's truth value (history included, whatever
        ``history`` says: one ruleset holds them all), or an error message."""
        body = self.fact(values)
        out: dict[str, Mapping[str, bool | None] | str] = {}
        for chunk in tuple(self.chunks):  # a copy: a chunk may be split on the way
            self._evaluate(chunk, body, out)
        return out

    def fact(self, values: Values) -> str:
        """The durable-rules fact for ``values`` as JSON, open at its end: encoded once, it reaches
        each ruleset with a state id of its own (:meth:`_Core.match` closes it)."""
        return json.dumps({**encode(values, self.keys), "t": "p", "id": "p"})[:-1]

    def _evaluate(self, chunk: Chunk, body: str, out: dict[str, Mapping[str, bool | None] | str]) -> None:
        """Each of ``chunk``'s checks' outcome (or error) for the fact ``body``, into ``out``."""
        if chunk.error is not None:
            out[chunk.checks[0]] = chunk.error
            return
        with self.core.lock:
            sid = f"s{next(self.core.sids)}"
            try:
                fired, error = self.core.match(chunk, body, sid)
            except StackFull as exc:
                if len(chunk.checks) > 1:  # the overflowed state is left: deleting a half-run state may crash
                    for half in self._split(chunk):
                        self._evaluate(half, body, out)
                    return
                fired, error = [], (f"durable-rules failed: {exc} (this check's tests matched more at "
                                    "once than durable-rules can hold; the Python engine has no such limit)")
            if error is None and SENTINEL not in fired:
                error = "durable-rules did not evaluate the fact (sentinel rule did not fire)"
            if error is None:
                self.core.delete(chunk, sid)  # otherwise leaked: deleting a half-run state may crash
        if error is None:
            out.update(self._outcomes(chunk, fired))
        else:
            out.update({check_id: error for check_id in chunk.checks})

    def _split(self, chunk: Chunk) -> tuple[Chunk, ...]:
        """Rulesets of half of ``chunk``'s checks each, which replace it for every later fact and
        every engine of the same rules (the core's lock held)."""
        halves = self.core.halves.get(chunk.handle)
        if halves is None:
            parts = _halves(chunk.name, chunk.rules, chunk.tags, chunk.checks)
            halves = self.core.halves[chunk.handle] = tuple(c for part in parts for c in self._create(*part))
            at = next(i for i, c in enumerate(self.chunks) if c is chunk)
            self.chunks[at:at + 1] = halves
        return halves

    def _outcomes(self, chunk: Chunk, fired: list[str]) -> dict[str, Mapping[str, bool | None] | str]:
        unknown = [name for name in fired if name != SENTINEL and name not in chunk.tags]
        if unknown:
            return {check_id: f"durable-rules fired an unknown rule {unknown[0]!r}" for check_id in chunk.checks}
        seen = {chunk.tags[name] for name in fired if name != SENTINEL}
        out: dict[str, Mapping[str, bool | None] | str] = {}
        for check_id in chunk.checks:
            result: dict[str, bool | None] = {}
            for name in self.by_id[check_id].all_conditions():
                true, false = (check_id, name, True) in seen, (check_id, name, False) in seen
                if true and false:
                    out[check_id] = f"durable-rules matched both '{name}' and its negation"
                    break
                result[name] = True if true else (False if false else None)
            else:
                out[check_id] = result
        return out


def _refused(check_id: str, why: str) -> Chunk:
    """A check durable-rules cannot hold: not registered, and an error for every State."""
    return Chunk(-1, (check_id,), {}, "", {}, error=f"durable-rules cannot hold this check's rules ({why}); "
                                                 "the Python engine (--engine python) has no such limit")


def _alternatives(expr: Expr) -> int:
    """The ``$or`` alternatives in an expression, nested ones included."""
    count = 0
    for key, value in expr.items():
        if key in ("$and", "$or"):
            count += (len(value) if key == "$or" else 0) + sum(_alternatives(item) for item in value)
    return count


def _leaves(expr: Expr) -> Iterator[str]:
    """Each comparison in an expression, in a canonical text form (equal tests, equal text)."""
    for key, value in expr.items():
        if key in ("$and", "$or"):
            for item in value:
                yield from _leaves(item)
        else:
            yield json.dumps({key: value}, sort_keys=True)
