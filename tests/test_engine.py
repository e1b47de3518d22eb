"""evaluate(): one finding per (State, check), deterministic, order-independent, failures contained."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import lapcheck
from lapcheck import durable_engine, facts
from lapcheck.engine import ENGINES
from lapcheck.report import render_json
from tests.conftest import DATA

ENGINES_HERE = [e for e in ENGINES if e == "python" or durable_engine.available()[0]]


def statuses(report: lapcheck.Report) -> dict[tuple[str, str], str]:
    """(state, check) → status."""
    return {(f.state, f.check): f.status for f in report.findings}


@pytest.mark.parametrize("engine", ENGINES_HERE)
def test_hand_checked_findings(engine: str, small_rules, small_profiles) -> None:  # type: ignore[no-untyped-def]
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


def test_rationale_cites_real_dates(small_rules, small_profiles) -> None:  # type: ignore[no-untyped-def]
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
def test_one_finding_per_state_and_check(small_rules, small_profiles, states, as_of, engine) -> None:  # type: ignore[no-untyped-def]
    """Every (State, check) pair yields exactly one finding, whatever the date and the States."""
    chosen = [p for p in small_profiles if p.iso3 in states]
    report = lapcheck.evaluate(chosen, small_rules, as_of, engine)
    pairs = [(f.state, f.check) for f in report.findings]
    assert len(pairs) == len(set(pairs)) == len(chosen) * len(small_rules.checks)
    assert pairs == sorted(pairs)


@settings(max_examples=20, deadline=None)
@given(st.dates(date(2009, 1, 1), date(2030, 12, 31)), st.randoms())
def test_same_output_for_shuffled_profiles_and_both_engines(small_rules, small_profiles, as_of, rnd) -> None:  # type: ignore[no-untyped-def]
    """JSON output is byte-identical across runs, profile orders and engines."""
    shuffled = list(small_profiles)
    rnd.shuffle(shuffled)
    outputs = {render_json(lapcheck.evaluate(order, small_rules, as_of, engine))
               for order in (small_profiles, shuffled) for engine in ENGINES_HERE}
    assert len(outputs) == 1


def test_rule_file_order_does_not_matter(tmp_path: Path, small_profiles) -> None:  # type: ignore[no-untyped-def]
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
    engine: str, monkeypatch: pytest.MonkeyPatch, small_rules, small_profiles  # type: ignore[no-untyped-def]
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
    for state, status in (("HRV", "error"), ("IDN", "not_applicable")):
        text = explain(next(p for p in small_profiles if p.iso3 == state), check, date(2026, 1, 1))
        assert "error deriving article4.obligation: RuntimeError: boom" in text
        assert text.endswith(f"\nstatus: {status}\n")


def test_duplicate_states_are_refused(small_rules, small_profiles) -> None:  # type: ignore[no-untyped-def]
    """Two profiles for one State would give two findings per pair; evaluate refuses them."""
    with pytest.raises(lapcheck.LapcheckError, match="two profiles for HRV"):
        lapcheck.evaluate(small_profiles + small_profiles[:1], small_rules, date(2026, 1, 1), "python")


def test_unknown_engine_is_refused(small_rules, small_profiles) -> None:  # type: ignore[no-untyped-def]
    """An engine name other than durable or python is an error naming the valid ones."""
    with pytest.raises(lapcheck.EngineUnavailable, match="durable, python"):
        lapcheck.evaluate(small_profiles, small_rules, date(2026, 1, 1), "drools")  # type: ignore[arg-type]


def test_rationale_and_evidence_are_written_on_first_read(small_rules, small_profiles) -> None:  # type: ignore[no-untyped-def]
    """evaluate() decides statuses and leaves rationale and evidence to be written when read; once
    read they are stored, and a finding read late equals, prints and pickles as one read at once."""
    import pickle

    from lapcheck.model import Deferred, Finding

    def stored(finding: Finding, name: str) -> object:
        """What the field's slot holds: the stand-in until the text is read."""
        return getattr(Finding, name).slot.__get__(finding)

    lazy = lapcheck.evaluate(small_profiles, small_rules, date(2026, 11, 28), "python").findings[0]
    assert isinstance(stored(lazy, "rationale"), Deferred) and isinstance(stored(lazy, "evidence"), Deferred)
    eager = lapcheck.evaluate(small_profiles, small_rules, date(2026, 11, 28), "python").findings[0]
    text, evidence = eager.rationale, eager.evidence
    assert isinstance(text, str) and isinstance(evidence, list)
    assert isinstance(stored(lazy, "rationale"), Deferred)  # still unwritten: comparing writes it
    assert lazy == eager
    assert stored(lazy, "rationale") == text and stored(lazy, "evidence") == evidence
    assert eager.rationale is text  # written once, then stored
    fresh = lapcheck.evaluate(small_profiles, small_rules, date(2026, 11, 28), "python").findings[0]
    assert pickle.loads(pickle.dumps(fresh)) == eager
    assert repr(lapcheck.evaluate(small_profiles, small_rules, date(2026, 11, 28), "python").findings[0]) == repr(eager)


def test_json_lines_follow_the_documented_key_order(small_rules, small_profiles) -> None:  # type: ignore[no-untyped-def]
    """Each finding's line has the keys of the README's JSON shape, in that order, and reads back
    as the same findings (what `lapcheck diff` relies on)."""
    import json

    report = lapcheck.evaluate(small_profiles, small_rules, date(2026, 11, 28), "python")
    text = render_json(report)
    lines = text.splitlines()[2:-1]
    assert len(lines) == len(report.findings)
    first = json.loads(lines[0].strip().rstrip(","), object_pairs_hook=lambda pairs: [k for k, _ in pairs])
    assert first[:8] == ["state", "state_name", "check", "title", "area", "actions", "articles", "status"]
    assert first[8:] == ["rationale", "evidence", "as_of", "waiver"]
    assert lapcheck.Report.model_validate(json.loads(text)) == report


def test_a_rationale_that_cannot_be_written_is_reported_not_raised(  # type: ignore[no-untyped-def]
    small_rules, small_profiles, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rationales are written when read, after evaluate() returned: if writing one fails, reading it
    gives a message naming the failure, and a JSON export of every finding still completes."""
    from lapcheck import engine

    def broken(_value: object) -> str:
        raise RuntimeError("formatter broken")

    report = lapcheck.evaluate(small_profiles, small_rules, date(2026, 11, 28), "python")
    monkeypatch.setattr(engine, "format_value", broken)
    from lapcheck.rules import PLACEHOLDER

    checks = {c.id: c for c in small_rules.checks}
    failed = "Could not write this rationale: RuntimeError: formatter broken."
    formats = [set(PLACEHOLDER.findall(checks[f.check].rationale.get(f.status) or "")) - {"as_of"}
               for f in report.findings]
    assert any(formats) and not all(formats)
    assert [f.rationale == failed for f in report.findings] == [bool(names) for names in formats]
    assert render_json(report).count("\n") == len(report.findings) + 3


@pytest.mark.parametrize("engine", ENGINES_HERE)
def test_deciding_derives_no_fact_that_is_only_evidence(
    engine: str, monkeypatch: pytest.MonkeyPatch, small_profiles  # type: ignore[no-untyped-def]
) -> None:
    """A fact that a check only cites (evidence, rationale) is not derived to decide its status, with
    either engine (durable-rules' fact does not even hold it); it is derived, with its sources, when
    a text is first read."""
    import dataclasses

    from lapcheck.engine import plan, run
    from tests.builders import make_check, rules_of

    spec = facts.FIELDS["participation.deposit"]
    calls: list[bool] = []

    def counted(ctx: facts.Context) -> facts.Value:
        calls.append(ctx.cited)
        return spec.derive(ctx)

    monkeypatch.setitem(facts.FIELDS, "participation.deposit", dataclasses.replace(spec, derive=counted))
    check = dataclasses.replace(make_check("cites-deposit", {"known": "article9.status"}),
                                evidence=("participation.deposit",))
    compiled = plan(rules_of(check), engine)  # type: ignore[arg-type]
    assert "participation.deposit" in compiled.refs and "participation.deposit" not in compiled.decisive
    report = run(compiled, small_profiles, date(2026, 1, 1))
    assert calls == []
    hrv = next(f for f in report.findings if f.state == "HRV")
    [deposit] = [e for e in hrv.evidence if e.fact == "participation.deposit"]
    assert calls == [True]  # derived once, citing, for the texts
    assert (deposit.value, bool(deposit.sources)) == ("2009-08-17", True)  # tests/data/profiles/HRV.yaml
