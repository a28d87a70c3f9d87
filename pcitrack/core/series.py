"""From observations (several periods and sources) to the one yearly series an assessment needs."""

from __future__ import annotations

from dataclasses import dataclass

# When several sources measured the same year, the most authoritative counts: the official
# result, then the office's own survey, administrative records, and units' reports.
OFFICIAL = "pci"
SOURCE_PRIORITY = [OFFICIAL, "survey", "admin", "unit_report"]
# The value a plan states for its baseline year ("Kết quả năm 2024"): not a measurement, so it is in no
# source's priority, never a year's best value, never the latest value nor a verdict's basis.
PLAN = "plan"


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


def _year_point(points: list[Point]) -> Point:
    """A year's value from one source: its yearly value, else its latest period."""
    return max(points, key=lambda p: p.rank)


def best_of_year(points: list[Point], year: int) -> Point | None:
    """The year's value from the most authoritative source that measured it."""
    for source in SOURCE_PRIORITY:
        chosen = [p for p in points if p.year == year and p.source == source]
        if chosen:
            return _year_point(chosen)
    return None


def combined_series(points: list[Point]) -> dict[int, Point]:
    """One point a year from every source: the official series, extended by the best estimate of
    each year after its last value. A newer estimate is never dropped because an older official
    value exists; an estimate never replaces an official value of the same or an earlier year."""
    official_years = {p.year for p in points if p.source == OFFICIAL}
    last_official = max(official_years, default=None)
    series = {}
    for year in sorted({p.year for p in points}):
        if year in official_years or last_official is None or year > last_official:
            series[year] = best_of_year(points, year)
    return series


def trend(series: dict[int, float]) -> str | None:
    """ "up", "down" or "flat" between the last two years; None with fewer than two."""
    if len(series) < 2:
        return None
    (_, before), (_, last) = sorted(series.items())[-2:]
    if abs(last - before) <= 1e-9 * max(abs(before), 1):
        return "flat"
    return "up" if last > before else "down"


def ends_at(point: Point) -> float:
    """Where the point's period ends on the time axis of Point.x."""
    return point.x + {"Q": 0.25, "H": 0.5}.get(point.period_type, 1.0)


def previous(points: list[Point], before: Point) -> Point | None:
    """The latest value measured for a period that ended by the time `before`'s period begins: what a unit reporting
    for that period last knew. Of periods ending together a year outranks its half-years and quarters, and the most
    authoritative source comes first (as in `latest`)."""
    return latest([p for p in points if p.source != PLAN and ends_at(p) <= before.x + 1e-9])
