"""The README stays true: its library example runs, and it names every command."""

from __future__ import annotations

import re
from pathlib import Path

import lapcheck
from lapcheck.cli import cli

README = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")


def test_library_example_runs(capsys) -> None:
    """The README's Python example runs on the bundled data and prints the as-of date and counts."""
    example = re.search(r"```python\n(.*?)```", README, re.S)
    assert example is not None
    exec(compile(example[1], "README.md", "exec"), {})
    out = capsys.readouterr().out
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2} \d+ findings, \d+ non-compliant\n", out)


def test_every_command_is_in_the_readme() -> None:
    """Each CLI command appears in the README's command table."""
    for name in cli.commands:
        assert f"`lapcheck {name}" in README, name


def test_public_api_is_exported() -> None:
    """``__all__`` is sorted and every name in it exists."""
    assert list(lapcheck.__all__) == sorted(lapcheck.__all__)
    for name in lapcheck.__all__:
        assert hasattr(lapcheck, name), name


def test_pasted_outputs_are_real() -> None:
    """Every ```console block that runs `lapcheck ...` shows exactly what that command prints.

    ``LAPCHECK_UPDATE_README=1 pytest tests/test_docs.py`` pastes the real outputs in instead.
    """
    import os
    import shlex

    from click.testing import CliRunner

    blocks = re.findall(r"```console\n\$ lapcheck (.*?)\n(.*?)```", README, re.S)
    assert len(blocks) >= 2
    updated = README
    for args, expected in blocks:
        result = CliRunner().invoke(cli, shlex.split(args))
        assert result.exit_code == 0, args
        if os.environ.get("LAPCHECK_UPDATE_README"):
            updated = updated.replace(f"$ lapcheck {args}\n{expected}", f"$ lapcheck {args}\n{result.stdout}")
            continue
        assert result.stdout == expected, f"README output of `lapcheck {args}` is stale"
    if updated != README:
        (Path(__file__).parent.parent / "README.md").write_text(updated, encoding="utf-8")


def test_the_fact_table_of_the_rule_guide_is_the_codes() -> None:
    """rules/README.md ends with the table `lapcheck fields --format markdown` prints, fact for fact."""
    from click.testing import CliRunner

    guide = (Path(__file__).parent.parent / "rules" / "README.md").read_text(encoding="utf-8")
    table = CliRunner().invoke(cli, ["fields", "--format", "markdown"]).stdout
    stale = "rules/README.md's fact table is stale: paste `lapcheck fields --format markdown`"
    assert guide.endswith("\n" + table), stale
