"""The deadline-bound duties of Art 3 (stockpile destruction) and Art 4 (clearance): the same
fields for both, each derived from the duty's section of the profile and its extensions."""

from __future__ import annotations

from typing import Any

from lapcheck import deadlines
from lapcheck.dates import PartialDate
from lapcheck.deadlines import Duty
from lapcheck.facts.context import Context, Value, fact


def register_duty(duty: Duty, section: str, what: str, article: str) -> None:
    """Register the ``<duty>.*`` deadline fields, read from the profile's ``section``."""
    decisions_key = f"{duty}.decisions"

    def section_of(c: Context) -> Any:
        return getattr(c.profile, section)

    def decisions(c: Context) -> tuple[list[bool | None], tuple[str, ...]]:
        # Whether each extension had been granted by the as-of date, and the citations of all.
        extensions = section_of(c).extensions
        return [deadlines.decided_by(ext, c.as_of) for ext in extensions], c.cite_all(extensions)

    @fact(f"{duty}.original_deadline", "date",
          f"The {what} deadline before any extension (Art {article}, counted from entry into force).")
    def original(c: Context) -> Value:
        own = section_of(c).original_deadline
        if own is not None:
            return Value(own.value, c.cite(own))
        eif = c.get("participation.entry_into_force")
        if not isinstance(eif.value, PartialDate):
            return Value(None, eif.sources)
        return Value(c.calendar.original_deadline(duty, eif.value),
                     (*eif.sources, c.calendar.duties[duty].citation))

    @fact(f"{duty}.deadline", "date",
          f"The {what} deadline in force on the as-of date, extensions granted by then included.")
    def in_force(c: Context) -> Value:
        base = c.get(f"{duty}.original_deadline")
        if not isinstance(base.value, PartialDate):
            return base
        _, cited = c.once(decisions_key, decisions)
        return Value(deadlines.deadline_in_force(base.value, section_of(c).extensions, c.as_of),
                     c.merge(base.sources, cited))

    @fact(f"{duty}.extensions_granted", "int", f"Number of {what} deadline extensions granted by the as-of date.")
    def granted(c: Context) -> Value:
        decided, cited = c.once(decisions_key, decisions)
        if None in decided:
            return Value(None, cited)
        return Value(sum(1 for d in decided if d), cited)

    @fact(f"{duty}.extended", "bool",
          f"At least one extension of the {what} deadline had been granted by the as-of date.")
    def extended(c: Context) -> Value:
        decided, cited = c.once(decisions_key, decisions)
        if True in decided:
            return Value(True, cited)
        return Value(None if None in decided else False, cited)

    @fact(f"{duty}.completed", "bool", f"{what.capitalize()} completed by the as-of date.")
    def completed(c: Context) -> Value:
        return c.happened(section_of(c).completed)

    @fact(f"{duty}.completion", "date", f"Date {what} was completed, if by the as-of date.")
    def completion(c: Context) -> Value:
        return c.when(section_of(c).completed)

    @fact(f"{duty}.compliance_declared", "bool",
          f"Declaration of compliance with the {what} obligation made by the as-of date.")
    def compliance_declared(c: Context) -> Value:
        return c.happened(section_of(c).compliance_declared)

    @fact(f"{duty}.compliance_declaration", "date", "Date of the declaration of compliance, if by the as-of date.")
    def compliance_declaration(c: Context) -> Value:
        return c.when(section_of(c).compliance_declared)
