"""Writing the official report: the Word file (Nghị định 30/2020 layout) and the Excel appendix.

The text follows the structure of an office's real reports: I. Kết quả thực hiện, II. Tồn tại, hạn chế
và nguyên nhân, III. Phương hướng, nhiệm vụ thời gian tới, IV. Đề xuất, kiến nghị; an empty section
says so in one sentence. The appendix is a landscape section whose table repeats its header row.
"""

from __future__ import annotations

import copy
import io
from importlib import resources
from pathlib import Path

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext, pgettext

from pcitrack.core.cells import number_format, safe_row
from pcitrack.core.charts import status_chart
from pcitrack.core.document import nd30_place_date
from pcitrack.core.errors import PcitrackError
from pcitrack.core.pci import SUB_INDEX_NAMES
from pcitrack.core.plan_parser import gettext_noop
from pcitrack.core.status import VERDICTS
from pcitrack.monitoring.labels import verdict_text

from .deadlines import task_status_words
from .followup import NOT_STARTED
from .models import UnitReport

# Column widths (cm) of the appendix table on a landscape A4 page with the decree's margins (25,2 cm of text).
APPENDIX_WIDTHS = [1.3, 5.6, 1.4, 2.2, 2.3, 2.4, 2.4, 2.6, 2.2, 2.8]
NUMERIC_COLUMNS = {3, 4, 5, 6}


def _template_path() -> Path | None:
    custom = getattr(settings, "PCITRACK_REPORT_TEMPLATE", "")
    return Path(custom) if custom else None


def _recipient_lines(lines: list[str]) -> list[str]:
    """ "Như trên;", ..., "Lưu: VT.": each recipient ends with ";" and the last as written (Nghị định 30/2020)."""
    return [
        line if line.endswith((";", ".", ",")) or i == len(lines) - 1 else f"{line};" for i, line in enumerate(lines)
    ]


def letterhead(office_settings, plan, today) -> dict:
    """The header, number line, date line and signing block, from the office's own settings."""
    place = office_settings.place or (plan.place if plan is not None else "")
    parent = office_settings.parent_body or (f"UBND TỈNH {place.upper()}" if place else "")
    code = office_settings.number_code.strip()
    return {
        "parent_body": parent,
        "issuing_body": office_settings.issuing_body or office_settings.office.name.upper(),
        "number": f"      /BC-{code}" if code else "      /BC",
        "place_date": nd30_place_date(place, today),
        "recipients": _recipient_lines(office_settings.recipient_lines()),
        "signer_line_1": office_settings.signer_authority,
        "signer_line_2": office_settings.signer_title,
        "signer_name": office_settings.signer_name,
    }


def _cell_text(cell, text: str, *, bold=False, align=None, nowrap=False, size=11):
    from docx.oxml import OxmlElement
    from docx.shared import Cm, Pt

    paragraph = cell.paragraphs[0]
    paragraph.paragraph_format.first_line_indent = Cm(0)
    paragraph.paragraph_format.space_after = Pt(0)
    if align is not None:
        paragraph.alignment = align
    run = paragraph.add_run(text)
    run.bold = bold
    run.font.size = Pt(size)
    if nowrap:
        cell._tc.get_or_add_tcPr().append(OxmlElement("w:noWrap"))


def _table(doc, header: list[str], rows: list[list[str]], widths_cm: list[float], numeric: set[int] = frozenset()):
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm

    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    table.autofit = False
    for column, width in zip(table.columns, widths_cm, strict=True):
        column.width = Cm(width)
    for i, (cell, text, width) in enumerate(zip(table.rows[0].cells, header, widths_cm, strict=True)):
        cell.width = Cm(width)
        _cell_text(cell, text, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, nowrap=i == 0)
    header_props = table.rows[0]._tr.get_or_add_trPr()
    header_props.append(OxmlElement("w:tblHeader"))  # repeated at the top of every page
    for values in rows:
        row = table.add_row()
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        for i, (cell, text, width) in enumerate(zip(row.cells, values, widths_cm, strict=True)):
            cell.width = Cm(width)
            align = WD_ALIGN_PARAGRAPH.RIGHT if i in numeric else (WD_ALIGN_PARAGRAPH.CENTER if i == 0 else
                                                                 WD_ALIGN_PARAGRAPH.LEFT)  # fmt: skip
            _cell_text(cell, text, align=align, nowrap=i == 0)
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)
    return table


def _indicator_table(doc, data):
    header = [gettext("No."), gettext("Indicator"), gettext("Unit of measure"), gettext("Baseline"),
              gettext("Target"), gettext("Previous value"), gettext("This period"), gettext("Source"),
              gettext("Status"), gettext("Lead unit")]  # fmt: skip
    rows = [
        [
            str(r.no),
            r.name,
            r.unit or "—",
            r.baseline or "—",
            r.target,
            r.previous,
            r.current,
            r.source or "—",
            r.status,
            r.lead or "—",
        ]  # fmt: skip
        for r in data.rows
    ]
    return _table(doc, header, rows, APPENDIX_WIDTHS, NUMERIC_COLUMNS)


def status_words() -> dict[str, str]:
    """Each verdict in words, estimated ones apart: "đã đạt mục tiêu", "ước đạt", ..."""
    return {key: verdict_text(key) for key in VERDICTS}


def _or_none(doc, items, empty: str, line=lambda item: item) -> None:
    if not items:
        doc.add_paragraph(empty)
    for item in items:
        doc.add_paragraph(line(item))


def _general(doc, data, words) -> None:
    counts = {key: sum(1 for r in data.rows if r.status_key == key) for key in words}
    tasks = sum(len(rows) for _, rows in data.task_groups)
    reported = sum(1 for _, rows in data.task_groups for row in rows if row.results)
    doc.add_paragraph(
        gettext(
            "The plan has %(tasks)s tasks and %(n)s indicators. %(approved)s of the %(expected)s units that report "
            "had their report for %(period)s approved; %(reported)s tasks have results reported by their lead unit."
        )
        % {
            "tasks": tasks,
            "n": len(data.rows),
            "approved": data.reports_approved,
            "expected": data.reports_expected,
            "period": data.period.words,
            "reported": reported,
        }  # fmt: skip
    )
    doc.add_paragraph(
        gettext("Indicators as of %(date)s, the period's data cut-off: %(summary)s.")
        % {
            "date": data.period.cutoff.strftime("%d/%m/%Y"),
            "summary": "; ".join(f"{words[k]}: {v}" for k, v in counts.items() if v) or gettext("none"),
        }  # fmt: skip
    )
    report_words = dict(UnitReport.Status.choices) | {NOT_STARTED: pgettext("report", "not started")}
    if data.late:
        doc.add_paragraph(
            gettext("Units late with their report (due %(due)s): %(units)s.")
            % {
                "due": data.period.due.strftime("%d/%m/%Y"),
                "units": "; ".join(f"{unit} ({report_words[status]})" for unit, status in data.late),
            }  # fmt: skip
        )
    else:
        doc.add_paragraph(gettext("Every unit reported on time."))


def _deadline_counts(doc, data) -> None:
    """How many tasks are in progress, done on time, done late, overdue, and without a single deadline."""
    summary = "; ".join(f"{task_status_words(category)}: {count}" for category, count in data.task_counts.items())
    doc.add_paragraph(
        gettext("Against their deadlines, as of %(date)s, the period's data cut-off: %(summary)s.")
        % {"date": data.period.cutoff.strftime("%d/%m/%Y"), "summary": summary}
    )
    if data.overdue_tasks:
        doc.add_paragraph(gettext("The tasks overdue and not done are listed in section II."))


def _due(row) -> str:
    return gettext("due %(date)s") % {"date": row.deadline.strftime("%d/%m/%Y")}


def _tasks(doc, data) -> None:
    """Each group of the plan: its tasks with results, then in one sentence those without an approved report."""
    if not data.task_groups:
        doc.add_paragraph(gettext("The plan has no task."))
    else:
        _deadline_counts(doc, data)
    for title, rows in data.task_groups:
        doc.add_paragraph().add_run(title).italic = True
        for row in (r for r in rows if r.results):
            about = [row.lead] if row.lead else []
            if row.deadline is not None:
                about.append(f"{_due(row)}: {row.status}")
            lead = f" ({'; '.join(about)})" if about else ""
            doc.add_paragraph(f"- {row.ref}. {row.text.rstrip('.:;')}{lead}:")
            for unit, status, narrative in row.results:
                doc.add_paragraph(f"+ {unit} ({status.lower()}): {narrative}")
        missing = [r for r in rows if not r.results]
        if missing:
            listed = "; ".join(f"{r.ref} ({r.lead})" if r.lead else r.ref for r in missing)
            doc.add_paragraph(
                gettext("- Tasks without an approved report for the period: %(tasks)s.") % {"tasks": listed}
            )


def _indicators(doc, data, words) -> None:
    from docx.shared import Mm

    groups: dict = {}
    for row in data.rows:
        groups.setdefault(row.sub_index, {}).setdefault(row.status_key, 0)
        groups[row.sub_index][row.status_key] += 1
    chart_groups = [
        (SUB_INDEX_NAMES.get(number) if number else gettext("Not a PCI indicator"), counts)
        for number, counts in sorted(groups.items(), key=lambda item: (item[0] is None, item[0] or 0))
    ]
    if data.rows:
        doc.add_paragraph(gettext("Indicators by PCI sub-index and status:"))
        doc.add_picture(io.BytesIO(status_chart(chart_groups, words)), width=Mm(160))
    _or_none(doc, data.rows, gettext("The plan has no indicator."), lambda r: _indicator_line(r))
    if data.rows:
        doc.add_paragraph(gettext("The values, sources and statuses are detailed in the appendix."))


def _indicator_line(r) -> str:
    """The indicator as the appendix states it: value and period, source, target, status."""
    current = f"{r.current}, {r.source}" if r.source else r.current
    return gettext("- Indicator %(no)s. %(name)s: %(current)s; target %(target)s: %(status)s.") % {
        "no": r.no, "name": r.name, "current": current, "target": r.target, "status": r.status,
    }  # fmt: skip


def _body(tpl, data):
    doc = tpl.new_subdoc()
    words = status_words()
    doc.add_paragraph(data.opening)
    doc.add_heading(gettext("I. RESULTS"), level=1)
    doc.add_heading(gettext("1. General assessment"), level=2)
    _general(doc, data, words)
    doc.add_heading(gettext("2. Results of the tasks"), level=2)
    _tasks(doc, data)
    doc.add_heading(gettext("3. Results of the indicators"), level=2)
    _indicators(doc, data, words)

    doc.add_heading(gettext("II. SHORTCOMINGS, LIMITATIONS AND THEIR CAUSES"), level=1)
    off_track, overdue = data.off_track, data.overdue_tasks
    if not data.problems and not off_track and not overdue:
        doc.add_paragraph(gettext("The units' approved reports raise no problem, and no indicator is off track."))
    for unit, text in data.problems:
        doc.add_paragraph(f"- {unit}: {text}")
    if overdue:
        doc.add_paragraph(
            gettext("Tasks overdue and not done as of %(date)s:") % {"date": data.period.cutoff.strftime("%d/%m/%Y")}
        )
        for row in overdue:
            about = "; ".join(part for part in (row.lead, _due(row), row.deadline_text) if part)
            doc.add_paragraph(f"- {row.ref}. {row.text.rstrip('.:;')} ({about}).")
    if off_track:
        doc.add_paragraph(gettext("Indicators not achieved or off track:"))
        for r in off_track:
            doc.add_paragraph(_indicator_line(r))

    doc.add_heading(gettext("III. DIRECTIONS AND TASKS FOR THE COMING PERIOD"), level=1)
    _or_none(doc, data.next_plans, gettext("The units' approved reports state no plan for the next period."),
             lambda item: f"- {item[0]}: {item[1]}")  # fmt: skip

    doc.add_heading(gettext("IV. PROPOSALS AND RECOMMENDATIONS"), level=1)
    _or_none(doc, data.proposals, gettext("The units' approved reports make no proposal."),
             lambda item: f"- {item[0]}: {item[1]}")  # fmt: skip
    last = doc.paragraphs[-1]
    last.add_run("/." if last.text.rstrip().endswith(".") else "./.")  # the end of the text, as reports mark it
    return doc


def _appendix(tpl, data):
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    doc = tpl.new_subdoc()
    for text in (
        gettext("Appendix"),
        gettext("RESULTS OF THE PLAN'S INDICATORS, %(period)s") % {"period": data.period.words.upper()},
    ):
        paragraph = doc.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.first_line_indent = 0
        paragraph.paragraph_format.keep_with_next = True
        paragraph.add_run(text).bold = True
    paragraph = doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.first_line_indent = 0
    paragraph.add_run(
        gettext("(Attached to the report on %(title)s)") % {"title": data.title[:1].lower() + data.title[1:]}
    ).italic = True
    _indicator_table(doc, data)
    if any(r.sample for r in data.rows):
        doc.add_paragraph().add_run(
            gettext("Sample data: values invented for the demonstration, not measurements.")
        ).italic = True
    return doc


def _describe(document, data) -> None:
    """The file's own properties name the office and the report, and its text is Vietnamese for the spell-checker."""
    import datetime as dt

    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    props = document.core_properties
    props.author = props.last_modified_by = data.plan.office.name
    props.title = f"Báo cáo {data.title[:1].lower()}{data.title[1:]}"[:255]
    props.subject, props.comments, props.keywords = data.period.words, "", ""
    props.created = props.modified = dt.datetime.combine(data.today, dt.time(8))
    defaults = document.styles.element.find(qn("w:docDefaults"))
    run_props = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")) if defaults is not None else None
    if run_props is not None:
        lang = run_props.find(qn("w:lang"))
        if lang is None:
            lang = OxmlElement("w:lang")
            run_props.append(lang)
        lang.set(qn("w:val"), "vi-VN")
        lang.set(qn("w:eastAsia"), "vi-VN")
    for style in document.styles:
        element = style.element.find(qn("w:rPr"))
        found = element.find(qn("w:lang")) if element is not None else None
        if found is not None:
            found.set(qn("w:val"), "vi-VN")


def _keep_signing_block_together(document) -> None:
    """The closing table (recipients | signer) never splits across pages, nor parts from the text before it."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    for table in document.tables:
        if "Nơi nhận" not in table.rows[0].cells[0].text:
            continue
        for row in table.rows:
            row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    paragraph.paragraph_format.keep_with_next = True
                    paragraph.paragraph_format.keep_together = True
        previous = table._tbl.getprevious()
        if previous is not None and previous.tag == qn("w:p"):
            from docx.text.paragraph import Paragraph

            Paragraph(previous, document._body).paragraph_format.keep_with_next = True


def _landscape_appendix(document) -> None:
    """End the report's portrait section before the appendix; the appendix is a landscape section of its own."""
    from docx.enum.section import WD_ORIENT
    from docx.oxml.ns import qn

    body = document.element.body
    heading = next((p for p in document.paragraphs if p.text == gettext("Appendix")), None)
    if heading is None:
        return
    final = body.find(qn("w:sectPr"))
    portrait = copy.deepcopy(final)
    previous = heading._p.getprevious()
    if previous is None or previous.tag != qn("w:p"):
        from docx.oxml import OxmlElement

        previous = OxmlElement("w:p")
        heading._p.addprevious(previous)
    previous.get_or_add_pPr().append(portrait)  # the section break
    section = document.sections[-1]
    width, height = section.page_width, section.page_height
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = max(width, height), min(width, height)
    title_page = final.find(qn("w:titlePg"))
    if title_page is not None:  # the appendix's first page is numbered like the others
        final.remove(title_page)


def render_docx(data) -> bytes:
    from docx import Document
    from docxtpl import DocxTemplate

    from .services import report_settings

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
        head = letterhead(report_settings(data.plan.office), data.plan, data.today)
        context = head | {"summary": data.title, "body": _body(tpl, data), "appendix": _appendix(tpl, data)}
        tpl.render(context, autoescape=True)
        out = io.BytesIO()
        tpl.save(out)
        document = Document(io.BytesIO(out.getvalue()))
        _describe(document, data)
        _keep_signing_block_together(document)
        _landscape_appendix(document)
        final = io.BytesIO()
        document.save(final)
        return final.getvalue()


def render_xlsx(data) -> bytes:
    """The appendix as a workbook: real numbers with a Vietnamese display format, frozen header, fitted widths."""
    import openpyxl

    with translation.override(settings.LANGUAGE_CODE):
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = gettext("Indicators")[:31]
        header = [gettext("No."), gettext("Indicator"), gettext("Unit of measure"), gettext("Baseline"),
                  gettext("Baseline year"), gettext("Target"), gettext("Target year"), gettext("Previous value"),
                  gettext("This period"), gettext("Source"), gettext("Status"), gettext("Lead unit")]  # fmt: skip
        ws.append(safe_row(header))
        for r in data.rows:
            # Names and units come from plans and users: written so that Excel cannot run them.
            target = r.target_value if r.target_value is not None else (r.target_words or None)
            ws.append(safe_row([r.no, r.name, r.unit, r.baseline_value, r.baseline_year, target, r.target_year,
                                r.previous_value, r.current_value, r.source, r.status, r.lead]))  # fmt: skip
            for column in (4, 6, 8, 9):
                cell = ws.cell(row=ws.max_row, column=column)
                cell.number_format = number_format(cell.value)
            for column in (5, 7):
                ws.cell(row=ws.max_row, column=column).number_format = "0"  # a year, never "2.025"
        _fit(ws)
        _tasks_sheet(wb, data)
        out = io.BytesIO()
        wb.save(out)
        return out.getvalue()


def _fit(ws) -> None:
    """Frozen header, fitted widths, the second column (a name or a task's text) wrapped."""
    from openpyxl.styles import Alignment, Font

    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A2"
    for column_cells in ws.columns:
        width = max(len(str(c.value)) if c.value is not None else 0 for c in column_cells)
        ws.column_dimensions[column_cells[0].column_letter].width = min(max(8, width + 2), 60)
    for row in ws.iter_rows(min_row=2):
        row[1].alignment = Alignment(wrap_text=True, vertical="top")


def _tasks_sheet(wb, data) -> None:
    """The plan's tasks with their deadlines (real dates) and statuses as of the period's cut-off."""
    ws = wb.create_sheet(gettext("Tasks")[:31])
    ws.append(safe_row([gettext("Ref."), gettext("Task"), gettext("Lead unit"), gettext("Deadline as written"),
                        gettext("Deadline"), gettext("Recurring"), gettext("Expected output"),
                        gettext("Status against the deadline")]))  # fmt: skip
    for _title, rows in data.task_groups:
        for r in rows:
            status = r.status or task_status_words(r.category)
            values = [r.ref, r.text, r.lead, r.deadline_text, r.deadline, r.recurrence, r.output, status]
            ws.append(safe_row([None if v == "" else v for v in values]))
            if r.deadline is not None:
                ws.cell(row=ws.max_row, column=5).number_format = "DD/MM/YYYY"
    _fit(ws)
