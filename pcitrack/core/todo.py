"""What a person has to do next, and how urgent it is. Pure Python.

The home page lists, for each role a person holds, what is theirs to do: a unit's reports, tasks
and indicator values; a head's reports to submit; a monitor's queue. Every item is one of four
urgencies, most urgent first:

1. returned: a report the monitor sent back with a reason;
2. late: its due date (or deadline) has passed and it is not submitted (or not done);
3. due soon: due within ``DUE_SOON_DAYS`` days (today counts as due soon);
4. open: its period has begun, the due date is further away.

A report already submitted or approved asks nothing of the unit. The words of the urgencies are
defined here once; the Django layer translates them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from enum import StrEnum

from .document import gettext_noop

DUE_SOON_DAYS = 7


class Urgency(StrEnum):
    RETURNED = "returned"
    LATE = "late"
    DUE_SOON = "due_soon"
    OPEN = "open"

    @property
    def rank(self) -> int:
        """0 for the most urgent."""
        return ORDER.index(self)

    @property
    def label(self) -> str:
        """The English message id of its words; the Django layer translates it."""
        return LABELS[self]


ORDER = list(Urgency)
LABELS = {
    Urgency.RETURNED: gettext_noop("returned"),
    Urgency.LATE: gettext_noop("late"),
    Urgency.DUE_SOON: gettext_noop("due soon"),
    Urgency.OPEN: gettext_noop("open"),
}

# A unit report's status as the follow-up names it: "not_started" for a period without a report.
STILL_TO_WRITE = frozenset({"not_started", "draft"})


def by_due_date(due: dt.date, today: dt.date, start: dt.date | None = None) -> Urgency | None:
    """Something not done yet, by its due date: late once it has passed, due soon within a week, open once its
    period has begun (or, without a start, whenever it is due later); None for a period not begun yet."""
    left = (due - today).days
    if left < 0:
        return Urgency.LATE
    if left <= DUE_SOON_DAYS:
        return Urgency.DUE_SOON
    if start is None or start <= today:
        return Urgency.OPEN
    return None


def report_urgency(status: str, *, start: dt.date, due: dt.date, today: dt.date) -> Urgency | None:
    """What a unit's report for a period asks of the unit today; None when nothing (submitted, approved, or its
    period has not begun). status: "not_started", "draft", "returned", "submitted" or "approved"."""
    if status == "returned":
        return Urgency.RETURNED
    if status not in STILL_TO_WRITE:
        return None
    return by_due_date(due, today, start)


def most_urgent(urgencies: Iterable[Urgency]) -> Urgency | None:
    found = list(urgencies)
    return min(found, key=lambda u: u.rank) if found else None


# When several periods end the same day (the fourth quarter, the second half-year and the year), the widest
# one is the period people speak of.
KIND_WIDTH = {"year": 0, "half": 1, "quarter": 2}


def last_ended[P](periods: Iterable[P], today: dt.date, *, by: str = "cutoff") -> P | None:
    """The period whose date `by` ("cutoff": its data, "due": its reports) passed most recently before today,
    the widest on a tie; ad hoc reports are left out. Periods have .kind, .cutoff and .due."""
    ended = [p for p in periods if p.kind in KIND_WIDTH and getattr(p, by) < today]
    if not ended:
        return None
    return max(ended, key=lambda p: (getattr(p, by), -KIND_WIDTH[p.kind]))
