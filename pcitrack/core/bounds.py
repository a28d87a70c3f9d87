"""The range a value of an indicator can take.

A percentage lies in 0–100; a score lies in its scale (the "(1: … 5: …)" written in the
indicator's name, else 0–100); days, hours, counts and medians are never negative. An
indicator may declare its own range, which replaces the natural one on the side it gives.
An indicator whose unit of measure is unknown has no natural range.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .document import gettext_noop
from .errors import PcitrackError
from .text import format_number

PERCENT = "%"
SCORE = "điểm"

# "(1: rất cao đến 5: rất thấp)", "(thang điểm 1-5)", "(1 - 5 điểm)"
_SCALE = re.compile(r"\(\s*(?:thang điểm\s*)?(\d+)\s*(?::[^()]*?)?(?:đến|–|-)\s*(\d+)\s*(?::|điểm|\))", re.IGNORECASE)


@dataclass(frozen=True)
class Range:
    low: float | None = None
    high: float | None = None

    def __contains__(self, value: float) -> bool:
        return (self.low is None or value >= self.low) and (self.high is None or value <= self.high)

    @property
    def bounded(self) -> bool:
        return self.low is not None or self.high is not None


def score_scale(name: str) -> Range | None:
    """The scale a score's name states, e.g. "(1: rất cao đến 5: rất thấp)" -> 1–5."""
    m = _SCALE.search(name or "")
    if m is None:
        return None
    low, high = float(m.group(1)), float(m.group(2))
    return Range(low, high) if low < high else None


def natural_range(unit: str, name: str = "") -> Range:
    unit = (unit or "").strip()
    if unit == PERCENT:
        return Range(0.0, 100.0)
    if unit == SCORE:
        return score_scale(name) or Range(0.0, 100.0)
    if unit:
        return Range(0.0, None)
    return Range()


def value_range(unit: str, name: str = "", low: float | None = None, high: float | None = None) -> Range:
    """The indicator's range: what it declares, the natural range of its unit for a side it leaves open."""
    natural = natural_range(unit, name)
    return Range(natural.low if low is None else low, natural.high if high is None else high)


def describe(bounds: Range) -> tuple[str, dict]:
    """The range in words, as a message template and its parameters."""
    low, high = format_number(bounds.low), format_number(bounds.high)
    if bounds.low is not None and bounds.high is not None:
        return gettext_noop("from {low} to {high}"), {"low": low, "high": high}
    if bounds.low is not None:
        return gettext_noop("at least {low}"), {"low": low}
    if bounds.high is not None:
        return gettext_noop("at most {high}"), {"high": high}
    return gettext_noop("any number"), {}


def check_in_range(value: float | None, bounds: Range, indicator: str) -> None:
    """Refuse a value outside the range, naming the indicator and the range."""
    if value is None or float(value) in bounds:
        return
    template, params = describe(bounds)
    raise PcitrackError(
        gettext_noop("The value {value} of “{indicator}” is outside its range ({range})."),
        value=format_number(float(value)),
        indicator=indicator,
        range=(template, params),
    )


def check_declared(unit: str, name: str, low: float | None, high: float | None) -> None:
    """A range an indicator declares narrows its unit's natural range, never widens it: a percentage stays within
    0–100, days and counts stay at least 0."""
    natural = natural_range(unit, name)
    if low is not None and high is not None and low >= high:
        raise PcitrackError(gettext_noop("The lowest value must be below the highest."))
    for limit in (low, high):
        if limit is not None and limit not in natural:
            template, params = describe(natural)
            raise PcitrackError(
                gettext_noop("{value} lies outside what the unit of measure allows ({range})."),
                value=format_number(limit),
                range=(template, params),
            )
