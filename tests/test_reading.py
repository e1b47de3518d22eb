"""Inputs are read only from regular files and never past their limit: a pipe or a device is one
clear error at once, not a hang or a read until memory runs out."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from lapcheck import reading, yamlsafe
from lapcheck.errors import InputError
from lapcheck.parsecache import ParseCache
from tests.conftest import DATA


def refusal(path: Path, limit: int = 1024) -> str:
    with pytest.raises(InputError) as caught:
        reading.read_bytes(path, limit)
    assert caught.value.path == str(path)
    return caught.value.message


def test_a_named_pipe_is_refused_without_blocking(tmp_path: Path) -> None:
    """No writer ever opens the pipe: opening and refusing it must not wait for one."""
    os.mkfifo(tmp_path / "p.yaml")
    assert refusal(tmp_path / "p.yaml") == "cannot read a named pipe; expected a regular file"


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_an_endless_device_is_refused(device: str) -> None:
    """/dev/zero reports size 0 and never ends: refused by its kind, before any read."""
    if not Path(device).is_char_device():
        pytest.skip(f"needs {device}")
    assert refusal(Path(device)) == "cannot read a character device; expected a regular file"


def test_a_file_over_the_limit_is_refused(tmp_path: Path) -> None:
    """One byte past the limit is too much; the limit itself is fine."""
    (tmp_path / "a").write_bytes(b"x" * 1025)
    (tmp_path / "b").write_bytes(b"x" * 1024)
    assert refusal(tmp_path / "a").startswith("file is 0.0 MiB; the limit is 0 MiB")
    assert reading.read_bytes(tmp_path / "b", 1024) == b"x" * 1024


def test_a_folder_and_a_missing_file_say_so(tmp_path: Path) -> None:
    """The system's reasons, in the same words as before."""
    assert refusal(tmp_path) == "cannot read file: Is a directory"
    assert refusal(tmp_path / "absent") == "cannot read file: No such file or directory"


def test_a_cache_entry_that_is_a_pipe_is_a_miss(tmp_path: Path) -> None:
    """A FIFO planted where an entry would be makes the cache miss; it does not hang the read."""
    cache = ParseCache(tmp_path / "cache", b"salt")
    source = tmp_path / "a.yaml"
    entry, _ = cache._entry(source, "a: 1\n")
    entry.parent.mkdir(mode=0o700)
    os.mkfifo(entry)
    assert cache.get(source, "a: 1\n") is None


def _lapcheck(*args: str) -> subprocess.CompletedProcess[str]:
    # A subprocess with a timeout: if a read ever blocks again, this test fails instead of the suite hanging.
    return subprocess.run([sys.executable, "-m", "lapcheck", *args], capture_output=True, text=True, timeout=60,
                          check=False, env={**os.environ, "LAPCHECK_NO_CACHE": "1"})


def test_check_of_a_named_pipe_profile_is_one_line(tmp_path: Path) -> None:
    """`lapcheck check pipe.yaml` ends at once with exit 2 and one line naming the pipe."""
    os.mkfifo(tmp_path / "HRV.yaml")
    done = _lapcheck("check", str(tmp_path / "HRV.yaml"), "--rules", str(DATA / "rules"))
    assert (done.returncode, done.stderr) == (
        2, f"lapcheck: error: {tmp_path / 'HRV.yaml'}: cannot read a named pipe; expected a regular file\n")


@pytest.mark.parametrize("option", ["--waivers", "--rules"])
def test_dev_zero_as_an_input_is_one_line(option: str) -> None:
    """/dev/zero as waivers or rules is refused at once instead of read until MemoryError."""
    done = _lapcheck("check", str(DATA / "profiles"), "--rules", str(DATA / "rules"), option, "/dev/zero")
    assert done.returncode == 2 and done.stderr.count("\n") == 1, done.stderr
    assert "/dev/zero: cannot read a character device" in done.stderr


def test_a_named_pipe_among_the_tables_is_one_line(tmp_path: Path) -> None:
    """`lapcheck import` of a folder whose table is a pipe ends at once, naming it."""
    os.mkfifo(tmp_path / "ccm_participants.csv")
    done = _lapcheck("import", str(tmp_path), "-o", str(tmp_path / "out"))
    assert (done.returncode, done.stderr) == (
        2, f"lapcheck: error: {tmp_path / 'ccm_participants.csv'}: cannot read a named pipe; expected a regular file\n")


def test_the_yaml_reader_refuses_a_pipe(tmp_path: Path) -> None:
    """The one reader every YAML input goes through refuses it too."""
    os.mkfifo(tmp_path / "r.yaml")
    with pytest.raises(InputError, match="named pipe"):
        yamlsafe.load(tmp_path / "r.yaml")
