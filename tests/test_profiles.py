"""State profiles: loading, one negative fixture per failure kind, and the facts derived as of a date."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import lapcheck
from lapcheck.dates import PartialDate
from lapcheck.errors import MultipleErrors, ProfileError
from lapcheck.facts import Context
from lapcheck.model import Profile

P = PartialDate.parse
D = date
BAD = Path(__file__).parent / "data" / "bad_profiles"


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


# --- one negative fixture per failure kind --------------------------------------------------
BAD_CASES: dict[str, tuple[str, int, str | None, str]] = {
    # fixture: (file that is wrong, line, key path, message fragment)
    "compliance_before_completion.yaml": (
        "compliance_before_completion.yaml",
        10,
        "stockpiles.compliance_declared",
        "compliance declared 2014-09-01 before completion 2015-06-30",
    ),
    "decided_before_submitted.yaml": (
        "decided_before_submitted.yaml",
        7,
        "clearance.extensions[0].decided",
        "decided 2018-09-05 before it was submitted 2019-01-10",
    ),
    "deposit_before_signature.yaml": (
        "deposit_before_signature.yaml",
        5,
        "participation.deposit",
        "deposit 2008-12-03 is before signature 2011-03-24",
    ),
    "duplicate_iso": (
        "duplicate_iso/b.yaml",
        2,
        "iso3",
        "duplicate ISO code 'HRV' (also in {BAD}/duplicate_iso/a.yaml)",
    ),
    "extension_not_after_original.yaml": (
        "extension_not_after_original.yaml",
        13,
        "clearance.extensions[0].new_deadline",
        "new deadline 2020-08-01 does not extend the deadline 2020-08-01",
    ),
    "granted_without_new_deadline.yaml": (
        "granted_without_new_deadline.yaml",
        5,
        "clearance.extensions[0]",
        "a granted extension needs new_deadline",
    ),
    "invalid_date.yaml": (
        "invalid_date.yaml",
        5,
        "participation.deposit",
        "'2021-02-30' is not a calendar date",
    ),
    "missing_name.yaml": ("missing_name.yaml", 1, None, "missing required key 'name'"),
    "top_level_list.yaml": ("top_level_list.yaml", 1, None, "expected a mapping of profile keys, got a list"),
    "unknown_iso_code.yaml": ("unknown_iso_code.yaml", 1, "iso3", "'QQQ' is not an ISO 3166-1 alpha-3 code"),
    "unknown_key_typo.yaml": ("unknown_key_typo.yaml", 8, "clearance.obligaton", "unknown key 'obligaton'"),
    "unknown_source_key.yaml": (
        "unknown_source_key.yaml",
        7,
        "participation.deposit.source",
        "source 'untcc' is not a key of 'sources' (nor a URL or document symbol)",
    ),
    "withdrawal_before_deposit.yaml": (
        "withdrawal_before_deposit.yaml",
        6,
        "participation.withdrawal_notified",
        "withdrawal 2011-03-01 is before the deposit",
    ),
    "wrong_type.yaml": (
        "wrong_type.yaml",
        6,
        "risk_education.reported_years[1]",
        "Input should be a valid integer (got 'twenty')",
    ),
}


@pytest.mark.parametrize("fixture", sorted(BAD_CASES))
def test_bad_profile(fixture: str) -> None:
    """Each broken profile raises one ProfileError naming file, line and key path, saying what is wrong."""
    file, line, key, message = BAD_CASES[fixture]
    with pytest.raises(ProfileError) as info:
        lapcheck.load_profiles(BAD / fixture)
    error = info.value
    assert error.path == str(BAD / file)
    assert (error.line, error.key) == (line, key)
    assert message.replace("{BAD}", str(BAD)) in error.message
    assert str(error).startswith(f"{BAD / file}:{line}:" + (f" {key}:" if key else ""))


def test_every_bad_profile_fixture_is_listed() -> None:
    """The negative fixtures on disk and the table above stay in step."""
    assert sorted(p.name for p in BAD.iterdir()) == sorted(BAD_CASES)


# --- facts as of a date ---------------------------------------------------------------------
def profile(**participation: Any) -> Profile:
    """A profile of a fictitious State with the given participation facts."""
    return Profile.model_validate({"iso3": "XAA", "name": "Testland", "participation": participation})


def facts(p: Profile, as_of: date, *names: str) -> tuple[Any, ...]:
    """The values of ``names`` for ``p`` as of a day."""
    ctx = Context(p, as_of)
    return tuple(ctx.get(name).value for name in names)


# Lithuania as the depositary's table gives it: signed 3 Dec 2008, ratified 24 Mar 2011 (EIF 1 Sep
# 2011), withdrawal effective 6 Mar 2025.
LITHUANIA = profile(signature="2008-12-03", deposit="2011-03-24", withdrawal_effective="2025-03-06")


@pytest.mark.parametrize(
    ("as_of", "status", "in_force"),
    [
        (D(2008, 12, 2), "non_signatory", False),
        (D(2008, 12, 3), "signatory", False),
        (D(2011, 3, 23), "signatory", False),
        (D(2011, 3, 24), "state_party", False),
        (D(2011, 8, 31), "state_party", False),
        (D(2011, 9, 1), "state_party", True),
        (D(2024, 9, 6), "state_party", True),
        (D(2025, 3, 5), "state_party", True),
        (D(2025, 3, 6), "withdrawn", False),
        (D(2026, 1, 1), "withdrawn", False),
    ],
)
def test_status_and_in_force_follow_the_dates(as_of: date, status: str, in_force: bool) -> None:
    """A State signs, becomes a party on deposit, is bound from EIF, and withdrawn from the effective day."""
    assert facts(LITHUANIA, as_of, "participation.status", "participation.in_force") == (status, in_force)


def test_entry_into_force_fact() -> None:
    """The EIF fact is computed from the deposit (Art 17) whatever the as-of date."""
    assert facts(LITHUANIA, D(2009, 1, 1), "participation.entry_into_force") == (P("2011-09-01"),)


NOTIFIED_ONLY = profile(signature="2008-12-03", deposit="2011-03-24", withdrawal_notified="2024-09-06")


@pytest.mark.parametrize(
    ("as_of", "status", "withdrawal"),
    [
        (D(2024, 9, 6), "state_party", P("2025-03-06")),
        (D(2025, 3, 5), "state_party", P("2025-03-06")),
        (D(2025, 3, 6), "withdrawn", P("2025-03-06")),
    ],
)
def test_a_notified_withdrawal_takes_effect_six_months_later(
    as_of: date, status: str, withdrawal: PartialDate
) -> None:
    """With only the notification (6 Sep 2024) on record, the withdrawal takes effect 6 Mar 2025."""
    assert facts(NOTIFIED_ONLY, as_of, "participation.status", "participation.withdrawal_effective") == (
        status,
        withdrawal,
    )


def test_a_party_is_not_withdrawn_before_it_notified_withdrawal() -> None:
    """Before notifying withdrawal (6 Sep 2024) a State that deposited in 2011 is a party and bound."""
    assert facts(NOTIFIED_ONLY, D(2020, 1, 1), "participation.status", "participation.in_force") == (
        "state_party",
        True,
    )


@pytest.mark.parametrize(
    ("as_of", "status", "in_force"),
    [
        (D(2017, 7, 15), None, None),
        (D(2017, 8, 1), "state_party", False),
        (D(2017, 12, 31), "state_party", False),
        (D(2018, 1, 1), "state_party", True),
    ],
)
def test_a_deposit_known_to_the_month(as_of: date, status: str | None, in_force: bool | None) -> None:
    """A deposit in July 2017 is unknown during July, certain after it, and binding from 1 Jan 2018."""
    p = profile(signature="2008-12-03", deposit="2017-07", withdrawal_notified=False)
    assert facts(p, as_of, "participation.status", "participation.in_force") == (status, in_force)


def test_status_is_unknown_without_withdrawal_facts() -> None:
    """A deposit with nothing said about withdrawal leaves the status unknown: absent is never false."""
    p = profile(signature="2008-12-03", deposit="2011-03-24")
    assert facts(p, D(2020, 1, 1), "participation.status") == (None,)


def clearance(**section: Any) -> Profile:
    """Lao PDR (deposit 18 Mar 2009, EIF 1 Aug 2010) with the given clearance facts."""
    return Profile.model_validate(
        {
            "iso3": "LAO",
            "name": "Lao PDR",
            "participation": {
                "signature": "2008-12-03",
                "deposit": "2009-03-18",
                "withdrawal_notified": False,
            },
            "clearance": section,
        }
    )


@pytest.mark.parametrize(
    ("completed", "as_of", "happened", "when"),
    [
        (True, D(2030, 1, 1), None, None),
        (False, D(2030, 1, 1), False, None),
        ("2020-07-10", D(2020, 7, 9), False, None),
        ("2020-07-10", D(2020, 7, 10), True, P("2020-07-10")),
        ("2020", D(2020, 6, 1), None, None),
        ("2020", D(2021, 1, 1), True, P("2020")),
        ({"value": True, "date": "2020"}, D(2019, 12, 31), False, None),
        ({"value": True, "date": "2020"}, D(2020, 6, 1), None, None),
        ({"value": True, "date": "2020"}, D(2021, 1, 1), True, None),
        ({"value": False, "as_of": "2023-06-30"}, D(2023, 1, 1), False, None),
        ({"value": False, "as_of": "2023-06-30"}, D(2024, 1, 1), None, None),
    ],
)
def test_events_as_of_a_date(
    completed: Any, as_of: date, happened: bool | None, when: PartialDate | None
) -> None:
    """true without a date is unknown, false is false (until the source's as_of), a date counts from then."""
    assert facts(clearance(completed=completed), as_of, "article4.completed", "article4.completion") == (
        happened,
        when,
    )


def test_an_absent_event_is_unknown() -> None:
    """An event the profile does not mention is unknown, not false."""
    assert facts(clearance(), D(2030, 1, 1), "article4.completed") == (None,)


LAO_EXTENDED = clearance(
    obligation=True,
    extensions=[
        {
            "decision": "granted",
            "meeting": "9MSP",
            "meeting_date": "2019-09-02/2019-09-04",
            "new_deadline": "2025-08-01",
        }
    ],
)


@pytest.mark.parametrize(
    ("as_of", "deadline", "granted", "extended"),
    [
        (D(2019, 6, 30), P("2020-08-01"), 0, False),
        (D(2019, 9, 3), None, None, None),
        (D(2019, 9, 5), P("2025-08-01"), 1, True),
        (D(2024, 1, 1), P("2025-08-01"), 1, True),
    ],
)
def test_an_extension_counts_only_from_its_meeting(
    as_of: date, deadline: PartialDate | None, granted: int | None, extended: bool | None
) -> None:
    """The 2019 grant does not reach back: before 9MSP the deadline in force is still 1 Aug 2020."""
    names = (
        "article4.original_deadline",
        "article4.deadline",
        "article4.extensions_granted",
        "article4.extended",
    )
    assert facts(LAO_EXTENDED, as_of, *names) == (P("2020-08-01"), deadline, granted, extended)


def test_reporting_deadlines_from_the_profile() -> None:
    """A first-30 State's initial report was due 28 Jan 2011; on 1 May 2024 the 2023 report was due 30 Apr."""
    names = ("article7.initial_report_due", "article7.annual_year", "article7.annual_due")
    assert facts(LAO_EXTENDED, D(2024, 5, 1), *names) == (P("2011-01-28"), 2023, P("2024-04-30"))


_KEYS = st.sampled_from(["untc", "mar", "lm", "CCM/MSP/2019/9", "https://example.org/a"])


@given(
    table=st.dictionaries(st.sampled_from(["untc", "mar", "lm"]),
                          st.sampled_from(["A", "B", "CCM/MSP/2019/9"])),
    source=st.lists(_KEYS, max_size=4),
    extra=st.lists(st.sampled_from(["CCM Article 17 (entry into force)", "A", "untc"]), max_size=2),
    absent=st.booleans(),
)
@example(table={}, source=["untc"], extra=["untc"], absent=False)  # the extra repeats the source
@example(table={"untc": "A"}, source=["untc"], extra=["A"], absent=False)  # ... once expanded
def test_citations_are_the_expanded_sources_then_the_extras_each_once(
    table: dict[str, str], source: list[str], extra: list[str], absent: bool
) -> None:
    """cite() takes short cuts for one source or none; whatever the sources, keys and extras, it gives
    every expanded source and then every extra, in order, each once."""
    p = Profile.model_validate({"iso3": "XAA", "name": "Testland", "sources": table,
                                "participation": {"deposit": {"value": "2011-03-24", "source": source}}})
    fact = None if absent else p.participation.deposit
    expected = tuple(dict.fromkeys([*([] if fact is None else [table.get(s, s) for s in source]), *extra]))
    assert Context(p, date(2026, 11, 28)).cite(fact, *extra) == expected


@pytest.mark.parametrize("as_of", [date(2009, 6, 1), date(2016, 1, 1), date(2026, 11, 28)])
def test_uncited_facts_have_the_cited_values_and_no_profile_sources(as_of: date) -> None:
    """The engines decide on facts derived without citations: for every bundled profile and every
    field, the same value as with them, citing no source of the profile's."""
    from lapcheck.deadlines import bundled_calendar
    from lapcheck.facts import FIELDS

    calendar = bundled_calendar()
    articles = {calendar.eif_citation, calendar.reports_citation, calendar.withdrawal_citation,
                *(clock.citation for clock in calendar.duties.values())}
    for p in lapcheck.load_profiles():
        cited, uncited = Context(p, as_of), Context(p, as_of, cited=False)
        for name in FIELDS:
            plain = uncited.get(name)
            assert plain.value == cited.get(name).value, (p.iso3, name)
            assert set(plain.sources) <= articles, (p.iso3, name)
