"""Vietnam's public holidays 2024–2027: the days a provincial office is closed, for due dates. Pure Python.

The law (Bộ luật Lao động 2019, Điều 112) gives: Tết Dương lịch (1/1), Tết Âm lịch (5 days, the
Government choosing which: the last day or two of the lunar year and the first days of the new one),
Giỗ Tổ Hùng Vương (10/3 âm lịch), Chiến thắng (30/4), Quốc tế lao động (1/5) and Quốc khánh (2/9 and one
adjacent day, 1/9 or 3/9, that the Government chooses). A holiday falling on a weekend gives a
compensatory day off (nghỉ bù) on the next working day (Điều 111). Each year the Government announces,
for civil servants, the days off and any swap of a working day for a Saturday (nghỉ hoán đổi, làm bù).

How each year was obtained:

- 2024 and 2025: the days off announced for civil servants by the Ministry of Labour, Invalids and Social
  Affairs with the Prime Minister's approval. Tết 2024: 8/2–14/2 — statutory 8/2 (29 tháng Chạp) to
  12/2 (mùng 3), compensatory 13/2 and 14/2 for the weekend 10–11/2. Tết 2025: 25/1–2/2 — statutory
  27/1 (28 tháng Chạp) to 31/1 (mùng 3), with the weekends before and after. 29/4/2024 and 2/5/2025
  were swapped working days (worked on Saturday 4/5/2024 and Saturday 26/4/2025).
- 2026: Tết 14/2–22/2 as the Government announced — statutory 16/2 (the last day of the lunar year) to
  20/2 (mùng 4), with the weekends before and after. For the other holidays of 2026 no swap is
  included: only the statutory days, and 27/4, the compensatory day the law itself gives for Giỗ Tổ
  falling on Sunday 26/4. The day adjacent to 2/9 is not yet chosen: only 2/9 is included.
- 2027: nothing announced yet: only the statutory days. Tết (mùng 1 = 6/2/2027) is taken as the
  last day of the lunar year and mùng 1–4 (5/2–9/2); the compensatory days for the weekend inside it
  and the day adjacent to 2/9 are not included. 1/5/2027 is a Saturday: its compensatory day 3/5 follows
  from the law and is included.

Dates of Giỗ Tổ (10/3 âm lịch): 18/4/2024, 7/4/2025, 26/4/2026, 16/4/2027. Mùng 1 Tết: 10/2/2024,
29/1/2025, 17/2/2026, 6/2/2027. A Saturday worked in exchange for a swapped day (làm bù) is not
represented: due dates treat every Saturday as a day off, which only ever makes them later.
Days announced later are entered on the holidays page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum


class DayKind(StrEnum):
    """How a day comes to be off; its words are in the day's stored name (NAMES)."""

    STATUTORY = "statutory"
    COMPENSATORY = "compensatory"
    SWAPPED = "swapped"
    WEEKEND = "weekend"


# The name a day is stored with (the office's own words; data, not interface text).
NAMES = {
    DayKind.STATUTORY: "{occasion}",
    DayKind.COMPENSATORY: "{occasion} (nghỉ bù)",
    DayKind.SWAPPED: "Kỳ nghỉ {occasion} (nghỉ hoán đổi, làm bù thứ Bảy {makeup})",
    DayKind.WEEKEND: "Kỳ nghỉ {occasion} (nghỉ hằng tuần)",
}

NEW_YEAR = "Tết Dương lịch"
TET = "Tết Nguyên đán"
HUNG_KINGS = "Giỗ Tổ Hùng Vương"
REUNIFICATION = "Ngày Chiến thắng 30/4"
LABOUR_DAY = "Ngày Quốc tế Lao động 1/5"
NATIONAL_DAY = "Quốc khánh 2/9"


@dataclass(frozen=True)
class PublicHoliday:
    date: dt.date
    occasion: str
    kind: DayKind = DayKind.STATUTORY
    makeup: dt.date | None = None  # the Saturday worked in exchange for a swapped day

    @property
    def name(self) -> str:
        makeup = f"{self.makeup:%d/%m/%Y}" if self.makeup else ""
        return NAMES[self.kind].format(occasion=self.occasion, makeup=makeup)


def _span(first: dt.date, last: dt.date, occasion: str, statutory: set[int], compensatory: set[int] = frozenset()):
    """Each day from first to last: statutory or compensatory by day of month, else a weekend day."""
    days, day = [], first
    while day <= last:
        if day.day in statutory:
            kind = DayKind.STATUTORY
        elif day.day in compensatory:
            kind = DayKind.COMPENSATORY
        else:
            kind = DayKind.WEEKEND
        days.append(PublicHoliday(day, occasion, kind))
        day += dt.timedelta(days=1)
    return days


D = dt.date
S, C, W = DayKind.STATUTORY, DayKind.COMPENSATORY, DayKind.WEEKEND

HOLIDAYS: tuple[PublicHoliday, ...] = (
    # 2024
    PublicHoliday(D(2024, 1, 1), NEW_YEAR),
    *_span(D(2024, 2, 8), D(2024, 2, 14), TET, statutory={8, 9, 10, 11, 12}, compensatory={13, 14}),
    PublicHoliday(D(2024, 4, 18), HUNG_KINGS),
    PublicHoliday(D(2024, 4, 27), REUNIFICATION, W),
    PublicHoliday(D(2024, 4, 28), REUNIFICATION, W),
    PublicHoliday(D(2024, 4, 29), REUNIFICATION, DayKind.SWAPPED, makeup=D(2024, 5, 4)),
    PublicHoliday(D(2024, 4, 30), REUNIFICATION),
    PublicHoliday(D(2024, 5, 1), LABOUR_DAY),
    PublicHoliday(D(2024, 8, 31), NATIONAL_DAY, W),
    PublicHoliday(D(2024, 9, 1), NATIONAL_DAY, W),
    PublicHoliday(D(2024, 9, 2), NATIONAL_DAY),
    PublicHoliday(D(2024, 9, 3), NATIONAL_DAY),
    # 2025
    PublicHoliday(D(2025, 1, 1), NEW_YEAR),
    *_span(D(2025, 1, 25), D(2025, 1, 31), TET, statutory={27, 28, 29, 30, 31}),
    PublicHoliday(D(2025, 2, 1), TET, W),
    PublicHoliday(D(2025, 2, 2), TET, W),
    PublicHoliday(D(2025, 4, 7), HUNG_KINGS),
    PublicHoliday(D(2025, 4, 30), REUNIFICATION),
    PublicHoliday(D(2025, 5, 1), LABOUR_DAY),
    PublicHoliday(D(2025, 5, 2), LABOUR_DAY, DayKind.SWAPPED, makeup=D(2025, 4, 26)),
    PublicHoliday(D(2025, 5, 3), LABOUR_DAY, W),
    PublicHoliday(D(2025, 5, 4), LABOUR_DAY, W),
    PublicHoliday(D(2025, 8, 30), NATIONAL_DAY, W),
    PublicHoliday(D(2025, 8, 31), NATIONAL_DAY, W),
    PublicHoliday(D(2025, 9, 1), NATIONAL_DAY),
    PublicHoliday(D(2025, 9, 2), NATIONAL_DAY),
    # 2026
    PublicHoliday(D(2026, 1, 1), NEW_YEAR),
    *_span(D(2026, 2, 14), D(2026, 2, 22), TET, statutory={16, 17, 18, 19, 20}),
    PublicHoliday(D(2026, 4, 26), HUNG_KINGS),
    PublicHoliday(D(2026, 4, 27), HUNG_KINGS, C),
    PublicHoliday(D(2026, 4, 30), REUNIFICATION),
    PublicHoliday(D(2026, 5, 1), LABOUR_DAY),
    PublicHoliday(D(2026, 9, 2), NATIONAL_DAY),
    # 2027
    PublicHoliday(D(2027, 1, 1), NEW_YEAR),
    *_span(D(2027, 2, 5), D(2027, 2, 9), TET, statutory={5, 6, 7, 8, 9}),
    PublicHoliday(D(2027, 4, 16), HUNG_KINGS),
    PublicHoliday(D(2027, 4, 30), REUNIFICATION),
    PublicHoliday(D(2027, 5, 1), LABOUR_DAY),
    PublicHoliday(D(2027, 5, 3), LABOUR_DAY, C),
    PublicHoliday(D(2027, 9, 2), NATIONAL_DAY),
)


def days_off(year: int | None = None) -> list[PublicHoliday]:
    """The table's days, of one year or all, by date."""
    return sorted((h for h in HOLIDAYS if year is None or h.date.year == year), key=lambda h: h.date)
