"""Where every indicator of a plan stands: latest value, target, status, trend.

A fixed number of queries whatever the number of indicators or observations: targets
with their indicators, their unit assignments, and the observations an assessment reads (for
each indicator and year the most authoritative value, and the latest value: the database
picks them); the rest is computed in Python by pcitrack.core.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import F, Prefetch, Q
from django.utils import timezone

from pcitrack.core.progress import Assessment
from pcitrack.core.series import SOURCE_PRIORITY, Point, combined_series, latest, trend
from pcitrack.core.status import VERDICTS, Judgement, Milestone, TargetState, in_force, judge, measured_by
from pcitrack.plans.models import PlanTarget, TargetUnit

from .models import Observation


def method_for(unit_of_measure: str) -> str:
    """Percentages are bounded: their progress is read from a linear trend, the rest from growth rates."""
    return "linear" if unit_of_measure.strip() == "%" else "statcan"


@dataclass(frozen=True)
class RowUnit:
    """A unit's part in a target, as a scorecard shows it (plans.TargetUnit's unit_id, role and label)."""

    unit_id: int | None
    role: str
    label: str


@dataclass
class Row:
    target: PlanTarget
    judgement: Judgement
    points: list[Point] = field(default_factory=list)  # what was measured up to the as-of date
    latest: Point | None = None
    trend: str | None = None

    @property
    def indicator(self):
        return self.target.indicator

    @property
    def status(self) -> str:
        return self.judgement.status

    @property
    def assessment(self) -> Assessment | None:
        return self.judgement.assessment

    @property
    def basis(self):
        return self.judgement.basis

    @property
    def series(self) -> dict[int, float]:
        return {year: p.value for year, p in self.judgement.series.items()}

    @property
    def assignments(self) -> list:
        """The target's units (lead and support), as fetched with it."""
        fetched = getattr(self.target, "assignment_list", None)
        return fetched if fetched is not None else list(self.target.assignments.all())

    def unit_ids(self, role: str | None = None) -> set[int]:
        return {a.unit_id for a in self.assignments if a.unit_id and (role is None or a.role == role)}


def milestones(target: PlanTarget) -> list[Milestone]:
    """The plan's targets by year, earliest first; a target stored before targets by year is the only one."""
    if target.yearly_targets:
        return [
            Milestone(t.get("year"), None if t.get("value") is None else float(t["value"]), t.get("text") or "")
            for t in target.yearly_targets
        ]
    if target.target_value is None and not target.target_text and target.target_year is None:
        return []
    value = None if target.target_value is None else float(target.target_value)
    return [Milestone(target.target_year, value, target.target_text)]


def target_states(target: PlanTarget, as_of: dt.date | None = None) -> list[TargetState]:
    """The targets by year with the one in force on a date (today by default) marked, none judged: for lists."""
    as_of = as_of or timezone.localdate()
    found = milestones(target)
    chosen = in_force(found, as_of)
    return [
        TargetState(m, in_force=i == chosen, ended=m.year is not None and as_of.year > m.year)
        for i, m in enumerate(found)
    ]


def assess_target(target: PlanTarget, points: list[Point], as_of: dt.date | None = None) -> Row:
    """The target's status as of a date (today by default), from every source (core.status): the target in force
    on that date, progress measured from the plan's baseline year."""
    as_of = as_of or timezone.localdate()
    indicator = target.indicator
    judgement = judge(
        points,
        targets=milestones(target),
        direction=indicator.direction,
        as_of=as_of,
        base_year=target.baseline_year,
        base_value=None if target.baseline_value is None else float(target.baseline_value),
        method=method_for(indicator.unit_of_measure),
    )
    known = measured_by(points, as_of)
    row = Row(target, judgement, known, latest(known))
    # The direction of the latest change, from every source, also once the target year has ended.
    row.trend = trend({year: p.value for year, p in combined_series(known).items()})
    return row


def points_of(observations) -> list[Point]:
    """The accepted observations as points: a value waiting for a monitor's acceptance counts for nothing yet."""
    return [
        Point(o.year, o.period_type, o.period_no, o.source, float(o.accepted_value), o.is_sample)
        for o in observations
        if o.accepted_value is not None
    ]


def observation_points(office_id: int, indicator_ids, until_year: int | None = None) -> dict[int, list[Point]]:
    """The office's accepted observations of the indicators (up to a year, if given), as points by indicator;
    one query."""
    rows = Observation.objects.filter(office_id=office_id, indicator_id__in=indicator_ids, accepted_value__isnull=False)
    if until_year is not None:
        rows = rows.filter(year__lte=until_year)
    observations: dict[int, list[Point]] = {}
    for indicator_id, year, period_type, period_no, source, value, sample in rows.order_by().values_list(
        "indicator_id", "year", "period_type", "period_no", "source", "accepted_value", "is_sample"
    ):
        observations.setdefault(indicator_id, []).append(
            Point(year, period_type, period_no, source, float(value), sample)
        )
    return observations


# What an assessment reads of an indicator's accepted observations measured by a date (core.series, core.status):
# for each year, the value of the most authoritative source that measured it (best_of_year: its yearly value, else
# its latest period), and the latest value of all (latest). A period's place is counted in quarters from year 0
# ("pos"), so "had begun by the date" is one integer comparison. Of two periods of a source beginning together
# (Q1 and H1) the longer one counts.
_POINTS_SQL = """
SELECT indicator_id, year, period_type, period_no, source, value, is_sample FROM (
    SELECT indicator_id, year, period_type, period_no, source, value, is_sample,
           ROW_NUMBER() OVER (
               PARTITION BY indicator_id, year
               ORDER BY priority, is_year DESC, pos DESC, is_half DESC, period_no DESC
           ) AS best_of_year,
           ROW_NUMBER() OVER (
               PARTITION BY indicator_id
               ORDER BY year DESC, is_year DESC, pos DESC, priority, is_half DESC, period_no DESC
           ) AS latest
    FROM (
        SELECT indicator_id, year, period_type, period_no, source, is_sample,
               CAST(accepted_value AS DOUBLE PRECISION) AS value,
               CASE period_type WHEN 'Q' THEN year * 4 + period_no - 1
                                WHEN 'H' THEN year * 4 + 2 * (period_no - 1)
                                ELSE year * 4 END AS pos,
               CASE WHEN period_type = 'Y' THEN 1 ELSE 0 END AS is_year,
               CASE WHEN period_type = 'H' THEN 1 ELSE 0 END AS is_half,
               CASE source {priority} ELSE {unranked} END AS priority
        FROM {table}
        WHERE office_id = %s AND accepted_value IS NOT NULL
          AND indicator_id IN (SELECT indicator_id FROM {targets} WHERE plan_id = %s AND retired_at IS NULL)
    ) AS placed
    WHERE pos <= %s
) AS ranked
WHERE best_of_year = 1 OR latest = 1
"""


def _last_begun(as_of: dt.date) -> int:
    """The place, in quarters from year 0, of the last quarter that had begun on the date, by the test of
    core.status.measured_by (whose positions are all whole quarters)."""
    year = as_of.year
    begun = [q for q in range(4) if measured_by([Point(year, "Q", q + 1, "", 0.0)], as_of)]
    return year * 4 + max(begun)


def assessed_points(plan, as_of: dt.date) -> dict[int, list[Point]]:
    """The office's accepted observations of the plan's current indicators that an assessment as of a date reads,
    as points by indicator: each year's value from the most authoritative source, and the latest value; one query.

    Every rule of core.status reads the observations through these (core.series.best_of_year, combined_series,
    latest), so the verdicts, latest values and trends are those of all the observations, for a fraction of the
    rows. Not for a list of every value (monitoring.labels.set_aside_text)."""
    quote = connection.ops.quote_name
    sql = _POINTS_SQL.format(
        table=quote(Observation._meta.db_table),
        targets=quote(PlanTarget._meta.db_table),
        priority=" ".join(f"WHEN %s THEN {n}" for n in range(len(SOURCE_PRIORITY))),
        unranked=len(SOURCE_PRIORITY),
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*SOURCE_PRIORITY, plan.office_id, plan.pk, _last_begun(as_of)])
        rows = cursor.fetchall()
    found: dict[int, list[Point]] = {}
    for indicator_id, year, period_type, period_no, source, value, sample in rows:
        point = Point(year, period_type, period_no, source, value, bool(sample))
        found.setdefault(indicator_id, []).append(point)
    return found


def plan_targets(plan) -> list[PlanTarget]:
    """The plan's targets with their indicators and unit assignments (three queries)."""
    return list(
        plan.targets.current()
        .select_related("indicator")
        .prefetch_related(Prefetch("assignments", queryset=TargetUnit.objects.select_related("unit")))
    )


def scorecard(plan, as_of: dt.date | None = None) -> list[Row]:
    """Every current target of the plan assessed as of a date (today by default); each row's points are the values an
    assessment reads (assessed_points). Three queries."""
    as_of = as_of or timezone.localdate()
    targets = list(plan.targets.current().select_related("indicator"))
    # The units of each target (Row.assignments), from one query of the plan's: a prefetch would send every
    # target's id and make two model instances a unit.
    assigned: dict[int, list[RowUnit]] = {t.pk: [] for t in targets}
    found = (
        TargetUnit.objects.filter(target__plan=plan, target__retired_at=None)
        .order_by("pk")
        .values_list("target_id", "unit_id", "role", "unit__name", "group_label")
    )
    for target_id, unit_id, role, name, group_label in found:
        if target_id in assigned:
            assigned[target_id].append(RowUnit(unit_id, role, name if unit_id else group_label))
    for target in targets:
        target.assignment_list = assigned[target.pk]
    observations = assessed_points(plan, as_of)
    return [assess_target(t, observations.get(t.indicator_id, []), as_of) for t in targets]


def shown_rows(rows: list[Row], unit=None, verdict: str = "") -> list[Row]:
    """The rows a scorecard shows: those a unit leads or supports (any unit when none), with a verdict key
    (any verdict when the key is not one)."""
    return [
        r
        for r in rows
        if (unit is None or unit.pk in r.unit_ids()) and (verdict not in VERDICTS or r.judgement.verdict == verdict)
    ]


def pending_values(plan) -> list[tuple[int, Observation]]:
    """The values units typed for the plan's indicators that wait for a monitor's acceptance, with the number of
    each one's indicator in the plan, oldest first; one query."""
    numbers = dict(plan.targets.current().values_list("indicator_id", "no"))
    waiting = Observation.objects.filter(office_id=plan.office_id, indicator_id__in=numbers).filter(
        Q(accepted_value=None) | ~Q(accepted_value=F("value"))
    )
    rows = waiting.select_related("unit", "indicator", "updated_by").order_by("updated_at")
    return [(numbers[o.indicator_id], o) for o in rows]
