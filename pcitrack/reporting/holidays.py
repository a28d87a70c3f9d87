"""The public holidays that due dates skip: one list for the whole deployment, kept by monitors.

Changing a day moves no due date already set: a period's dates change only on its own page, with a reason.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from pcitrack.audit.services import record
from pcitrack.core.errors import PcitrackError
from pcitrack.core.plan_parser import gettext_noop

from .models import Holiday

MAX_NAME = 200


def _check(day: dt.date, name: str, *, other_than: int | None = None) -> str:
    name = " ".join(name.split())
    if not name:
        raise PcitrackError(gettext_noop("Give the holiday a name, e.g. Tết Nguyên đán."))
    if len(name) > MAX_NAME:
        raise PcitrackError(gettext_noop("The name is too long (at most {limit} characters)."), limit=MAX_NAME)
    if not 2000 <= day.year <= 2100:
        raise PcitrackError(gettext_noop("{date}: write the year in full (dd/mm/yyyy), between {first} and {last}."),
                            date=f"{day.day:02d}/{day.month:02d}/{day.year}", first=2000, last=2100)  # fmt: skip
    taken = Holiday.objects.filter(date=day).exclude(pk=other_than).first()
    if taken is not None:
        raise PcitrackError(gettext_noop("{date} is already a holiday ({name})."),
                            date=f"{day:%d/%m/%Y}", name=taken.name)  # fmt: skip
    return name


def _state(holiday: Holiday) -> dict:
    return {"date": holiday.date.isoformat(), "name": holiday.name}


@transaction.atomic
def add_holiday(*, user, date: dt.date, name: str) -> Holiday:
    name = _check(date, name)
    holiday = Holiday.objects.create(date=date, name=name)
    record("holiday.add", holiday, actor=user, summary=str(holiday), after=_state(holiday))
    return holiday


@transaction.atomic
def change_holiday(holiday: Holiday, *, user, date: dt.date, name: str) -> Holiday:
    holiday = Holiday.objects.select_for_update().get(pk=holiday.pk)
    name = _check(date, name, other_than=holiday.pk)
    before = _state(holiday)
    holiday.date, holiday.name = date, name
    if _state(holiday) == before:
        return holiday
    holiday.save(update_fields=["date", "name"])
    record("holiday.change", holiday, actor=user, summary=str(holiday), before=before, after=_state(holiday))
    return holiday


@transaction.atomic
def remove_holiday(holiday: Holiday, *, user) -> None:
    before = _state(holiday)
    record("holiday.remove", holiday, actor=user, summary=str(holiday), before=before)
    holiday.delete()
