"""The words of a finding: its rationale, filled from the check's templates with the State's real
values, and the evidence behind it (every fact the check reads or cites, with its sources)."""

from __future__ import annotations

from datetime import date

from lapcheck.dates import PartialDate
from lapcheck.engine import Operands, Outcome, is_stale, status
from lapcheck.facts import FIELDS, format_value, json_value
from lapcheck.model import Evidence, Finding, Profile, Status
from lapcheck.rules import Check, history_name, render


class StateTexts:
    """Writes the findings of one State, formatting each fact once for all of them."""

    def __init__(self, profile: Profile, as_of: date, operands: Operands, stale_after: int) -> None:
        self.profile = profile
        self.day = as_of
        self.as_of = as_of.isoformat()
        self.operands = operands
        self.stale_after = stale_after
        self._texts: dict[str, str] = {"as_of": self.as_of}
        self._evidence: dict[str, Evidence] = {}

    def finding(self, check: Check, outcome: Outcome | str, seen: PartialDate | None = None) -> Finding:
        """The finding of ``check`` from its outcome (or error message) and the oldest observation
        its status rests on. A failure while writing its texts makes it an ``error`` finding, so
        that it can never read as a status it lacks."""
        decided: Status = status(check, outcome)
        history: list[str] = []
        try:
            evidence = [self.evidence(name) for name in check.fields()]
            if isinstance(outcome, str):
                rationale = f"Could not evaluate this check: {outcome}."
            else:
                history = [render(note.note, self.text) for i, note in enumerate(check.history)
                           if outcome.get(history_name(i)) is True]
                rationale = self.rationale(check, decided, outcome) + "".join(f" History: {h}" for h in history)
        except Exception as exc:
            decided, evidence, history, seen = "error", [], [], None
            rationale = f"Could not write this finding: {type(exc).__name__}: {exc}."
        stale = is_stale(seen, self.day, self.stale_after)
        if stale:
            assert seen is not None
            rationale += (f" Stale: it rests on a fact last confirmed {seen.human()}, more than"
                          f" {self.stale_after} months before {self.as_of}.")
        p = self.profile
        return Finding(p.iso3, p.name, check.id, check.title, check.area, check.actions, check.articles,
                       decided, rationale, evidence, self.as_of, None, check.kind, history,
                       None if seen is None else seen.iso(), stale)

    def text(self, key: str) -> str:
        """A fact's value as a rationale says it."""
        found = self._texts.get(key)
        if found is None:
            found = self._texts[key] = format_value(self.operands.value(key).value)
        return found

    def evidence(self, name: str) -> Evidence:
        """A fact's value and sources as the evidence lists them."""
        found = self._evidence.get(name)
        if found is None:
            value = self.operands.value(name)
            found = self._evidence[name] = Evidence(name, json_value(value.value), list(value.sources))
        return found

    def rationale(self, check: Check, decided: Status, outcome: Outcome) -> str:
        """The check's template for ``decided`` filled in; for an undecided check without a
        template of its own, the unknown facts that left it undecided."""
        template = check.rationale.get(decided)
        if template is not None:
            text = render(template, self.text)
        else:
            missing = self._undecided(check, outcome)
            listed = ", ".join(f"{f} ({FIELDS[f].description.rstrip('.')})" for f in missing) or "none"
            text = f"Unknown as of {self.as_of}, so undecided: {listed}."
        # A cited fact the decision did not need may have failed: the evidence shows it unknown, so
        # the rationale says why.
        failures = self.operands.failures
        failed = [f for f in check.fields() if f in failures]
        if failed:
            text += " Could not derive " + "; ".join(f"{f} ({failures[f]})" for f in failed) + "."
        return text

    def _undecided(self, check: Check, outcome: Outcome) -> list[str]:
        """The unknown facts of the condition that left the status undecided."""
        name = "applies" if outcome.get("applies", True) is None else "compliant"
        if outcome.get(name) is not None:
            name = "at_risk"
        return sorted({ref.field for ref in check.refs(name) if self.operands.value(ref.key).value is None})
