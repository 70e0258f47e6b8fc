"""Cells that a spreadsheet will never run: text that looks like a formula stays text.

Excel, LibreOffice and Google Sheets treat a CSV cell starting with `=`, `+`, `-` or `@` (and,
in some versions, a tab or a carriage return before one) as a formula, so a member named
`=HYPERLINK("http://...")` would become a live link in a clerk's spreadsheet. Following the
OWASP guidance on CSV injection, such text gets a leading single quote, which the spreadsheet
shows as text. Numbers are left alone: a negative count is a number, not a formula.
"""

from __future__ import annotations

from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_STARTS)


def csv_cell(value: Any) -> Any:
    """The value for a CSV writer: text that a spreadsheet would run is quoted."""
    if isinstance(value, str) and looks_like_formula(value):
        return "'" + value
    return value


def csv_row(values: Any) -> list[Any]:
    return [csv_cell(value) for value in values]
