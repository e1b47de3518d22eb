"""A workspace: the ISU's own copy of the data, which every command finds from the folder it runs
in, or is given with --workspace; outside one, the bundled snapshot; and nothing from nothing."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from lapcheck import workspace
from lapcheck.cli import EXIT_ERROR, EXIT_OK, cli
from lapcheck.errors import InputError


def run(*args: str) -> tuple[int, str, str]:
    """Run the CLI; return exit code, stdout and stderr."""
    result = CliRunner().invoke(cli, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def inside(tmp_path: Path) -> Iterator[Path]:
    """A fresh workspace made by `lapcheck init`, the current folder while the test runs."""
    code, out, _ = run("init", str(tmp_path / "isu"))
    assert code == EXIT_OK and "made a workspace" in out
    old = Path.cwd()
    os.chdir(tmp_path / "isu")
    yield tmp_path / "isu"
    os.chdir(old)


def test_init_writes_a_working_copy_the_commands_find(inside: Path) -> None:
    """init copies the rules, profiles and tables, writes an empty waivers file and lapcheck.toml;
    a command run inside, or in a folder below, names the workspace it read."""
    assert {p.name for p in inside.iterdir()} == {"rules", "profiles", "tables", "waivers.yaml", "lapcheck.toml"}
    assert len(list((inside / "profiles").glob("*.yaml"))) == 125
    (inside / "notes").mkdir()
    os.chdir(inside / "notes")
    code, out, _ = run("check", "--state", "HRV", "--as-of", "2026-06-30", "--engine", "python")
    assert code == EXIT_OK
    assert f"Data: workspace {inside.resolve()}: 125 profiles, 24 checks." in " ".join(out.split())


def test_an_edit_to_a_workspace_profile_shows(inside: Path) -> None:
    """Renaming Croatia in the workspace's profile shows in the next check, which reads it."""
    profile = inside / "profiles" / "HRV.yaml"
    profile.write_text(profile.read_text(encoding="utf-8").replace("name: Croatia", "name: Croatia (edited)"),
                       encoding="utf-8")
    code, out, _ = run("check", "--state", "HRV", "--as-of", "2026-06-30", "--format", "json", "--engine", "python")
    assert code == EXIT_OK and '"state_name":"Croatia (edited)"' in out


def test_an_edit_to_a_workspace_table_reaches_the_profiles_by_import(inside: Path) -> None:
    """The update procedure of fixtures/README.md, in a workspace: edit a table, `lapcheck import`
    (reading the workspace's tables into its profiles), and check shows the edit."""
    table = inside / "tables" / "ccm_participants.csv"
    text = table.read_text(encoding="utf-8")
    assert "Croatia,HRV" in text
    table.write_text(text.replace("Croatia,HRV", "Republic of Croatia,HRV"), encoding="utf-8")
    code, out, _ = run("import")
    assert code == EXIT_OK and "wrote 125 profiles to" in out
    code, out, _ = run("check", "--state", "Republic of Croatia", "--format", "json", "--engine", "python")
    assert code == EXIT_OK and '"state_name":"Republic of Croatia"' in out


def test_workspace_option_and_bundled_fallback(inside: Path, tmp_path: Path) -> None:
    """--workspace names a workspace from anywhere; outside any, the bundled snapshot is read; a
    folder without lapcheck.toml given as a workspace is an error naming it."""
    os.chdir(tmp_path)
    code, out, _ = run("summary", "--as-of", "2026-06-30", "--engine", "python")
    assert code == EXIT_OK and "Data: bundled snapshot, sources as at 3 February 2026: 125 profiles, 24 checks." in out
    code, out, _ = run("summary", "--workspace", str(inside), "--as-of", "2026-06-30", "--engine", "python")
    assert code == EXIT_OK and f"Data: workspace {inside.resolve()}" in " ".join(out.split())
    code, _, err = run("check", "--workspace", str(tmp_path))
    assert code == EXIT_ERROR and "no lapcheck.toml here" in err


def test_init_refuses_to_overwrite(inside: Path) -> None:
    """A second init in a workspace, or over a folder of the same name, is refused: nothing lost."""
    code, _, err = run("init", str(inside))
    assert code == EXIT_ERROR and "already a workspace" in err


@pytest.mark.parametrize(("text", "message"), [
    ("[workspace]\nrules = '../elsewhere'\n", "is outside the workspace"),
    ("[workspace]\nrulez = 'rules'\n", "workspace.rulez: unknown key"),
    ("[workspace\n", "not a valid TOML file"),
    ("rules = 'rules'\n", "expected a [workspace] table"),
])
def test_a_bad_config_is_a_located_error(tmp_path: Path, text: str, message: str) -> None:
    """A config pointing outside its workspace, a typo in a key, broken TOML: an error naming it."""
    (tmp_path / "lapcheck.toml").write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=r"lapcheck\.toml") as info:
        workspace.read(tmp_path)
    assert message in str(info.value)
    code, _, err = run("check", "--workspace", str(tmp_path))
    assert code == EXIT_ERROR and message in err and len(err.splitlines()) == 1


@pytest.mark.parametrize("command", [
    ["check", "{empty}"], ["summary", "{empty}"], ["deadlines", "{empty}"], ["trend", "{empty}", "--from", "2020",
    "--to", "2021"], ["report", "{empty}", "-o", "{out}"], ["validate", "{empty}"], ["explain", "HRV", "x", "{empty}"],
    ["check", "--rules", "{empty}"], ["rules", "list", "--rules", "{empty}"], ["rules", "test", "--rules", "{empty}"],
    ["import", "{empty}", "-o", "{out}"], ["export", "{empty}", "-o", "{out}"], ["summary", "{csv}"],
])
def test_nothing_from_nothing(tmp_path: Path, command: list[str]) -> None:
    """An empty folder, or one of the wrong files, is an error naming it, for every command: a gate
    never passes on nothing."""
    (tmp_path / "empty").mkdir()
    (tmp_path / "csv").mkdir()
    (tmp_path / "csv" / "ccm_participants.csv").write_text("state,iso3\n", encoding="utf-8")
    args = [a.format(empty=tmp_path / "empty", out=tmp_path / "out", csv=tmp_path / "csv") for a in command]
    code, out, err = run(*args, *(["--fail-on", "non_compliant"] if command[0] == "check" else []))
    assert code == EXIT_ERROR, (out, err)
    assert len(err.splitlines()) == 1 and "error" in err
    assert any(str(tmp_path / name) in err for name in ("empty", "csv")), err
