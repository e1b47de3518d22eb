"""Shared fixtures: the small hand-made rules and profiles under tests/data."""

from __future__ import annotations

from pathlib import Path

import pytest

import lapcheck
from lapcheck.rules import Rules

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def small_rules() -> Rules:
    """The two checks of tests/data/rules."""
    return lapcheck.load_rules(DATA / "rules")


@pytest.fixture(scope="session")
def small_profiles() -> list[lapcheck.Profile]:
    """Croatia, Indonesia and Lao PDR as hand-made in tests/data/profiles."""
    return lapcheck.load_profiles(DATA / "profiles")
