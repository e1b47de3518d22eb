"""Each measured durable-rules pitfall (shared/durable-rules.md §11) has a guard, and a test here."""

from __future__ import annotations

import signal
import sys
from collections.abc import Iterator
from datetime import date

import pytest

from lapcheck import durable_engine
from lapcheck.dates import PartialDate
from lapcheck.engine import evaluate
from tests.builders import make_check, rules_of

pytestmark = pytest.mark.skipif(not durable_engine.available()[0], reason="durable-rules not importable")


def engine_for(*checks: object) -> durable_engine.DurableEngine:
    """A durable engine over ``checks`` with keys for every field they read."""
    from lapcheck.engine import plan

    compiled = plan(rules_of(*checks), "durable")
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
    engine = engine_for(*checks)
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
    assert engine_for(*checks).chunks == split
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


def test_a_single_check_too_big_to_create_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """When durable-rules will not create a ruleset of one check, compiling says which check, why,
    and what to use instead (an EngineUnavailable: a clear error and exit 2 on the command line)."""
    from lapcheck.errors import EngineUnavailable

    def refuse(*_: object) -> object:
        raise durable_engine.TooBig("Could not create ruleset, error code: 107")

    monkeypatch.setattr(durable_engine._core(), "create", refuse)
    with pytest.raises(EngineUnavailable) as caught:
        engine_for(make_check("refused", {"known": "article4.obligation"}))
    assert str(caught.value) == (
        "check 'refused': durable-rules will not hold its rules (Could not create ruleset, error code: "
        "107); the Python engine (--engine python) has no such limit")


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


def test_evaluations_are_isolated(small_rules, small_profiles) -> None:  # type: ignore[no-untyped-def]
    """Two evaluations in one process, with different rules and dates, interleaved, give what each
    gives alone: no facts or rulesets leak between them."""
    other = rules_of(make_check("fp", {"field": "article5.focal_point", "eq": True}))
    alone_a = evaluate(small_profiles, small_rules, date(2024, 11, 28), "durable")
    alone_b = evaluate(small_profiles, other, date(2012, 1, 1), "durable")
    for _ in range(2):
        assert evaluate(small_profiles, other, date(2012, 1, 1), "durable") == alone_b
        assert evaluate(small_profiles, small_rules, date(2024, 11, 28), "durable") == alone_a


def test_rulesets_are_registered_once_per_rule_set(small_rules, small_profiles) -> None:  # type: ignore[no-untyped-def]
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
