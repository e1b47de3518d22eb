"""The durable-rules engine gives exactly the reference evaluator's truth values."""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lapcheck import conditions, durable_engine
from lapcheck.dates import PartialDate
from lapcheck.engine import PythonEngine, status
from lapcheck.facts import FIELDS
from tests.builders import make_check

pytestmark = pytest.mark.skipif(not durable_engine.available()[0], reason="durable-rules not importable")

DATES = ["article4.deadline", "article4.completion", "participation.entry_into_force", "as_of"]
BOOLS = ["article4.completed", "article4.obligation", "article5.focal_point"]
INTS = ["article9.year", "article4.extensions_granted"]
STATUS = "article9.status"
CHOICES = FIELDS[STATUS].choices


@st.composite
def partial_dates(draw: Any) -> PartialDate:
    """Dates in a narrow window, so that spans often overlap and comparisons are often unknown."""
    year = draw(st.integers(2019, 2021))
    kind = draw(st.sampled_from(["day", "month", "year", "span"]))
    if kind == "year":
        return PartialDate.parse(year)
    month = draw(st.integers(1, 12))
    if kind == "month":
        return PartialDate.parse(f"{year}-{month:02d}")
    first = date(year, month, draw(st.integers(1, 28)))
    if kind == "day":
        return PartialDate.day(first)
    return PartialDate(first, first.replace(year=first.year + draw(st.integers(0, 1))))


def _date_operand() -> Any:
    literal = partial_dates().map(lambda d: d.iso())
    ref = st.builds(lambda f, off: {"field": f, **({"offset": off} if off else {})},
                    st.sampled_from(DATES), st.sampled_from([None, "+12 months", "-9 months", "+180 days"]))
    return st.one_of(literal, ref)


leaves = st.one_of(
    st.builds(lambda f, op, v: {"field": f, op: v}, st.sampled_from(DATES),
              st.sampled_from(["eq", "ne", "lt", "le", "gt", "ge"]), _date_operand()),
    st.builds(lambda f, op, v: {"field": f, op: v}, st.sampled_from(BOOLS), st.sampled_from(["eq", "ne"]),
              st.one_of(st.booleans(), st.sampled_from(BOOLS).map(lambda f: {"field": f}))),
    st.builds(lambda f, op, v: {"field": f, op: v}, st.sampled_from(INTS),
              st.sampled_from(["eq", "ne", "lt", "le", "gt", "ge"]),
              st.one_of(st.integers(0, 4), st.sampled_from(INTS).map(lambda f: {"field": f}))),
    st.builds(lambda op, v: {"field": STATUS, op: v}, st.sampled_from(["eq", "ne"]), st.sampled_from(CHOICES)),
    st.lists(st.sampled_from(CHOICES), min_size=1, max_size=3, unique=True).map(lambda v: {"field": STATUS, "in": v}),
    st.sampled_from(DATES + BOOLS + INTS + [STATUS]).map(lambda f: {"known": f}),
)
trees = st.recursive(
    leaves,
    lambda kids: st.one_of(
        st.lists(kids, min_size=1, max_size=4).map(lambda xs: {"all": xs}),
        st.lists(kids, min_size=1, max_size=4).map(lambda xs: {"any": xs}),
        kids.map(lambda x: {"not": x}),
    ),
    max_leaves=8,
)


def _value(field: str) -> Any:
    kind = FIELDS[field].type
    if kind == "date":
        return partial_dates()
    if kind == "bool":
        return st.booleans()
    if kind == "int":
        return st.integers(0, 4)
    return st.sampled_from(CHOICES)


@st.composite
def cases(draw: Any) -> tuple[list[Any], list[dict[str, Any]]]:
    """A few checks built from random condition trees, and value sets with unknowns."""
    n = draw(st.integers(1, 4))
    checks = [
        make_check(f"c{i}", draw(trees), applies=draw(st.none() | trees), at_risk=draw(st.none() | trees),
                   history=tuple(draw(st.lists(trees, max_size=2))))
        for i in range(n)
    ]
    refs = {r for c in checks for cond in c.all_conditions().values() for r in conditions.field_refs(cond)}
    rows = []
    for _ in range(draw(st.integers(1, 4))):
        rows.append({r.key: draw(st.none() | _value(r.field)) for r in refs})
    return checks, rows


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_durable_matches_reference(case: tuple[list[Any], list[dict[str, Any]]]) -> None:
    """For random condition trees and facts (unknowns and overlapping partial dates included),
    durable-rules fires exactly the true and false rules the reference evaluator predicts, and
    gives the statuses of the Python engine, which evaluates only what settles them."""
    checks, rows = case
    operands = {r.key: r for c in checks for cond in c.all_conditions().values()
                for r in conditions.field_refs(cond)}
    engine = durable_engine.DurableEngine(checks, operands, hashlib.sha256(repr(checks).encode()).hexdigest())
    python = PythonEngine(checks)
    for row in rows:
        got = engine.run(row)
        # durable-rules evaluates every condition, history included: each has the reference's truth value
        assert got == {c.id: {n: conditions.evaluate(cond, row) for n, cond in c.all_conditions().items()}
                       for c in checks}
        # the Python engine stops at the condition that settles the status: same statuses
        settled = python.run(row)
        assert [status(c, got[c.id]) for c in checks] == [status(c, settled[c.id]) for c in checks]
        # the history conditions, which the Python engine evaluates whatever the status, agree too
        assert [{n: o for n, o in settled[c.id].items() if n.startswith("history")} for c in checks] == [
            {n: o for n, o in got[c.id].items() if n.startswith("history")} for c in checks]
