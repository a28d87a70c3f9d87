"""Who has reported what: the status matrix, the overdue list, timeliness, a task's track, and the tasks due
soon or overdue by unit."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models.functions import TruncDate
from django.utils import timezone

from pcitrack import access
from pcitrack.core.report_check import days_late
from pcitrack.core.task_deadlines import DONE, TaskStatus, days_left
from pcitrack.org.models import Unit

from .deadlines import task_deadlines, with_assignments
from .models import TaskEntry, UnitReport
from .services import asked_unit_ids, reporting_units

NOT_STARTED = "not_started"
NOT_ASKED = "not_asked"  # an ad hoc report asked of other units


@dataclass(frozen=True, slots=True)
class ReportState:
    """What the follow-up reads of a report: its id, where it stands and the day it was first submitted."""

    pk: int
    status: str
    version: int
    first_submitted_on: dt.date | None  # in the local time zone


@dataclass(slots=True)
class Cell:
    period: object
    report: UnitReport | ReportState | None
    status: str
    late: bool
    days_late: int = 0  # submitted (or received) this many days after the due date


def _local_day(moment) -> dt.date | None:
    return timezone.localdate(moment) if moment else None


def cell(period, report: UnitReport | None, today: dt.date) -> Cell:
    return _cell(period, report, _local_day(report.first_submitted_at) if report else None, today)


def _cell(period, report: UnitReport | ReportState | None, first: dt.date | None, today: dt.date) -> Cell:
    untouched = report is None or (report.version == 1 and report.status == UnitReport.Status.DRAFT)
    status = NOT_STARTED if untouched else report.status
    due = period.due
    late = (first is None and due < today) or (first is not None and first > due)
    return Cell(period, report, status, late, days_late(first, due))


def follow_up(plan, today: dt.date) -> dict:
    units = reporting_units(plan)
    periods = list(plan.periods.prefetch_related("units"))
    asked = [(p, asked_unit_ids(p)) for p in periods]
    # Only what a cell needs, as plain rows, the day of the first submission taken by the database: a national
    # plan has thousands of reports.
    rows = (
        UnitReport.objects.filter(period__plan=plan)
        .order_by()
        .values_list("unit_id", "period_id", "pk", "status", "version", TruncDate("first_submitted_at"))
    )
    reports = {(unit_id, period_id): ReportState(*state) for unit_id, period_id, *state in rows}
    matrix, overdue, timeliness = [], [], []
    for unit in units:
        unit_id = unit.pk
        cells = []
        for p, asked_ids in asked:
            if asked_ids is not None and unit_id not in asked_ids:
                cells.append(Cell(p, None, NOT_ASKED, False))
                continue
            state = reports.get((unit_id, p.pk))
            cells.append(_cell(p, state, state.first_submitted_on if state else None, today))
        matrix.append((unit, cells))
        overdue += [(unit, c) for c in cells if c.late and c.status in (NOT_STARTED, "draft", "returned")]
        closed = [c for c in cells if c.period.due < today and c.status != NOT_ASKED]
        on_time = sum(1 for c in closed if not c.late)
        timeliness.append((unit, on_time, len(closed), (on_time / len(closed)) if closed else None))
    overdue.sort(key=lambda item: item[1].period.due)
    overdue = [] if plan.is_archived else overdue  # an archived plan's open reports are no longer chased
    return {"units": units, "periods": periods, "matrix": matrix, "overdue": overdue, "timeliness": timeliness}


def task_track(task, user) -> dict:
    """The task's status for each unit over the periods; a returned report counts as not completed.

    What a unit wrote, and its evidence, is shown to others only once its report is approved.
    """
    entries = (
        TaskEntry.objects.filter(task=task)
        .select_related("report__period__plan", "report__unit")
        .prefetch_related("evidence")
        .order_by("report__unit__name", "report__period__cutoff")
    )
    by_unit: dict = {}
    for entry in entries:
        by_unit.setdefault(entry.report.unit, []).append(
            {
                "entry": entry,
                "period": entry.report.period,
                "status": "returned" if entry.report.status == UnitReport.Status.RETURNED else entry.status,
                "counted": entry.report.status == UnitReport.Status.APPROVED,
                "visible": access.can_read_narrative(user, entry.report),
                "evidence": access.can_read_evidence(user, entry.report),
            }
        )
    latest = {unit: rows[-1] for unit, rows in by_unit.items()}
    return {"by_unit": by_unit, "latest": latest, "assignments": task.assignments.select_related("unit")}


DUE_WITHIN_DAYS = 30


@dataclass
class DueTask:
    """A task on the follow-up: its deadline, and the status of one lead unit's part (or the task's, without one)."""

    task: object
    status: TaskStatus
    days_left: int

    @property
    def overdue(self) -> bool:
        return self.status == TaskStatus.OVERDUE

    @property
    def done(self) -> bool:
        return self.status in DONE

    @property
    def days_over(self) -> int:
        return -self.days_left


@dataclass
class UnitTasks:
    unit: Unit | None  # None: tasks that name no lead unit (only a group, or nobody)
    label: str
    tasks: list[DueTask]


def task_follow_up(plan, today: dt.date, window: int = DUE_WITHIN_DAYS) -> dict:
    """Per lead unit, the plan's tasks due within `window` days (whatever their status) and those overdue, not done.

    With several lead units each sees its own part: a unit that has done the task is not listed as overdue
    while another lead still owes it."""
    dated = plan.tasks.current().filter(deadline__isnull=False, recurrence="").order_by("deadline", "order")
    dated = dated.none() if plan.is_archived else dated  # nor its tasks
    tasks = list(with_assignments(dated))
    verdicts = task_deadlines(tasks, today)
    groups: dict = {}
    for task in tasks:
        verdict = verdicts[task.pk]
        left = days_left(task.deadline, today)
        parts = verdict.units.items() if verdict.units else [(None, verdict.status)]
        for unit_id, status in parts:
            soon = 0 <= left <= window
            if not soon and status != TaskStatus.OVERDUE:
                continue
            groups.setdefault(unit_id, []).append(DueTask(task, status, left))
    units = {u.pk: u for u in Unit.objects.filter(pk__in=[pk for pk in groups if pk is not None])}
    out = [UnitTasks(units[pk], units[pk].name, rows) for pk, rows in groups.items() if pk is not None]
    out.sort(key=lambda group: group.label)
    if None in groups:
        out.append(UnitTasks(None, "", groups[None]))
    rows = [row for group in out for row in group.tasks]
    return {
        "task_groups": out,
        "task_window": window,
        "tasks_due": len({row.task.pk for row in rows if not row.overdue and not row.done}),
        "tasks_overdue": len({row.task.pk for row in rows if row.overdue}),
    }


def task_deadline(task, today: dt.date):
    """One task's deadline status, with each lead unit's part (units by name)."""
    verdict = task_deadlines([task], today)[task.pk]
    names = {a.unit_id: a.unit for a in task.assignments.all() if a.unit_id}
    return verdict, [(names[pk], status) for pk, status in verdict.units.items()]
