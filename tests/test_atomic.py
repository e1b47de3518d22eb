"""Outputs replace regular files whole and leave links, pipes and devices what they were."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from lapcheck.atomic import write_text
from lapcheck.cli import cli
from tests.conftest import DATA


@pytest.fixture
def umask_027() -> Iterator[None]:
    old = os.umask(0o027)
    yield
    os.umask(old)


def test_a_new_file_gets_the_mode_a_shell_redirect_gives(tmp_path: Path, umask_027: None) -> None:
    """0666 less the umask, not mkstemp's 0600."""
    write_text(tmp_path / "out.json", "{}")
    assert stat.S_IMODE((tmp_path / "out.json").stat().st_mode) == 0o640


def test_an_existing_file_keeps_its_mode(tmp_path: Path) -> None:
    """Replacing a file's contents does not change who may read it."""
    target = tmp_path / "out.json"
    target.write_text("old")
    target.chmod(0o604)
    write_text(target, "new")
    assert (target.read_text(), stat.S_IMODE(target.stat().st_mode)) == ("new", 0o604)
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]  # no temporary file left


def test_a_symlink_stays_a_link_and_its_target_is_written(tmp_path: Path) -> None:
    """`-o link.json` writes what the link points at, instead of replacing the link."""
    (tmp_path / "t.json").write_text("old")
    (tmp_path / "l.json").symlink_to("t.json")
    write_text(tmp_path / "l.json", "new")
    assert (tmp_path / "l.json").is_symlink() and (tmp_path / "t.json").read_text() == "new"


def test_a_dangling_symlink_creates_its_target(tmp_path: Path) -> None:
    """As a shell redirect does: the link is kept and now leads somewhere."""
    (tmp_path / "l.json").symlink_to("t.json")
    write_text(tmp_path / "l.json", "new")
    assert (tmp_path / "l.json").is_symlink() and (tmp_path / "t.json").read_text() == "new"


def test_a_named_pipe_is_written_into_and_stays_a_pipe(tmp_path: Path) -> None:
    """A rename over a FIFO would replace it with a file; the reader gets the text instead."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[str] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_text()))
    reader.start()
    write_text(fifo, "findings")
    reader.join(timeout=10)
    assert got == ["findings"] and stat.S_ISFIFO(fifo.lstat().st_mode)


def test_dev_stdout_is_written_into(tmp_path: Path) -> None:
    """`-o /dev/stdout` prints to standard output and leaves /dev/stdout alone."""
    code = "from lapcheck.atomic import write_text; write_text('/dev/stdout', 'to stdout')"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout == "to stdout" and Path("/dev/stdout").is_symlink()


def test_check_output_through_a_symlink(tmp_path: Path) -> None:
    """The issue's reproduction: `ln -s t.json l.json; lapcheck check -o l.json` keeps the link."""
    (tmp_path / "t.json").write_text("")
    (tmp_path / "l.json").symlink_to("t.json")
    result = CliRunner().invoke(cli, ["check", str(DATA / "profiles"), "--rules", str(DATA / "rules"),
                                      "--format", "json", "-o", str(tmp_path / "l.json")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "l.json").is_symlink() and '"findings"' in (tmp_path / "t.json").read_text()


@pytest.mark.skipif(not Path("/dev/full").is_char_device(), reason="needs /dev/full")
def test_a_full_device_is_an_error_and_stays_a_device() -> None:
    """`-o /dev/full` (as root) is a write error, not /dev/full replaced by a regular file."""
    done = subprocess.run([sys.executable, "-m", "lapcheck", "check", "-o", "/dev/full"],
                          capture_output=True, text=True, timeout=60, check=False)
    assert Path("/dev/full").is_char_device()
    assert (done.returncode, done.stderr) == (
        2, "lapcheck: error: /dev/full: cannot write output: No space left on device\n")
