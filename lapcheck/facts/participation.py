"""Identity and participation (Art 15-17, 20): signature, deposit, entry into force, withdrawal."""

from __future__ import annotations

from lapcheck.dates import PartialDate
from lapcheck.facts.context import Context, Value, fact

STATUSES = ("non_signatory", "signatory", "state_party", "withdrawn")


@fact("as_of", "date", "The evaluation date.")
def _as_of(c: Context) -> Value:
    return Value(c.today)


@fact("state.iso3", "str", "ISO 3166-1 alpha-3 code.")
def _iso3(c: Context) -> Value:
    return Value(c.profile.iso3)


@fact("state.name", "str", "Short name of the State.")
def _name(c: Context) -> Value:
    return Value(c.profile.name)


@fact("participation.signed", "bool", "Had signed by the as-of date.")
def _signed(c: Context) -> Value:
    return c.happened(c.profile.participation.signature)


@fact("participation.signature", "date", "Date of signature.")
def _signature(c: Context) -> Value:
    return c.when(c.profile.participation.signature)


@fact("participation.deposited", "bool", "Had deposited its instrument by the as-of date.")
def _deposited(c: Context) -> Value:
    return c.happened(c.profile.participation.deposit)


@fact("participation.deposit", "date", "Date the instrument was deposited.")
def _deposit(c: Context) -> Value:
    return c.when(c.profile.participation.deposit)


@fact("participation.deposit_year", "int", "Year the instrument was deposited, if by the as-of date.")
def _deposit_year(c: Context) -> Value:
    deposit = c.get("participation.deposit")
    span = deposit.value
    if isinstance(span, PartialDate) and span.first.year == span.last.year:
        return Value(span.first.year, deposit.sources)
    return Value(None, deposit.sources)


@fact("participation.entry_into_force", "date",
      "Entry into force for the State (Art 17), whether or not reached by the as-of date.")
def _eif(c: Context) -> Value:
    deposit = c.profile.participation.deposit
    if deposit is None or isinstance(deposit.value, bool):
        return Value(None, c.cite(deposit))
    return Value(c.calendar.entry_into_force(deposit.value), c.cite(deposit, c.calendar.eif_citation))


@fact("participation.withdrawal_effective", "date",
      "Date a notified withdrawal takes effect (Art 20), whether or not reached.")
def _withdrawal_date(c: Context) -> Value:
    part = c.profile.participation
    effective = part.withdrawal_effective
    if effective is not None and not isinstance(effective.value, bool):
        return Value(effective.value, c.cite(effective))
    notified = part.withdrawal_notified
    if notified is not None and not isinstance(notified.value, bool):
        if notified.value.le(c.today) is not True:
            return Value(None, c.cite(notified))
        return Value(c.calendar.withdrawal_effective(notified.value),
                     c.cite(notified, c.calendar.withdrawal_citation))
    return Value(None, c.cite(effective or notified))


@fact("participation.withdrawn", "bool", "Its withdrawal had taken effect by the as-of date.")
def _withdrawn(c: Context) -> Value:
    part = c.profile.participation
    marker = part.withdrawal_effective or part.withdrawal_notified
    if marker is not None and marker.value is False:
        return Value(False, c.cite(marker))
    notified = part.withdrawal_notified
    if notified is not None and isinstance(notified.value, PartialDate) and notified.value.le(c.today) is False:
        return Value(False, c.cite(notified))  # not even notified yet; it cannot have taken effect
    effective = c.get("participation.withdrawal_effective")
    if not isinstance(effective.value, PartialDate):
        return Value(None, effective.sources)
    return Value(effective.value.le(c.today), effective.sources)


@fact("participation.status", "str",
      "On the as-of date: state_party (instrument deposited, counted from the deposit as the "
      "depositary does), signatory (signed, not deposited), withdrawn, or non_signatory.",
      STATUSES)
def _status(c: Context) -> Value:
    deposited, withdrawn, signed = (
        c.get("participation.deposited"), c.get("participation.withdrawn"), c.get("participation.signed")
    )
    sources = c.merge(deposited.sources, withdrawn.sources, signed.sources)
    if withdrawn.value is True:
        return Value("withdrawn", sources)
    if deposited.value is True:
        return Value("state_party" if withdrawn.value is False else None, sources)
    if deposited.value is False and signed.value is not None:
        return Value("signatory" if signed.value else "non_signatory", sources)
    return Value(None, sources)


@fact("participation.in_force", "bool",
      "The Convention binds the State on the as-of date: in force for it and not withdrawn.")
def _in_force(c: Context) -> Value:
    status, eif = c.get("participation.status"), c.get("participation.entry_into_force")
    sources = c.merge(status.sources, eif.sources)
    if status.value is None:
        return Value(None, sources)
    if status.value != "state_party":
        return Value(False, sources)
    if not isinstance(eif.value, PartialDate):
        return Value(None, sources)
    return Value(eif.value.le(c.today), sources)
