"""A plan's targets against a province's PCI indicators, for "what if" and priorities.

Which targets are already met (by the indicator's direction), what "every indicator at its
target" changes, what a typed what-if value may be, and how the gain of reaching a target
reads. All values are in the unit people read (percentages 0-100, not VCCI's shares).

Pure Python; no Django.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from .bounds import Range, natural_range
from .document import gettext_noop
from .status import meets
from .text import parse_number


def changes_to_targets(
    current: Mapping[str, float], targets: Mapping[str, float], directions: Mapping[str, str]
) -> dict[str, float]:
    """code -> target for every indicator with a value and a target that is not yet met.

    An indicator already at or better than its target is left out: reaching a target never moves
    an indicator backwards.
    """
    return {
        code: target
        for code, target in targets.items()
        if code in current and not meets(current[code], target, directions.get(code, "up"))
    }


def catalog_range(unit: str, scale: str, name: str = "") -> Range:
    """VCCI's shares (scale "fraction") are read as percentages, 0-100; any other indicator takes the natural range
    of its unit (core.bounds): a percentage 0-100, a score its stated scale, days, hours and counts never negative."""
    return Range(0.0, 100.0) if scale == "fraction" else natural_range(unit, name)


@dataclass(frozen=True)
class Checked:
    """A typed value read as a number, or why it was refused (a message template and its parameters)."""

    value: float | None
    template: str | None = None
    params: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.template is None

    def message(self, translate=lambda s: s, number=str) -> str:
        """The message in words; `number` writes the range's bounds the local way."""
        params = {k: number(v) if k in ("low", "high") else v for k, v in self.params.items()}
        return translate(self.template or "").format(**params)


NOT_A_NUMBER = gettext_noop("“{text}” is not a number.")
OUTSIDE = gettext_noop("{name} takes values from {low} to {high}; “{text}” is outside that range.")
BELOW = gettext_noop("{name} cannot be less than {low}; “{text}” is less.")


def check_value(text: str, allowed: Range, name: str) -> Checked:
    """A what-if value as typed ("52,6", "75%"): a number inside the indicator's natural range, or a refusal."""
    text = (text or "").strip()
    number = parse_number(text)
    if number is None or not math.isfinite(number):
        return Checked(None, NOT_A_NUMBER, {"text": text})
    if number in allowed:
        return Checked(number)
    if allowed.high is None:
        return Checked(None, BELOW, {"text": text, "name": name, "low": allowed.low})
    return Checked(None, OUTSIDE, {"text": text, "name": name, "low": allowed.low, "high": allowed.high})


# What reaching a target brings, as the priorities page tells it.
GAIN = "gain"  # a positive number of PCI points
MET = "met"  # already at or better than the target: nothing to gain by moving to it
NO_GAIN_MODEL = "no_gain_model"  # the model's weight for the indicator goes against its direction
NO_GAIN_RANGE = "no_gain_range"  # beyond the values the model learned from: it sees no further gain
UNKNOWN = "unknown"  # no target value, or no estimate
NOT_COMPARABLE = "not_comparable"  # VCCI changed the question after the year the model learned from


Estimate = tuple[float | None, float | None] | None


@dataclass(frozen=True)
class TargetGain:
    kind: str
    points: float | None = None
    error: float | None = None

    def sort_key(self) -> tuple:
        """Largest gains first, then what cannot be estimated, then what brings nothing, then what is met."""
        order = {GAIN: 0, UNKNOWN: 1, NOT_COMPARABLE: 1, NO_GAIN_RANGE: 2, NO_GAIN_MODEL: 2, MET: 3}[self.kind]
        return (order, -(self.points or 0.0))


def target_gain(
    current: float | None,
    target: float | None,
    direction: str,
    per_unit: float,
    estimate: Estimate | Callable[[], Estimate],
) -> TargetGain:
    """How reaching `target` from `current` reads; `per_unit` is the model's points per unit of improvement,
    `estimate` its (PCI points, ± error) for reaching the target, or a function giving them, called only
    when they matter (the target not met, the model's weight in the right direction).

    A negative number is never given for an improvement: where the model finds none, the kind says why.
    """
    if current is None or target is None:
        return TargetGain(UNKNOWN)
    if meets(current, target, direction):
        return TargetGain(MET)
    if per_unit <= 0:
        return TargetGain(NO_GAIN_MODEL)
    if callable(estimate):
        estimate = estimate()
    if estimate is None or estimate[0] is None:
        return TargetGain(UNKNOWN)
    points, error = estimate
    if points <= 0:
        return TargetGain(NO_GAIN_RANGE)
    return TargetGain(GAIN, points, error)
