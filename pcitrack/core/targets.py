"""A target as plans write it: a number with its unit, and the way it points when the plan says so.

"≥ 99%", "tối thiểu 99", "đạt trên 80%" ask for at least the number (higher is better); "≤ 3 ngày",
"không quá 3", "tối đa 5" ask for at most it (lower is better); "70%" says no way. "Tăng 2 - 4 bậc",
"Duy trì", "Đạt chuẩn" are no single number: they stay text targets, no number invented. Pure Python.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .measures import read_measure
from .text import fold, parse_number

UP, DOWN = "up", "down"

_AT_LEAST = r"≥|>=?|toi thieu|it nhat|khong duoi|khong thap hon|tren|tu"
_AT_MOST = r"≤|<=?|khong qua|khong vuot qua|toi da|duoi|khong cao hon"
_TARGET = re.compile(
    rf"^(?:dat\s*)?(?:(?P<up>{_AT_LEAST})|(?P<down>{_AT_MOST}))?\s*(?:muc\s*)?"
    rf"(?P<number>[-+]?\d[\d.,]*)\s*(?P<unit>[^\d]*?)\s*(?:tro len)?\s*$"
)


@dataclass(frozen=True)
class TargetReading:
    value: float | None  # None: a text target ("Duy trì"), kept as written
    direction: str | None = None  # UP (at least), DOWN (at most), None: the plan does not say
    unit: str | None = None


def read_target(text: str) -> TargetReading:
    m = _TARGET.match(fold(text).strip())
    if m is None:
        return TargetReading(None)
    value = parse_number(m.group("number"))
    unit = read_measure(m.group("unit")) if m.group("unit") else None
    if value is None or (m.group("unit") and unit is None):
        return TargetReading(None)  # "5 triệu", "2 - 4": no single number of a known unit
    direction = UP if m.group("up") else DOWN if m.group("down") else None
    return TargetReading(value, direction, unit)
