"""The plan a rule pack encodes and the treaty calendar it counts with are data: a fictional second
plan, with its own areas, actions, period and meetings, loads and evaluates with no Python change."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

import lapcheck
from lapcheck import ruletests
from lapcheck.cli import EXIT_ERROR, EXIT_OK, cli
from lapcheck.dates import PartialDate
from lapcheck.deadlines import read_calendar
from lapcheck.errors import RuleError
from lapcheck.plan import read_plan
from tests.conftest import DATA

PACK = DATA / "fictional_plan"


def test_the_bundled_pack_encodes_the_lausanne_action_plan() -> None:
    """The bundled rules declare the LAP: 50 actions in nine areas, 2021-2026, actions 49-50 in none."""
    plan = lapcheck.load_rules().plan
    assert (plan.name, plan.short, plan.actions, plan.period) == (
        "Lausanne Action Plan", "LAP", 50, PartialDate.parse("2021/2026"))
    assert [a.id for a in plan.areas][:2] == ["cross-cutting", "universalisation"] and len(plan.areas) == 9
    assert plan.area_of(13).id == "stockpiles" and plan.area_of(49) is None


def test_a_fictional_plan_loads_with_its_own_areas_and_calendar() -> None:
    """The pack's plan.yaml and convention.yaml replace the bundled ones; its checks use its areas."""
    rules = lapcheck.load_rules(PACK)
    assert (rules.plan.short, rules.plan.actions) == ("VAP", 20)
    assert {c.area for c in rules.checks} == {"adherence", "remnants"}
    assert set(rules.calendar.meetings) == {"13MSP", "14MSP"}
    assert rules.calendar.meeting_eve(2027) == date(2027, 9, 5)  # the eve of its 14MSP, 6 Sep 2027


def test_a_fictional_plan_evaluates_the_bundled_snapshot() -> None:
    """Its checks run on the real profiles: Lao PDR is bound by Article 4 and has not completed, but
    the outcome of its request at the 12th meeting (Sept 2024) is not recorded, so its deadline in
    force in 2026 is unknown: insufficient data; Indonesia, a signatory, is not in force."""
    report = lapcheck.evaluate(lapcheck.load_profiles(), lapcheck.load_rules(PACK), date(2026, 11, 28), "python")
    found = {(f.state, f.check): f.status for f in report.findings}
    assert found[("LAO", "remnants-cleared-in-time")] == "insufficient_data"
    assert found[("IDN", "party-in-force")] == "non_compliant"
    assert found[("HRV", "party-in-force")] == "compliant"
    assert len(found) == 125 * 2


def test_a_fictional_plans_cases_pass_and_its_coverage_is_its_own() -> None:
    """The pack's own test cases pass, and `rules list` reports the pack's 20 actions."""
    rules = lapcheck.load_rules(PACK)
    assert all(r.passed for r in ruletests.run(rules)), [r.message for r in ruletests.run(rules) if not r.passed]
    out = CliRunner().invoke(cli, ["rules", "list", "--rules", str(PACK)]).stdout
    assert "VAP actions 1-20: 3 cited by a check or indicator, 9 covered\nonly by their area" in out
    assert "  remnants: 5 6 7~ 8~" in out


def test_an_area_of_another_plan_is_refused(tmp_path: Path) -> None:
    """A rule file naming an LAP area in the fictional pack is an error listing the pack's areas."""
    for name in ("plan.yaml", "convention.yaml"):
        (tmp_path / name).write_text((PACK / name).read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "clearance.yaml").write_text("area: clearance\nchecks: []\n", encoding="utf-8")
    with pytest.raises(RuleError, match="unknown area 'clearance'; expected one of adherence, remnants, reporting"):
        lapcheck.load_rules(tmp_path)


@pytest.mark.parametrize(("areas", "line", "message"), [
    ("  - {id: a, title: A, actions: 1-4}\n  - {id: b, title: B, actions: 18-25}\n", 7,
     "expected actions as N or N-M within 1-20, got '18-25'"),
    ("  - {id: a, title: A, actions: 1-4}\n  - {id: b, title: B, actions: 3}\n", 7,
     "action 3 is already in area 'a'"),
    ("  - {id: a, title: A, actions: 1-4}\n  - {id: a, title: B, actions: 5}\n", 7, "area 'a' twice"),
])
def test_a_bad_plan_is_a_located_error(tmp_path: Path, areas: str, line: int, message: str) -> None:
    """Actions outside the plan's, an action in two areas, an area named twice: each an error naming
    plan.yaml and the line of the second area (line 7)."""
    path = tmp_path / "plan.yaml"
    path.write_text(f"name: P\nshort: P\nperiod: 2027\nactions: 20\nareas:\n{areas}", encoding="utf-8")
    with pytest.raises(RuleError) as info:
        read_plan(path)
    assert (info.value.path, info.value.line) == (str(path), line)
    assert message in info.value.message


def test_a_calendar_with_other_numbers_changes_the_deadlines(tmp_path: Path) -> None:
    """A calendar is its file's numbers: with 5 years for Article 4, Lao PDR's original deadline
    (entry into force 1 August 2010) is 1 August 2015."""
    text = (PACK / "convention.yaml").read_text(encoding="utf-8").replace("years: 10", "years: 5")
    path = tmp_path / "convention.yaml"
    path.write_text(text, encoding="utf-8")
    calendar = read_calendar(path)
    eif = calendar.entry_into_force(PartialDate.parse("2009-03-18"))
    assert calendar.original_deadline("article4", eif) == PartialDate.parse("2015-08-01")


@pytest.mark.parametrize(("old", "new", "message"), [
    ('annual_due: "04-30"', 'annual_due: "02-30"', "'02-30' is not a day of the year (MM-DD)"),
    ("years: 10", "years: ten", "Input should be a valid integer"),
    ("  - {name: 14MSP", "  - {name: 13MSP", "meeting '13MSP' twice"),
])
def test_a_bad_calendar_is_a_located_error(tmp_path: Path, old: str, new: str, message: str) -> None:
    """A day that does not exist, a number that is not one, a meeting named twice: each an error
    naming convention.yaml and its line, and `lapcheck check --rules` exits 2 with it."""
    for name in ("plan.yaml", "adherence.yaml"):
        (tmp_path / name).write_text((PACK / name).read_text(encoding="utf-8"), encoding="utf-8")
    text = (PACK / "convention.yaml").read_text(encoding="utf-8")
    assert old in text
    (tmp_path / "convention.yaml").write_text(text.replace(old, new), encoding="utf-8")
    with pytest.raises(RuleError) as info:
        lapcheck.load_rules(tmp_path)
    assert info.value.path == str(tmp_path / "convention.yaml") and message in info.value.message
    assert info.value.line is not None
    result = CliRunner().invoke(cli, ["check", "--rules", str(tmp_path), "--engine", "python"])
    assert result.exit_code == EXIT_ERROR and message in result.stderr


def test_the_cli_runs_a_fictional_plan() -> None:
    """`lapcheck check --rules PACK` evaluates the pack on the bundled snapshot."""
    result = CliRunner().invoke(cli, ["check", "--rules", str(PACK), "--state", "HRV", "--engine", "python",
                                      "--as-of", "2026-11-28"])
    assert result.exit_code == EXIT_OK
    assert "party-in-force" in result.stdout and "remnants-cleared-in-time" in result.stdout
