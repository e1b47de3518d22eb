"""Closed lists: a source naming every State Party with a property says "no" for the rest, as of its
date, citing itself; direct facts win and contradictions are reported; bad rows name their line."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

import lapcheck
from lapcheck.cli import EXIT_OK, cli
from lapcheck.errors import InputError
from lapcheck.facts import Context
from lapcheck.importer import export_tables, import_tables
from lapcheck.importer.closedlists import COLUMNS
from lapcheck.model import Profile
from lapcheck.profiles import load_profiles
from tests.test_importer import MONITOR, UNTC, table

FIXTURES = Path(__file__).parent.parent / "fixtures"
LIST_URL = "https://example.org/states-parties-with-victims"


def states(folder: Path) -> None:
    """Four States Parties: XAA and XAD deposited before 2019, XAB in 2020, XAC signed only."""
    rows = [("XAA", "Xanadu", "2017-07-10", "2018-01-01"), ("XAB", "Xabia", "2020-01-10", "2020-07-01"),
            ("XAD", "Xadia", "2015-03-02", "2015-09-01")]
    table(folder, "ccm_participants.csv",
          *({"state": name, "iso3": iso3, "signature": "2008-12-03", "deposit": deposit,
             "instrument": "ratification", "entry_into_force": eif, "withdrawal_effective": "", "source": UNTC}
            for iso3, name, deposit, eif in rows),
          {"state": "Xacia", "iso3": "XAC", "signature": "2008-12-03", "deposit": "", "instrument": "",
           "entry_into_force": "", "withdrawal_effective": "", "source": UNTC})


def lists(folder: Path, *rows: dict[str, str]) -> Path:
    path = folder / "closed_lists.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({"list": "victims-2019", "field": "victim_assistance.victims", "value": "yes",
                             "members": "XAA", "date": "2019-01", "population": "deposited",
                             "title": "Victims report 2019: the States Parties with victims",
                             "source": LIST_URL, "note": "", **row})
    return path


def imported(tmp_path: Path) -> dict[str, Profile]:
    result = import_tables(tmp_path / "tables", tmp_path / "out")
    assert result.contradictions == []
    return {p.iso3: p for p in load_profiles(tmp_path / "out")}


def victims(profile: Profile, on: str) -> tuple[bool | None, tuple[str, ...]]:
    value = Context(profile, date.fromisoformat(on)).get("article5.victims")
    return value.value, value.sources


def test_members_get_the_value_and_the_rest_of_the_population_its_opposite(tmp_path: Path) -> None:
    """XAA is named: victims. XAD, a State Party on the list's date, is not: no victims, citing the
    list by name and its source. XAB (deposited after the list) and XAC (never a party) get nothing."""
    states(tmp_path / "tables")
    lists(tmp_path / "tables", {})
    profiles = imported(tmp_path)
    assert victims(profiles["XAA"], "2026-01-01")[0] is True
    value, sources = victims(profiles["XAD"], "2026-01-01")
    assert value is False
    assert sources[0].startswith("closed list victims-2019: Victims report 2019") and "read as no" in sources[0]
    assert sources[1] == LIST_URL
    assert profiles["XAB"].victim_assistance.victims is None
    assert profiles["XAC"].victim_assistance.victims is None


def test_a_list_says_nothing_of_the_days_before_its_own(tmp_path: Path) -> None:
    """Not named in January 2019 says nothing of 2018: unknown before the list's date, known after."""
    states(tmp_path / "tables")
    lists(tmp_path / "tables", {})
    xad = imported(tmp_path)["XAD"]
    assert victims(xad, "2018-12-31")[0] is None
    assert victims(xad, "2019-01-30")[0] is None  # the list speaks for January as a whole
    assert victims(xad, "2019-02-01")[0] is False


def test_a_direct_fact_wins_and_a_contradiction_is_reported(tmp_path: Path) -> None:
    """XAD has victims by its own row: the list's "no" is not applied, and the import says why."""
    states(tmp_path / "tables")
    lists(tmp_path / "tables", {})
    table(tmp_path / "tables", "article5_victim_assistance.csv",
          {"state": "Xadia", "iso3": "XAD", "has_victims": "yes", "source": MONITOR})
    result = import_tables(tmp_path / "tables", tmp_path / "out")
    [message] = result.contradictions
    assert message.startswith("closed_lists.csv:2: list 'victims-2019' implies article5.victims = no for XAD")
    assert message.endswith("but its profile says yes; the profile's fact is kept")
    xad = {p.iso3: p for p in load_profiles(tmp_path / "out")}["XAD"]
    assert victims(xad, "2026-01-01") == (True, (MONITOR,))


def test_the_cli_prints_contradictions_as_warnings(tmp_path: Path) -> None:
    states(tmp_path / "tables")
    lists(tmp_path / "tables", {"members": "XAA"})
    table(tmp_path / "tables", "article5_victim_assistance.csv",
          {"state": "Xadia", "iso3": "XAD", "has_victims": "yes", "source": MONITOR})
    result = CliRunner().invoke(cli, ["import", str(tmp_path / "tables"), "-o", str(tmp_path / "out")])
    assert result.exit_code == EXIT_OK
    assert result.stderr.startswith("lapcheck: warning: closed_lists.csv:2: list 'victims-2019' implies")


def test_the_latest_list_that_counts_a_state_speaks_for_it(tmp_path: Path) -> None:
    """A 2021 list naming XAD supersedes the 2019 one that leaves it out; XAA, left out in 2021, is no."""
    states(tmp_path / "tables")
    lists(tmp_path / "tables", {}, {"list": "victims-2021", "date": "2021-06-30", "members": "XAD"})
    profiles = imported(tmp_path)
    assert victims(profiles["XAD"], "2026-01-01")[0] is True
    assert victims(profiles["XAA"], "2026-01-01")[0] is False
    assert victims(profiles["XAB"], "2026-01-01")[0] is False  # a State Party by 2021
    assert victims(profiles["XAB"], "2020-06-30")[0] is None


def test_reimport_gives_the_same_bytes_and_a_removed_list_takes_its_facts_with_it(tmp_path: Path) -> None:
    """Tables without a lists file (a questionnaire, a partial import) keep what lists gave before;
    a lists file that no longer holds a list takes its facts away."""
    states(tmp_path / "tables")
    path = lists(tmp_path / "tables", {})
    import_tables(tmp_path / "tables", tmp_path / "out")
    before = {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir()}
    import_tables(tmp_path / "tables", tmp_path / "out")
    assert {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir()} == before
    path.unlink()
    import_tables(tmp_path / "tables", tmp_path / "out")
    assert {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir()} == before
    lists(tmp_path / "tables")
    profiles = imported(tmp_path)
    assert profiles["XAD"].victim_assistance.victims is None


def test_export_copies_the_lists_and_leaves_their_facts_out_of_the_tables(tmp_path: Path) -> None:
    """With the lists, export then import is lossless; without them, the list facts are reported lost."""
    states(tmp_path / "tables")
    path = lists(tmp_path / "tables", {})
    profiles = list(imported(tmp_path).values())
    assert export_tables(profiles, tmp_path / "bare").omitted == ["XAA victim_assistance", "XAD victim_assistance"]
    assert export_tables(profiles, tmp_path / "back", closed_lists=path.parent).omitted == []
    assert (tmp_path / "back" / "closed_lists.csv").read_text(encoding="utf-8") == path.read_text(encoding="utf-8")
    with (tmp_path / "back" / "article5_victim_assistance.csv").open(encoding="utf-8") as handle:
        assert list(csv.DictReader(handle)) == []  # no list fact became a cell
    import_tables(tmp_path / "back", tmp_path / "again")
    for written in (tmp_path / "out").iterdir():
        assert (tmp_path / "again" / written.name).read_bytes() == written.read_bytes()


@pytest.mark.parametrize(("row", "line", "message"), [
    ({"members": "XAB"}, 2, "list 'victims-2019' names XAB, which was not a State Party (deposited) on 2019-01-31"),
    ({"members": "XAC"}, 2, "names XAC, which was not a State Party"),
    ({"members": "XZZ"}, 2, "list 'victims-2019' names XZZ, which no table gives"),
    ({"members": "xaa"}, 2, "members: expected ISO 3166-1 alpha-3 codes separated by spaces, got xaa"),
    ({"members": "XAA XAA"}, 2, "a member is named twice"),
    ({"field": "clearance.obligation"}, 2, "'clearance.obligation' cannot be filled by a closed list"),
    ({"value": "maybe"}, 2, "expected yes or no"),
    ({"date": "2019-13"}, 2, "expected a date"),
    ({"population": "everyone"}, 2, "expected one of deposited, in_force"),
    ({"source": ""}, 2, "a closed list needs its source"),
])
def test_a_bad_row_is_an_error_naming_its_line(tmp_path: Path, row: dict[str, str], line: int, message: str) -> None:
    states(tmp_path / "tables")
    lists(tmp_path / "tables", row)
    with pytest.raises(InputError) as info:
        import_tables(tmp_path / "tables", tmp_path / "out")
    assert str(info.value).startswith(f"{tmp_path / 'tables' / 'closed_lists.csv'}:{line}:")
    assert message in str(info.value)
    assert not (tmp_path / "out").exists()  # nothing written


def test_a_workbook_carries_its_lists_in_a_sheet(tmp_path: Path) -> None:
    """Export to .xlsx writes the lists as the sheet closed_lists; importing the workbook applies them."""
    states(tmp_path / "tables")
    lists(tmp_path / "tables", {})
    profiles = list(imported(tmp_path).values())
    book = tmp_path / "t.xlsx"
    assert export_tables(profiles, book, closed_lists=tmp_path / "tables").omitted == []
    import_tables(book, tmp_path / "again")
    for written in (tmp_path / "out").iterdir():
        assert (tmp_path / "again" / written.name).read_bytes() == written.read_bytes()


def test_two_lists_that_disagree_are_an_error_naming_both_rows(tmp_path: Path) -> None:
    states(tmp_path / "tables")
    lists(tmp_path / "tables", {}, {"list": "victims-other", "members": "XAD"})
    with pytest.raises(InputError, match=r"closed_lists\.csv:3: lists 'victims-2019' \(line 2\) and "
                                         r"'victims-other' disagree about victim_assistance.victims on 2019-01"):
        import_tables(tmp_path / "tables", tmp_path / "out")


# --- the bundled snapshot -------------------------------------------------------------------


@pytest.fixture(scope="module")
def snapshot() -> lapcheck.Report:
    rules = lapcheck.load_rules(Path(__file__).parent.parent / "rules")
    return lapcheck.summarize(load_profiles(FIXTURES / "profiles"), rules, date(2026, 6, 30), engine="python")


def test_article5_obligations_reproduce_the_isu_list(snapshot: lapcheck.Summary) -> None:
    """The ISU's victim-assistance page names 11 States Parties that report Article 5 obligations."""
    [ind] = [i for i in snapshot.indicators if i.id == "article5-obligations"]
    assert (ind.value, ind.unknown) == (11, 0)


def test_explain_names_the_list_behind_a_no() -> None:
    """Antigua and Barbuda is in no victims table: its "no victims" comes from the Monitor's list."""
    result = CliRunner().invoke(cli, ["explain", "ATG", "article5-focal-point", "--as-of", "2026-06-30"])
    assert result.exit_code == EXIT_OK
    assert "- article5.victims = no: closed list monitor-2017-victims: Cluster Munition Monitor 2017" in result.stdout
    assert result.stdout.rstrip().splitlines()[-3] == "status: not_applicable"


def test_the_state_page_names_the_list_behind_a_no(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["report", "--as-of", "2026-06-30", "--engine", "python", "--format",
                                      "markdown", "-o", str(tmp_path / "site")])
    assert result.exit_code == EXIT_OK
    page = (tmp_path / "site" / "states" / "ATG.md").read_text(encoding="utf-8")
    assert "closed list monitor-2017-victims: Cluster Munition Monitor 2017" in page
    assert "closed list mar-2025-contaminated: Mine Action Review" in page
