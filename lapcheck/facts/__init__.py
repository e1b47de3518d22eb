"""The facts a rule condition can name, derived from a profile as of a date.

Rules never read the profile directly. They name fields of :data:`FIELDS` (``article4.deadline``,
``article7.initial_report_submitted`` …); each field has a type, a description and one function,
registered with :func:`fact`, that derives its value as it stood on the as-of date, with the
sources it rests on. The time-travel rules ("an extension granted in 2025 does not count in 2024")
and cross-fact questions ("was the 2023 report received?") live here, once, for both engines; the
treaty's numbers come from the calendar (:mod:`lapcheck.deadlines`). One module per article.

A derived value is ``None`` when it is unknown on that date. Types are ``date`` (a
:class:`~lapcheck.dates.PartialDate`), ``bool``, ``int`` and ``str`` (with its allowed values).
"""

# Importing each article's module registers its facts.
from lapcheck.facts import assistance, clearance, legislation, participation, reporting, stockpiles  # noqa: F401
from lapcheck.facts.context import (
    FIELDS,
    UNKNOWN,
    Context,
    FieldSpec,
    FieldType,
    Scalar,
    Value,
    fact,
    format_value,
    json_value,
)

__all__ = [
    "FIELDS",
    "UNKNOWN",
    "Context",
    "FieldSpec",
    "FieldType",
    "Scalar",
    "Value",
    "fact",
    "format_value",
    "json_value",
]
