"""Build checks in code for engine tests, without rule files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from lapcheck.conditions import Parser
from lapcheck.rules import Check
from lapcheck.yamlsafe import Document


def condition(data: Any) -> Any:
    """Parse one condition given as plain data."""
    return Parser(Document(Path("<test>"), {"c": data})).parse(data, ("c",))


def make_check(check_id: str, compliant: Any, applies: Any = None, at_risk: Any = None,
               history: tuple[Any, ...] = (), kind: str = "obligation") -> Check:
    """A check with the given conditions (plain data), history conditions and trivial rationales."""
    from lapcheck.rules import HistoryNote

    rationale = ({"done": "ok", "not_yet": "not ok"} if kind == "progress"
                 else {"compliant": "ok", "non_compliant": "not ok"})
    if applies is not None:
        rationale["not_applicable"] = "n/a"
    if at_risk is not None:
        rationale["at_risk"] = "at risk"
    return Check(
        id=check_id, title=check_id, area="clearance", actions=(), articles=("4",), description="test",
        applies=None if applies is None else condition(applies), compliant=condition(compliant),
        at_risk=None if at_risk is None else condition(at_risk), rationale=rationale,
        evidence=(), tests=(), path="<test>", line=None, kind=kind,
        history=tuple(HistoryNote(condition(h), f"lapse {i}") for i, h in enumerate(history)),
    )


def rules_of(*checks: Check) -> Any:
    """A :class:`Rules` holding ``checks``, with a digest of their content."""
    import hashlib

    from lapcheck.rules import Rules

    ordered = tuple(sorted(checks, key=lambda c: c.id))
    return Rules(ordered, hashlib.sha256(repr(ordered).encode()).hexdigest())
