"""Tables as .xlsx workbooks: the round trip, formula text kept as text, and hostile or broken workbooks."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from hypothesis import given, settings

from lapcheck.cli import EXIT_ERROR, EXIT_OK, cli
from lapcheck.importer import KIND, Draft, build_drafts, import_tables, merge, read_lines, table_grids
from lapcheck.importer.workbook import MAX_UNPACKED, read_sheets, write_workbook
from lapcheck.model import Profile
from tests.test_importer import CALENDAR, UNTC, holdable_profiles, load, participants

ROOT = Path(__file__).resolve().parent.parent
SNAPSHOT = ROOT / "fixtures" / "profiles"
PARTICIPANTS = list(KIND["participants"].columns)
XAA = ["Xanadu", "XAA", "2008-12-03", "2017-07-10", "ratification", "2018-01-01", "", UNTC]


def run(*args: str) -> tuple[int, str, str]:
    """Run the CLI; exit code, stdout, stderr."""
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def book(path: Path, **sheets: list[list[object]]) -> Path:
    """Write a workbook as a spreadsheet user would, typed cells and all (formulas are formulas)."""
    made = openpyxl.Workbook()
    made.remove(made.active)
    for name, rows in sheets.items():
        sheet = made.create_sheet(name)
        for row in rows:
            sheet.append(row)
    made.save(path)
    return path


def fails(args: list[str], message: str) -> str:
    """The one stderr line of a command that must exit 2, checked to contain ``message``."""
    code, _, err = run(*args)
    lines = err.splitlines()
    assert code == EXIT_ERROR and len(lines) == 1 and message in lines[0], err
    return lines[0]


def test_snapshot_survives_an_xlsx_round_trip_byte_for_byte(tmp_path: Path) -> None:
    """`export --format xlsx` then `import` of the workbook reproduces every bundled profile byte for byte."""
    workbook = tmp_path / "t.xlsx"
    assert run("export", "--format", "xlsx", "-o", str(workbook))[0] == EXIT_OK
    assert [s for s, _ in read_sheets(workbook)] == [*KIND, "closed_lists"]
    code, out, err = run("import", str(workbook), "-o", str(tmp_path / "p2"))
    assert code == EXIT_OK, err
    assert out == f"wrote 125 profiles to {tmp_path / 'p2'}\n"
    written = sorted(p.name for p in (tmp_path / "p2").iterdir())
    assert written == sorted(p.name for p in SNAPSHOT.glob("*.yaml"))
    for name in written:
        assert (tmp_path / "p2" / name).read_bytes() == (SNAPSHOT / name).read_bytes(), name


def test_export_format_follows_the_suffix(tmp_path: Path) -> None:
    """Without --format an output ending in .xlsx is a workbook, any other a folder of CSV files."""
    run("export", "-o", str(tmp_path / "w.xlsx"))
    run("export", "-o", str(tmp_path / "csv"))
    assert zipfile.is_zipfile(tmp_path / "w.xlsx")
    assert sorted(p.name for p in (tmp_path / "csv").iterdir()) == sorted(
        [*(k.file for k in KIND.values()), "closed_lists.csv"])
    fails(["export", "--format", "xlsx", "-o", str(tmp_path / "w.csv")], "must end in .xlsx")


@pytest.mark.parametrize("text", ["=HYPERLINK(\"http://x\")", "+1", "-2", "@SUM(A1)", "=1+1 (seen)"])
def test_formula_text_is_written_as_text_and_read_back_as_it_was(tmp_path: Path, text: str) -> None:
    """Text a spreadsheet would run as a formula is a string cell with a quote prefix, and comes back unchanged."""
    path = tmp_path / "t.xlsx"
    write_workbook(path, {"participants": [PARTICIPANTS, [*XAA[:-1], text]]})
    cell = openpyxl.load_workbook(path)["participants"]["H2"]
    assert (cell.data_type, cell.value, cell.quotePrefix) == ("s", text, True)
    assert read_sheets(path) == [("participants", [(1, PARTICIPANTS), (2, [*XAA[:-1], text])])]


@settings(max_examples=25, deadline=None)
@given(holdable_profiles)
def test_every_fact_a_column_holds_survives_a_workbook(tmp_path_factory: pytest.TempPathFactory,
                                                       profile: Profile) -> None:
    """Writing a profile's tables as a workbook and reading its sheets back gives the same profile."""
    path = tmp_path_factory.mktemp("wb") / "t.xlsx"
    write_workbook(path, table_grids([profile], CALENDAR))
    rows = [row for sheet, lines in read_sheets(path)
            for row in read_lines(lines, KIND[sheet], 0, path, KIND[sheet].file, sheet)]
    draft = build_drafts(rows, CALENDAR).get("XAA", Draft("XAA", name="Xanadu"))
    back = Profile.model_validate(merge(draft, None))
    assert back.model_dump(exclude={"sources"}) == profile.model_dump(exclude={"sources"})


def test_a_bad_cell_names_sheet_row_and_column(tmp_path: Path) -> None:
    """A cell that does not parse is one line naming the workbook, the sheet, the row and the column."""
    rows: list[list[object]] = [list(KIND["article4"].columns)]
    rows += [["Xanadu", "XAA", *[""] * 9]] * 5 + [["Xanadu", "XAA", "", "", "", "", "", "", "finished", "", ""]]
    path = book(tmp_path / "t.xlsx", article4=rows)
    line = fails(["import", str(path), "-o", str(tmp_path / "out")], "status: expected")
    assert line.startswith(f"lapcheck: error: {path}: sheet article4, row 7, column status: ")
    assert not (tmp_path / "out").exists()


LAW = {"state": "Xanadu", "iso3": "XAA", "status": "specific legislation adopted", "year_adopted": 2012,
       "instrument_or_detail": "Law 1", "source": UNTC}


def test_typed_cells_read_as_the_tables_write_them(tmp_path: Path) -> None:
    """A date or year a spreadsheet typed as a date or number reads as the ISO date or year it shows."""
    from datetime import datetime

    row = ["Xanadu", "XAA", datetime(2008, 12, 3), datetime(2017, 7, 10), "ratification", "2018-01-01", None, UNTC]
    path = book(tmp_path / "t.xlsx", participants=[PARTICIPANTS, row],
                article9=[list(KIND["article9"].columns),
                          [LAW.get(c, "") for c in KIND["article9"].columns]])
    import_tables(path, tmp_path / "out")
    profile = load(tmp_path / "out")
    assert profile.participation.deposit is not None and str(profile.participation.deposit.value) == "2017-07-10"
    assert profile.national_implementation.year is not None and profile.national_implementation.year.value == 2012


def test_a_formula_cell_is_refused_naming_the_cell(tmp_path: Path) -> None:
    """A formula is never evaluated nor taken as its text: the import stops at the cell that holds it."""
    path = book(tmp_path / "t.xlsx", participants=[PARTICIPANTS, [*XAA[:5], "=DATE(2018,1,1)", "", UNTC]])
    line = fails(["import", str(path), "-o", str(tmp_path / "out")], "cell F2 holds a formula (=DATE(2018,1,1))")
    assert f"{path}: sheet participants, row 2" in line


@pytest.mark.parametrize(("sheets", "message"), [
    ({"Sheet1": [PARTICIPANTS, XAA]}, "sheet Sheet1: not a table; sheets are named participants, article3"),
    ({"article3_research2": [PARTICIPANTS]}, "sheet article3_research2: not a table"),
    ({"nothing_research": [PARTICIPANTS]}, "research table for an unknown table 'nothing'"),
    ({"participants": [PARTICIPANTS, XAA], "ccm_participants": [PARTICIPANTS]},
     "sheets participants and ccm_participants are both the table ccm_participants.csv"),
    ({"participants": [PARTICIPANTS]}, "no table rows found; expected sheets named participants, article3"),
    ({"participants": [PARTICIPANTS, [*XAA, "x"]]}, "sheet participants, row 2: 9 cells, but the header has 8"),
])
def test_a_workbook_that_is_not_tables_is_one_line(tmp_path: Path, sheets: dict[str, list[list[object]]],
                                                   message: str) -> None:
    """Unknown, twin or empty sheets and overlong rows are errors naming the workbook and sheet."""
    path = book(tmp_path / "t.xlsx", **sheets)
    fails(["import", str(path), "-o", str(tmp_path / "out")], message)


def test_a_file_that_is_not_a_workbook_is_one_line(tmp_path: Path) -> None:
    """A text file, a zip of something else, or no file at all, named .xlsx, is refused cleanly."""
    (tmp_path / "text.xlsx").write_text("state,iso3\n", encoding="utf-8")
    fails(["import", str(tmp_path / "text.xlsx"), "-o", str(tmp_path / "out")], "not an .xlsx workbook (not a zip")
    with zipfile.ZipFile(tmp_path / "other.xlsx", "w") as archive:
        archive.writestr("hello.txt", "hello")
    fails(["import", str(tmp_path / "other.xlsx"), "-o", str(tmp_path / "out")], "not a readable .xlsx workbook")
    fails(["import", str(tmp_path / "missing.xlsx"), "-o", str(tmp_path / "out")], "no such workbook")


def test_a_zip_bomb_posing_as_a_workbook_is_refused_before_parsing(tmp_path: Path) -> None:
    """A workbook whose members unpack to more than the limit is refused from the zip's directory alone."""
    path = tmp_path / "bomb.xlsx"
    shutil.copy(book(tmp_path / "real.xlsx", participants=[PARTICIPANTS, XAA]), path)
    with zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        with archive.open("xl/media/padding.bin", "w") as member:
            zeros = bytes(1024 * 1024)
            for _ in range(MAX_UNPACKED // len(zeros) + 1):
                member.write(zeros)
    assert path.stat().st_size < 1024 * 1024
    fails(["import", str(path), "-o", str(tmp_path / "out")], "more than the 52,428,800 allowed")


def test_import_and_export_use_the_calendar_of_the_rules(tmp_path: Path) -> None:
    """A meeting only a rule pack's calendar knows is accepted with --rules and refused without it."""
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    with (rules / "convention.yaml").open("a", encoding="utf-8") as handle:
        handle.write("  - name: 99MSP\n    dates: 2030-09-02/2030-09-04\n    place: Geneva\n    source: test\n")
    tables = tmp_path / "tables"
    participants(tables)
    with (tables / "article4_clearance.csv").open("w", encoding="utf-8") as handle:
        handle.write(",".join(KIND["article4"].columns) + "\n"
                     + "Xanadu,XAA,,,,2031-08-01 granted at 99MSP on unknown,,,ongoing,,https://x.org\n")
    fails(["import", str(tables), "-o", str(tmp_path / "bundled")], "99MSP")
    code, _, err = run("import", str(tables), "-o", str(tmp_path / "out"), "--rules", str(rules))
    assert code == EXIT_OK, err
    # The bundled calendar cannot read the request back, so the export would lose it.
    assert "no column holds XAA clearance.extensions" in run("export", str(tmp_path / "out"), "-o",
                                                             str(tmp_path / "t.xlsx"))[2]
    assert run("export", str(tmp_path / "out"), "-o", str(tmp_path / "t.xlsx"), "--rules", str(rules))[::2] \
        == (EXIT_OK, "")


def test_a_profile_that_does_not_validate_names_the_table_cell(tmp_path: Path) -> None:
    """A deposit before the signature is reported at the table file, line and column that gave it."""
    tables = tmp_path / "tables"
    participants(tables, signature="2018-01-01")
    line = fails(["import", str(tables), "-o", str(tmp_path / "out")], "deposit 2017-07-10 is before signature")
    assert line.startswith(f"lapcheck: error: {tables / 'ccm_participants.csv'}:2: XAA.deposit: ")
