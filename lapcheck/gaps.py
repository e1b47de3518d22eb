"""The worklist of unknowns: which unknown facts, if known, would decide the most undecided findings.

For each ``insufficient_data`` finding the reference engine tells which facts its decision read
(:meth:`~lapcheck.engine.PythonEngine.read`); those that are unknown block it. A fact unknown only
because another blocking fact is unknown (``article4.remaining`` when ``article4.obligation`` is) is
counted under that other, so each gap is the question to ask first. Each fact is traced to the
profile fields its derivation read that the profile does not give, and through the column map to
the table and column where the answer goes. No I/O: the CLI renders a :class:`Gaps`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from functools import partial
from typing import Any

from pydantic import BaseModel

from lapcheck.engine import Operands, compile_rules, outcomes, status
from lapcheck.facts import FIELDS, Context, Value
from lapcheck.importer.columns import KINDS
from lapcheck.model import Out, Profile
from lapcheck.rules import Rules

QUESTIONS = {
    "article3.completed": "Has the State completed the destruction of its stockpiles, and when?",
    "article3.ever_stockpiled": "Has the State ever held cluster munitions, before, at or after entry into force?",
    "article3.retains": "Does the State retain cluster munitions for training or development (Art 3.6)?",
    "article4.completed": "Has the State completed the clearance of cluster munition remnants, and when?",
    "article4.completion": "On what date did the State complete the clearance of cluster munition remnants?",
    "article4.obligation": "Has the State had areas contaminated by cluster munition remnants (Art 4)?",
    "article4.remaining": "Do areas under the State's jurisdiction still hold cluster munition remnants?",
    "article5.victims": "Are there cluster munition victims in areas under the State's jurisdiction (Art 5)?",
    "article6.provides_assistance": "Does the State provide assistance to other States (Art 6)?",
    "article7.annual_submitted": "Was the State's annual transparency report for the last year due received?",
    "article9.investment_ban": "Does the State ban investment in cluster munition producers (LAP action 48)?",
    "article9.status": "How does the State implement the Convention in national law (Art 9)?",
}
"""Questions worded by hand where the fact's description does not read as one; the others are asked
from their descriptions (``lapcheck fields``)."""

WHERE = {
    (table.name, column.name): column.field
    for table in KINDS for column in table.body if column.field is not None
}


class _Unknown(Out):
    """What to ask about one unknown fact, where the answer goes, and how many findings wait on it."""

    field: str
    """The fact a rule reads (``lapcheck fields``)."""
    question: str
    columns: tuple[str, ...]
    """``table.column`` of each cell whose answer decides it (empty: no column holds it)."""
    profile_fields: tuple[str, ...]
    """The profile fields (``section.name``) its derivation read that no profile gives."""
    findings: int
    """Undecided findings that read it."""


class Gap(_Unknown):
    """One unknown fact, over every State."""

    states: tuple[str, ...]
    """The States (ISO codes) whose findings wait on it."""


class StateGap(_Unknown):
    """One unknown fact of one State."""

    state: str
    name: str
    checks: tuple[str, ...]
    """The checks whose findings for the State it would decide."""


class Gaps(Out):
    """The unknown facts, ranked overall and per State, as of a date."""

    as_of: str
    undecided: int
    """Undecided findings in all."""
    imprecise: int
    """Undecided findings that read no unknown fact: a date on record too imprecise to compare (a year
    where the deadline is a day); a more precise date decides them, no gap lists them."""
    overall: tuple[Gap, ...]
    by_state: tuple[StateGap, ...]


class _Tracing(Context):
    """A context that records the facts and the profile fields a derivation reads."""

    def __init__(self, profile: Profile, as_of: date, rules: Rules) -> None:
        super().__init__(profile, as_of, rules.calendar, cited=False)
        self.facts: set[str] = set()
        self.fields: dict[str, Any] = {}
        self.profile = _Reader(profile, self.fields)  # type: ignore[assignment]  # reads as a Profile

    def get(self, name: str) -> Value:
        self.facts.add(name)
        return super().get(name)


class _Reader:
    """A profile whose section attributes record ``section.name`` and the value read."""

    def __init__(self, profile: Profile, log: dict[str, Any]) -> None:
        self._profile, self._log = profile, log

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._profile, name)
        if name in Profile.model_fields and isinstance(value, BaseModel):
            return _Section(name, value, self._log)
        return value


class _Section:
    def __init__(self, name: str, section: BaseModel, log: dict[str, Any]) -> None:
        self._name, self._section, self._log = name, section, log

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._section, name)
        self._log[f"{self._name}.{name}"] = value
        return value


def question(field: str) -> str:
    """The question whose answer gives ``field``, in plain words."""
    if field in QUESTIONS:
        return QUESTIONS[field]
    spec = FIELDS[field]
    text = spec.description.rstrip(".")
    if spec.type == "bool":
        return f"Yes or no: {text[:1].lower()}{text[1:]}?"
    return f"{text}?"


def _columns(fields: Iterable[str]) -> tuple[str, ...]:
    wanted = set(fields)
    return tuple(f"{table}.{column}" for (table, column), field in WHERE.items() if field in wanted)


def _trace(profile: Profile, as_of: date, rules: Rules, field: str) -> tuple[set[str], set[str]]:
    """The other facts ``field``'s derivation read (directly or not) that are unknown, and the profile
    fields it read that the profile does not give."""
    ctx = _Tracing(profile, as_of, rules)
    ctx.get(field)
    missing = {name for name, value in ctx.fields.items() if value is None or value == []}
    return {f for f in ctx.facts - {field} if ctx.get(f).value is None}, missing


def find_gaps(profiles: Sequence[Profile], rules: Rules, as_of: date, areas: Sequence[str] = ()) -> Gaps:
    """The unknown facts blocking the undecided findings of ``profiles`` (only checks of ``areas``, if
    given), ranked by how many findings each would decide."""
    compiled = compile_rules(rules, "python")
    checks = [c for c in rules.checks if not areas or c.area in areas]
    per_state: list[StateGap] = []
    undecided = imprecise = 0
    for profile in sorted(profiles, key=lambda p: p.iso3):
        operands = Operands(Context(profile, as_of, rules.calendar, cited=False), compiled.decisive)
        found = outcomes(compiled, operands, history=False)
        blocked: dict[str, list[str]] = {}
        traced: dict[str, tuple[set[str], set[str]]] = {}
        for check in checks:
            outcome = found.get(check.id, "no outcome")
            if isinstance(outcome, str) or status(check, outcome) != "insufficient_data":
                continue
            undecided += 1
            keys = compiled.reference.read(check, outcome, operands)
            unknown = {compiled.decisive[k].field for k in keys if operands.value(k).value is None}
            imprecise += not unknown
            for field in _roots(unknown, traced, partial(_trace, profile, as_of, rules)):
                blocked.setdefault(field, []).append(check.id)
        for field, ids in blocked.items():
            missing = traced[field][1]
            per_state.append(StateGap(state=profile.iso3, name=profile.name, field=field, question=question(field),
                                      columns=_columns(missing), profile_fields=tuple(sorted(missing)),
                                      findings=len(ids), checks=tuple(ids)))
    per_state.sort(key=lambda g: (g.state, -g.findings, g.field))
    return Gaps(as_of=as_of.isoformat(), undecided=undecided, imprecise=imprecise, overall=tuple(_overall(per_state)),
                by_state=tuple(per_state))


def _roots(unknown: set[str], traced: dict[str, tuple[set[str], set[str]]],
           trace: Callable[[str], tuple[set[str], set[str]]]) -> set[str]:
    """The unknown facts the ``unknown`` ones rest on: each, or, where it is unknown because facts it
    derives from are, those of them that rest on no other unknown fact (``traced`` is filled as read)."""
    def traced_(field: str) -> tuple[set[str], set[str]]:
        if field not in traced:
            traced[field] = trace(field)
        return traced[field]

    roots: set[str] = set()
    for field in unknown:
        below = {f for f in traced_(field)[0] if not traced_(f)[0]}
        roots |= below or {field}
    return roots


def _overall(per_state: Iterable[StateGap]) -> Iterator[Gap]:
    totals: dict[str, list[StateGap]] = {}
    for gap in per_state:
        totals.setdefault(gap.field, []).append(gap)
    ranked = sorted(totals.items(), key=lambda item: (-sum(g.findings for g in item[1]), item[0]))
    for field, gaps in ranked:
        columns = tuple(dict.fromkeys(c for g in gaps for c in g.columns))
        missing = tuple(sorted({f for g in gaps for f in g.profile_fields}))
        yield Gap(field=field, question=question(field), columns=columns, profile_fields=missing,
                  findings=sum(g.findings for g in gaps), states=tuple(g.state for g in gaps))


def where(gap: Gap | StateGap) -> str:
    """Where the answer goes, in a few words: ``table.column`` cells, else the profile fields."""
    if gap.columns:
        return ", ".join(gap.columns)
    return "profile " + ", ".join(gap.profile_fields) if gap.profile_fields else "-"


def questionnaire(gaps: Gaps) -> dict[str, list[list[str]]]:
    """The sheets of a questionnaire: per table with unknown cells, a research sheet with the table's
    columns and one row per State, cells blank for the answers (and the sources), which ``lapcheck
    import`` reads like any table; then a ``questions`` sheet saying which cell answers which question."""
    from lapcheck.importer.workbook import QUESTIONS_SHEET

    sheets: dict[str, list[list[str]]] = {}
    for table in KINDS:
        asked = {g.state: g.name for g in gaps.by_state
                 if any(c.split(".", 1)[0] == table.name for c in g.columns)}
        if asked:
            blank = [""] * (len(table.columns) - 2)
            sheets[f"{table.name}_research"] = [list(table.columns), *([asked[s], s, *blank] for s in sorted(asked))]
    rows = [["state", "iso3", "sheet", "column", "question", "findings it decides"]]
    for g in gaps.by_state:
        for cell in g.columns:
            kind, column = cell.split(".", 1)
            rows.append([g.name, g.state, f"{kind}_research", column, g.question, str(g.findings)])
    sheets[QUESTIONS_SHEET] = rows
    return sheets
