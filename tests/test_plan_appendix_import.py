"""A plan with a task table and an indicator table over several years, imported and re-imported."""

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from pcitrack.audit.models import AuditEvent
from pcitrack.core.plan_files import read_plan_file
from pcitrack.plans.changes import describe, plan_changes
from pcitrack.plans.models import PlanTarget, Task
from pcitrack.plans.services import import_plan, parse_for_import, update_plan

PLAN = Path(__file__).resolve().parent / "fixtures" / "plans" / "task_table_ke_hoach.txt"

pytestmark = pytest.mark.django_db


@pytest.fixture
def text():
    return read_plan_file(PLAN)


def test_tasks_keep_their_deadline_recurrence_and_output(text):
    plan = import_plan(parse_for_import(text))
    tasks = {t.ref: t for t in Task.objects.filter(plan=plan)}
    assert (tasks["PLI.4"].deadline, tasks["PLI.4"].deadline_text, tasks["PLI.4"].output) == (
        dt.date(2025, 6, 30),
        "Trước ngày 30/6/2025",
        "Quyết định của Ủy ban nhân dân tỉnh",
    )
    assert (tasks["PLI.5"].deadline, tasks["PLI.5"].recurrence) == (None, Task.Recurrence.QUARTERLY)
    assert tasks["PLI.5"].get_recurrence_display() == "hằng quý"
    assert (tasks["II.3"].deadline, tasks["II.3"].deadline_text) == (dt.date(2025, 9, 30), "Quý III/2025")
    assert [a.unit.name for a in tasks["PLI.1"].assignments.filter(role="lead")] == ["Sở Tài chính"]


def test_targets_keep_every_year_and_the_baseline(text):
    plan = import_plan(parse_for_import(text))
    first = PlanTarget.objects.get(plan=plan, no=1)
    assert first.yearly_targets == [
        {"year": 2025, "value": 9.0, "text": "9"},
        {"year": 2026, "value": 8.0, "text": "8"},
    ]
    assert (first.target_value, first.target_year) == (Decimal("8.0000"), 2026)
    assert (first.baseline_value, first.baseline_year) == (Decimal("10.2000"), 2024)
    assert PlanTarget.objects.get(plan=plan, no=7).indicator.unit_of_measure == "Tr.đồng/DN"


def test_a_new_version_moving_a_deadline_and_a_yearly_target_says_so_and_keeps_the_rows(text):
    plan = import_plan(parse_for_import(text))
    task = Task.objects.get(plan=plan, ref="PLI.3")
    changed = text.replace("| Tháng 9/2025 |", "| Tháng 10/2025 |").replace(
        "| 12,5 | 10,2 | 9 | 8 |", "| 12,5 | 10,2 | 8,5 | 8 |"
    )
    changes = plan_changes(plan, parse_for_import(changed))
    assert changes.tasks_changed == ["PLI.3"]
    assert [(no, diff) for no, _name, diff in changes.indicators_changed] == [
        (1, {"targets": ("2025: 9 · 2026: 8", "2025: 8,5 · 2026: 8")})
    ]
    assert any("2025: 8,5 · 2026: 8" in line for line in describe(changes))
    update_plan(plan, parse_for_import(changed))
    task.refresh_from_db()
    assert (task.deadline, task.deadline_text) == (dt.date(2025, 10, 31), "Tháng 10/2025")
    assert PlanTarget.objects.get(plan=plan, no=1).yearly_targets[0]["value"] == 8.5
    assert AuditEvent.objects.filter(action="plan.update").count() == 1
