"""The unit report's form: what a person sent, read field by field, and what the page shows back.

Only the fields present in the request change anything; a field that is missing keeps what the
report holds. A refused value is shown again as typed, with its error next to it, so nothing a
person typed is lost — also when someone else saved the report in between.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext

from pcitrack.core.bounds import check_in_range
from pcitrack.core.errors import PcitrackError
from pcitrack.core.text import parse_count, parse_number, stored_decimal
from pcitrack.monitoring.forms import UNIT_SOURCES
from pcitrack.monitoring.services import too_large
from pcitrack.reporting.models import TaskEntry
from pcitrack.reporting.services import check_length
from pcitrack.web.templatetags.pcitrack import quantity


@dataclass
class Field:
    """One input of the page: its name, what it shows, its error, and — after a conflict — what is saved now."""

    name: str
    value: str
    error: str = ""
    saved: str | None = None
    choices: dict | None = None  # the words for a list's values
    key: tuple = ()  # what the report service calls it: ("problems",), ("task", task id, "narrative") …

    @property
    def saved_text(self) -> str:
        if self.saved is None or self.choices is None:
            return self.saved
        return str(self.choices.get(self.saved, self.saved))


STATUSES = dict(TaskEntry.Status.choices)
SOURCES = dict(UNIT_SOURCES)  # a unit's report never states VCCI's official result


def _ind(entry, field: str) -> tuple:
    return ("indicator", entry.target_id, field)


def out_of_range(entry, number: float | None) -> str | None:
    indicator = entry.target.indicator
    try:
        check_in_range(number, indicator.value_range, indicator.name)
    except PcitrackError as exc:
        return exc.message(gettext)
    return None


def _shown(value) -> str:
    return "" if value is None else str(value)


class ReportForm:
    def __init__(self, report, tasks, indicators, data=None):
        self.report, self.data = report, data
        self.problems = Field("problems", report.problems, key=("problems",))
        self.proposals = Field("proposals", report.proposals, key=("proposals",))
        self.next_plans = Field("next_plans", report.next_plans, key=("next_plans",))
        self.task_rows = [
            (
                e,
                Field(f"task_{e.pk}_status", e.status, choices=STATUSES, key=("task", e.task_id, "status")),
                Field(f"task_{e.pk}_narrative", e.narrative, key=("task", e.task_id, "narrative")),
            )
            for e in tasks
        ]
        self.indicator_rows = [
            (
                e,
                Field(f"ind_{e.pk}_value", "" if e.value is None else quantity(e.value), key=_ind(e, "value")),
                Field(f"ind_{e.pk}_source", e.source, choices=SOURCES, key=_ind(e, "source")),
                Field(f"ind_{e.pk}_sample", _shown(e.sample_size), key=_ind(e, "sample_size")),
                Field(f"ind_{e.pk}_comment", e.comment, key=_ind(e, "comment")),
            )
            for e in indicators
        ]
        self.task_changes: dict[int, dict] = {}
        self.indicator_changes: dict[int, dict] = {}
        self.text_changes: dict[str, str] = {}
        self.typed: set[str] = set()
        if data is not None:
            self._read()

    def fields(self):
        yield self.problems
        yield self.proposals
        yield self.next_plans
        for _entry, *fields in self.task_rows + self.indicator_rows:
            yield from fields

    @property
    def errors(self) -> list[str]:
        return [f.error for f in self.fields() if f.error]

    def is_valid(self) -> bool:
        return not self.errors

    def _typed(self, field: Field) -> bool:
        """Take the person's text for this field if they sent it; say whether they did."""
        if field.name not in self.data:
            return False
        field.value = self.data[field.name]
        self.typed.add(field.name)
        return True

    def _length(self, field: Field, kind: str, where: str = "") -> bool:
        try:
            check_length(kind, field.value, where)
        except PcitrackError as exc:
            field.error = exc.message(gettext)
            return False
        return True

    def _read(self) -> None:
        for field in (self.problems, self.proposals, self.next_plans):
            if self._typed(field) and self._length(field, field.name):
                self.text_changes[field.name] = field.value
        for entry, status, narrative in self.task_rows:
            change = {}
            if self._typed(status):
                if status.value in TaskEntry.Status.values:
                    change["status"] = status.value
                else:
                    status.error = gettext("Choose a status from the list.")
            if self._typed(narrative) and self._length(narrative, "narrative", entry.task.ref):
                change["narrative"] = narrative.value
            if change:
                self.task_changes[entry.task_id] = change
        for row in self.indicator_rows:
            change = self._read_indicator(*row)
            if change:
                self.indicator_changes[row[0].target_id] = change

    def _read_indicator(self, entry, value, source, sample, comment) -> dict:
        no = entry.target.no
        change = {}
        if self._typed(value):
            raw = value.value.strip()
            number = parse_number(raw) if raw else None
            if raw and number is None:
                value.error = gettext("Indicator %(no)s: “%(text)s” is not a number.") % {"no": no, "text": raw}
            elif too_large(number):
                value.error = gettext("Indicator %(no)s: the value must be below 10 billion in size.") % {"no": no}
            elif (error := out_of_range(entry, number)) is not None:
                value.error = error
            else:
                change["value"] = stored_decimal(number)
        if self._typed(source):
            if source.value in SOURCES:
                change["source"] = source.value
            else:
                source.error = gettext("Indicator %(no)s: choose a source from the list.") % {"no": no}
        if self._typed(sample):
            raw = sample.value.strip()
            number = parse_count(raw) if raw else None
            if raw and not number:
                sample.error = gettext(
                    "Indicator %(no)s: the sample size must be a whole number from 1 to 999,999,999, in digits 0-9."
                ) % {"no": no}
            else:
                change["sample_size"] = number
        if self._typed(comment) and self._length(comment, "comment", str(no)):
            change["comment"] = comment.value
        return change

    def labelled(self):
        """Each field with the words that name it on the page."""
        yield gettext("Problems"), self.problems
        yield gettext("Proposals"), self.proposals
        yield gettext("Plans for the next period"), self.next_plans
        for entry, status, narrative in self.task_rows:
            ref = {"ref": entry.task.ref}
            yield gettext("Task %(ref)s: status") % ref, status
            yield gettext("Task %(ref)s: what was done") % ref, narrative
        for entry, value, source, sample, comment in self.indicator_rows:
            no = {"no": entry.target.no}
            yield gettext("Indicator %(no)s: value for the period") % no, value
            yield gettext("Indicator %(no)s: source") % no, source
            yield gettext("Indicator %(no)s: sample size") % no, sample
            yield gettext("Indicator %(no)s: comment") % no, comment

    def unsaved(self, fresh: ReportForm) -> list[tuple[str, str]]:
        """The texts the person typed that the report as saved now does not hold, each with its field's name.
        A choice from a list is left out: the page sends every list as it was opened, so it says nothing typed."""
        return [
            (label, mine.value)
            for (label, mine), theirs in zip(self.labelled(), fresh.fields(), strict=True)
            if mine.choices is None and mine.name in self.typed and mine.value.strip() and mine.value != theirs.value
        ]

    def show_saved(self, fresh: ReportForm, changed: set[tuple] | None) -> None:
        """After a refused save: keep what the person changed, with what is saved now beneath where it
        differs; every other field shows what is saved now. changed None: all that was typed counts."""
        for mine, theirs in zip(self.fields(), fresh.fields(), strict=True):
            ours = mine.name in self.typed if changed is None else mine.key in changed
            if not ours:
                mine.value = theirs.value
            elif mine.value != theirs.value:
                mine.saved = theirs.value
