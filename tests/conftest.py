"""Shared fixtures: the small hand-made rules and profiles under tests/data."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import lapcheck
from lapcheck.rules import Rules

DATA = Path(__file__).parent / "data"

# The command line keeps a cache of parsed files (lapcheck.parsecache): tests run without it, so
# that they never write outside their own folders and each reads its files afresh. Subprocesses
# inherit this; tests/test_parsecache.py turns the cache on where it is the subject.
os.environ["LAPCHECK_NO_CACHE"] = "1"


@pytest.fixture(scope="session")
def small_rules() -> Rules:
    """The two checks of tests/data/rules."""
    return lapcheck.load_rules(DATA / "rules")


@pytest.fixture(scope="session")
def small_profiles() -> list[lapcheck.Profile]:
    """Croatia, Indonesia and Lao PDR as hand-made in tests/data/profiles."""
    return lapcheck.load_profiles(DATA / "profiles")
