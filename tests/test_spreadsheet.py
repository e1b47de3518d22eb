"""No output cell is a formula a spreadsheet would run, and no text breaks a Markdown line."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from lapcheck import spreadsheet
from lapcheck.cli import cli
from lapcheck.report.markdown import escape
from tests.conftest import DATA

HOSTILE = "=cmd|' /C calc'!A0"


@given(st.text())
def test_restore_undoes_neutralise(text: str) -> None:
    """What export writes, import reads back as it was."""
    assert spreadsheet.restore(spreadsheet.neutralise(text)) == text


@given(st.text())
def test_a_neutralised_cell_never_starts_a_formula(text: str) -> None:
    """The first character of a written cell is never one a spreadsheet treats as a formula."""
    assert not spreadsheet.neutralise(text).startswith(("=", "+", "-", "@", "\t", "\r"))


def test_ordinary_text_is_left_alone() -> None:
    """Only cells that would be formulas change; a leading apostrophe in a name stays as it is."""
    for text in ("Croatia", "'s-Hertogenbosch", "", "2020-07", "a=b"):
        assert spreadsheet.neutralise(text) == text == spreadsheet.restore(text)
    assert [spreadsheet.neutralise(t) for t in ("=1", "+1", "-1", "@A1", "\tx", "\rx", "'=1")] == [
        "'=1", "'+1", "'-1", "'@A1", "'\tx", "'\rx", "''=1"]


def hostile_profiles(tmp_path: Path) -> Path:
    folder = tmp_path / "profiles"
    folder.mkdir()
    text = (DATA / "profiles" / "HRV.yaml").read_text(encoding="utf-8")
    (folder / "HRV.yaml").write_text(text.replace("name: Croatia", f'name: "{HOSTILE}\\r# Injected"'),
                                     encoding="utf-8")
    return folder


def run(*args: str) -> str:
    result = CliRunner().invoke(cli, [*args, "--rules", str(DATA / "rules"), "--engine", "python"])
    assert result.exit_code in (0, 1), result.output
    return result.stdout


def test_check_csv_quotes_a_formula_name(tmp_path: Path) -> None:
    """`check --format csv` writes the State name as text a spreadsheet shows, never runs, and its \r
    stays inside the cell."""
    text = run("check", str(hostile_profiles(tmp_path)), "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert rows and {r["state_name"] for r in rows} == {f"'{HOSTILE}\r# Injected"}


def test_diff_csv_quotes_a_formula_rationale(tmp_path: Path) -> None:
    """The diff's CSV quotes a rationale that starts like a formula."""
    report = json.loads(run("check", str(DATA / "profiles"), "--format", "json"))
    old, new = tmp_path / "old.json", tmp_path / "new.json"
    old.write_text(json.dumps(report), encoding="utf-8")
    report["findings"][0]["rationale"] = "@SUM(A1)"
    new.write_text(json.dumps(report), encoding="utf-8")
    result = CliRunner().invoke(cli, ["diff", str(old), str(new), "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert ",'@SUM(A1)" in result.stdout and ",@SUM" not in result.stdout


def test_markdown_keeps_a_carriage_return_on_one_line(tmp_path: Path) -> None:
    """A \\r in a name can neither end a table row nor start a heading."""
    out = run("check", str(hostile_profiles(tmp_path)), "--format", "markdown")
    assert "\r" not in out and not any(line.startswith("# Injected") for line in out.splitlines())


def test_escape_removes_every_line_break() -> None:
    """Each character Python splits lines on becomes a space."""
    for brk in ("\n", "\r", "\r\n", "\x0b", "\x0c", "\x1c", "\x85", "\u2028", "\u2029"):
        assert escape(f"a{brk}# b") == "a # b"
