"""Progress of an indicator towards its target: is it on track?

``assess(series, target=..., target_year=..., direction=...)`` with two methods:

- ``"statcan"``: the method Open SDG publishes (docs/progress-methodology.md; the reference
  code is sdg-build's ``sdg/ProgressMeasure.py``), by Statistics Canada: the observed
  compound annual growth rate over the growth required to reach the target. Same formulas,
  thresholds, scores and edge cases (zero target or base read as 0.001, values of mixed
  sign, fewer than two years, the no-target variant with its limit coefficient). Their
  ``substantial_progress`` is our ``on_track`` and ``moderate_progress`` our
  ``needs_acceleration``.
- ``"linear"``: for bounded indicators such as percentages of agreeing firms, where growth
  rates mislead near 0 % or 100 %. A time-weighted linear trend (weights halve every
  ``HALF_LIFE_YEARS`` back from the latest year) is projected to the target year, clamped to
  [0, limit or 100], and the projected change is compared with the change required.

See docs/progress.md for worked examples.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

TARGET_ACHIEVED = "target_achieved"
NOT_ACHIEVED = "not_achieved"  # the target year has ended without the target met (see core/status.py)
ON_TRACK = "on_track"
NEEDS_ACCELERATION = "needs_acceleration"
LIMITED_PROGRESS = "limited_progress"
DETERIORATION = "deterioration"
NOT_AVAILABLE = "not_available"
STATUSES = [
    TARGET_ACHIEVED, NOT_ACHIEVED, ON_TRACK, NEEDS_ACCELERATION, LIMITED_PROGRESS, DETERIORATION, NOT_AVAILABLE,
]  # fmt: skip

# Open SDG's default thresholds.
WITH_TARGET = {"high": 0.95, "med": 0.6, "low": 0.0}
WITHOUT_TARGET = {"high": 0.015, "med": 0.005, "low": 0.0}
LIMIT_EXPONENT = 4.44
HALF_LIFE_YEARS = 3.0


@dataclass
class Assessment:
    status: str
    score: float | None
    value: (
        float | None
    )  # growth ratio (statcan with target), growth (no target) or share of the required change (linear)
    method: str
    direction: str
    target: float | None = None
    target_year: int | None = None
    base_year: int | None = None
    base_value: float | None = None
    base_from_plan: bool = False  # the base is the value the plan states for its base year, not a measurement
    current_year: int | None = None
    current_value: float | None = None
    observed_growth: float | None = None  # CAGR from base to current year
    required_growth: float | None = None  # CAGR from base to target year that reaches the target
    projected_value: float | None = None  # linear method: the trend's value at the target year
    thresholds: dict = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # codes: "zero_target", "zero_base", "mixed_signs", ...


def _growth(current: float, base: float, current_year: float, base_year: float) -> float:
    """Compound annual growth rate; NaN where the real-valued power does not exist."""
    ratio = current / base
    if ratio < 0:
        return math.nan
    return ratio ** (1 / (current_year - base_year)) - 1


def _divide(a: float, b: float) -> float:
    """a / b as numpy floats do it: ±inf for a nonzero a over zero, NaN for 0 / 0."""
    if b == 0:
        return math.nan if a == 0 or math.isnan(a) else math.copysign(math.inf, a)
    return a / b


def status_for(value: float | None, thresholds: dict, target_achieved: bool = False) -> str:
    if target_achieved:
        return TARGET_ACHIEVED
    if value is None or math.isnan(value):
        return NOT_AVAILABLE
    if value >= thresholds["high"]:
        return ON_TRACK
    if value >= thresholds["med"]:
        return NEEDS_ACCELERATION
    if value >= thresholds["low"]:
        return LIMITED_PROGRESS
    return DETERIORATION


def _score_with_target(value: float | None) -> float | None:
    if value is None or math.isnan(value):
        return None
    if value >= WITH_TARGET["med"]:
        return min(7.1429 * value - 4.2857, 5)
    return max(4.1667 * value - 2.5, -5)


def _score_without_target(value: float | None, thresholds: dict) -> float | None:
    if value is None or math.isnan(value):
        return None
    coeff = thresholds.get("coefficient", 1)
    if value < thresholds["low"]:
        return max(125 * value - 2.5, -5)
    if coeff == 0:
        return 5
    if value >= thresholds["high"]:
        return min(500 * value / coeff - 5, 5)
    if value >= thresholds["med"]:
        return 250 * value / coeff - 1.25
    return 500 * value / coeff - 2.5


def _limit_coefficient(base_value: float, limit: float) -> float:
    base_value, limit = abs(base_value), abs(limit)
    if base_value >= 2 * limit:
        return 1.0
    if base_value <= limit:
        return 1 - (base_value / limit) ** LIMIT_EXPONENT
    return 1 - ((2 * limit - base_value) / limit) ** LIMIT_EXPONENT


def _points(series: dict) -> list[tuple[int, float]]:
    return sorted(
        (int(year), float(value))
        for year, value in series.items()
        if value is not None and not (isinstance(value, float) and math.isnan(value))
    )


def _base(points: list[tuple[int, float]], base_year: int | None) -> tuple[int, float] | None:
    """The base year's point, or the first later one (Open SDG's rule)."""
    if base_year is None:
        return points[0]
    later = [p for p in points if p[0] >= base_year]
    return later[0] if later else None


def _achieved(current: float, target: float | None, sign: int) -> bool:
    return target is not None and (current >= target if sign == 1 else current <= target)


def assess(
    series: dict,
    *,
    target: float | None,
    target_year: int | None,
    direction: str,
    base_year: int | None = None,
    base_value: float | None = None,
    limit: float | None = None,
    method: str = "statcan",
) -> Assessment:
    """Assess a series {year: value} against a target reached by target_year.

    direction is "up" (higher is better) or "down". base_year None means the first year of
    the series; a base year missing from the series moves to the first later year, unless
    base_value gives the value the plan states for that year: then it is the base (never the
    latest value, which is always measured).
    """
    if direction not in ("up", "down"):
        raise ValueError(f"direction must be 'up' or 'down', not {direction!r}")
    if method not in ("statcan", "linear"):
        raise ValueError(f"method must be 'statcan' or 'linear', not {method!r}")
    d = 1 if direction == "up" else -1
    result = Assessment(NOT_AVAILABLE, None, None, method, direction, target, target_year)
    points = _points(series)
    if not points:
        result.notes.append("no_data")
        return result
    result.current_year, result.current_value = points[-1]
    if base_year is not None and base_value is not None and all(year != base_year for year, _ in points):
        base = (int(base_year), float(base_value))
        result.base_from_plan = True
        result.notes.append("base_from_plan")
        if result.current_year < base[0]:
            base = None
        else:
            points = [base, *(p for p in points if p[0] > base[0])]
    else:
        base = _base(points, base_year)
    if base is None:
        result.notes.append("base_after_data")
        return result
    result.base_year, result.base_value = base
    if method == "linear":
        return _linear(result, [p for p in points if p[0] >= base[0]], d, limit)
    return _statcan(result, d, limit)


def _statcan(result: Assessment, d: int, limit: float | None) -> Assessment:
    target = result.target
    if target == 0:
        target = 0.001
        result.notes.append("zero_target")
    with_target = target is not None
    base_value, current = result.base_value, result.current_value
    sign = -1 if base_value < 0 else 1
    thresholds = dict(WITH_TARGET if with_target else WITHOUT_TARGET)
    if not with_target and limit is not None:
        coeff = _limit_coefficient(base_value, limit)
        thresholds = {k: v * coeff for k, v in thresholds.items()} | {"coefficient": coeff}
    result.thresholds = thresholds
    achieved = _achieved(current, target, d)

    value = None
    if base_value == 0:
        base_value = 0.001
        result.notes.append("zero_base")
    if (base_value > 0 and current < 0) or (base_value < 0 and current > 0):
        result.notes.append("mixed_signs")
    elif result.current_year - result.base_year < 1:
        result.notes.append("one_year_only")
    else:
        observed = _growth(current, base_value, result.current_year, result.base_year)
        result.observed_growth = observed
        if with_target:
            if result.target_year is None or result.target_year == result.base_year:
                result.notes.append("no_target_year")
            else:
                required = _growth(target, base_value, result.target_year, result.base_year)
                result.required_growth = required
                value = sign * d * _divide(observed, abs(required))
        else:
            value = sign * d * observed
    result.value = value
    result.status = status_for(value, thresholds, achieved)
    if achieved:
        result.score = 5
    else:
        result.score = _score_with_target(value) if with_target else _score_without_target(value, thresholds)
    return result


def _weighted_trend(points: list[tuple[int, float]]) -> tuple[float, float]:
    """(intercept, slope) of the least-squares line, weights halving every HALF_LIFE_YEARS back."""
    latest = points[-1][0]
    weights = [0.5 ** ((latest - year) / HALF_LIFE_YEARS) for year, _ in points]
    total = sum(weights)
    mean_x = sum(w * x for w, (x, _) in zip(weights, points, strict=True)) / total
    mean_y = sum(w * y for w, (_, y) in zip(weights, points, strict=True)) / total
    sxx = sum(w * (x - mean_x) ** 2 for w, (x, _) in zip(weights, points, strict=True))
    sxy = sum(w * (x - mean_x) * (y - mean_y) for w, (x, y) in zip(weights, points, strict=True))
    slope = sxy / sxx
    return mean_y - slope * mean_x, slope


def _linear(result: Assessment, points: list[tuple[int, float]], d: int, limit: float | None) -> Assessment:
    thresholds = dict(WITH_TARGET)
    result.thresholds = thresholds
    target = result.target
    if target is None or result.target_year is None:
        result.notes.append("no_target")
        return result
    if _achieved(result.current_value, target, d):
        result.status, result.score = TARGET_ACHIEVED, 5
        return result
    if len(points) < 2:
        result.notes.append("one_year_only")
        return result
    intercept, slope = _weighted_trend(points)
    upper = 100.0 if limit is None else float(limit)
    projected = min(max(intercept + slope * result.target_year, 0.0), upper)
    result.projected_value = projected
    required = d * (target - result.base_value)
    achieved_change = d * (projected - result.base_value)
    if required <= 0:
        # The base already met the target, and the latest value no longer does.
        result.notes.append("base_met_target")
        result.value = None
        result.status, result.score = DETERIORATION, -5
        return result
    # Rounded so that floating-point noise (a flat series giving -1e-15) cannot flip a status.
    result.value = round(achieved_change / required, 9)
    result.status = status_for(result.value, thresholds)
    result.score = _score_with_target(result.value)
    return result
