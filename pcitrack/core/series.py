"""From observations (several periods and sources) to the one yearly series an assessment needs."""

from __future__ import annotations

from dataclasses import dataclass

# When several sources measured the same indicator, the assessment follows the most
# authoritative one that has data: the official result, then the office's own survey,
# administrative records, and units' reports.
SOURCE_PRIORITY = ["pci", "survey", "admin", "unit_report"]


@dataclass(frozen=True)
class Point:
    year: int
    period_type: str  # "Y", "H" or "Q"
    period_no: int
    source: str
    value: float
    sample: bool = False  # invented for a demo, not measured

    @property
    def x(self) -> float:
        """Position on a time axis: a year at its start, a half-year or quarter where it starts."""
        if self.period_type == "Q":
            return self.year + (self.period_no - 1) / 4
        if self.period_type == "H":
            return self.year + (self.period_no - 1) / 2
        return float(self.year)

    @property
    def rank(self) -> tuple:
        """Later in the year ranks higher; a yearly value outranks the periods of its year."""
        return (self.year, 2.0 if self.period_type == "Y" else self.x - self.year)


def latest(points: list[Point]) -> Point | None:
    return max(points, key=lambda p: (p.rank, -SOURCE_PRIORITY.index(p.source)), default=None)


def yearly_series(points: list[Point]) -> tuple[str | None, dict[int, float]]:
    """The source the assessment follows and its value for each year (the year's latest period)."""
    for source in SOURCE_PRIORITY:
        chosen = [p for p in points if p.source == source]
        if chosen:
            by_year: dict[int, Point] = {}
            for p in chosen:
                if p.year not in by_year or p.rank > by_year[p.year].rank:
                    by_year[p.year] = p
            return source, {year: p.value for year, p in sorted(by_year.items())}
    return None, {}


def trend(series: dict[int, float]) -> str | None:
    """ "up", "down" or "flat" between the last two years; None with fewer than two."""
    if len(series) < 2:
        return None
    (_, before), (_, last) = sorted(series.items())[-2:]
    if abs(last - before) <= 1e-9 * max(abs(before), 1):
        return "flat"
    return "up" if last > before else "down"
