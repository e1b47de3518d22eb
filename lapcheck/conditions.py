"""The rule condition language: parse plain data into a typed AST, checked against the fact table.

A condition is a mapping with exactly one of these shapes::

    {all: [COND, ...]}   {any: [COND, ...]}   {not: COND}   {known: FIELD}
    {field: FIELD, OP: OPERAND}      OP: eq ne lt le gt ge in

An OPERAND is a literal of the field's type (a date such as ``2025-08-01`` or ``2018``, a
boolean, an integer, one of a text field's values; a list for ``in``), or another field,
optionally moved by an offset: ``{field: as_of, offset: "+12 months"}``.

Every condition evaluates to ``True``, ``False`` or ``None`` (unknown): a comparison with an
unknown fact, or between partial dates that overlap, is unknown; ``all``/``any``/``not`` follow
Kleene's three-valued logic. The reference evaluator here is the definition of that semantics;
the durable-rules engine must agree with it (tests/test_engines_agree.py).
"""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Protocol, cast

from lapcheck.dates import PartialDate, parse_offset
from lapcheck.errors import RuleError
from lapcheck.facts import FIELDS, FieldType, Scalar
from lapcheck.yamlsafe import Document, Path_

MAX_DEPTH = 12
"""Conditions nest at most this deep; deeper trees are almost surely a mistake."""
MAX_INT = 2**53
"""Integers beyond this lose precision in JSON and silently fail to match in durable-rules."""
MAX_ITEMS = 24
"""An ``all`` or ``any`` holds at most this many items (durable-rules limits a rule's size)."""
MAX_VALUES = 255
"""An ``in`` list holds at most this many values (every ISO 3166 code fits): durable-rules spins
forever on a ruleset whose ``$or`` alternatives reach 512, and ``in`` is one alternative a value."""


@dataclass(frozen=True, slots=True)
class FieldRef:
    """Another field as an operand, moved by ``months`` then ``days`` (dates only)."""

    field: str
    months: int = 0
    days: int = 0
    key: str = dataclasses.field(init=False, repr=False, compare=False)
    """Name of the derived value this operand stands for (computed once: it is read per State)."""

    def __post_init__(self) -> None:
        shifted = self.months or self.days
        object.__setattr__(self, "key", f"{self.field}{self.months:+d}m{self.days:+d}d" if shifted else self.field)


@dataclass(frozen=True, slots=True)
class Literal:
    """A constant operand; a tuple for ``in``."""

    value: Scalar | tuple[Scalar, ...]


@dataclass(frozen=True, slots=True)
class Compare:
    """``field OP operand``."""

    field: str
    op: str
    operand: FieldRef | Literal


@dataclass(frozen=True, slots=True)
class Known:
    """True when the field is known on the as-of date, false when unknown; never unknown itself."""

    field: str


@dataclass(frozen=True, slots=True)
class All:
    """True when every item is true; false when any is false."""

    items: tuple[Condition, ...]


@dataclass(frozen=True, slots=True)
class Any_:
    """True when any item is true; false when every item is false."""

    items: tuple[Condition, ...]


@dataclass(frozen=True, slots=True)
class Not:
    """True when the item is false, and the reverse; unknown stays unknown."""

    item: Condition


Condition = Compare | Known | All | Any_ | Not
Tri = bool | None


# --- the operator table: one three-valued function per operator -----------------------
def _eq(a: Scalar, b: Any) -> Tri:
    if isinstance(a, PartialDate):
        return a.eq(b)
    return a == b


def _lt(a: Scalar, b: Any) -> Tri:
    # Only comparable scalars reach here: the compiler refused every mixed-type comparison.
    return a.lt(b) if isinstance(a, PartialDate) else a < b  # type: ignore[operator]


def _le(a: Scalar, b: Any) -> Tri:
    return a.le(b) if isinstance(a, PartialDate) else a <= b  # type: ignore[operator]  # as in _lt


def _negate(value: Tri) -> Tri:
    return None if value is None else not value


OPERATORS: dict[str, Callable[[Scalar, Any], Tri]] = {
    "eq": _eq,
    "ne": lambda a, b: _negate(_eq(a, b)),
    "lt": _lt,
    "le": _le,
    "gt": lambda a, b: _lt(b, a),
    "ge": lambda a, b: _le(b, a),
    "in": lambda a, b: a in b,
}
ALLOWED: dict[FieldType, frozenset[str]] = {
    "date": frozenset({"eq", "ne", "lt", "le", "gt", "ge"}),
    "int": frozenset(OPERATORS),
    "str": frozenset({"eq", "ne", "in"}),
    "bool": frozenset({"eq", "ne"}),
}
KINDS = ("all", "any", "not", "known", "field")


# --- evaluation (the reference semantics) ---------------------------------------------
class Values(Protocol):
    """Derived values by operand key, as a plain dict holds them (``None``: unknown)."""

    def get(self, key: str, /) -> Scalar | None:
        """The value of operand ``key``."""
        ...


Evaluator = Callable[[Values], Tri]


def evaluate(cond: Condition, values: Values) -> Tri:
    """Three-valued truth of ``cond`` given derived values (operand keys included)."""
    return compile_condition(cond)(values)


def compile_condition(cond: Condition) -> Evaluator:
    """``cond`` as a function of the derived values: the tree is walked once, here, not at every
    evaluation (the Python engine evaluates each condition once per State)."""
    if isinstance(cond, Compare):
        op = OPERATORS[cond.op]
        left = cond.field
        if isinstance(cond.operand, Literal):
            literal = cond.operand.value
            return lambda values: None if (a := values.get(left)) is None else op(a, literal)
        right = cond.operand.key
        return lambda values: (
            None if (a := values.get(left)) is None or (b := values.get(right)) is None else op(a, b)
        )
    if isinstance(cond, Known):
        field = cond.field
        return lambda values: values.get(field) is not None
    if isinstance(cond, Not):
        inner = compile_condition(cond.item)
        return lambda values: _negate(inner(values))
    return _kleene(tuple(compile_condition(item) for item in cond.items), decisive=not isinstance(cond, All))


def _kleene(items: tuple[Evaluator, ...], decisive: bool) -> Evaluator:
    # Kleene: the decisive value (false for all, true for any) wins over unknown, which wins over the other.
    def combined(values: Values) -> Tri:
        unknown = False
        for item in items:
            result = item(values)
            if result is decisive:
                return decisive
            unknown = unknown or result is None
        return None if unknown else not decisive

    return combined


def walk(cond: Condition) -> Iterator[Condition]:
    """Every node of the tree, depth first."""
    yield cond
    if isinstance(cond, Not):
        yield from walk(cond.item)
    elif isinstance(cond, (All, Any_)):
        for item in cond.items:
            yield from walk(item)


def field_refs(cond: Condition) -> Iterator[FieldRef]:
    """Every field the condition reads, as operand references (offsets included)."""
    for node in walk(cond):
        if isinstance(node, (Compare, Known)):
            yield FieldRef(node.field)
        if isinstance(node, Compare) and isinstance(node.operand, FieldRef):
            yield node.operand


def to_data(cond: Condition) -> dict[str, Any]:
    """The condition back in its file form (for ``explain`` and JSON listings)."""
    if isinstance(cond, All):
        return {"all": [to_data(i) for i in cond.items]}
    if isinstance(cond, Any_):
        return {"any": [to_data(i) for i in cond.items]}
    if isinstance(cond, Not):
        return {"not": to_data(cond.item)}
    if isinstance(cond, Known):
        return {"known": cond.field}
    operand: Any
    if isinstance(cond.operand, FieldRef):
        operand = {"field": cond.operand.field}
        if cond.operand.months or cond.operand.days:
            operand["offset"] = _offset_text(cond.operand)
    else:
        value = cond.operand.value
        operand = [_literal_text(v) for v in value] if isinstance(value, tuple) else _literal_text(value)
    return {"field": cond.field, cond.op: operand}


def _offset_text(ref: FieldRef) -> str:
    if ref.days:
        return f"{ref.days:+d} days"
    return f"{ref.months:+d} months"


def _literal_text(value: Scalar) -> Any:
    return value.iso() if isinstance(value, PartialDate) else value


# --- parsing ---------------------------------------------------------------------------
class Parser:
    """Builds conditions from one rule document, with errors located in it."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc

    def fail(self, message: str, key_path: Path_) -> RuleError:
        # Document.error builds an instance of the class it is given, here a RuleError.
        return self.doc.error(message, key_path, RuleError)  # type: ignore[return-value]

    def parse(self, data: Any, key_path: Path_, depth: int = 0) -> Condition:
        """Parse the condition at ``key_path``."""
        if depth > MAX_DEPTH:
            raise self.fail(f"condition nested more than {MAX_DEPTH} levels deep", key_path)
        if not isinstance(data, dict):
            raise self.fail(f"expected a condition mapping with one of {', '.join(KINDS)}", key_path)
        kinds = [k for k in KINDS if k in data]
        if len(kinds) != 1:
            found = ", ".join(sorted(map(str, data))) or "nothing"
            raise self.fail(f"expected exactly one of {', '.join(KINDS)} in a condition, found {found}", key_path)
        kind = kinds[0]
        if kind in ("all", "any"):
            self._only(data, kind, key_path)
            items = data[kind]
            if not isinstance(items, list) or not items:
                raise self.fail(f"'{kind}' needs a non-empty list of conditions", (*key_path, kind))
            if len(items) > MAX_ITEMS:
                raise self.fail(f"'{kind}' has {len(items)} items; at most {MAX_ITEMS}", (*key_path, kind))
            parsed = tuple(self.parse(item, (*key_path, kind, i), depth + 1) for i, item in enumerate(items))
            return All(parsed) if kind == "all" else Any_(parsed)
        if kind == "not":
            self._only(data, "not", key_path)
            return Not(self.parse(data["not"], (*key_path, "not"), depth + 1))
        if kind == "known":
            self._only(data, "known", key_path)
            return Known(self._field(data["known"], (*key_path, "known")).name)
        return self._compare(data, key_path)

    def _only(self, data: dict[str, Any], key: str, key_path: Path_) -> None:
        extra = sorted(set(data) - {key})
        if extra:
            raise self.fail(f"unexpected key {extra[0]!r} beside {key}", (*key_path, extra[0]))

    def _field(self, name: Any, key_path: Path_) -> Any:
        if not isinstance(name, str) or name not in FIELDS:
            close = difflib.get_close_matches(name, FIELDS, n=3) if isinstance(name, str) else []
            hint = f"; did you mean {' or '.join(close)}?" if close else "; `lapcheck fields` lists them"
            raise self.fail(f"unknown field {name!r}{hint}", key_path)
        return FIELDS[name]

    def _compare(self, data: dict[str, Any], key_path: Path_) -> Compare:
        spec = self._field(data["field"], (*key_path, "field"))
        ops = [k for k in data if k != "field"]
        if len(ops) != 1 or ops[0] not in OPERATORS:
            bad = next((k for k in ops if k not in OPERATORS), None)
            what = f"unknown operator {bad!r}" if bad else f"expected one operator, found {len(ops)}"
            raise self.fail(f"{what}; valid operators: {', '.join(OPERATORS)}", (*key_path, bad or "field"))
        op = ops[0]
        where = (*key_path, op)
        if op not in ALLOWED[spec.type]:
            raise self.fail(
                f"operator {op!r} does not apply to {spec.type} field {spec.name!r}; "
                f"use one of {', '.join(sorted(ALLOWED[spec.type]))}",
                where,
            )
        raw = data[op]
        if isinstance(raw, dict) and op != "in":
            return Compare(spec.name, op, self._ref(raw, spec.type, spec.name, where))
        if op == "in":
            if not isinstance(raw, list) or not raw:
                raise self.fail("'in' needs a non-empty list of values", where)
            if len(raw) > MAX_VALUES:
                raise self.fail(f"'in' has {len(raw)} values; at most {MAX_VALUES}", where)
            values = tuple(self._literal(v, spec, (*where, i)) for i, v in enumerate(raw))
            return Compare(spec.name, op, Literal(values))
        return Compare(spec.name, op, Literal(self._literal(raw, spec, where)))

    def _ref(self, raw: dict[str, Any], type_: FieldType, left: str, where: Path_) -> FieldRef:
        extra = sorted(set(raw) - {"field", "offset"})
        if extra or "field" not in raw:
            raise self.fail("a field operand is {field: NAME} with an optional offset", where)
        spec = self._field(raw["field"], (*where, "field"))
        if spec.type != type_:
            raise self.fail(f"cannot compare {type_} field {left!r} with {spec.type} field {spec.name!r}", where)
        months = days = 0
        if "offset" in raw:
            if type_ != "date":
                raise self.fail("an offset applies to date fields only", (*where, "offset"))
            try:
                months, days = parse_offset(str(raw["offset"]))
            except ValueError as exc:
                raise self.fail(str(exc), (*where, "offset")) from None
        return FieldRef(spec.name, months, days)

    def _literal(self, raw: Any, spec: Any, where: Path_) -> Scalar:
        type_ = spec.type
        if type_ == "date":
            if isinstance(raw, bool) or not isinstance(raw, (str, int)):
                raise self.fail(f"cannot compare date field {spec.name!r} with {raw!r}; expected a date", where)
            try:
                return PartialDate.parse(raw)
            except ValueError as exc:
                raise self.fail(f"date field {spec.name!r}: {exc}", where) from None
        expected: type[bool | int | str] = {"bool": bool, "int": int, "str": str}[type_]
        if not isinstance(raw, expected) or (type_ == "int" and isinstance(raw, bool)):
            raise self.fail(
                f"cannot compare {type_} field {spec.name!r} with {type(raw).__name__} {raw!r}", where
            )
        if type_ == "int" and abs(cast(int, raw)) > MAX_INT:
            raise self.fail(f"{raw} is out of range; integers are at most {MAX_INT}", where)
        if spec.choices and raw not in spec.choices:
            choices = ", ".join(spec.choices)
            raise self.fail(f"{raw!r} is not a value of {spec.name!r}; expected one of {choices}", where)
        return raw
