"""The status an office reads for an indicator: as of a date, from every source, with its basis.

``judge(points, target=..., target_year=..., direction=..., as_of=...)`` applies the rules of
docs/progress.md ("Statuses an office can trust"; "Several targets, and the plan's baseline"):

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
9. Several targets by year: the one in force is the earliest whose year has not ended, the last
   once all have; each ended target is judged by rule 2 from its own year's value.
10. The plan's baseline: progress is measured from the plan's baseline year; the value the plan
   states for it stands in when nothing was measured that year. It is never a basis.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from .progress import NOT_ACHIEVED, NOT_AVAILABLE, STATUSES, TARGET_ACHIEVED, Assessment, assess
from .series import OFFICIAL, PLAN, Point, best_of_year, combined_series

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


@dataclass(frozen=True)
class Milestone:
    """A target the plan sets for one year; a target in words ("Duy trì") has text and no value."""

    year: int | None
    value: float | None
    text: str = ""


@dataclass
class TargetState:
    """Where one of the plan's targets stands on the as-of date."""

    target: Milestone
    in_force: bool = False
    ended: bool = False  # its year has ended
    status: str | None = None  # an ended target with a value: target_achieved, not_achieved or not_available
    basis: Basis | None = None

    @property
    def estimated(self) -> bool:
        return self.basis is not None and self.basis.estimated

    @property
    def verdict(self) -> str | None:
        return None if self.status is None else verdict(self.status, self.estimated)


@dataclass
class Judgement:
    status: str
    reason: str
    as_of: dt.date
    basis: Basis | None = None
    assessment: Assessment | None = None  # how progress was read, before the target year ends
    series: dict[int, Point] = field(default_factory=dict)  # the measured series that was read, year -> point
    target: float | None = None  # the target in force
    target_year: int | None = None
    direction: str = "up"  # "down": lower is better, the target is a ceiling
    targets: list[TargetState] = field(default_factory=list)  # every target by year, earliest first
    baseline: Point | None = None  # the plan's stated value that stood in for its base year (source PLAN)

    @property
    def estimated(self) -> bool:
        return self.basis is not None and self.basis.estimated

    @property
    def verdict(self) -> str:
        return verdict(self.status, self.estimated)

    @property
    def in_force(self) -> TargetState | None:
        return next((t for t in self.targets if t.in_force), None)


def measured_by(points: list[Point], as_of: dt.date) -> list[Point]:
    """The points whose period had begun on the as-of date."""
    start = as_of.year + (as_of.timetuple().tm_yday - 1) / 366
    return [p for p in points if p.x <= start]


def meets(value: float, target: float, direction: str) -> bool:
    return value >= target if direction == "up" else value <= target


def in_force(targets: Sequence, as_of: dt.date) -> int | None:
    """The index of the target in force: the earliest whose year has not ended on the as-of date, the last once
    all have. A target without a year cannot be placed in time: it is in force only when none has a year."""
    if not targets:
        return None
    dated = sorted((t.year, i) for i, t in enumerate(targets) if t.year is not None)
    if not dated:
        return len(targets) - 1
    return next((i for year, i in dated if year >= as_of.year), dated[-1][1])


def judge(
    points: list[Point],
    *,
    target: float | None = None,
    target_year: int | None = None,
    direction: str,
    as_of: dt.date,
    targets: Sequence = (),
    base_year: int | None = None,
    base_value: float | None = None,
    limit: float | None = None,
    method: str = "statcan",
) -> Judgement:
    """The status as of a date. `targets` are the plan's targets by year, earliest first (each with `year`,
    `value` and `text`); without them, `target` and `target_year` are the only one. `base_value` is the value the
    plan states for `base_year`."""
    known = measured_by(points, as_of)
    milestones = [Milestone(t.year, t.value, getattr(t, "text", "")) for t in targets]
    if not milestones and (target is not None or target_year is not None):
        milestones = [Milestone(target_year, target)]
    chosen = in_force(milestones, as_of)
    current = milestones[chosen] if chosen is not None else Milestone(None, None)
    verdict = Judgement(NOT_AVAILABLE, NO_DATA, as_of, target=current.value, target_year=current.year,
                        direction=direction)  # fmt: skip
    verdict.targets = [_state(m, i == chosen, known, direction, as_of) for i, m in enumerate(milestones)]
    target, target_year = current.value, current.year
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
        base_value=_stated_base(verdict, known, base_year, base_value),
        limit=limit,
        method=method,
    )
    verdict.status, verdict.reason = verdict.assessment.status, PROGRESS
    return verdict


def _stated_base(verdict: Judgement, known: list[Point], base_year: int | None, base_value: float | None):
    """The plan's value for its base year, when that year has begun and nothing was measured in it."""
    if base_year is None or base_value is None or any(p.year == base_year for p in known):
        return None
    stated = Point(base_year, "Y", 1, PLAN, float(base_value))
    if not measured_by([stated], verdict.as_of):
        return None
    verdict.baseline = stated
    return stated.value


def _year_verdict(known: list[Point], target: float, year: int, direction: str) -> tuple[str, Basis | None]:
    """Rule 2: a year's own value decides, an official one finally, an estimate until it arrives."""
    point = best_of_year(known, year)
    if point is None:
        return NOT_AVAILABLE, None
    status = TARGET_ACHIEVED if meets(point.value, target, direction) else NOT_ACHIEVED
    return status, Basis(point, point.source != OFFICIAL)


def _state(milestone: Milestone, chosen: bool, known: list[Point], direction: str, as_of: dt.date) -> TargetState:
    state = TargetState(milestone, in_force=chosen)
    state.ended = milestone.year is not None and as_of.year > milestone.year
    if state.ended and milestone.value is not None:
        state.status, state.basis = _year_verdict(known, milestone.value, milestone.year, direction)
    return state


def _after_target_year(verdict: Judgement, known: list[Point], target: float, target_year: int, direction: str):
    status, basis = _year_verdict(known, target, target_year, direction)
    if basis is None:
        verdict.reason = NO_TARGET_YEAR_VALUE
        return verdict
    verdict.basis = basis
    verdict.series = {target_year: basis.point}
    verdict.status = status
    verdict.reason = TARGET_YEAR_VALUE
    return verdict
