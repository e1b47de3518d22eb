"""The bundled snapshot: it loads, every fact is sourced, it matches its tables, and real facts.

The hand-checked tests below were worked out from ``fixtures/tables`` and the Convention by hand;
each docstring gives the reasoning, and the assertions only restate it.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from lapcheck.facts import Context, json_value
from lapcheck.importer import export_tables, import_tables
from lapcheck.model import Profile, Sourced
from lapcheck.profiles import load_profiles
from lapcheck.workspace import bundled

FIXTURES = bundled().profiles.parent


@pytest.fixture(scope="module")
def profiles() -> dict[str, Profile]:
    """The bundled profiles by ISO code."""
    return {p.iso3: p for p in load_profiles()}


def facts(profile: Profile, on: str, *names: str) -> list[Any]:
    """The values of fact fields on a day, dates as ISO text."""
    ctx = Context(profile, date.fromisoformat(on))
    return [json_value(ctx.get(name).value) for name in names]


def sourced(obj: Any, path: str = "") -> Iterator[tuple[str, list[str]]]:
    """Every model in ``obj`` that carries sources (a fact, extension or report), with its path."""
    if isinstance(obj, list):
        for i, item in enumerate(obj):
            yield from sourced(item, f"{path}[{i}]")
    elif isinstance(obj, BaseModel):
        if isinstance(obj, Sourced):
            yield path, obj.source
        for name in type(obj).model_fields:
            if name != "source":
                yield from sourced(getattr(obj, name), f"{path}.{name}")


def test_every_state_has_a_profile_that_loads(profiles: dict[str, Profile]) -> None:
    """All 125 States load: on 3 Feb 2026, 112 States Parties, 12 signatories and withdrawn Lithuania."""
    statuses = [facts(p, "2026-02-03", "participation.status")[0] for p in profiles.values()]
    assert len(profiles) == 125
    counts = {s: statuses.count(s) for s in set(statuses)}
    assert counts == {"state_party": 112, "signatory": 12, "withdrawn": 1}


def test_every_fact_has_a_source(profiles: dict[str, Profile]) -> None:
    """Every fact, extension and report in the snapshot cites at least one source, each in its table."""
    unsourced = [f"{iso3}{path}" for iso3, p in profiles.items() for path, cites in sourced(p) if not cites]
    assert unsourced == []
    for p in profiles.values():
        for _, cites in sourced(p):
            assert set(cites) <= set(p.sources), p.iso3


def test_profiles_are_a_fresh_import_of_the_tables(tmp_path: Path) -> None:
    """Importing fixtures/tables into an empty folder gives the bundled profiles byte for byte."""
    written = import_tables(FIXTURES / "tables", tmp_path).paths
    bundled_files = sorted((FIXTURES / "profiles").glob("*.yaml"))
    assert [p.name for p in written] == [p.name for p in bundled_files]
    pairs = zip(written, bundled_files, strict=True)
    drifted = [new.name for new, old in pairs if new.read_bytes() != old.read_bytes()]
    assert drifted == [], "run: lapcheck import fixtures/tables --output fixtures/profiles"


def test_snapshot_survives_export_and_import(tmp_path: Path, profiles: dict[str, Profile]) -> None:
    """Exporting the snapshot to tables and importing them again loses nothing and changes no byte."""
    exported = export_tables(profiles.values(), tmp_path / "tables",
                             closed_lists=FIXTURES / "tables")
    assert exported.omitted == []
    for path in import_tables(tmp_path / "tables", tmp_path / "profiles").paths:
        assert path.read_bytes() == (FIXTURES / "profiles" / path.name).read_bytes(), path.name


def test_vanuatu_enters_into_force_on_1_march_2026(profiles: dict[str, Profile]) -> None:
    """Vanuatu is a State Party from its deposit but bound only from 1 March 2026.

    Reasoning: it acceded on 5 Sep 2025, long after the 30th instrument (16 Feb 2010), so Art 17(2)
    gives the first day of the sixth month after September 2025: 1 March 2026.
    """
    vut = profiles["VUT"]
    assert facts(vut, "2025-09-05", "participation.deposit", "participation.entry_into_force") == [
        "2025-09-05", "2026-03-01"]
    assert facts(vut, "2026-02-28", "participation.status", "participation.in_force") == [
        "state_party", False]
    assert facts(vut, "2026-03-01", "participation.in_force") == [True]


def test_lithuania_withdrawal_takes_effect_on_6_march_2025(profiles: dict[str, Profile]) -> None:
    """Lithuania is a bound State Party until 5 March 2025 and withdrawn from 6 March 2025.

    Reasoning: it ratified on 24 Mar 2011 (in force 1 Sep 2011); UNTC gives its withdrawal effective
    on 6 Mar 2025, six months after the notification of 6 Sep 2024 (Art 20).
    """
    ltu = profiles["LTU"]
    assert facts(ltu, "2025-03-05", "participation.status", "participation.in_force") == ["state_party", True]
    assert facts(ltu, "2025-03-06", "participation.status", "participation.withdrawal_effective") == [
        "withdrawn", "2025-03-06"]


def test_lao_pdr_clearance_deadline_in_force_is_1_august_2025(profiles: dict[str, Profile]) -> None:
    """Lao PDR's Art 4 deadline is 1 Aug 2020 before the 9MSP, 1 Aug 2025 from then until the 12MSP,
    and unknown after it.

    Reasoning: it deposited on 18 Mar 2009, among the first 30, so it was bound from 1 Aug 2010 and
    its deadline was EIF + 10 years. The 9MSP (2-4 Sep 2019) granted five years to 1 Aug 2025. A new
    request was examined at the 12MSP (10-13 Sep 2024) and no source read gives the outcome, so from
    then on the deadline in force cannot be told (it is not assumed to be the old one).
    """
    lao = profiles["LAO"]
    assert facts(lao, "2019-09-01", "article4.original_deadline", "article4.deadline") == [
        "2020-08-01", "2020-08-01"]
    assert facts(lao, "2020-01-01", "article4.deadline") == ["2025-08-01"]
    assert facts(lao, "2024-09-09", "article4.deadline") == ["2025-08-01"]
    assert facts(lao, "2026-01-01", "article4.deadline", "article4.completed") == [None, False]


def test_bulgaria_stockpile_extensions(profiles: dict[str, Profile]) -> None:
    """Bulgaria destroyed its stocks in June 2023, within the last of three Art 3 extensions (31 Dec 2023).

    Reasoning: it deposited on 6 Apr 2011, so it was bound from 1 Oct 2011 and had to destroy its
    stocks by 1 Oct 2019 (EIF + 8 years). The Art 3 table lists extensions to 1 Apr 2021, to October
    2022 (day not stated) and to 31 Dec 2023, with no meeting or decision day. An extension is
    granted before the deadline it sets, so by 1 Jan 2024 all three had been granted; on 1 Jan 2020
    the first may or may not have been, so the deadline then is unknown.
    """
    bgr = profiles["BGR"]
    assert [str(e.new_deadline) for e in bgr.stockpiles.extensions] == ["2021-04-01", "2022-10", "2023-12-31"]
    assert {e.decision for e in bgr.stockpiles.extensions} == {"granted"}
    assert facts(bgr, "2024-01-01", "article3.stockpile", "article3.original_deadline", "article3.completion",
                 "article3.deadline") == [True, "2019-10-01", "2023-06", "2023-12-31"]
    assert facts(bgr, "2020-01-01", "article3.deadline") == [None]


def test_croatia_cleared_before_its_deadline(profiles: dict[str, Profile]) -> None:
    """Croatia completed clearance on 10 Jul 2020, before its Art 4 deadline of 1 Aug 2020.

    Reasoning: it deposited on 17 Aug 2009 (among the first 30), so it was bound from 1 Aug 2010 and
    its deadline was EIF + 10 years; the ISU dates the completion.
    """
    hrv = profiles["HRV"]
    assert facts(hrv, "2021-01-01", "article4.obligation", "article4.deadline", "article4.completion") == [
        True, "2020-08-01", "2020-07-10"]


def test_indonesia_is_a_signatory(profiles: dict[str, Profile]) -> None:
    """Indonesia is a signatory, not bound: UNTC lists its signature of 3 Dec 2008 and no deposit."""
    assert facts(profiles["IDN"], "2026-01-01", "participation.status", "participation.in_force") == [
        "signatory", False]


def test_lebanon_extension_granted_by_silent_procedure(profiles: dict[str, Profile]) -> None:
    """Lebanon's Art 4 deadline moved from 1 May 2021 to 1 May 2026 by a grant of April 2021.

    Reasoning: it deposited on 5 Nov 2010, so it was bound from 1 May 2011 and its deadline was
    EIF + 10 years; the research table, which overrides the additions, dates the 2RC grant (silent
    procedure) to April 2021, so on 1 Jan 2022 the deadline in force was 1 May 2026.
    """
    lbn = profiles["LBN"]
    ext, further = lbn.clearance.extensions
    assert (ext.meeting, str(ext.decided), str(ext.new_deadline)) == ("2RC", "2021-04", "2026-05-01")
    assert facts(lbn, "2022-01-01", "article4.original_deadline", "article4.deadline") == [
        "2021-05-01", "2026-05-01"]
    # A further request went to the 13MSP (16-19 Sep 2025), outcome not found: unknown after it.
    assert (further.meeting, further.decision) == ("13MSP", None)
    assert facts(lbn, "2025-10-01", "article4.deadline") == [None]


def test_guinea_bissau_initial_report_was_eight_years_late(profiles: dict[str, Profile]) -> None:
    """Guinea-Bissau's initial report, due 28 Oct 2011, arrived on 11 Nov 2019.

    Reasoning: it deposited on 29 Nov 2010, so it was bound from 1 May 2011 and the report was due
    180 days later (Art 7.1); the Monitor dates the report.
    """
    assert facts(profiles["GNB"], "2020-01-01", "article7.initial_report_due", "article7.initial_report") == [
        "2011-10-28", "2019-11-11"]


def test_cabo_verde_initial_report_not_received(profiles: dict[str, Profile]) -> None:
    """Cabo Verde's initial report is recorded as not received as of August 2022 (the source's
    date): not submitted on 1 August 2022, and, after that month, still the last known value, dated
    by that observation (nothing says it has arrived since)."""
    assert facts(profiles["CPV"], "2022-08-01", "article7.initial_report_submitted") == [False]
    assert facts(profiles["CPV"], "2023-01-01", "article7.initial_report_submitted") == [False]
    from lapcheck.facts import Context

    later = Context(profiles["CPV"], date(2023, 1, 1)).get("article7.initial_report_submitted")
    assert later.observed is not None and later.observed.iso() == "2022-08"


def test_albania_completed_before_august_2019(profiles: dict[str, Profile]) -> None:
    """Albania's clearance is dated "on or before August 2019", before its deadline of 1 Aug 2020.

    Reasoning: the Monitor 2019 names Albania among the States that had completed clearance, without
    a date; it deposited on 16 Jun 2009 (among the first 30), so its deadline was 1 Aug 2010 + 10 years.
    """
    alb = profiles["ALB"]
    assert facts(alb, "2020-01-01", "article4.completion", "article4.deadline") == [
        "../2019-08-31", "2020-08-01"]
