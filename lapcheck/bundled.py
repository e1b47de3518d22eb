"""Where the bundled rules and fixtures are, installed or in a source checkout."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def bundled(name: str) -> Path:
    """The bundled folder ``name`` (``rules`` or ``fixtures``).

    A wheel carries them inside the package (``lapcheck/_bundled``); a source checkout has them
    at the top of the repository.
    """
    inside = Path(str(resources.files("lapcheck"))) / "_bundled" / name
    if inside.is_dir():
        return inside
    return Path(__file__).resolve().parent.parent / name
