"""Tests added to kill surviving mutants of lapcheck/engine.py (issue 5, part 6; see tests/README.md)."""

from __future__ import annotations

import gc
from datetime import date
from typing import Any

import pytest

from lapcheck import durable_engine, engine, load_rules
from lapcheck.conditions import FieldRef
from lapcheck.dates import PartialDate
from lapcheck.engine import Facts, Outcome, Plan, PythonEngine, _Shown, decide, default_engine, derive, plan
from lapcheck.engine import findings as build
from lapcheck.facts import Context
from lapcheck.model import Finding, Profile
from lapcheck.rules import Check
from tests.builders import make_check, rules_of

ENGINES_HERE = [e for e in engine.ENGINES if e == "python" or durable_engine.available()[0]]

AS_OF = date(2026, 11, 28)


@pytest.fixture
def hrv(small_profiles: list[Profile]) -> Profile:
    """Croatia as hand-made in tests/data/profiles (deposit 17 Aug 2009, clearance completed July 2020)."""
    return next(p for p in small_profiles if p.iso3 == "HRV")


def shown_for(profile: Profile, fields: tuple[str, ...], failures: dict[str, str] | None = None) -> _Shown:
    """The facts ``fields`` of ``profile`` on AS_OF, ready for findings(); ``failures`` as if their
    derivation had raised."""
    refs = {f: FieldRef(f) for f in fields}
    shown = _Shown(profile, AS_OF, refs, {}, {})
    shown.facts = Facts(Context(profile, AS_OF), refs)
    shown.facts.failures.update(failures or {})
    return shown


def finding(check: Check, profile: Profile, shown: _Shown, outcome: Outcome | str) -> Finding:
    """``check``'s finding for ``profile`` as a run builds it, given the engine's ``outcome``."""
    shown.checks = {check.id: check}
    shown.outcomes[check.id] = outcome
    [only] = build([check], profile, shown)
    return only


def test_python_engine_reports_a_failing_check_and_keeps_the_others() -> None:
    """A comparison that raises becomes "ExceptionType: message" for its check; the others get outcomes."""
    bad = make_check("bad", {"field": "article4.deadline", "lt": "2025-08-01"})
    good = make_check("good", {"known": "article4.obligation"})
    out = PythonEngine([bad, good]).run({"article4.deadline": "not a date", "article4.obligation": True})
    assert out == {
        "bad": "TypeError: '<' not supported between instances of 'str' and 'PartialDate'",
        "good": {"compliant": True},
    }


def test_python_engine_outcomes_are_shared_and_read_only() -> None:
    """States with the same outcome for a check get the same read-only mapping: no caller can
    change another State's outcome through it."""
    at_risk = {"field": "article4.completed", "eq": True}
    check = make_check("c", {"known": "article4.obligation"}, at_risk=at_risk)
    engine = PythonEngine([check])
    first = engine.run({"article4.obligation": True, "article4.completed": False})["c"]
    second = engine.run({"article4.obligation": False, "article4.completed": False})["c"]
    assert first == {"compliant": True, "at_risk": False} and first is second
    assert engine.run({"article4.obligation": None})["c"] == {"compliant": False}
    changes = [
        lambda o: o.__setitem__("at_risk", True), lambda o: o.__delitem__("at_risk"), lambda o: o.clear(),
        lambda o: o.pop("at_risk"), lambda o: o.popitem(), lambda o: o.setdefault("applies", False),
        lambda o: o.update(at_risk=True), lambda o: o.__ior__({"at_risk": True}),
    ]
    for change in changes:
        with pytest.raises(TypeError):
            change(first)
    assert first == {"compliant": True, "at_risk": False}


def test_python_engine_outcomes_carry_the_status_they_decide() -> None:
    """Each shared outcome carries the status ``decide`` gives it: unknown applicability, not
    applicable, undecided, non-compliant, at risk and compliant, in one check."""
    at_risk = {"field": "article4.completed", "eq": False}
    check = make_check("c", {"field": "article9.status", "eq": "specific_legislation"},
                       applies={"field": "article4.obligation", "eq": True}, at_risk=at_risk)
    engine = PythonEngine([check])
    cases = {
        (None, "specific_legislation", False): "insufficient_data",
        (False, "specific_legislation", False): "not_applicable",
        (True, None, False): "insufficient_data",
        (True, "none_reported", False): "non_compliant",
        (True, "specific_legislation", True): "compliant",
        (True, "specific_legislation", False): "at_risk",
        (True, "specific_legislation", None): "insufficient_data",
    }
    for (obligation, status, completed), expected in cases.items():
        outcome = engine.run({"article4.obligation": obligation, "article9.status": status,
                              "article4.completed": completed})["c"]
        assert outcome.status == expected == decide(check, dict(outcome))  # type: ignore[union-attr]


def test_default_engine_is_durable_when_it_imports(monkeypatch: pytest.MonkeyPatch) -> None:
    """When durable-rules imports, it is the default engine and there is nothing to explain."""
    monkeypatch.setattr(durable_engine, "available", lambda: (True, ""))
    assert default_engine() == ("durable", "")


def test_default_engine_falls_back_to_python_and_says_why(monkeypatch: pytest.MonkeyPatch) -> None:
    """When durable-rules does not import, the default is the Python engine, with the reason given."""
    monkeypatch.setattr(durable_engine, "available", lambda: (False, "no durable here"))
    assert default_engine() == ("python", "no durable here; using the Python engine")


def test_plan_without_an_engine_name_uses_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    """plan(rules) with no engine named compiles for the default engine (Python when durable is missing)."""
    monkeypatch.setattr(durable_engine, "available", lambda: (False, "no durable here"))
    compiled = plan(rules_of(make_check("c", {"known": "article4.obligation"})))
    assert isinstance(compiled.engine, PythonEngine)


@pytest.mark.skipif(not durable_engine.available()[0], reason="durable-rules not importable")
def test_durable_plan_compiles_a_new_rule_set_with_field_types() -> None:
    """A rule set durable-rules has not seen yet is compiled with each field's type (dates as two
    ordinals): 2020-07 < 2020-08-01 is true, 2020-07 < 2020-07-15 unknown, 2020-07 < 2020-07-01 false."""
    import uuid

    from lapcheck.rules import Rules

    check = make_check("fresh", {"field": "article4.completion", "lt": "2020-08-01"})
    check2 = make_check("fresh2", {"field": "article4.completion", "lt": "2020-07-15"})
    check3 = make_check("fresh3", {"field": "article4.completion", "lt": "2020-07-01"})
    rules = Rules((check, check2, check3), f"unique-{uuid.uuid4().hex}")
    compiled = plan(rules, "durable")
    out = compiled.engine.run({"article4.completion": PartialDate.parse("2020-07")})
    assert out == {
        "fresh": {"compliant": True},
        "fresh2": {"compliant": None},
        "fresh3": {"compliant": False},
    }


def test_derive_shifts_by_months_and_days_and_keeps_sources(hrv: Profile) -> None:
    """An operand moved by one month and 14 days: deposit 17 Aug 2009 → 1 Oct 2009, same sources."""
    moved = FieldRef("participation.deposit", 1, 14)
    values, failures = derive(hrv, AS_OF, [FieldRef("participation.deposit"), moved])
    assert failures == {}
    assert values["participation.deposit"].value == PartialDate.parse("2009-08-17")
    assert values[moved.key].value == PartialDate.parse("2009-10-01")
    assert values[moved.key].sources == values["participation.deposit"].sources
    assert values[moved.key].sources != ()


def test_unknown_at_risk_makes_a_compliant_check_undecided() -> None:
    """Compliant but with at_risk unknown, the status is insufficient_data."""
    check = make_check("c", {"known": "article4.obligation"}, at_risk={"known": "article4.obligation"})
    assert decide(check, {"compliant": True, "at_risk": None}) == "insufficient_data"


def test_undecided_rationale_lists_the_unknown_at_risk_fields(hrv: Profile) -> None:
    """When only at_risk is unknown, the rationale lists at_risk's unknown fields, sorted, with their
    descriptions and no final full stop, joined by ", "."""
    check = make_check(
        "c",
        {"field": "article4.obligation", "eq": True},
        at_risk={
            "all": [{"field": "article5.victims", "eq": True}, {"field": "article5.focal_point", "eq": True}]
        },
    )
    shown = shown_for(hrv, check.fields())
    result = finding(check, hrv, shown, {"compliant": True, "at_risk": None})
    assert result.status == "insufficient_data"
    assert result.rationale == (
        "Unknown as of 2026-11-28, so undecided: "
        "article5.focal_point (Has named a government focal point for victim assistance), "
        "article5.victims (Has cluster munition victims in areas under its jurisdiction)."
    )


def test_undecided_with_every_fact_known_says_none(hrv: Profile) -> None:
    """A partial date overlapping the literal (July 2020 vs 15 Jul 2020) is undecided with no unknown fact."""
    check = make_check("c", {"field": "article4.completion", "lt": "2020-07-15"})
    report = engine.run(plan(rules_of(check), "python"), [hrv], AS_OF)
    assert [(f.status, f.rationale) for f in report.findings] == [
        ("insufficient_data", "Unknown as of 2026-11-28, so undecided: none.")
    ]


def test_an_engine_error_message_is_the_rationale(hrv: Profile) -> None:
    """An engine's error message for a check becomes the error finding's rationale."""
    check = make_check("c", {"known": "article4.obligation"})
    result = finding(check, hrv, shown_for(hrv, check.fields()), "boom")
    assert (result.status, result.rationale) == ("error", "Could not evaluate this check: boom.")


def test_every_failed_fact_a_decision_did_not_need_is_named_in_the_rationale(hrv: Profile) -> None:
    """A check decided without two facts that fail keeps its status; its rationale names both, in
    field order, each with its error, and the evidence shows them unknown."""
    import dataclasses

    check = dataclasses.replace(make_check("c", {"known": "participation.deposit"}),
                                evidence=("article4.obligation", "article3.stockpile"))
    shown = shown_for(hrv, check.fields(), {"article3.stockpile": "E1", "article4.obligation": "E2"})
    result = finding(check, hrv, shown, {"compliant": True})
    assert result.status == "compliant"
    assert result.rationale == "ok Could not derive article3.stockpile (E1); article4.obligation (E2)."
    assert [(e.fact, e.value) for e in result.evidence if e.fact != "participation.deposit"] == [
        ("article3.stockpile", None), ("article4.obligation", None)]


def test_a_failed_fact_named_in_a_rationale_reads_unknown_there(hrv: Profile) -> None:
    """A rationale placeholder for a fact that could not be derived is filled with "unknown", and
    the rationale says why: the text is written, never lost to the failure."""
    import dataclasses

    check = dataclasses.replace(make_check("c", {"known": "participation.deposit"}),
                                rationale={"compliant": "stockpile: {article3.stockpile}."})
    shown = shown_for(hrv, (*check.fields(), "article3.stockpile"), {"article3.stockpile": "E1"})
    result = finding(check, hrv, shown, {"compliant": True})
    assert result.rationale == "stockpile: unknown. Could not derive article3.stockpile (E1)."


def test_an_undecided_rationale_lists_a_failed_fact_the_decision_did_not_reach(hrv: Profile) -> None:
    """``any`` stops at its first true item, so a failed fact after it is never read: the check
    is undecided on the unknown fact, and its rationale lists the failed one as unknown too, with
    the error, instead of failing to be written."""
    check = make_check("c", {"all": [
        {"any": [{"known": "participation.deposit"}, {"known": "article3.stockpile"}]},
        {"field": "article5.victims", "eq": True},  # HRV's test profile does not say
    ]})
    shown = shown_for(hrv, check.fields(), {"article3.stockpile": "E1"})
    result = finding(check, hrv, shown, PythonEngine([check]).run(shown.facts)["c"])  # type: ignore[arg-type]
    assert result.status == "insufficient_data"
    assert result.rationale == (
        "Unknown as of 2026-11-28, so undecided: "
        "article3.stockpile (Held cluster munitions when the Convention entered into force for it), "
        "article5.victims (Has cluster munition victims in areas under its jurisdiction). "
        "Could not derive article3.stockpile (E1)."
    )


def test_the_python_engine_names_the_failed_fact_its_decision_reads(hrv: Profile) -> None:
    """Reading a fact that could not be derived makes the check an error naming that fact: the
    first one the decision reaches (``all`` reads its items in order)."""
    check = make_check("c", {"all": [{"known": "article4.obligation"}, {"known": "article3.stockpile"}]})
    facts = shown_for(hrv, check.fields(), {"article3.stockpile": "E1", "article4.obligation": "E2"}).facts
    assert PythonEngine([check]).run(facts) == {"c": "article4.obligation: E2"}


def test_the_python_engine_stops_at_the_condition_that_settles_the_status(hrv: Profile) -> None:
    """Not applicable: compliant and at_risk are not evaluated, and the facts only they read are
    not derived; compliant false: at_risk is not evaluated."""
    check = make_check("c", {"known": "article5.victims"}, at_risk={"known": "article4.obligation"},
                       applies={"field": "participation.in_force", "eq": False})
    facts = shown_for(hrv, check.fields()).facts
    assert PythonEngine([check]).run(facts) == {"c": {"applies": False}}
    assert set(facts) == {"participation.in_force"}
    check = make_check("c", {"field": "participation.in_force", "eq": False},
                       at_risk={"known": "article4.obligation"})
    assert PythonEngine([check]).run({"participation.in_force": True, "article4.obligation": True}) == {
        "c": {"compliant": False}}


def test_evaluate_defaults_to_the_bundled_rules(small_profiles: list[Profile]) -> None:
    """Without rules, evaluate() uses the bundled rule set: one finding per (State, bundled check)."""
    report = engine.evaluate(small_profiles, as_of=AS_OF, engine="python")
    bundled = load_rules()
    assert len(report.findings) == 3 * len(bundled.checks)
    assert {f.check for f in report.findings} == {c.id for c in bundled.checks}


@pytest.mark.parametrize("enabled", [True, False])
def test_run_leaves_the_garbage_collector_as_it_found_it(hrv: Profile, enabled: bool) -> None:
    """run() pauses the cyclic garbage collector and restores its previous state afterwards."""
    compiled = plan(rules_of(make_check("c", {"known": "article4.obligation"})), "python")
    was = gc.isenabled()
    try:
        (gc.enable if enabled else gc.disable)()
        engine.run(compiled, [hrv], AS_OF)
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()


@pytest.mark.parametrize("name", ENGINES_HERE)
def test_a_run_leaves_no_reference_cycles(hrv: Profile, name: str) -> None:
    """run() pauses the cyclic collector, which is only safe if a run creates no cycles: after a
    run with the collector off, and with every rationale and evidence read, nothing is left for it."""
    profiles = [hrv.model_copy(update={"iso3": code}) for code in ("AAA", "BBB", "CCC")]
    compiled = plan(load_rules(), name)  # type: ignore[arg-type]
    was = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        report = engine.run(compiled, profiles, AS_OF)
        assert all(f.rationale and f.evidence is not None for f in report.findings)
        del report
        assert gc.collect() == 0
    finally:
        (gc.enable if was else gc.disable)()


class _Silent:
    """An engine that returns no outcome at all, as a broken engine might."""

    name = "silent"
    lazy = True

    def run(self, values: Any) -> dict[str, Any]:
        return {}


def test_a_check_without_outcome_becomes_an_error_finding(hrv: Profile) -> None:
    """A check the engine gave no outcome for gets an error finding naming the KeyError, not a crash."""
    check = make_check("c", {"known": "article4.obligation"})
    compiled = Plan((check,), (FieldRef("article4.obligation"),), _Silent())
    report = engine.run(compiled, [hrv], AS_OF)
    [only] = report.findings
    assert (only.state, only.check, only.as_of) == ("HRV", "c", "2026-11-28")
    assert (only.status, only.rationale) == ("error", "Could not evaluate this check: KeyError: 'c'.")
    assert [e.fact for e in only.evidence] == ["article4.obligation"]


@pytest.mark.parametrize("fmt", ["table", "json", "csv", "markdown"])
def test_renderers_write_texts_with_the_collector_paused_and_restore_it(
    hrv: Profile, fmt: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Writing every finding's texts builds many objects and no cycles (see above), so renderers
    pause the cyclic collector while they write, and leave it as they found it."""
    from lapcheck.report import RENDERERS

    seen: list[bool] = []
    real = _Shown.rationale

    def spy(self: _Shown, *args: Any) -> str:
        seen.append(gc.isenabled())
        return real(self, *args)

    monkeypatch.setattr(_Shown, "rationale", spy)
    report = engine.run(plan(load_rules(), "python"), [hrv], AS_OF)
    was = gc.isenabled()
    gc.enable()
    try:
        RENDERERS[fmt](report, verbose=True)
        assert seen and not any(seen)
        assert gc.isenabled()
    finally:
        (gc.enable if was else gc.disable)()
