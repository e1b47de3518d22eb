"""Findings for real States on the bundled snapshot, each worked out by hand from the tables and
the Convention before it was run (the reasoning is in each case's text)."""

from __future__ import annotations

from datetime import date

import pytest

import lapcheck
from lapcheck import durable_engine
from lapcheck.engine import ENGINES

CASES = [
    ("HRV", "article4-clearance-deadline", "2026-11-28", "compliant",
     "Croatia: deposit 17 Aug 2009 (first 30) -> EIF 1 Aug 2010 -> Art 4 deadline 1 Aug 2020; the "
     "ISU dates completion 10 Jul 2020, before it."),
    ("LAO", "article4-clearance-deadline", "2024-09-01", "at_risk",
     "Lao PDR: EIF 1 Aug 2010, deadline 1 Aug 2020, extended at the 9MSP (2-4 Sep 2019) to 1 Aug "
     "2025, which on 1 Sep 2024 is less than 12 months away with clearance ongoing; the 12MSP "
     "(10-13 Sep 2024) has not met yet."),
    ("LAO", "article4-clearance-deadline", "2026-11-28", "insufficient_data",
     "Lao PDR: a further request was examined at the 12MSP and no source gives the outcome, so the "
     "deadline in force after it is unknown, and so is the finding."),
    ("BGR", "article3-stockpile-destruction-deadline", "2026-11-28", "compliant",
     "Bulgaria: EIF 1 Oct 2011 -> Art 3 deadline 1 Oct 2019; extensions to 1 Apr 2021, Oct 2022 and "
     "31 Dec 2023, each granted before its own date; destruction completed June 2023, before 31 Dec 2023."),
    ("PER", "article3-stockpile-destruction-deadline", "2026-11-28", "compliant",
     "Peru: EIF 1 Mar 2013 -> deadline 1 Mar 2021, extended to 1 Apr 2024; last stocks destroyed "
     "15 Dec 2023."),
    ("IDN", "signatory-ratification", "2026-11-28", "non_compliant",
     "Indonesia: signed 3 Dec 2008, no instrument deposited (UNTC)."),
    ("LTU", "state-party-in-force", "2024-01-01", "compliant",
     "Lithuania: deposit 24 Mar 2011 -> EIF 1 Sep 2011; withdrawal notified 6 Sep 2024 only later."),
    ("LTU", "state-party-in-force", "2026-11-28", "non_compliant",
     "Lithuania: withdrawal effective 6 Mar 2025 (Art 20: six months after 6 Sep 2024): no longer a party."),
    ("VUT", "state-party-in-force", "2026-01-15", "at_risk",
     "Vanuatu: accession deposited 5 Sep 2025 -> counted as a State Party, but EIF is the first day "
     "of the sixth month after September: 1 Mar 2026."),
    ("VUT", "state-party-in-force", "2026-03-01", "compliant",
     "Vanuatu: the Convention is in force for it from 1 Mar 2026."),
    ("AUT", "article9-national-implementation-measures", "2026-11-28", "compliant",
     "Austria: specific legislation, the Federal Act on the Prohibition of Cluster Munitions (2007)."),
    ("GNB", "article7-initial-report-on-time", "2026-11-28", "non_compliant",
     "Guinea-Bissau: deposit 29 Nov 2010 -> EIF 1 May 2011 -> initial report due 28 Oct 2011 "
     "(180 days); received 11 Nov 2019, eight years late."),
    ("GNB", "article7-initial-report-overdue", "2018-01-01", "non_compliant",
     "Guinea-Bissau: on 1 Jan 2018 the report due 28 Oct 2011 had not arrived (it came 11 Nov 2019)."),
    ("GNB", "article7-initial-report-overdue", "2026-11-28", "compliant",
     "Guinea-Bissau: by 2026 the initial report had been received, so it is no longer overdue."),
]


@pytest.fixture(scope="module")
def bundled() -> tuple[dict[str, lapcheck.Profile], lapcheck.Rules]:
    """The bundled profiles by ISO code, and the bundled rules."""
    return {p.iso3: p for p in lapcheck.load_profiles()}, lapcheck.load_rules()


@pytest.mark.parametrize("engine", [e for e in ENGINES if e == "python" or durable_engine.available()[0]])
@pytest.mark.parametrize("state,check,as_of,expected,why", CASES, ids=[f"{c[0]}-{c[1]}-{c[2]}" for c in CASES])
def test_real_finding(bundled, engine: str, state: str, check: str, as_of: str, expected: str, why: str) -> None:  # type: ignore[no-untyped-def]
    """A real State's finding, as worked out by hand in ``why``."""
    profiles, rules = bundled
    report = lapcheck.evaluate([profiles[state]], rules, date.fromisoformat(as_of), engine)  # type: ignore[arg-type]
    (finding,) = [f for f in report.findings if f.check == check]
    assert finding.status == expected, why
