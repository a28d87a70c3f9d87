"""The official report on a plan's implementation for a period: Word (NĐ 30/2020), Excel appendix, PDF.

`report_data` gathers what the system holds — nothing invented, a missing value stays
missing — and `render_docx`, `render_xlsx` and `to_pdf` write it out. The Word file is built
from a docxtpl template (the shipped one, or an office's own through PCITRACK_REPORT_TEMPLATE).
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext, pgettext

from pcitrack.core.cells import safe_row
from pcitrack.core.charts import status_chart
from pcitrack.core.document import nd30_place_date
from pcitrack.core.errors import PcitrackError
from pcitrack.core.pci import SUB_INDEX_NAMES
from pcitrack.core.plan_parser import gettext_noop
from pcitrack.core.series import Point
from pcitrack.core.status import ESTIMATED_NOT_ACHIEVED, NOT_ACHIEVED, VERDICTS
from pcitrack.core.text import format_number
from pcitrack.monitoring.labels import period_label, status_text, verdict_text
from pcitrack.monitoring.models import Observation
from pcitrack.monitoring.scorecard import assess_target, observation_points, plan_targets

from .followup import NOT_STARTED, follow_up
from .models import TaskEntry, UnitReport

OFF_TRACK = (NOT_ACHIEVED, ESTIMATED_NOT_ACHIEVED, "deterioration", "limited_progress", "needs_acceleration")


def status_words() -> dict[str, str]:
    """Each verdict in words, estimated ones apart: "đã đạt mục tiêu", "ước đạt", ..."""
    return {key: verdict_text(key) for key in VERDICTS}


@dataclass
class IndicatorRow:
    no: int
    name: str
    unit: str
    target: str
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


@dataclass
class ReportData:
    plan: object
    period: object
    today: dt.date
    rows: list[IndicatorRow] = field(default_factory=list)
    task_groups: list[tuple[str, list[dict]]] = field(default_factory=list)
    late: list[tuple[str, str]] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)
    proposals: list[tuple[str, str]] = field(default_factory=list)
    reports_expected: int = 0
    reports_approved: int = 0


def _value(value: float | None, unit: str) -> str:
    if value is None:
        return gettext("no data")
    return f"{format_number(round(value, 2))} {unit}".strip()


def _with_period(point: Point | None, unit: str) -> str:
    return f"{_value(point.value, unit)} ({period_label(point)})" if point else _value(None, unit)


def report_data(plan, period, today: dt.date) -> ReportData:
    """What the report says, worded in the office's language whatever the language of the person asking."""
    with translation.override(settings.LANGUAGE_CODE):
        return _gather(plan, period, today)


def _gather(plan, period, today: dt.date) -> ReportData:
    data = ReportData(plan, period, today)
    sources = dict(Observation.Source.choices)
    targets = plan_targets(plan)
    observations = observation_points(plan.office_id, [t.indicator_id for t in targets], until_year=period.year)
    for target in targets:
        points = observations.get(target.indicator_id, [])
        # Statuses as of the period's data cut-off, each resting on the value the text and the appendix show.
        row = assess_target(target, points, as_of=period.cutoff)
        unit = target.indicator.unit_of_measure
        basis = row.basis
        current = basis.point if basis else None
        before = [p for p in row.points if current is None or p.rank < current.rank]
        previous = max(before, key=lambda p: p.rank) if before else None
        target_text = (
            _value(float(target.target_value), unit) if target.target_value is not None else (target.target_text or "—")
        )
        source = str(sources.get(current.source, "")) if current else ""
        if basis is not None and basis.estimated:
            source += f" ({gettext('estimate')})"
        data.rows.append(
            IndicatorRow(
                no=target.no,
                name=target.indicator.name,
                unit=unit,
                target=target_text + (f" ({target.target_year})" if target.target_year else ""),
                previous=_with_period(previous, unit),
                current=_with_period(current, unit),
                source=source,
                status=status_text(row.status, row.judgement.estimated),
                status_key=row.judgement.verdict,
                lead=", ".join(a.label for a in target.assignments.all() if a.role == "lead"),
                sub_index=target.indicator.sub_index,
                target_value=None if target.target_value is None else float(target.target_value),
                previous_value=previous.value if previous else None,
                current_value=current.value if current else None,
            )
        )

    entries = (
        TaskEntry.objects.filter(report__period=period, report__status=UnitReport.Status.APPROVED)
        .select_related("task", "report__unit")
        .order_by("task__order", "report__unit__name")
    )
    groups: dict[str, list[dict]] = {}
    for entry in entries:
        groups.setdefault(entry.task.section_title or entry.task.section, []).append(
            {
                "ref": entry.task.ref,
                "unit": entry.report.unit.name,
                "status": entry.get_status_display(),
                "narrative": entry.narrative,
            }
        )
    data.task_groups = list(groups.items())

    follow = follow_up(plan, today)
    index = next((i for i, p in enumerate(follow["periods"]) if p.pk == period.pk), None)
    if index is not None:
        for unit, cells in follow["matrix"]:
            data.reports_expected += 1
            cell = cells[index]
            data.reports_approved += cell.status == UnitReport.Status.APPROVED
            if cell.late:
                data.late.append((unit.name, cell.status))
    for report in UnitReport.objects.filter(period=period, status__in=["submitted", "approved"]).select_related("unit"):
        if report.problems.strip():
            data.problems.append((report.unit.name, report.problems.strip()))
        if report.proposals.strip():
            data.proposals.append((report.unit.name, report.proposals.strip()))
    return data


def _template_path() -> Path | None:
    custom = getattr(settings, "PCITRACK_REPORT_TEMPLATE", "")
    return Path(custom) if custom else None


def _letterhead(data: ReportData) -> dict:
    plan = data.plan
    place = settings.PCITRACK_REPORT_PLACE or plan.place
    parent = settings.PCITRACK_REPORT_PARENT_BODY or (f"UBND TỈNH {place.upper()}" if place else "")
    code = settings.PCITRACK_REPORT_CODE
    plan_ref = gettext("Plan No. %(number)s") % {"number": plan.number} if plan.number else gettext("the Plan")
    signer = settings.PCITRACK_REPORT_SIGNER.split("|")
    return {
        "parent_body": parent,
        "issuing_body": settings.PCITRACK_REPORT_ISSUING_BODY or plan.office.name.upper(),
        "number": f"      /BC-{code}" if code else "      /BC",
        "place_date": nd30_place_date(place, data.today),
        "summary": gettext("Results of implementing %(plan)s, %(period)s")
        % {"plan": plan_ref, "period": data.period.label},
        "recipients": [r.strip() for r in settings.PCITRACK_REPORT_RECIPIENTS.split(";") if r.strip()],
        "signer_line_1": signer[0] if signer else "",
        "signer_line_2": signer[1] if len(signer) > 1 else "",
        "signer_name": settings.PCITRACK_REPORT_SIGNER_NAME,
    }


def _table(doc, header: list[str], rows: list[list[str]], widths_cm: list[float]):
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    table.autofit = False
    for column, width in zip(table.columns, widths_cm, strict=True):
        column.width = Cm(width)
    for cell, text, width in zip(table.rows[0].cells, header, widths_cm, strict=True):
        cell.width = Cm(width)
        cell.paragraphs[0].add_run(text).bold = True
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    for values in rows:
        cells = table.add_row().cells
        for cell, text, width in zip(cells, values, widths_cm, strict=True):
            cell.width = Cm(width)
            cell.paragraphs[0].add_run(text)
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.first_line_indent = Cm(0)
                paragraph.paragraph_format.space_after = Pt(0)
                paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
                for run in paragraph.runs:
                    run.font.size = Pt(11)
    tbl_pr = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl_pr.append(layout)
    return table


def _indicator_table(doc, data: ReportData):
    header = [gettext("No."), gettext("Indicator"), gettext("Target"), gettext("Previous value"),
              gettext("This period"), gettext("Source"), gettext("Status"), gettext("Lead unit")]  # fmt: skip
    rows = [
        [str(r.no), r.name, r.target, r.previous, r.current, r.source or "—", r.status, r.lead or "—"]
        for r in data.rows
    ]
    return _table(doc, header, rows, [0.9, 4.6, 1.7, 1.9, 1.9, 1.6, 1.6, 2.3])


def _body(tpl, data: ReportData):
    from docx.shared import Mm

    doc = tpl.new_subdoc()
    words = status_words()
    counts = {key: sum(1 for r in data.rows if r.status_key == key) for key in words}
    doc.add_heading(gettext("I. OVERALL ASSESSMENT"), level=1)
    doc.add_paragraph(
        gettext(
            "The plan has %(n)s indicators. Against their targets: %(summary)s. %(approved)s of the %(expected)s units "
            "that report had their report for %(period)s approved."
        )
        % {
            "n": len(data.rows),
            "summary": "; ".join(f"{words[k]}: {v}" for k, v in counts.items() if v),
            "approved": data.reports_approved,
            "expected": data.reports_expected,
            "period": data.period.label,
        }
    )
    doc.add_heading(gettext("II. RESULTS BY TASK GROUP"), level=1)
    if not data.task_groups:
        doc.add_paragraph(
            gettext("No unit report for this period has been approved yet; there are no results to report.")
        )
    no_narrative = gettext("no narrative")
    for number, (title, items) in enumerate(data.task_groups, start=1):
        doc.add_heading(f"{number}. {title}", level=2)
        for item in items:
            doc.add_paragraph(
                f"- {item['unit']} ({item['ref']}, {item['status'].lower()}): {item['narrative'] or no_narrative}"
            )
    doc.add_heading(gettext("III. INDICATORS"), level=1)
    doc.add_paragraph(
        gettext("Statuses as of %(date)s, the period's data cut-off.")
        % {"date": data.period.cutoff.strftime("%d/%m/%Y")}
    )
    groups: dict = {}
    for row in data.rows:
        groups.setdefault(row.sub_index, {}).setdefault(row.status_key, 0)
        groups[row.sub_index][row.status_key] += 1
    chart_groups = [
        (
            SUB_INDEX_NAMES.get(number, gettext("Not a PCI indicator")) if number else gettext("Not a PCI indicator"),
            counts_,
        )
        for number, counts_ in sorted(groups.items(), key=lambda item: (item[0] is None, item[0] or 0))
    ]
    png = status_chart(chart_groups, words)
    doc.add_paragraph(gettext("Indicators by PCI sub-index and status:"))
    doc.add_picture(io.BytesIO(png), width=Mm(160))
    off_track = [r for r in data.rows if r.status_key in OFF_TRACK]
    if off_track:
        doc.add_paragraph(gettext("Indicators off track:"))
        for r in off_track:
            doc.add_paragraph(f"- {r.no}. {r.name}: {r.current}; {gettext('target')} {r.target} ({r.status}).")
    doc.add_paragraph(gettext("The full table of indicators is in the appendix."))
    doc.add_heading(gettext("IV. UNITS LATE WITH THEIR REPORTS"), level=1)
    if data.late:
        report_words = dict(UnitReport.Status.choices) | {NOT_STARTED: pgettext("report", "not started")}
        for unit, status in data.late:
            doc.add_paragraph(f"- {unit} ({report_words[status]})")
    else:
        doc.add_paragraph(gettext("No unit was late."))
    doc.add_heading(gettext("V. PROBLEMS AND PROPOSALS"), level=1)
    if not data.problems and not data.proposals:
        doc.add_paragraph(gettext("The units' reports raise no problem or proposal."))
    for unit, text in data.problems:
        doc.add_paragraph(f"- {unit}: {text}")
    for unit, text in data.proposals:
        doc.add_paragraph(gettext("- %(unit)s proposes: %(text)s") % {"unit": unit, "text": text})
    return doc


def _appendix(tpl, data: ReportData):
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK

    doc = tpl.new_subdoc()
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    for text in (
        gettext("Appendix"),
        gettext("RESULTS OF THE PLAN'S INDICATORS, %(period)s") % {"period": data.period.label},
    ):
        paragraph = doc.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.first_line_indent = 0
        paragraph.add_run(text).bold = True
    _indicator_table(doc, data)
    return doc


def render_docx(data: ReportData) -> bytes:
    from docxtpl import DocxTemplate

    path = _template_path()
    with translation.override(settings.LANGUAGE_CODE):
        if path is not None and not path.exists():
            raise PcitrackError(gettext_noop("The report template {path} does not exist."), path=str(path))
        source = (
            path
            if path is not None
            else io.BytesIO(resources.files("pcitrack.data").joinpath("report_template.docx").read_bytes())
        )
        tpl = DocxTemplate(source)
        context = _letterhead(data) | {"body": _body(tpl, data), "appendix": _appendix(tpl, data)}
        tpl.render(context, autoescape=True)
        out = io.BytesIO()
        tpl.save(out)
        return out.getvalue()


def render_xlsx(data: ReportData) -> bytes:
    """The appendix as a workbook: real numbers with a Vietnamese display format, frozen header, fitted widths."""
    import openpyxl
    from openpyxl.styles import Alignment, Font

    with translation.override(settings.LANGUAGE_CODE):
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = gettext("Indicators")[:31]
        header = [gettext("No."), gettext("Indicator"), gettext("Unit of measure"), gettext("Target"), gettext("Previous value"),
                  gettext("This period"), gettext("Source"), gettext("Status"), gettext("Lead unit")]  # fmt: skip
        ws.append(safe_row(header))
        for cell in ws[1]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        number_format = "[$-42A]#,##0.##"
        for r in data.rows:
            # Names and units come from plans and users: written so that Excel cannot run them.
            ws.append(
                safe_row(
                    [
                        r.no,
                        r.name,
                        r.unit,
                        r.target_value,
                        r.previous_value,
                        r.current_value,
                        r.source,
                        r.status,
                        r.lead,
                    ]
                )
            )
            for column in (4, 5, 6):
                ws.cell(row=ws.max_row, column=column).number_format = number_format
        ws.freeze_panes = "A2"
        for column_cells in ws.columns:
            width = max(len(str(c.value)) if c.value is not None else 0 for c in column_cells)
            ws.column_dimensions[column_cells[0].column_letter].width = min(max(8, width + 2), 60)
        for row in ws.iter_rows(min_row=2):
            row[1].alignment = Alignment(wrap_text=True, vertical="top")
        out = io.BytesIO()
        wb.save(out)
        return out.getvalue()


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
