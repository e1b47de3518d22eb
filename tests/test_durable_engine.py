"""Each measured durable-rules pitfall has a guard in lapcheck/durable_engine.py, and a test here.

The engine registers rulesets once per process and rule-set digest; ``engine_for`` gives each
test's checks a digest of their own, so each test compiles its rules anew."""

from __future__ import annotations

import signal
import subprocess
import sys
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lapcheck import durable_engine
from lapcheck.conditions import Parser, to_data
from lapcheck.conditions import evaluate as reference
from lapcheck.dates import PartialDate
from lapcheck.durable_engine import DurableEngine, Keys, _and, _leaves, _or, encode
from lapcheck.engine import compile_rules, evaluate
from lapcheck.errors import EngineUnavailable, RuleError
from lapcheck.rules import Rules
from lapcheck.yamlsafe import Document
from tests.builders import make_check, rules_of

pytestmark = pytest.mark.skipif(not durable_engine.available()[0], reason="durable-rules not importable")


def engine_for(*checks: Any) -> durable_engine.DurableEngine:
    """A durable engine over ``checks`` under a digest no other test used, so it compiles anew."""
    rules = Rules(tuple(sorted(checks, key=lambda c: c.id)), f"test-{uuid.uuid4().hex}")
    compiled = compile_rules(rules, "durable")
    assert isinstance(compiled.engine, durable_engine.DurableEngine)
    return compiled.engine


@pytest.fixture
def alarm() -> Iterator[None]:
    """Fail instead of hanging if durable-rules loops."""
    def boom(*_: object) -> None:
        raise TimeoutError("durable-rules did not return")

    old = signal.signal(signal.SIGALRM, boom)
    signal.alarm(20)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, old)


def test_missing_right_hand_field_is_unknown_not_true() -> None:
    """durable-rules fires every $m comparison when the right-hand field is missing; the $ex guard
    makes such a comparison unknown, as the reference says."""
    check = make_check("late", {"field": "article4.completion", "le": {"field": "article4.deadline"}})
    engine = engine_for(check)
    done = PartialDate.parse("2020-07-10")
    assert engine.run({"article4.completion": done, "article4.deadline": None}) == {"late": {"compliant": None}}
    assert engine.run({"article4.completion": done, "article4.deadline": PartialDate.parse("2020-08-01")}) == {
        "late": {"compliant": True}
    }


def test_missing_field_is_neither_true_nor_false() -> None:
    """An unknown fact fires neither the true rule nor the false rule: unknown, not false."""
    engine = engine_for(make_check("fp", {"field": "article5.focal_point", "eq": True}))
    assert engine.run({"article5.focal_point": None}) == {"fp": {"compliant": None}}
    assert engine.run({"article5.focal_point": False}) == {"fp": {"compliant": False}}


def test_more_than_64_matching_checks_are_chunked(monkeypatch: pytest.MonkeyPatch) -> None:
    """70 distinct tests that all match one fact overflow one ruleset (error 303: the pitfall, shown
    with chunking switched off, where the overflowing ruleset is split as the run goes); chunked
    from the start, every check evaluates in rulesets that never overflow."""
    def checks(tag: str) -> list[object]:
        return [make_check(f"{tag}{i:02d}", {"field": "article9.year", "ge": i}) for i in range(70)]

    monkeypatch.setattr(durable_engine, "MAX_LEAVES", 10_000)
    unchunked = engine_for(*checks("u"))
    [whole] = unchunked.chunks
    with pytest.raises(durable_engine.StackFull):
        unchunked.core.match(whole, unchunked.fact({"article9.year": 2018}), "unchunked")
    assert unchunked.run({"article9.year": 2018}) == {f"u{i:02d}": {"compliant": True} for i in range(70)}
    assert len(unchunked.chunks) >= 2
    monkeypatch.undo()
    chunked = engine_for(*checks("c"))
    registered = list(chunked.chunks)
    assert len(registered) >= 2
    assert chunked.run({"article9.year": 2018}) == {f"c{i:02d}": {"compliant": True} for i in range(70)}
    assert chunked.chunks == registered


def test_a_ruleset_whose_any_rules_overflow_is_split_for_good_and_every_check_evaluates() -> None:
    """Each rule with an ``$or`` has alpha nodes of its own: 70 checks repeating one two-way `any`
    count two distinct leaves, so they start in one ruleset, which a fact satisfying both items
    overflows (error 303). That ruleset is split until it fits, once: later facts, and engines of
    the same rules, use the halves."""
    either = {"any": [{"field": "article4.completed", "eq": True},
                      {"field": "article4.obligation", "eq": True}]}
    checks = [make_check(f"either{i:02d}", either) for i in range(70)]
    rules = Rules(tuple(checks), f"test-{uuid.uuid4().hex}")
    engine = compile_rules(rules, "durable").engine
    assert isinstance(engine, DurableEngine)
    [whole] = engine.chunks
    both = {"article4.completed": True, "article4.obligation": True}
    with pytest.raises(durable_engine.StackFull):  # the pitfall itself, in the ruleset as first registered
        engine.core.match(whole, engine.fact(both), "overflow")
    assert engine.run(both) == {c.id: {"compliant": True} for c in checks}
    split = list(engine.chunks)
    assert len(split) >= 2
    assert [c for chunk in split for c in chunk.checks] == [c.id for c in checks]  # each once, in order
    assert engine.run(both) == {c.id: {"compliant": True} for c in checks}
    assert engine.chunks == split
    assert compile_rules(rules, "durable").engine.chunks == split
    stale: dict[str, object] = {}  # as a run in another thread that copied the list before the split
    engine._evaluate(whole, engine.fact(both), stale)
    assert stale == {c.id: {"compliant": True} for c in checks}
    assert engine.chunks == split
    neither = {"article4.completed": False, "article4.obligation": False}
    assert engine.run(neither) == {c.id: {"compliant": False} for c in checks}


def test_a_single_check_that_overflows_is_an_error_finding_and_the_others_evaluate() -> None:
    """A check whose own rules overflow cannot be split: its finding is an error that names the
    limit and the way around it; the other checks of the run keep their statuses."""
    wide = make_check("wide", {"any": [
        {"any": [{"field": "article9.year", "ge": i} for i in range(k, k + 24)]} for k in (0, 24, 48)]})
    other = make_check("other", {"known": "article9.year"})
    out = engine_for(wide, other).run({"article9.year": 2018})
    assert out["other"] == {"compliant": True}
    assert out["wide"] == (
        "durable-rules failed: Could not assert fact, error code: 303 (this check's tests matched more at "
        "once than durable-rules can hold; the Python engine has no such limit)")
    assert engine_for(wide, other).run({"article9.year": -1}) == {
        "wide": {"compliant": False}, "other": {"compliant": True}}


def test_a_ruleset_too_big_to_create_is_created_in_parts() -> None:
    """300 checks repeating one test share every alpha node, but durable-rules will not create one
    ruleset with them all (error 108): they are created in rulesets of fewer checks, and each
    evaluates."""
    checks = [make_check(f"many{i:03d}", {"field": "article4.completed", "eq": True}) for i in range(300)]
    rules = {f"r{i}": {"all": [{"m": {"$and": [{"t": "p"}, {"v0": 1}]}}]} for i in range(300)}
    with pytest.raises(durable_engine.TooBig, match="error code: 108"):  # the limit itself
        durable_engine._core().create("too-big-probe", rules, {}, ())
    engine = engine_for(*checks)
    assert len(engine.chunks) >= 2
    assert [c for chunk in engine.chunks for c in chunk.checks] == [c.id for c in checks]
    assert engine.run({"article4.completed": True}) == {c.id: {"compliant": True} for c in checks}
    assert engine.run({"article4.completed": False}) == {c.id: {"compliant": False} for c in checks}


def test_a_single_check_too_big_to_create_is_an_error_finding(monkeypatch: pytest.MonkeyPatch) -> None:
    """When durable-rules will not create a ruleset of one check (error 113 and its kin), that check's
    findings are errors saying why and what to use instead; the other checks of the run evaluate."""
    create = durable_engine._core().create

    def refuse(name: str, ruleset: Any, tags: Any, checks: tuple[str, ...]) -> Any:
        if "refused" in checks:
            raise durable_engine.TooBig("Could not create ruleset, error code: 113")
        return create(name, ruleset, tags, checks)

    monkeypatch.setattr(durable_engine._core(), "create", refuse)
    engine = engine_for(make_check("refused", {"known": "article4.obligation"}),
                        make_check("other", {"known": "article9.year"}))
    assert engine.run({"article9.year": 2018}) == {
        "other": {"compliant": True},
        "refused": "durable-rules cannot hold this check's rules (Could not create ruleset, error code: 113); "
                   "the Python engine (--engine python) has no such limit"}


HANG = """
from lapcheck.durable_engine import DurableEngine
from tests.test_durable_engine import engine_for
from tests.builders import make_check
codes = [f"X{i:03d}" for i in range(255)]
wide = make_check("wide", {"any": [{"field": "state.iso3", "in": codes}, {"field": "state.iso3", "in": codes}]})
print(engine_for(wide, make_check("other", {"field": "state.iso3", "in": codes})).run({"state.iso3": "X254"}))
"""


def test_a_check_with_more_alternatives_than_durable_handles_is_an_error_not_a_hang() -> None:
    """Two `in` lists of 255 values in one check would make durable-rules spin forever (512 `$or`
    alternatives in a ruleset): that check is an error, the one beside it evaluates. In a subprocess,
    so a hang fails this test instead of the suite."""
    done = subprocess.run([sys.executable, "-c", HANG], capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout == (
        "{'wide': \"durable-rules cannot hold this check's rules (512 alternatives ($or), more than the 255 it "
        "handles); the Python engine (--engine python) has no such limit\", 'other': {'compliant': True}}\n")


def test_rulesets_hold_at_most_max_alternatives() -> None:
    """Checks whose `in` lists together pass the bound go to rulesets of their own, and all evaluate."""
    codes = [f"X{i:03d}" for i in range(200)]
    checks = [make_check(f"c{i}", {"field": "state.iso3", "in": codes}) for i in range(3)]
    engine = engine_for(*checks)
    assert len(engine.chunks) == 3
    assert engine.run({"state.iso3": "X199"}) == {c.id: {"compliant": True} for c in checks}


LONG_LISTS = st.lists(st.sampled_from([f"X{i:03d}" for i in range(400)]), min_size=1, max_size=400)


@settings(max_examples=30, deadline=None)
@given(st.lists(LONG_LISTS, min_size=1, max_size=3), st.integers(0, 400),
       st.integers(-(2**60), 2**60), st.booleans())
def test_durable_agrees_or_the_rule_is_refused_at_load(lists: list[list[str]], pick: int, year: int,
                                                       negate: bool) -> None:
    """Long `in` lists and large integers: the condition is refused at load with a RuleError, or
    durable-rules gives the Python engine's answer (or a clear error when it cannot hold the check)."""
    data: dict[str, Any] = {"any": [{"field": "state.iso3", "in": values} for values in lists]
                            + [{"field": "article9.year", "ge": year}]}
    if negate:
        data = {"not": data}
    doc = Document(Path("r.yaml"), data)
    try:
        cond = Parser(doc).parse(data, ())
    except RuleError:
        return
    values = {"state.iso3": f"X{pick:03d}", "article9.year": 2018}
    got = engine_for(make_check("prop", to_data(cond))).run(values)["prop"]
    if isinstance(got, str):
        assert "alternatives" in got
    else:
        assert got == {"compliant": reference(cond, values)}


def test_shared_tests_do_not_split_rulesets() -> None:
    """70 checks repeating one test share one alpha node: one ruleset suffices."""
    engine = engine_for(*[make_check(f"s{i:02d}", {"field": "article4.completed", "eq": True}) for i in range(70)])
    assert len(engine.chunks) == 1
    assert engine.run({"article4.completed": True}) == {f"s{i:02d}": {"compliant": True} for i in range(70)}


def test_negated_presence_does_not_loop(alarm: None) -> None:
    """A rule that is only `$nex` matches durable's own state message and loops forever; the
    discriminator in every pattern prevents it, and the call returns."""
    engine = engine_for(make_check("nofp", {"not": {"known": "article5.focal_point"}}))
    assert engine.run({"article5.focal_point": None}) == {"nofp": {"compliant": True}}
    assert engine.run({"article5.focal_point": True}) == {"nofp": {"compliant": False}}


def test_states_are_deleted_after_each_run() -> None:
    """Each run's state id is deleted once its sentinel fired (states cost ~0.5 MB each)."""
    engine = engine_for(make_check("fp", {"field": "article5.focal_point", "eq": True}))
    before = next(engine.core.sids)
    engine.run({"article5.focal_point": True})
    sid = f"s{before + 1}"
    with pytest.raises(Exception, match="309"):  # durable: sid not found, because it was deleted
        engine.core.delete(engine.chunks[0], sid)


def test_both_polarities_firing_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """If a compiler bug made the false rule match together with the true rule, the finding is an
    error, never a silent status."""
    monkeypatch.setattr(durable_engine, "_COMPLEMENT", {k: k for k in durable_engine._COMPLEMENT})
    engine = engine_for(make_check("broken-compiler", {"field": "article9.year", "lt": 2030}))
    outcome = engine.run({"article9.year": 2018})
    assert isinstance(outcome["broken-compiler"], str) and "negation" in outcome["broken-compiler"]


def test_evaluations_are_isolated(small_rules, small_profiles) -> None:
    """Two evaluations in one process, with different rules and dates, interleaved, give what each
    gives alone: no facts or rulesets leak between them."""
    other = rules_of(make_check("fp", {"field": "article5.focal_point", "eq": True}))
    alone_a = evaluate(small_profiles, small_rules, date(2024, 11, 28), "durable")
    alone_b = evaluate(small_profiles, other, date(2012, 1, 1), "durable")
    for _ in range(2):
        assert evaluate(small_profiles, other, date(2012, 1, 1), "durable") == alone_b
        assert evaluate(small_profiles, small_rules, date(2024, 11, 28), "durable") == alone_a


def test_rulesets_are_registered_once_per_rule_set(small_rules, small_profiles) -> None:
    """durable-rules never frees a ruleset, so the same rules evaluated again reuse the registered ones."""
    evaluate(small_profiles, small_rules, date(2024, 1, 1), "durable")
    core = durable_engine._core()
    count = len(core.registered)
    evaluate(small_profiles, small_rules, date(2025, 1, 1), "durable")
    assert len(core.registered) == count


def test_dates_reach_the_engine_as_ordinals() -> None:
    """Dates are encoded as first/last ordinal days, never strings (durable compares '2025-3-1' and
    '2025-03-01' as text and coerces strings against numbers)."""
    keys = durable_engine.Keys(["article4.deadline"])
    fact = durable_engine.encode({"article4.deadline": PartialDate.parse("2025-03")}, keys)
    assert fact == {"v0_lo": date(2025, 3, 1).toordinal(), "v0_hi": date(2025, 3, 31).toordinal()}


def test_out_of_range_integers_are_refused() -> None:
    """durable-rules silently fails to match integers beyond 64 bits; the encoder refuses them."""
    with pytest.raises(ValueError, match="out of range"):
        durable_engine.encode({"article9.year": 2**70}, durable_engine.Keys(["article9.year"]))


def test_no_background_dispatch_threads() -> None:
    """durable-rules' Host starts two timer threads that dispatch every ruleset forever, racing the
    caller (a segfault under load); lapcheck drives the C core without a Host, so none exist."""
    import threading

    engine = engine_for(make_check("fp", {"field": "article5.focal_point", "eq": True}))
    assert "durable.engine" not in sys.modules
    timers = [t for t in threading.enumerate() if isinstance(t, threading.Timer)]
    assert timers == []
    assert engine.run({"article5.focal_point": True}) == {"fp": {"compliant": True}}


# --- the compiler and the core at their edges -------------------------------------------------
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
    engine = engine_for(make_check("k", {"known": "article4.obligation"}))
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
    assert len(engine_for(*year_checks(24)).chunks) == 1
    assert len(engine_for(*year_checks(25)).chunks) == 2


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
    engine = engine_for(make_check("d", {"field": "article4.completion", "eq": "2020-07-10"}))
    assert engine.run({"article4.completion": PartialDate.parse(value)}) == {"d": {"compliant": expected}}


def test_int_field_compared_with_a_field_needs_that_field() -> None:
    """year ge deposit_year: true for 2010 vs 2009, unknown when deposit_year is missing."""
    engine = engine_for(
        make_check("i", {"field": "article9.year", "ge": {"field": "participation.deposit_year"}})
    )
    assert engine.run({"article9.year": 2010, "participation.deposit_year": 2009}) == {
        "i": {"compliant": True}
    }
    assert engine.run({"article9.year": 2010}) == {"i": {"compliant": None}}


def test_date_compared_with_a_missing_field_is_unknown() -> None:
    """completion le deadline with the deadline missing is unknown, with it present is decided."""
    engine = engine_for(
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
    engine = engine_for(
        make_check("a", {"known": "article4.obligation"}), make_check("b", {"known": "article4.obligation"})
    )
    fake_core(monkeypatch, engine, assert_fact=boom)
    message = "durable-rules failed: Could not assert fact, error code: 302"
    assert engine.run({}) == {"a": message, "b": message}


def test_an_unhandled_fact_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    """A fact the core reports as not handled (code 1) becomes an error naming the code."""
    engine = engine_for(make_check("a", {"known": "article4.obligation"}))
    fake = fake_core(monkeypatch, engine, assert_fact=lambda handle, fact: (1, 0))
    assert engine.run({}) == {"a": "durable-rules did not handle the fact (code 1)"}
    assert fake.deleted == []


def test_a_fact_the_sentinel_did_not_see_is_reported_and_its_state_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    """If no rule fired (not even the sentinel), the checks are errors, not unknowns, and the state is
    not deleted: deleting a state in which no action ran crashes the process."""
    engine = engine_for(make_check("a", {"known": "article4.obligation"}))
    fake = fake_core(monkeypatch, engine, start_action_for_state=lambda handle, state: None)
    assert engine.run({}) == {"a": "durable-rules did not evaluate the fact (sentinel rule did not fire)"}
    assert fake.deleted == []


def test_a_failure_between_actions_is_reported_and_its_state_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    """A failure after the first action (here the sentinel) loses the rest of the matches: error, and
    the half-processed state is left alone."""
    engine = engine_for(make_check("a", {"known": "article4.obligation"}))

    def fail(handle: int, state: int) -> Any:
        raise RuntimeError("Could not complete and start action, error code: 101")

    fake = fake_core(monkeypatch, engine, complete_and_start_action=fail)
    assert engine.run({"article4.obligation": True}) == {
        "a": "durable-rules failed: Could not complete and start action, error code: 101"
    }
    assert fake.deleted == []


def test_an_unknown_rule_name_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    """A fired rule the engine did not register is an error, never silently ignored."""
    engine = engine_for(make_check("a", {"known": "article4.obligation"}))
    real = engine.core.c
    strangers = ['{"stranger|compliant|1": {}}']

    def next_action(handle: int, state: int) -> Any:
        return strangers.pop() if strangers else real.complete_and_start_action(handle, state)

    fake_core(monkeypatch, engine, complete_and_start_action=next_action)
    outcome = engine.run({"article4.obligation": True})
    assert outcome == {"a": "durable-rules fired an unknown rule 'stranger|compliant|1'"}


def test_states_are_deleted_once_evaluated(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every ruleset's state is deleted after a normal run (a live state costs ~0.5 MB)."""
    engine = engine_for(*year_checks(25))
    fake = fake_core(monkeypatch, engine)
    engine.run({"article9.year": 2024})
    assert len(fake.deleted) == len(engine.chunks) == 2 and len(set(fake.deleted)) == 2


def test_an_error_in_one_ruleset_does_not_lose_the_next(monkeypatch: pytest.MonkeyPatch) -> None:
    """With 25 checks in two rulesets, a failure in the first still lets the second evaluate."""
    engine = engine_for(*year_checks(25))
    first = engine.chunks[0].handle
    real = engine.core.c

    def fail_first(handle: int, fact: str) -> Any:
        return boom() if handle == first else real.assert_fact(handle, fact)

    fake_core(monkeypatch, engine, assert_fact=fail_first)
    out = engine.run({"article9.year": 2024})
    assert set(out) == {f"y{n:02d}" for n in range(25)}
    failed = "durable-rules failed: Could not assert fact, error code: 302"
    assert all(out[c] == failed for c in engine.chunks[0].checks)
    assert engine.chunks[1].checks == ("y24",)
    assert out["y24"] == {"compliant": True}


@pytest.mark.parametrize(
    ("value", "literal"),
    [("2020-07", "2020-07-01"), ("2020-07-01", "2020-07")],
)
def test_a_month_is_not_known_to_equal_its_first_day(value: str, literal: str) -> None:
    """July 2020 and 1 Jul 2020 overlap without being known equal: eq is unknown, in either order."""
    engine = engine_for(make_check("m", {"field": "article4.completion", "eq": literal}))
    assert engine.run({"article4.completion": PartialDate.parse(value)}) == {"m": {"compliant": None}}


@pytest.mark.parametrize(
    ("completion", "deadline", "expected"),
    [("2020-07-01", "2020-07", None), ("2020-07", "2020-07-01", None), ("2020-07-01", "2020-07-01", True)],
)
def test_date_field_equal_to_a_date_field(completion: str, deadline: str, expected: bool | None) -> None:
    """completion eq deadline is true only for the same exact day; a month vs its first day is unknown."""
    engine = engine_for(
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
    engine = engine_for(make_check("j", {"field": "article4.completion", "eq": "2020-07"}))
    assert engine.run({"article4.completion": PartialDate.parse(value)}) == {"j": {"compliant": expected}}


@pytest.mark.parametrize(("value", "expected"), [("in_progress", True), ("none_reported", False)])
def test_in_a_list_of_text_values(value: str, expected: bool) -> None:
    """article9.status in [in_progress, specific_legislation]: true for a listed value, false otherwise."""
    engine = engine_for(
        make_check("s", {"field": "article9.status", "in": ["in_progress", "specific_legislation"]})
    )
    assert engine.run({"article9.status": value}) == {"s": {"compliant": expected}}


def test_a_rule_set_compiled_again_reuses_its_registered_rulesets() -> None:
    """durable-rules never frees a ruleset: a second plan for the same digest gets the very rulesets
    (same handles) of the first, and a different digest gets its own."""
    rules = Rules((make_check("k", {"known": "article4.obligation"}),), f"mutation-{uuid.uuid4().hex}")
    first, again = compile_rules(rules, "durable").engine, compile_rules(rules, "durable").engine
    assert isinstance(first, DurableEngine) and isinstance(again, DurableEngine)
    assert again.chunks is first.chunks
    other = engine_for(make_check("k", {"known": "article4.obligation"}))
    assert {c.handle for c in other.chunks}.isdisjoint(c.handle for c in first.chunks)
