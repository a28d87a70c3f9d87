"""Values written into spreadsheet cells (.xlsx, .csv), made safe to open.

Excel, LibreOffice and Google Sheets treat a cell that starts with ``=``, ``+``, ``-`` or ``@``
(or a tab or carriage return before one) as a formula: text that came from a user — a unit's
narrative, an indicator's name read from a plan — could then run ``=HYPERLINK(...)`` or
``=cmd|...`` on a leader's computer ("CSV injection", OWASP). Following OWASP's advice such text
is written with a leading apostrophe; numbers, dates and empty cells are left as they are, so
numbers stay numbers.
"""

from __future__ import annotations

from collections.abc import Iterable

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """The value as it may be written into a cell: text that a spreadsheet would run gets a leading '."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def safe_row(values: Iterable) -> list:
    return [safe_cell(value) for value in values]


def number_format(value) -> str:
    """A Vietnamese display format for a number that shows no trailing decimal mark: 1.234 or 1.234,56."""
    if isinstance(value, (int, float)) and float(value).is_integer():
        return "[$-42A]#,##0"
    return "[$-42A]#,##0.0###"
