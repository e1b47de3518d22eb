"""Tests added to kill surviving mutants of lapcheck/conditions.py (issue 5, part 6; see tests/README.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from lapcheck import yamlsafe
from lapcheck.conditions import MAX_DEPTH, All, Any_, Compare, Condition, Known, Literal, Parser
from lapcheck.errors import RuleError


def parse(data: Any) -> Condition:
    """Parse a condition given as plain data, located under the top-level key ``c``."""
    return Parser(yamlsafe.Document(Path("<test>"), {"c": data})).parse(data, ("c",))


def error_of(data: Any) -> RuleError:
    """The RuleError that parsing ``data`` raises."""
    with pytest.raises(RuleError) as info:
        parse(data)
    return info.value


LEAF = {"known": "article4.deadline"}


def nested(kind: str, levels: int) -> dict[str, Any]:
    """``levels`` single-item ``kind`` wrappers around a ``known`` leaf, which sits at depth ``levels``."""
    data: dict[str, Any] = LEAF
    for _ in range(levels):
        data = {kind: [data]}
    return data


@pytest.mark.parametrize("kind", ["all", "any"])
def test_all_and_any_may_nest_exactly_max_depth_levels(kind: str) -> None:
    """Twelve nested all/any wrappers put the leaf at depth 12, which is allowed."""
    cond = parse(nested(kind, MAX_DEPTH))
    wrapper = All if kind == "all" else Any_
    for _ in range(MAX_DEPTH):
        assert isinstance(cond, wrapper)
        cond = cond.items[0]
    assert cond == Known("article4.deadline")


@pytest.mark.parametrize("kind", ["all", "any"])
def test_all_and_any_nested_one_level_too_deep_fail(kind: str) -> None:
    """Thirteen nested all/any wrappers put the leaf at depth 13, one beyond the limit of 12."""
    error = error_of(nested(kind, MAX_DEPTH + 1))
    assert error.message == "condition nested more than 12 levels deep"
    assert error.key == "c" + f".{kind}[0]" * 13


@pytest.mark.parametrize("kind", ["all", "any"])
def test_unexpected_key_beside_all_or_any_is_located(kind: str) -> None:
    """An extra key beside ``all``/``any`` is a RuleError located at that key."""
    error = error_of({kind: [LEAF], "note": "x"})
    assert (error.key, error.message) == ("c.note", f"unexpected key 'note' beside {kind}")


def test_unexpected_key_beside_known_is_located() -> None:
    """An extra key beside ``known`` is a RuleError located at that key."""
    error = error_of({"known": "article4.deadline", "note": "x"})
    assert (error.key, error.message) == ("c.note", "unexpected key 'note' beside known")


def test_unknown_field_suggests_the_three_closest_names() -> None:
    """A typo close to many fields lists the three best matches, best first, joined by ' or '.

    "article7.annual" (15 characters) is a prefix of each annual field, so difflib's ratio is
    2*15/(15+len(name)): annual_due 30/34, annual_year 30/35, annual_report 30/37, then
    annual_on_time 30/38 (fourth, left out)."""
    error = error_of({"known": "article7.annual"})
    assert error.message == (
        "unknown field 'article7.annual'; did you mean "
        "article7.annual_due or article7.annual_year or article7.annual_report?"
    )


def test_in_with_a_field_operand_is_refused() -> None:
    """``in`` takes a list of values; a ``{field: ...}`` operand is not a list and is refused."""
    error = error_of({"field": "article9.status", "in": {"field": "article9.status"}})
    assert (error.key, error.message) == ("c.in", "'in' needs a non-empty list of values")


def test_field_operand_with_a_misspelt_key_is_refused() -> None:
    """A field operand written with an unknown key says what a field operand looks like."""
    error = error_of({"field": "article4.deadline", "lt": {"feild": "as_of"}})
    assert (error.key, error.message) == ("c.lt", "a field operand is {field: NAME} with an optional offset")


def test_offset_on_a_non_date_field_operand_is_refused() -> None:
    """An offset moves dates only; on an integer field operand it is an error at the offset key."""
    error = error_of(
        {"field": "article9.year", "eq": {"field": "participation.deposit_year", "offset": "+1 months"}}
    )
    assert (error.key, error.message) == ("c.eq.offset", "an offset applies to date fields only")


def test_in_list_parses_to_a_tuple_literal() -> None:
    """``in`` with a list of text values parses to a Compare holding those values as a tuple."""
    cond = parse({"field": "article9.status", "in": ["in_progress", "none_reported"]})
    assert cond == Compare("article9.status", "in", Literal(("in_progress", "none_reported")))


def test_a_non_text_field_name_gets_no_suggestions() -> None:
    """A field name that is not text (here the number 5) is unknown, with a pointer to `lapcheck fields`."""
    error = error_of({"known": 5})
    assert (error.key, error.message) == ("c.known", "unknown field 5; `lapcheck fields` lists them")


def test_integer_literals_reach_exactly_two_to_the_53() -> None:
    """2**53 = 9007199254740992 is the largest integer literal accepted; one more is out of range."""
    assert parse({"field": "article9.year", "eq": 2**53}) == Compare(
        "article9.year", "eq", Literal(9007199254740992)
    )
    error = error_of({"field": "article9.year", "eq": 2**53 + 1})
    assert error.message == "9007199254740993 is out of range; integers are at most 9007199254740992"
