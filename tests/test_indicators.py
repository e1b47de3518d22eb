"""Indicators: counts and shares across States, declared in rule files, never guessing unknowns."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

import lapcheck
from lapcheck.indicators import summarize
from lapcheck.model import Profile


def by_id(summary):
    """Indicator values keyed by id."""
    return {i.id: i for i in summary.indicators}


def test_small_set_worked_by_hand(small_rules, small_profiles) -> None:
    """On 2026-11-28: Croatia and Lao PDR are in force (Indonesia only signed); of those, Lao PDR
    alone has clearance pending: 1/2. Both deposited in 2009. All three signed, two ratified: 2/3."""
    got = by_id(summarize(small_profiles, small_rules, date(2026, 11, 28), engine="python"))
    assert (got["article4-pending"].numerator, got["article4-pending"].denominator) == (1, 2)
    assert got["article4-pending"].value == 0.5
    assert got["joined"].value == 2 and got["joined"].breakdown == {"2009": 2}
    assert (got["signatories-ratified"].numerator, got["signatories-ratified"].denominator) == (2, 3)


def test_before_entry_into_force_nobody_is_counted(small_rules, small_profiles) -> None:
    """On 2009-06-01 Lao PDR had deposited (18 March 2009) but nobody was bound yet (EIF 1 Aug 2010)."""
    got = by_id(summarize(small_profiles, small_rules, date(2009, 6, 1), engine="python"))
    assert got["article4-pending"].denominator == 0 and got["article4-pending"].value is None
    assert got["joined"].breakdown == {"2009": 1}


def test_unknowns_are_counted_apart(small_rules, small_profiles) -> None:
    """A State whose withdrawal status is unknown cannot be placed: it is `unknown`, in no count."""
    hrv = next(p for p in small_profiles if p.iso3 == "HRV")
    data = hrv.model_dump(mode="json", exclude_none=True)
    del data["participation"]["withdrawal_notified"]
    vague = Profile.model_validate(data)
    got = by_id(summarize([vague], small_rules, date(2026, 11, 28), engine="python"))
    assert got["article4-pending"].unknown == 1 and got["article4-pending"].denominator == 0


def test_indicator_naming_unknown_check_is_an_error(tmp_path: Path) -> None:
    """An indicator over a check that does not exist is refused at load, naming file and line."""
    (tmp_path / "x.yaml").write_text(
        "area: transparency\nindicators:\n  - id: x\n    title: t\n    description: d\n"
        "    check: no-such-check\n    statuses: [compliant]\n")
    with pytest.raises(lapcheck.RuleError, match=r"x.yaml:3: check: indicator refers to unknown check"):
        lapcheck.load_rules(tmp_path)


def test_bundled_counts_worked_by_hand() -> None:
    """From ccm_participants.csv (UNTC): on 2026-11-28, 112 States Parties (Vanuatu, deposited
    5 Sep 2025, is the newest), 12 signatories, one withdrawal (Lithuania, effective 6 Mar 2025),
    113 instruments ever deposited. On 2025-01-01 Lithuania still counted and Vanuatu not yet: 112
    States Parties and no withdrawal."""
    profiles = lapcheck.load_profiles()
    now = by_id(summarize(profiles, as_of=date(2026, 11, 28), engine="python"))
    assert (now["states-parties"].value, now["signatories"].value, now["withdrawals"].value) == (112, 12, 1)
    assert now["joined"].value == 113 and now["joined"].breakdown is not None
    assert sum(now["joined"].breakdown.values()) == 113
    before = by_id(summarize(profiles, as_of=date(2025, 1, 1), engine="python"))
    assert (before["states-parties"].value, before["withdrawals"].value) == (112, 0)


def test_a_share_on_too_little_of_its_population_is_insufficient_data() -> None:
    """On 30 Jun 2026, of the 112 States Parties owing an annual report for 2025, none has a recorded
    date for it: the on-time share is known for 0 of 111 (Vanuatu owes none yet) and is reported as
    insufficient data, not 0 %; the initial reports overdue, known for 109 of 112, is a share (8 of 109)."""
    got = by_id(summarize(lapcheck.load_profiles(), lapcheck.load_rules(), date(2026, 6, 30), engine="python"))
    on_time = got["article7-annual-on-time"]
    assert (on_time.insufficient, on_time.value, on_time.known, on_time.population) == (True, None, 0, 111)
    overdue = got["article7-initial-overdue"]
    assert (overdue.insufficient, overdue.numerator, overdue.known, overdue.population) == (False, 8, 109, 112)
    assert overdue.stale == 8  # each of the 8 rests on a "not received" of 2020-2022
    from lapcheck.report.summary import value_text

    assert value_text(on_time) == "insufficient data (0 of 111 known)"


def test_not_applicable_is_never_a_miss() -> None:
    """A share over a check's statuses leaves out the States the check does not concern: Vanuatu,
    in force from 1 Mar 2026 with no annual report due for 2025, is in neither side of the share
    of initial reports overdue it is in, and out of the annual share, never a miss."""
    from lapcheck.rules import Indicator

    rules = lapcheck.load_rules()
    share = Indicator(id="annual-received", title="t", area="transparency", actions=(), description="d",
                      where=None, numerator=None, check="article7-annual-report-on-time", statuses=("compliant",),
                      breakdown=None, path="<test>", line=None)
    vut = [p for p in lapcheck.load_profiles() if p.iso3 == "VUT"]
    import dataclasses

    only_share = dataclasses.replace(rules, indicators=(share,))
    [got] = summarize(vut, only_share, date(2026, 6, 30), engine="python").indicators
    assert (got.numerator, got.denominator, got.unknown, got.population) == (0, 0, 0, 0)
