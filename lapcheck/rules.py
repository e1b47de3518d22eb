"""Find, read and validate rule files into :class:`Check` objects; every error names file:line.

A rule file covers one LAP area and lists checks. The format, field by field, is in
``rules/README.md``; this module is its executable definition. Rule files are data: they are read
with :mod:`lapcheck.yamlsafe` (no tags, no aliases), their conditions are parsed by
:mod:`lapcheck.conditions` against the fact table, and their rationale templates may only name
facts, so nothing in a rule file can run code.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, cast

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from lapcheck import conditions, yamlsafe
from lapcheck.conditions import Condition, FieldRef
from lapcheck.deadlines import CALENDAR_FILE, Calendar, bundled_calendar, calendar_for
from lapcheck.errors import RuleError
from lapcheck.facts import FIELDS
from lapcheck.model import Kind, Status
from lapcheck.plan import PLAN_FILE, ActionPlan, bundled_plan, plan_for

PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
ID = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class _TestCase(_Strict):
    name: str = Field(pattern=ID)
    as_of: str | int  # a year alone is read as an int; _build_test says it must be a full date
    profile: dict[str, Any] = Field(default_factory=dict)
    expect: Status
    rationale_contains: str | None = None


class _Rationale(_Strict):
    compliant: str | None = None
    non_compliant: str | None = None
    at_risk: str | None = None
    done: str | None = None
    not_yet: str | None = None
    not_applicable: str | None = None
    insufficient_data: str | None = None


class _History(_Strict):
    when: Any
    note: str = Field(min_length=1)


class _Check(_Strict):
    id: str = Field(pattern=ID)
    title: str = Field(min_length=1)
    kind: Kind = "obligation"
    actions: list[int] = Field(default_factory=list)
    articles: list[str] = Field(min_length=1)
    description: str = Field(min_length=1)
    applies: Any = None
    compliant: Any = None
    done: Any = None
    at_risk: Any = None
    rationale: _Rationale
    history: list[_History] = Field(default_factory=list)
    evidence: list[str] = Field(default_factory=list)
    tests: list[_TestCase] = Field(default_factory=list)


class _Indicator(_Strict):
    id: str = Field(pattern=ID)
    title: str = Field(min_length=1)
    actions: list[int] = Field(default_factory=list)
    description: str = Field(min_length=1)
    where: Any = None
    numerator: Any = None
    check: str | None = None
    statuses: list[Status] = Field(default_factory=list)
    breakdown: str | None = None


class _RuleFile(_Strict):
    area: str
    description: str | None = None
    checks: list[_Check] = Field(default_factory=list)
    indicators: list[_Indicator] = Field(default_factory=list)


@dataclass(frozen=True)
class TestCase:
    """A case a check carries: a profile fragment, a date, and the status it must give."""

    name: str
    as_of: date
    profile: dict[str, Any]
    expect: Status
    rationale_contains: str | None
    line: int | None


@dataclass(frozen=True)
class HistoryNote:
    """A lapse the finding records beside its status when ``when`` holds: history, not standing."""

    when: Condition
    note: str


@dataclass(frozen=True)
class Check:
    """One LAP check: metadata, its conditions, rationale templates and test cases.

    ``kind`` says what it judges: an ``obligation`` in force for a State Party (``compliant``,
    ``non_compliant``, ``at_risk``) or a step of ``progress`` (``done``, ``not_yet``). Its main
    condition, ``compliant``, is written ``done:`` in the rule file of a progress check.
    """

    id: str
    title: str
    area: str
    actions: tuple[int, ...]
    articles: tuple[str, ...]
    description: str
    applies: Condition | None
    compliant: Condition
    at_risk: Condition | None
    rationale: dict[Status, str]
    evidence: tuple[str, ...]
    tests: tuple[TestCase, ...]
    path: str
    line: int | None
    kind: Kind = "obligation"
    history: tuple[HistoryNote, ...] = ()
    _conditions: dict[str, Condition] = field(init=False, repr=False, compare=False)
    _named: dict[str, Condition] = field(init=False, repr=False, compare=False)
    _fields: tuple[str, ...] = field(init=False, repr=False, compare=False)
    _refs: dict[str, tuple[FieldRef, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Evaluation asks for these once per finding: compute them once per check.
        named = {"applies": self.applies, "compliant": self.compliant, "at_risk": self.at_risk}
        conds = {k: v for k, v in named.items() if v is not None}
        every = {**conds, **{history_name(i): h.when for i, h in enumerate(self.history)}}
        names = {ref.field for cond in every.values() for ref in conditions.field_refs(cond)}
        names.update(self.evidence)
        for template in [*self.rationale.values(), *(h.note for h in self.history)]:
            names.update(PLACEHOLDER.findall(template))
        names.discard("as_of")
        object.__setattr__(self, "_conditions", conds)
        object.__setattr__(self, "_named", every)
        object.__setattr__(self, "_fields", tuple(sorted(names)))
        object.__setattr__(self, "_refs", {k: tuple(dict.fromkeys(conditions.field_refs(c))) for k, c in every.items()})

    def conditions(self) -> dict[str, Condition]:
        """The conditions that decide the status, by name, in evaluation order, leaving out those
        not given."""
        return self._conditions

    def all_conditions(self) -> dict[str, Condition]:
        """The status conditions, then each history note's condition (``history[0]`` ...)."""
        return self._named

    def fields(self) -> tuple[str, ...]:
        """Every fact the check reads or cites, sorted: its evidence."""
        return self._fields

    def refs(self, condition: str) -> tuple[FieldRef, ...]:
        """The operands the named condition reads, in order of first use."""
        return self._refs[condition]

    def statuses(self) -> set[Status]:
        """The statuses this check can produce (besides ``error``)."""
        out: set[Status] = {"insufficient_data"}
        out.update(("done", "not_yet") if self.kind == "progress" else ("compliant", "non_compliant"))
        if self.applies is not None:
            out.add("not_applicable")
        if self.at_risk is not None:
            out.add("at_risk")
        return out


def history_name(index: int) -> str:
    """The name of a check's ``index``-th history condition among its conditions."""
    return f"history[{index}]"


@dataclass(frozen=True)
class Indicator:
    """An aggregate over States: a count of those ``where`` holds, or the share of them for which
    ``numerator`` holds (or whose finding for ``check`` has one of ``statuses``), with an optional
    breakdown by the value of a fact."""

    id: str
    title: str
    area: str
    actions: tuple[int, ...]
    description: str
    where: Condition | None
    numerator: Condition | None
    check: str | None
    statuses: tuple[Status, ...]
    breakdown: str | None
    path: str
    line: int | None

    def fields(self) -> tuple[str, ...]:
        """Every fact the indicator reads."""
        names = {r.field for c in (self.where, self.numerator) if c is not None for r in conditions.field_refs(c)}
        if self.breakdown:
            names.add(self.breakdown)
        return tuple(sorted(names))


@dataclass(frozen=True)
class Rules:
    """Every check and indicator of a rule pack, sorted by id, a digest of their files, and the
    plan and treaty calendar the pack encodes."""

    checks: tuple[Check, ...]
    digest: str
    files: tuple[str, ...] = field(default=())
    indicators: tuple[Indicator, ...] = field(default=())
    plan: ActionPlan = field(default_factory=bundled_plan)
    calendar: Calendar = field(default_factory=bundled_calendar)

    def by_id(self) -> dict[str, Check]:
        """Checks keyed by id."""
        return {c.id: c for c in self.checks}


PACK_FILES = frozenset({PLAN_FILE, CALENDAR_FILE})
"""Files of a rule pack's folder that are not rule files: the plan and the treaty calendar."""


def rule_files(path: Path) -> list[Path]:
    """The rule files at ``path`` (a file, or a folder's ``*.yaml``/``*.yml`` but the pack's own
    plan and calendar), sorted."""
    if path.is_dir():
        return sorted(p for p in path.iterdir()
                      if p.suffix in (".yaml", ".yml") and p.is_file() and p.name not in PACK_FILES)
    if path.exists():  # a file, or a pipe or device the reader refuses by name
        return [path]
    raise RuleError("no such file or folder", path=path)


def load_rules(path: Path | str | None = None) -> Rules:
    """Load every rule file at ``path`` (default: the bundled rules) and validate it.

    Raises :class:`RuleError` naming the file, line and key of the first problem found.
    """
    from lapcheck.workspace import bundled

    root = Path(path) if path is not None else bundled().rules
    files = rule_files(root)
    if not files:
        raise RuleError("no rule files (*.yaml) here; expected one file per area of the plan", path=root)
    folder = root if root.is_dir() else root.parent
    plan, calendar = plan_for(folder), calendar_for(folder)
    seen: dict[str, Check | Indicator] = {}
    hasher = hashlib.sha256()
    for file in files:
        text = yamlsafe.read_text(file, cls=RuleError)
        hasher.update(file.name.encode() + b"\0" + text.encode() + b"\0")
        for item in _read_file(yamlsafe.loads(text, file, RuleError), plan):
            if item.id in seen:
                first = seen[item.id]
                raise RuleError(
                    f"duplicate id {item.id!r} (first at {first.path}:{first.line})",
                    path=item.path, line=item.line, key="id",
                )
            seen[item.id] = item
    checks = sorted((c for c in seen.values() if isinstance(c, Check)), key=lambda c: c.id)
    indicators = sorted((i for i in seen.values() if isinstance(i, Indicator)), key=lambda i: i.id)
    for ind in indicators:
        if ind.check is not None and not isinstance(seen.get(ind.check), Check):
            raise RuleError(f"indicator refers to unknown check {ind.check!r}",
                            path=ind.path, line=ind.line, key="check")
    return Rules(tuple(checks), hasher.hexdigest(), tuple(map(str, files)), tuple(indicators), plan, calendar)


def _read_file(doc: yamlsafe.Document, plan: ActionPlan) -> Iterable[Check | Indicator]:
    if not isinstance(doc.data, dict):
        raise doc.error(f"expected a mapping with 'area' and 'checks', got a {type(doc.data).__name__}", (), RuleError)
    try:
        parsed = _RuleFile.model_validate(doc.data)
    except ValidationError as exc:
        raise yamlsafe.validation_error(doc, exc, (), RuleError) from None
    if plan.area(parsed.area) is None:
        areas = ", ".join(a.id for a in plan.areas)
        raise doc.error(f"unknown area {parsed.area!r}; expected one of {areas}", ("area",), RuleError)
    parser = conditions.Parser(doc)
    for i, raw in enumerate(parsed.checks):
        yield _build_check(doc, parser, plan, parsed.area, raw, ("checks", i))
    for i, ind in enumerate(parsed.indicators):
        yield _build_indicator(doc, parser, plan, parsed.area, ind, ("indicators", i))


def _build_indicator(
    doc: yamlsafe.Document, parser: conditions.Parser, plan: ActionPlan, area: str, raw: _Indicator,
    at: tuple[Any, ...],
) -> Indicator:
    _check_actions(doc, plan, raw.actions, at)
    if raw.numerator is not None and raw.check is not None:
        raise doc.error("give either 'numerator' or 'check' with 'statuses', not both", (*at, "check"), RuleError)
    if (raw.check is None) != (not raw.statuses):
        raise doc.error("'check' and 'statuses' go together", (*at, "statuses" if raw.check else "check"), RuleError)
    if raw.breakdown is not None and raw.breakdown not in FIELDS:
        raise doc.error(f"unknown fact {raw.breakdown!r}", (*at, "breakdown"), RuleError)
    if raw.breakdown is not None and FIELDS[raw.breakdown].type == "date":
        raise doc.error("a breakdown needs a bool, int or str fact, not a date", (*at, "breakdown"), RuleError)
    return Indicator(
        id=raw.id, title=raw.title, area=area, actions=tuple(raw.actions), description=raw.description.strip(),
        where=None if raw.where is None else parser.parse(raw.where, (*at, "where")),
        numerator=None if raw.numerator is None else parser.parse(raw.numerator, (*at, "numerator")),
        check=raw.check, statuses=tuple(raw.statuses), breakdown=raw.breakdown,
        path=str(doc.path), line=doc.line_of(at),
    )


def _check_actions(doc: yamlsafe.Document, plan: ActionPlan, actions: list[int], at: tuple[Any, ...]) -> None:
    for n, action in enumerate(actions):
        if not 1 <= action <= plan.actions:
            raise doc.error(f"{plan.short} action {action} does not exist; actions are 1-{plan.actions}",
                            (*at, "actions", n), RuleError)


def _build_check(
    doc: yamlsafe.Document, parser: conditions.Parser, plan: ActionPlan, area: str, raw: _Check,
    at: tuple[Any, ...],
) -> Check:
    _check_actions(doc, plan, raw.actions, at)
    main, other = ("done", "compliant") if raw.kind == "progress" else ("compliant", "done")
    if getattr(raw, other) is not None:
        raise doc.error(f"a {raw.kind} check states its condition as {main!r}, not {other!r}", (*at, other), RuleError)
    if getattr(raw, main) is None:
        raise doc.error(f"missing required key {main!r}", at, RuleError)
    if raw.kind == "progress" and raw.at_risk is not None:
        raise doc.error("at_risk belongs to obligations; a progress check is done or not yet", (*at, "at_risk"),
                        RuleError)
    parsed: dict[str, Condition | None] = {
        name: None if getattr(raw, key) is None else parser.parse(getattr(raw, key), (*at, key))
        for name, key in (("applies", "applies"), ("compliant", main), ("at_risk", "at_risk"))
    }
    history = tuple(HistoryNote(parser.parse(h.when, (*at, "history", i, "when")), h.note.strip())
                    for i, h in enumerate(raw.history))
    # _Rationale's fields are named after the statuses.
    rationale = cast(
        dict[Status, str], {s: t for s, t in raw.rationale.model_dump().items() if t is not None}
    )
    check = Check(
        id=raw.id, title=raw.title, area=area, actions=tuple(raw.actions), articles=tuple(raw.articles),
        description=raw.description.strip(), applies=parsed["applies"],
        compliant=parsed["compliant"],  # type: ignore[arg-type]  # every check has one: the schema requires it
        at_risk=parsed["at_risk"], rationale=rationale, evidence=tuple(raw.evidence), tests=(),
        path=str(doc.path), line=doc.line_of(at), kind=raw.kind, history=history,
    )
    for status in sorted(check.statuses() - {"insufficient_data"}):
        if status not in rationale:
            raise doc.error(f"missing rationale template for status {status!r}", (*at, "rationale"), RuleError)
    for status, template in rationale.items():
        if status not in check.statuses():
            raise doc.error(f"this check cannot produce {status!r}; remove its template",
                            (*at, "rationale", status), RuleError)
        for name in PLACEHOLDER.findall(template):
            if name not in FIELDS:
                raise doc.error(f"template names unknown fact {{{name}}}", (*at, "rationale", status), RuleError)
    for i, note in enumerate(history):
        for name in PLACEHOLDER.findall(note.note):
            if name not in FIELDS:
                raise doc.error(f"template names unknown fact {{{name}}}", (*at, "history", i, "note"), RuleError)
    for n, name in enumerate(raw.evidence):
        if name not in FIELDS:
            raise doc.error(f"unknown fact {name!r}", (*at, "evidence", n), RuleError)
    tests = tuple(_build_test(doc, check, case, (*at, "tests", n)) for n, case in enumerate(raw.tests))
    return dataclasses.replace(check, tests=tests)


def _build_test(doc: yamlsafe.Document, check: Check, case: _TestCase, at: tuple[Any, ...]) -> TestCase:
    try:
        as_of = date.fromisoformat(str(case.as_of))
    except ValueError:
        raise doc.error(f"as_of must be a full date YYYY-MM-DD, got {case.as_of!r}",
                        (*at, "as_of"), RuleError) from None
    if case.expect not in check.statuses():
        raise doc.error(f"check {check.id!r} cannot produce {case.expect!r}", (*at, "expect"), RuleError)
    return TestCase(case.name, as_of, case.profile, case.expect, case.rationale_contains, doc.line_of(at))


def render(template: str, text: Callable[[str], str]) -> str:
    """Fill ``{fact}`` placeholders with ``text(fact)`` (placeholders already checked to exist)."""
    pieces = _pieces(template)
    if len(pieces) == 1:
        return template
    filled = list(pieces)
    filled[1::2] = map(text, pieces[1::2])
    return "".join(filled)


@functools.lru_cache(maxsize=4096)
def _pieces(template: str) -> tuple[str, ...]:
    # Text, placeholder, text, ... : split once per template, not at each of its thousands of uses.
    return tuple(PLACEHOLDER.split(template))


def coverage(rules: Rules) -> list[tuple[int, str, str, tuple[str, ...]]]:
    """For each action of the plan: its area, how it is encoded, and the checks and indicators naming it.

    ``encoded`` when a check or indicator cites the action; ``area`` when its area has checks but
    none cites this action (the wording of most LAP actions could not be confirmed); ``none``
    otherwise.
    """
    rows = []
    items: list[Check | Indicator] = [*rules.checks, *rules.indicators]
    for action in range(1, rules.plan.actions + 1):
        area = rules.plan.area_of(action)
        naming = tuple(sorted(i.id for i in items if action in i.actions))
        if naming:
            how = "encoded"
        elif area and any(c.area == area.id for c in rules.checks):
            how = "area"
        else:
            how = "none"
        rows.append((action, area.id if area else "(not identified)", how, naming))
    return rows
