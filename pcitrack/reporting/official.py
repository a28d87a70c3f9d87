"""The official report on a plan's implementation for a period: Word (NĐ 30/2020), Excel appendix, PDF.

`report_data` gathers what the system holds — nothing invented, a missing value stays
missing — and `render_docx`, `render_xlsx` and `to_pdf` write it out. The Word file is built
from a docxtpl template (the shipped one, or an office's own through PCITRACK_REPORT_TEMPLATE).
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext

from pcitrack.core.citations import TYPE_CODES
from pcitrack.core.errors import PcitrackError
from pcitrack.core.plan_parser import gettext_noop
from pcitrack.core.series import Point
from pcitrack.core.status import ESTIMATED_NOT_ACHIEVED, NOT_ACHIEVED, STALE
from pcitrack.core.task_deadlines import CATEGORIES, TaskStatus
from pcitrack.core.text import format_number
from pcitrack.monitoring.labels import period_label, source_with_notes, status_text
from pcitrack.monitoring.models import Observation
from pcitrack.monitoring.scorecard import assess_target, observation_points, plan_targets

from .deadlines import task_deadlines, task_status_words
from .followup import NOT_ASKED, follow_up
from .models import TaskEntry, UnitReport
from .official_docx import render_docx, render_xlsx, status_words

OFF_TRACK = (NOT_ACHIEVED, ESTIMATED_NOT_ACHIEVED, "deterioration", "limited_progress", "needs_acceleration")


# Re-exported: the report is gathered here and written there.
__all__ = ["ReportData", "build", "render_docx", "render_xlsx", "report_data", "status_words", "to_pdf"]


@dataclass
class IndicatorRow:
    no: int
    name: str
    unit: str
    target: str  # the target in force on the period's cut-off, with its year
    previous: str
    current: str
    source: str
    status: str
    status_key: str
    lead: str
    sub_index: int | None
    target_value: float | None = None
    previous_value: float | None = None
    current_value: float | None = None
    sample: bool = False  # the value is the demo's invented sample, not a measurement
    baseline: str = ""  # the value the plan starts from, with its year: "75 % (2024)"
    baseline_value: float | None = None
    baseline_year: int | None = None
    target_year: int | None = None
    target_words: str = ""  # a target in words, as the plan writes it ("Duy trì")


@dataclass
class TaskRow:
    ref: str
    text: str
    lead: str
    results: list[tuple[str, str, str]] = field(default_factory=list)  # (unit, status in words, narrative)
    deadline: dt.date | None = None
    deadline_text: str = ""  # as the plan writes it
    recurrence: str = ""  # in words
    output: str = ""
    category: str = ""  # core.task_deadlines: a status, "no_deadline" or "recurring"
    status: str = ""  # the status against the deadline in words ("" without one)


@dataclass
class ReportData:
    plan: object
    period: object
    today: dt.date
    rows: list[IndicatorRow] = field(default_factory=list)
    task_groups: list[tuple[str, list[TaskRow]]] = field(default_factory=list)
    late: list[tuple[str, str]] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)
    proposals: list[tuple[str, str]] = field(default_factory=list)
    next_plans: list[tuple[str, str]] = field(default_factory=list)
    reports_expected: int = 0
    reports_approved: int = 0
    task_counts: dict[str, int] = field(default_factory=dict)  # category -> tasks, as of the period's cut-off
    title: str = ""  # the trích yếu: what the report is about
    opening: str = ""  # the paragraph citing the plan

    @property
    def off_track(self) -> list[IndicatorRow]:
        return [r for r in self.rows if r.status_key in OFF_TRACK]

    @property
    def overdue_tasks(self) -> list[TaskRow]:
        return [row for _, rows in self.task_groups for row in rows if row.category == TaskStatus.OVERDUE]


def _value(value: float | None, unit: str) -> str:
    if value is None:
        return gettext("no data")
    return f"{format_number(round(value, 2))} {unit}".strip()


def _with_period(point: Point | None, unit: str) -> str:
    return f"{_value(point.value, unit)} ({period_label(point)})" if point else _value(None, unit)


def plan_reference(plan) -> str:
    """ "Kế hoạch số 45/KH-VP ngày 15/3/2024 của Văn phòng UBND tỉnh về triển khai …"; without a number, the plan by
    its date and title: "Kế hoạch ban hành tháng 3/2024 của … về …"."""
    kind = TYPE_CODES.get(plan.doc_type, TYPE_CODES["KH"])
    when = plan.issued_words
    parts = [kind]
    if plan.number:
        parts.append(gettext("No. %(number)s") % {"number": plan.number})
    if when:
        parts.append(when)
    if plan.issuer:
        parts.append(gettext("of %(issuer)s") % {"issuer": plan.issuer})
    title = plan.title.strip().rstrip(".")
    if title:
        parts.append(gettext("on %(subject)s") % {"subject": title[:1].lower() + title[1:]})
    return " ".join(parts)


def report_data(plan, period, today: dt.date) -> ReportData:
    """What the report says, worded in the office's language whatever the language of the person asking."""
    with translation.override(settings.LANGUAGE_CODE):
        return _gather(plan, period, today)


def _indicator_rows(plan, period) -> list[IndicatorRow]:
    sources = dict(Observation.Source.choices)
    targets = plan_targets(plan)
    observations = observation_points(plan.office_id, [t.indicator_id for t in targets], until_year=period.year)
    rows = []
    for target in targets:
        points = observations.get(target.indicator_id, [])
        # Statuses as of the period's data cut-off, each resting on the value the text and the appendix show.
        row = assess_target(target, points, as_of=period.cutoff)
        unit = target.indicator.unit_of_measure
        basis = row.basis
        current = basis.point if basis else None
        before = [p for p in row.points if current is None or p.rank < current.rank]
        previous = max(before, key=lambda p: p.rank) if before else None
        judgement = row.judgement
        in_force = judgement.in_force
        target_text = (in_force.target.text if in_force else "") or "—"
        if judgement.target is not None:
            target_text = _value(judgement.target, unit)
            if target.indicator.direction == "down":  # a ceiling: "không quá 40 %"
                target_text = gettext("at most %(target)s") % {"target": target_text}
        baseline = None if target.baseline_value is None else float(target.baseline_value)
        source = ""
        if current is not None:
            source = source_with_notes(str(sources.get(current.source, "")), estimated=basis.estimated,
                                       sample=current.sample)  # fmt: skip
        rows.append(
            IndicatorRow(
                no=target.no,
                name=target.indicator.name,
                unit=unit,
                target=target_text + (f" ({judgement.target_year})" if judgement.target_year else ""),
                previous=_with_period(previous, unit),
                current=_with_period(current, unit),
                source=source,
                status=_status_words(row),
                status_key=row.judgement.verdict,
                lead=", ".join(a.label for a in target.assignments.all() if a.role == "lead"),
                sub_index=target.indicator.sub_index,
                target_value=judgement.target,
                previous_value=previous.value if previous else None,
                current_value=current.value if current else None,
                sample=bool(current is not None and current.sample),
                baseline=""
                if baseline is None
                else _value(baseline, unit) + (f" ({target.baseline_year})" if target.baseline_year else ""),
                baseline_value=baseline,
                baseline_year=target.baseline_year if baseline is not None else None,
                target_year=judgement.target_year,
                target_words=in_force.target.text if in_force and judgement.target is None else "",
            )
        )
    return rows


def _status_words(row) -> str:
    """The status, and why there is none where a value stands beside it."""
    words = status_text(row.status, row.judgement.estimated)
    if row.status != "not_available" or row.basis is None:
        return words
    if row.judgement.reason == STALE:
        why = gettext("the data are too old")
    else:
        why = gettext("values of two years are needed to judge progress")
    return f"{words} ({why})"


def _task_groups(plan, period) -> list[tuple[str, list[TaskRow]]]:
    """Every task of the plan, grouped as in the plan, with its lead units' approved narratives for the period and
    its status against its deadline as of the period's data cut-off (from the reports of that period and before)."""
    approved = {}
    entries = TaskEntry.objects.filter(report__period=period, report__status=UnitReport.Status.APPROVED)
    for entry in entries.select_related("report__unit"):
        approved.setdefault(entry.task_id, {})[entry.report.unit_id] = entry
    tasks = list(plan.tasks.current().prefetch_related("assignments__unit").order_by("order"))
    verdicts = task_deadlines(tasks, period.cutoff, until=period.cutoff)
    groups: dict[str, list[TaskRow]] = {}
    for task in tasks:
        leads = [a for a in task.assignments.all() if a.role == "lead"]
        verdict = verdicts[task.pk]
        row = TaskRow(task.ref, " ".join(task.text.split()), ", ".join(a.label for a in leads),
                      deadline=task.deadline if verdict.status else None, deadline_text=task.deadline_text,
                      recurrence=task.get_recurrence_display() if task.recurrence else "",
                      output=" ".join(task.output.split()), category=verdict.category,
                      status=task_status_words(verdict.status))  # fmt: skip
        for assignment in leads:
            entry = approved.get(task.id, {}).get(assignment.unit_id)
            if entry is not None and entry.narrative.strip():
                row.results.append((assignment.label, entry.get_status_display(), entry.narrative.strip()))
        groups.setdefault(task.section_title or task.section, []).append(row)
    return list(groups.items())


def _gather(plan, period, today: dt.date) -> ReportData:
    data = ReportData(plan, period, today)
    data.rows = _indicator_rows(plan, period)
    data.task_groups = _task_groups(plan, period)
    data.task_counts = dict.fromkeys(CATEGORIES, 0)
    for _title, rows in data.task_groups:
        for row in rows:
            data.task_counts[row.category] += 1
    reference = plan_reference(plan)
    data.title = gettext("Results of implementing %(plan)s, %(period)s") % {"plan": reference, "period": period.words}
    data.opening = gettext("Implementing %(plan)s, %(office)s reports the results of %(period)s as follows:") % {
        "plan": reference, "office": plan.office.name, "period": period.words,
    }  # fmt: skip
    follow = follow_up(plan, today)
    index = next((i for i, p in enumerate(follow["periods"]) if p.pk == period.pk), None)
    if index is not None:
        for unit, cells in follow["matrix"]:
            cell = cells[index]
            if cell.status == NOT_ASKED:
                continue
            data.reports_expected += 1
            data.reports_approved += cell.status == UnitReport.Status.APPROVED
            if cell.late:
                data.late.append((unit.name, cell.status))
    reports = UnitReport.objects.filter(period=period, status=UnitReport.Status.APPROVED).select_related("unit")
    for report in reports.order_by("unit__name"):
        for name, found in (("problems", data.problems), ("proposals", data.proposals),
                            ("next_plans", data.next_plans)):  # fmt: skip
            text = getattr(report, name).strip()
            if text:
                found.append((report.unit.name, text))
    return data


def libreoffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def require_libreoffice() -> str:
    """The LibreOffice program, or a clear message that it is not installed."""
    binary = libreoffice()
    if binary is None:
        raise PcitrackError(
            gettext_noop(
                "PDF needs LibreOffice, which is not installed here (Debian: apt-get install libreoffice-writer-nogui)."
            )
        )
    return binary


def to_pdf(docx: bytes, timeout: int = 120) -> bytes:
    """Convert through LibreOffice; says clearly when it is not installed."""
    binary = require_libreoffice()
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "report.docx"
        source.write_bytes(docx)
        profile = Path(folder) / "profile"
        result = subprocess.run(
            [
                binary,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                folder,
                str(source),
            ],
            capture_output=True,
            timeout=timeout,
        )
        pdf = Path(folder) / "report.pdf"
        if result.returncode != 0 or not pdf.exists():
            raise PcitrackError(gettext_noop("LibreOffice could not convert the report to PDF."))
        return pdf.read_bytes()


def latest_period_with_data(plan, today: dt.date):
    """The latest period already closed that has a report; else the latest closed one; else the first."""
    closed = plan.periods.filter(cutoff__lte=today).order_by("-cutoff", "-kind")
    with_reports = closed.filter(reports__isnull=False).distinct().first()
    return with_reports or closed.first() or plan.periods.order_by("cutoff").first()


def build(plan, period, fmt: str, today: dt.date, progress=lambda percent: None) -> bytes:
    """The report in the asked format; progress(percent) is told as the work advances."""
    if fmt not in ("docx", "xlsx", "pdf"):
        raise PcitrackError(gettext_noop("The format must be docx, xlsx or pdf."))
    if fmt == "pdf":
        require_libreoffice()
    progress(10)
    data = report_data(plan, period, today)
    progress(40)
    if fmt == "xlsx":
        return render_xlsx(data)
    docx = render_docx(data)
    if fmt == "docx":
        return docx
    progress(70)
    return to_pdf(docx)
