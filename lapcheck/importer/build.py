"""Rows to profiles: one draft per State through the column map, merged into the profile on disk."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lapcheck import atomic, yamlsafe
from lapcheck.dates import PartialDate
from lapcheck.deadlines import Calendar, bundled_calendar
from lapcheck.errors import InputError
from lapcheck.importer.cells import Row
from lapcheck.importer.closedlists import ClosedList, fill, is_derived, read_closed_lists
from lapcheck.importer.columns import KIND, KINDS
from lapcheck.importer.layout import Draft, Note, Reading
from lapcheck.importer.sources import assign_keys, citations, with_keys
from lapcheck.importer.tables import read_tables
from lapcheck.importer.yamldump import dump_profile
from lapcheck.model import Profile
from lapcheck.profiles import parse_profile


def build_drafts(
    rows: Iterable[Row], calendar: Calendar, deposits: Mapping[str, PartialDate] | None = None
) -> dict[str, Draft]:
    """One draft per State from every row, tables in map order (participants first); ``deposits``
    are the deposit dates of the profiles already written, for tables that give none."""
    grouped: dict[str, dict[str, list[Row]]] = {}
    for row in rows:
        grouped.setdefault(row.iso3, {}).setdefault(row.kind, []).append(row)
    drafts: dict[str, Draft] = {}
    for iso3 in sorted(grouped):
        draft = Draft(iso3, recorded_deposit=(deposits or {}).get(iso3))
        for kind in KINDS:
            kind_rows = sorted(grouped[iso3].get(kind.name, []), key=lambda r: r.layer)
            if not kind_rows:
                continue
            names = [r.state for r in kind_rows if r.state]
            draft.fallback_name = draft.fallback_name or next(iter(names), None)
            if kind.complete:
                draft.name = draft.name or next(iter(names), None)
            reading = Reading(kind, kind_rows, draft, calendar)
            for codec, columns in kind.groups:
                codec.read(columns, reading)
        drafts[iso3] = draft
    return drafts


# --- tagged notes ----------------------------------------------------------------------------

NOTE = re.compile(
    r"\[(?P<kind>\w+) (?P<column>\w+)\] (?P<text>.*?)(?: \[sources: (?P<keys>[^\[\]]*)\])?", re.S)


def render_note(note: Note, keys: Mapping[str, str]) -> str:
    """``[article4 notes] text [sources: mar, isu]``."""
    cited = ", ".join(keys[c] for c in note.cites)
    return f"[{note.kind} {note.column}] {note.text}" + (f" [sources: {cited}]" if cited else "")


def parse_note(text: str) -> tuple[str, str, str, list[str]] | None:
    """(kind, column, text, source keys) of a tagged note; ``None`` for a note written by hand."""
    match = NOTE.fullmatch(text)
    if match is None or match["kind"] not in KIND or match["column"] not in KIND[match["kind"]].note_columns:
        return None
    keys = [k.strip() for k in (match["keys"] or "").split(",") if k.strip()]
    return match["kind"], match["column"], match["text"], keys


def _note_order(text: str) -> tuple[int, int]:
    parsed = parse_note(text)
    if parsed is None:
        return (-1, -1)
    kind = KIND[parsed[0]]
    return KINDS.index(kind), kind.columns.index(parsed[1])


# --- merging and writing ---------------------------------------------------------------------


def merge(draft: Draft, existing: Profile | None, relist: bool = False) -> dict[str, Any]:
    """The profile data: ``existing`` with every field the tables give replaced by theirs. With
    ``relist`` (closed lists apply in this import) the facts lists gave ``existing`` are dropped:
    this import's lists give them again, or not; an import without lists (a questionnaire) keeps them."""
    old = existing.model_dump(mode="json", exclude_defaults=True) if existing else {}
    keys = assign_keys([*citations(draft.sections), *(c for n in draft.notes for c in n.cites)],
                       old.get("sources", {}))
    data: dict[str, Any] = {"iso3": draft.iso3}
    data["name"] = draft.name or old.get("name") or draft.fallback_name or draft.iso3
    data["sources"] = dict(sorted({**old.get("sources", {}), **{k: c for c, k in keys.items()}}.items()))
    for section in Profile.model_fields:
        if section in ("iso3", "name", "sources", "notes"):
            continue
        merged = {k: v for k, v in old.get(section, {}).items() if not (relist and is_derived(v))}
        for name, value in with_keys(draft.sections.get(section, {}), keys).items():
            if (section, name) == ("transparency", "annual_reports"):
                years = {r["year"] for r in value}
                value = sorted([*(r for r in merged.get(name, []) if r["year"] not in years), *value],
                               key=lambda r: r["year"])
            merged[name] = value
        if merged:
            data[section] = merged
    tags = {(n.kind, n.column) for n in draft.notes}
    kept = [n for n in old.get("notes", []) if (parse_note(n) or ("", ""))[:2] not in tags]
    notes = sorted([*kept, *(render_note(n, keys) for n in draft.notes)], key=_note_order)
    if notes:
        data["notes"] = notes
    return data


def _existing(path: Path, calendar: Calendar) -> Profile | None:
    if not path.exists():
        return None
    doc = yamlsafe.load(path)
    return parse_profile(doc.data, doc, calendar)


def _profile_text(
    draft: Draft, existing: Profile | None, path: Path, calendar: Calendar, rows: list[Row], relist: bool
) -> str:
    """The YAML of the merged profile, checked by the same loader that will read it; a profile that does
    not validate is an error at the table cell that gave the field (else at the profile's file)."""
    profile = Profile.model_validate(merge(draft, existing, relist))
    text = dump_profile(profile.model_dump(mode="json", exclude_defaults=True))
    try:
        doc = yamlsafe.loads(text, path)
        parse_profile(doc.data, doc, calendar)
    except InputError as exc:
        message = f"the tables give {draft.iso3} a profile that does not validate: {exc.message}"
        found = _giving(rows, exc.key or "")
        if found is None:
            raise InputError(message, path=path, key=exc.key) from None
        row, column = found
        raise row.error(f"{message} (in {path.name}: {exc.key})", column) from None
    return text


@dataclass(frozen=True)
class Imported:
    """The profiles written, and where a closed list contradicts a direct fact (which is kept)."""

    paths: list[Path]
    contradictions: list[str]


def with_lists(draft: Draft, existing: Profile | None, lists: Sequence[ClosedList],
                calendar: Calendar) -> list[str]:
    """Add to ``draft`` what the closed lists say of its State; the contradictions found."""
    filled = fill(Profile.model_validate(merge(draft, existing, relist=True)), lists, calendar)
    for field, data in filled.facts.items():
        section, name = field.split(".")
        draft.sections.setdefault(section, {})[name] = data
    return filled.contradictions


def _giving(rows: list[Row], key: str) -> tuple[Row, str] | None:
    """The row and column whose cell gave the profile field at dotted ``key`` (the top layer's)."""
    for row in sorted(rows, key=lambda r: -r.layer):
        for column in KIND[row.kind].body:
            if column.field is not None and column.name in row.cells and re.match(
                    re.escape(column.field) + r"(?![\w])", key):
                return row, column.name
    return None


def import_tables(source: Path, output_dir: Path, calendar: Calendar | None = None) -> Imported:
    """Read the tables in ``source`` (a folder of CSV files, or an .xlsx workbook with one sheet a
    table) and write ``output_dir/<ISO3>.yaml`` for every State in them.

    Existing profiles there are merged (fields the tables do not mention are kept); the closed
    lists of ``closed_lists.csv``, if any, fill what the tables leave unknown; every profile is
    built and validated, against ``calendar`` (default: the bundled one), before the first file is
    written. Returns the profile paths, sorted, and the contradictions between lists and facts.
    """
    if calendar is None:
        calendar = bundled_calendar()
    rows = read_tables(Path(source))
    lists = read_closed_lists(Path(source))
    output_dir = Path(output_dir)
    paths = {iso3: output_dir / f"{iso3}.yaml" for iso3 in sorted({r.iso3 for r in rows})}
    for item in lists or ():
        unknown = sorted(item.members - set(paths))
        if unknown:
            raise InputError(f"list {item.id!r} names {', '.join(unknown)}, which no table gives",
                             path=item.path, line=item.line, key="members")
    existing = {iso3: _existing(path, calendar) for iso3, path in paths.items()}
    deposits = {
        iso3: p.participation.deposit.value for iso3, p in existing.items()
        if p is not None and p.participation.deposit is not None
        and isinstance(p.participation.deposit.value, PartialDate)
    }
    drafts = build_drafts(rows, calendar, deposits)
    contradictions = [c for iso3, draft in drafts.items() if lists
                      for c in with_lists(draft, existing[iso3], lists, calendar)]
    by_state: dict[str, list[Row]] = {}
    for row in rows:
        by_state.setdefault(row.iso3, []).append(row)
    texts = {paths[iso3]: _profile_text(draft, existing[iso3], paths[iso3], calendar, by_state[iso3], lists is not None)
             for iso3, draft in drafts.items()}
    output_dir.mkdir(parents=True, exist_ok=True)
    for path, text in texts.items():
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            atomic.write_text(path, text)
    return Imported(sorted(texts), contradictions)
