"""The static site of ``lapcheck report``, tested by parsing its pages as a browser would (html5lib)."""

from __future__ import annotations

import base64
import hashlib
import re
from datetime import date
from pathlib import Path
from typing import cast
from xml.etree.ElementTree import Element

import html5lib
import pytest
from click.testing import CliRunner

import lapcheck
from lapcheck.cli import EXIT_ERROR, EXIT_OK, cli
from lapcheck.errors import InputError
from lapcheck.indicators import history_dates, summarize, trend
from lapcheck.model import Profile, Trend
from lapcheck.report.site import MARKER, build_site, write_site
from lapcheck.report.site.view import SEVERITY, STATUS_LABELS, source, state_page, worst
from lapcheck.rules import Rules
from lapcheck.waivers import apply_waivers, load_waivers
from tests.conftest import DATA

AS_OF = date(2026, 11, 28)
HOSTILE_NAME = "<script>alert(1)</script>"
HOSTILE_URL = "javascript:alert(1)"
SVG = "{http://www.w3.org/2000/svg}"
STATES = ["HRV", "IDN", "LAO"]


def parse(path: Path) -> Element:
    """A page's document tree, parsed as a browser parses it."""
    return cast(Element, html5lib.parse(path.read_bytes(), namespaceHTMLElements=False))


def text(element: Element) -> str:
    """An element's text content, whitespace collapsed."""
    return " ".join("".join(element.itertext()).split())


def site_trend(profiles: list[Profile], rules: Rules, as_of: date, engine: str = "python") -> Trend:
    """The trend a report shows, as ``lapcheck report`` computes it."""
    return trend(profiles, rules, history_dates(rules, as_of), engine)


AREAS = {a.id: a.title for a in lapcheck.load_rules().plan.areas}


def build(profiles: list[Profile], rules: Rules, out: Path, fmt: str = "html") -> list[Path]:
    """Evaluate, attach the test waivers, summarise and write the site, as ``lapcheck report`` does."""
    states = {p.iso3 for p in profiles}
    waivers = [w for w in load_waivers(DATA / "waivers.yaml", rules, STATES) if w.state in states]
    report = apply_waivers(lapcheck.evaluate(profiles, rules, AS_OF, "python"), waivers)
    summary = summarize(profiles, rules, AS_OF, report.decisions(), waivers)
    return build_site(report, summary, site_trend(profiles, rules, AS_OF), profiles, rules, out, fmt)


@pytest.fixture(scope="module")
def small_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site of the three test States as of 2026-11-28."""
    out = tmp_path_factory.mktemp("site") / "site"
    build(lapcheck.load_profiles(DATA / "profiles"), lapcheck.load_rules(DATA / "rules"), out)
    return out


def hostile(folder: Path) -> Profile:
    """Lao PDR renamed to a script tag and citing a ``javascript:`` URL for its treaty facts, read
    from a profile file written in ``folder`` as a user would write it."""
    text = (DATA / "profiles" / "LAO.yaml").read_text(encoding="utf-8")
    text = text.replace("name: Lao PDR", f"name: '{HOSTILE_NAME}'")
    text = re.sub(r"untc: \S+", f"untc: '{HOSTILE_URL}'", text)
    path = folder / "LAO.yaml"
    path.write_text(text, encoding="utf-8")
    return lapcheck.load_profiles(path)[0]


@pytest.fixture
def hostile_profile(tmp_path: Path) -> Profile:
    """The hostile Lao PDR of :func:`hostile`."""
    return hostile(tmp_path)


def described(article: Element) -> dict[str, str]:
    """A finding's description list: term → text."""
    dl = article.find("dl")
    assert dl is not None
    return {text(dt): text(dd) for dt, dd in zip(dl.findall("dt"), dl.findall("dd"), strict=True)}


def rows(page: Element) -> list[Element]:
    """The body rows of the index's State table."""
    table = page.find(".//table[@id='states']")
    assert table is not None
    return table.findall("./tbody/tr")


# --- the index ----------------------------------------------------------------------------------
def test_index_has_one_row_per_state_linking_to_its_page(small_site: Path) -> None:
    """The index table has one row per State, each with a link to a State page that exists."""
    body = rows(parse(small_site / "index.html"))
    names = [text(r.find("th/a")) for r in body]
    assert names == ["Croatia", "Indonesia", "Lao PDR"]
    for row in body:
        href = row.find("th/a").get("href")
        assert re.fullmatch(r"states/[A-Z]{3}\.html", href)
        assert (small_site / href).is_file()


def test_index_columns_are_the_lap_areas(small_site: Path) -> None:
    """After State and participation, the columns are the LAP areas in order, each cell naming its status."""
    page = parse(small_site / "index.html")
    headers = [text(th) for th in page.findall(".//table[@id='states']/thead/tr/th")]
    assert headers == ["State", "Participation", *AREAS.values()]
    for row in rows(page):
        cells = row.findall("td[@data-area]")
        assert [c.get("data-area") for c in cells] == list(AREAS)
        for cell in cells:
            status = cell.get("data-status")
            assert text(cell).startswith(STATUS_LABELS[status] if status else "no checks")


def test_cell_shows_the_worst_status_of_the_area(small_site: Path) -> None:
    """Lao PDR's clearance cell shows non-compliant (its worst clearance finding), as text and class."""
    lao = next(r for r in rows(parse(small_site / "index.html")) if text(r.find("th")).startswith("Lao"))
    cell = lao.find("td[@data-area='clearance']")
    assert cell is not None and cell.get("data-status") == "non_compliant"
    assert "c-non_compliant" in cell.get("class", "").split()
    assert text(cell) == "Non-compliant"
    assert worst(["compliant", "at_risk", "not_applicable"]) == "at_risk"
    assert worst(["insufficient_data", "error"]) == "error" and worst([]) is None
    assert SEVERITY == ("error", "non_compliant", "at_risk", "insufficient_data", "not_yet", "compliant", "done",
                        "not_applicable")
    assert worst(["done", "not_yet", "compliant"]) == "not_yet"  # progress not yet made is no breach ...
    assert worst(["not_yet", "insufficient_data"]) == "insufficient_data"  # ... and comes after the unknown


def test_index_counts_every_finding_by_status(small_site: Path) -> None:
    """The counts table gives one count per status, and they add up to every finding."""
    table = parse(small_site / "index.html").find(".//table[@class='counts']")
    assert table is not None
    statuses = [text(th) for th in table.findall("./thead/tr/th")][1:]
    counted = dict(zip(statuses, (int(text(td)) for td in table.findall("./tbody/tr/td")), strict=True))
    assert list(counted) == [STATUS_LABELS[s] for s in SEVERITY]
    assert sum(counted.values()) == 3 * 2  # three States, two checks


def test_index_filters_offer_areas_statuses_and_participation(small_site: Path) -> None:
    """The filters list every area and status, and the participation statuses present."""
    page = parse(small_site / "index.html")

    def options(select: str) -> list[str]:
        return [o.get("value", "") for o in page.findall(f".//select[@id='{select}']/option")][1:]

    assert options("f-area") == list(AREAS)
    assert options("f-status") == list(SEVERITY)
    assert options("f-participation") == ["state_party", "signatory"]
    assert {r.get("data-participation") for r in rows(page)} == {"state_party", "signatory"}


# --- State pages --------------------------------------------------------------------------------
def test_state_page_shows_findings_evidence_and_unknowns(small_site: Path) -> None:
    """Lao PDR's page: participation dates, each finding with status, rationale, articles and
    evidence, its expired waiver, and what is unknown."""
    page = parse(small_site / "states" / "LAO.html")
    assert text(page.find(".//h1")) == "Lao PDR LAO"
    participation = text(page.find(".//table"))
    assert "18 March 2009" in participation and "1 August 2010" in participation
    findings = page.findall(".//article")
    assert [f.get("id") for f in findings] == ["check-clearance-by-deadline", "check-signatory-ratified"]
    clearance = described(findings[0])
    assert clearance["Status"] == "Non-compliant"
    assert clearance["Rationale"].startswith("Article 4 deadline 1 August 2025 has passed")
    assert clearance["Convention articles"] == "4.1" and clearance["LAP actions"] == "none cited"
    assert clearance["Waiver"].startswith("Expired: Extension request submitted")
    assert "Waiver" not in described(findings[1])
    evidence = {text(r.find("th")): r for r in findings[0].findall(".//table/tbody/tr")}
    assert text(evidence["article4.deadline"].find("td")) == "1 August 2025"
    links = [a.get("href") for a in evidence["article4.deadline"].findall(".//a")]
    assert "https://www.mineactionreview.org/country/lao-pdr" in links
    unknown = page.find(".//section[@id='unknown']")
    assert unknown is not None
    assert [text(r.find("th")) for r in unknown.findall(".//tbody/tr")] == ["article4.completion"]
    assert unknown.find(".//a[@href='#check-clearance-by-deadline']") is not None


def test_state_page_links_back(small_site: Path) -> None:
    """A State page links to the index and the indicators one folder up."""
    hrefs = {a.get("href") for a in parse(small_site / "states" / "IDN.html").findall(".//nav/a")}
    assert hrefs == {"../index.html", "../indicators.html"}


# --- indicators -----------------------------------------------------------------------------------
def test_indicators_page_has_every_indicator_and_charts(small_site: Path) -> None:
    """Every indicator has a row; the status chart has a bar per check summing to the States; each
    indicator has a trend chart with a point per year 2010..2026."""
    page = parse(small_site / "indicators.html")
    table = page.find(".//table[@id='indicators']")
    assert table is not None
    ids = [text(r.find("th/code")) for r in table.findall("./tbody/tr")]
    assert ids == ["article4-pending", "joined", "signatories-ratified"]
    charts = page.findall(f".//{SVG}svg")
    bars = charts[0].findall(f"{SVG}g")
    assert len(bars) == 2
    for bar in bars:
        assert [text(t) for t in bar.findall(f"{SVG}text[@class='total']")] == ["3"]
        segments = [text(t) for t in bar.findall(f"{SVG}rect/{SVG}title")]  # "check: 2 compliant"
        assert sum(int(t.split(": ")[1].split()[0]) for t in segments) == 3
    trends = charts[1:]
    assert len(trends) == 3
    for chart in trends:
        assert chart.get("role") == "img" and chart.find(f"{SVG}title") is not None
        assert len(chart.findall(f"{SVG}circle")) == (2026 - 2010 + 1) + 1  # each year's eve, then the as-of date


def test_trend_points_are_meeting_eves_and_the_as_of_date(
    small_profiles: list[Profile], small_rules: Rules
) -> None:
    """The trend takes the eve of each year's meeting from 2010 (1 September where unsourced; the
    3MSP opened on 11 Sep 2012), then the as-of date; never a later day."""
    points = site_trend(small_profiles, small_rules, date(2012, 11, 1), "python").points
    assert [p.as_of for p in points] == ["2010-09-01", "2011-09-01", "2012-09-10", "2012-11-01"]
    points = site_trend(small_profiles, small_rules, date(2011, 9, 2), "python").points
    assert [p.as_of for p in points] == ["2010-09-01", "2011-09-01", "2011-09-02"]


# --- accessibility and self-containment ---------------------------------------------------------
@pytest.mark.parametrize("page", ["index.html", "indicators.html", "states/LAO.html"])
def test_pages_are_accessible_tables_in_english(small_site: Path, page: str) -> None:
    """Each page declares its language; every table has a caption; every header cell has a scope."""
    doc = parse(small_site / page)
    assert doc.get("lang") == "en"
    tables = doc.findall(".//table")
    assert tables
    for table in tables:
        assert table.find("caption") is not None
        for th in table.iter("th"):
            assert th.get("scope") in ("col", "row")


@pytest.mark.parametrize("page", ["index.html", "indicators.html", "states/LAO.html"])
def test_pages_fetch_nothing_and_run_only_their_own_script(small_site: Path, page: str) -> None:
    """No element loads anything; the CSP forbids every fetch and allows only the page's own inline
    script and style, by hash."""
    doc = parse(small_site / page)
    loading = ("link", "iframe", "object", "embed", "img")
    assert not [e for e in doc.iter() if e.get("src") is not None or e.tag in loading]
    csp = doc.find(".//meta[@http-equiv='Content-Security-Policy']")
    assert csp is not None
    policy = dict(d.strip().split(" ", 1) for d in csp.get("content", "").split(";"))
    assert policy["default-src"] == "'none'"

    def digest(element: Element) -> str:
        sha = hashlib.sha256((element.text or "").encode()).digest()
        return f"'sha256-{base64.b64encode(sha).decode()}'"

    assert policy["style-src"] == digest(doc.find(".//style"))
    scripts = doc.findall(".//script")
    assert policy["script-src"] == (digest(scripts[0]) if scripts else "'none'")
    assert len(scripts) == (1 if page == "index.html" else 0)


# --- escaping -------------------------------------------------------------------------------------
def test_hostile_name_and_url_render_as_text(
    tmp_path: Path, hostile_profile: Profile, small_rules: Rules
) -> None:
    """A State named ``<script>…`` is text on every page, and a ``javascript:`` source is never a link."""
    out = tmp_path / "site"
    build([hostile_profile], small_rules, out)
    for path in (out / "index.html", out / "indicators.html", out / "states" / "LAO.html"):
        doc = parse(path)
        for script in doc.iter("script"):
            assert "alert" not in (script.text or "")
        for element in doc.iter():
            assert not [name for name in element.attrib if name.startswith("on")]
        for a in doc.iter("a"):
            href = a.get("href", "")
            assert href.startswith(("https://", "http://", "#", "../", "states/", "index.", "indicators."))
    state = parse(out / "states" / "LAO.html")
    assert text(state.find(".//h1")) == f"{HOSTILE_NAME} LAO"
    cited = [text(s) for s in state.iter("span") if s.get("class") == "cite"]
    assert HOSTILE_URL in cited
    index = parse(out / "index.html")
    assert text(rows(index)[0].find("th/a")) == HOSTILE_NAME


def test_hostile_name_and_url_are_inert_in_markdown(
    tmp_path: Path, hostile_profile: Profile, small_rules: Rules
) -> None:
    """The Markdown twin escapes the hostile name and does not make the ``javascript:`` URL a link."""
    out = tmp_path / "site"
    build([hostile_profile], small_rules, out, "markdown")
    for path in out.rglob("*.md"):
        body = path.read_text(encoding="utf-8")
        assert "<script>" not in body
        assert f"]({HOSTILE_URL}" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in (out / "states" / "LAO.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(("citation", "link"), [
    ("https://treaties.un.org/doc?a=1&b=2", True),
    ("http://www.mineactionreview.org/country/lao-pdr", True),
    ("javascript:alert(1)", False),
    ("JavaScript:alert(1)", False),
    (" https://example.org/", False),
    ("https://example.org/\nx", False),
    ("data:text/html,<script>alert(1)</script>", False),
    ("https://", False),
    ("//example.org/x", False),
    ("CCM Article 17 (entry into force)", False),
    ("CCM/MSP/2023/5", False),
])
def test_only_http_urls_become_links(citation: str, link: bool) -> None:
    """Only a plain http(s) URL with a host is linked; anything else stays text."""
    assert (source(citation).href is not None) is link


# --- file names and the folder swap ---------------------------------------------------------------
@pytest.mark.parametrize("code", ["../../etc/passwd", "LA", "lao", "LAO/", "LAO\n", "ÄÖÜ", ""])
def test_page_names_come_only_from_iso_codes(code: str) -> None:
    """Anything but three capital letters is refused as a page name."""
    with pytest.raises(InputError):
        state_page(code)


def test_a_bad_code_writes_nothing(tmp_path: Path, small_profiles: list[Profile], small_rules: Rules) -> None:
    """A profile whose code would leave the folder (built past validation) fails before any write."""
    bad = Profile.model_construct(**{**dict(small_profiles[0]), "iso3": "../../x"})
    report = lapcheck.evaluate(small_profiles, small_rules, AS_OF, "python")
    summary = summarize(small_profiles, small_rules, AS_OF, report.decisions())
    with pytest.raises(InputError, match="three capital letters"):
        build_site(report, summary, site_trend([], small_rules, AS_OF), [bad], small_rules, tmp_path / "site")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name", ["../x.html", "/etc/x.html", "states/../../x.html", "a\\..\\x.html"])
def test_write_site_refuses_names_outside_the_folder(tmp_path: Path, name: str) -> None:
    """write_site refuses a page name that would land outside the site folder, and writes nothing."""
    with pytest.raises(InputError, match="outside the site folder"):
        write_site({"index.html": "ok", name: "x"}, tmp_path / "site")
    assert list(tmp_path.iterdir()) == []


def test_failed_write_leaves_the_old_site(
    tmp_path: Path, small_profiles: list[Profile], small_rules: Rules, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When writing fails midway, the old site is untouched and no half-written folder is left."""
    out = tmp_path / "site"
    build(small_profiles, small_rules, out)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    real, calls = Path.write_text, []

    def failing(self: Path, data: str, encoding: str | None = None) -> int:
        calls.append(self)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        return real(self, data, encoding=encoding)

    monkeypatch.setattr(Path, "write_text", failing)
    with pytest.raises(InputError, match="No space left on device"):
        build(small_profiles, small_rules, out)
    monkeypatch.undo()
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


def test_failed_swap_puts_the_old_site_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If the new folder cannot be renamed into place, the old one is renamed back."""
    out = tmp_path / "site"
    write_site({"index.html": "old"}, out)
    real = Path.rename

    def failing(self: Path, target: Path) -> Path:
        if self.name.endswith(".new"):
            raise OSError(5, "Input/output error")
        return real(self, target)

    monkeypatch.setattr(Path, "rename", failing)
    with pytest.raises(InputError, match="Input/output error"):
        write_site({"index.html": "new"}, out)
    monkeypatch.undo()
    assert (out / "index.html").read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


def test_a_new_site_replaces_the_whole_folder(tmp_path: Path) -> None:
    """Rewriting a site removes pages the new one does not have (a State dropped since)."""
    out = tmp_path / "site"
    write_site({"index.html": "old", "states/XXA.html": "gone"}, out)
    written = write_site({"index.html": "new"}, out)
    assert written == [out / "index.html"]
    assert sorted(p.name for p in out.rglob("*")) == [MARKER, "index.html"]


def test_a_folder_lapcheck_did_not_write_is_not_replaced(tmp_path: Path) -> None:
    """A non-empty folder without the marker (say, ``--output .``) is refused and left alone."""
    out = tmp_path / "work"
    out.mkdir()
    (out / "thesis.tex").write_text("precious", encoding="utf-8")
    with pytest.raises(InputError, match="not a folder lapcheck wrote"):
        write_site({"index.html": "x"}, out)
    assert [p.name for p in out.iterdir()] == ["thesis.tex"]
    empty = tmp_path / "empty"
    empty.mkdir()
    write_site({"index.html": "x"}, empty)
    assert (empty / "index.html").is_file()


# --- Markdown and the command -------------------------------------------------------------------
def test_markdown_twin_has_every_page(
    tmp_path: Path, small_profiles: list[Profile], small_rules: Rules
) -> None:
    """--format markdown writes the same pages as .md, the index linking each State's page."""
    out = tmp_path / "site"
    written = build(small_profiles, small_rules, out, "markdown")
    assert sorted(p.relative_to(out).as_posix() for p in written) == [
        "index.md", "indicators.md", "states/HRV.md", "states/IDN.md", "states/LAO.md"]
    index = (out / "index.md").read_text(encoding="utf-8")
    for iso in ("HRV", "IDN", "LAO"):
        assert f"](states/{iso}.md) | {iso} |" in index
    lao = (out / "states" / "LAO.md").read_text(encoding="utf-8")
    assert "- **Status:** Non-compliant" in lao and "| article4.completion | unknown |" in lao


def test_report_command_writes_the_site(tmp_path: Path) -> None:
    """`lapcheck report` on the test data writes the site and says how many pages."""
    out = tmp_path / "site"
    result = CliRunner().invoke(cli, [
        "report", str(DATA / "profiles"), "--rules", str(DATA / "rules"),
        "--waivers", str(DATA / "waivers.yaml"), "--as-of", "2026-11-28", "--output", str(out)])
    assert result.exit_code == EXIT_OK, result.output
    assert result.stdout.startswith(f"wrote 5 pages to {out}\n")
    assert (out / "index.html").is_file() and (out / "states" / "LAO.html").is_file()


def test_report_command_refuses_a_foreign_folder(tmp_path: Path) -> None:
    """Pointing --output at a folder lapcheck did not write exits 2 with one line naming it."""
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    result = CliRunner().invoke(cli, ["report", str(DATA / "profiles"), "--rules", str(DATA / "rules"),
                                      "--output", str(tmp_path)])
    assert result.exit_code == EXIT_ERROR
    assert result.stderr.startswith("lapcheck: error: ") and "not a folder lapcheck wrote" in result.stderr
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_a_state_page_lists_what_needs_attention_first_with_history_and_age(tmp_path: Path) -> None:
    """Cabo Verde's page leads with its overdue initial report, marked stale (last confirmed August
    2022); Croatia's shows its initial report received late as history, in the findings table and
    in the finding itself; and no progress step not yet taken is coloured as a breach."""
    profiles = [p for p in lapcheck.load_profiles() if p.iso3 in ("CPV", "HRV", "IDN")]
    rules = lapcheck.load_rules()
    day = date(2026, 6, 30)
    report = lapcheck.evaluate(profiles, rules, day, "python")
    build_site(report, summarize(profiles, rules, day, report.decisions()), Trend(points=[]), profiles, rules,
               tmp_path / "site")
    cpv = parse(tmp_path / "site" / "states" / "CPV.html")
    table = next(t for t in cpv.iter("table") if "need attention first" in text(t.find("caption")))
    first = table.find("tbody/tr")
    assert first is not None and first.get("class") == "attention"
    assert "Initial transparency report received" in text(first) and "stale" in text(first)
    assert "last confirmed August 2022" in text(first)
    hrv = parse(tmp_path / "site" / "states" / "HRV.html")
    article = hrv.find(".//article[@id='check-article7-initial-report-overdue']")
    assert article is not None
    history = [dd for dt, dd in zip(article.iter("dt"), article.iter("dd"), strict=False) if text(dt) == "History"]
    assert history and text(history[0]).startswith("The initial report was received on 10 April 2011")
    idn = parse(tmp_path / "site" / "states" / "IDN.html")
    cells = [c for c in idn.iter("td") if "c-not_yet" in (c.get("class") or "")]
    assert cells and all("Not yet" in text(c) for c in cells)
    assert not [c for c in idn.iter("td") if "c-non_compliant" in (c.get("class") or "")]
