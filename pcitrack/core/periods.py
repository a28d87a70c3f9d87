"""Reporting periods: what each report covers, its data cut-off and its due date.

Nghị định 09/2019/NĐ-CP: a report has a data cut-off date and is due at least one working
day after it. The common convention this module follows: a quarter runs from the 15th of
the month before it to the 14th of its last month (Q1: 15/12 – 14/3), the first half-year
15/12 – 14/6, the second 15/6 – 14/12, the year 15/12 – 14/12. Weekends and the given
holidays are not working days.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from .document import gettext_noop


class PeriodKind(StrEnum):
    """What a report or a value covers. An observation stores the same kinds as one letter (`code`)."""

    QUARTER = "quarter"
    HALF = "half"
    YEAR = "year"
    ADHOC = "adhoc"

    @property
    def code(self) -> str:
        return {"quarter": "Q", "half": "H", "year": "Y"}.get(self.value, "")

    @property
    def label(self) -> str:
        return KIND_LABELS[self]

    @classmethod
    def from_code(cls, code: str) -> PeriodKind:
        return {"Q": cls.QUARTER, "H": cls.HALF}.get(code, cls.YEAR)


KIND_LABELS = {
    PeriodKind.QUARTER: gettext_noop("quarter"),
    PeriodKind.HALF: gettext_noop("half-year"),
    PeriodKind.YEAR: gettext_noop("year"),
    PeriodKind.ADHOC: gettext_noop("ad hoc"),
}

QUARTER, HALF, YEAR = PeriodKind.QUARTER.value, PeriodKind.HALF.value, PeriodKind.YEAR.value
KINDS = (QUARTER, HALF, YEAR)
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def period_name(kind: str, no: int, year: int) -> tuple[str, dict]:
    """The one name of a period, as a message to translate and its values: "Quý I/2025", "6 tháng đầu năm 2025",
    "6 tháng cuối năm 2025", "Năm 2025" (an ad hoc report is named by its own title)."""
    values = {"year": year, "roman": ROMAN.get(no, str(no)), "no": no}
    if kind == QUARTER:
        return gettext_noop("Quarter %(roman)s/%(year)s"), values
    if kind == HALF:
        return (gettext_noop("First half of %(year)s") if no == 1 else gettext_noop("Second half of %(year)s")), values
    if kind == YEAR:
        return gettext_noop("Year %(year)s"), values
    return gettext_noop("Ad hoc report %(year)s"), values


def period_words(kind: str, no: int, year: int) -> tuple[str, dict]:
    """The same period inside a sentence: "quý I năm 2025", "6 tháng đầu năm 2025", "năm 2025"."""
    values = {"year": year, "roman": ROMAN.get(no, str(no)), "no": no}
    if kind == QUARTER:
        return gettext_noop("quarter %(roman)s of %(year)s"), values
    if kind == HALF:
        return (gettext_noop("the first six months of %(year)s") if no == 1
                else gettext_noop("the last six months of %(year)s")), values  # fmt: skip
    if kind == YEAR:
        return gettext_noop("the year %(year)s"), values
    return gettext_noop("the ad hoc report of %(year)s"), values


@dataclass(frozen=True)
class PeriodSpec:
    kind: str
    year: int
    no: int
    start: dt.date
    cutoff: dt.date
    due: dt.date


def is_working_day(day: dt.date, holidays: frozenset | set = frozenset()) -> bool:
    return day.weekday() < 5 and day not in holidays


def working_days_after(day: dt.date, count: int, holidays: frozenset | set = frozenset()) -> dt.date:
    """The count-th working day after day (count ≥ 1)."""
    if count < 1:
        raise ValueError("count must be at least 1")
    current = day
    while count:
        current += dt.timedelta(days=1)
        if is_working_day(current, holidays):
            count -= 1
    return current


def _bounds(kind: str, year: int, no: int) -> tuple[dt.date, dt.date]:
    if kind == QUARTER:
        first_month = 3 * no - 2
        start = dt.date(year - 1, 12, 15) if first_month == 1 else dt.date(year, first_month - 1, 15)
        return start, dt.date(year, 3 * no, 14)
    if kind == HALF:
        return (
            (dt.date(year - 1, 12, 15), dt.date(year, 6, 14))
            if no == 1
            else (dt.date(year, 6, 15), dt.date(year, 12, 14))
        )
    if kind == YEAR:
        return dt.date(year - 1, 12, 15), dt.date(year, 12, 14)
    raise ValueError(f"unknown period kind {kind!r}")


def period(kind: str, year: int, no: int, holidays=frozenset(), due_after: int = 1) -> PeriodSpec:
    start, cutoff = _bounds(kind, year, no)
    return PeriodSpec(kind, year, no, start, cutoff, working_days_after(cutoff, due_after, holidays))


def periods_between(
    first: dt.date, last: dt.date, kinds=KINDS, holidays=frozenset(), due_after: int = 1
) -> list[PeriodSpec]:
    """Every period of the given kinds whose cut-off falls between first and last, by cut-off date."""
    if last < first:
        raise ValueError("the last day is before the first")
    counts = {QUARTER: 4, HALF: 2, YEAR: 1}
    found = [
        period(kind, year, no, holidays, due_after)
        for kind in kinds
        for year in range(first.year, last.year + 2)
        for no in range(1, counts[kind] + 1)
    ]
    return sorted((p for p in found if first <= p.cutoff <= last), key=lambda p: (p.cutoff, KINDS.index(p.kind)))
