"""Fuzzing: any YAML-like input gives a valid object or a located LapcheckError, never a crash."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lapcheck import rules, yamlsafe
from lapcheck.conditions import Parser
from lapcheck.errors import InputError
from lapcheck.facts import FIELDS
from lapcheck.model import Profile
from lapcheck.plan import bundled_plan
from lapcheck.profiles import parse_profile

PROFILE_KEYS = sorted({*Profile.model_fields, "value", "source", "date", "note", "deposit", "signature",
                       "completed", "extensions", "decision", "new_deadline", "meeting_date", "obligation",
                       "annual_reports", "year", "submitted", "withdrawal_notified"})
RULE_KEYS = ["area", "checks", "id", "title", "articles", "description", "applies", "compliant", "at_risk",
             "rationale", "all", "any", "not", "known", "field", "eq", "lt", "in", "offset", "tests"]
scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**20, 10**20), st.floats(allow_nan=False),
                    st.text(max_size=12), st.sampled_from(["2020", "2020-02-30", "2021-07", "HRV", "granted",
                                                           "clearance", "article4.deadline", "+12 months"]))


def documents(keys: list[str]) -> Any:
    """Nested mappings and lists whose keys are mostly real ones, so the fuzzing reaches deep."""
    key = st.one_of(st.sampled_from(keys), st.text(min_size=1, max_size=8))
    return st.recursive(scalars, lambda kids: st.one_of(st.lists(kids, max_size=4),
                                                       st.dictionaries(key, kids, max_size=5)), max_leaves=25)


def _dump(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True)


FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(documents(PROFILE_KEYS))
def test_profile_loader_never_crashes(data: Any) -> None:
    """Profiles: a Profile or an InputError that names the file."""
    try:
        doc = yamlsafe.loads(_dump({"iso3": "HRV", "name": "x", **data} if isinstance(data, dict) else data),
                             Path("fuzz.yaml"))
        parse_profile(doc.data, doc)
    except InputError as exc:
        assert exc.path == "fuzz.yaml" and exc.message


@FUZZ
@given(documents(RULE_KEYS))
def test_rule_loader_never_crashes(data: Any) -> None:
    """Rule files: checks or an InputError that names the file."""
    try:
        doc = yamlsafe.loads(_dump(data), Path("fuzz.yaml"))
        list(rules._read_file(doc, bundled_plan()))
    except InputError as exc:
        assert exc.path == "fuzz.yaml" and exc.message


@FUZZ
@given(documents(RULE_KEYS + sorted(FIELDS)))
def test_condition_parser_never_crashes(data: Any) -> None:
    """Conditions: an AST or a RuleError located in the file."""
    doc = yamlsafe.Document(Path("fuzz.yaml"), {"c": data}, {("c",): 1})
    try:
        Parser(doc).parse(data, ("c",))
    except InputError as exc:
        assert exc.path == "fuzz.yaml" and exc.line is not None


@FUZZ
@given(st.text(max_size=200))
def test_yaml_reader_never_crashes(text: str) -> None:
    """Arbitrary text: plain data or a located InputError."""
    try:
        yamlsafe.loads(text, Path("fuzz.yaml"))
    except InputError as exc:
        assert exc.path == "fuzz.yaml"
