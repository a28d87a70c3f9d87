"""What a unit report leaves unsaid before it is submitted, and how late a submission was. Pure Python.

What counts as missing (rules shown to the unit head before submitting):

1. A task (still in the plan) whose "what was done" is empty. This one blocks submission: a report says
   something of every task it was given, if only that nothing was done and why.
2. A task whose status is still "not started", the status every report begins with: perhaps true,
   perhaps forgotten, so it is shown; it may be submitted so.
3. An indicator (still in the plan) without a value for the period.
4. An empty "problems", "proposals" or "plans for the next period".

Items 2-4 are shown and asked about, never refused: a report may honestly say that nothing was done,
measured or met with. Retired tasks and indicators (dropped by a new version of the plan) are not asked for.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from .task_deadlines import TaskStatus

TEXTS = ("problems", "proposals", "next_plans")


@dataclass(frozen=True)
class TaskLine:
    ref: str
    status: str
    narrative: str
    retired: bool = False


@dataclass(frozen=True)
class IndicatorLine:
    no: str
    name: str
    value: float | None
    retired: bool = False


@dataclass(frozen=True)
class Missing:
    """What a report leaves out: task references, indicator numbers and names, names of the report's own texts."""

    narratives: list[str] = field(default_factory=list)  # tasks without "what was done": these block submission
    statuses: list[str] = field(default_factory=list)  # tasks still "not started"
    values: list[tuple[str, str]] = field(default_factory=list)  # indicators without a value: (no, name)
    texts: list[str] = field(default_factory=list)  # "problems", "proposals", "next_plans" left empty

    @property
    def blocking(self) -> bool:
        return bool(self.narratives)

    @property
    def nothing(self) -> bool:
        return not (self.narratives or self.statuses or self.values or self.texts)


def missing(tasks: Iterable[TaskLine], indicators: Iterable[IndicatorLine], texts: Mapping[str, str]) -> Missing:
    """What the report leaves out, by the rules of this module, in the order the report lists them."""
    tasks = [t for t in tasks if not t.retired]
    return Missing(
        narratives=[t.ref for t in tasks if not t.narrative.strip()],
        statuses=[t.ref for t in tasks if t.status == TaskStatus.NOT_STARTED],
        values=[(i.no, i.name) for i in indicators if not i.retired and i.value is None],
        texts=[name for name in TEXTS if not (texts.get(name) or "").strip()],
    )


def days_late(submitted_on: dt.date | None, due: dt.date) -> int:
    """Days from the due date to the day the report was first submitted (or received): 0 when on time or not yet.

    A report submitted on its due date is on time; the day after is one day late."""
    if submitted_on is None:
        return 0
    return max(0, (submitted_on - due).days)
