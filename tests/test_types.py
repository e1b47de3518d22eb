"""lapcheck ships ``py.typed``: its annotations must hold for the programs that embed it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent


def test_mypy_finds_no_error_in_lapcheck(tmp_path: Path) -> None:
    """mypy, configured by pyproject.toml, reports nothing for the package."""
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--cache-dir", str(tmp_path), "lapcheck"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
