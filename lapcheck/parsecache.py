"""A disk cache of parsed files: a file's plain data and key lines, reused while its text is unchanged.

The ``lapcheck`` command turns it on for every YAML file it reads (profiles, rules, waivers): parsing
the 134 bundled files is most of what a run does besides importing lapcheck. A library call parses
every time unless :func:`lapcheck.yamlsafe.enable_cache` was called.

Only parses are cached, never what is validated from them: every run validates what it reads, so a
cached file gives the same profiles, rules and errors, lines included, as a fresh parse. An entry is
JSON, so reading one cannot run code; it is used only when it was written for the same text by the
same parser (the caller's ``salt``), and an entry that cannot be read or does not match is a miss.
Whoever can write the cache can change what lapcheck reads, as whoever can write the files can; so
a cache is used only in a folder of the user's own that no one else may write (as ssh treats
``~/.ssh``), and only entries the user owns are read. Any other folder is not used at all, without
an error: the cache only saves time.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
from pathlib import Path
from typing import Any

from lapcheck import reading

MAX_ENTRY_BYTES = 64 * 1024 * 1024
"""An entry larger than this is not read (a parse is a few times the size of its file)."""

Lines = dict[tuple[str | int, ...], int]


def default_directory() -> Path | None:
    """Where the command line keeps its cache: ``LAPCHECK_CACHE_DIR``, else the user's cache
    folder; ``None`` when ``LAPCHECK_NO_CACHE`` is set to anything but an empty string."""
    if os.environ.get("LAPCHECK_NO_CACHE"):
        return None
    explicit = os.environ.get("LAPCHECK_CACHE_DIR")
    if explicit:
        return Path(explicit)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "lapcheck"


class ParseCache:
    """Entries in ``directory``, one per source file (so a file that changes replaces its entry)."""

    def __init__(self, directory: Path, salt: bytes) -> None:
        self.directory = directory
        self.salt = salt

    def _entry(self, path: Path, text: str) -> tuple[Path, str]:
        name = hashlib.sha256(self.salt + os.path.abspath(path).encode()).hexdigest()[:32]
        digest = hashlib.sha256(self.salt + text.encode()).hexdigest()
        return self.directory / f"{name}.json", digest

    def _trusted(self, path: Path) -> bool:
        """Whether ``path`` is the user's own and no one else may write it."""
        try:
            info = os.stat(path)
        except OSError:
            return False
        return info.st_uid == os.geteuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)

    def get(self, path: Path, text: str) -> tuple[Any, Lines] | None:
        """The data and lines cached for ``text`` read from ``path``, or ``None``."""
        entry, digest = self._entry(path, text)
        # In a folder no one else may write, an entry checked here cannot be swapped before it is read.
        if not (self._trusted(self.directory) and self._trusted(entry)):
            return None
        try:
            stored = json.loads(reading.read_bytes(entry, MAX_ENTRY_BYTES))
            if stored["digest"] != digest:
                return None
            return stored["data"], {tuple(key): line for key, line in stored["lines"]}
        except Exception:  # missing, unreadable, oversized, a pipe, corrupt or foreign: parse the file instead
            return None

    def put(self, path: Path, text: str, data: Any, lines: Lines) -> None:
        """Store the parse of ``text``; a cache that cannot be written is left alone."""
        entry, digest = self._entry(path, text)
        try:
            listed = [[list(key), line] for key, line in lines.items()]
            body = json.dumps({"digest": digest, "data": data, "lines": listed})
        except (TypeError, ValueError):  # not plain JSON data: nothing to cache
            return
        # Written whole under another name, then renamed: a reader sees the old entry or the new one.
        tmp = entry.with_name(f"{entry.name}.{os.getpid()}.tmp")
        try:
            # Parses of drafts may not be public: the folder and its entries are the user's alone.
            self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
            if not self._trusted(self.directory):
                return
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(body)
            os.replace(tmp, entry)
        except OSError:
            with contextlib.suppress(OSError):
                tmp.unlink()
