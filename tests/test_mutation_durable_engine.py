"""Tests added to kill surviving mutants of lapcheck/durable_engine.py (issue 5, part 6; see tests/README.md).

durable-rules rulesets are registered once per process and rule-set digest, so every test here that
compiles uses a fresh digest (a uuid): its rules are compiled by the code under test, not reused."""

from __future__ import annotations

import sys
import uuid
from typing import Any

import pytest

from lapcheck import durable_engine
from lapcheck.dates import PartialDate
from lapcheck.durable_engine import DurableEngine, Keys, _and, _leaves, _or, encode
from lapcheck.engine import plan
from lapcheck.errors import EngineUnavailable
from lapcheck.rules import Rules
from tests.builders import make_check

pytestmark = pytest.mark.skipif(not durable_engine.available()[0], reason="durable-rules not importable")


def fresh_engine(*checks: Any) -> DurableEngine:
    """A durable engine over ``checks`` under a digest no other test used, so it compiles anew."""
    compiled = plan(
        Rules(tuple(sorted(checks, key=lambda c: c.id)), f"mutation-{uuid.uuid4().hex}"), "durable"
    )
    assert isinstance(compiled.engine, DurableEngine)
    return compiled.engine


def year_checks(count: int) -> list[Any]:
    """``count`` checks ``article9.year eq N`` (N = 2000, 2001, …): two distinct leaves each (eq, ne)."""
    return [make_check(f"y{n:02d}", {"field": "article9.year", "eq": 2000 + n}) for n in range(count)]


def test_available_says_yes_with_no_reason_when_durable_imports() -> None:
    """Where durable-rules imports, available() is (True, "")."""
    assert durable_engine.available() == (True, "")


def test_available_says_no_and_why_when_durable_does_not_import(monkeypatch: pytest.MonkeyPatch) -> None:
    """Where importing durable.engine fails, available() is False with the import error in the reason."""
    monkeypatch.setitem(sys.modules, "durable.engine", None)
    ok, why = durable_engine.available()
    assert ok is False
    assert why.startswith("durable-rules is not importable (") and "durable.engine" in why


def test_a_fresh_host_is_created_once_and_runs_checks(monkeypatch: pytest.MonkeyPatch) -> None:
    """With no host yet, _host() creates one, returns the same one again, and an engine runs on it."""
    monkeypatch.setattr(durable_engine, "_HOST", None)
    host = durable_engine._host()
    assert isinstance(host, durable_engine._Host)
    assert durable_engine._host() is host
    engine = fresh_engine(make_check("k", {"known": "article4.obligation"}))
    assert engine.host is host
    assert engine.run({"article4.obligation": True}) == {"k": {"compliant": True}}
    assert engine.run({}) == {"k": {"compliant": False}}


def test_no_host_when_durable_does_not_import(monkeypatch: pytest.MonkeyPatch) -> None:
    """With no host yet and durable-rules unavailable, _host() raises EngineUnavailable with the reason."""
    monkeypatch.setattr(durable_engine, "_HOST", None)
    monkeypatch.setattr(durable_engine, "available", lambda: (False, "no durable here"))
    with pytest.raises(EngineUnavailable, match=r"^no durable here$"):
        durable_engine._host()


def test_one_expression_is_not_wrapped() -> None:
    """_and and _or of a single expression return that expression itself."""
    expr = {"v0": 1}
    assert _and([expr]) is expr
    assert _or([expr]) is expr


def test_leaves_are_every_comparison_in_canonical_text() -> None:
    """_leaves walks into $and and $or and yields each comparison as JSON with sorted keys."""
    expr = {"$and": [{"v0": 1}, {"$or": [{"$lt": {"v1_hi": 5}}, {"x": {"b": 1, "a": 2}}]}]}
    assert list(_leaves(expr)) == ['{"v0": 1}', '{"$lt": {"v1_hi": 5}}', '{"x": {"a": 2, "b": 1}}']


def test_exactly_max_leaves_fit_in_one_ruleset() -> None:
    """24 checks of two distinct leaves each make 48 = MAX_LEAVES leaves: one ruleset; a 25th makes two."""
    assert durable_engine.MAX_LEAVES == 48
    assert len(fresh_engine(*year_checks(24)).chunks) == 1
    assert len(fresh_engine(*year_checks(25)).chunks) == 2


def test_the_largest_safe_integer_is_encoded() -> None:
    """2**53 is the largest integer allowed, and is encoded unchanged; 2**53 + 1 is refused."""
    keys = Keys(["article9.year"])
    assert encode({"article9.year": 2**53}, keys) == {"v0": 2**53}
    with pytest.raises(ValueError, match="out of range"):
        encode({"article9.year": 2**53 + 1}, keys)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2020-07-10", True), ("2020-07-11", False), ("2020-07", None)],
)
def test_date_equal_to_an_exact_day(value: str, expected: bool | None) -> None:
    """completion eq 10 Jul 2020: true on that day, false on the next, unknown for July 2020 (overlaps)."""
    engine = fresh_engine(make_check("d", {"field": "article4.completion", "eq": "2020-07-10"}))
    assert engine.run({"article4.completion": PartialDate.parse(value)}) == {"d": {"compliant": expected}}


def test_int_field_compared_with_a_field_needs_that_field() -> None:
    """year ge deposit_year: true for 2010 vs 2009, unknown when deposit_year is missing."""
    engine = fresh_engine(
        make_check("i", {"field": "article9.year", "ge": {"field": "participation.deposit_year"}})
    )
    assert engine.run({"article9.year": 2010, "participation.deposit_year": 2009}) == {
        "i": {"compliant": True}
    }
    assert engine.run({"article9.year": 2010}) == {"i": {"compliant": None}}


def test_date_compared_with_a_missing_field_is_unknown() -> None:
    """completion le deadline with the deadline missing is unknown, with it present is decided."""
    engine = fresh_engine(
        make_check("f", {"field": "article4.completion", "le": {"field": "article4.deadline"}})
    )
    done = PartialDate.parse("2020-07-10")
    assert engine.run({"article4.completion": done}) == {"f": {"compliant": None}}
    assert engine.run({"article4.completion": done, "article4.deadline": done}) == {"f": {"compliant": True}}


def replace_assert_fact(monkeypatch: pytest.MonkeyPatch, engine: DurableEngine, fake: Any) -> None:
    """Make ``fake(ruleset, fact, real)`` stand in for the host's assert_fact during this test."""
    real = engine.host.host.assert_fact
    monkeypatch.setattr(engine.host.host, "assert_fact", lambda name, fact: fake(name, fact, real))


def test_an_exception_in_the_state_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    """A state carrying an "exception" from an action makes every check of the ruleset an error naming it."""
    engine = fresh_engine(
        make_check("a", {"known": "article4.obligation"}), make_check("b", {"known": "article4.obligation"})
    )
    replace_assert_fact(monkeypatch, engine, lambda name, fact, real: {"exception": "boom"})
    assert engine.run({}) == {
        "a": "durable-rules action failed: boom",
        "b": "durable-rules action failed: boom",
    }


def test_an_unhandled_fact_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    """MessageNotHandledException from durable-rules becomes "durable-rules did not handle the fact"."""
    from durable.engine import MessageNotHandledException  # type: ignore[import-untyped]

    engine = fresh_engine(make_check("a", {"known": "article4.obligation"}))

    def refuse(name: str, fact: Any, real: Any) -> Any:
        raise MessageNotHandledException(fact)

    replace_assert_fact(monkeypatch, engine, refuse)
    assert engine.run({}) == {"a": "durable-rules did not handle the fact"}


def test_a_fact_the_sentinel_did_not_see_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    """If no rule fired (not even the sentinel), the checks are errors, not unknowns."""
    engine = fresh_engine(make_check("a", {"known": "article4.obligation"}))
    replace_assert_fact(monkeypatch, engine, lambda name, fact, real: None)
    assert engine.run({}) == {"a": "durable-rules did not evaluate the fact (sentinel rule did not fire)"}


def test_an_error_in_one_ruleset_does_not_lose_the_next(monkeypatch: pytest.MonkeyPatch) -> None:
    """With 25 checks in two rulesets, a failure in the first still lets the second evaluate."""
    engine = fresh_engine(*year_checks(25))
    first = engine.chunks[0].name

    def fail_first(name: str, fact: Any, real: Any) -> Any:
        return {"exception": "boom"} if name == first else real(name, fact)

    replace_assert_fact(monkeypatch, engine, fail_first)
    out = engine.run({"article9.year": 2024})
    assert set(out) == {f"y{n:02d}" for n in range(25)}
    assert all(out[c] == "durable-rules action failed: boom" for c in engine.chunks[0].checks)
    assert engine.chunks[1].checks == ("y24",)
    assert out["y24"] == {"compliant": True}


@pytest.mark.parametrize(
    ("value", "literal"),
    [("2020-07", "2020-07-01"), ("2020-07-01", "2020-07")],
)
def test_a_month_is_not_known_to_equal_its_first_day(value: str, literal: str) -> None:
    """July 2020 and 1 Jul 2020 overlap without being known equal: eq is unknown, in either order."""
    engine = fresh_engine(make_check("m", {"field": "article4.completion", "eq": literal}))
    assert engine.run({"article4.completion": PartialDate.parse(value)}) == {"m": {"compliant": None}}


@pytest.mark.parametrize(
    ("completion", "deadline", "expected"),
    [("2020-07-01", "2020-07", None), ("2020-07", "2020-07-01", None), ("2020-07-01", "2020-07-01", True)],
)
def test_date_field_equal_to_a_date_field(completion: str, deadline: str, expected: bool | None) -> None:
    """completion eq deadline is true only for the same exact day; a month vs its first day is unknown."""
    engine = fresh_engine(
        make_check("g", {"field": "article4.completion", "eq": {"field": "article4.deadline"}})
    )
    values = {
        "article4.completion": PartialDate.parse(completion),
        "article4.deadline": PartialDate.parse(deadline),
    }
    assert engine.run(values) == {"g": {"compliant": expected}}


@pytest.mark.parametrize(("value", "expected"), [("2020-09-15", False), ("2020-07-15", None)])
def test_a_day_is_never_known_to_equal_a_month(value: str, expected: bool | None) -> None:
    """completion eq July 2020: false for a day outside July, unknown for a day inside it, never true."""
    engine = fresh_engine(make_check("j", {"field": "article4.completion", "eq": "2020-07"}))
    assert engine.run({"article4.completion": PartialDate.parse(value)}) == {"j": {"compliant": expected}}


@pytest.mark.parametrize(("value", "expected"), [("in_progress", True), ("none_reported", False)])
def test_in_a_list_of_text_values(value: str, expected: bool) -> None:
    """article9.status in [in_progress, specific_legislation]: true for a listed value, false otherwise."""
    engine = fresh_engine(
        make_check("s", {"field": "article9.status", "in": ["in_progress", "specific_legislation"]})
    )
    assert engine.run({"article9.status": value}) == {"s": {"compliant": expected}}
