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
    """Where importing its C core fails, available() is False with the import error in the reason."""
    monkeypatch.setitem(sys.modules, "durable_rules_engine", None)
    ok, why = durable_engine.available()
    assert ok is False
    assert why.startswith("durable-rules is not importable (") and "durable_rules_engine" in why


def test_a_fresh_core_is_created_once_and_runs_checks(monkeypatch: pytest.MonkeyPatch) -> None:
    """With no core yet, _core() creates one, returns the same one again, and an engine runs on it."""
    monkeypatch.setattr(durable_engine, "_CORE", None)
    core = durable_engine._core()
    assert isinstance(core, durable_engine._Core)
    assert durable_engine._core() is core
    engine = fresh_engine(make_check("k", {"known": "article4.obligation"}))
    assert engine.core is core
    assert engine.run({"article4.obligation": True}) == {"k": {"compliant": True}}
    assert engine.run({}) == {"k": {"compliant": False}}


def test_no_core_when_durable_does_not_import(monkeypatch: pytest.MonkeyPatch) -> None:
    """With no core yet and durable-rules unavailable, _core() raises EngineUnavailable with the reason."""
    monkeypatch.setattr(durable_engine, "_CORE", None)
    monkeypatch.setattr(durable_engine, "available", lambda: (False, "no durable here"))
    with pytest.raises(EngineUnavailable, match=r"^no durable here$"):
        durable_engine._core()


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


class FakeCore:
    """durable-rules' C module with some functions replaced; the rest are the real ones."""

    def __init__(self, real: Any, **fakes: Any) -> None:
        self.real = real
        self.fakes = fakes
        self.deleted: list[str] = []

    def __getattr__(self, name: str) -> Any:
        if name == "delete_state":
            return lambda handle, sid: (self.deleted.append(sid), self.real.delete_state(handle, sid))
        return self.fakes.get(name) or getattr(self.real, name)


def fake_core(monkeypatch: pytest.MonkeyPatch, engine: DurableEngine, **fakes: Any) -> FakeCore:
    """Replace functions of the C core under ``engine`` for this test."""
    fake = FakeCore(engine.core.c, **fakes)
    monkeypatch.setattr(engine.core, "c", fake)
    return fake


def boom(*_: Any) -> Any:
    raise RuntimeError("Could not assert fact, error code: 302")


def test_an_engine_error_is_reported_for_every_check_of_the_ruleset(monkeypatch: pytest.MonkeyPatch) -> None:
    """An error raised by the C core makes every check of the ruleset an error quoting it."""
    engine = fresh_engine(
        make_check("a", {"known": "article4.obligation"}), make_check("b", {"known": "article4.obligation"})
    )
    fake_core(monkeypatch, engine, assert_fact=boom)
    message = "durable-rules failed: Could not assert fact, error code: 302"
    assert engine.run({}) == {"a": message, "b": message}


def test_an_unhandled_fact_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    """A fact the core reports as not handled (code 1) becomes an error naming the code."""
    engine = fresh_engine(make_check("a", {"known": "article4.obligation"}))
    fake = fake_core(monkeypatch, engine, assert_fact=lambda handle, fact: (1, 0))
    assert engine.run({}) == {"a": "durable-rules did not handle the fact (code 1)"}
    assert fake.deleted == []


def test_a_fact_the_sentinel_did_not_see_is_reported_and_its_state_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    """If no rule fired (not even the sentinel), the checks are errors, not unknowns, and the state is
    not deleted: deleting a state in which no action ran crashes the process."""
    engine = fresh_engine(make_check("a", {"known": "article4.obligation"}))
    fake = fake_core(monkeypatch, engine, start_action_for_state=lambda handle, state: None)
    assert engine.run({}) == {"a": "durable-rules did not evaluate the fact (sentinel rule did not fire)"}
    assert fake.deleted == []


def test_a_failure_between_actions_is_reported_and_its_state_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    """A failure after the first action (here the sentinel) loses the rest of the matches: error, and
    the half-processed state is left alone."""
    engine = fresh_engine(make_check("a", {"known": "article4.obligation"}))

    def fail(handle: int, state: int) -> Any:
        raise RuntimeError("Could not complete and start action, error code: 101")

    fake = fake_core(monkeypatch, engine, complete_and_start_action=fail)
    assert engine.run({"article4.obligation": True}) == {
        "a": "durable-rules failed: Could not complete and start action, error code: 101"
    }
    assert fake.deleted == []


def test_an_unknown_rule_name_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    """A fired rule the engine did not register is an error, never silently ignored."""
    engine = fresh_engine(make_check("a", {"known": "article4.obligation"}))
    real = engine.core.c
    strangers = ['{"stranger|compliant|1": {}}']

    def next_action(handle: int, state: int) -> Any:
        return strangers.pop() if strangers else real.complete_and_start_action(handle, state)

    fake_core(monkeypatch, engine, complete_and_start_action=next_action)
    outcome = engine.run({"article4.obligation": True})
    assert outcome == {"a": "durable-rules fired an unknown rule 'stranger|compliant|1'"}


def test_states_are_deleted_once_evaluated(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every ruleset's state is deleted after a normal run (a live state costs ~0.5 MB)."""
    engine = fresh_engine(*year_checks(25))
    fake = fake_core(monkeypatch, engine)
    engine.run({"article9.year": 2024})
    assert len(fake.deleted) == len(engine.chunks) == 2 and len(set(fake.deleted)) == 2


def test_an_error_in_one_ruleset_does_not_lose_the_next(monkeypatch: pytest.MonkeyPatch) -> None:
    """With 25 checks in two rulesets, a failure in the first still lets the second evaluate."""
    engine = fresh_engine(*year_checks(25))
    first = engine.chunks[0].handle
    real = engine.core.c

    def fail_first(handle: int, fact: str) -> Any:
        return boom() if handle == first else real.assert_fact(handle, fact)

    fake_core(monkeypatch, engine, assert_fact=fail_first)
    out = engine.run({"article9.year": 2024})
    assert set(out) == {f"y{n:02d}" for n in range(25)}
    assert all(out[c] == "durable-rules failed: Could not assert fact, error code: 302" for c in engine.chunks[0].checks)
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


def test_a_rule_set_compiled_again_reuses_its_registered_rulesets() -> None:
    """durable-rules never frees a ruleset: a second plan for the same digest gets the very rulesets
    (same handles) of the first, and a different digest gets its own."""
    rules = Rules((make_check("k", {"known": "article4.obligation"}),), f"mutation-{uuid.uuid4().hex}")
    first, again = plan(rules, "durable").engine, plan(rules, "durable").engine
    assert isinstance(first, DurableEngine) and isinstance(again, DurableEngine)
    assert again.chunks is first.chunks
    other = fresh_engine(make_check("k", {"known": "article4.obligation"}))
    assert {c.handle for c in other.chunks}.isdisjoint(c.handle for c in first.chunks)
