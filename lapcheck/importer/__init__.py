"""Spreadsheet tables to State profiles and back: :func:`import_tables`, :func:`export_tables`.

The tables are CSV files laid out like the public snapshot in ``fixtures/tables`` (its README
documents every column), or the sheets of one .xlsx workbook, each named for its table
(``participants``, ``article3`` …) or a file's stem (``article4_additions``). :func:`import_tables`
writes one profile per State; :func:`export_tables` writes the tables back. The rules that make both safe:

* **Nothing invented.** Every fact cites the sources of the row that gave it; ``unknown`` and empty
  cells stay unknown, except in ``ccm_participants.csv``, the depositary's complete list, where an
  empty signature, deposit or withdrawal cell means "did not happen" and is written as ``false``.
* **Nothing lost.** A cell the profile model has no field for, or free text that does not parse,
  goes into the profile's ``notes`` as ``[KIND COLUMN] text [sources: keys]``. A ``VALUE (comment)``
  cell gives the value and keeps the comment as the fact's note. Tagged notes let the export put
  every note back into its column, so import → export → import gives the same profiles.
* **Layers.** Several rows may speak about one State: ``article4_additions.csv`` overrides
  ``article4_clearance.csv`` cell by cell, and ``article4_research.csv`` overrides both; any other
  ``*_research.csv`` fills cells its base table leaves unknown. Two rows of the same layer that give
  different values for one cell are an error naming both. Note columns keep every row's text.
* **Checked.** Entry into force in any table must be what Art 17 gives for the deposit; dates,
  flags, meeting names and ISO codes are validated; bad input raises :class:`InputError` naming
  the file and line (in a workbook: the sheet, row and column); a formula cell is refused.
* **Merge, deterministic, atomic.** An existing profile keeps every field the tables do not
  mention; the fields they do mention are replaced. Same input gives byte-identical files, each
  written to a temporary file and renamed into place.

One job a module: ``columns`` is the column map both directions walk, ``layout`` its shape and the
codec interface, ``codecs`` and ``extensions`` its codecs; ``cells`` holds rows and the text forms
of cells, ``tables`` reads table files and sheets and their layers, ``workbook`` is the .xlsx codec,
``build`` turns rows into profiles and merges them, ``sources`` names source keys, ``yamldump`` writes
profile YAML and ``export`` writes tables.
Both directions take the treaty calendar (meetings, Art 17, deadlines) as a parameter.
"""

from lapcheck.importer.build import build_drafts, import_tables, merge, parse_note, render_note
from lapcheck.importer.cells import Cell, Row, split_comment, split_list
from lapcheck.importer.columns import KIND, KINDS
from lapcheck.importer.export import Exported, Format, export_tables, table_grids, table_texts
from lapcheck.importer.extensions import extension_text, parse_extension
from lapcheck.importer.layout import Column, Draft, Table
from lapcheck.importer.sources import assign_keys, key_base
from lapcheck.importer.tables import read_lines, read_table, read_tables
from lapcheck.importer.yamldump import dump_profile

__all__ = [
    "KIND",
    "KINDS",
    "Cell",
    "Column",
    "Draft",
    "Exported",
    "Format",
    "Row",
    "Table",
    "assign_keys",
    "build_drafts",
    "dump_profile",
    "export_tables",
    "extension_text",
    "import_tables",
    "key_base",
    "merge",
    "parse_extension",
    "parse_note",
    "read_lines",
    "read_table",
    "read_tables",
    "render_note",
    "split_comment",
    "split_list",
    "table_grids",
    "table_texts",
]
