"""Who has reported what: the status matrix, the overdue list, timeliness, and a task's track."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from pcitrack import access

from .models import TaskEntry, UnitReport
from .services import reporting_units

NOT_STARTED = "not_started"


@dataclass
class Cell:
    period: object
    report: UnitReport | None
    status: str
    late: bool


def _local_day(moment) -> dt.date | None:
    return timezone.localdate(moment) if moment else None


def cell(period, report: UnitReport | None, today: dt.date) -> Cell:
    untouched = report is None or (report.version == 1 and report.status == UnitReport.Status.DRAFT)
    status = NOT_STARTED if untouched else report.status
    first = _local_day(report.first_submitted_at) if report else None
    late = (first is None and period.due < today) or (first is not None and first > period.due)
    return Cell(period, report, status, late)


def follow_up(plan, today: dt.date) -> dict:
    units = reporting_units(plan)
    periods = list(plan.periods.all())
    reports = {(r.unit_id, r.period_id): r for r in UnitReport.objects.filter(period__plan=plan)}
    matrix, overdue, timeliness = [], [], []
    for unit in units:
        cells = [cell(p, reports.get((unit.pk, p.pk)), today) for p in periods]
        matrix.append((unit, cells))
        overdue += [(unit, c) for c in cells if c.late and c.status in (NOT_STARTED, "draft", "returned")]
        closed = [c for c in cells if c.period.due < today]
        on_time = sum(1 for c in closed if not c.late)
        timeliness.append((unit, on_time, len(closed), (on_time / len(closed)) if closed else None))
    overdue.sort(key=lambda item: item[1].period.due)
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
