"""Why a check gave its status: the condition tree with each node's actual values and outcome, and,
for each fact it needed and no source gave, what the profile says that bears on it."""

from __future__ import annotations

import textwrap
from collections.abc import Iterator, Mapping
from datetime import date

from lapcheck import conditions
from lapcheck.conditions import All, Any_, Compare, Condition, FieldRef, Known, Literal, Not
from lapcheck.deadlines import Calendar
from lapcheck.engine import Operands, PythonEngine, status
from lapcheck.facts import Context, Scalar, format_value
from lapcheck.model import Profile
from lapcheck.rules import Check

_WORD = {True: "TRUE", False: "FALSE", None: "UNKNOWN"}


def explain(profile: Profile, check: Check, as_of: date, calendar: Calendar | None = None) -> str:
    """A readable trace of ``check`` for ``profile`` as of ``as_of``, ending with the status."""
    refs = {r for c in check.conditions().values() for r in conditions.field_refs(c)}
    context = Context(profile, as_of, calendar)
    operands = Operands(context, {r.key: r for r in sorted(refs, key=lambda r: r.key)})
    values = operands.complete()
    lines = [f"{check.id} — {check.title}", f"State: {profile.name} ({profile.iso3}), as of {as_of.isoformat()}", ""]
    outcome = {}
    for name, cond in check.conditions().items():
        outcome[name] = conditions.evaluate(cond, values)
        lines.append(f"{name}: {_WORD[outcome[name]]}")
        lines += [f"  {line}" for line in _tree(cond, values, 1)]
    for field, message in sorted(operands.failures.items()):
        lines.append(f"error deriving {field}: {message}")
    grouped: dict[tuple[str, ...], list[str]] = {}
    for field in sorted({r.field for r in refs if values.get(r.key) is None}):
        found = tuple(reasons(profile, field))
        if found:
            grouped.setdefault(found, []).append(field)
    for found, fields in grouped.items():
        lines += ["", *textwrap.wrap(f"what the profile says that bears on the unknown {', '.join(fields)}:", 100),
                  *(line for reason in found for line in textwrap.wrap(
                      reason, 100, initial_indent="  - ", subsequent_indent="    ", break_on_hyphens=False))]
    from lapcheck.importer.closedlists import CITATION  # the importer is not needed for anything else here

    listed = [(field, citation) for field in sorted({r.field for r in refs if values.get(r.key) is not None})
              for citation in context.get(field).sources if CITATION.match(citation)]
    if listed:
        lines += ["", "known only from a closed list (a source naming every State Party with a property):",
                  *(line for field, citation in listed for line in textwrap.wrap(
                      f"{field} = {format_value(values[field])}: {citation}", 100, initial_indent="  - ",
                      subsequent_indent="    ", break_on_hyphens=False))]
    settled = PythonEngine([check]).run(operands)[check.id]  # an error only where the decision reads a failure
    lines += ["", f"status: {status(check, settled)}"]
    return "\n".join(lines) + "\n"


def _operand(operand: FieldRef | Literal, values: Mapping[str, Scalar | None]) -> str:
    if isinstance(operand, Literal):
        value = operand.value
        return "[" + ", ".join(map(format_value, value)) + "]" if isinstance(value, tuple) else format_value(value)
    shift = operand.key[len(operand.field):]
    return f"{operand.field}{shift and ' ' + shift} = {format_value(values.get(operand.key))}"


def _tree(cond: Condition, values: Mapping[str, Scalar | None], depth: int) -> Iterator[str]:
    pad = "  " * (depth - 1)
    result = _WORD[conditions.evaluate(cond, values)]
    if isinstance(cond, Compare):
        yield (f"{pad}- {cond.field} = {format_value(values.get(cond.field))}  {cond.op}  "
               f"{_operand(cond.operand, values)}  → {result}")
    elif isinstance(cond, Known):
        yield f"{pad}- known {cond.field} (= {format_value(values.get(cond.field))})  → {result}"
    elif isinstance(cond, Not):
        yield f"{pad}- not  → {result}"
        yield from _tree(cond.item, values, depth + 1)
    else:
        yield f"{pad}- {'all' if isinstance(cond, All) else 'any'}  → {result}"
        assert isinstance(cond, (All, Any_))
        for item in cond.items:
            yield from _tree(item, values, depth + 1)


NOTE_KINDS = {"participation": "participants", "risk_education": "article4"}
"""The table whose tagged notes bear on the facts of a prefix, where the two names differ."""
SECTIONS = {"article3": "stockpiles", "article4": "clearance"}
"""The profile section whose extension requests bear on the facts of a prefix."""


def reasons(profile: Profile, field: str) -> list[str]:
    """What the profile says that bears on ``field`` when it is unknown: the requests whose outcome
    is not on record, then the notes of the table its facts come from."""
    prefix = field.split(".", 1)[0]
    found = []
    section = SECTIONS.get(prefix)
    if section is not None:
        for ext in getattr(profile, section).extensions:
            if ext.decision in (None, "pending"):
                where = f"at {ext.meeting}" if ext.meeting else "at a meeting not on record"
                when = f" ({ext.meeting_date.human()})" if ext.meeting_date else ""
                asked = f" to {ext.requested_deadline.human()}" if ext.requested_deadline else ""
                state = "pending" if ext.decision == "pending" else "outcome unknown"
                note = f": {ext.note}" if ext.note else ""
                found.append(f"extension request{asked} examined {where}{when}, {state}{note}")
    tag = f"[{NOTE_KINDS.get(prefix, prefix)} "
    found += [note for note in profile.notes if note.startswith(tag)]
    return found
