"""Rule files say what a check judges: an obligation (compliant, non_compliant, at_risk) or a step
of progress (done, not_yet); and the lapses a finding records as history."""

from __future__ import annotations

from pathlib import Path

import pytest

import lapcheck
from lapcheck.errors import RuleError

HEAD = """area: universalisation
checks:
  - id: c
    title: T
    articles: ["16"]
    description: D
"""


@pytest.mark.parametrize(("body", "message"), [
    ("    kind: progress\n    compliant: {field: participation.deposited, eq: true}\n"
     "    rationale: {done: a, not_yet: b}\n",
     "a progress check states its condition as 'done', not 'compliant'"),
    ("    kind: obligation\n    done: {field: participation.deposited, eq: true}\n"
     "    rationale: {compliant: a, non_compliant: b}\n",
     "a obligation check states its condition as 'compliant', not 'done'"),
    ("    kind: progress\n    done: {field: participation.deposited, eq: true}\n"
     "    at_risk: {field: participation.deposited, eq: true}\n    rationale: {done: a, not_yet: b}\n",
     "at_risk belongs to obligations"),
    ("    kind: progress\n    done: {field: participation.deposited, eq: true}\n"
     "    rationale: {done: a, not_yet: b, non_compliant: c}\n",
     "this check cannot produce 'non_compliant'"),
    ("    kind: progress\n    done: {field: participation.deposited, eq: true}\n    rationale: {done: a}\n",
     "missing rationale template for status 'not_yet'"),
    ("    kind: breach\n    compliant: {field: participation.deposited, eq: true}\n"
     "    rationale: {compliant: a, non_compliant: b}\n", "kind"),
    ("    compliant: {field: participation.deposited, eq: true}\n    rationale: {compliant: a, non_compliant: b}\n"
     "    history: [{when: {field: participation.deposited, eq: true}, note: '{nothing.here}'}]\n",
     "template names unknown fact {nothing.here}"),
])
def test_a_check_must_say_its_outcomes_in_its_kinds_words(tmp_path: Path, body: str, message: str) -> None:
    """Each kind has its own condition key and outcomes; mixing them is a located error."""
    path = tmp_path / "u.yaml"
    path.write_text(HEAD + body, encoding="utf-8")
    with pytest.raises(RuleError) as info:
        lapcheck.load_rules(path)
    assert message in str(info.value) and info.value.line is not None


def test_every_bundled_check_says_what_it_judges() -> None:
    """The bundled pack: ratifying, being in force, and the LAP's own commitments (actions 8, 13,
    48, the baseline survey's target, disaggregated data) are progress; the rest are obligations."""
    kinds = {c.id: c.kind for c in lapcheck.load_rules().checks}
    assert {c for c, k in kinds.items() if k == "progress"} == {
        "signatory-ratification", "state-party-in-force", "article3-declaration-of-compliance",
        "article4-baseline-survey", "article9-investment-ban", "gender-in-national-plans",
        "disaggregated-victim-data"}
    assert len(kinds) == 24


def test_progress_never_trips_a_gate_on_non_compliant() -> None:
    """`--fail-on non_compliant` matches a breach only: on the snapshot's signatories alone (no
    obligation binds them) it exits 0."""
    from click.testing import CliRunner

    from lapcheck.cli import EXIT_OK, cli

    signatories = "AGO,CYP,DJI,HTI,IDN,JAM,KEN,LBR,NAM,UGA,TZA,CAF"
    result = CliRunner().invoke(cli, ["check", "--as-of", "2026-06-30", "--state", signatories,
                                      "--engine", "python", "--fail-on", "non_compliant", "--format", "json"])
    assert result.exit_code == EXIT_OK, result.stderr
    assert '"status":"not_yet"' in result.stdout
