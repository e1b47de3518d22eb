"""lapcheck gaps: the unknown facts ranked by the undecided findings they block, and the questionnaire."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import openpyxl
from click.testing import CliRunner

from lapcheck.cli import EXIT_ERROR, EXIT_OK, cli
from lapcheck.engine import evaluate
from lapcheck.gaps import find_gaps
from lapcheck.profiles import load_profiles
from lapcheck.rules import load_rules

DAY = date(2026, 6, 30)
ROOT = Path(__file__).resolve().parent.parent


def run(*args: str) -> tuple[int, str, str]:
    """Run the CLI; exit code, stdout, stderr."""
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_article4_obligation_leads_the_snapshot_worklist() -> None:
    """On the bundled snapshot the Art 4 obligation blocks the most undecided findings (no closed list
    can settle it); Art 5 victims, mostly settled by the Monitor's list, remains for the States that
    joined after it. Each with its question and the column its answer goes in."""
    result = find_gaps(load_profiles(), load_rules(), DAY)
    assert result.overall[0].field == "article4.obligation"
    top = {g.field: g for g in result.overall}
    assert top["article4.obligation"].columns == ("article4.status",)
    assert top["article5.victims"].columns == ("article5.has_victims",)
    assert top["article5.victims"].question.endswith("?")
    counts = [g.findings for g in result.overall]
    assert counts == sorted(counts, reverse=True)


def test_every_undecided_finding_is_blocked_by_some_gap_and_counts_add_up() -> None:
    """Each insufficient finding of the report is waiting on at least one listed fact of its State,
    and the overall count of a fact is the sum of its States' counts."""
    profiles, rules = load_profiles(), load_rules()
    report = evaluate(profiles, rules, DAY, "python")
    undecided = {(f.state, f.check) for f in report.findings if f.status == "insufficient_data"}
    result = find_gaps(profiles, rules, DAY)
    assert result.undecided == len(undecided)
    blocked = {(g.state, c) for g in result.by_state for c in g.checks}
    assert blocked <= undecided and len(undecided - blocked) == result.imprecise
    for gap in result.overall:
        assert gap.findings == sum(g.findings for g in result.by_state if g.field == gap.field)


def test_a_fact_once_known_leaves_the_worklist() -> None:
    """Answering the top question for a State (here its Art 5 victims) removes that gap for it."""
    from lapcheck.model import Fact

    profiles, rules = load_profiles(), load_rules()
    state = next(g.state for g in find_gaps(profiles, rules, DAY).by_state if g.field == "article5.victims")
    (chosen,) = [p for p in profiles if p.iso3 == state]
    section = chosen.victim_assistance.model_copy(update={"victims": Fact[bool](value=False, source=[])})
    answered = chosen.model_copy(update={"victim_assistance": section})
    before = {g.field for g in find_gaps([chosen], rules, DAY).by_state}
    after = {g.field for g in find_gaps([answered], rules, DAY).by_state}
    assert "article5.victims" in before and "article5.victims" not in after


def test_gaps_cli_formats_and_area(tmp_path: Path) -> None:
    """The table ranks facts; JSON is the model; --area keeps that area's checks; --state the per-State rows."""
    code, out, _ = run("gaps", "--as-of", "2026-06-30")
    assert code == EXIT_OK and "article4.obligation" in out.split("\n")[4]
    code, out, _ = run("gaps", "--as-of", "2026-06-30", "--format", "json", "--area", "victim-assistance")
    data = json.loads(out)
    assert code == EXIT_OK and {g["field"].split(".")[0] for g in data["overall"]} <= {"article5", "cross_cutting"}
    code, out, _ = run("gaps", "--as-of", "2026-06-30", "--state", "Lao People's Democratic Republic",
                       "--format", "csv")
    assert code == EXIT_OK and out.startswith("State,Fact,Findings")
    assert {line.split(",")[0] for line in out.splitlines()[1:]} == {"LAO"}
    assert run("gaps", "--format", "xlsx")[0] == EXIT_ERROR


def test_questionnaire_reads_back_its_answers(tmp_path: Path) -> None:
    """The xlsx questionnaire's sheets are tables: imported blank they change nothing; an answer typed in
    the asked cell, with its source, becomes the fact and closes the gap."""
    book = tmp_path / "q.xlsx"
    code, _, err = run("gaps", "--as-of", "2026-06-30", "--state", "LAO", "--format", "xlsx", "-o", str(book))
    assert code == EXIT_OK, err
    sheets = openpyxl.load_workbook(book)
    questions = [[c.value for c in r] for r in sheets["questions"].iter_rows()]
    asked = next(q for q in questions[1:] if q[3] == "investment_ban")
    profiles = tmp_path / "profiles"
    shutil.copytree(ROOT / "fixtures" / "profiles", profiles)
    assert run("import", str(book), "-o", str(profiles))[0] == EXIT_OK
    assert (profiles / "LAO.yaml").read_text(encoding="utf-8") == \
        (ROOT / "fixtures" / "profiles" / "LAO.yaml").read_text(encoding="utf-8")
    sheet = sheets[asked[2]]
    header = [c.value for c in sheet[1]]
    sheet.cell(2, header.index("investment_ban") + 1, "yes")
    sheet.cell(2, header.index("source") + 1, "https://isu.example/lao")
    sheets.save(book)
    assert run("import", str(book), "-o", str(profiles))[0] == EXIT_OK
    (lao,) = load_profiles(profiles / "LAO.yaml")
    ban = lao.national_implementation.investment_ban
    assert ban is not None and ban.value is True and lao.cite(ban.source) == ["https://isu.example/lao"]
    remaining = {g.field for g in find_gaps([lao], load_rules(), DAY).by_state}
    assert "article9.investment_ban" not in remaining
