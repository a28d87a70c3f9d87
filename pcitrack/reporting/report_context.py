"""What a unit reads beside each line of its report form: for an indicator, the target in force for the period's
year, the previous value (period and source in words) and which way is better; for a task, its deadline status.

Reads only; the rules are core's (core.status.in_force, core.series.previous, core.task_deadlines).
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext

from pcitrack.core.series import Point, previous
from pcitrack.monitoring.labels import SOURCE_PHRASES, milestone_text, period_words, quantity, source_with_notes
from pcitrack.monitoring.scorecard import observation_points, target_states

from .deadlines import with_deadline_states


def period_point(period) -> Point:
    """The report's period on the observations' time axis (what its approved values are recorded as)."""
    period_type, no = period.observation_period
    return Point(period.year, period_type, no, "", 0.0)


def target_words(target, year: int) -> str:
    """The target in force in the period's year: "2025: 80 %", "tối đa 5 ngày", "Duy trì"; "" without one."""
    indicator = target.indicator
    state = next((s for s in target_states(target, dt.date(year, 1, 1)) if s.in_force), None)
    if state is None:
        return ""
    text = milestone_text(state.target, indicator.unit_of_measure, indicator.direction)
    return f"{state.target.year}: {text}" if state.target.year is not None else text


def previous_words(point: Point | None, unit: str) -> str:
    """ "55 % (năm 2024, kết quả khảo sát của văn phòng)"; "" when nothing was measured before the period."""
    if point is None:
        return ""
    source = source_with_notes(str(SOURCE_PHRASES.get(point.source, point.source)), estimated=False,
                               sample=point.sample)  # fmt: skip
    return gettext("%(value)s (%(period)s, %(source)s)") % {
        "value": quantity(point.value, unit), "period": period_words(point), "source": source,
    }  # fmt: skip


def with_indicator_context(report, entries: list) -> list:
    """The indicator entries, each carrying `target_in_force` and `previous_value` in words (one query)."""
    period = report.period
    points = observation_points(period.plan.office_id, [e.target.indicator_id for e in entries])
    here = period_point(period)
    for entry in entries:
        unit = entry.target.indicator.unit_of_measure
        entry.target_in_force = target_words(entry.target, period.year)
        entry.previous_value = previous_words(previous(points.get(entry.target.indicator_id, []), here), unit)
    return entries


def with_task_context(entries: list, today: dt.date) -> list:
    """The task entries, each task carrying its `deadline_state` (reporting.deadlines)."""
    with_deadline_states([e.task for e in entries], today)
    return entries
