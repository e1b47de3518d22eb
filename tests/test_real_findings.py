"""Findings for real States on the bundled snapshot, each worked out by hand from the tables and
the Convention before it was run (the reasoning is in each case's text).

What a status means: ``non_compliant`` is a breach of an obligation in force for a State Party on
the as-of date; a signatory has none (ratifying is a step of progress: ``done`` or ``not_yet``); a
lapse since remedied is history beside the status; a "not received" a source saw on a date stays
the last known value, marked stale once older than 24 months.
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

import pytest

import lapcheck
from lapcheck import durable_engine
from lapcheck.engine import ENGINES


class Case(NamedTuple):
    state: str
    check: str
    as_of: str
    status: str
    why: str
    stale: bool = False
    history: str = ""
    """A phrase the finding's history must hold (empty: no history)."""


CASES = [
    Case("HRV", "article4-clearance-deadline", "2026-11-28", "compliant",
         "Croatia: deposit 17 Aug 2009 (first 30) -> EIF 1 Aug 2010 -> Art 4 deadline 1 Aug 2020; the "
         "ISU dates completion 10 Jul 2020, before it."),
    Case("LAO", "article4-clearance-deadline", "2024-09-01", "at_risk",
         "Lao PDR: EIF 1 Aug 2010, deadline 1 Aug 2020, extended at the 9MSP (2-4 Sep 2019) to 1 Aug "
         "2025, which on 1 Sep 2024 is less than 12 months away with clearance ongoing; the 12MSP "
         "(10-13 Sep 2024) has not met yet."),
    Case("LAO", "article4-clearance-deadline", "2026-11-28", "insufficient_data",
         "Lao PDR: a further request was examined at the 12MSP and no source gives the outcome, so the "
         "deadline in force after it is unknown, and so is the finding."),
    Case("BGR", "article3-stockpile-destruction-deadline", "2026-11-28", "compliant",
         "Bulgaria: EIF 1 Oct 2011 -> Art 3 deadline 1 Oct 2019; extensions to 1 Apr 2021, Oct 2022 and "
         "31 Dec 2023, each granted before its own date; destruction completed June 2023, before 31 Dec 2023."),
    Case("PER", "article3-stockpile-destruction-deadline", "2026-11-28", "compliant",
         "Peru: EIF 1 Mar 2013 -> deadline 1 Mar 2021, extended to 1 Apr 2024; last stocks destroyed "
         "15 Dec 2023."),
    Case("IDN", "signatory-ratification", "2026-06-30", "not_yet",
         "Indonesia: signed 3 Dec 2008, no instrument deposited (UNTC): ratification pending. A "
         "signatory has no obligation under the Convention, so this is progress not yet made, no breach."),
    Case("IDN", "state-party-in-force", "2026-06-30", "not_yet",
         "Indonesia, a signatory: the Convention is not in force for it, a step of progress, no breach."),
    Case("LTU", "state-party-in-force", "2024-01-01", "done",
         "Lithuania: deposit 24 Mar 2011 -> EIF 1 Sep 2011; withdrawal notified 6 Sep 2024 only later."),
    Case("LTU", "state-party-in-force", "2026-11-28", "not_yet",
         "Lithuania: withdrawal effective 6 Mar 2025 (Art 20: six months after 6 Sep 2024): no longer a "
         "party, so the Convention is not in force for it."),
    Case("VUT", "state-party-in-force", "2026-01-15", "not_yet",
         "Vanuatu: accession deposited 5 Sep 2025 -> counted as a State Party, but EIF is the first day "
         "of the sixth month after September: 1 Mar 2026; not yet in force on 15 Jan 2026."),
    Case("VUT", "state-party-in-force", "2026-03-01", "done",
         "Vanuatu: the Convention is in force for it from 1 Mar 2026."),
    Case("AUT", "article9-national-implementation-measures", "2026-11-28", "compliant",
         "Austria: specific legislation, the Federal Act on the Prohibition of Cluster Munitions (2007)."),
    Case("HRV", "article7-initial-report-overdue", "2026-06-30", "compliant",
         "Croatia: EIF 1 Aug 2010 -> initial report due 28 Jan 2011 (180 days); received 10 Apr 2011, "
         "72 days late. In 2026 the report is in: compliant, and the delay is history.",
         history="received on 10 April 2011, after its due date of 28 January 2011"),
    Case("GNB", "article7-initial-report-overdue", "2018-01-01", "non_compliant",
         "Guinea-Bissau: deposit 29 Nov 2010 -> EIF 1 May 2011 -> initial report due 28 Oct 2011; on "
         "1 Jan 2018 it had not arrived (it came 11 Nov 2019)."),
    Case("GNB", "article7-initial-report-overdue", "2026-11-28", "compliant",
         "Guinea-Bissau: by 2026 the initial report had been received, eight years late: history.",
         history="received on 11 November 2019, after its due date of 28 October 2011"),
    Case("CPV", "article7-initial-report-overdue", "2026-06-30", "non_compliant",
         "Cabo Verde: deposit 19 Oct 2010 -> EIF 1 Apr 2011 -> initial report due 28 Sep 2011; the ISU "
         "listed it as not received in August 2022, the last source read. That stays the last known "
         "value (overdue) and, 46 months old on 30 Jun 2026 (more than 24), is stale.", stale=True),
    Case("CPV", "article7-initial-report-overdue", "2023-06-30", "non_compliant",
         "Cabo Verde: the same 'not received' of August 2022 is 10 months old on 30 Jun 2023: not stale."),
]


@pytest.fixture(scope="module")
def bundled() -> tuple[dict[str, lapcheck.Profile], lapcheck.Rules]:
    """The bundled profiles by ISO code, and the bundled rules."""
    return {p.iso3: p for p in lapcheck.load_profiles()}, lapcheck.load_rules()


@pytest.mark.parametrize("engine", [e for e in ENGINES if e == "python" or durable_engine.available()[0]])
@pytest.mark.parametrize("case", CASES, ids=[f"{c.state}-{c.check}-{c.as_of}" for c in CASES])
def test_real_finding(bundled, engine: str, case: Case) -> None:
    """A real State's finding, as worked out by hand in ``case.why``: status, staleness, history."""
    profiles, rules = bundled
    report = lapcheck.evaluate([profiles[case.state]], rules, date.fromisoformat(case.as_of), engine)
    (finding,) = [f for f in report.findings if f.check == case.check]
    assert (finding.status, finding.stale) == (case.status, case.stale), case.why
    assert (case.history in " ".join(finding.history)) if case.history else finding.history == [], finding.history


def test_no_signatory_or_non_party_is_non_compliant(bundled) -> None:
    """On 30 Jun 2026 no State that is not a party in force has a non_compliant finding: a
    signatory has no obligation, and obligations bind from entry into force."""
    profiles, rules = bundled
    report = lapcheck.evaluate(list(profiles.values()), rules, date(2026, 6, 30), "python")
    decisions = lapcheck.decide(list(profiles.values()), rules, date(2026, 6, 30), "python")
    bound = {s for s, by_check in decisions.statuses.items() if by_check["state-party-in-force"] == "done"}
    assert len(bound) == 112 and {"IDN", "LTU"}.isdisjoint(bound)
    breaches = {f.state for f in report.findings if f.status in ("non_compliant", "at_risk")}
    assert breaches and breaches <= bound


def test_no_state_is_non_compliant_for_an_initial_report_it_sent(bundled) -> None:
    """On 30 Jun 2026 every non_compliant initial-report finding is a report not received, and
    every one of them rests on a 'not received' last confirmed in 2020-2022, so it is stale."""
    profiles, rules = bundled
    report = lapcheck.evaluate(list(profiles.values()), rules, date(2026, 6, 30), "python")
    overdue = [f for f in report.findings
               if f.check == "article7-initial-report-overdue" and f.status == "non_compliant"]
    assert {f.state for f in overdue} == {"COM", "CPV", "TGO", "COG", "GIN", "RWA", "MDG", "STP"}
    assert all(f.stale and f.observed and f.observed[:4] in ("2020", "2022") for f in overdue)
    for f in overdue:
        [received] = [e.value for e in f.evidence if e.fact == "article7.initial_report_submitted"]
        assert received is False
