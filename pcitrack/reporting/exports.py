"""The scorecard and the follow-up matrix as Excel workbooks, as their pages show them.

Real numbers and dates with Vietnamese display formats (so the office can sum and sort them),
words in the office's language whatever the language of the person downloading, and every text
that came from a plan or a person written so that a spreadsheet cannot run it.
"""

from __future__ import annotations

import datetime as dt
import io

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext, pgettext

from pcitrack.core.cells import number_format, safe_row
from pcitrack.monitoring.labels import (
    period_label,
    reason_text,
    source_with_notes,
    status_text,
    targets_text,
    trend_text,
    verdict_text,
)
from pcitrack.monitoring.models import Observation

from .followup import NOT_ASKED, NOT_STARTED
from .models import UnitReport

YEAR = "0"
DATE = "dd/mm/yyyy"
RATE = "0%"


def _plan_line(plan) -> str:
    ref = gettext("Plan No. %(number)s") % {"number": plan.number} if plan.number else gettext("the Plan")
    return f"{ref}: {plan.title}"


def _day(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def _sheet(wb, title: str, lines: list[str], header: list[str], header_row: int):
    """A sheet with title lines on top (the first in bold) and a bold wrapped header on `header_row`."""
    from openpyxl.styles import Alignment, Font

    ws = wb.create_sheet(title[:31])
    for number, line in enumerate(lines, start=1):
        cell = ws.cell(row=number, column=1, value=safe_row([line])[0])
        cell.font = Font(bold=number == 1)
    for column, text in enumerate(safe_row(header), start=1):
        cell = ws.cell(row=header_row, column=column, value=text)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    return ws


def _fit(ws, from_row: int, wrapped: tuple[int, ...] = ()):
    """Columns as wide as their header and values (not the title lines above), within reason."""
    from openpyxl.styles import Alignment

    for cells in ws.iter_cols(min_row=from_row):
        width = max((len(_shown(c.value)) for c in cells), default=0)
        ws.column_dimensions[cells[0].column_letter].width = min(max(8, width + 2), 60)
    for row in ws.iter_rows(min_row=from_row + 1):
        for cell in row:
            if cell.column in wrapped:
                cell.alignment = Alignment(wrap_text=True, vertical="top")


def _shown(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return "00/00/0000"
    return str(value)


def _save(wb) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def scorecard_xlsx(plan, rows, *, as_of: dt.date, unit=None, verdict: str = "") -> bytes:
    """The scorecard rows (already filtered as the page shows them) as a workbook."""
    import openpyxl

    with translation.override(settings.LANGUAGE_CODE):
        filters = []
        if unit is not None:
            filters.append(gettext("Unit: %(name)s") % {"name": unit.name})
        if verdict:
            filters.append(gettext("Status: %(status)s") % {"status": verdict_text(verdict)})
        lines = [
            f"{gettext('Scorecard')} — {_plan_line(plan)}",
            gettext("Statuses as of %(date)s.") % {"date": _day(as_of)},
            "; ".join(filters),
        ]
        header = [gettext("No."), gettext("Indicator"), gettext("Unit of measure"), gettext("Latest value"),
                  gettext("Period"), gettext("Source"), gettext("Baseline"), gettext("Baseline year"),
                  gettext("Target in force"), gettext("Target year"), gettext("Targets by year"), gettext("Status"),
                  gettext("Basis / reason"), gettext("Trend"), gettext("Lead unit")]  # fmt: skip
        wb = openpyxl.Workbook()
        wb.remove(wb.active)
        ws = _sheet(wb, gettext("Scorecard"), lines, header, header_row=4)
        sources = dict(Observation.Source.choices)
        for row in rows:
            target, indicator, point = row.target, row.indicator, row.latest
            unit_of_measure = indicator.unit_of_measure
            judgement = row.judgement
            in_force = judgement.in_force
            # The target in force as a number, or its words when the plan writes it in words.
            target_value = None if in_force is None else in_force.target.value
            if in_force is not None and target_value is None:
                target_value = in_force.target.text or None
            # Names, units and targets come from plans and people: written so that Excel cannot run them.
            ws.append(
                safe_row(
                    [
                        target.no,
                        indicator.name,
                        unit_of_measure,
                        point.value if point else None,
                        period_label(point) if point else "",
                        source_with_notes(
                            str(sources.get(point.source, point.source)),
                            estimated=bool(row.basis and row.basis.point == point and row.basis.estimated),
                            sample=point.sample,
                        )
                        if point
                        else "",  # fmt: skip
                        None if target.baseline_value is None else float(target.baseline_value),
                        target.baseline_year,
                        target_value,
                        judgement.target_year,
                        targets_text(judgement.targets, unit_of_measure, indicator.direction),
                        status_text(row.status, row.judgement.estimated),
                        reason_text(row.judgement, unit_of_measure),
                        trend_text(row.trend, indicator.direction),
                        ", ".join(a.label for a in row.assignments if a.role == "lead"),
                    ]
                )
            )
            line = ws.max_row
            for column in (4, 7, 9):
                cell = ws.cell(row=line, column=column)
                cell.number_format = number_format(cell.value)
            for column in (8, 10):
                ws.cell(row=line, column=column).number_format = YEAR
        ws.freeze_panes = "C5"
        _fit(ws, 4, wrapped=(2, 11, 13))
        ws.column_dimensions["M"].width = 50
        return _save(wb)


def report_words() -> dict[str, str]:
    """A report's status in words: "chưa bắt đầu", "bản nháp", "đã nộp", "bị trả lại", "đã duyệt"."""
    return {key: str(label) for key, label in UnitReport.Status.choices} | {
        NOT_STARTED: pgettext("report", "not started"),
        NOT_ASKED: gettext("not asked"),
    }


def _cell_text(cell, words: dict[str, str]) -> str:
    status = words[cell.status]
    return gettext("%(status)s, late") % {"status": status} if cell.late else status


def follow_up_xlsx(plan, follow: dict, today: dt.date) -> bytes:
    """The follow-up matrix (units × periods, due dates on top, timeliness on the right) and the overdue list."""
    import openpyxl
    from openpyxl.styles import Font

    with translation.override(settings.LANGUAGE_CODE):
        words = report_words()
        periods = follow["periods"]
        lines = [f"{gettext('Reports by unit and period')} — {_plan_line(plan)}",
                 gettext("Reports as of %(date)s.") % {"date": _day(today)}]  # fmt: skip
        header = [gettext("Unit"), *(p.label for p in periods), gettext("On time"), gettext("Periods due"),
                  gettext("Rate")]  # fmt: skip
        wb = openpyxl.Workbook()
        wb.remove(wb.active)
        ws = _sheet(wb, gettext("Follow-up"), lines, header, header_row=4)
        ws.append(safe_row([gettext("Due"), *(p.due for p in periods)]))
        ws.cell(row=5, column=1).font = Font(bold=True)
        for column in range(2, len(periods) + 2):
            ws.cell(row=5, column=column).number_format = DATE
            ws.cell(row=5, column=column).font = Font(bold=True)
        timeliness = {unit.pk: (on_time, due, rate) for unit, on_time, due, rate in follow["timeliness"]}
        for unit, cells in follow["matrix"]:
            on_time, due, rate = timeliness[unit.pk]
            ws.append(safe_row([unit.name, *(_cell_text(c, words) for c in cells), on_time, due, rate]))
            ws.cell(row=ws.max_row, column=len(periods) + 4).number_format = RATE
        ws.freeze_panes = "B6"
        _fit(ws, 4, wrapped=(1,))

        overdue = follow["overdue"]
        header = [gettext("Unit"), gettext("Period"), gettext("Due"), gettext("Status")]
        title = gettext("Overdue")
        sheet = _sheet(wb, title, [f"{title} ({len(overdue)})", lines[1]], header, header_row=4)
        for unit, cell in overdue:
            sheet.append(safe_row([unit.name, cell.period.label, cell.period.due, words[cell.status]]))
            sheet.cell(row=sheet.max_row, column=3).number_format = DATE
        if not overdue:
            sheet.cell(row=5, column=1, value=gettext("No report is overdue."))
        sheet.freeze_panes = "A5"
        _fit(sheet, 4, wrapped=(1,))
        return _save(wb)


def scorecard_filename(as_of: dt.date) -> str:
    return f"bang-theo-doi-chi-tieu-{as_of:%d-%m-%Y}.xlsx"


def follow_up_filename(today: dt.date) -> str:
    return f"theo-doi-bao-cao-{today:%d-%m-%Y}.xlsx"
