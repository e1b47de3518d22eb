"""The condition language: parsing with located errors, Kleene three-valued evaluation, round trips."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lapcheck import yamlsafe
from lapcheck.conditions import (
    MAX_DEPTH,
    MAX_INT,
    MAX_ITEMS,
    All,
    Any_,
    Compare,
    Condition,
    FieldRef,
    Known,
    Literal,
    Not,
    Parser,
    evaluate,
    field_refs,
    to_data,
)
from lapcheck.dates import PartialDate
from lapcheck.errors import RuleError
from tests.strategies import condition_data, tri

P = PartialDate.parse
VALID_OPERATORS = "valid operators: eq, ne, lt, le, gt, ge, in"


def parse_data(data: Any) -> Condition:
    """Parse a condition given as plain data (no file behind it)."""
    return Parser(yamlsafe.Document(Path("<test>"), {"c": data})).parse(data, ("c",))


def parse_yaml(tmp_path: Path, text: str) -> Condition:
    """Parse the condition under the top-level key ``c`` of a YAML file written to ``tmp_path``."""
    path = tmp_path / "rule.yaml"
    path.write_text(text, encoding="utf-8")
    doc = yamlsafe.load(path)
    return Parser(doc).parse(doc.data["c"], ("c",))


# --- parsing every kind ---------------------------------------------------------------------
@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"known": "article4.deadline"}, Known("article4.deadline")),
        (
            {"field": "article4.deadline", "lt": "2025-08-01"},
            Compare("article4.deadline", "lt", Literal(P("2025-08-01"))),
        ),
        ({"field": "article4.deadline", "ge": 2025}, Compare("article4.deadline", "ge", Literal(P("2025")))),
        (
            {"field": "article4.deadline", "lt": {"field": "as_of", "offset": "+12 months"}},
            Compare("article4.deadline", "lt", FieldRef("as_of", 12, 0)),
        ),
        (
            {
                "field": "article7.initial_report",
                "le": {"field": "article7.initial_report_due", "offset": "+30 days"},
            },
            Compare("article7.initial_report", "le", FieldRef("article7.initial_report_due", 0, 30)),
        ),
        (
            {"field": "as_of", "gt": {"field": "participation.entry_into_force", "offset": "-1 year"}},
            Compare("as_of", "gt", FieldRef("participation.entry_into_force", -12, 0)),
        ),
        ({"field": "article4.completed", "eq": True}, Compare("article4.completed", "eq", Literal(True))),
        (
            {"field": "article4.completed", "ne": {"field": "article3.completed"}},
            Compare("article4.completed", "ne", FieldRef("article3.completed")),
        ),
        (
            {"field": "article4.extensions_granted", "ge": 2},
            Compare("article4.extensions_granted", "ge", Literal(2)),
        ),
        (
            {"field": "article9.year", "in": [2010, 2011]},
            Compare("article9.year", "in", Literal((2010, 2011))),
        ),
        (
            {"field": "participation.status", "in": ["state_party", "signatory"]},
            Compare("participation.status", "in", Literal(("state_party", "signatory"))),
        ),
        ({"field": "state.iso3", "eq": "HRV"}, Compare("state.iso3", "eq", Literal("HRV"))),
        ({"not": {"known": "as_of"}}, Not(Known("as_of"))),
        (
            {"all": [{"known": "as_of"}, {"not": {"known": "article4.deadline"}}]},
            All((Known("as_of"), Not(Known("article4.deadline")))),
        ),
        ({"any": [{"known": "as_of"}]}, Any_((Known("as_of"),))),
    ],
)
def test_every_kind_parses(data: dict[str, Any], expected: Condition) -> None:
    """Each condition shape parses into its typed node, literals converted to the field's type."""
    assert parse_data(data) == expected


def test_nesting_up_to_max_depth_parses() -> None:
    """MAX_DEPTH nested nots around a leaf are accepted."""
    data: dict[str, Any] = {"known": "as_of"}
    expected: Condition = Known("as_of")
    for _ in range(MAX_DEPTH):
        data, expected = {"not": data}, Not(expected)
    assert parse_data(data) == expected


def test_max_items_parses() -> None:
    """An 'any' of exactly MAX_ITEMS conditions is accepted."""
    assert parse_data({"any": [{"known": "as_of"}] * MAX_ITEMS}) == Any_((Known("as_of"),) * MAX_ITEMS)


# --- parse errors: file, line, key path, and what was expected -------------------------------
_DEEP = (
    "c:\n"
    + "".join("  " * i + "not:\n" for i in range(1, MAX_DEPTH + 2))
    + "  " * (MAX_DEPTH + 2)
    + "known: as_of\n"
)
_MANY = "c:\n  any:\n" + "    - known: as_of\n" * (MAX_ITEMS + 1)

ERRORS: dict[str, tuple[str, int, str, str]] = {
    # name: (yaml, line, key path, message fragment)
    "unknown-field": (
        "c:\n  field: article4.deadlin\n  lt: 2025\n",
        2,
        "c.field",
        "unknown field 'article4.deadlin'; did you mean article4.deadline",
    ),
    "unknown-field-no-hint": (
        "c:\n  known: nothing.like.this\n",
        2,
        "c.known",
        "unknown field 'nothing.like.this'; `lapcheck fields` lists them",
    ),
    "unknown-field-in-operand": (
        "c:\n  field: as_of\n  lt:\n    field: article4.deadlne\n",
        4,
        "c.lt.field",
        "unknown field 'article4.deadlne'",
    ),
    "unknown-operator": (
        "c:\n  field: article4.deadline\n  lte: 2025\n",
        3,
        "c.lte",
        f"unknown operator 'lte'; {VALID_OPERATORS}",
    ),
    "two-operators": (
        "c:\n  field: article9.year\n  eq: 1\n  ne: 2\n",
        2,
        "c.field",
        f"expected one operator, found 2; {VALID_OPERATORS}",
    ),
    "no-operator": (
        "c:\n  field: article9.year\n",
        2,
        "c.field",
        f"expected one operator, found 0; {VALID_OPERATORS}",
    ),
    "operator-not-for-bool": (
        "c:\n  field: article4.completed\n  lt: true\n",
        3,
        "c.lt",
        "operator 'lt' does not apply to bool field 'article4.completed'; use one of eq, ne",
    ),
    "in-on-a-date": (
        "c:\n  field: as_of\n  in: [2020]\n",
        3,
        "c.in",
        "operator 'in' does not apply to date field 'as_of'; use one of eq, ge, gt, le, lt, ne",
    ),
    "date-compared-with-a-float": (
        "c:\n  field: article4.deadline\n  lt: 12.5\n",
        3,
        "c.lt",
        "cannot compare date field 'article4.deadline' with 12.5; expected a date",
    ),
    "date-compared-with-a-small-integer": (
        "c:\n  field: article4.deadline\n  lt: 5\n",
        3,
        "c.lt",
        "date field 'article4.deadline': expected a date like 2013, 2013-07 or 2013-07-01, got 5",
    ),
    "date-compared-with-a-bool": (
        "c:\n  field: article4.deadline\n  eq: false\n",
        3,
        "c.eq",
        "cannot compare date field 'article4.deadline' with False; expected a date",
    ),
    "impossible-date-literal": (
        "c:\n  field: article4.deadline\n  lt: 2021-02-30\n",
        3,
        "c.lt",
        "date field 'article4.deadline': '2021-02-30' is not a calendar date",
    ),
    "bool-compared-with-a-string": (
        "c:\n  field: article4.completed\n  eq: 'yes'\n",
        3,
        "c.eq",
        "cannot compare bool field 'article4.completed' with str 'yes'",
    ),
    "int-compared-with-a-bool": (
        "c:\n  field: article4.extensions_granted\n  eq: true\n",
        3,
        "c.eq",
        "cannot compare int field 'article4.extensions_granted' with bool True",
    ),
    "int-out-of-range": (
        f"c:\n  field: article9.year\n  lt: {MAX_INT + 1}\n",
        3,
        "c.lt",
        f"{MAX_INT + 1} is out of range; integers are at most {MAX_INT}",
    ),
    "str-value-not-a-choice": (
        "c:\n  field: participation.status\n  in: [state_party, party]\n",
        3,
        "c.in[1]",
        "'party' is not a value of 'participation.status'; expected one of "
        "non_signatory, signatory, state_party, withdrawn",
    ),
    "in-needs-a-list": (
        "c:\n  field: participation.status\n  in: state_party\n",
        3,
        "c.in",
        "'in' needs a non-empty list of values",
    ),
    "operand-type-mismatch": (
        "c:\n  field: article4.deadline\n  lt: {field: article4.completed}\n",
        3,
        "c.lt",
        "cannot compare date field 'article4.deadline' with bool field 'article4.completed'",
    ),
    "operand-extra-key": (
        "c:\n  field: article4.deadline\n  lt: {field: as_of, plus: 1}\n",
        3,
        "c.lt",
        "a field operand is {field: NAME} with an optional offset",
    ),
    "offset-on-a-non-date": (
        "c:\n  field: article4.extensions_granted\n  lt:\n    field: article3.extensions_granted\n"
        "    offset: +1 months\n",
        5,
        "c.lt.offset",
        "an offset applies to date fields only",
    ),
    "offset-malformed": (
        "c:\n  field: as_of\n  lt:\n    field: article4.deadline\n    offset: 12 months\n",
        5,
        "c.lt.offset",
        "expected an offset like '+12 months', '-9 months' or '+180 days', got '12 months'",
    ),
    "empty-all": ("c:\n  all: []\n", 2, "c.all", "'all' needs a non-empty list of conditions"),
    "any-not-a-list": (
        "c:\n  any: {known: as_of}\n",
        2,
        "c.any",
        "'any' needs a non-empty list of conditions",
    ),
    "too-many-items": (_MANY, 2, "c.any", f"'any' has {MAX_ITEMS + 1} items; at most {MAX_ITEMS}"),
    "nesting-beyond-max-depth": (
        _DEEP,
        MAX_DEPTH + 2,
        "c" + ".not" * (MAX_DEPTH + 1),
        f"condition nested more than {MAX_DEPTH} levels deep",
    ),
    "two-kinds": (
        "c:\n  known: as_of\n  not: {known: as_of}\n",
        1,
        "c",
        "expected exactly one of all, any, not, known, field in a condition, found known, not",
    ),
    "no-kind": (
        "c: {}\n",
        1,
        "c",
        "expected exactly one of all, any, not, known, field in a condition, found nothing",
    ),
    "not-a-mapping": (
        "c:\n  all:\n    - known: as_of\n    - article4.completed\n",
        4,
        "c.all[1]",
        "expected a condition mapping with one of all, any, not, known, field",
    ),
    "extra-key-beside-not": (
        "c:\n  not: {known: as_of}\n  note: why\n",
        3,
        "c.note",
        "unexpected key 'note' beside not",
    ),
}


@pytest.mark.parametrize("name", sorted(ERRORS))
def test_parse_error_names_file_line_key_and_expectation(name: str, tmp_path: Path) -> None:
    """Every malformed condition is a RuleError naming file, line, key path and what was expected."""
    text, line, key, message = ERRORS[name]
    with pytest.raises(RuleError) as info:
        parse_yaml(tmp_path, text)
    error = info.value
    assert error.path == str(tmp_path / "rule.yaml")
    assert (error.line, error.key) == (line, key)
    assert message in error.message
    assert str(error).startswith(f"{tmp_path / 'rule.yaml'}:{line}: {key}: ")


# --- Kleene three-valued logic ------------------------------------------------------------
T, F, U = True, False, None


def leaf(value: bool | None, name: str) -> tuple[Condition, dict[str, bool | None]]:
    """A condition whose value is ``value`` (a bool field compared with true) and the values it reads."""
    return Compare(name, "eq", Literal(True)), {name: value}


AND = [(T, T, T), (T, F, F), (T, U, U), (F, T, F), (F, F, F), (F, U, F), (U, T, U), (U, F, F), (U, U, U)]
OR = [(T, T, T), (T, F, T), (T, U, T), (F, T, T), (F, F, F), (F, U, U), (U, T, T), (U, F, U), (U, U, U)]


@pytest.mark.parametrize(("a", "b", "result"), AND)
def test_all_truth_table(a: bool | None, b: bool | None, result: bool | None) -> None:
    """all is false if any item is false, else unknown if any is unknown, else true."""
    (x, vx), (y, vy) = leaf(a, "x"), leaf(b, "y")
    assert evaluate(All((x, y)), {**vx, **vy}) is result


@pytest.mark.parametrize(("a", "b", "result"), OR)
def test_any_truth_table(a: bool | None, b: bool | None, result: bool | None) -> None:
    """any is true if any item is true, else unknown if any is unknown, else false."""
    (x, vx), (y, vy) = leaf(a, "x"), leaf(b, "y")
    assert evaluate(Any_((x, y)), {**vx, **vy}) is result


@pytest.mark.parametrize(("a", "result"), [(T, F), (F, T), (U, U)])
def test_not_truth_table(a: bool | None, result: bool | None) -> None:
    """not swaps true and false and keeps unknown."""
    x, values = leaf(a, "x")
    assert evaluate(Not(x), values) is result


RANK = {False: 0, None: 1, True: 2}


@given(st.lists(tri, min_size=1, max_size=8))
def test_all_and_any_are_min_and_max(values: list[bool | None]) -> None:
    """Ordering false < unknown < true, all is the minimum of its items and any the maximum."""
    items = tuple(Compare(f"f{i}", "eq", Literal(True)) for i in range(len(values)))
    table = {f"f{i}": v for i, v in enumerate(values)}
    assert evaluate(All(items), table) is min(values, key=RANK.__getitem__)
    assert evaluate(Any_(items), table) is max(values, key=RANK.__getitem__)
    assert evaluate(Not(All(items)), table) is evaluate(Any_(tuple(Not(i) for i in items)), table)


@pytest.mark.parametrize(("value", "result"), [(P("2020"), True), (False, True), (0, True), (None, False)])
def test_known_is_never_unknown(value: object, result: bool) -> None:
    """known is true for any value, even false or 0, and false (not unknown) for an unknown one."""
    assert evaluate(Known("f"), {"f": value}) is result


# --- evaluation on partial dates ----------------------------------------------------------
@pytest.mark.parametrize(
    ("deadline", "op", "literal", "result"),
    [
        ("2025", "lt", "2026-01-01", True),
        ("2025", "lt", "2025-06-01", None),
        ("2025", "lt", "2025-01-01", False),
        ("2025", "le", "2025-01-01", None),
        ("2025-01-01", "le", "2025", True),
        ("2025-06", "gt", "2025-05-31", True),
        ("2025-06", "gt", "2025-06-15", None),
        ("2025-06", "ge", "2025-06-01", True),
        ("2025-06", "ge", "2025-07-01", False),
        ("2025", "eq", "2025-03-01", None),
        ("2025", "ne", "2025-03-01", None),
        ("2025", "ne", "2024-03-01", True),
        ("2025-08-01", "eq", "2025-08-01", True),
        ("2025-08-01", "ne", "2025-08-01", False),
        ("../2019-08", "lt", "2019-09-01", True),
    ],
)
def test_date_comparisons_are_three_valued(deadline: str, op: str, literal: str, result: bool | None) -> None:
    """A comparison is unknown when the partial dates leave it open, and known when every day agrees."""
    cond = Compare("article4.deadline", op, Literal(P(literal)))
    assert evaluate(cond, {"article4.deadline": P(deadline)}) is result


def test_field_operand_reads_the_moved_value_by_its_key() -> None:
    """A field operand with an offset reads the derived value stored under its key, e.g. as_of+12m+0d."""
    cond = Compare("article4.deadline", "le", FieldRef("as_of", 12, 0))
    assert FieldRef("as_of", 12, 0).key == "as_of+12m+0d"
    assert evaluate(cond, {"article4.deadline": P("2025-08-01"), "as_of+12m+0d": P("2025-09-01")}) is True
    assert evaluate(cond, {"article4.deadline": P("2025-10-01"), "as_of+12m+0d": P("2025-09-01")}) is False
    assert evaluate(cond, {"article4.deadline": P("2025-08-01"), "as_of": P("2025-09-01")}) is None


@pytest.mark.parametrize(
    ("values", "result"),
    [
        ({"article4.deadline": None, "as_of": P("2025-09-01")}, None),
        ({"article4.deadline": P("2025-08-01"), "as_of": None}, None),
        ({}, None),
    ],
)
def test_comparison_with_an_unknown_side_is_unknown(values: dict[str, Any], result: None) -> None:
    """If either side of a comparison is unknown, so is the comparison."""
    assert evaluate(Compare("article4.deadline", "lt", FieldRef("as_of")), values) is result


@pytest.mark.parametrize(
    ("cond", "value", "result"),
    [
        (Compare("article4.extensions_granted", "in", Literal((1, 2))), 2, True),
        (Compare("article4.extensions_granted", "in", Literal((1, 2))), 3, False),
        (Compare("article4.extensions_granted", "lt", Literal(2)), 1, True),
        (Compare("article4.extensions_granted", "ge", Literal(2)), 1, False),
        (Compare("participation.status", "in", Literal(("state_party", "withdrawn"))), "withdrawn", True),
        (Compare("participation.status", "ne", Literal("state_party")), "signatory", True),
        (Compare("article4.completed", "eq", Literal(False)), False, True),
    ],
)
def test_plain_values_compare_two_valued(cond: Compare, value: object, result: bool) -> None:
    """Known integers, texts and booleans compare to plain true or false."""
    assert evaluate(cond, {cond.field: value}) is result


def test_field_refs_lists_every_field_read() -> None:
    """field_refs gives the left-hand fields, known fields and operand fields with their offsets."""
    cond = parse_data(
        {
            "all": [
                {"known": "article4.deadline"},
                {"field": "article4.deadline", "lt": {"field": "as_of", "offset": "+12 months"}},
            ]
        }
    )
    assert list(field_refs(cond)) == [
        FieldRef("article4.deadline"),
        FieldRef("article4.deadline"),
        FieldRef("as_of", 12, 0),
    ]


# --- back to data ------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("data", "written"),
    [
        ({"field": "article4.deadline", "lt": 2025}, {"field": "article4.deadline", "lt": "2025"}),
        (
            {"field": "article4.deadline", "lt": "2013/2014-06"},
            {"field": "article4.deadline", "lt": "2013-01-01/2014-06-30"},
        ),
        (
            {"field": "article4.deadline", "lt": {"field": "as_of", "offset": "+1 year"}},
            {"field": "article4.deadline", "lt": {"field": "as_of", "offset": "+12 months"}},
        ),
        (
            {"field": "article4.deadline", "lt": {"field": "as_of", "offset": "+0 days"}},
            {"field": "article4.deadline", "lt": {"field": "as_of"}},
        ),
        ({"field": "article9.year", "in": [2010]}, {"field": "article9.year", "in": [2010]}),
        ({"not": {"known": "as_of"}}, {"not": {"known": "as_of"}}),
    ],
)
def test_to_data_writes_the_canonical_file_form(data: dict[str, Any], written: dict[str, Any]) -> None:
    """to_data writes dates and offsets canonically and drops a zero offset."""
    assert to_data(parse_data(data)) == written


@settings(max_examples=150, deadline=None)
@given(condition_data())
def test_to_data_round_trips(data: dict[str, Any]) -> None:
    """Parsing what to_data writes gives back the same condition, and writing it again the same data."""
    cond = parse_data(data)
    written = to_data(cond)
    assert parse_data(written) == cond
    assert to_data(parse_data(written)) == written


def test_evaluate_on_a_date_inside_a_year() -> None:
    """An as-of date inside a deadline known only to its year leaves 'deadline passed' unknown."""
    passed = parse_data({"field": "article4.deadline", "lt": {"field": "as_of"}})
    deadline = P("2025")
    assert (
        evaluate(passed, {"article4.deadline": deadline, "as_of": PartialDate.day(date(2025, 6, 1))}) is None
    )
    assert (
        evaluate(passed, {"article4.deadline": deadline, "as_of": PartialDate.day(date(2026, 1, 1))}) is True
    )


def test_a_comparison_on_a_bool_field_is_unknown_when_the_fact_is_unknown() -> None:
    """Comparisons keep three-valued logic: an unknown operand gives unknown, not False."""
    cond = Compare("article4.obligation", "eq", Literal(True))
    assert [evaluate(cond, {"article4.obligation": v}) for v in (True, False, None)] == [True, False, None]
    cond = Compare("article4.obligation", "ne", Literal(True))
    assert [evaluate(cond, {"article4.obligation": v}) for v in (True, False, None)] == [False, True, None]


# --- parsing at the edges of the language --------------------------------------------------
def error_of(data: Any) -> RuleError:
    """The RuleError that parsing ``data`` raises."""
    with pytest.raises(RuleError) as info:
        parse_data(data)
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
    cond = parse_data(nested(kind, MAX_DEPTH))
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
    cond = parse_data({"field": "article9.status", "in": ["in_progress", "none_reported"]})
    assert cond == Compare("article9.status", "in", Literal(("in_progress", "none_reported")))


def test_a_non_text_field_name_gets_no_suggestions() -> None:
    """A field name that is not text (here the number 5) is unknown, with a pointer to `lapcheck fields`."""
    error = error_of({"known": 5})
    assert (error.key, error.message) == ("c.known", "unknown field 5; `lapcheck fields` lists them")


def test_integer_literals_reach_exactly_two_to_the_53() -> None:
    """2**53 = 9007199254740992 is the largest integer literal accepted; one more is out of range."""
    assert parse_data({"field": "article9.year", "eq": 2**53}) == Compare(
        "article9.year", "eq", Literal(9007199254740992)
    )
    error = error_of({"field": "article9.year", "eq": 2**53 + 1})
    assert error.message == "9007199254740993 is out of range; integers are at most 9007199254740992"
