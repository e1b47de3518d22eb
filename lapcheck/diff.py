"""What changed between two ``lapcheck check --format json`` outputs (``lapcheck diff``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal

from pydantic import ValidationError

from lapcheck import yamlsafe
from lapcheck.errors import InputError
from lapcheck.model import Finding, Out, Report, Status

Change = Literal["regressed", "improved", "changed", "appeared", "disappeared", "rationale"]
CHANGES: tuple[Change, ...] = ("regressed", "improved", "changed", "appeared", "disappeared", "rationale")

SEVERITIES: tuple[dict[Status, int], ...] = (
    {"non_compliant": 2, "at_risk": 1, "compliant": 0},
    {"not_yet": 1, "done": 0},
)
"""Only moves within one of these scales are improvements or regressions: the obligation's and the
progress step's. A move to or from not_applicable, insufficient_data or error, or from one scale to
the other (a check that changed kind), is a change of another kind."""


class Difference(Out):
    """One (State, check) pair that differs between the two runs."""

    state: str
    check: str
    change: Change
    old_status: Status | None
    new_status: Status | None
    old_rationale: str | None
    new_rationale: str | None


class Diff(Out):
    """Every difference, sorted by kind of change, State and check."""

    old_as_of: str
    new_as_of: str
    differences: list[Difference]


def read_report(path: Path) -> Report:
    """A report written by ``lapcheck check --format json``; anything else is a located error."""
    text = yamlsafe.read_text(path)
    try:
        return Report.model_validate(json.loads(text))
    except json.JSONDecodeError as exc:
        raise InputError(f"not JSON: {exc.msg}", path=path, line=exc.lineno) from None
    except ValidationError as exc:
        err = exc.errors()[0]
        raise InputError(f"not a lapcheck check report: {err['msg']}", path=path,
                         key=yamlsafe.dotted(tuple(err["loc"]))) from None


def _kind(old: Finding, new: Finding) -> Change | None:
    if old.status == new.status:
        # A rationale that differs only by the as-of date it cites has not changed.
        same = old.rationale.replace(old.as_of, "{as_of}") == new.rationale.replace(new.as_of, "{as_of}")
        return None if same else "rationale"
    for scale in SEVERITIES:
        if old.status in scale and new.status in scale:
            return "regressed" if scale[new.status] > scale[old.status] else "improved"
    return "changed"


def compare(old: Report, new: Report) -> Diff:
    """The differences from ``old`` to ``new``."""
    before = {(f.state, f.check): f for f in old.findings}
    after = {(f.state, f.check): f for f in new.findings}
    out: list[Difference] = []
    for key in sorted(before.keys() | after.keys()):
        a, b = before.get(key), after.get(key)
        kind: Change | None = "appeared" if a is None else "disappeared" if b is None else _kind(a, b)
        if kind is None:
            continue
        out.append(Difference(
            state=key[0], check=key[1], change=kind,
            old_status=a.status if a else None, new_status=b.status if b else None,
            old_rationale=a.rationale if a else None, new_rationale=b.rationale if b else None,
        ))
    out.sort(key=lambda d: (CHANGES.index(d.change), d.state, d.check))
    return Diff(old_as_of=old.as_of, new_as_of=new.as_of, differences=out)
