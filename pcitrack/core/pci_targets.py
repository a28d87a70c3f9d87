"""A plan's targets against a province's PCI indicators, for "what if" and priorities.

Which targets are already met (by the indicator's direction), what "every indicator at its
target" changes, what a typed what-if value may be, and how the gain of reaching a target
reads. All values are in the unit people read (percentages 0-100, not VCCI's shares).

Pure Python; no Django.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from .document import gettext_noop
from .text import parse_number


def is_met(current: float, target: float, direction: str) -> bool:
    """At or better than the target: above it when higher is better ("up"), below it when lower is ("down")."""
    return current <= target if direction == "down" else current >= target


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
        if code in current and not is_met(current[code], target, directions.get(code, "up"))
    }


@dataclass(frozen=True)
class Range:
    """The values an indicator can take, as people read it; None is no bound."""

    low: float | None = None
    high: float | None = None

    def __contains__(self, value: float) -> bool:
        return (self.low is None or value >= self.low) and (self.high is None or value <= self.high)


# An answer scale written in the indicator's name: "(1: rất cao đến 5: rất thấp)".
_ANSWER_SCALE = re.compile(r"\(\s*(\d+)\s*:[^()]*?\b(\d+)\s*:[^()]*\)")


def natural_range(unit: str, scale: str, name: str = "") -> Range:
    """Percentages (and VCCI's shares, shown as percentages) lie in 0-100; an answer scale named in
    the indicator's name ("1: ... 5: ...") bounds it; days, hours, counts and other scores are never negative."""
    if scale == "fraction" or unit == "%":
        return Range(0.0, 100.0)
    found = _ANSWER_SCALE.search(name or "")
    if found:
        low, high = sorted((float(found.group(1)), float(found.group(2))))
        if low < high:
            return Range(low, high)
    return Range(0.0, None)


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


Estimate = tuple[float | None, float | None] | None


@dataclass(frozen=True)
class TargetGain:
    kind: str
    points: float | None = None
    error: float | None = None

    def sort_key(self) -> tuple:
        """Largest gains first, then what cannot be estimated, then what brings nothing, then what is met."""
        order = {GAIN: 0, UNKNOWN: 1, NO_GAIN_RANGE: 2, NO_GAIN_MODEL: 2, MET: 3}[self.kind]
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
    if is_met(current, target, direction):
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
