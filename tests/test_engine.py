"""evaluate() and decide(): one finding per (State, check), deterministic, order-independent,
failures contained; the Python engine, and the texts findings are written with."""

from __future__ import annotations

import dataclasses
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import lapcheck
from lapcheck import durable_engine, facts
from lapcheck.conditions import FieldRef
from lapcheck.dates import PartialDate
from lapcheck.engine import (
    ENGINES,
    DerivationFailed,
    Operands,
    Outcome,
    PythonEngine,
    compile_rules,
    default_engine,
    evaluate_compiled,
    outcomes,
    status,
)
from lapcheck.facts import Context
from lapcheck.report import render_json
from lapcheck.rules import Check
from lapcheck.texts import StateTexts
from tests.builders import make_check, rules_of
from tests.conftest import DATA

ENGINES_HERE = [e for e in ENGINES if e == "python" or durable_engine.available()[0]]


def statuses(report: lapcheck.Report) -> dict[tuple[str, str], str]:
    """(state, check) → status."""
    return {(f.state, f.check): f.status for f in report.findings}


@pytest.mark.parametrize("engine", ENGINES_HERE)
def test_hand_checked_findings(engine: str, small_rules, small_profiles) -> None:
    """Worked out by hand: Lao PDR's deadline is 1 Aug 2020 + the 9MSP extension (2-4 Sep 2019) to
    1 Aug 2025. On 2024-11-28 it falls within 12 months, work not complete: at_risk. On 2026-11-28
    it has passed: non_compliant. During the 9MSP (decision day unknown) the deadline in force is
    unknown: insufficient_data. Croatia completed in July 2020, before its 1 Aug 2020 deadline:
    compliant. Indonesia signed on 3 Dec 2008 and never ratified: non_compliant on signature, and
    clearance not_applicable (not bound)."""
    at = {d: statuses(lapcheck.evaluate(small_profiles, small_rules, date.fromisoformat(d), engine))
          for d in ("2024-11-28", "2026-11-28", "2019-09-03")}
    assert at["2024-11-28"][("LAO", "clearance-by-deadline")] == "at_risk"
    assert at["2026-11-28"][("LAO", "clearance-by-deadline")] == "non_compliant"
    assert at["2019-09-03"][("LAO", "clearance-by-deadline")] == "insufficient_data"
    assert at["2026-11-28"][("HRV", "clearance-by-deadline")] == "compliant"
    assert at["2026-11-28"][("IDN", "signatory-ratified")] == "non_compliant"
    assert at["2026-11-28"][("IDN", "clearance-by-deadline")] == "not_applicable"


def test_rationale_cites_real_dates(small_rules, small_profiles) -> None:
    """The rationale states the deadline in force and the as-of date; evidence carries sources."""
    report = lapcheck.evaluate(small_profiles, small_rules, date(2026, 11, 28), "python")
    lao = next(f for f in report.findings if (f.state, f.check) == ("LAO", "clearance-by-deadline"))
    assert lao.rationale == "Article 4 deadline 1 August 2025 has passed; completion unknown as of 2026-11-28."
    deadline = next(e for e in lao.evidence if e.fact == "article4.deadline")
    assert deadline.value == "2025-08-01"
    assert "https://www.mineactionreview.org/country/lao-pdr" in deadline.sources


@settings(max_examples=30, deadline=None)
@given(st.sets(st.sampled_from(["HRV", "IDN", "LAO"])), st.dates(date(2009, 1, 1), date(2030, 12, 31)),
       st.sampled_from(ENGINES_HERE))
def test_one_finding_per_state_and_check(small_rules, small_profiles, states, as_of, engine) -> None:
    """Every (State, check) pair yields exactly one finding, whatever the date and the States."""
    chosen = [p for p in small_profiles if p.iso3 in states]
    report = lapcheck.evaluate(chosen, small_rules, as_of, engine)
    pairs = [(f.state, f.check) for f in report.findings]
    assert len(pairs) == len(set(pairs)) == len(chosen) * len(small_rules.checks)
    assert pairs == sorted(pairs)


@settings(max_examples=20, deadline=None)
@given(st.dates(date(2009, 1, 1), date(2030, 12, 31)), st.randoms())
def test_same_output_for_shuffled_profiles_and_both_engines(small_rules, small_profiles, as_of, rnd) -> None:
    """JSON output is byte-identical across runs, profile orders and engines."""
    shuffled = list(small_profiles)
    rnd.shuffle(shuffled)
    outputs = {render_json(lapcheck.evaluate(order, small_rules, as_of, engine))
               for order in (small_profiles, shuffled) for engine in ENGINES_HERE}
    assert len(outputs) == 1


def test_rule_file_order_does_not_matter(tmp_path: Path, small_profiles) -> None:
    """Splitting the checks across files whose names sort the other way gives the same report."""
    text = (DATA / "rules" / "clearance.yaml").read_text()
    head, second = text.split("  - id: signatory-ratified")
    first_dir, second_dir = tmp_path / "a", tmp_path / "b"
    for folder, (name1, name2) in ((first_dir, ("1.yaml", "2.yaml")), (second_dir, ("2.yaml", "1.yaml"))):
        folder.mkdir()
        (folder / name1).write_text(head)
        (folder / name2).write_text("area: universalisation\nchecks:\n  - id: signatory-ratified" + second)
    reports = [render_json(lapcheck.evaluate(small_profiles, lapcheck.load_rules(d), date(2026, 1, 1), "python"))
               for d in (first_dir, second_dir)]
    assert reports[0] == reports[1]
    shutil.rmtree(tmp_path)


@pytest.mark.parametrize("engine", ENGINES_HERE)
def test_a_failing_fact_becomes_error_findings_only_where_read(
    engine: str, monkeypatch: pytest.MonkeyPatch, small_rules, small_profiles
) -> None:
    """A crash deriving one fact gives `error` for the checks whose decision reads it, with either
    engine; a check settled without it keeps its status and says which fact could not be derived;
    the others still run."""
    spec = facts.FIELDS["article4.obligation"]

    def broken(ctx: facts.Context) -> facts.Value:
        raise RuntimeError("boom")

    monkeypatch.setitem(facts.FIELDS, "article4.obligation", facts.FieldSpec(
        spec.name, spec.type, spec.description, broken))
    report = lapcheck.evaluate(small_profiles, small_rules, date(2026, 1, 1), engine)
    got = statuses(report)
    # Croatia and Lao PDR are bound by the Convention, so `applies` needs the obligation; Indonesia
    # is not (in_force is false), which settles `applies: all [...]` before the obligation is read.
    assert [got[(s, "clearance-by-deadline")] for s in ("HRV", "IDN", "LAO")] == [
        "error", "not_applicable", "error"]
    assert got[("IDN", "signatory-ratified")] == "non_compliant"
    by_state = {f.state: f for f in report.findings if f.check == "clearance-by-deadline"}
    assert by_state["HRV"].rationale == (
        "Could not evaluate this check: article4.obligation: RuntimeError: boom.")
    assert by_state["IDN"].rationale.endswith(" Could not derive article4.obligation (RuntimeError: boom).")
    assert {"fact": "article4.obligation", "value": None, "sources": []} in [
        {"fact": e.fact, "value": e.value, "sources": e.sources} for e in by_state["IDN"].evidence]
    # explain shows the failure and gives the status evaluate gave
    from lapcheck.explain import explain

    check = next(c for c in small_rules.checks if c.id == "clearance-by-deadline")
    for state, expected in (("HRV", "error"), ("IDN", "not_applicable")):
        text = explain(next(p for p in small_profiles if p.iso3 == state), check, date(2026, 1, 1))
        assert "error deriving article4.obligation: RuntimeError: boom" in text
        assert text.endswith(f"\nstatus: {expected}\n")


def test_duplicate_states_are_refused(small_rules, small_profiles) -> None:
    """Two profiles for one State would give two findings per pair; evaluate refuses them."""
    with pytest.raises(lapcheck.LapcheckError, match="two profiles for HRV"):
        lapcheck.evaluate(small_profiles + small_profiles[:1], small_rules, date(2026, 1, 1), "python")


def test_unknown_engine_is_refused(small_rules, small_profiles) -> None:
    """An engine name other than durable or python is an error naming the valid ones."""
    with pytest.raises(lapcheck.EngineUnavailable, match="durable, python"):
        lapcheck.evaluate(small_profiles, small_rules, date(2026, 1, 1), "drools")


def test_json_lines_follow_the_documented_key_order(small_rules, small_profiles) -> None:
    """Each finding's line has the keys of the README's JSON shape, in that order, and reads back
    as the same findings (what `lapcheck diff` relies on)."""
    import json

    report = lapcheck.evaluate(small_profiles, small_rules, date(2026, 11, 28), "python")
    text = render_json(report)
    lines = text.splitlines()[2:-1]
    assert len(lines) == len(report.findings)
    first = json.loads(lines[0].strip().rstrip(","), object_pairs_hook=lambda pairs: [k for k, _ in pairs])
    assert first[:8] == ["state", "state_name", "check", "title", "area", "actions", "articles", "status"]
    assert first[8:] == ["rationale", "evidence", "as_of", "waiver", "kind", "history", "observed", "stale"]
    assert lapcheck.Report.model_validate(json.loads(text)) == report


@pytest.mark.parametrize("engine", ENGINES_HERE)
def test_deciding_derives_no_fact_that_is_only_evidence(
    engine: str, monkeypatch: pytest.MonkeyPatch, small_profiles
) -> None:
    """A fact that a check only cites (evidence, rationale) is not derived to decide its status, with
    either engine (durable-rules' fact does not even hold it); evaluate() derives it, with its
    sources, for the texts."""
    import dataclasses

    spec = facts.FIELDS["participation.deposit"]
    calls: list[bool] = []

    def counted(ctx: facts.Context) -> facts.Value:
        calls.append(ctx.cited)
        return spec.derive(ctx)

    monkeypatch.setitem(facts.FIELDS, "participation.deposit", dataclasses.replace(spec, derive=counted))
    check = dataclasses.replace(make_check("cites-deposit", {"known": "article9.status"}),
                                evidence=("participation.deposit",))
    compiled = compile_rules(rules_of(check), engine)
    assert "participation.deposit" in compiled.refs and "participation.deposit" not in compiled.decisive
    lapcheck.decide(small_profiles, rules_of(check), date(2026, 1, 1), engine)
    assert calls == []
    report = evaluate_compiled(compiled, small_profiles, date(2026, 1, 1))
    assert calls == [True, True, True]  # once per State, citing, for the texts
    hrv = next(f for f in report.findings if f.state == "HRV")
    [deposit] = [e for e in hrv.evidence if e.fact == "participation.deposit"]
    assert (deposit.value, bool(deposit.sources)) == ("2009-08-17", True)  # tests/data/profiles/HRV.yaml


@settings(max_examples=20, deadline=None)
@given(st.dates(date(2009, 1, 1), date(2030, 12, 31)), st.sampled_from(ENGINES_HERE))
def test_decide_gives_the_statuses_evaluate_gives(small_rules, small_profiles, as_of, engine) -> None:
    """decide() is evaluate() without texts: the same status for every (State, check)."""
    decided = lapcheck.decide(small_profiles, small_rules, as_of, engine)
    assert decided == lapcheck.evaluate(small_profiles, small_rules, as_of, engine).decisions()
    assert decided.status("LAO", "clearance-by-deadline") is not None and decided.status("XXX", "c") is None


def test_a_single_profile_or_a_bad_date_is_refused_clearly(small_rules, small_profiles) -> None:
    """evaluate() takes a list of profiles and a date, or a YYYY-MM-DD text: one profile alone, a
    year, or an ISO week date raises a LapcheckError saying what was expected."""
    with pytest.raises(lapcheck.LapcheckError, match="expected a list of profiles"):
        lapcheck.evaluate(small_profiles[0], small_rules, date(2026, 1, 1), "python")
    for bad in (2026, "2026-W01-1", "2026-02-30"):
        with pytest.raises(lapcheck.LapcheckError, match="as_of must be a date or a YYYY-MM-DD text"):
            lapcheck.evaluate(small_profiles, small_rules, bad, "python")
    text = lapcheck.evaluate(small_profiles, small_rules, "2026-11-28", "python")
    assert text == lapcheck.evaluate(small_profiles, small_rules, date(2026, 11, 28), "python")


# --- the Python engine ---------------------------------------------------------------------
AS_OF = date(2026, 11, 28)


@pytest.fixture
def hrv(small_profiles: list[lapcheck.Profile]) -> lapcheck.Profile:
    """Croatia as hand-made in tests/data/profiles (deposit 17 Aug 2009, clearance completed July 2020)."""
    return next(p for p in small_profiles if p.iso3 == "HRV")


def operands(profile: lapcheck.Profile, check: Check, failures: dict[str, str] | None = None) -> Operands:
    """The operands of ``check`` for ``profile`` on AS_OF; ``failures`` as if their derivation had raised."""
    refs = {r.key: r for name in check.conditions() for r in check.refs(name)}
    refs.update({f: FieldRef(f) for f in check.fields()})
    found = Operands(Context(profile, AS_OF), refs)
    found.failures.update(failures or {})
    return found


def finding(check: Check, profile: lapcheck.Profile, outcome: Outcome | str,
            failures: dict[str, str] | None = None) -> lapcheck.Finding:
    """``check``'s finding for ``profile`` as evaluate() writes it, given the engine's ``outcome``."""
    return StateTexts(profile, AS_OF, operands(profile, check, failures), 24).finding(check, outcome)


def test_python_engine_reports_a_failing_check_and_keeps_the_others() -> None:
    """A comparison that raises becomes "ExceptionType: message" for its check; the others get outcomes."""
    bad = make_check("bad", {"field": "article4.deadline", "lt": "2025-08-01"})
    good = make_check("good", {"known": "article4.obligation"})
    out = PythonEngine([bad, good]).run({"article4.deadline": "not a date", "article4.obligation": True})
    assert out == {
        "bad": "TypeError: '<' not supported between instances of 'str' and 'PartialDate'",
        "good": {"compliant": True},
    }


def test_status_follows_the_conditions_in_order() -> None:
    """Unknown applicability, not applicable, undecided, non-compliant, at risk and compliant, in one check."""
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
    for (obligation, legislation, completed), expected in cases.items():
        outcome = engine.run({"article4.obligation": obligation, "article9.status": legislation,
                              "article4.completed": completed})["c"]
        assert status(check, outcome) == expected


def test_the_python_engine_stops_at_the_condition_that_settles_the_status(hrv: lapcheck.Profile) -> None:
    """Not applicable: compliant and at_risk are not evaluated, and the facts only they read are
    not derived; compliant false: at_risk is not evaluated."""
    check = make_check("c", {"known": "article5.victims"}, at_risk={"known": "article4.obligation"},
                       applies={"field": "participation.in_force", "eq": False})
    read: list[str] = []
    facts_of = operands(hrv, check)
    spy = type("Spy", (), {"get": lambda _self, key: read.append(key) or facts_of.get(key)})()
    assert PythonEngine([check]).run(spy) == {"c": {"applies": False}}
    assert read == ["participation.in_force"]
    check = make_check("c", {"field": "participation.in_force", "eq": False},
                       at_risk={"known": "article4.obligation"})
    assert PythonEngine([check]).run({"participation.in_force": True, "article4.obligation": True}) == {
        "c": {"compliant": False}}


def test_the_python_engine_names_the_failed_fact_its_decision_reads(hrv: lapcheck.Profile) -> None:
    """Reading a fact that could not be derived makes the check an error naming that fact: the
    first one the decision reaches (``all`` reads its items in order)."""
    check = make_check("c", {"all": [{"known": "article4.obligation"}, {"known": "article3.stockpile"}]})
    failed = operands(hrv, check, {"article3.stockpile": "E1", "article4.obligation": "E2"})
    assert PythonEngine([check]).run(failed) == {"c": "article4.obligation: E2"}


def test_default_engine_is_durable_when_it_imports(monkeypatch: pytest.MonkeyPatch) -> None:
    """When durable-rules imports, it is the default engine and there is nothing to explain."""
    monkeypatch.setattr(durable_engine, "available", lambda: (True, ""))
    assert default_engine() == ("durable", "")


def test_default_engine_falls_back_to_python_and_says_why(monkeypatch: pytest.MonkeyPatch) -> None:
    """When durable-rules does not import, the default is the Python engine, with the reason given."""
    monkeypatch.setattr(durable_engine, "available", lambda: (False, "no durable here"))
    assert default_engine() == ("python", "no durable here; using the Python engine")
    compiled = compile_rules(rules_of(make_check("c", {"known": "article4.obligation"})))
    assert isinstance(compiled.engine, PythonEngine)


def test_an_operand_with_an_offset_is_moved_and_keeps_its_sources(hrv: lapcheck.Profile) -> None:
    """An operand moved by one month and 14 days: deposit 17 Aug 2009 → 1 Oct 2009, same sources."""
    moved = FieldRef("participation.deposit", 1, 14)
    found = Operands(Context(hrv, AS_OF), {"participation.deposit": FieldRef("participation.deposit"),
                                           moved.key: moved})
    assert found.get("participation.deposit") == PartialDate.parse("2009-08-17")
    assert found.get(moved.key) == PartialDate.parse("2009-10-01")
    assert found.value(moved.key).sources == found.value("participation.deposit").sources != ()
    assert found.failures == {}


def test_evaluate_defaults_to_the_bundled_rules(small_profiles: list[lapcheck.Profile]) -> None:
    """Without rules, evaluate() uses the bundled rule set: one finding per (State, bundled check)."""
    report = lapcheck.evaluate(small_profiles, as_of=AS_OF, engine="python")
    bundled = lapcheck.load_rules()
    assert len(report.findings) == 3 * len(bundled.checks)
    assert {f.check for f in report.findings} == {c.id for c in bundled.checks}


# --- the texts of findings -------------------------------------------------------------------
def test_undecided_rationale_lists_the_unknown_at_risk_fields(hrv: lapcheck.Profile) -> None:
    """When only at_risk is unknown, the rationale lists at_risk's unknown fields, sorted, with their
    descriptions and no final full stop, joined by ", "."""
    check = make_check("c", {"field": "article4.obligation", "eq": True}, at_risk={
        "all": [{"field": "article5.victims", "eq": True}, {"field": "article5.focal_point", "eq": True}]})
    result = finding(check, hrv, {"compliant": True, "at_risk": None})
    assert result.status == "insufficient_data"
    assert result.rationale == (
        "Unknown as of 2026-11-28, so undecided: "
        "article5.focal_point (Has named a government focal point for victim assistance), "
        "article5.victims (Has cluster munition victims in areas under its jurisdiction)."
    )


def test_undecided_with_every_fact_known_says_none(hrv: lapcheck.Profile) -> None:
    """A partial date overlapping the literal (July 2020 vs 15 Jul 2020) is undecided with no unknown fact."""
    check = make_check("c", {"field": "article4.completion", "lt": "2020-07-15"})
    report = lapcheck.evaluate([hrv], rules_of(check), AS_OF, "python")
    assert [(f.status, f.rationale) for f in report.findings] == [
        ("insufficient_data", "Unknown as of 2026-11-28, so undecided: none.")
    ]


def test_an_engine_error_message_is_the_rationale(hrv: lapcheck.Profile) -> None:
    """An engine's error message for a check becomes the error finding's rationale."""
    check = make_check("c", {"known": "article4.obligation"})
    result = finding(check, hrv, "boom")
    assert (result.status, result.rationale) == ("error", "Could not evaluate this check: boom.")


def test_every_failed_fact_a_decision_did_not_need_is_named_in_the_rationale(hrv: lapcheck.Profile) -> None:
    """A check decided without two facts that fail keeps its status; its rationale names both, in
    field order, each with its error, and the evidence shows them unknown."""
    check = dataclasses.replace(make_check("c", {"known": "participation.deposit"}),
                                evidence=("article4.obligation", "article3.stockpile"))
    result = finding(check, hrv, {"compliant": True}, {"article3.stockpile": "E1", "article4.obligation": "E2"})
    assert result.status == "compliant"
    assert result.rationale == "ok Could not derive article3.stockpile (E1); article4.obligation (E2)."
    assert [(e.fact, e.value) for e in result.evidence if e.fact != "participation.deposit"] == [
        ("article3.stockpile", None), ("article4.obligation", None)]


def test_a_failed_fact_named_in_a_rationale_reads_unknown_there(hrv: lapcheck.Profile) -> None:
    """A rationale placeholder for a fact that could not be derived is filled with "unknown", and
    the rationale says why."""
    check = dataclasses.replace(make_check("c", {"known": "participation.deposit"}),
                                rationale={"compliant": "stockpile: {article3.stockpile}."})
    result = finding(check, hrv, {"compliant": True}, {"article3.stockpile": "E1"})
    assert result.rationale == "stockpile: unknown. Could not derive article3.stockpile (E1)."


def test_an_undecided_rationale_lists_a_failed_fact_the_decision_did_not_reach(hrv: lapcheck.Profile) -> None:
    """``any`` stops at its first true item, so a failed fact after it is never read: the check
    is undecided on the unknown fact, and its rationale lists the failed one as unknown too, with
    the error."""
    check = make_check("c", {"all": [
        {"any": [{"known": "participation.deposit"}, {"known": "article3.stockpile"}]},
        {"field": "article5.victims", "eq": True},  # HRV's test profile does not say
    ]})
    failed = operands(hrv, check, {"article3.stockpile": "E1"})
    result = StateTexts(hrv, AS_OF, failed, 24).finding(check, PythonEngine([check]).run(failed)["c"])
    assert result.status == "insufficient_data"
    assert result.rationale == (
        "Unknown as of 2026-11-28, so undecided: "
        "article3.stockpile (Held cluster munitions when the Convention entered into force for it), "
        "article5.victims (Has cluster munition victims in areas under its jurisdiction). "
        "Could not derive article3.stockpile (E1)."
    )


def test_a_finding_whose_texts_cannot_be_written_is_an_error(
    hrv: lapcheck.Profile, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Writing a rationale that fails makes that finding an error naming the failure, never a status
    without its words; the run goes on."""
    import lapcheck.texts

    def broken(_value: object) -> str:
        raise RuntimeError("formatter broken")

    monkeypatch.setattr(lapcheck.texts, "format_value", broken)
    check = make_check("c", {"known": "participation.deposit"})
    check = dataclasses.replace(check, rationale={**check.rationale, "compliant": "on {participation.deposit}"})
    other = make_check("d", {"known": "participation.deposit"})
    report = lapcheck.evaluate([hrv], rules_of(check, other), AS_OF, "python")
    assert [(f.check, f.status, f.rationale) for f in report.findings] == [
        ("c", "error", "Could not write this finding: RuntimeError: formatter broken."),
        ("d", "compliant", "ok"),
    ]


class _Silent:
    """An engine that returns no outcome at all, as a broken engine might."""

    name = "silent"
    lazy = True

    def run(self, values: Any, history: bool = True) -> dict[str, Any]:
        return {}


def test_a_check_without_outcome_becomes_an_error_finding(hrv: lapcheck.Profile) -> None:
    """A check the engine gave no outcome for gets an error finding saying so, not a crash."""
    rules = rules_of(make_check("c", {"known": "article4.obligation"}))
    compiled = dataclasses.replace(compile_rules(rules, "python"), engine=_Silent())
    [only] = evaluate_compiled(compiled, [hrv], AS_OF).findings
    assert (only.state, only.check, only.as_of) == ("HRV", "c", "2026-11-28")
    assert (only.status, only.rationale) == ("error", "Could not evaluate this check: no outcome.")
    assert [e.fact for e in only.evidence] == ["article4.obligation"]


@pytest.mark.parametrize("engine", ENGINES_HERE)
def test_a_finding_is_dated_by_the_oldest_fact_its_status_was_read_from(engine: str) -> None:
    """On the snapshot, every finding's ``observed`` is the oldest observation date among the facts
    the reference engine reads to settle its status, and none when none of them is dated."""
    rules, day = lapcheck.load_rules(), date(2026, 12, 3)
    compiled = compile_rules(rules, engine)
    profiles = lapcheck.load_profiles()
    expected: dict[tuple[str, str], str | None] = {}
    for profile in profiles:
        operands = Operands(Context(profile, day, rules.calendar), compiled.refs)
        found = outcomes(compiled, operands)
        for check in rules.checks:
            outcome, seen = found[check.id], []
            if not isinstance(outcome, str):
                try:
                    seen = [operands.dated[k] for k in compiled.reference.read(check, outcome, operands)
                            if k in operands.dated]
                except DerivationFailed:
                    seen = []  # the status rests on a failure, not on an old fact
            expected[profile.iso3, check.id] = min(seen, key=lambda d: d.first).iso() if seen else None
    report = evaluate_compiled(compiled, profiles, day)
    assert {(f.state, f.check): f.observed for f in report.findings} == expected
    assert sum(v is not None for v in expected.values()) > 100  # the snapshot dates many findings
