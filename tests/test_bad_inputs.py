"""Hostile and broken input: exit 2, one stderr line naming file and line or key, nothing written.

One small file per kind of problem lives in tests/bad_inputs/{profiles,rules,reports}/, and one
source of tables (a folder, or an .xlsx workbook) in tables/ and one workspace in workspaces/, named
for what is wrong; the tables below say where each error must point and what it must say. Each case
runs the installed command in a subprocess with a timeout, so one that hangs fails alone.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from lapcheck.cli import EXIT_ERROR, cli
from tests.conftest import DATA

BAD = Path(__file__).parent / "bad_inputs"

PROFILES: dict[str, tuple[int | None, str]] = {
    "billion_laughs.yaml": (2, "a: anchors (&a) are not allowed"),
    "control_character.yaml": (2, "invalid YAML: character U+0001 (only printable characters"),
    "binary.yaml": (None, "binary file (contains NUL bytes); expected UTF-8 text"),
    "decided_before_submitted.yaml": (7, "clearance.extensions[0].decided: decided 2018-09-05 before it was "
                                         "submitted 2019-01-10"),
    "declared_before_completion.yaml": (9, "compliance declared 2019-09-01 before completion 2020-07-10"),
    "deposit_before_signature.yaml": (5, "deposit 2009-08-17 is before signature 2010-01-01"),
    "duplicate_key.yaml": (3, "duplicate key 'name' (first on line 2)"),
    "empty.yaml": (None, "file is empty; expected a YAML mapping"),
    "granted_without_new_deadline.yaml": (5, "clearance.extensions[0]: a granted extension needs new_deadline"),
    "extension_shorter_than_deadline.yaml": (9, "new deadline 2019-08-01 does not extend the deadline 2020-08-01"),
    "huge_integer.yaml": (8, "national_implementation.year.value: year 99999999999999999999 is outside the years"),
    "huge_quantity.yaml": (5, "stockpiles.retention[0].quantity: Input should be less than or equal to "
                              "9007199254740992"),
    "invalid_date_feb30.yaml": (8, "clearance.completed: '2021-02-30' is not a calendar date"),
    "invalid_date_month13.yaml": (8, "clearance.completed: month 13 does not exist in '2021-13-01'"),
    "invalid_yaml.yaml": (3, "invalid YAML"),
    "missing_name.yaml": (1, "missing required key 'name'"),
    "not_utf8.yaml": (2, "not UTF-8 text (byte 0xe9)"),
    "python_tag.yaml": (2, "name: YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed"),
    "top_level_list.yaml": (1, "expected a mapping of profile keys, got a list"),
    "unknown_iso_code.yaml": (1, "iso3: 'QQQ' is not an ISO 3166-1 alpha-3 code"),
    "unknown_key_typo.yaml": (8, "clearance.obligaton: unknown key 'obligaton'"),
    "unknown_source_key.yaml": (9, "source 'unctc' is not a key of 'sources'"),
    "withdrawal_before_deposit.yaml": (5, "withdrawal 2008-01-01 is before the deposit"),
    "wrong_type.yaml": (8, "clearance.obligation: Input should be a valid boolean (got 'yes')"),
    "year_beyond_calendar.yaml": (5, "year 9999 is outside the years the Convention's calendar covers (1900-2199)"),
}
RULES: dict[str, tuple[int | None, str]] = {
    "anchor.yaml": (7, "checks[0].compliant: anchors (&deadline) are not allowed"),
    "core_tag.yaml": (4, "checks[0].title: YAML tag '!!str' is not allowed"),
    "code_in_unknown_key.yaml": (9, "checks[0].run: unknown key 'run'"),
    "date_compared_with_number.yaml": (7, "checks[0].compliant.lt: date field 'article4.deadline': expected a date"),
    "duplicate_check_id.yaml": (9, "duplicate id 'c1'"),
    "missing_rationale.yaml": (8, "missing rationale template for status 'non_compliant'"),
    "nesting_too_deep.yaml": (7, "condition nested more than 12 levels deep"),
    "partial_date_where_full_needed.yaml": (11, "as_of must be a full date YYYY-MM-DD, got 2021"),
    "in_list_too_long.yaml": (7, "checks[0].compliant.in: 'in' has 256 values; at most 255"),
    "indicator_unknown_check.yaml": (3, "indicator refers to unknown check 'article7-initial-report-overdue'"),
    "template_attribute_access.yaml": (8, "template names unknown fact {__class__.__mro__}"),
    "unknown_area.yaml": (1, "unknown area 'clearence'; expected one of cross-cutting"),
    "unknown_field.yaml": (7, "unknown field 'article4.deadlin'; did you mean article4.deadline"),
    "unknown_operator.yaml": (7, "unknown operator 'lte'; valid operators: eq, ne, lt, le, gt, ge, in"),
}
REPORTS: dict[str, tuple[int | None, str]] = {
    "as_of_garbage.json": (None, "as_of: not a lapcheck check report: expected a date YYYY-MM-DD, got 'garbage'"),
    "huge_number.json": (3, "not a lapcheck check report: a number of more than 4,300 digits"),
    "repeated_pair.json": (11, "findings[1]: a second finding for HRV / c1 (first on line 4)"),
}

TABLES: dict[str, tuple[str, int | None, str]] = {
    "closed_list_member_not_a_party": ("closed_lists.csv", 2, "members: list 'v-2019' names XAB, which was "
                                       "not a State Party (deposited) on 2019-01-31"),
    "closed_list_of_an_obligation": ("closed_lists.csv", 2, "field: 'clearance.obligation' cannot be filled"),
    "closed_lists_disagree": ("closed_lists.csv", 3, "lists 'v-2019' (line 2) and 'w-2019' disagree"),
    "formula_cell.xlsx": ("", None, "sheet participants, row 2: cell F2 holds a formula (=DATE(2018,1,1))"),
    "not_a_zip.xlsx": ("", None, "not an .xlsx workbook (not a zip file)"),
    "unknown_sheet.xlsx": ("", None, "sheet Sheet1: not a table; sheets are named participants"),
}
WORKSPACES: dict[str, str] = {
    "outside": "workspace.profiles: '../../profiles' is outside the workspace",
    "typo": "workspace.profils: unknown key; expected label, rules, profiles, tables, waivers",
}


def run_failing(args: list[str]) -> str:
    """The one stderr line of a command that must exit 2 within a minute."""
    done = subprocess.run([sys.executable, "-m", "lapcheck", *args], capture_output=True, text=True, timeout=60,
                          check=False, env={**os.environ, "LAPCHECK_NO_CACHE": "1"})
    assert done.returncode == EXIT_ERROR, done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 1, lines
    return lines[0]


def assert_clean_failure(args: list[str], path: Path, line: int | None, message: str, tmp_path: Path) -> None:
    """Exit 2, exactly one stderr line pointing at path[:line] with message, no output file, in a
    subprocess that must end within a minute."""
    output = tmp_path / "out.json"
    done = subprocess.run([sys.executable, "-m", "lapcheck", *args, "--format", "json", "--output", str(output)],
                          capture_output=True, text=True, timeout=60, check=False,
                          env={**os.environ, "LAPCHECK_NO_CACHE": "1"})
    assert done.returncode == EXIT_ERROR, done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 1, lines
    where = f"{path}:{line}:" if line else f"{path}:"
    assert lines[0].startswith(f"lapcheck: error: {where}") and message in lines[0], lines[0]
    assert not output.exists() and list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name", sorted(PROFILES))
def test_bad_profile(name: str, tmp_path: Path) -> None:
    """Each broken profile gets its own clear error, and nothing is written."""
    line, message = PROFILES[name]
    path = BAD / "profiles" / name
    assert_clean_failure(["check", str(path), "--rules", str(DATA / "rules")], path, line, message, tmp_path)


@pytest.mark.parametrize("name", sorted(RULES))
def test_bad_rule_file(name: str, tmp_path: Path) -> None:
    """Each broken rule file gets its own clear error, and nothing is written."""
    line, message = RULES[name]
    path = BAD / "rules" / name
    assert_clean_failure(["check", str(DATA / "profiles"), "--rules", str(path)], path, line, message, tmp_path)


@pytest.mark.parametrize("name", sorted(REPORTS))
def test_bad_report(name: str, tmp_path: Path) -> None:
    """Each broken report given to `diff` gets its own clear error, and nothing is written."""
    line, message = REPORTS[name]
    path = BAD / "reports" / name
    assert_clean_failure(["diff", str(path), str(path)], path, line, message, tmp_path)


@pytest.mark.parametrize("name", sorted(TABLES))
def test_bad_tables(name: str, tmp_path: Path) -> None:
    """Each broken source of tables (closed lists, workbooks) gets its own clear error on import, and
    no profile is written."""
    file, line, message = TABLES[name]
    source = BAD / "tables" / name
    where = f"{source / file}:{line}:" if line else f"{source / file if file else source}:"
    got = run_failing(["import", str(source), "-o", str(tmp_path / "out")])
    assert got.startswith(f"lapcheck: error: {where}") and message in got, got
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("name", sorted(WORKSPACES))
def test_bad_workspace(name: str) -> None:
    """A workspace whose lapcheck.toml is wrong is an error naming it."""
    message = WORKSPACES[name]
    config = BAD / "workspaces" / name / "lapcheck.toml"
    got = run_failing(["check", "--workspace", str(config.parent)])
    assert got.startswith(f"lapcheck: error: {config}:") and message in got, got


def test_every_bad_file_is_listed() -> None:
    """The corpus and the tables above stay in step."""
    assert sorted(p.name for p in (BAD / "tables").iterdir()) == sorted(TABLES)
    assert sorted(p.name for p in (BAD / "workspaces").iterdir()) == sorted(WORKSPACES)
    assert sorted(p.name for p in (BAD / "profiles").iterdir()) == sorted(PROFILES)
    assert sorted(p.name for p in (BAD / "rules").iterdir()) == sorted(RULES)
    assert sorted(p.name for p in (BAD / "reports").iterdir()) == sorted(REPORTS)


def test_python_tag_runs_nothing(tmp_path: Path) -> None:
    """The os.system tag is refused before anything is built: its command never runs."""
    marker = Path("/tmp/lapcheck-pwned")
    marker.unlink(missing_ok=True)
    CliRunner().invoke(cli, ["validate", str(BAD / "profiles" / "python_tag.yaml")])
    assert not marker.exists()


def test_huge_file_is_refused_by_size(tmp_path: Path) -> None:
    """A 50 MB profile is refused with a size error before it is read into memory."""
    huge = tmp_path / "in" / "HRV.yaml"
    huge.parent.mkdir()
    with huge.open("wb") as handle:
        handle.write(b"iso3: HRV\nname: Croatia\nnotes:\n")
        handle.truncate(50 * 1024 * 1024)
    out = tmp_path / "out"
    out.mkdir()
    assert_clean_failure(["check", str(huge), "--rules", str(DATA / "rules")], huge, None, "the limit is 8 MiB", out)


def test_duplicate_iso_across_files(tmp_path: Path) -> None:
    """Two files for one State: the second is an error naming the first."""
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(DATA / "profiles" / "HRV.yaml", folder / "a.yaml")
    shutil.copy(DATA / "profiles" / "HRV.yaml", folder / "b.yaml")
    out = tmp_path / "out"
    out.mkdir()
    assert_clean_failure(["check", str(folder), "--rules", str(DATA / "rules")], folder / "b.yaml", 3,
                         f"duplicate ISO code 'HRV' (also in {folder / 'a.yaml'})", out)


@pytest.mark.parametrize("command", [["check"], ["summary"], ["deadlines"], ["report", "-o", "site"],
                                     ["explain", "HRV", "article7-annual-report-on-time"]])
@pytest.mark.parametrize("day", ["9999-12-31", "1899-12-31"])
def test_as_of_outside_the_calendar_is_refused(command: list[str], day: str, tmp_path: Path) -> None:
    """A far as-of date is one clear line, in no time, not a crash deep in a deadline sum."""
    result = CliRunner().invoke(cli, [*command, "--as-of", day], catch_exceptions=False)
    assert result.exit_code == EXIT_ERROR, result.output
    assert result.stderr == (f"lapcheck: error: as-of date {day} is outside the years the Convention's "
                             "calendar covers (1900-2199)\n")


@pytest.mark.parametrize(("args", "message"), [
    (["check", "--as-of", "x"],
     "Invalid value for '--as-of': expected YYYY-MM-DD, got 'x' (see 'lapcheck check --help')"),
    (["chek"], "No such command 'chek'."),
    (["--bogus"], "No such option '--bogus'."),
    (["check", "--format", "nope"], "Invalid value for '--format': 'nope' is not one of"),
])
def test_a_usage_error_is_one_line(args: list[str], message: str) -> None:
    """click's three-line usage block becomes lapcheck's one line, exit 2."""
    result = CliRunner().invoke(cli, args, prog_name="lapcheck")
    assert result.exit_code == EXIT_ERROR
    assert result.stderr.count("\n") == 1 and result.stderr.startswith(f"lapcheck: error: {message}"), result.stderr


def test_a_file_the_system_refuses_is_one_line(tmp_path: Path) -> None:
    """Writing under a path that is a file is the system's error, said in one line."""
    blocker = tmp_path / "file"
    blocker.write_text("")
    result = CliRunner().invoke(cli, ["export", "-o", str(blocker / "tables")])
    assert result.exit_code == EXIT_ERROR
    assert result.stderr.count("\n") == 1 and "Not a directory" in result.stderr, result.stderr


def _run(command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["bash", "-c", command], capture_output=True, text=True, timeout=60, check=False)


@pytest.mark.skipif(not Path("/dev/full").is_char_device(), reason="needs /dev/full")
def test_a_full_standard_output_is_one_line() -> None:
    """A disk that fills under `> file` is an error, never a silent success."""
    done = _run(f"{sys.executable} -m lapcheck check > /dev/full")
    expected = "lapcheck: error: cannot write the output: No space left on device\n"
    assert (done.returncode, done.stderr) == (EXIT_ERROR, expected)


def test_a_closed_standard_output_is_one_line() -> None:
    """`>&-` loses every finding unless it is refused."""
    done = _run(f"{sys.executable} -m lapcheck check >&-")
    assert (done.returncode, done.stderr) == (
        EXIT_ERROR, "lapcheck: error: standard output is closed; redirect it to a file or /dev/null\n")
