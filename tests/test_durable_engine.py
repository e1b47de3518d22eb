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
    """70 distinct tests that all match one fact fail with error 303 in one ruleset (the pitfall,
    shown with chunking switched off, as an error finding rather than a crash); chunked, every check
    evaluates."""
    def checks(tag: str) -> list[object]:
        return [make_check(f"{tag}{i:02d}", {"field": "article9.year", "ge": i}) for i in range(70)]

    monkeypatch.setattr(durable_engine, "MAX_LEAVES", 10_000)
    unchunked = engine_for(*checks("u"))
    assert len(unchunked.chunks) == 1
    assert all(isinstance(v, str) and "303" in v for v in unchunked.run({"article9.year": 2018}).values())
    monkeypatch.undo()
    chunked = engine_for(*checks("c"))
    assert len(chunked.chunks) >= 2
    assert chunked.run({"article9.year": 2018}) == {f"c{i:02d}": {"compliant": True} for i in range(70)}


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
