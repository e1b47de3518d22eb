"""The same checks through peer rules engines from PyPI (rule-engine, zen-engine), for comparison only.

Each condition's true and false expressions, as compiled for durable-rules, are translated to an
expression language both peers read, with explicit null guards so that an unknown fact matches
neither, as in lapcheck. The benchmark checks that each peer agrees with lapcheck before timing it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from lapcheck.conditions import FieldRef, Values
from lapcheck.durable_engine import NEVER, Compiler, Keys, encode
from lapcheck.facts import FIELDS
from lapcheck.rules import Check

_OPS = {"$lt": "<", "$lte": "<=", "$gt": ">", "$gte": ">=", "$neq": "!="}
Outcomes = dict[str, dict[str, bool | None] | str]


def _rhs(value: Any) -> tuple[str, list[str]]:
    if isinstance(value, dict):
        other = value["$m"]
        return other, [f"{other} != null"]
    if isinstance(value, str):
        return repr(value), []
    return str(value), []


def translate(expr: dict[str, Any]) -> str:
    """A durable-rules expression with the same meaning in rule-engine's and ZEN's common syntax."""
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


def conditions(
    checks: tuple[Check, ...], operands: Mapping[str, FieldRef]
) -> tuple[Keys, list[tuple[str, str, str, str]]]:
    """The fact keys, and every condition as (check id, name, true-when, false-when expression)."""
    keys = Keys(operands)
    compiler = Compiler(keys, {key: FIELDS[ref.field].type for key, ref in operands.items()})
    return keys, [
        (check.id, name, translate(compiler.compile(cond, True)), translate(compiler.compile(cond, False)))
        for check in checks for name, cond in check.all_conditions().items()
    ]


class RuleEnginePeer:
    """lapcheck's checks evaluated by rule-engine: two compiled rules per condition."""

    name = "rule-engine"
    lazy = False

    def __init__(self, checks: tuple[Check, ...], operands: Mapping[str, FieldRef]) -> None:
        import rule_engine

        self.keys, conds = conditions(checks, operands)
        context = rule_engine.Context(default_value=None)
        self.names = sorted({f"{k}{end}" for k in self.keys.names.values() for end in ("", "_lo", "_hi")})
        rule = rule_engine.Rule
        self.rules = [(check_id, name, rule(true, context=context), rule(false, context=context))
                      for check_id, name, true, false in conds]

    def run(self, values: Values, history: bool = True) -> Outcomes:
        """Per check id, the truth value of each condition, history included (as durable-rules gives)."""
        fact: dict[str, Any] = dict.fromkeys(self.names)
        fact.update(encode(values, self.keys))
        out: Outcomes = {}
        for check_id, name, true, false in self.rules:
            result = out.setdefault(check_id, {})
            assert isinstance(result, dict)
            result[name] = True if true.matches(fact) else (False if false.matches(fact) else None)
        return out


class ZenEnginePeer:
    """lapcheck's checks evaluated by zen-engine: one decision graph whose expression node computes
    both polarities of every condition, evaluated once per State."""

    name = "zen-engine"
    lazy = False

    def __init__(self, checks: tuple[Check, ...], operands: Mapping[str, FieldRef]) -> None:
        import zen

        self.keys, conds = conditions(checks, operands)
        # Output keys without dots: ZEN nests a dotted key into objects.
        self.outputs = [(check_id, name, f"t{i}", f"f{i}") for i, (check_id, name, _, _) in enumerate(conds)]
        expressions = [{"id": key, "key": key, "value": expr}
                       for (_, _, t, f), (_, _, true, false) in zip(self.outputs, conds, strict=True)
                       for key, expr in ((t, true), (f, false))]
        graph = {
            "nodes": [
                {"id": "facts", "type": "inputNode", "name": "facts"},
                {"id": "conditions", "type": "expressionNode", "name": "conditions",
                 "content": {"expressions": expressions}},
                {"id": "truth", "type": "outputNode", "name": "truth"},
            ],
            "edges": [
                {"id": "in", "type": "edge", "sourceId": "facts", "targetId": "conditions"},
                {"id": "out", "type": "edge", "sourceId": "conditions", "targetId": "truth"},
            ],
        }
        # As a ZenDecisionContent the graph's expressions are compiled once, here; given as text, on
        # every evaluate.
        self.decision = zen.ZenEngine().create_decision(zen.ZenDecisionContent(json.dumps(graph)))

    def run(self, values: Values, history: bool = True) -> Outcomes:
        """Per check id, the truth value of each condition, history included (as durable-rules gives)."""
        got = self.decision.evaluate(encode(values, self.keys))["result"]
        out: Outcomes = {}
        for check_id, name, true, false in self.outputs:
            result = out.setdefault(check_id, {})
            assert isinstance(result, dict)
            result[name] = True if got[true] else (False if got[false] else None)
        return out


PEERS = {peer.name: peer for peer in (RuleEnginePeer, ZenEnginePeer)}
"""The peers by name; each imports its engine when built, so one that is not installed raises ImportError."""
