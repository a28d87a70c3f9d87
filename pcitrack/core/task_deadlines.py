"""A task's status against its deadline, read from what its lead units' approved reports say. Pure Python.

The rules of docs/tasks.md ("Task deadlines"):

1. A task with a single deadline has a status; a recurring task ("Thường xuyên", "Hằng quý", …) or one
   without a deadline has none and is counted apart.
2. Only the task's lead units answer for it, and only through their approved reports; what a
   supporting unit says, or a report not (or no longer) approved, does not count.
3. A lead unit has done the task once one of its approved reports says "done" (on time or late).
   That report shows it done on time when its period ended on or before the deadline; never when its
   period began after the deadline; and, for a period that spans the deadline, when the unit said
   "done on time". A unit with several such reports did it on time if any of them shows it on time.
4. The task is done when every lead unit has done it: on time if every one did it on time, else late.
5. Not done: "in progress" up to and including the deadline, "overdue, not done" from the day after.
   A task without a named lead unit can only be one of these two: no unit's report can close it.
6. The caller chooses which approved reports count: every one for today's pages and reminders; the
   official report for a period judges as of its data cut-off, from that period's reports and earlier ones.

The words of the statuses are defined here once; TaskEntry.Status (what a unit chooses in its
report) takes its values and labels from TaskStatus.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from .document import gettext_noop


class TaskStatus(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE_ON_TIME = "done_on_time"
    DONE_LATE = "done_late"
    OVERDUE = "overdue"

    @property
    def label(self) -> str:
        """The English message id of its words; the Django layer translates it."""
        return LABELS[self]


LABELS = {
    TaskStatus.NOT_STARTED: gettext_noop("not started"),
    TaskStatus.IN_PROGRESS: gettext_noop("in progress (within deadline)"),
    TaskStatus.DONE_ON_TIME: gettext_noop("done on time"),
    TaskStatus.DONE_LATE: gettext_noop("done late"),
    TaskStatus.OVERDUE: gettext_noop("overdue, not done"),
}
DONE = frozenset({TaskStatus.DONE_ON_TIME, TaskStatus.DONE_LATE})

# The tasks that have no deadline status, counted apart from those that have one.
RECURRING = "recurring"
NO_DEADLINE = "no_deadline"
CATEGORIES = (
    TaskStatus.IN_PROGRESS,
    TaskStatus.DONE_ON_TIME,
    TaskStatus.DONE_LATE,
    TaskStatus.OVERDUE,
    NO_DEADLINE,
    RECURRING,
)
CATEGORY_LABELS = {
    **{status: LABELS[status] for status in CATEGORIES[:4]},
    NO_DEADLINE: gettext_noop("without a deadline"),
    RECURRING: gettext_noop("recurring"),
}


@dataclass(frozen=True)
class Word:
    """What one unit's approved report said of the task: the report's period and the status the unit chose."""

    unit: Hashable
    start: dt.date
    cutoff: dt.date
    said: str  # a TaskStatus value


@dataclass(frozen=True)
class TaskDeadline:
    """A task's status (None: recurring or without a deadline), its category, and each lead unit's part."""

    status: TaskStatus | None
    category: str
    deadline: dt.date | None = None
    units: dict = field(default_factory=dict)  # lead unit -> its TaskStatus

    @property
    def done(self) -> bool:
        return self.status in DONE


def shows_on_time(word: Word, deadline: dt.date) -> bool:
    """Whether a report that says "done" shows the task done by its deadline (rule 3)."""
    if word.start > deadline:
        return False
    if word.cutoff <= deadline:
        return True
    return word.said == TaskStatus.DONE_ON_TIME


def by_date(deadline: dt.date, today: dt.date) -> TaskStatus:
    """A task not done: in progress up to its deadline, overdue from the day after (rule 5)."""
    return TaskStatus.IN_PROGRESS if today <= deadline else TaskStatus.OVERDUE


def unit_status(deadline: dt.date, words: Iterable[Word], today: dt.date) -> TaskStatus:
    """One lead unit's part, from its own approved reports (rules 3 and 5)."""
    done = [w for w in words if w.said in DONE]
    if not done:
        return by_date(deadline, today)
    return TaskStatus.DONE_ON_TIME if any(shows_on_time(w, deadline) for w in done) else TaskStatus.DONE_LATE


def deadline_status(
    *, deadline: dt.date | None, recurrence: str = "", leads: Iterable[Hashable], words: Iterable[Word], today: dt.date
) -> TaskDeadline:
    """The task's status as of `today`, from its lead units and the words of the approved reports on it."""
    if recurrence:
        return TaskDeadline(None, RECURRING)
    if deadline is None:
        return TaskDeadline(None, NO_DEADLINE)
    leads = list(dict.fromkeys(leads))
    said: dict = {lead: [] for lead in leads}
    for word in words:
        if word.unit in said:
            said[word.unit].append(word)
    units = {lead: unit_status(deadline, said[lead], today) for lead in leads}
    parts = set(units.values())
    if units and parts <= DONE:
        status = TaskStatus.DONE_ON_TIME if parts == {TaskStatus.DONE_ON_TIME} else TaskStatus.DONE_LATE
    else:
        status = by_date(deadline, today)
    return TaskDeadline(status, status.value, deadline, units)


def count_categories(verdicts: Iterable[TaskDeadline]) -> dict[str, int]:
    """How many tasks fall in each category, in the order CATEGORIES gives (zeros included)."""
    counts = dict.fromkeys(CATEGORIES, 0)
    for verdict in verdicts:
        counts[verdict.category] += 1
    return counts


def days_left(deadline: dt.date, today: dt.date) -> int:
    """Days until the deadline: 0 on the day itself, negative once it has passed."""
    return (deadline - today).days


# E-mail reminders to a lead unit that has not done the task (rule of docs/tasks.md, "Reminders"):
# a week before, the day before, the day after the deadline and then once a week, for a year at most.
DUE_IN_7_DAYS, DUE_IN_1_DAY, OVERDUE_REMINDER = "due_7", "due_1", "overdue"
OVERDUE_EVERY_DAYS = 7
REMIND_OVERDUE_FOR_DAYS = 366


def reminder_due(deadline: dt.date, today: dt.date) -> tuple[str, int] | None:
    """The reminder today calls for, as (kind, slot); each (kind, slot) is sent once per deadline.

    A day missed (the sender did not run) is caught up the next day: the week's reminder is sent from
    7 to 2 days before, the day before's on the day before or the deadline itself, and an overdue week's
    on any day of that week (slot 0: the 1st to 7th day after, slot 1: the 8th to 14th, …)."""
    left = days_left(deadline, today)
    if 2 <= left <= 7:
        return DUE_IN_7_DAYS, 0
    if 0 <= left <= 1:
        return DUE_IN_1_DAY, 0
    if -REMIND_OVERDUE_FOR_DAYS <= left < 0:
        return OVERDUE_REMINDER, (-left - 1) // OVERDUE_EVERY_DAYS
    return None
