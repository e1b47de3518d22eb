"""The test cases the rule files carry, one pytest test per case (``pytest -k <check>-<case>``).

Each case runs with both engines (durable-rules and the Python reference evaluator) where
durable-rules imports; a meta-test keeps every status a check can produce covered by a case.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lapcheck import ruletests
from lapcheck.rules import Check, load_rules
from lapcheck.rules import TestCase as RuleCase  # aliased: pytest would try to collect "Test*"

RULES_DIR = Path(__file__).parent.parent / "rules"
RULES = load_rules(RULES_DIR)
CASES = [(check, case) for check in RULES.checks for case in check.tests]
ENGINES, _ = ruletests.available_engines()
AREAS = {a.id for a in RULES.plan.areas}


@pytest.mark.parametrize(("check", "case"), CASES, ids=[f"{c.id}-{t.name}" for c, t in CASES])
def test_rule_case(check: Check, case: RuleCase) -> None:
    """The check gives the case's expected status, with the expected phrase, on every engine."""
    failures = [r for r in (ruletests.run_case(check, case, engine) for engine in ENGINES) if not r.passed]
    assert not failures, "\n".join(f"{r.location} [{r.engine}] {r.message}" for r in failures)


@pytest.mark.parametrize("check", RULES.checks, ids=[c.id for c in RULES.checks])
def test_every_status_has_a_case(check: Check) -> None:
    """Every status a check can produce (besides error) is expected by at least one of its cases."""
    missing = ruletests.missing_statuses(check)
    assert not missing, f"{check.path}:{check.line}: {check.id} has no case for {', '.join(missing)}"


def test_every_area_has_a_rule_file() -> None:
    """Each LAP area has its own rule file with at least one check."""
    covered = {c.area for c in RULES.checks}
    assert covered == AREAS, f"areas without checks: {sorted(AREAS - covered)}"
    assert {p.stem for p in RULES_DIR.glob("*.yaml")} >= AREAS


def test_results_name_file_and_line(tmp_path: Path) -> None:
    """A failing case reports its check, case, file:line and both statuses."""
    rule = (RULES_DIR / "transparency.yaml").read_text(encoding="utf-8")
    broken = rule.replace("        expect: non_compliant\n        rationale_contains: \"not received on 2019-01-01",
                          "        expect: compliant\n        rationale_contains: \"not received on 2019-01-01", 1)
    assert broken != rule
    (tmp_path / "transparency.yaml").write_text(broken, encoding="utf-8")
    results = ruletests.run(load_rules(tmp_path))
    failed = [r for r in results if not r.passed]
    assert [(r.check, r.case) for r in failed] == [("article7-initial-report-overdue", "overdue")]
    assert failed[0].location.startswith(f"{tmp_path / 'transparency.yaml'}:")
    assert "expected compliant, got non_compliant" in failed[0].message


@given(st.text(alphabet="ab {}x", max_size=30))
def test_render_fills_every_placeholder_as_a_regex_substitution_would(template: str) -> None:
    """render() splits each template once and joins the pieces: it must give what substituting
    each ``{name}`` in place gives, for any text, braces that pair or not included."""
    from lapcheck.rules import PLACEHOLDER, render

    def text(name: str) -> str:
        return f"<{name.upper()}>"

    assert render(template, text) == PLACEHOLDER.sub(lambda m: text(m[1]), template)
