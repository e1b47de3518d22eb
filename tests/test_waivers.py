"""Waivers: shown beside the computed status, active only between acceptance and expiry."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

import lapcheck
from lapcheck.cli import cli
from lapcheck.indicators import summarize
from lapcheck.waivers import apply_waivers, load_waivers
from tests.conftest import DATA

STATES = ["HRV", "IDN", "LAO"]


def report_on(day: str, small_rules, small_profiles):
    """Findings with the test waivers applied, keyed by (state, check)."""
    waivers = load_waivers(DATA / "waivers.yaml", small_rules, STATES)
    report = apply_waivers(lapcheck.evaluate(small_profiles, small_rules, date.fromisoformat(day), "python"), waivers)
    return report, {(f.state, f.check): f for f in report.findings}


def test_waiver_lifecycle(small_rules, small_profiles) -> None:
    """The Lao PDR waiver (accepted 2026-06-01, expires 2026-09-30) is absent before acceptance,
    active inside its dates and expired after; the computed status never changes."""
    _, before = report_on("2026-05-31", small_rules, small_profiles)
    _, during = report_on("2026-09-30", small_rules, small_profiles)
    _, after = report_on("2026-10-01", small_rules, small_profiles)
    key = ("LAO", "clearance-by-deadline")
    assert before[key].waiver is None
    assert during[key].waiver is not None and during[key].waiver.state == "active"
    assert after[key].waiver is not None and after[key].waiver.state == "expired"
    assert before[key].status == during[key].status == after[key].status == "non_compliant"


def test_indicators_count_waived_apart(small_rules, small_profiles) -> None:
    """Indonesia's non-ratification is waived in 2026: the ratification share stays 2/3, with 1 waived."""
    waivers = load_waivers(DATA / "waivers.yaml", small_rules, STATES)
    got = {i.id: i for i in summarize(small_profiles, small_rules, date(2026, 11, 28), waivers=waivers).indicators}
    assert (got["signatories-ratified"].numerator, got["signatories-ratified"].denominator) == (2, 3)
    assert got["signatories-ratified"].waived == 1


@pytest.mark.parametrize("field,value,message", [
    ("state: IDN", "state: FRA", "waivers[1].state: no profile for State 'FRA'"),
    ("check: signatory-ratified", "check: no-such-check", "waivers[1].check: unknown check 'no-such-check'"),
    ("expires: 2027-12-31", "expires: 2025-12-31", "expires 2025-12-31 before it was accepted 2026-01-01"),
])
def test_bad_waivers_are_errors(field: str, value: str, message: str, tmp_path: Path, small_rules) -> None:
    """A waiver naming an unknown State or check, or expiring before acceptance, is a located error."""
    bad = tmp_path / "w.yaml"
    bad.write_text((DATA / "waivers.yaml").read_text().replace(field, value))
    with pytest.raises(lapcheck.InputError, match=message.replace("[", r"\[").replace("]", r"\]")):
        load_waivers(bad, small_rules, STATES)


def test_cli_shows_waiver_beside_status() -> None:
    """The table shows the computed status with the waiver beside it; JSON carries the waiver."""
    args = ["check", str(DATA / "profiles"), "--rules", str(DATA / "rules"), "--waivers", str(DATA / "waivers.yaml"),
            "--as-of", "2026-11-28"]
    out = CliRunner().invoke(cli, args).stdout
    assert "non_compliant (waived)" in out and "non_compliant (waiver expired)" in out
    import json

    data = json.loads(CliRunner().invoke(cli, [*args, "--format", "json"]).stdout)
    idn = next(f for f in data["findings"] if (f["state"], f["check"]) == ("IDN", "signatory-ratified"))
    assert idn["status"] == "non_compliant" and idn["waiver"]["accepted_by"] == "ISU"


def test_a_waived_finding_does_not_trip_fail_on_unless_asked() -> None:
    """Indonesia's non-ratification is waived on 2026-11-28 (tests/data/waivers.yaml): with it, the
    only non_compliant findings left are Lao PDR's, so `--fail-on non_compliant` on Indonesia
    alone exits 0; `--fail-on-waived` counts the waived finding too and exits 1."""
    args = ["check", str(DATA / "profiles"), "--rules", str(DATA / "rules"), "--waivers", str(DATA / "waivers.yaml"),
            "--as-of", "2026-11-28", "--state", "IDN", "--status", "non_compliant", "--fail-on", "non_compliant"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0 and "non_compliant (waived)" in result.stdout
    assert CliRunner().invoke(cli, [*args, "--fail-on-waived"]).exit_code == 1
