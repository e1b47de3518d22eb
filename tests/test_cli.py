"""Every CLI command and exit code, through click's CliRunner and once as an installed script."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from lapcheck.cli import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, cli
from tests.conftest import DATA

RULES = ["--rules", str(DATA / "rules")]
PROFILES = str(DATA / "profiles")


def run(*args: str) -> tuple[int, str, str]:
    """Run the CLI; return exit code, stdout and stderr."""
    result = CliRunner().invoke(cli, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def test_check_table_fits_100_columns() -> None:
    """The default table has one row per finding, fits 100 columns, and ends with the counts."""
    code, out, _ = run("check", PROFILES, *RULES, "--as-of", "2026-11-28", "--engine", "python")
    assert code == EXIT_OK
    assert max(len(line) for line in out.splitlines()) <= 100
    assert "LAO      Clearance completed by the Article 4 deadline  non_compliant" in out
    assert "         clearance-by-deadline" in out  # the id below the title
    assert "6 findings for 3 States (3 compliant, 2 non_compliant, 1 not_applicable)." in out
    assert " ".join(out.split("Data: ")[1].split()) == (
        f"profiles from {PROFILES}; rules from {DATA / 'rules'} (3 profiles, 2 checks).")


def test_check_json_shape() -> None:
    """JSON is {as_of, findings}, findings sorted by state then check, with the documented keys."""
    code, out, _ = run("check", PROFILES, *RULES, "--as-of", "2026-11-28", "--format", "json")
    data = json.loads(out)
    assert code == EXIT_OK and sorted(data) == ["as_of", "findings"] and data["as_of"] == "2026-11-28"
    pairs = [(f["state"], f["check"]) for f in data["findings"]]
    assert pairs == sorted(pairs)
    assert {"state", "check", "actions", "articles", "status", "rationale", "evidence", "as_of"} \
        <= set(data["findings"][0])


@pytest.mark.parametrize("fmt,needle", [("csv", "state,state_name,check"), ("markdown", "## Lao PDR (LAO)")])
def test_check_other_formats(fmt: str, needle: str) -> None:
    """CSV has a header row; Markdown a section per State."""
    code, out, _ = run("check", PROFILES, *RULES, "--as-of", "2026-11-28", "--format", fmt)
    assert code == EXIT_OK and needle in out


def test_filters_and_fail_on() -> None:
    """--state and --status narrow the findings; --fail-on exits 1 only when a finding matches."""
    code, out, _ = run("check", PROFILES, *RULES, "--as-of", "2026-11-28", "--state", "lao", "--format", "json",
                       "--status", "non_compliant", "--fail-on", "non_compliant")
    findings = json.loads(out)["findings"]
    assert code == EXIT_FINDINGS and [(f["state"], f["check"]) for f in findings] == [("LAO", "clearance-by-deadline")]
    code, _, _ = run("check", PROFILES, *RULES, "--as-of", "2026-11-28", "--state", "HRV", "--fail-on", "non_compliant")
    assert code == EXIT_OK


def test_output_file_written(tmp_path: Path) -> None:
    """--output writes the report to the file and nothing to stdout."""
    target = tmp_path / "out.json"
    code, out, _ = run("check", PROFILES, *RULES, "--format", "json", "--output", str(target))
    assert code == EXIT_OK and out == "" and json.loads(target.read_text())["findings"]


def test_bad_profile_is_one_line_exit_2(tmp_path: Path) -> None:
    """A typo in a profile exits 2 with one stderr line naming file, line and key; no output file."""
    shutil.copytree(DATA / "profiles", tmp_path / "p")
    bad = tmp_path / "p" / "HRV.yaml"
    bad.write_text(bad.read_text().replace("  obligation:", "  obligaton:"))
    target = tmp_path / "out.json"
    code, _out, err = run("check", str(tmp_path / "p"), *RULES, "--format", "json", "--output", str(target))
    assert code == EXIT_ERROR
    assert err.strip().splitlines() == [f"lapcheck: error: {bad}:13: clearance.obligaton: unknown key 'obligaton'"]
    assert "Traceback" not in err and not target.exists()


def test_keep_going_evaluates_the_valid_profiles(tmp_path: Path) -> None:
    """With --keep-going the valid States are evaluated and written, the bad file listed, exit 2."""
    shutil.copytree(DATA / "profiles", tmp_path / "p")
    (tmp_path / "p" / "HRV.yaml").write_text("iso3: HRV\nname: [\n")
    code, out, err = run("check", str(tmp_path / "p"), *RULES, "--format", "json", "--keep-going")
    assert code == EXIT_ERROR
    assert {f["state"] for f in json.loads(out)["findings"]} == {"IDN", "LAO"}
    assert "HRV.yaml" in err


@pytest.mark.parametrize("args,message", [
    (("--as-of", "2026-02-30"), "expected YYYY-MM-DD"),
    (("--state", "XYZ"), "no profile for 'XYZ'"),
    (("--rules", "/nonexistent"), "no such file or folder"),
])
def test_usage_errors_exit_2(args: tuple[str, ...], message: str) -> None:
    """Bad options exit 2 and say what was wrong."""
    code, _, err = run("check", PROFILES, *(RULES if "--rules" not in args else ()), *args)
    assert code == EXIT_ERROR and message in err


def test_validate() -> None:
    """validate accepts good profiles and rules and counts them."""
    code, out, _ = run("validate", PROFILES, str(DATA / "rules"))
    assert code == EXIT_OK and out.strip() == "ok: 3 profiles, 2 checks"


def test_explain_shows_each_leaf() -> None:
    """explain prints each leaf with its actual value and outcome, and the status."""
    code, out, _ = run("explain", "LAO", "clearance-by-deadline", PROFILES, *RULES, "--as-of", "2026-11-28")
    assert code == EXIT_OK
    assert "article4.deadline = 1 August 2025  ge  as_of = 28 November 2026  → FALSE" in out
    assert "\nstatus: non_compliant\n" in out


def test_schema_and_fields() -> None:
    """`schema profile` prints a JSON Schema; `fields` lists the facts conditions can name."""
    code, out, _ = run("schema", "profile")
    assert code == EXIT_OK and json.loads(out)["title"] == "Profile"
    code, out, _ = run("fields")
    assert code == EXIT_OK and "article4.deadline" in out


@pytest.mark.parametrize("command", sorted(cli.commands))
def test_every_command_has_help(command: str) -> None:
    """Every command documents itself."""
    code, out, _ = run(command, "--help")
    assert code == EXIT_OK and cli.commands[command].help and "Usage:" in out


def test_installed_console_script() -> None:
    """The console script runs as a subprocess and exits 2 on bad input, with no traceback."""
    script = Path(sys.executable).parent / "lapcheck"
    if not script.exists():
        pytest.skip("console script not installed in this environment")
    ok = subprocess.run([str(script), "check", PROFILES, *RULES, "--format", "json"], capture_output=True, text=True)
    assert ok.returncode == 0 and json.loads(ok.stdout)["findings"]
    bad = subprocess.run([str(script), "check", str(DATA / "rules" / "clearance.yaml")], capture_output=True, text=True)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr


def test_falls_back_to_python_engine_with_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    """Where durable-rules cannot be imported (Python 3.13+), check says so in one line and uses the
    Python engine."""
    from lapcheck import durable_engine

    monkeypatch.setattr(durable_engine, "available", lambda: (False, "durable-rules is not importable (test)"))
    code, out, err = run("check", PROFILES, *RULES, "--as-of", "2026-11-28", "--format", "json")
    assert code == EXIT_OK and json.loads(out)["findings"]
    assert err == "lapcheck: durable-rules is not importable (test); using the Python engine\n"


def test_rules_list_shows_locations_and_action_coverage() -> None:
    """rules list names each check and indicator with file:line, and accounts for all 50 actions."""
    code, out, _ = run("rules", "list", *RULES)
    assert code == EXIT_OK
    assert "clearance-by-deadline" in out and "check" in out and "clearance.yaml:4" in out
    assert ("LAP actions 1-50: 0 cited by a check or indicator, 9 covered\n"
            "only by their area's checks, 41 not encoded.") in out
    code, out, _ = run("rules", "list", *RULES, "--format", "json")
    data = json.loads(out)
    assert [a["action"] for a in data["actions"]] == list(range(1, 51))
    assert {i["id"] for i in data["items"]} >= {"clearance-by-deadline", "joined"}


def test_summary_json_shape() -> None:
    """summary --format json is {as_of, indicators: [{id, title, actions, value, numerator, ...}]}."""
    code, out, _ = run("summary", PROFILES, *RULES, "--as-of", "2026-11-28", "--format", "json")
    data = json.loads(out)
    assert code == EXIT_OK and sorted(data) == ["as_of", "indicators"]
    assert {"id", "title", "actions", "value", "numerator", "denominator", "breakdown"} <= set(data["indicators"][0])


def test_rules_test_runs_the_bundled_cases() -> None:
    """rules test runs every case of the bundled rules and reports counts like a test runner."""
    code, out, _ = run("rules", "test", "--engine", "python")
    assert code == EXIT_OK and " passed, 0 failed, with python\n" in out


def test_rules_test_fails_on_a_wrong_case(tmp_path: Path) -> None:
    """A case expecting the wrong status fails with its file:line; a status with no case is named."""
    text = (DATA / "rules" / "clearance.yaml").read_text().replace(
        "      not_applicable: \"Has not signed the Convention.\"",
        "      not_applicable: \"Has not signed the Convention.\"\n    tests:\n      - name: wrong\n"
        "        as_of: 2026-01-01\n        profile: {iso3: XTS, name: T, participation: {signature: 2008-12-03,"
        " deposit: false, withdrawal_notified: false}}\n        expect: compliant")
    (tmp_path / "r.yaml").write_text(text)
    code, out, _ = run("rules", "test", str(tmp_path / "r.yaml"), "--engine", "python")
    assert code == EXIT_FINDINGS
    assert f"FAIL signatory-ratified-wrong [python] {tmp_path / 'r.yaml'}:" in out
    assert "expected compliant, got non_compliant" in out
    assert "MISSING clearance-by-deadline" in out and "0 passed, 1 failed, with python\n" in out


def test_the_console_entry_point_flushes_everything_and_keeps_exit_codes(tmp_path: Path) -> None:
    """`python -m lapcheck` ends the process without tearing it down: its whole output still
    arrives, and exit codes and error lines are the ones click gave."""
    import json
    import subprocess
    import sys

    run = [sys.executable, "-m", "lapcheck", "check", str(DATA / "profiles"), "--rules", str(DATA / "rules")]
    done = subprocess.run([*run, "--format", "json"], capture_output=True, text=True, check=False)
    assert done.returncode == EXIT_OK
    assert len(json.loads(done.stdout)["findings"]) > 0
    bad = tmp_path / "bad.yaml"
    bad.write_text("iso3: LAO\nname: Lao\nparticipaton: {}\n")
    done = subprocess.run([sys.executable, "-m", "lapcheck", "check", str(bad)], capture_output=True, text=True,
                          check=False)
    assert done.returncode == EXIT_ERROR
    assert done.stderr == f"lapcheck: error: {bad}:3: participaton: unknown key 'participaton'\n"
    done = subprocess.run([*run, "--no-such-option"], capture_output=True, text=True, check=False)
    assert done.returncode == EXIT_ERROR and "No such option" in done.stderr


@pytest.mark.parametrize("args", [
    ["check", "--as-of", "2026-06-30"], ["check", "--as-of", "2026-06-30", "--verbose"],
    ["summary", "--as-of", "2026-06-30"], ["summary", "--as-of", "2026-06-30", "--verbose"],
    ["deadlines", "--as-of", "2026-06-30"], ["deadlines", "--as-of", "2026-06-30", "--verbose"],
    ["trend", "--from", "2010", "--to", "2026"], ["fields"], ["fields", "--verbose"], ["rules", "list"],
    ["explain", "LAO", "article4-clearance-deadline", "--as-of", "2026-06-30"],
    ["gaps", "--as-of", "2026-06-30"], ["gaps", "--as-of", "2026-06-30", "--state", "LAO,HRV", "--verbose"],
], ids=lambda a: " ".join(a))
def test_every_table_fits_100_columns_on_the_bundled_data(args: list[str]) -> None:
    """Each command's table, on the bundled snapshot, has no line wider than 100 characters."""
    code, out, _ = run(*args, *(["--engine", "python"] if args[0] in ("check", "summary", "trend") else []))
    assert code == EXIT_OK
    wide = [line for line in out.splitlines() if len(line) > 100]
    assert not wide, wide[:3]


def test_python_3_13_says_so_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Where durable-rules cannot run (Python 3.13 and later), a command says so in one plain line,
    once, and `rules test` says which engines ran."""
    from lapcheck import durable_engine

    monkeypatch.setattr(durable_engine.sys, "version_info", (3, 13, 0))
    code, _, err = run("check", "--state", "HRV", "--as-of", "2026-06-30")
    assert code == EXIT_OK
    assert err == "lapcheck: durable-rules is not available on Python 3.13 and later; using the Python engine\n"
    code, out, err = run("rules", "test")
    assert code == EXIT_OK and ", with python\n" in out and err.count("durable-rules is not available") == 1
