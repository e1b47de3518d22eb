"""The importer on small hand-made tables: what each cell becomes, errors, merging, round trips."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any, get_args

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lapcheck.deadlines import bundled_calendar
from lapcheck.errors import InputError
from lapcheck.importer import (
    KIND,
    KINDS,
    Cell,
    Column,
    Draft,
    Row,
    build_drafts,
    export_tables,
    import_tables,
    merge,
    read_table,
    table_texts,
)
from lapcheck.importer.codecs import Choice, Date, Event, Flag, Notes, OriginalDeadline, Value, Year
from lapcheck.importer.columns import LEGISLATION
from lapcheck.importer.extensions import DECISIONS
from lapcheck.model import Instrument, Profile
from lapcheck.profiles import load_profiles
from tests.strategies import partial_dates

UNTC = "https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=XXVI-6&chapter=26&clang=_en"
MAR = "https://www.mineactionreview.org/country/xaa"
MONITOR = "http://www.the-monitor.org/en-gb/reports/2020/xaa/view-all.aspx"


FILES = {**{k.file: k.name for k in KIND.values()}, "article4_additions.csv": "article4"}


def table(folder: Path, name: str, *rows: dict[str, str]) -> Path:
    """Write table ``name`` (``article5_research.csv`` has the columns of ``article5``) with ``rows``."""
    columns = KIND[FILES.get(name) or name.removesuffix("_research.csv")].columns
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / name).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({c: row.get(c, "") for c in columns})
    return folder / name


def participants(folder: Path, **cells: str) -> None:
    """One UNTC row for XAA (deposited 10 Jul 2017, in force 1 Jan 2018), with ``cells`` changed."""
    row = {"state": "Xanadu", "iso3": "XAA", "signature": "2008-12-03", "deposit": "2017-07-10",
           "instrument": "ratification", "entry_into_force": "2018-01-01", "withdrawal_effective": "",
           "source": UNTC, **cells}
    table(folder, "ccm_participants.csv", row)


def load(folder: Path) -> Profile:
    """The single profile in ``folder``."""
    (profile,) = load_profiles(folder)
    return profile


def imported(tmp_path: Path) -> Profile:
    """Import ``tmp_path/tables`` into ``tmp_path/out`` and load XAA."""
    import_tables(tmp_path / "tables", tmp_path / "out")
    return load(tmp_path / "out")


def test_untc_blanks_are_false_and_unknown_is_absent(tmp_path: Path) -> None:
    """In the complete UNTC table an empty date is ``false`` (did not happen) and ``unknown`` stays absent."""
    participants(tmp_path / "tables", signature="", instrument="accession", withdrawal_effective="unknown")
    part = imported(tmp_path).participation
    assert part.signature is not None and part.signature.value is False
    assert part.withdrawal_effective is None
    assert part.deposit is not None and str(part.deposit.value) == "2017-07-10"
    assert part.signature.source == ["untc"]


def test_partial_dates_keep_their_precision(tmp_path: Path) -> None:
    """Years, months, spans and "before Aug 2019" are kept at the precision the cell gives."""
    tables = tmp_path / "tables"
    participants(tables)
    table(tables, "article7_reports.csv",
          {"iso3": "XAA", "initial_report_submitted": "yes", "initial_report_date": "2018-06",
           "annual_reports": "2018:2019;2019:", "sources": MONITOR})
    table(tables, "article4_clearance.csv",
          {"iso3": "XAA", "status": "completed", "completion_date": "unknown (completed before Aug 2019)",
           "extensions": "2029-01-01 granted at 9MSP on unknown", "sources": MAR})
    profile = imported(tmp_path)
    tr, cl = profile.transparency, profile.clearance
    assert tr.initial_report is not None and str(tr.initial_report.value) == "2018-06"
    assert [(r.year, str(r.submitted)) for r in tr.annual_reports] == [(2018, "2019"), (2019, "True")]
    assert cl.completed is not None and str(cl.completed.value) == "../2019-08-31"
    assert cl.completed.note == "unknown (completed before Aug 2019)"
    assert str(cl.extensions[0].meeting_date) == "2019-09-02/2019-09-04" and cl.extensions[0].decided is None


def test_unknown_cells_stay_unknown(tmp_path: Path) -> None:
    """``unknown`` and empty cells outside the UNTC table give no fact at all."""
    tables = tmp_path / "tables"
    participants(tables)
    table(tables, "article5_victim_assistance.csv",
          {"iso3": "XAA", "has_victims": "yes", "focal_point": "unknown", "national_plan": "",
           "source": MONITOR})
    va = imported(tmp_path).victim_assistance
    assert va.victims is not None and va.victims.value is True
    assert va.focal_point is None and va.national_plan is None


def test_comments_become_notes_and_free_text_is_never_a_field(tmp_path: Path) -> None:
    """``VALUE (comment)`` keeps the comment as the fact's note; text that fits no field goes to notes."""
    tables = tmp_path / "tables"
    participants(tables)
    table(tables, "article3_stockpiles.csv",
          {"iso3": "XAA", "completion_date": "2019-03 (announced in April)",
           "retained_for_training": "yes: 12 bombs", "held_at_eif": "yes", "sources": MONITOR})
    table(tables, "article4_clearance.csv",
          {"iso3": "XAA", "status": "ongoing",
           "completion_date": "2015-05-05 (first completion), later reopened",
           "current_deadline": "2028-01-01 (request pending)", "sources": MAR})
    table(tables, "article9_legislation.csv",
          {"iso3": "XAA", "status": "existing law deemed sufficient",
           "instrument_or_detail": "Penal Code applies", "source": MONITOR})
    profile = imported(tmp_path)
    st = profile.stockpiles
    assert st.completed is not None
    assert (str(st.completed.value), st.completed.note) == ("2019-03", "announced in April")
    assert st.retains is not None and (st.retains.value, st.retains.note) == (True, "12 bombs")
    assert st.declared is not None and st.declared.value is True
    assert profile.clearance.completed is not None and profile.clearance.completed.value is False
    assert profile.national_implementation.instrument is None
    assert profile.notes == [
        "[article4 current_deadline] 2028-01-01 (request pending) [sources: mar]",
        "[article4 completion_date] 2015-05-05 (first completion), later reopened [sources: mar]",
        "[article9 instrument_or_detail] Penal Code applies [sources: monitor]",
    ]


def test_an_as_of_comment_dates_the_observation(tmp_path: Path) -> None:
    """``VALUE (as of DATE)`` and ``VALUE (comment; as of DATE)`` give the fact the date its source
    speaks for: unknown before it, the last known value after; export writes it back the same way."""
    tables = tmp_path / "tables"
    participants(tables)
    table(tables, "article5_victim_assistance.csv",
          {"iso3": "XAA", "has_victims": "yes", "national_plan": "no (as of 2018-10-21)",
           "survivor_involvement": "no (none reported; as of 2018-10)", "source": MONITOR})
    table(tables, "article9_legislation.csv",
          {"iso3": "XAA", "status": "none reported (as of 2022)", "source": MONITOR})
    profile = imported(tmp_path)
    va = profile.victim_assistance
    assert va.national_plan is not None and (va.national_plan.note, str(va.national_plan.as_of)) == (None, "2018-10-21")
    assert va.survivor_involvement is not None
    assert (va.survivor_involvement.note, str(va.survivor_involvement.as_of)) == ("none reported", "2018-10")
    status = profile.national_implementation.status
    assert status is not None and (status.value, str(status.as_of)) == ("none_reported", "2022")
    assert export_tables([profile], tmp_path / "back").omitted == []
    with (tmp_path / "back" / "article5_victim_assistance.csv").open(encoding="utf-8") as handle:
        [row] = csv.DictReader(handle)
    assert (row["national_plan"], row["survivor_involvement"]) == (
        "no: as of 2018-10-21", "no: none reported; as of 2018-10")


def test_research_row_conflicting_with_base_row_names_both(tmp_path: Path) -> None:
    """A research row that disagrees with its base table on a cell is an error naming both files and lines."""
    tables = tmp_path / "tables"
    participants(tables)
    table(tables, "article5_victim_assistance.csv",
          {"iso3": "XAA", "has_victims": "yes", "focal_point": "yes"})
    table(tables, "article5_research.csv", {"iso3": "XAA", "focal_point": "no"})
    with pytest.raises(InputError) as caught:
        import_tables(tables, tmp_path / "out")
    message = str(caught.value)
    assert "article5_victim_assistance.csv:2" in message and "article5_research.csv line 2" in message
    assert not (tmp_path / "out").exists()


def test_two_rows_of_one_table_conflicting_names_both(tmp_path: Path) -> None:
    """Two rows of the same file that give different dates for one annual report name both lines."""
    tables = tmp_path / "tables"
    table(tables, "article7_reports.csv", {"iso3": "XAA", "annual_reports": "2012:2013-04"},
          {"iso3": "XBB", "annual_reports": "2012:2013"}, {"iso3": "XAA", "annual_reports": "2012:2013-05"})
    both = r"article7_reports.csv:2: .*2013-04.*2013-05 in article7_reports.csv line 4"
    with pytest.raises(InputError, match=both):
        import_tables(tables, tmp_path / "out")


def test_research_fills_unknowns_and_article4_layers_override(tmp_path: Path) -> None:
    """Research fills unknown cells; Art 4 additions override the base table and research overrides both."""
    tables = tmp_path / "tables"
    participants(tables)
    table(tables, "article5_victim_assistance.csv", {"iso3": "XAA", "has_victims": "yes", "source": MONITOR})
    table(tables, "article5_research.csv",
          {"iso3": "XAA", "has_victims": "yes", "focal_point": "yes", "source": MAR})
    table(tables, "article4_clearance.csv",
          {"iso3": "XAA", "status": "ongoing", "extensions": "2029-01-01", "sources": MONITOR})
    table(tables, "article4_additions.csv",
          {"iso3": "XAA", "extensions": "2029-01-01 granted at 2RC on unknown", "sources": MAR})
    table(tables, "article4_research.csv",
          {"iso3": "XAA", "extensions": "2029-01-01 granted at 2RC on 2021-04", "sources": UNTC})
    profile = imported(tmp_path)
    va = profile.victim_assistance
    assert va.victims is not None and va.victims.source == ["monitor", "mar"]
    assert va.focal_point is not None and va.focal_point.source == ["mar"]
    (ext,) = profile.clearance.extensions
    assert (ext.meeting, str(ext.decided), ext.source) == ("2RC", "2021-04", ["untc"])
    assert profile.clearance.obligation is not None and profile.clearance.obligation.source == ["monitor"]


def test_entry_into_force_that_does_not_follow_from_the_deposit_is_an_error(tmp_path: Path) -> None:
    """A table EIF other than Art 17 gives for the deposit (10 Jul 2017 → 1 Jan 2018) is an error there."""
    participants(tmp_path / "tables", entry_into_force="2017-12-01")
    where = r"ccm_participants.csv:2: XAA.entry_into_force: .*Art 17 gives 2018-01-01"
    with pytest.raises(InputError, match=where):
        import_tables(tmp_path / "tables", tmp_path / "out")


@pytest.mark.parametrize(("name", "row", "message"), [
    ("article7_reports.csv",
     {"iso3": "XAA", "initial_report_submitted": "yes", "initial_report_date": "2019-13"}, "month 13"),
    ("article4_clearance.csv", {"iso3": "XAA", "extensions": "2029-01-01 granted at 99MSP on unknown"},
     "unknown meeting"),
    ("article4_clearance.csv", {"iso3": "XAA", "status": "finished"}, "status: expected"),
    ("article5_victim_assistance.csv", {"iso3": "XAA", "has_victims": "maybe"}, "expected yes, no"),
    ("article9_legislation.csv", {"iso3": "QQQ"}, "not an ISO 3166-1"),
])
def test_bad_cells_name_file_and_line(tmp_path: Path, name: str, row: dict[str, str], message: str) -> None:
    """A cell that does not parse raises an InputError naming its file and line."""
    path = table(tmp_path / "tables", name, {"iso3": "XBB"}, row)
    with pytest.raises(InputError, match=message) as caught:
        import_tables(tmp_path / "tables", tmp_path / "out")
    assert (caught.value.path, caught.value.line) == (str(path), 3)


def test_reimport_is_byte_identical(tmp_path: Path) -> None:
    """Importing the same tables twice, fresh or over the first output, gives the same bytes."""
    tables = tmp_path / "tables"
    participants(tables)
    table(tables, "article4_clearance.csv",
          {"iso3": "XAA", "status": "ongoing", "notes": "b", "sources": MAR})
    table(tables, "article4_additions.csv", {"iso3": "XAA", "notes": "a", "sources": f"{MONITOR}; {MAR}"})
    first = import_tables(tables, tmp_path / "a")
    before = first.paths[0].read_bytes()
    import_tables(tables, tmp_path / "a")
    import_tables(tables, tmp_path / "b")
    assert first.paths[0].read_bytes() == before == (tmp_path / "b" / "XAA.yaml").read_bytes()
    assert list((tmp_path / "a").iterdir()) == first.paths  # no temporary files left behind


def test_merge_keeps_facts_the_tables_do_not_mention(tmp_path: Path) -> None:
    """Re-import replaces the facts the tables give and keeps hand-added facts, sources and notes."""
    tables, out = tmp_path / "tables", tmp_path / "out"
    participants(tables)
    import_tables(tables, out)
    path = out / "XAA.yaml"
    by_hand = ("clearance:\n  national_plan: {value: true, source: [isu]}\n"
               "transparency:\n  annual_reports:\n  - {year: 2010, submitted: true, source: [isu]}\n"
               "notes:\n- Seen by hand.\n")
    text = path.read_text(encoding="utf-8").replace("sources:\n", "sources:\n  isu: https://isu.example/x\n")
    path.write_text(text + by_hand, encoding="utf-8")
    participants(tables, deposit="2017-08-10", entry_into_force="2018-02-01")
    table(tables, "article7_reports.csv", {"iso3": "XAA", "annual_reports": "2018:2019-04", "sources": MAR})
    import_tables(tables, out)
    profile = load(out)
    deposit = profile.participation.deposit
    assert deposit is not None and str(deposit.value) == "2017-08-10"
    assert profile.clearance.national_plan is not None and profile.clearance.national_plan.source == ["isu"]
    reports = [(r.year, r.source) for r in profile.transparency.annual_reports]
    assert reports == [(2010, ["isu"]), (2018, ["mar"])]
    assert profile.notes == ["Seen by hand."] and profile.sources["isu"] == "https://isu.example/x"


def test_export_then_import_gives_the_same_profiles(tmp_path: Path) -> None:
    """import → export → import reproduces every profile byte for byte, with facts from several rows."""
    tables = tmp_path / "tables"
    participants(tables)
    table(tables, "article4_clearance.csv",
          {"iso3": "XAA", "status": "completed", "completion_date": "2019", "notes": "first", "sources": MAR})
    table(tables, "article4_additions.csv",
          {"iso3": "XAA", "completion_date": "2019-05 (declared at 9MSP)",
           "extensions": "2029-01-01 granted at 9MSP (Geneva) on unknown (inferred)",
           "notes": "second", "sources": MONITOR})
    table(tables, "article7_reports.csv",
          {"iso3": "XAA", "annual_reports": "2018:2019-04", "as_of_source": "2020", "sources": MAR},
          {"iso3": "XAA", "annual_reports": "2019:", "initial_report_submitted": "no", "sources": MONITOR})
    first = import_tables(tables, tmp_path / "a")
    exported = export_tables(load_profiles(tmp_path / "a"), tmp_path / "exported")
    assert exported.omitted == []
    import_tables(tmp_path / "exported", tmp_path / "b")
    assert (tmp_path / "b" / "XAA.yaml").read_bytes() == first.paths[0].read_bytes()


def test_export_names_what_no_column_holds(tmp_path: Path) -> None:
    """Fields no column holds (a withdrawal notification, a hand-written note) are listed, not dropped."""
    profile = Profile.model_validate({
        "iso3": "XAA", "name": "Xanadu", "sources": {"untc": UNTC},
        "participation": {"deposit": {"value": "2017-07-10", "source": "untc"},
                          "withdrawal_notified": {"value": False, "source": "untc"}},
        "notes": ["Seen by hand."],
    })
    exported = export_tables([profile], tmp_path)
    assert exported.omitted == ["XAA participation.withdrawal_notified", "XAA notes[0]"]
    assert sorted(p.name for p in exported.paths) == sorted(k.file for k in KIND.values())


def test_columns_for_facts_the_checks_read(tmp_path: Path) -> None:
    """Investment ban, the date a report list speaks for, Art 5 and Art 6 facts each have a column, and a
    header-only table is accepted."""
    tables = tmp_path / "tables"
    participants(tables)
    table(tables, "article6_cooperation.csv")
    table(tables, "article6_research.csv",
          {"iso3": "XAA", "provides_assistance": "yes", "assistance_reported": "no (Form I blank)",
           "national_resources_reported": "unknown", "sources": MONITOR})
    table(tables, "article5_victim_assistance.csv",
          {"iso3": "XAA", "obligations_reported": "yes", "survivor_involvement": "no (none reported)",
           "data_collection": "yes", "disaggregated_data": "no", "source": MONITOR})
    table(tables, "article7_research.csv",
          {"iso3": "XAA", "reports_listed_until": "2020-08 (no annual report received)", "notes": "seen",
           "sources": MONITOR})
    table(tables, "article9_legislation.csv", {"iso3": "XAA", "investment_ban": "yes", "source": MONITOR})
    profile = imported(tmp_path)
    coop, va = profile.cooperation, profile.victim_assistance
    assert coop.provides_assistance is not None and coop.provides_assistance.value is True
    assert coop.assistance_reported is not None and coop.assistance_reported.note == "Form I blank"
    assert coop.national_resources_reported is None
    assert va.obligations_reported is not None and va.obligations_reported.value is True
    assert va.survivor_involvement is not None and va.survivor_involvement.value is False
    assert va.data_collection is not None and va.data_collection.value is True
    disaggregated = profile.cross_cutting.disaggregated_data
    assert disaggregated is not None and disaggregated.value is False
    listed = profile.transparency.reports_listed_until
    assert listed is not None and (str(listed.value), listed.note) == ("2020-08", "no annual report received")
    ban = profile.national_implementation.investment_ban
    assert ban is not None and ban.value is True and ban.source == ["monitor"]
    assert profile.notes == ["[article7 notes] seen [sources: monitor]"]


def test_a_header_only_table_gives_no_facts(tmp_path: Path) -> None:
    """A table with its header and no rows is read, and says nothing."""
    tables = tmp_path / "tables"
    participants(tables)
    table(tables, "article6_cooperation.csv")
    profile = imported(tmp_path)
    assert profile.cooperation.model_dump(exclude_defaults=True) == {}


# --- the column map and its codecs -----------------------------------------------------------

CALENDAR = bundled_calendar()
KEYS = {"untc": UNTC, "mar": MAR}
"""Citations whose keys an import names the same again, so a profile read back compares as it is."""

words = st.from_regex(r"[A-Za-z]([A-Za-z ]{0,10}[A-Za-z])?", fullmatch=True)
"""Note text: free of dates, brackets and separators, which cells parse."""
formulas = st.from_regex(r"'{0,2}[=+\-@][A-Za-z0-9()|!' ]{0,8}[A-Za-z0-9)!]", fullmatch=True)
"""Free text a spreadsheet would run: exported with a quote in front, imported without it."""
notes = st.none() | words
cites = st.sampled_from([["untc"], ["mar"], ["untc", "mar"]])
events = partial_dates | st.booleans()


def facts(values: st.SearchStrategy[Any], note: st.SearchStrategy[str | None] = notes,
          source: st.SearchStrategy[list[str]] = cites) -> st.SearchStrategy[dict[str, Any]]:
    """A fact as profile data."""
    return st.fixed_dictionaries({"value": values, "source": source, "note": note})


def sections(**fields: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    """A profile section giving any of ``fields``."""
    return st.fixed_dictionaries({}, optional=fields)


@st.composite
def extension_lists(draw: st.DrawFn) -> list[dict[str, Any]]:
    """Extensions the ``extensions`` cell can hold: one cell, so one set of sources for all."""
    source, out = draw(cites), []
    for _ in range(draw(st.integers(0, 3))):
        decision = draw(st.sampled_from(DECISIONS))
        ext = {"decision": decision, "source": source, "note": draw(notes),
               "new_deadline" if decision == "granted" else "requested_deadline": draw(partial_dates)}
        meeting = draw(st.none() | st.sampled_from(sorted(CALENDAR.meetings)))
        if meeting is not None:
            ext.update(meeting=meeting, meeting_date=CALENDAR.meetings[meeting].dates)
        if (decided := draw(st.none() | partial_dates)) is not None:
            ext["decided"] = decided
        out.append(ext)
    return out


@st.composite
def clearance_facts(draw: st.DrawFn) -> dict[str, Any]:
    """The obligation and completion a status and completion date can say together."""
    case = draw(st.sampled_from(["unknown", "none", "obligation", "ongoing", "undated", "reported", "dated",
                                 "dated only"]))
    obligation = {"value": case != "none", "source": draw(cites)}
    out: dict[str, Any] = {} if case in ("unknown", "dated only") else {"obligation": obligation}
    if case == "ongoing":
        out["completed"] = {**obligation, "value": False}
    elif case == "undated":
        out["completed"] = obligation
    elif case == "reported":
        out["completed"] = draw(facts(st.just(True), words))
    elif case.startswith("dated"):
        out["completed"] = draw(facts(partial_dates))
    # A deadline that is the counted one is not kept, so the one drawn carries a note.
    original = st.fixed_dictionaries({}, optional={"original_deadline": facts(partial_dates, words)})
    return {**out, **draw(original), "extensions": draw(extension_lists())}


@st.composite
def annual_report_lists(draw: st.DrawFn) -> list[dict[str, Any]]:
    """Reports received, each year once."""
    years = draw(st.lists(st.integers(2010, 2030), unique=True, max_size=4))
    return [{"year": year, "submitted": draw(partial_dates | st.just(True)), "source": draw(cites)}
            for year in sorted(years)]


@st.composite
def tagged_notes(draw: st.DrawFn) -> list[str]:
    """Notes of the free-text columns, at most one per one-value column, in the order an import keeps."""
    columns = [(kind, column) for kind in KINDS for column in kind.body
               if isinstance(column.codec, Notes) and column.name != "as_of_source"]
    drawn = draw(st.lists(st.sampled_from(columns), max_size=4))
    # A one-value column holds one note; the others one a row.
    chosen = [c for i, c in enumerate(drawn) if c[1].codec.every_row or c not in drawn[:i]]
    chosen.sort(key=lambda c: (KINDS.index(c[0]), c[0].columns.index(c[1].name)))
    return [f"[{kind.name} {column.name}] {draw(words | formulas)} [sources: {', '.join(draw(cites))}]"
            for kind, column in chosen]


@st.composite
def legislation(draw: st.DrawFn) -> dict[str, Any]:
    """Art 9 facts; only specific legislation names an instrument."""
    out = draw(sections(status=facts(st.sampled_from(sorted(set(LEGISLATION.values())))),
                        year=facts(st.integers(1000, 9999), st.none()), investment_ban=facts(st.booleans())))
    if out.get("status", {}).get("value") == "specific_legislation" and draw(st.booleans()):
        out["instrument"] = draw(facts(words | formulas, st.none()))
    return out


holdable_profiles = st.builds(
    lambda **given: Profile.model_validate({"iso3": "XAA", "name": "Xanadu", "sources": KEYS, **given}),
    participation=sections(signature=facts(events), deposit=facts(events), withdrawal_effective=facts(events),
                           instrument=facts(st.sampled_from(get_args(Instrument)))),
    stockpiles=sections(declared=facts(st.booleans()), retains=facts(st.booleans()),
                        completed=facts(partial_dates), extensions=extension_lists(),
                        original_deadline=facts(partial_dates, words)),
    clearance=clearance_facts(),
    victim_assistance=sections(victims=facts(st.booleans()), focal_point=facts(st.booleans()),
                               national_plan=facts(st.booleans()), obligations_reported=facts(st.booleans()),
                               survivor_involvement=facts(st.booleans()), data_collection=facts(st.booleans())),
    cross_cutting=sections(disaggregated_data=facts(st.booleans())),
    cooperation=sections(provides_assistance=facts(st.booleans()), assistance_reported=facts(st.booleans()),
                         national_resources_reported=facts(st.booleans())),
    transparency=sections(initial_report=facts(events), annual_reports=annual_report_lists(),
                          reports_listed_until=facts(partial_dates)),
    national_implementation=legislation(),
    notes=tagged_notes(),
)
"""Profiles whose every fact is one a column holds."""


@settings(max_examples=150, deadline=None)
@given(holdable_profiles)
def test_every_codec_reads_back_the_facts_it_writes(profile: Profile) -> None:
    """Writing a profile's facts into table cells and reading the cells back gives the same profile."""
    texts = table_texts([profile], CALENDAR)
    rows = [row for kind in KINDS for row in read_table(Path(kind.file), texts[kind.file], kind, 0)]
    draft = build_drafts(rows, CALENDAR).get("XAA", Draft("XAA", name="Xanadu"))
    back = Profile.model_validate(merge(draft, None))
    assert back.model_dump(exclude={"sources"}) == profile.model_dump(exclude={"sources"})


VALUE_COLUMNS = [pytest.param(column, id=f"{kind.name}.{column.name}")
                 for kind in KINDS for column in kind.body if isinstance(column.codec, Value)]


def _values(codec: Value) -> st.SearchStrategy[Any]:
    """The field values a value codec's cells hold."""
    if isinstance(codec, Choice):
        return st.sampled_from(sorted(set(codec.phrases.values())))
    return {Event: events, Flag: st.booleans(), Year: st.integers(1000, 9999),
            OriginalDeadline: partial_dates, Date: partial_dates}[type(codec)]


@pytest.mark.parametrize("column", VALUE_COLUMNS)
@settings(max_examples=50, deadline=None)
@given(data=st.data())
def test_value_codecs_parse_what_they_format(column: Column, data: st.DataObject) -> None:
    """Every one-cell codec of the map parses its own text back into the value and note it wrote."""
    codec = column.codec
    assert isinstance(codec, Value)
    value = data.draw(_values(codec))
    note = None if isinstance(codec, Year) else data.draw(notes)
    row = Row(Path("t.csv"), 2, "t", 0, "XAA", None, {}, ())
    assert codec.parse(Cell(column.name, codec.format(value, note), (row,))) == (value, note)


def test_every_column_fills_a_field_of_the_profile_model() -> None:
    """The map names only fields the profile model has, so a typo fails here, not on a real table."""
    for kind in KINDS:
        for column in kind.body:
            if column.field is not None:
                section, name = column.path
                model = Profile.model_fields[section].annotation
                assert isinstance(model, type) and name in model.model_fields, f"{kind.name}.{column.name}"
