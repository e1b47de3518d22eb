"""Article 3: stockpile destruction and the munitions retained under Art 3.6."""

from __future__ import annotations

from lapcheck.facts.context import UNKNOWN, Context, Value, fact
from lapcheck.facts.duties import register_duty
from lapcheck.facts.reporting import in_annual_report

register_duty("article3", "stockpiles", "stockpile destruction", "3.2")


@fact("article3.stockpile", "bool", "Held cluster munitions when the Convention entered into force for it.")
def _stockpile(c: Context) -> Value:
    own = c.plain(c.profile.stockpiles.declared)
    if own.value is not None:
        return own
    ever = c.get("article3.ever_stockpiled")
    # Never having stockpiled implies holding none at entry into force; having stockpiled says nothing of when.
    return Value(False, ever.sources, ever.observed) if ever.value is False else own


@fact("article3.ever_stockpiled", "bool", "Held cluster munitions at some time, before, at or after entry into force.")
def _ever(c: Context) -> Value:
    ever = c.plain(c.profile.stockpiles.ever)
    declared = c.plain(c.profile.stockpiles.declared)
    return Value(True, declared.sources) if ever.value is None and declared.value is True else ever


@fact("article3.retains", "bool", "Retains cluster munitions for training or development (Art 3.6).")
def _retains(c: Context) -> Value:
    own = c.plain(c.profile.stockpiles.retains)
    ever = c.get("article3.ever_stockpiled")
    # Retained munitions are held munitions: a State that never held any retains none.
    return Value(False, ever.sources, ever.observed) if own.value is None and ever.value is False else own


@fact("article3.retention_reported", "bool",
      "Retained munitions reported for the last reporting year due (Art 3.8, 7.1(e)).")
def _retention_reported(c: Context) -> Value:
    for record in c.profile.stockpiles.retention:
        if record.year == c.reporting_year:
            return Value(True, c.cite(record))
    return UNKNOWN


@fact("article3.retention_in_annual_report", "bool",
      "Retained munitions reported for the last reporting year due (Art 3.8, Form D): yes when a "
      "retention record for that year exists, no when that year's annual report was not received.")
def _retention_in_annual_report(c: Context) -> Value:
    return in_annual_report(c, c.get("article3.retention_reported"))
