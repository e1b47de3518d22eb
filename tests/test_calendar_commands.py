"""deadlines, diff and trend: what falls due, what changed, and indicators year by year."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from click.testing import CliRunner

import lapcheck
from lapcheck.cli import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, cli
from lapcheck.dates import PartialDate
from lapcheck.deadlines import bundled_calendar
from lapcheck.diff import compare
from lapcheck.duedates import due_dates
from tests.conftest import DATA

PROFILES, RULES = str(DATA / "profiles"), ["--rules", str(DATA / "rules")]


def run(*args: str) -> tuple[int, str, str]:
    """Run the CLI; exit code, stdout, stderr."""
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_deadlines_worked_by_hand(small_profiles) -> None:
    """On 2025-06-01, Lao PDR's Art 4 deadline (1 Aug 2025) is 61 days away; the request for it had
    to reach the 12MSP (10-13 Sep 2024) nine months ahead, by 10-13 Dec 2023; Croatia, complete,
    has no Art 4 deadline; Indonesia, not a party, has none at all."""
    got = due_dates(small_profiles, date(2025, 6, 1)).deadlines
    lao4 = [d for d in got if d.state == "LAO" and d.kind.startswith("article4")]
    assert [(d.kind, d.due, d.days) for d in lao4] == [
        ("article4-extension-request", "2023-12-10/2023-12-13", -539),
        ("article4-deadline", "2025-08-01", 61),
    ]
    assert not [d for d in got if d.state == "HRV" and d.kind.startswith("article4")]
    assert not [d for d in got if d.state == "IDN"]
    assert [d.due for d in got] == sorted(d.due for d in got)


def test_deadlines_within_keeps_overdue_and_near() -> None:
    """--within 90 keeps what is overdue or due in 90 days, and drops the April 2026 reports."""
    code, out, _ = run("deadlines", PROFILES, "--as-of", "2025-06-01", "--within", "90", "--format", "json")
    days = [d["days"] for d in json.loads(out)["deadlines"]]
    assert code == EXIT_OK and days and max(days) == 61


def test_meetings_known_and_unknown() -> None:
    """The meeting deciding a request is the last one before the deadline, and only if it is known:
    a 2029 deadline's deciding meeting (2028 or later) has no date yet."""
    calendar = bundled_calendar()
    assert calendar.meeting_before(PartialDate.parse("2026-03-01")).name == "13MSP"
    assert calendar.meeting_before(PartialDate.parse("2029-03-01")) is None
    assert calendar.meeting_eve(2024) == date(2024, 9, 9) and calendar.meeting_eve(2026) == date(2026, 9, 1)


def test_diff_classifies_changes(small_rules, small_profiles) -> None:
    """From 2024-11-28 to 2026-11-28 Lao PDR regresses from at_risk to non_compliant; rationales that
    differ only by the as-of date are not reported."""
    old = lapcheck.evaluate(small_profiles, small_rules, date(2024, 11, 28), "python")
    new = lapcheck.evaluate(small_profiles, small_rules, date(2026, 11, 28), "python")
    result = compare(old, new)
    assert [(d.state, d.check, d.change, d.old_status, d.new_status) for d in result.differences] == [
        ("LAO", "clearance-by-deadline", "regressed", "at_risk", "non_compliant")]
    reverse = compare(new, old)
    assert [d.change for d in reverse.differences] == ["improved"]


def test_diff_cli_fail_on_and_bad_input(tmp_path: Path) -> None:
    """diff exits 1 on --fail-on regressed when something regressed, 2 on a file that is not a report."""
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    for path, day in ((a, "2024-11-28"), (b, "2026-11-28")):
        path.write_text(run("check", PROFILES, *RULES, "--as-of", day, "--format", "json")[1])
    assert run("diff", str(a), str(b), "--fail-on", "regressed")[0] == EXIT_FINDINGS
    assert run("diff", str(b), str(a), "--fail-on", "regressed")[0] == EXIT_OK
    (tmp_path / "bad.json").write_text('{"as_of": "2024-01-01"}')
    code, _, err = run("diff", str(a), str(tmp_path / "bad.json"))
    assert code == EXIT_ERROR and "bad.json" in err and "findings" in err


def test_trend_by_year() -> None:
    """trend gives every indicator at each year's eve of meeting: Croatia and Lao PDR both in force
    from 2010 with clearance pending (2/2) until Croatia completes in July 2020 (1/2 by Nov 2020)."""
    code, out, _ = run("trend", PROFILES, *RULES, "--from", "2019", "--to", "2021", "--format", "json")
    points = json.loads(out)["points"]
    pending = [next(i for i in p["indicators"] if i["id"] == "article4-pending") for p in points]
    assert code == EXIT_OK and [p["as_of"] for p in points] == ["2019-09-01", "2020-11-24", "2021-09-19"]
    assert [(i["numerator"], i["denominator"]) for i in pending] == [(2, 2), (1, 2), (1, 2)]


def test_undated_extension_counts_once_its_deadline_has_passed() -> None:
    """Bulgaria's extensions are recorded without decision dates. No meeting grants a deadline that
    has already passed, so the one to 31 Dec 2023 was granted by then: in force in 2026 it is the
    deadline; in November 2022 (after the October 2022 extension, before 2023-12-31) it is unknown
    whether it had been granted yet."""
    from lapcheck.deadlines import deadline_in_force
    from lapcheck.model import Extension

    original = PartialDate.parse("2019-10-01")
    exts = [Extension(decision="granted", new_deadline=PartialDate.parse(d))
            for d in ("2021-04-01", "2022-10", "2023-12-31")]
    assert deadline_in_force(original, exts, date(2026, 11, 28)) == PartialDate.parse("2023-12-31")
    assert deadline_in_force(original, exts, date(2022, 11, 15)) is None
    assert deadline_in_force(original, exts, date(2018, 1, 1)) is None


def test_request_of_unknown_outcome_makes_the_deadline_unknown_after_its_meeting() -> None:
    """A request examined at the 12MSP (10-13 Sep 2024) with no outcome on record leaves the old
    deadline in force before the meeting and makes it unknown from the meeting on; a refused one
    never moves it."""
    from lapcheck.deadlines import deadline_in_force
    from lapcheck.model import Extension

    original = PartialDate.parse("2025-08-01")
    asked = Extension(meeting="12MSP", meeting_date=PartialDate.parse("2024-09-10/2024-09-13"))
    assert deadline_in_force(original, [asked], date(2024, 9, 9)) == original
    assert deadline_in_force(original, [asked], date(2024, 9, 11)) is None
    assert deadline_in_force(original, [asked], date(2026, 1, 1)) is None
    refused = Extension(meeting="12MSP", meeting_date=asked.meeting_date, decision="refused")
    assert deadline_in_force(original, [refused], date(2026, 1, 1)) == original


def test_deadlines_passed_with_an_unknown_outcome_come_first() -> None:
    """On 30 Jun 2026 the deadlines that passed while an extension request's outcome is unknown lead
    the list: Mauritania (EIF 1 Aug 2012 -> 1 Aug 2022; its request at 2RC Part Two has no recorded
    outcome), Lao PDR and Germany (1 Aug 2025, requests examined at the 12MSP), then Afghanistan and
    Somalia (1 Mar 2026), Lebanon (1 May 2026), Chile (1 Jun 2026), examined at the 13MSP; each says
    so. --state and --area narrow it, and work together."""
    code, out, _ = run("deadlines", "--as-of", "2026-06-30", "--format", "json")
    items = json.loads(out)["deadlines"]
    urgent = [(d["state"], d["due"]) for d in items if d["urgent"]]
    assert urgent[:3] == [("MRT", "2022-08-01"), ("DEU", "2025-08-01"), ("LAO", "2025-08-01")]
    assert {"AFG", "SOM", "LBN", "CHL"} <= {s for s, _ in urgent}
    assert all(not d["urgent"] for d in items[len(urgent):])
    lao = next(d for d in items if d["state"] == "LAO" and d["urgent"])
    assert "1 August 2025 passed; request examined at 12MSP (10-13 September 2024), outcome unknown" in lao["detail"]
    code, out, _ = run("deadlines", "--as-of", "2026-06-30", "--format", "json", "--state", "lao,Germany",
                       "--area", "clearance", "--within", "0")
    assert code == EXIT_OK
    got = {(d["state"], d["area"]) for d in json.loads(out)["deadlines"]}
    assert got == {("DEU", "clearance"), ("LAO", "clearance")}


def test_overdue_reports_are_listed_with_their_last_confirmation() -> None:
    """Cabo Verde's initial report, not received as of August 2022, is listed as overdue with that date."""
    _, out, _ = run("deadlines", "--as-of", "2026-06-30", "--format", "json", "--state", "CPV")
    [initial] = [d for d in json.loads(out)["deadlines"] if d["kind"] == "article7-initial-report"]
    assert initial["days"] < 0 and "not received (last confirmed August 2022)" in initial["detail"]


def test_an_unknown_area_is_a_usage_error() -> None:
    """--area takes the plan's areas and names them when it gets another."""
    code, _, err = run("deadlines", "--area", "clearence")
    assert code == EXIT_ERROR and "'clearence' is not an area of the LAP" in err


def test_explain_names_what_bears_on_an_unknown_fact() -> None:
    """Lao PDR's clearance deadline: explain names the 12MSP request whose outcome is unknown."""
    code, out, _ = run("explain", "LAO", "article4-clearance-deadline", "--as-of", "2026-06-30")
    assert code == EXIT_OK
    assert "bears on the unknown article4.completion, article4.deadline:" in out
    assert "extension request examined at 12MSP (10-13 September 2024), outcome unknown" in out
