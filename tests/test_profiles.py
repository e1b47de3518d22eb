"""State profiles: loading, and one negative fixture per failure kind."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

import lapcheck
from lapcheck.dates import PartialDate
from lapcheck.errors import MultipleErrors, ProfileError

P = PartialDate.parse
D = date
def write(folder: Path, name: str, text: str) -> Path:
    """Write one profile file and return its path."""
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


# --- good profiles ------------------------------------------------------------------------
LAO = """\
# Hand-made for tests: Lao PDR's Article 4 extension.
iso3: LAO
name: Lao PDR
sources:
  untc: https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=XXVI-6&chapter=26&clang=_en
  mar: https://www.mineactionreview.org/country/lao-pdr
participation:
  signature: {value: 2008-12-03, source: untc}
  deposit: {value: 2009-03-18, source: [untc]}
  instrument: ratification
  withdrawal_notified: false
clearance:
  obligation: {value: true, source: mar, note: contaminated since the 1960s}
  completed: false
  extensions:
    - decision: granted
      meeting: 9MSP
      meeting_date: 2019-09-02/2019-09-04
      new_deadline: 2025-08-01
      source: mar
transparency:
  initial_report: 2011
  annual_reports:
    - {year: 2023, submitted: 2024-04-30}
    - {year: 2022, submitted: true}
"""


def test_a_good_profile_loads_with_typed_facts(tmp_path: Path) -> None:
    """Bare values and full forms both load; dates keep their precision and a single source becomes a list."""
    (profile,) = lapcheck.load_profiles(write(tmp_path, "LAO.yaml", LAO))
    part = profile.participation
    assert (profile.iso3, profile.name) == ("LAO", "Lao PDR")
    assert part.signature is not None and part.signature.value == P("2008-12-03")
    assert part.signature.source == ["untc"]
    assert part.deposit is not None and part.deposit.value == P("2009-03-18")
    assert part.instrument is not None and part.instrument.value == "ratification"
    assert part.withdrawal_notified is not None and part.withdrawal_notified.value is False
    assert profile.clearance.obligation is not None and profile.clearance.obligation.value is True
    assert profile.clearance.obligation.note == "contaminated since the 1960s"
    (ext,) = profile.clearance.extensions
    assert (ext.decision, ext.meeting, ext.meeting_date, ext.new_deadline) == (
        "granted",
        "9MSP",
        P("2019-09-02/2019-09-04"),
        P("2025-08-01"),
    )
    initial = profile.transparency.initial_report
    assert initial is not None and initial.value == P("2011") and initial.value.precision == "year"
    assert [(r.year, r.submitted) for r in profile.transparency.annual_reports] == [
        (2023, P("2024-04-30")),
        (2022, True),
    ]
    assert profile.cite(["mar", "CCM/MSP/2019/9"]) == [
        "https://www.mineactionreview.org/country/lao-pdr",
        "CCM/MSP/2019/9",
    ]


def test_a_folder_loads_sorted_by_iso_code(tmp_path: Path) -> None:
    """Every .yaml/.yml file in a folder (recursively) loads; the result is sorted by ISO code."""
    write(tmp_path, "z.yaml", "iso3: AFG\nname: Afghanistan\n")
    (tmp_path / "sub").mkdir()
    write(tmp_path / "sub", "a.yml", "iso3: ZMB\nname: Zambia\n")
    write(tmp_path, "m.yaml", "iso3: BEN\nname: Benin\n")
    write(tmp_path, "notes.txt", "not a profile")
    assert [p.iso3 for p in lapcheck.load_profiles(tmp_path)] == ["AFG", "BEN", "ZMB"]


def test_user_assigned_codes_are_accepted_for_tests(tmp_path: Path) -> None:
    """ISO's user-assigned X.. codes are valid, so fictitious test States need no real code."""
    (profile,) = lapcheck.load_profiles(write(tmp_path, "x.yaml", "iso3: XAA\nname: Testland\n"))
    assert profile.iso3 == "XAA"


def test_sources_may_be_urls_or_document_symbols_without_a_key(tmp_path: Path) -> None:
    """A citation with ':', '/' or a space is a citation in itself and needs no sources entry."""
    text = (
        "iso3: HRV\nname: Croatia\nparticipation:\n"
        "  deposit:\n    value: 2009-08-17\n"
        "    source: [https://treaties.un.org, CCM/MSP/2010/5, UNTC status page]\n"
    )
    (profile,) = lapcheck.load_profiles(write(tmp_path, "HRV.yaml", text))
    assert profile.participation.deposit is not None
    assert len(profile.participation.deposit.source) == 3


def test_an_unknown_source_key_in_a_list_item_is_found_with_its_line(tmp_path: Path) -> None:
    """Citations are checked in list items too (an annual report, an extension), and the error
    names the item's key path and line."""
    text = (
        "iso3: HRV\nname: Croatia\nsources: {isu: 'https://x'}\ntransparency:\n  annual_reports:\n"
        "    - {year: 2022, submitted: 2023-04-30, source: isu}\n"
        "    - {year: 2023, submitted: 2024-04-30, source: [isu, usi]}\n"
    )
    with pytest.raises(ProfileError) as caught:
        lapcheck.load_profiles(write(tmp_path, "HRV.yaml", text))
    assert (caught.value.line, caught.value.key) == (7, "transparency.annual_reports[1].source")
    assert "source 'usi' is not a key of 'sources'" in str(caught.value)


def test_several_bad_files_are_all_reported(tmp_path: Path) -> None:
    """With more than one bad file, one MultipleErrors carries each file's own error."""
    write(tmp_path, "a.yaml", "iso3: QQQ\nname: A\n")
    write(tmp_path, "b.yaml", "iso3: HRV\n")
    with pytest.raises(MultipleErrors) as info:
        lapcheck.load_profiles(tmp_path)
    assert [Path(e.path or "").name for e in info.value.errors] == ["a.yaml", "b.yaml"]


def test_withdrawal_after_an_undated_deposit_is_accepted(tmp_path: Path) -> None:
    """A deposit known to have happened (true, date unknown) is one that a withdrawal may follow."""
    text = "iso3: LTU\nname: Lithuania\nparticipation:\n  deposit: true\n  withdrawal_notified: 2024-09-06\n"
    (profile,) = lapcheck.load_profiles(write(tmp_path, "LTU.yaml", text))
    assert profile.participation.deposit is not None and profile.participation.deposit.value is True
