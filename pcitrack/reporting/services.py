"""The reporting cycle: periods, unit reports, and their workflow.

draft → (head submits) → submitted → (monitor) approved | returned with a reason →
(corrected, resubmitted) → … ; an approved report is locked until a monitor reopens it.
Every write is one transaction with an audit record; a save made from an older version of
a report is refused with what changed since (optimistic locking on UnitReport.version).
"""

from __future__ import annotations

import datetime as dt
import secrets
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy

from pcitrack.audit.models import AuditEvent
from pcitrack.audit.services import record
from pcitrack.core import report_check
from pcitrack.core.bounds import check_in_range
from pcitrack.core.errors import PcitrackError
from pcitrack.core.office_zip import check_office_zip
from pcitrack.core.periods import KINDS, periods_between, working_days_after
from pcitrack.core.plan_parser import gettext_noop
from pcitrack.core.text import parse_date
from pcitrack.monitoring.models import Observation
from pcitrack.monitoring.services import save_observation
from pcitrack.notifications.reports import report_step
from pcitrack.org.models import Unit
from pcitrack.plans.models import PlanTarget, Task
from pcitrack.plans.services import require_active

from .models import (
    Evidence,
    GeneratedReport,
    Holiday,
    IndicatorEntry,
    ReportingPeriod,
    ReportSettings,
    TaskEntry,
    UnitReport,
)

MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
# Accepted evidence: the first bytes of each kind, so a renamed executable is not taken for a PDF.
EVIDENCE_TYPES = {
    "application/pdf": [b"%PDF"],
    "image/jpeg": [b"\xff\xd8\xff"],
    "image/png": [b"\x89PNG"],
    "application/zip": [b"PK\x03\x04"],  # .docx, .xlsx
}
EVIDENCE_EXTENSIONS = {".pdf": "application/pdf", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png",
                       ".docx": "application/zip", ".xlsx": "application/zip"}  # fmt: skip


class ConflictError(PcitrackError):
    """The report was saved since this person opened it, and the same fields were changed there too.

    changed: the fields the person changed from the version they opened — ("problems",),
    ("task", task id, "narrative"), ("indicator", target id, "value") … — or None when the version
    they opened is not known; those are the ones whose typed text must be shown back.
    """

    def __init__(self, changes: list[dict], changed: set[tuple] | None = None):
        super().__init__(
            gettext_noop(
                "The report was saved again after you opened it, with other changes to the same fields; "
                "your changes were not saved."
            )
        )
        self.changes = changes
        self.changed = changed


def holidays() -> frozenset:
    return frozenset(Holiday.objects.values_list("date", flat=True))


def plan_span(plan) -> tuple[dt.date, dt.date]:
    """From the plan's date (or its month, or its import) to the end of its last target year."""
    start = plan.date
    if start is None:
        _, month, year = parse_date(plan.date_text or "")
        start = dt.date(year, month or 1, 1) if year else timezone.localdate(plan.imported_at)
    years = [y for y in plan.targets.current().values_list("target_year", flat=True) if y]
    end = dt.date(max(years), 12, 31) if years else dt.date(start.year, 12, 31)
    return start, max(end, start)


@transaction.atomic
def generate_periods(plan, *, user, kinds=KINDS) -> int:
    """Create the plan's missing quarterly, half-yearly and yearly periods; returns how many."""
    require_active(plan)
    start, end = plan_span(plan)
    existing = set(plan.periods.values_list("kind", "year", "no"))
    new = [
        ReportingPeriod(plan=plan, kind=p.kind, year=p.year, no=p.no, start=p.start, cutoff=p.cutoff, due=p.due)
        for p in periods_between(start, end, kinds, holidays())
        if (p.kind, p.year, p.no) not in existing
    ]
    ReportingPeriod.objects.bulk_create(new)
    if new:
        record("periods.generate", plan, actor=user, summary=f"{len(new)} periods", after={"created": len(new)})
    return len(new)


# A date outside these years is a typing slip ("1/7/25" read as the year 25), not a report.
FIRST_YEAR, LAST_YEAR = 2000, 2100


@transaction.atomic
def add_adhoc_period(plan, *, user, title: str, start: dt.date, cutoff: dt.date, due: dt.date,
                     units=None) -> ReportingPeriod:  # fmt: skip
    """An ad hoc report (báo cáo đột xuất) asked of the given units, or of every reporting unit (units None)."""
    require_active(plan)
    if not title.strip():
        raise PcitrackError(gettext_noop("Give the ad hoc report a title."))
    for day in (start, cutoff, due):
        if not FIRST_YEAR <= day.year <= LAST_YEAR:
            raise PcitrackError(gettext_noop("{date}: write the year in full (dd/mm/yyyy), between {first} and {last}."),
                                date=f"{day.day:02d}/{day.month:02d}/{day.year}", first=FIRST_YEAR, last=LAST_YEAR)  # fmt: skip
    everyone = reporting_units(plan)
    chosen = everyone if units is None else list(units)
    if not chosen:
        raise PcitrackError(gettext_noop("Choose at least one unit to ask for the report."))
    strangers = {u.pk for u in chosen} - {u.pk for u in everyone}
    if strangers:
        raise PcitrackError(gettext_noop("Only the units the plan asks to report can be asked for an ad hoc report."))
    if cutoff < start:
        raise PcitrackError(gettext_noop("The data cut-off cannot be before the period starts."))
    if due < working_days_after(cutoff, 1, holidays()):
        raise PcitrackError(gettext_noop("The due date must be at least one working day after the data cut-off."))
    no = plan.periods.filter(kind=ReportingPeriod.Kind.ADHOC, year=cutoff.year).count() + 1
    period = ReportingPeriod.objects.create(
        plan=plan, kind=ReportingPeriod.Kind.ADHOC, year=cutoff.year, no=no, title=title.strip()[:200],
        start=start, cutoff=cutoff, due=due,
    )  # fmt: skip
    every_unit = {u.pk for u in chosen} == {u.pk for u in everyone}
    if not every_unit:
        period.units.set(chosen)
    record(
        "period.add",
        period,
        actor=user,
        summary=period.title,
        after={"start": start.isoformat(), "cutoff": cutoff.isoformat(), "due": due.isoformat(),
               "units": "all" if every_unit else sorted(u.name for u in chosen)},
    )  # fmt: skip
    return period


@transaction.atomic
def change_period(period: ReportingPeriod, *, user, cutoff: dt.date, due: dt.date, reason: str) -> None:
    require_active(period.plan)
    if not reason.strip():
        raise PcitrackError(gettext_noop("Say why the dates are changed; the units see the new dates."))
    if due < working_days_after(cutoff, 1, holidays()):
        raise PcitrackError(gettext_noop("The due date must be at least one working day after the data cut-off."))
    if cutoff < period.start:
        raise PcitrackError(gettext_noop("The data cut-off cannot be before the period starts."))
    before = {"cutoff": period.cutoff.isoformat(), "due": period.due.isoformat()}
    period.cutoff, period.due = cutoff, due
    period.save(update_fields=["cutoff", "due"])
    record("period.change", period, actor=user, summary=str(period), before=before,
           after={"cutoff": cutoff.isoformat(), "due": due.isoformat()}, reason=reason)  # fmt: skip


def reporting_units(plan) -> list[Unit]:
    """The units a plan asks to report: those it names as leading or supporting a task or indicator."""
    return list(
        Unit.objects.filter(Q(parent=plan.office_id))
        .filter(Q(pk__in=PlanTarget.objects.current().filter(plan=plan).values("assignments__unit")) | Q(pk__in=Task.objects.current().filter(plan=plan).values("assignments__unit")))
        .order_by("name")
    )  # fmt: skip


def asked_unit_ids(period: ReportingPeriod) -> set[int] | None:
    """The ids of the units an ad hoc report was asked of; None when every reporting unit is asked."""
    ids = {u.pk for u in period.units.all()}
    return ids or None


def units_asked(period: ReportingPeriod) -> list[Unit]:
    """The units that owe a report for the period."""
    asked = asked_unit_ids(period)
    return [u for u in reporting_units(period.plan) if asked is None or u.pk in asked]


def asks(period: ReportingPeriod, unit_id: int) -> bool:
    asked = asked_unit_ids(period)
    return asked is None or unit_id in asked


@transaction.atomic
def report_for(period: ReportingPeriod, unit: Unit, *, user=None) -> UnitReport:
    """The unit's report for the period, created with its tasks and indicators on first use
    (by a person starting it, or by the system when a reminder is sent: user None)."""
    require_active(period.plan)
    report, created = UnitReport.objects.get_or_create(period=period, unit=unit)
    if created:
        plan = period.plan
        TaskEntry.objects.bulk_create(
            TaskEntry(report=report, task=task)
            for task in Task.objects.current().filter(plan=plan, assignments__unit=unit).distinct()
        )
        IndicatorEntry.objects.bulk_create(
            IndicatorEntry(report=report, target=target)
            for target in PlanTarget.objects.current().filter(plan=plan, assignments__unit=unit).distinct()
        )
        record("report.start", report, actor=user, summary=str(report), after=snapshot(report))
    return report


def snapshot(report: UnitReport) -> dict:
    return {
        "version": report.version,
        "status": report.status,
        "problems": report.problems,
        "proposals": report.proposals,
        "next_plans": report.next_plans,
        # Keyed by id: after a plan update a retired task may share its reference with a new one.
        "tasks": {
            str(e.task_id): [e.task.ref, e.status, e.narrative] for e in report.task_entries.select_related("task")
        },
        "indicators": {
            str(e.target_id): [
                e.target.no,
                None if e.value is None else str(e.value),
                e.sample_size,
                e.comment,
                e.source,
            ]
            for e in report.indicator_entries.select_related("target")
        },  # fmt: skip
    }


def _changed(before: dict, after: dict) -> list[str]:
    """What a save changed, as "problems", "task:III.3", "indicator:2" (put into words by the history page)."""
    names = [k for k in (*REPORT_TEXTS, "status") if before.get(k, "") != after.get(k, "")]
    for kind, entries in (("task", after["tasks"]), ("indicator", after["indicators"])):
        names += [f"{kind}:{entry[0]}" for key, entry in entries.items() if before[f"{kind}s"].get(key) != entry]
    return names


def changes_since(report: UnitReport, version: int) -> list[dict]:
    """Who changed what in the report after the given version."""
    events = (
        AuditEvent.objects.filter(
            object_type="reporting.unitreport", object_id=str(report.pk), after__version__gt=version
        )
        .select_related("actor")
        .order_by("at", "id")
    )
    return [{"who": str(e.actor or "—"), "at": e.at, "action": e.action, "what": e.summary} for e in events]


def snapshot_at(report: UnitReport, version: int) -> dict | None:
    """The report as it was at a version, from the audit record that made it (None if none says)."""
    event = (
        AuditEvent.objects.filter(object_type="reporting.unitreport", object_id=str(report.pk), after__version=version)
        .order_by("-id")
        .first()
    )
    return event.after if event is not None and "tasks" in event.after else None


def _same(a, b) -> bool:
    """Equal as the report keeps them: "81.5000" and Decimal("81.5") are one value."""
    if a is None or b is None or isinstance(a, str) and isinstance(b, str):
        return a == b
    try:
        return Decimal(str(a)) == Decimal(str(b))
    except ArithmeticError:
        return a == b


SNAPSHOT_AT = {"status": 1, "narrative": 2, "value": 1, "sample_size": 2, "comment": 3, "source": 4}


def _rebase(report: UnitReport, version: int, texts: dict, tasks: dict, indicators: dict):
    """A save made from an older version: keep what the person changed from the version they opened,
    refuse only when someone else changed one of those fields since, to something else."""
    base, now = snapshot_at(report, version), snapshot(report)
    if base is None:
        raise ConflictError(changes_since(report, version))
    changed, clashes = set(), []

    def mine(key, value, was, is_now) -> bool:
        if _same(value, was):
            return False  # the person left it as they found it: whatever is there now stays
        changed.add(key)
        if not _same(is_now, was) and not _same(is_now, value):
            clashes.append(key)
        return True

    texts = {name: text for name, text in texts.items() if mine((name,), text, base.get(name, ""), now[name])}
    for kind, given in (("task", tasks), ("indicator", indicators)):
        for pk, change in given.items():
            was, is_now = base[f"{kind}s"].get(str(pk)), now[f"{kind}s"].get(str(pk))
            if was is None or is_now is None:
                changed.update((kind, pk, field) for field in change)
                continue
            for field in list(change):
                if not mine((kind, pk, field), change[field], was[SNAPSHOT_AT[field]], is_now[SNAPSHOT_AT[field]]):
                    del change[field]
    if clashes:
        raise ConflictError(changes_since(report, version), changed)
    return texts


def _bump(report: UnitReport, version: int, *, user, **fields) -> None:
    """Raise the version from the one the person opened, or refuse: someone saved in between."""
    updated = UnitReport.objects.filter(pk=report.pk, version=version).update(
        version=F("version") + 1, updated_by=user, updated_at=timezone.now(), **fields
    )
    if not updated:
        raise ConflictError(changes_since(report, version))
    report.refresh_from_db()


class ClosedError(PcitrackError):
    """The report was submitted or approved: it takes no more changes until it is returned or reopened.

    report: the report as it is now (who submitted or approved it, and when)."""

    def __init__(self, report: UnitReport):
        super().__init__(
            gettext_noop("This report is {status} and cannot be changed."), status=report.get_status_display()
        )
        self.report = report


def _editable(report: UnitReport) -> None:
    if not report.is_editable:
        raise ClosedError(report)


# The longest text kept in each field of a report; a longer text is refused, never cut.
# The report's own texts, beside its task and indicator entries.
REPORT_TEXTS = ("problems", "proposals", "next_plans")
TEXT_LIMITS = {"narrative": 5000, "problems": 5000, "proposals": 5000, "next_plans": 5000, "comment": 2000}
TASK_FIELDS = ("status", "narrative")
INDICATOR_FIELDS = ("value", "sample_size", "comment", "source")
FIELD_LABELS = {
    "narrative": gettext_lazy("what was done"),
    "problems": gettext_lazy("problems"),
    "proposals": gettext_lazy("proposals"),
    "next_plans": gettext_lazy("plans for the next period"),
    "comment": gettext_lazy("comment"),
}


def check_length(kind: str, text: str, where: str = "") -> None:
    """Refuse a text longer than its field keeps, naming the field and the limit."""
    limit = TEXT_LIMITS[kind]
    if len(text) > limit:
        field = f"{FIELD_LABELS[kind]} ({where})" if where else str(FIELD_LABELS[kind])
        raise PcitrackError(
            gettext_noop("“{field}” has {length} characters; at most {limit} are allowed. Shorten it and save again."),
            field=field, length=number_format(len(text), force_grouping=True),
            limit=number_format(limit, force_grouping=True),
        )  # fmt: skip


def _fields(values, names: tuple[str, ...]) -> dict:
    """The fields a person sent for one entry: a dict of some of them, or a tuple of all of them."""
    return dict(values) if isinstance(values, dict) else dict(zip(names, values, strict=True))


@transaction.atomic
def save_report(report: UnitReport, *, user, version: int, problems=None, proposals=None, next_plans=None, tasks=None,
                indicators=None):  # fmt: skip
    """Save a draft. Only what is given changes: problems/proposals/next_plans None are kept; tasks maps a task id
    to {"status", "narrative"} (or a tuple of both), indicators a target id to {"value", "sample_size",
    "comment", "source"} (or a tuple of the four); an entry or a field left out keeps what it holds.

    version is the one the person opened. If the report was saved since, what they changed from that
    version is applied over the newer one, unless someone changed the same field to something else:
    then nothing is saved (ConflictError)."""
    report = UnitReport.objects.select_for_update().get(pk=report.pk)
    require_active(report.period.plan)
    _editable(report)
    tasks = {k: _fields(v, TASK_FIELDS) for k, v in (tasks or {}).items()}
    indicators = {k: _fields(v, INDICATOR_FIELDS) for k, v in (indicators or {}).items()}
    given = {"problems": problems, "proposals": proposals, "next_plans": next_plans}
    texts = {name: text for name, text in given.items() if text is not None}
    for name, text in texts.items():
        check_length(name, text)
    if version != report.version:
        texts = _rebase(report, version, texts, tasks, indicators)
        version = report.version  # the row is locked: no one saves between here and the bump
    before = snapshot(report)
    _bump(report, version, user=user, **{name: texts.get(name, getattr(report, name)) for name in REPORT_TEXTS})
    for entry in report.task_entries.select_related("task"):
        change = tasks.get(entry.task_id)
        if change:
            if "narrative" in change:
                check_length("narrative", change["narrative"], entry.task.ref)
            if change.get("status", entry.status) not in TaskEntry.Status.values:
                raise PcitrackError(gettext_noop("Task {ref}: choose a status from the list."), ref=entry.task.ref)
            _apply(entry, change, TASK_FIELDS)
    for entry in report.indicator_entries.select_related("target__indicator"):
        change = indicators.get(entry.target_id)
        if change:
            if "comment" in change:
                check_length("comment", change["comment"], str(entry.target.no))
            if change.get("value") is not None:
                indicator = entry.target.indicator
                check_in_range(float(change["value"]), indicator.value_range, indicator.name)
            if (
                change.get("source", entry.source) not in Observation.Source.values
                or change.get("source") == Observation.Source.PCI
            ):
                raise PcitrackError(gettext_noop("Indicator {no}: choose a source from the list."), no=entry.target.no)
            _apply(entry, change, INDICATOR_FIELDS)
    after = snapshot(report)
    changed = _changed(before, after)
    record("report.save", report, actor=user, summary=", ".join(changed) or "—", before=before, after=after)
    return report


def _apply(entry, change: dict, names: tuple[str, ...]) -> None:
    fields = [name for name in names if name in change]
    for name in fields:
        setattr(entry, name, change[name])
    entry.save(update_fields=fields)


@transaction.atomic
def submit_report(report: UnitReport, *, user, version: int, received_on: dt.date | None = None) -> UnitReport:
    """Submit a draft. received_on: the day a report sent another way (on paper) reached the office, when it is
    recorded later; it counts as submitted that day, which lies between the period's start and today."""
    report = UnitReport.objects.select_for_update().get(pk=report.pk)
    require_active(report.period.plan)
    if _repeated_submit(report, user, version):
        return report
    _editable(report)
    missing = gaps(report).narratives
    if missing:
        raise PcitrackError(
            gettext_noop("Describe what was done for every task before submitting: {refs}."), refs=", ".join(missing)
        )
    now, reason = timezone.now(), ""
    if received_on is not None:
        if not report.period.start <= received_on <= timezone.localdate():
            raise PcitrackError(gettext_noop("The day the report was received must lie between the period's start "
                                             "and today."))  # fmt: skip
        now = timezone.make_aware(dt.datetime.combine(received_on, dt.time(8)))
        reason = gettext_lazy("received on %(date)s") % {"date": f"{received_on:%d/%m/%Y}"}
    before = snapshot(report)
    _bump(report, version, user=user, status=UnitReport.Status.SUBMITTED, submitted_at=now, submitted_by=user,
          first_submitted_at=report.first_submitted_at or now)  # fmt: skip
    record("report.submit", report, actor=user, summary=str(report), before=before, after=snapshot(report),
           reason=reason)  # fmt: skip
    report_step(report, "report.submit", user=user)
    return report


def gaps(report: UnitReport) -> report_check.Missing:
    """What the report leaves out (core.report_check): what the head is shown before submitting."""
    tasks = [
        report_check.TaskLine(e.task.ref, e.status, e.narrative, e.task.retired_at is not None)
        for e in report.task_entries.select_related("task")
    ]
    indicators = [
        report_check.IndicatorLine(str(e.target.no), e.target.indicator.name, e.value, e.target.retired_at is not None)
        for e in report.indicator_entries.select_related("target__indicator")
    ]
    return report_check.missing(tasks, indicators, {name: getattr(report, name) for name in REPORT_TEXTS})


def _repeated_submit(report: UnitReport, user, version: int) -> bool:
    """The same person's same submission arriving twice (a double click): the first one did it."""
    return (
        report.status == UnitReport.Status.SUBMITTED
        and report.submitted_by_id == getattr(user, "pk", None)
        and report.version == version + 1
    )


def _require(report: UnitReport, status: str) -> None:
    if report.status != status:
        raise PcitrackError(
            gettext_noop("This report is {status}; it cannot be reviewed now."), status=report.get_status_display()
        )


def _transition(report: UnitReport, *, user, requires: str, action: str, reason: str = "", effects=None, **fields):
    """Move a report from the `requires` status: lock it, change it, apply effects, audit before → after.
    A report already in the status it would move to is left as it is: the same decision sent twice
    (a double click) is taken once."""
    report = UnitReport.objects.select_for_update().get(pk=report.pk)
    require_active(report.period.plan)
    if report.status == fields["status"]:
        return report
    _require(report, requires)
    before = snapshot(report)
    _bump(report, report.version, user=user, **fields)
    if effects is not None:
        effects(report)
    record(action, report, actor=user, summary=str(report), before=before, after=snapshot(report), reason=reason)
    report_step(report, action, user=user, reason=reason)
    return report


@transaction.atomic
def return_report(report: UnitReport, *, user, reason: str) -> UnitReport:
    reason = reason.strip()
    if not reason:
        raise PcitrackError(gettext_noop("Say why the report is returned; the unit will see it."))
    return _transition(report, user=user, requires=UnitReport.Status.SUBMITTED, action="report.return", reason=reason,
                       status=UnitReport.Status.RETURNED, return_reason=reason, decided_at=timezone.now(), decided_by=user)  # fmt: skip


def _values_to_observations(report: UnitReport, user) -> None:
    period = report.period
    period_type, period_no = period.observation_period
    for entry in report.indicator_entries.select_related("target__indicator"):
        if entry.value is None:
            continue
        save_observation(
            user=user, office=period.plan.office, indicator=entry.target.indicator, year=period.year,
            period_type=period_type, period_no=period_no, source="unit_report", value=entry.value,
            sample_size=entry.sample_size, note=_entry_note(entry), unit_id=report.unit_id, report_id=report.pk,
            reason=f"{report.unit.name} — {period.label}",
        )  # fmt: skip


@transaction.atomic
def approve_report(report: UnitReport, *, user) -> UnitReport:
    """Approve a submitted report; its indicator values become observations from a unit report."""
    return _transition(report, user=user, requires=UnitReport.Status.SUBMITTED, action="report.approve",
                       effects=lambda r: _values_to_observations(r, user), status=UnitReport.Status.APPROVED,
                       return_reason="", decided_at=timezone.now(), decided_by=user)  # fmt: skip


def _entry_note(entry: IndicatorEntry) -> str:
    parts = [entry.comment.strip()]
    if entry.source and entry.source != Observation.Source.UNIT_REPORT:
        parts.append(str(Observation.Source(entry.source).label))
    return " — ".join(p for p in parts if p)


@transaction.atomic
def reopen_report(report: UnitReport, *, user, reason: str) -> UnitReport:
    reason = reason.strip()
    if not reason:
        raise PcitrackError(gettext_noop("Say why the approved report is reopened."))
    return _transition(report, user=user, requires=UnitReport.Status.APPROVED, action="report.reopen", reason=reason,
                       status=UnitReport.Status.RETURNED, return_reason=reason)  # fmt: skip


def _evidence_type(name: str, head: bytes) -> str:
    ext = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    content_type = EVIDENCE_EXTENSIONS.get(ext)
    if content_type is None or not any(head.startswith(magic) for magic in EVIDENCE_TYPES[content_type]):
        raise PcitrackError(gettext_noop("Evidence must be a PDF, Word, Excel, JPEG or PNG file."))
    return {".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}.get(ext, content_type)  # fmt: skip


@transaction.atomic
def add_evidence(entry: TaskEntry, upload, *, user) -> Evidence:
    require_active(entry.report.period.plan)
    _editable(entry.report)
    if upload.size > MAX_EVIDENCE_BYTES:
        raise PcitrackError(gettext_noop("The file is too large ({size} MB); evidence is at most {limit} MB."),
                            size=round(upload.size / 1024 / 1024, 1), limit=MAX_EVIDENCE_BYTES // 1024 // 1024)  # fmt: skip
    head = upload.read(8)
    upload.seek(0)
    content_type = _evidence_type(upload.name, head)
    kind = upload.name.rsplit(".", 1)[-1].lower()
    if kind in ("docx", "xlsx"):
        # Kept and opened by others: no zip bomb, damage, macros or embedded programs.
        check_office_zip(upload.read(MAX_EVIDENCE_BYTES + 1), kind, purpose="evidence")
        upload.seek(0)
    evidence = Evidence(entry=entry, token=secrets.token_hex(16), name=upload.name[-255:], size=upload.size,
                        content_type=content_type, uploaded_by=user)  # fmt: skip
    evidence.file.save(evidence.token, upload, save=False)
    try:
        evidence.save()
        record("evidence.add", entry.report, actor=user, summary=f"{entry.task.ref}: {evidence.name}")
    except BaseException:
        evidence.file.delete(save=False)  # the row is not there: neither is its file
        raise
    return evidence


@transaction.atomic
def remove_evidence(evidence: Evidence, *, user) -> None:
    """Remove a file attached to a task of a report that can still be changed; its file goes once this is
    committed (signals.py), and the report's history says who removed which file."""
    report = UnitReport.objects.select_for_update().get(pk=evidence.entry.report_id)
    _editable(report)
    ref, name = evidence.entry.task.ref, evidence.name
    before = {"name": name, "size": evidence.size, "task": ref, "uploaded_by": str(evidence.uploaded_by or "")}
    evidence.delete()
    record("evidence.remove", report, actor=user, summary=f"{ref}: {name}", before=before)


def request_official_report(plan, period, fmt: str, *, user, request_key: str = "") -> GeneratedReport:
    """Ask for the official report to be built in the background. The same request sent twice (a double
    click, a resent form) gives the first one's job, so one report is built."""
    from .tasks import build_report_task

    if fmt not in GeneratedReport.Format.values:
        raise PcitrackError(gettext_noop("Choose Word, Excel or PDF."))
    request_key = request_key[:64]
    try:
        with transaction.atomic():
            job = GeneratedReport.objects.create(
                plan=plan, period=period, format=fmt, created_by=user, request_key=request_key
            )
            record("official_report.request", job, actor=user, summary=f"{period} ({fmt})",
                   after={"plan": plan.pk, "period": period.pk, "format": fmt})  # fmt: skip
    except IntegrityError:
        return GeneratedReport.objects.get(request_key=request_key, plan=plan)
    build_report_task.enqueue(job.pk)
    return job


SETTINGS_FIELDS = ("parent_body", "issuing_body", "place", "number_code", "signer_authority", "signer_title",
                   "signer_name", "recipients")  # fmt: skip


def report_settings(office) -> ReportSettings:
    """The office's settings for its official reports; the defaults, unsaved, until someone sets them."""
    return ReportSettings.objects.filter(office=office).first() or ReportSettings(office=office)


@transaction.atomic
def save_report_settings(office, *, user, **fields) -> ReportSettings:
    """Set how the office's official reports are numbered, headed and signed; audited before → after."""
    current, created = ReportSettings.objects.select_for_update().get_or_create(office=office)
    before = None if created else {name: getattr(current, name) for name in SETTINGS_FIELDS}
    for name in SETTINGS_FIELDS:
        if name in fields:
            setattr(current, name, (fields[name] or "").strip())
    current.full_clean()
    current.save()
    after = {name: getattr(current, name) for name in SETTINGS_FIELDS}
    if before != after:
        record("report_settings.save", current, actor=user, summary=office.name[:500], before=before, after=after)
    return current
