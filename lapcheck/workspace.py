"""The data the commands read: a workspace (a folder with ``lapcheck.toml``), or the bundled snapshot.

A workspace is found as git and ruff find theirs: from the current folder upward, the first folder
holding ``lapcheck.toml``. Its config names, relative to it, the rule pack, the profiles, the tables
they are imported from and the waivers file; every path must stay inside the workspace. Outside any
workspace the commands read the bundled snapshot, described by the package's own ``lapcheck.toml``
(the one at the top of a source checkout, which makes a checkout a workspace too).
"""

from __future__ import annotations

import shutil
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from lapcheck import reading
from lapcheck.errors import InputError

CONFIG = "lapcheck.toml"
MAX_CONFIG_BYTES = 1024 * 1024
"""A config is a few lines; one larger than this is not a config."""
KEYS = ("label", "rules", "profiles", "tables", "waivers")
WAIVERS_TEMPLATE = """\
# Reviewed exceptions: the ISU accepts, for a while, a finding it cannot yet change. A waiver never
# changes a computed status; it is shown beside it while active (from `date` to `expires`), shown as
# expired after, and `--fail-on` does not count a finding under an active waiver (unless
# `--fail-on-waived`). One entry per (State, check):
#
# waivers:
#   - state: LAO                          # ISO 3166-1 alpha-3 code of a profile
#     check: article4-clearance-deadline  # a check id (`lapcheck rules list`)
#     justification: Extension request examined at 12MSP; decision awaited.
#     accepted_by: ISU, J. Doe
#     date: 2026-10-01                    # accepted on
#     expires: 2027-09-30                 # last day it applies
waivers: []
"""


@dataclass(frozen=True)
class Workspace:
    """Where a workspace's data lives, and how commands name it in one line."""

    label: str
    rules: Path
    profiles: Path
    tables: Path
    waivers: Path | None
    root: Path | None
    """The workspace folder; ``None`` for the bundled snapshot of an installed lapcheck."""


def find(start: Path) -> Path | None:
    """The nearest folder, from ``start`` upward, that holds a ``lapcheck.toml``."""
    for folder in (start, *start.parents):
        if (folder / CONFIG).is_file():
            return folder
    return None


def read(root: Path, *, bundled: bool = False) -> Workspace:
    """The workspace whose ``lapcheck.toml`` is in ``root``; a bad config is an :class:`InputError`
    naming the file and key."""
    path = root / CONFIG
    try:
        config = tomllib.loads(reading.read_bytes(path, MAX_CONFIG_BYTES).decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"not a valid TOML file: {exc}", path=path) from None
    table = config.get("workspace")
    if not isinstance(table, dict) or set(config) != {"workspace"}:
        raise InputError("expected a [workspace] table and nothing else", path=path)
    for key, value in table.items():
        if key not in KEYS:
            raise InputError(f"unknown key; expected {', '.join(KEYS)}", path=path, key=f"workspace.{key}")
        if not isinstance(value, str) or not value.strip():
            raise InputError("expected a non-empty text", path=path, key=f"workspace.{key}")

    def inside(key: str, default: str | None) -> Path | None:
        name = table.get(key, default)
        if name is None:
            return None
        target = (root / name).resolve()
        if not bundled and not target.is_relative_to(root.resolve()):
            raise InputError(f"{name!r} is outside the workspace {root}", path=path, key=f"workspace.{key}")
        return target

    rules, profiles, tables = inside("rules", "rules"), inside("profiles", "profiles"), inside("tables", "tables")
    assert rules is not None and profiles is not None and tables is not None  # they have defaults
    label = table.get("label") or f"workspace {root}"
    return Workspace(label, rules, profiles, tables, inside("waivers", None), None if bundled else root)


def bundled() -> Workspace:
    """The bundled snapshot: an installed package's copy, else the source checkout it runs from."""
    inside = Path(str(resources.files("lapcheck"))) / "_bundled"
    if (inside / CONFIG).is_file():
        return read(inside, bundled=True)
    return read(Path(__file__).resolve().parent.parent, bundled=True)


def current(explicit: Path | None, cwd: Path) -> Workspace:
    """The workspace at ``explicit`` (an error if it has no ``lapcheck.toml``), else the one found
    from ``cwd`` upward, else the bundled snapshot."""
    if explicit is not None:
        if not (explicit / CONFIG).is_file():
            raise InputError(f"no {CONFIG} here; `lapcheck init` makes a workspace", path=explicit)
        return read(explicit)
    root = find(cwd.resolve())
    return read(root) if root is not None else bundled()


def init(target: Path, source: Workspace | None = None) -> Workspace:
    """Write a workspace at ``target``: a copy of ``source``'s rules, profiles and tables (default:
    the bundled snapshot), an empty, documented waivers file and a ``lapcheck.toml`` naming them."""
    source = source or bundled()
    if (target / CONFIG).exists():
        raise InputError(f"already a workspace ({CONFIG} exists)", path=target)
    names = {"rules": source.rules, "profiles": source.profiles, "tables": source.tables}
    for name in (*names, "waivers.yaml"):
        if (target / name).exists():
            raise InputError(f"refusing to overwrite {name!r}: move it away or choose another folder", path=target)
    try:
        target.mkdir(parents=True, exist_ok=True)
        for name, folder in names.items():
            shutil.copytree(folder, target / name, ignore=shutil.ignore_patterns("__pycache__"))
        (target / "waivers.yaml").write_text(WAIVERS_TEMPLATE, encoding="utf-8")
        (target / CONFIG).write_text(
            "# A lapcheck workspace: the commands read this data when run in this folder or below.\n"
            "# Paths are relative to this file and stay inside the workspace.\n"
            "[workspace]\n"
            'rules = "rules"\nprofiles = "profiles"\ntables = "tables"\nwaivers = "waivers.yaml"\n',
            encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot write the workspace: {exc.strerror or exc}", path=target) from None
    return read(target)
