"""The same checks through a peer rules engine from PyPI (rule-engine), for comparison only.

Each condition's true and false expressions, as compiled for durable-rules, are translated to
rule-engine's expression language, with explicit null guards so that an unknown fact matches
neither, as in lapcheck. The benchmark checks that this peer agrees with lapcheck before timing it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import rule_engine

from lapcheck.conditions import FieldRef, Values
from lapcheck.durable_engine import NEVER, Compiler, Keys, encode
from lapcheck.facts import FIELDS
from lapcheck.rules import Check

_OPS = {"$lt": "<", "$lte": "<=", "$gt": ">", "$gte": ">=", "$neq": "!="}


def _rhs(value: Any) -> tuple[str, list[str]]:
    if isinstance(value, dict):
        other = value["$m"]
        return other, [f"{other} != null"]
    if isinstance(value, str):
        return repr(value), []
    return str(value), []


def translate(expr: dict[str, Any]) -> str:
    """A durable-rules expression as a rule-engine expression with the same meaning."""
    if expr is NEVER:
        return "false"
    (key, value), = expr.items()
    if key in ("$and", "$or"):
        joiner = " and " if key == "$and" else " or "
        return "(" + joiner.join(translate(item) for item in value) + ")"
    if key in ("$ex", "$nex"):
        (field, _), = value.items()
        return f"({field} {'!=' if key == '$ex' else '=='} null)"
    if key in _OPS:
        (field, rhs), = value.items()
        text, guards = _rhs(rhs)
        return "(" + " and ".join([f"{field} != null", *guards, f"{field} {_OPS[key]} {text}"]) + ")"
    text, guards = _rhs(value)
    return "(" + " and ".join([f"{key} != null", *guards, f"{key} == {text}"]) + ")"


class RuleEngineEngine:
    """lapcheck's checks evaluated by rule-engine."""

    name = "rule-engine"
    lazy = False

    def __init__(self, checks: tuple[Check, ...], operands: Mapping[str, FieldRef]) -> None:
        keys = Keys(operands)
        compiler = Compiler(keys, {key: FIELDS[ref.field].type for key, ref in operands.items()})
        context = rule_engine.Context(default_value=None)
        self.keys = keys
        self.names = sorted({f"{k}{suffix}" for k in keys.names.values() for suffix in ("", "_lo", "_hi")})
        self.rules = [
            (check.id, name, rule_engine.Rule(translate(compiler.compile(cond, True)), context=context),
             rule_engine.Rule(translate(compiler.compile(cond, False)), context=context))
            for check in checks for name, cond in check.conditions().items()
        ]

    def run(self, values: Values, history: bool = True) -> dict[str, dict[str, bool | None] | str]:
        """Per check id, the truth value of each condition."""
        fact: dict[str, Any] = dict.fromkeys(self.names)
        fact.update(encode(values, self.keys))
        out: dict[str, dict[str, bool | None] | str] = {}
        for check_id, name, true, false in self.rules:
            result = out.setdefault(check_id, {})
            assert isinstance(result, dict)
            result[name] = True if true.matches(fact) else (False if false.matches(fact) else None)
        return out
