"""Read an input file: a regular file only, and never more of it than a limit.

A size from ``stat`` before reading proves nothing: a named pipe blocks the open and the read
forever, ``/dev/zero`` reports size 0 and never ends, and a file may grow between the two calls.
So the descriptor is opened without blocking, checked with ``fstat``, and read at most one byte
past the limit.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from lapcheck.errors import InputError

_KINDS = ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
          (stat.S_ISSOCK, "a socket"))
_FLAGS = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)


def read_bytes(path: Path, limit: int, cls: type[InputError] = InputError) -> bytes:
    """The bytes of the regular file ``path``; anything else, or more than ``limit`` bytes, or a
    file the system will not read, is a ``cls`` naming ``path``."""
    try:
        fd = os.open(path, _FLAGS)
        try:
            info = os.fstat(fd)
            refused = _refusal(info.st_mode)
            raw = b"" if refused or info.st_size > limit else _read(fd, limit + 1)
        finally:
            os.close(fd)
    except OSError as exc:
        raise cls(f"cannot read file: {exc.strerror or exc}", path=path) from None
    if refused:
        raise cls(refused, path=path)
    size = max(info.st_size, len(raw))  # a file that grew since fstat was read no further than the limit
    if size > limit:
        raise cls(f"file is {size / 1_048_576:.1f} MiB; the limit is {limit / 1_048_576:.0f} MiB", path=path)
    return raw


def _refusal(mode: int) -> str | None:
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "cannot read file: Is a directory"
    kind = next((name for test, name in _KINDS if test(mode)), "a special file")
    return f"cannot read {kind}; expected a regular file"


def _read(fd: int, most: int) -> bytes:
    chunks: list[bytes] = []
    while most > 0 and (chunk := os.read(fd, min(most, 1 << 20))):
        chunks.append(chunk)
        most -= len(chunk)
    return b"".join(chunks)
