"""Article 9: national implementation measures, and the investment ban of LAP action 48."""

from __future__ import annotations

from typing import get_args

from lapcheck.facts.context import Context, Value, fact
from lapcheck.model import LegislationStatus


@fact("article9.status", "str", "How the State implements the Convention in national law (Art 9).",
      get_args(LegislationStatus))
def _status(c: Context) -> Value:
    return c.plain(c.profile.national_implementation.status)


@fact("article9.year", "int", "Year its legislation was adopted.")
def _year(c: Context) -> Value:
    return c.plain(c.profile.national_implementation.year)


@fact("article9.investment_ban", "bool", "Bans investment in cluster munition producers (LAP action 48).")
def _investment_ban(c: Context) -> Value:
    return c.plain(c.profile.national_implementation.investment_ban)
