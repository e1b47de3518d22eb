"""The column map: each table's file and columns, the profile field each column fills, and its codec.

Import and export both walk this map and nothing else, so a column is added, moved or mapped to
another field here, once. Every table opens with ``state, iso3`` and closes with its source column;
the columns between are listed below, in file order. Columns that share a codec are read and
written together, at the first one's place (see :mod:`lapcheck.importer.layout`).
"""

from __future__ import annotations

from typing import get_args

from lapcheck.importer.codecs import (
    AnnualReports,
    Choice,
    Clearance,
    Date,
    DateOrNote,
    EntryIntoForce,
    Event,
    Flag,
    InitialReport,
    Notes,
    OriginalDeadline,
    TextWhen,
    Year,
)
from lapcheck.importer.extensions import Extensions, UndecidedRequests
from lapcheck.importer.layout import Column, Table
from lapcheck.model import Instrument, LegislationStatus

LEGISLATION: dict[str, LegislationStatus] = {
    "specific legislation adopted": "specific_legislation",
    "existing law deemed sufficient": "existing_law_sufficient",
    "legislation under consideration/in progress": "in_progress",
    "in progress": "in_progress",
    "none reported": "none_reported",
}
"""Article 9 status phrases of the tables (the first phrase of each value is the one exported)."""

EVENT, FLAG, EIF, EXTENSIONS = Event(), Flag(), EntryIntoForce(), Extensions()
NOTE, NOTES = Notes(every_row=False), Notes(every_row=True)
CLEARANCE, INITIAL_REPORT = Clearance(), InitialReport(as_of="as_of_source")

KINDS: tuple[Table, ...] = (
    Table("participants", "ccm_participants.csv", "source", complete=True, body=(
        Column("signature", "participation.signature", EVENT),
        Column("deposit", "participation.deposit", EVENT),
        Column("instrument", "participation.instrument", Choice({i: i for i in get_args(Instrument)})),
        Column("entry_into_force", None, EIF),
        Column("withdrawal_effective", "participation.withdrawal_effective", EVENT),
    )),
    Table("article3", "article3_stockpiles.csv", "sources", (
        Column("entry_into_force", None, EIF),
        Column("original_deadline", "stockpiles.original_deadline", OriginalDeadline("article3")),
        Column("original_deadline_basis", None, NOTE),
        Column("extensions", "stockpiles.extensions", EXTENSIONS),
        Column("completion_date", "stockpiles.completed", DateOrNote()),
        Column("retained_for_training", "stockpiles.retains", FLAG),
        Column("held_at_eif", "stockpiles.declared", FLAG),
        Column("notes", None, NOTES),
    )),
    Table("article4", "article4_clearance.csv", "sources", (
        Column("entry_into_force", None, EIF),
        Column("original_deadline", "clearance.original_deadline", OriginalDeadline("article4")),
        Column("original_deadline_basis", None, NOTE),
        Column("extensions", "clearance.extensions", EXTENSIONS),
        Column("current_deadline", "clearance.extensions", UndecidedRequests()),
        Column("completion_date", "clearance.completed", CLEARANCE),
        Column("status", "clearance.obligation", CLEARANCE),
        Column("notes", None, NOTES),
    )),
    Table("article5", "article5_victim_assistance.csv", "source", (
        Column("has_victims", "victim_assistance.victims", FLAG),
        Column("focal_point", "victim_assistance.focal_point", FLAG),
        Column("national_plan", "victim_assistance.national_plan", FLAG),
        Column("obligations_reported", "victim_assistance.obligations_reported", FLAG),
        Column("survivor_involvement", "victim_assistance.survivor_involvement", FLAG),
        Column("data_collection", "victim_assistance.data_collection", FLAG),
        Column("disaggregated_data", "cross_cutting.disaggregated_data", FLAG),
        Column("notes", None, NOTES),
    )),
    Table("article6", "article6_cooperation.csv", "sources", (
        Column("provides_assistance", "cooperation.provides_assistance", FLAG),
        Column("assistance_reported", "cooperation.assistance_reported", FLAG),
        Column("national_resources_reported", "cooperation.national_resources_reported", FLAG),
        Column("notes", None, NOTES),
    )),
    Table("article7", "article7_reports.csv", "sources", (
        Column("initial_report_submitted", "transparency.initial_report", INITIAL_REPORT),
        Column("initial_report_date", "transparency.initial_report", INITIAL_REPORT),
        Column("annual_reports", "transparency.annual_reports", AnnualReports()),
        Column("reports_listed_until", "transparency.reports_listed_until", Date()),
        Column("as_of_source", None, NOTES),
        Column("notes", None, NOTES),
    )),
    Table("article9", "article9_legislation.csv", "source", (
        Column("status", "national_implementation.status", Choice(LEGISLATION)),
        Column("year_adopted", "national_implementation.year", Year()),
        # Without specific legislation the cell describes measures, not an instrument.
        Column("instrument_or_detail", "national_implementation.instrument",
               TextWhen("status", "specific_legislation")),
        Column("investment_ban", "national_implementation.investment_ban", FLAG),
        Column("notes", None, NOTES),
    )),
)
KIND = {kind.name: kind for kind in KINDS}
