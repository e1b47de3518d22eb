"""Writing the site: the whole folder replaced at once, or left as it was."""

from __future__ import annotations

import os
import secrets
import shutil
from collections.abc import Mapping
from pathlib import Path, PurePosixPath

from lapcheck.errors import InputError

MARKER = ".lapcheck-site"
"""Marks a folder this module wrote, the only kind it will replace wholesale."""


def _inside(root: Path, name: str) -> Path:
    """``root / name``, refusing any name that could land outside ``root``."""
    relative = PurePosixPath(name)
    if relative.is_absolute() or not relative.parts or ".." in relative.parts or "\\" in name:
        raise InputError(f"refusing to write {name!r} outside the site folder", path=root)
    return root.joinpath(*relative.parts)


def _replaceable(target: Path) -> bool:
    """A folder may be replaced whole if it is empty or this module wrote it."""
    return target.is_dir() and (not any(target.iterdir()) or (target / MARKER).is_file())


def write_site(pages: Mapping[str, str], output_dir: Path | str) -> list[Path]:
    """Replace ``output_dir`` with ``pages`` as a whole, or leave it as it was.

    The pages are written to a new sibling folder, which is then renamed into place (the old
    folder is renamed aside first and removed last). Any failure before that removes the new
    folder and leaves the old one untouched. Only an empty folder or one this function wrote
    (it holds :data:`MARKER`) is replaced, so ``--output .`` cannot wipe a working tree.
    """
    target = Path(os.path.abspath(output_dir))
    if target.exists() and not _replaceable(target):
        raise InputError(f"refusing to replace it: not a folder lapcheck wrote (no {MARKER} in it)",
                         path=target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = target.with_name(f".{target.name}.{secrets.token_hex(4)}.new")
        staging.mkdir()
    except OSError as exc:
        raise InputError(f"cannot write the site: {exc.strerror or exc}", path=target) from None
    try:
        written = []
        for name, text in sorted(pages.items()):
            path = _inside(staging, name)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            written.append(target / path.relative_to(staging))
        (staging / MARKER).write_text(
            "Written by `lapcheck report`: the whole folder is replaced on each run.\n", encoding="utf-8")
        _swap(staging, target)
    except OSError as exc:
        raise InputError(f"cannot write the site: {exc.strerror or exc}", path=target) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)  # gone already after a successful swap
    return written


def _swap(staging: Path, target: Path) -> None:
    """Rename ``staging`` to ``target``, moving an existing ``target`` aside and removing it last.

    POSIX cannot rename a folder over a non-empty one, so for a moment ``target`` is absent; if
    the second rename fails the old folder is put back.
    """
    if not target.exists():
        staging.rename(target)
        return
    old = target.with_name(f".{target.name}.{secrets.token_hex(4)}.old")
    target.rename(old)
    try:
        staging.rename(target)
    except BaseException:
        old.rename(target)
        raise
    shutil.rmtree(old, ignore_errors=True)


