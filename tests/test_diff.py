"""`lapcheck diff` reads only reports lapcheck could have written: anything else is one located line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from lapcheck.cli import cli
from lapcheck.diff import MAX_REPORT_BYTES, read_report

SNAPSHOT: dict[str, object] = {}


def snapshot() -> dict[str, object]:
    """The bundled snapshot's `check --format json`, computed once."""
    if not SNAPSHOT:
        result = CliRunner().invoke(cli, ["check", "--format", "json", "--engine", "python"])
        SNAPSHOT.update(json.loads(result.stdout))
    return SNAPSHOT


def diff_error(path: Path) -> str:
    """Run `lapcheck diff` on ``path`` against itself in a subprocess with a timeout; its stderr."""
    done = subprocess.run([sys.executable, "-m", "lapcheck", "diff", str(path), str(path)], capture_output=True,
                          text=True, timeout=60, check=False, env={**os.environ, "LAPCHECK_NO_CACHE": "1"})
    assert done.returncode == 2 and done.stderr.count("\n") == 1, done.stderr
    return done.stderr


def test_deep_nesting_is_one_line(tmp_path: Path) -> None:
    """100,000 nested lists are refused in one line, not a RecursionError traceback."""
    path = tmp_path / "deep.json"
    path.write_text('{"as_of": "2026-01-01", "findings": [' + "[" * 100_000 + "]" * 100_000 + "]}")
    assert diff_error(path) == f"lapcheck: error: {path}:1: not a lapcheck check report: JSON nested too deeply\n"


def test_a_huge_number_is_one_line(tmp_path: Path) -> None:
    """A 5,000-digit integer is refused at its line, not a ValueError traceback."""
    path = tmp_path / "digits.json"
    path.write_text('{"as_of": "2026-01-01",\n "findings": [\n' + "1" * 5000 + "]}")
    assert diff_error(path) == (f"lapcheck: error: {path}:3: not a lapcheck check report: "
                                "a number of more than 4,300 digits\n")


def test_a_pair_named_twice_is_refused(tmp_path: Path) -> None:
    """Two findings for one (State, check) would make the last one win silently."""
    report = dict(snapshot())
    findings = report["findings"]
    assert isinstance(findings, list)
    report["findings"] = [findings[0], findings[1], findings[0]]
    path = tmp_path / "dup.json"
    path.write_text(json.dumps(report, indent=2))
    first = findings[0]
    error = diff_error(path)
    assert error.startswith(f"lapcheck: error: {path}:")
    assert f"findings[2]: a second finding for {first['state']} / {first['check']} (first on line 4)" in error


@pytest.mark.parametrize("day", ["garbage", "2026-W01-1", "20260101", "2026-02-30"])
def test_an_as_of_that_is_not_a_date_is_refused(tmp_path: Path, day: str) -> None:
    """The report's as-of date must be YYYY-MM-DD, as lapcheck writes it."""
    path = tmp_path / "r.json"
    path.write_text(json.dumps({**snapshot(), "as_of": day}))
    assert diff_error(path) == (f"lapcheck: error: {path}: as_of: not a lapcheck check report: "
                                f"expected a date YYYY-MM-DD, got {day!r}\n")


def test_a_bad_finding_names_its_line_and_key(tmp_path: Path) -> None:
    """A finding with an unknown status is located by its line and index."""
    findings = snapshot()["findings"]
    assert isinstance(findings, list)
    path = tmp_path / "r.json"
    path.write_text(json.dumps({"as_of": "2026-01-01", "findings": [findings[0], {**findings[1], "status": "x"}]},
                               indent=1))
    error = diff_error(path)
    assert error.startswith(f"lapcheck: error: {path}:")
    assert ": findings[1].status: not a lapcheck check report: " in error


def test_the_limit_admits_lapchecks_own_output_for_10000_states(tmp_path: Path) -> None:
    """The bundled snapshot's report, scaled by its size per State, fits 10,000 States under the limit,
    and a report is read back as written."""
    text = json.dumps(snapshot(), indent=2, sort_keys=True)
    findings = snapshot()["findings"]
    assert isinstance(findings, list)
    states = len({f["state"] for f in findings})
    assert len(text.encode()) / states * 10_000 < MAX_REPORT_BYTES
    (tmp_path / "r.json").write_text(text)
    read = read_report(tmp_path / "r.json")
    assert [(f.state, f.check, f.status) for f in read.findings] == [
        (f["state"], f["check"], f["status"]) for f in findings]
