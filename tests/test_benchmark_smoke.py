"""The benchmark script keeps working (a seconds-long smoke run on the small test data; speed is
never asserted here)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import DATA

ROOT = Path(__file__).parent.parent


def test_benchmark_quick_run() -> None:
    """`benchmarks/run.py --quick` runs end to end and prints every table."""
    out = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--quick", "--rules", str(DATA / "rules"),
         "--profiles", str(DATA / "profiles")],
        capture_output=True, text=True, check=True, timeout=300,
    ).stdout
    for heading in ("findings/s", "trend 2010-2026", "µs per finding", "× import", "peak RSS"):
        assert heading in out
