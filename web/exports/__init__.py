"""Every table of the pages as CSV or XLSX, stamped with the moment its figures describe:
the tables (`tables.py`) and how a table is written to a file (`files.py`)."""

from __future__ import annotations

from web.exports.files import CSV_TYPE, XLSX_TYPE, Stamp, Table, to_csv, to_xlsx
from web.exports.tables import (
    FLOW_FIELDS,
    INDICATOR_FIELDS,
    diff_table,
    flows_table,
    history_table,
    indicators_table,
    roll_table,
    rollup_table,
    series_table,
    standings_table,
)

__all__ = [
    "CSV_TYPE",
    "FLOW_FIELDS",
    "INDICATOR_FIELDS",
    "XLSX_TYPE",
    "Stamp",
    "Table",
    "diff_table",
    "flows_table",
    "history_table",
    "indicators_table",
    "roll_table",
    "rollup_table",
    "series_table",
    "standings_table",
    "to_csv",
    "to_xlsx",
]
