"""The status an office reads for an indicator: as of a date, from every source, with its basis.

``judge(points, target=..., target_year=..., direction=..., as_of=...)`` applies the rules of
docs/progress.md ("Statuses an office can trust"):

1. Only what was measured up to the as-of date counts.
2. Once the target year has ended, that year's own value decides: ``target_achieved`` or
   ``not_achieved``. An official (VCCI) value is final; without one, the best estimate for that
   year (own survey, then administrative records, then approved unit reports) decides and the
   verdict is *estimated* until the official value arrives. No value for that year: ``not_available``.
3. Before that, progress is read from one series that uses every source: the official series,
   extended by the estimates of the years after its last value (each point keeping its source).
   A series whose latest value is more than ``STALE_AFTER_YEARS`` older than the as-of year is
   not judged (``not_available``, reason "stale").
4. A value that already meets the target gives ``target_achieved``; the direction of the
   indicator decides what "meets" means.
5. Every verdict carries its basis: the point (source, period, value) it rests on, and whether
   that point is an estimate.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .progress import NOT_ACHIEVED, NOT_AVAILABLE, STATUSES, TARGET_ACHIEVED, Assessment, assess
from .series import OFFICIAL, Point, best_of_year, combined_series

STALE_AFTER_YEARS = 3

# What a person counts and filters by: a verdict that rests on an estimate is told apart from a final one.
ESTIMATED_ACHIEVED = "target_achieved_estimated"
ESTIMATED_NOT_ACHIEVED = "not_achieved_estimated"
_ESTIMATED = {TARGET_ACHIEVED: ESTIMATED_ACHIEVED, NOT_ACHIEVED: ESTIMATED_NOT_ACHIEVED}
VERDICTS = [TARGET_ACHIEVED, ESTIMATED_ACHIEVED, NOT_ACHIEVED, ESTIMATED_NOT_ACHIEVED,
            *(s for s in STATUSES if s not in _ESTIMATED)]  # fmt: skip


def verdict(status: str, estimated: bool) -> str:
    """ "target_achieved_estimated" for an achievement read from an estimate; the status itself otherwise."""
    return _ESTIMATED.get(status, status) if estimated else status


def verdict_parts(key: str) -> tuple[str, bool]:
    """The status and whether it is estimated, of a verdict key."""
    for status, estimated in _ESTIMATED.items():
        if key == estimated:
            return status, True
    return key, False


# Why a verdict is what it is, as codes; the pages put them into words.
NO_DATA = "no_data"
NO_TARGET_YEAR_VALUE = "no_target_year_value"
STALE = "stale"
TARGET_YEAR_VALUE = "target_year_value"
PROGRESS = "progress"


@dataclass(frozen=True)
class Basis:
    """The value a verdict rests on."""

    point: Point
    estimated: bool

    def to_dict(self) -> dict:
        p = self.point
        period = "Y" if p.period_type == "Y" else f"{p.period_type}{p.period_no}"
        return {"source": p.source, "year": p.year, "period": period, "value": p.value}


@dataclass
class Judgement:
    status: str
    reason: str
    as_of: dt.date
    basis: Basis | None = None
    assessment: Assessment | None = None  # how progress was read, before the target year ends
    series: dict[int, Point] = field(default_factory=dict)  # the series that was read, year -> point
    target: float | None = None
    target_year: int | None = None
    direction: str = "up"  # "down": lower is better, the target is a ceiling

    @property
    def estimated(self) -> bool:
        return self.basis is not None and self.basis.estimated

    @property
    def verdict(self) -> str:
        return verdict(self.status, self.estimated)


def measured_by(points: list[Point], as_of: dt.date) -> list[Point]:
    """The points whose period had begun on the as-of date."""
    start = as_of.year + (as_of.timetuple().tm_yday - 1) / 366
    return [p for p in points if p.x <= start]


def meets(value: float, target: float, direction: str) -> bool:
    return value >= target if direction == "up" else value <= target


def judge(
    points: list[Point],
    *,
    target: float | None,
    target_year: int | None,
    direction: str,
    as_of: dt.date,
    base_year: int | None = None,
    limit: float | None = None,
    method: str = "statcan",
) -> Judgement:
    known = measured_by(points, as_of)
    verdict = Judgement(NOT_AVAILABLE, NO_DATA, as_of, target=target, target_year=target_year, direction=direction)
    if target is not None and target_year is not None and as_of.year > target_year:
        return _after_target_year(verdict, known, target, target_year, direction)
    series = combined_series(known)
    verdict.series = series
    if not series:
        return verdict
    latest = series[max(series)]
    verdict.basis = Basis(latest, latest.source != OFFICIAL)
    if as_of.year - latest.year > STALE_AFTER_YEARS:
        verdict.reason = STALE
        return verdict
    verdict.assessment = assess(
        {year: p.value for year, p in series.items()},
        target=target,
        target_year=target_year,
        direction=direction,
        base_year=base_year,
        limit=limit,
        method=method,
    )
    verdict.status, verdict.reason = verdict.assessment.status, PROGRESS
    return verdict


def _after_target_year(verdict: Judgement, known: list[Point], target: float, target_year: int, direction: str):
    point = best_of_year(known, target_year)
    if point is None:
        verdict.reason = NO_TARGET_YEAR_VALUE
        return verdict
    verdict.basis = Basis(point, point.source != OFFICIAL)
    verdict.series = {target_year: point}
    verdict.status = TARGET_ACHIEVED if meets(point.value, target, direction) else NOT_ACHIEVED
    verdict.reason = TARGET_YEAR_VALUE
    return verdict
