"""The action plan a rule pack encodes (``plan.yaml``): its name, period, actions and areas.

Rule files name an area of the plan; ``lapcheck rules list`` reports which of its actions the checks
cite. The Lausanne Action Plan is the bundled pack's; a pack for another plan brings its own file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from lapcheck import yamlsafe
from lapcheck.dates import PartialDate
from lapcheck.errors import RuleError

PLAN_FILE = "plan.yaml"
_RANGE = re.compile(r"^(\d+)(?:-(\d+))?$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class _Area(_Strict):
    id: str = Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
    title: str = Field(min_length=1)
    actions: str | int


class _PlanFile(_Strict):
    name: str = Field(min_length=1)
    short: str = Field(min_length=1)
    period: PartialDate
    actions: int = Field(ge=1)
    areas: list[_Area] = Field(min_length=1)
    stale_after_months: int = Field(default=24, ge=0)
    coverage: float = Field(default=0.5, ge=0, le=1)


@dataclass(frozen=True)
class Area:
    """One area of the plan and the actions it holds."""

    id: str
    title: str
    actions: range


@dataclass(frozen=True)
class ActionPlan:
    """An action plan: its actions are numbered 1 to ``actions``, grouped into ``areas``."""

    name: str
    short: str
    period: PartialDate
    actions: int
    areas: tuple[Area, ...]
    path: str
    stale_after: int = 24
    """A finding resting on a fact observed more than this many months before its as-of date is stale."""
    coverage: float = 0.5
    """A share is reported only when its known part covers at least this part of its population."""

    def area(self, area_id: str) -> Area | None:
        """The area with this id, if the plan has one."""
        return next((a for a in self.areas if a.id == area_id), None)

    def area_of(self, action: int) -> Area | None:
        """The area that holds ``action``; ``None`` for an action no area holds."""
        return next((a for a in self.areas if action in a.actions), None)


def read_plan(path: Path | str) -> ActionPlan:
    """Read and validate a ``plan.yaml``; a problem is a :class:`RuleError` naming its line."""
    doc = yamlsafe.load(Path(path), cls=RuleError)
    try:
        raw = _PlanFile.model_validate(doc.data)
    except ValidationError as exc:
        raise yamlsafe.validation_error(doc, exc, (), RuleError) from None
    areas: list[Area] = []
    taken: dict[int, str] = {}
    for i, item in enumerate(raw.areas):
        at = ("areas", i)
        if any(a.id == item.id for a in areas):
            raise doc.error(f"area {item.id!r} twice", (*at, "id"), RuleError)
        match = _RANGE.match(str(item.actions))
        first, last = (int(match[1]), int(match[2] or match[1])) if match else (0, -1)
        if not match or not 1 <= first <= last <= raw.actions:
            raise doc.error(f"expected actions as N or N-M within 1-{raw.actions}, got {item.actions!r}",
                            (*at, "actions"), RuleError)
        for action in range(first, last + 1):
            if action in taken:
                raise doc.error(f"action {action} is already in area {taken[action]!r}", (*at, "actions"), RuleError)
            taken[action] = item.id
        areas.append(Area(item.id, item.title, range(first, last + 1)))
    return ActionPlan(raw.name, raw.short, raw.period, raw.actions, tuple(areas), str(path),
                      raw.stale_after_months, raw.coverage)


@cache
def bundled_plan() -> ActionPlan:
    """The plan of the bundled rule pack: the Lausanne Action Plan."""
    from lapcheck.workspace import bundled

    return read_plan(bundled().rules / PLAN_FILE)


def plan_for(folder: Path) -> ActionPlan:
    """The ``plan.yaml`` of a rule pack's folder, else the bundled one."""
    own = folder / PLAN_FILE
    return read_plan(own) if own.is_file() else bundled_plan()
