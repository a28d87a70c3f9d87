"""A task's deadline as plans write it: a date, the end of a period, or a recurring rhythm.

"Quý II/2025" → 30/6/2025, "Tháng 9/2025" → 30/9/2025, "Trước ngày 30/6/2025" → 30/6/2025,
"Năm 2025" → 31/12/2025, "6 tháng đầu năm 2025" → 30/6/2025; "Thường xuyên", "Hằng năm",
"Hằng quý", "Hằng tháng" are recurring, without a date. A deadline written inside a task's text
("… hoàn thành trước ngày 30/6/2025", "thời gian thực hiện: Quý III/2025") is found by `stated_deadline`. Pure Python.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from .text import fold

# How often a recurring task comes due: one word each, labelled in the interface.
CONTINUOUS, MONTHLY, QUARTERLY, YEARLY = "continuous", "monthly", "quarterly", "yearly"
RECURRING = (CONTINUOUS, MONTHLY, QUARTERLY, YEARLY)

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_RHYTHMS = [
    (re.compile(r"\bthuong xuyen\b|\blien tuc\b"), CONTINUOUS),
    (re.compile(r"\bhang thang\b"), MONTHLY),
    (re.compile(r"\bhang quy\b|\bdinh ky (?:hang )?quy\b"), QUARTERLY),
    (re.compile(r"\bhang nam\b|\bdinh ky (?:hang )?nam\b"), YEARLY),
]
_YEAR = r"(?:\s*(?:/|-|nam)\s*)((?:19|20)\d{2})"
_DATE = re.compile(r"(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*((?:19|20)\d{2})")
_QUARTER = re.compile(r"\bquy\s*(?:(?:iv|iii|ii|i|[1-4])\s*[-–]\s*)?(iv|iii|ii|i|[1-4])\b" + _YEAR)
_MONTH = re.compile(r"\bthang\s*(\d{1,2})\b" + _YEAR)
_HALF = re.compile(r"\b6 thang (dau|cuoi) nam\s*((?:19|20)\d{2})")
_YEAR_ONLY = re.compile(r"\bnam\s*((?:19|20)\d{2})\b")
_PERIOD = (
    r"(\d{1,2}\s*/\s*\d{1,2}\s*/\s*(?:19|20)\d{2}|quy\s*(?:iv|iii|ii|i|[1-4])\s*(?:/|-|nam)\s*(?:19|20)\d{2}|"
    r"thang\s*\d{1,2}\s*(?:/|-|nam)\s*(?:19|20)\d{2}|nam\s*(?:19|20)\d{2})"
)
# "hoàn thành trước/trong/đến …", "trước ngày …", "chậm nhất …": any date or period. A bare "trong" only before a
# date, a quarter or a month: "đạt mục tiêu trong năm 2024" is an aim, and "định hướng đến năm 2030" a horizon.
_IN_TEXT = re.compile(
    r"(?:(?:hoan thanh|thuc hien xong|xong|trinh|ban hanh)\s+(?:truoc|cham nhat|den|trong|vao)|truoc|cham nhat(?: la)?)"
    r"\s+(?:ngay\s+)?" + _PERIOD
)
_WITHIN = re.compile(r"\btrong\s+(?:ngay\s+)?" + _PERIOD)


@dataclass(frozen=True)
class Deadline:
    date: dt.date | None = None
    recurring: str | None = None  # one of RECURRING

    @property
    def found(self) -> bool:
        return self.date is not None or self.recurring is not None


def _month_end(year: int, month: int) -> dt.date | None:
    if not 1 <= month <= 12:
        return None
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _date(text: str) -> dt.date | None:
    """The latest date the text names (a range "Quý I - II/2025" ends with its last part)."""
    found: list[dt.date] = []
    for m in _DATE.finditer(text):
        try:
            found.append(dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1))))
        except ValueError:
            continue
    for m in _QUARTER.finditer(text):
        quarter = _ROMAN.get(m.group(1)) or int(m.group(1))
        found.append(_month_end(int(m.group(2)), quarter * 3))
    for m in _HALF.finditer(text):
        found.append(_month_end(int(m.group(2)), 6 if m.group(1) == "dau" else 12))
    for m in _MONTH.finditer(text):
        found.append(_month_end(int(m.group(2)), int(m.group(1))))
    if not found:
        for m in _YEAR_ONLY.finditer(text):
            found.append(dt.date(int(m.group(1)), 12, 31))
    found = [day for day in found if day is not None]
    return max(found) if found else None


def read_deadline(text: str) -> Deadline:
    """The deadline a "Thời gian hoàn thành" cell states; Deadline() when it states none."""
    folded = fold(text)
    for pattern, rhythm in _RHYTHMS:
        if pattern.search(folded):
            return Deadline(recurring=rhythm)
    return Deadline(date=_date(folded))


def _in_text(folded: str) -> list[re.Match]:
    within = [m for m in _WITHIN.finditer(folded) if not m.group(1).startswith("nam")]
    return [*_IN_TEXT.finditer(folded), *within]


_STATED = re.compile(r"\bthoi (?:gian|han) (?:thuc hien|hoan thanh)\s*:?\s*([^.;()]+)")


def stated_deadline(text: str) -> tuple[Deadline, str]:
    """The deadline a narrative task states, with the words that state it: "…; thời gian thực hiện: Quý III/2025"
    gives (30/9/2025, "Quý III/2025"), "… trước ngày 30/6/2025" gives (30/6/2025, "trước ngày 30/6/2025")."""
    folded = fold(text)
    aligned = len(folded) == len(text)  # one folded character per written one: the words can be cut out

    def written(m: re.Match, group: int) -> str:
        return (text[m.start(group) : m.end(group)] if aligned else m.group(group)).strip()

    m = _STATED.search(folded)
    if m:
        deadline = read_deadline(m.group(1))
        if deadline.found:
            return deadline, written(m, 1)
    matches = [(m, _date(m.group(1))) for m in _in_text(folded)]
    matches = [(m, day) for m, day in matches if day is not None]
    if not matches:
        return Deadline(), ""
    m, day = max(matches, key=lambda pair: pair[1])
    return Deadline(date=day), written(m, 0)
