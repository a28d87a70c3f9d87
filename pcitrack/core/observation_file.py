"""Reading a table of indicator values (.csv or .xlsx) into records, row by row.

Columns (Vietnamese or English headers, any order, case and accents ignored):

| column | meaning |
|---|---|
| chi_tieu / indicator | the indicator's number (STT) in the plan, or its VCCI code |
| nam / year | the year |
| ky / period | empty or "năm" for the year; "6 tháng đầu năm"/"6 tháng cuối năm" (or "H1"/"H2", "6T1"/"6T2"); "Quý I".."Quý IV" (or "Quý 1", "Q1") |
| nguon / source | PCI (or VCCI), khảo sát, hành chính, báo cáo đơn vị (or the codes pci, survey, admin, unit_report) |
| gia_tri / value | the value ("52,61" or 52.61) |
| co_mau / sample_size, ci_thap / ci_low, ci_cao / ci_high, ghi_chu / note | optional |

A bad row does not stop the others from being read: it carries its own message.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

from .document import gettext_noop
from .errors import PcitrackError
from .office_zip import check_office_zip
from .plan_files import csv_rows, decode_text
from .text import ascii_key, parse_number, squash

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 50_000

COLUMNS = {
    "indicator": ["chi tieu", "indicator", "stt", "ma", "code"],
    "year": ["nam", "year"],
    "period": ["ky", "period"],
    "source": ["nguon", "source"],
    "value": ["gia tri", "value"],
    "sample_size": ["co mau", "sample size", "n"],
    "ci_low": ["ci thap", "ci low", "can duoi"],
    "ci_high": ["ci cao", "ci high", "can tren"],
    "note": ["ghi chu", "note"],
}
REQUIRED = ["indicator", "year", "source", "value"]
SOURCES = {
    "pci": "pci",
    "vcci": "pci",
    "survey": "survey",
    "khao sat": "survey",
    "admin": "admin",
    "hanh chinh": "admin",
    "so lieu hanh chinh": "admin",
    "unit report": "unit_report",
    "bao cao": "unit_report",
    "bao cao don vi": "unit_report",
    "bao cao cua don vi": "unit_report",
}


@dataclass
class Record:
    line: int
    indicator: str
    year: int | None = None
    period_type: str = "Y"
    period_no: int = 1
    source: str | None = None
    value: float | None = None
    sample_size: int | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    note: str = ""
    errors: list = field(default_factory=list)  # (template, params)

    def error(self, template: str, **params) -> None:
        self.errors.append((template, params))


def _header_key(cell) -> str:
    return ascii_key(str(cell or "")).replace("_", " ").strip()


def _columns(header: list) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, cell in enumerate(header):
        name = _header_key(cell)
        for column, aliases in COLUMNS.items():
            if name in aliases and column not in found:
                found[column] = index
    missing = [c for c in REQUIRED if c not in found]
    if missing:
        raise PcitrackError(
            gettext_noop(
                "The first row must name the columns; missing: {missing}. Expected columns: chi_tieu, nam, ky, nguon, gia_tri."
            ),
            missing=", ".join(missing),
        )
    return found


def _period(text: str) -> tuple[str, int] | None:
    k = ascii_key(text).replace(" ", "")
    if k in {"", "nam", "y", "year", "canam"}:
        return "Y", 1
    m = re.fullmatch(r"(?:q|quy|quarter)([1-4]|iv|i{1,3})", k)
    if m:
        return "Q", _QUARTERS.get(m.group(1)) or int(m.group(1))
    m = re.fullmatch(r"(?:h|6t|6thang)([12])", k)
    if m:
        return "H", int(m.group(1))
    m = re.fullmatch(r"6thang(dau|cuoi)(?:nam)?", k)
    if m:
        return "H", 1 if m.group(1) == "dau" else 2
    return None


_QUARTERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4}


def _number(cell) -> float | None:
    if cell is None or cell == "":
        return None
    if isinstance(cell, (int, float)):
        return float(cell)
    return parse_number(str(cell))


def _record(line: int, row: list, columns: dict[str, int]) -> Record:
    def cell(name):
        index = columns.get(name)
        return row[index] if index is not None and index < len(row) else None

    indicator = cell("indicator")
    indicator = (
        str(int(indicator)) if isinstance(indicator, float) and indicator.is_integer() else squash(str(indicator or ""))
    )
    record = Record(line, indicator.rstrip("."))
    if not record.indicator:
        record.error(gettext_noop("no indicator"))
    year = _number(cell("year"))
    if year is None or not year.is_integer() or not 1990 <= year <= 2100:
        record.error(gettext_noop("the year “{text}” is not a year"), text=cell("year") or "")
    else:
        record.year = int(year)
    period = _period(str(cell("period") or ""))
    if period is None:
        record.error(
            gettext_noop("the period “{text}” is not one of: năm, 6 tháng đầu năm, 6 tháng cuối năm, Quý I–Quý IV"),
            text=cell("period"),
        )
    else:
        record.period_type, record.period_no = period
    source = SOURCES.get(_header_key(cell("source")))
    if source is None:
        record.error(
            gettext_noop("the source “{text}” is not one of: PCI, khảo sát, hành chính, báo cáo đơn vị"),
            text=cell("source") or "",
        )
    record.source = source
    record.value = _number(cell("value"))
    if record.value is None:
        record.error(gettext_noop("the value “{text}” is not a number"), text=cell("value") or "")
    sample = _number(cell("sample_size"))
    if cell("sample_size") not in (None, "") and (sample is None or not sample.is_integer() or sample < 1):
        record.error(gettext_noop("the sample size “{text}” is not a whole number above 0"), text=cell("sample_size"))
    record.sample_size = int(sample) if sample is not None and sample.is_integer() else None
    record.ci_low, record.ci_high = _number(cell("ci_low")), _number(cell("ci_high"))
    for name, number in (("ci_low", record.ci_low), ("ci_high", record.ci_high)):
        if number is None and cell(name) not in (None, ""):
            record.error(gettext_noop("the confidence interval “{text}” is not a number"), text=cell(name))
    record.note = squash(str(cell("note") or ""))[:2000]
    return record


def _rows_from_xlsx(data: bytes) -> list[list]:
    import openpyxl

    check_office_zip(data, "xlsx")
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds on a damaged workbook
        raise PcitrackError(
            gettext_noop("The Excel file is damaged or incomplete (it cannot be opened as .xlsx).")
        ) from None
    rows = []
    for row in workbook.worksheets[0].iter_rows(values_only=True):
        rows.append(list(row))
        if len(rows) > MAX_ROWS + 1:
            break
    workbook.close()
    return rows


def _rows_from_text(data: bytes) -> list[list]:
    return csv_rows(decode_text(data), MAX_ROWS)


def read_observations(data: bytes) -> list[Record]:
    """Records from the bytes of a .csv or .xlsx file; refuses files that are not such a table."""
    if not data.strip():
        raise PcitrackError(gettext_noop("The file is empty."))
    if len(data) > MAX_BYTES:
        raise PcitrackError(
            gettext_noop("The file is too large ({size} MB); a table of values is at most {limit} MB."),
            size=round(len(data) / 1024 / 1024, 1),
            limit=MAX_BYTES // 1024 // 1024,
        )
    if data.startswith(b"%PDF") or data.startswith(b"\xd0\xcf\x11\xe0"):
        raise PcitrackError(gettext_noop("Send the values as .csv or .xlsx (Excel 2007 or later)."))
    rows = _rows_from_xlsx(data) if data.startswith(b"PK\x03\x04") else _rows_from_text(data)
    rows = [r for r in rows if any(c not in (None, "") for c in r)]
    if not rows:
        raise PcitrackError(gettext_noop("The file is empty."))
    if len(rows) > MAX_ROWS + 1:
        raise PcitrackError(gettext_noop("The table has more than {limit} rows; split it."), limit=MAX_ROWS)
    columns = _columns(rows[0])
    records = [_record(i, row, columns) for i, row in enumerate(rows[1:], start=2)]
    if not records:
        raise PcitrackError(gettext_noop("The table has column names but no values."))
    return records
