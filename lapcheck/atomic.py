"""Write files all at once or not at all: a temporary file in the same folder, then a rename.

Only a regular file (or a path where nothing is yet) can be replaced that way. A rename over a
symlink would replace the link, and over a pipe, a terminal or a device (``-o /dev/stdout``, or
``/dev/full`` as root) would put a regular file where it was: those are written the way a shell
redirect writes them instead.
"""

from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path

_DESCRIPTORS = ("/dev/", "/proc/")
"""Paths under these name devices and open descriptors (``/dev/stdout`` → ``/proc/self/fd/1``), never
a file to replace, even when what they lead to is one (``-o /dev/stdout > log`` appends nothing then)."""


def write_text(path: Path | str, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path``, as :func:`write_bytes` does."""
    write_bytes(path, text.encode("utf-8"))


def write_bytes(path: Path | str, data: bytes) -> None:
    """Write ``data`` to ``path``: a regular file is replaced whole, an interrupted write leaving the
    old file (or none) in place; a symlink's target is replaced and the link kept; anything else
    (a pipe, a device, standard output) is written into directly."""
    target = Path(path)
    try:
        mode: int | None = os.stat(target).st_mode
    except FileNotFoundError:
        mode = None
    if (mode is not None and not stat.S_ISREG(mode)) or str(target.absolute()).startswith(_DESCRIPTORS):
        with open(target, "wb") as handle:
            handle.write(data)
        return
    _replace(Path(os.path.realpath(target)), data, None if mode is None else stat.S_IMODE(mode))


def _replace(target: Path, data: bytes, mode: int | None) -> None:
    while True:
        tmp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
        try:
            # 0666 less the umask, as a shell redirect creates a file; an existing file keeps its mode.
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o666)
            break
        except FileExistsError:
            continue
    try:
        with os.fdopen(fd, "wb") as handle:
            if mode is not None:
                os.fchmod(handle.fileno(), mode)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
