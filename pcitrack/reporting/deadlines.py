"""Tasks against their deadlines, from the database: each task's lead units and the words of their approved reports.

The rules are core.task_deadlines's (docs/tasks.md); this module only reads what they need and
puts their statuses into words.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Prefetch
from django.utils.translation import gettext

from pcitrack.core.task_deadlines import (
    CATEGORY_LABELS,
    DONE,
    LABELS,
    TaskDeadline,
    TaskStatus,
    Word,
    deadline_status,
)
from pcitrack.plans.models import Assignment, TaskUnit

from .models import TaskEntry, UnitReport


def task_status_words(status: str | None) -> str:
    """A deadline status or category in the active language: "hoàn thành đúng hạn", "thường xuyên/định kỳ", …"""
    if not status:
        return ""
    label = LABELS.get(TaskStatus(status)) if status in TaskStatus else CATEGORY_LABELS.get(status, status)
    return gettext(label)


def lead_unit_ids(task) -> list[int]:
    """The units the task names as leading it (a group of units written as words names none)."""
    return [a.unit_id for a in task.assignments.all() if a.role == Assignment.Role.LEAD and a.unit_id]


def with_assignments(tasks):
    """A queryset of tasks with their units, as the deadline statuses read them."""
    return tasks.prefetch_related(Prefetch("assignments", queryset=TaskUnit.objects.select_related("unit")))


def approved_words(task_ids: Iterable[int], *, until: dt.date | None = None) -> dict[int, list[Word]]:
    """What approved reports said of each task; with `until`, only reports of periods whose cut-off is by then.

    Only the words that say the task is done: the others change no deadline status (core.task_deadlines)."""
    entries = TaskEntry.objects.filter(
        task_id__in=list(task_ids), report__status=UnitReport.Status.APPROVED, status__in=sorted(DONE)
    )
    if until is not None:
        entries = entries.filter(report__period__cutoff__lte=until)
    words: dict[int, list[Word]] = {}
    rows = entries.order_by().values_list(  # in no order: the rules read the words as a set
        "task_id", "report__unit_id", "report__period__start", "report__period__cutoff", "status"
    )
    for task_id, unit_id, start, cutoff, said in rows:
        words.setdefault(task_id, []).append(Word(unit_id, start, cutoff, said))
    return words


def task_deadlines(tasks, today: dt.date, *, until: dt.date | None = None) -> dict[int, TaskDeadline]:
    """Each task's status as of `today` (tasks with their assignments prefetched), by task id.

    until: count only the reports of periods whose data cut-off is by then (the official report's period)."""
    tasks = list(tasks)
    words = approved_words([t.pk for t in tasks if t.deadline is not None and not t.recurrence], until=until)
    return {
        task.pk: deadline_status(
            deadline=task.deadline,
            recurrence=task.recurrence,
            leads=lead_unit_ids(task),
            words=words.get(task.pk, []),
            today=today,
        )  # fmt: skip
        for task in tasks
    }


def with_deadline_states(tasks, today: dt.date) -> list:
    """The tasks, each carrying its status as `deadline_state` for the pages that list them."""
    tasks = list(tasks)
    verdicts = task_deadlines(tasks, today)
    for task in tasks:
        task.deadline_state = verdicts[task.pk]
    return tasks
