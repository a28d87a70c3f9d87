"""What each person has to do next (the home page), and where a plan stands (the leadership's overview).

Every function reads through the user's scope (pcitrack.access) and runs a fixed number of queries,
whatever the number of reports, tasks or indicators; the urgencies are core.todo's rules.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import F, Prefetch, Q
from django.utils import timezone

from pcitrack import access
from pcitrack.core.pci import SUB_INDEX_NAMES, total_score
from pcitrack.core.progress import DETERIORATION, LIMITED_PROGRESS, NOT_ACHIEVED
from pcitrack.core.status import VERDICTS
from pcitrack.core.task_deadlines import DONE, TaskStatus, count_categories, days_left
from pcitrack.core.todo import (
    DUE_SOON_DAYS,
    Urgency,
    by_due_date,
    last_ended,
    most_urgent,
    report_urgency,
)
from pcitrack.monitoring.models import Observation
from pcitrack.monitoring.scorecard import scorecard
from pcitrack.org.models import Membership, Unit
from pcitrack.plans.models import Assignment, PlanTarget, TargetUnit, Task, TaskUnit

from .deadlines import task_deadlines, with_assignments
from .followup import DUE_WITHIN_DAYS, NOT_STARTED, cell, follow_up
from .models import IndicatorEntry, ReportingPeriod, UnitReport

Role = Membership.Role
LEAD = Assignment.Role.LEAD


@dataclass
class ReportItem:
    """A unit's report for a period (None: not started yet) and what it asks of the unit."""

    period: ReportingPeriod
    unit: Unit
    report: UnitReport | None
    urgency: Urgency
    today: dt.date

    @property
    def status(self) -> str:
        return self.report.status if self.report is not None else NOT_STARTED

    @property
    def days_left(self) -> int:
        return days_left(self.period.due, self.today)

    @property
    def days_late(self) -> int:
        return -self.days_left


@dataclass
class TaskItem:
    """A task the unit leads, not done, whose deadline is near or passed."""

    task: Task
    unit: Unit
    status: TaskStatus
    urgency: Urgency
    days_left: int

    @property
    def days_over(self) -> int:
        return -self.days_left


@dataclass
class IndicatorItem:
    """An indicator the unit leads without a value for the plan's last ended period."""

    target: PlanTarget
    unit: Unit
    period: ReportingPeriod
    urgency: Urgency


@dataclass
class QueueItem:
    """A submitted report waiting for the monitor's decision."""

    report: UnitReport
    waiting_days: int
    urgency: Urgency


@dataclass
class LateUnit:
    """A unit that has not submitted its report for the period that fell due most recently."""

    period: ReportingPeriod
    unit: Unit
    report: UnitReport | None
    status: str  # as the follow-up shows it: "not_started", "draft" or "returned"
    days_late: int
    urgency: Urgency = Urgency.LATE

    @property
    def days_left(self) -> int:
        return -self.days_late


@dataclass
class WaitingValue:
    """A value a unit typed that waits for a monitor's acceptance, with where it is accepted (plan, number)."""

    observation: Observation
    plan_id: int
    no: int
    urgency: Urgency = Urgency.OPEN


@dataclass
class MissingData:
    """An indicator of a plan with no value at all for the last ended year."""

    target: PlanTarget
    year: int
    urgency: Urgency = Urgency.OPEN


def _units(user, role: str) -> list[Unit]:
    """The user's units where they hold the role, through their scope."""
    ids = access.unit_ids_as(user, role)
    return list(access.units_for(user).filter(pk__in=ids).order_by("name")) if ids else []


def _named(plan_ids, unit_ids=None) -> set[tuple[int, int]]:
    """(plan, unit) for every unit a plan asks to report: named on one of its current tasks or indicators."""
    tasks = TaskUnit.objects.filter(task__retired_at=None, task__plan_id__in=plan_ids, unit__isnull=False)
    targets = TargetUnit.objects.filter(target__retired_at=None, target__plan_id__in=plan_ids, unit__isnull=False)
    if unit_ids is not None:
        tasks, targets = tasks.filter(unit_id__in=unit_ids), targets.filter(unit_id__in=unit_ids)
    return set(tasks.values_list("task__plan_id", "unit_id")) | set(targets.values_list("target__plan_id", "unit_id"))


def _sorted(items: list, *keys) -> list:
    return sorted(items, key=lambda item: (item.urgency.rank, *(k(item) for k in keys)))


def unit_reports(user, today: dt.date) -> list[ReportItem]:
    """The reports of the user's units (as staff) that are open, due soon, late or returned, most urgent first;
    a period the plan asks the unit to report for and without a report yet counts as not started."""
    units = _units(user, Role.STAFF)
    if not units:
        return []
    plans = access.active_plans_for(user).filter(office_id__in={u.parent_id for u in units})
    soon = today + dt.timedelta(days=DUE_SOON_DAYS)
    periods = list(
        ReportingPeriod.objects.filter(plan__in=plans).filter(Q(start__lte=today) | Q(due__lte=soon)).select_related("plan")
    )  # fmt: skip
    if not periods:
        return []
    named = _named({p.plan_id for p in periods}, [u.pk for u in units])
    reports = {
        (r.period_id, r.unit_id): r
        for r in access.reports_for(user).filter(unit__in=units, period__plan__in=plans).order_by()
    }
    items = []
    for period in periods:
        for unit in units:
            if unit.parent_id != period.plan.office_id or (period.plan_id, unit.pk) not in named:
                continue
            report = reports.get((period.pk, unit.pk))
            status = report.status if report is not None else NOT_STARTED
            urgency = report_urgency(status, start=period.start, due=period.due, today=today)
            if urgency is not None:
                items.append(ReportItem(period, unit, report, urgency, today))
    return _sorted(items, lambda i: i.period.due, lambda i: i.unit.name)


def reports_to_submit(user, today: dt.date) -> list[ReportItem]:
    """The draft or returned reports of the units the user heads whose period is open or late, most urgent first."""
    heads = access.unit_ids_as(user, Role.HEAD)
    if not heads:
        return []
    reports = (
        access.reports_for(user)
        .filter(unit_id__in=heads, status__in=[UnitReport.Status.DRAFT, UnitReport.Status.RETURNED])
        .select_related("period__plan", "unit")
    )
    items = []
    for report in reports:
        period = report.period
        urgency = report_urgency(report.status, start=period.start, due=period.due, today=today)
        if urgency is not None:
            items.append(ReportItem(period, report.unit, report, urgency, today))
    return _sorted(items, lambda i: i.period.due, lambda i: i.unit.name)


def unit_tasks(user, today: dt.date, window: int = DUE_WITHIN_DAYS) -> list[TaskItem]:
    """The tasks the user's units (as staff) lead, not done by them, overdue or due within `window` days."""
    units = {u.pk: u for u in _units(user, Role.STAFF)}
    if not units:
        return []
    tasks = with_assignments(
        Task.objects.current()
        .filter(plan__in=access.active_plans_for(user), deadline__isnull=False, deadline__lte=today + dt.timedelta(days=window))
        .filter(recurrence="", assignments__unit_id__in=list(units), assignments__role=LEAD)
        .select_related("plan")
        .distinct()
        .order_by("deadline", "order")
    )  # fmt: skip
    tasks = list(tasks)
    verdicts = task_deadlines(tasks, today)
    items = []
    for task in tasks:
        for unit_id, status in verdicts[task.pk].units.items():
            if unit_id in units and status not in DONE:
                urgency = by_due_date(task.deadline, today)
                items.append(TaskItem(task, units[unit_id], status, urgency, days_left(task.deadline, today)))
    return _sorted(items, lambda i: i.task.deadline, lambda i: i.task.order)


def unit_indicators(user, today: dt.date) -> list[IndicatorItem]:
    """The indicators the user's units (as staff) lead that have no value for their plan's last ended period:
    neither an observation of that period (from any source) nor a value in the unit's report for it."""
    units = {u.pk: u for u in _units(user, Role.STAFF)}
    if not units:
        return []
    targets = list(
        PlanTarget.objects.current()
        .filter(plan__in=access.active_plans_for(user), assignments__unit_id__in=list(units), assignments__role=LEAD)
        .select_related("indicator", "plan")
        .prefetch_related(Prefetch("assignments", queryset=TargetUnit.objects.filter(role=LEAD)))
        .distinct()
        .order_by("plan", "no")
    )
    if not targets:
        return []
    periods: dict[int, list] = {}
    for period in ReportingPeriod.objects.filter(plan_id__in={t.plan_id for t in targets}, cutoff__lt=today):
        periods.setdefault(period.plan_id, []).append(period)
    ended = {plan_id: last_ended(found, today) for plan_id, found in periods.items()}
    ended = {plan_id: period for plan_id, period in ended.items() if period is not None}
    if not ended:
        return []
    measured = set(
        Observation.objects.filter(
            office_id__in={t.plan.office_id for t in targets},
            indicator_id__in={t.indicator_id for t in targets},
            year__in={p.year for p in ended.values()},
        ).values_list("office_id", "indicator_id", "year", "period_type", "period_no")
    )
    reported = set(
        IndicatorEntry.objects.filter(
            report__unit_id__in=list(units), report__period__in=list(ended.values()), value__isnull=False
        ).values_list("target_id", "report__unit_id")
    )
    items = []
    for target in targets:
        period = ended.get(target.plan_id)
        if period is None:
            continue
        kind, no = period.observation_period
        if (target.plan.office_id, target.indicator_id, period.year, kind, no) in measured:
            continue
        for assignment in target.assignments.all():
            if assignment.unit_id in units and (target.pk, assignment.unit_id) not in reported:
                urgency = by_due_date(period.due, today)
                items.append(IndicatorItem(target, units[assignment.unit_id], period, urgency))
    return _sorted(items, lambda i: i.target.plan_id, lambda i: i.target.no)


def _monitored_plans(user):
    offices = access.monitored_office_ids(user)
    plans = access.active_plans_for(user)
    return plans if offices is None else plans.filter(office_id__in=offices)


def review_queue(user, today: dt.date) -> list[QueueItem]:
    """The submitted reports of the offices the user monitors, oldest submission first ("chờ duyệt")."""
    offices = access.monitored_office_ids(user)
    if offices is not None and not offices:
        return []
    # An archived plan is read-only: its reports can no longer be decided on.
    reports = access.reports_for(user).filter(status=UnitReport.Status.SUBMITTED, period__plan__archived_at=None)
    if offices is not None:
        reports = reports.filter(period__plan__office_id__in=offices)
    items = []
    for report in reports.select_related("unit", "period__plan").order_by("submitted_at", "pk"):
        waiting = (today - timezone.localdate(report.submitted_at)).days if report.submitted_at else 0
        items.append(QueueItem(report, waiting, Urgency.LATE if waiting > DUE_SOON_DAYS else Urgency.DUE_SOON))
    return items


def late_units(user, today: dt.date) -> list[LateUnit]:
    """For each plan the user monitors, the units that have not submitted their report for the period that fell
    due most recently (the widest when several fell due the same day)."""
    plans = list(_monitored_plans(user))
    if not plans:
        return []
    by_plan: dict[int, list] = {}
    for period in ReportingPeriod.objects.filter(plan__in=plans, due__lt=today).select_related("plan"):
        by_plan.setdefault(period.plan_id, []).append(period)
    current = [p for p in (last_ended(found, today, by="due") for found in by_plan.values()) if p is not None]
    if not current:
        return []
    named = _named({p.plan_id for p in current})
    units = list(Unit.objects.filter(pk__in={unit for _, unit in named}).order_by("name"))
    reports = {(r.period_id, r.unit_id): r for r in access.reports_for(user).filter(period__in=current).order_by()}
    items = []
    for period in current:
        for unit in units:
            if unit.parent_id != period.plan.office_id or (period.plan_id, unit.pk) not in named:
                continue
            report = reports.get((period.pk, unit.pk))
            found = cell(period, report, today)
            if found.late and found.status in (NOT_STARTED, UnitReport.Status.DRAFT, UnitReport.Status.RETURNED):
                items.append(LateUnit(period, unit, report, found.status, (today - period.due).days))
    return sorted(items, key=lambda i: (i.period.due, i.period.plan_id, i.unit.name))


def _numbers(plans) -> dict[tuple[int, int], tuple[int, int]]:
    """(office, indicator) -> (plan, number in the plan), the most recent plan's when several have it."""
    rows = (
        PlanTarget.objects.current()
        .filter(plan__in=plans)
        .order_by(F("plan__date").asc(nulls_first=True), "plan_id")
        .values_list("plan__office_id", "indicator_id", "plan_id", "no")
    )
    return {(office, indicator): (plan, no) for office, indicator, plan, no in rows}


def values_to_accept(user) -> list[WaitingValue]:
    """The values units typed for the indicators of the plans the user monitors, waiting for acceptance,
    oldest first."""
    numbers = _numbers(_monitored_plans(user))
    if not numbers:
        return []
    waiting = (
        Observation.objects.filter(office_id__in={o for o, _ in numbers}, indicator_id__in={i for _, i in numbers})
        .filter(Q(accepted_value=None) | ~Q(accepted_value=F("value")))
        .select_related("unit", "indicator", "updated_by")
        .order_by("updated_at", "pk")
    )
    items = []
    for obs in waiting:
        found = numbers.get((obs.office_id, obs.indicator_id))
        if found is not None:
            items.append(WaitingValue(obs, *found))
    return items


def indicators_without_data(user, today: dt.date) -> list[MissingData]:
    """The indicators of the plans the user monitors with no value at all (any source, accepted or not) for the
    last ended year; an indicator several plans share is listed once, under the most recent plan."""
    year = today.year - 1
    targets = list(
        PlanTarget.objects.current()
        .filter(plan__in=_monitored_plans(user))
        .select_related("indicator", "plan")
        .order_by("-plan__date", "-plan_id", "no")
    )
    if not targets:
        return []
    measured = set(
        Observation.objects.filter(
            office_id__in={t.plan.office_id for t in targets}, indicator_id__in={t.indicator_id for t in targets},
            year=year,
        ).values_list("office_id", "indicator_id")
    )  # fmt: skip
    items, seen = [], set()
    for target in targets:
        key = (target.plan.office_id, target.indicator_id)
        if key not in measured and key not in seen:
            seen.add(key)
            items.append(MissingData(target, year))
    return items


@dataclass
class Section:
    """One list on the home page: its key (which partial shows it), its items and how urgent its most urgent is."""

    key: str
    items: list

    @property
    def urgency(self) -> Urgency:
        return most_urgent(item.urgency for item in self.items) or Urgency.OPEN


# Between sections of the same urgency: a person's own writing first, then what waits for their decision.
SECTION_ORDER = ["reports", "submit", "queue", "tasks", "indicators", "late_units", "to_accept", "no_data"]


def home_sections(user, today: dt.date) -> list[Section]:
    """The lists the user's roles give, each only when it holds something, the most urgent first."""
    sections = []
    if access.unit_ids_as(user, Role.STAFF):
        sections += [
            Section("reports", unit_reports(user, today)),
            Section("tasks", unit_tasks(user, today)),
            Section("indicators", unit_indicators(user, today)),
        ]
    if access.unit_ids_as(user, Role.HEAD):
        sections.append(Section("submit", reports_to_submit(user, today)))
    if access.is_monitor(user):
        sections += [
            Section("queue", review_queue(user, today)),
            Section("late_units", late_units(user, today)),
            Section("to_accept", values_to_accept(user)),
            Section("no_data", indicators_without_data(user, today)),
        ]
    found = [s for s in sections if s.items]
    return sorted(found, key=lambda s: (s.urgency.rank, SECTION_ORDER.index(s.key)))


# The leadership's overview of a plan.

OFF_TRACK = (NOT_ACHIEVED, DETERIORATION, LIMITED_PROGRESS)


@dataclass
class SubIndexCounts:
    number: int | None
    name: str
    counts: dict  # verdict key -> how many, in VERDICTS order (zeros left out)
    total: int


def pci_trend(plan) -> tuple[object, list[tuple[int, float]]]:
    """The province of the plan (by its place) and its PCI total score by year: VCCI's published total, else the
    total computed from the sub-indices where that year's weights are known."""
    from pcitrack.pci.models import PciResult
    from pcitrack.pci.services import province_finder

    province = province_finder()(plan.place) if plan.place else None
    if province is None:
        return None, []
    points = []
    for year, pci, subindices in (
        PciResult.objects.filter(province=province).order_by("year").values_list("year", "pci", "subindices")
    ):
        value = pci if pci is not None else total_score(subindices, year)
        if value is not None:
            points.append((year, float(value)))
    return province, points


def dashboard(plan, today: dt.date) -> dict:
    """Where a plan stands today: indicator statuses by PCI sub-index, tasks by deadline status, the reports of
    the last period that fell due, the province's PCI, and what is off track and who is late."""
    rows = scorecard(plan, today)
    groups: dict = {}
    for row in rows:
        groups.setdefault(row.indicator.sub_index, []).append(row)
    by_sub_index = []
    for number in sorted(groups, key=lambda n: (n is None, n or 0)):
        found = groups[number]
        counts = {key: sum(1 for r in found if r.judgement.verdict == key) for key in VERDICTS}
        by_sub_index.append(
            SubIndexCounts(number, SUB_INDEX_NAMES.get(number, ""), {k: n for k, n in counts.items() if n}, len(found))
        )
    verdict_counts = {key: sum(1 for r in rows if r.judgement.verdict == key) for key in VERDICTS}
    off_track = sorted((r for r in rows if r.status in OFF_TRACK), key=lambda r: r.target.no)

    tasks = list(with_assignments(plan.tasks.current()).order_by("order"))
    verdicts = task_deadlines(tasks, today)
    overdue_tasks = sorted(
        (t for t in tasks if verdicts[t.pk].status == TaskStatus.OVERDUE), key=lambda t: (t.deadline, t.order)
    )
    for task in overdue_tasks:
        task.days_over = -days_left(task.deadline, today)

    found = follow_up(plan, today)
    period = last_ended(found["periods"], today, by="due")
    on_time, late, missing = [], [], []
    if period is not None:
        for unit, cells in found["matrix"]:
            c = next(c for c in cells if c.period.pk == period.pk)
            if not c.late:
                on_time.append(unit)
            elif c.days_late:  # submitted, after the due date
                late.append(unit)
            else:
                missing.append(unit)
    who_is_late: dict = {}
    for unit, c in found["overdue"]:
        who_is_late.setdefault(unit, []).append(c)
    province, trend = pci_trend(plan)
    return {
        "rows": len(rows),
        "by_sub_index": by_sub_index,
        "verdict_counts": verdict_counts,
        "off_track": off_track,
        "task_counts": count_categories(verdicts.values()),
        "tasks": len(tasks),
        "overdue_tasks": overdue_tasks,
        "period": period,
        "on_time": on_time,
        "late": late,
        "missing": missing,
        "units_due": len(on_time) + len(late) + len(missing),
        "who_is_late": sorted(
            ((unit, len(cells), cells[0].period) for unit, cells in who_is_late.items()),
            key=lambda item: (-item[1], item[0].name),
        ),
        "province": province,
        "pci_trend": trend,
    }
