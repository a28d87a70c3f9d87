"""A changed version of a plan: what changes is shown, then applied without losing what stays."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from pcitrack.audit.models import AuditEvent
from pcitrack.monitoring.models import Observation
from pcitrack.org.models import Unit
from pcitrack.plans.changes import plan_changes
from pcitrack.plans.models import Plan, PlanTarget, Task
from pcitrack.plans.services import parse_for_import, update_plan
from tests.docx_builder import build_docx


def changed_version(seed_text: str) -> str:
    text = seed_text.replace(
        "3.\tCán bộ tại bộ phận Một cửa am hiểu về chuyên môn (% DN Đồng ý)\t70%",
        "3.\tCán bộ tại bộ phận Một cửa am hiểu về chuyên môn (% DN Đồng ý)\t75%",
    )
    text = text.replace("- Rà soát, trình Chủ tịch UBND tỉnh công bố TTHC đúng quy định.\n\n", "")
    text = text.rstrip("\n") + (
        "\n19.\tTỷ lệ hồ sơ trực tuyến toàn trình (%)\t80%\tTrung tâm Phục vụ hành chính công tỉnh\tPhòng Nội chính\n"
    )
    return text


@pytest.fixture
def stored(world):
    target = world.plan.targets.get(no=3)
    Observation.objects.create(office=world.office, indicator=target.indicator, year=2016, source="pci", value=55)
    return world


def test_changes_are_listed(stored, seed_text):
    changes = plan_changes(stored.plan, parse_for_import(changed_version(seed_text)))
    assert changes.indicators_added == [(19, "Tỷ lệ hồ sơ trực tuyến toàn trình (%)")]
    assert changes.indicators_removed == []
    assert [(no, diff) for no, _, diff in changes.indicators_changed] == [(3, {"target": (70.0, 75.0)})]
    assert changes.tasks_removed == ["II.2.2.9"]  # the bullets after it move up one place
    assert "II.2.2.3" in changes.tasks_changed
    assert changes.tasks_added == []


def test_applying_keeps_ids_observations_and_history(stored, seed_text):
    target3 = stored.plan.targets.get(no=3)
    task_ids = set(Task.objects.filter(plan=stored.plan).values_list("pk", flat=True))
    update_plan(stored.plan, parse_for_import(changed_version(seed_text)), user=stored.users["monitor"])
    target3.refresh_from_db()
    assert float(target3.target_value) == 75.0
    assert Observation.objects.filter(indicator=target3.indicator).count() == 1
    assert stored.plan.targets.count() == 19
    new = PlanTarget.objects.get(plan=stored.plan, no=19)
    assert [a.unit.name for a in new.assignments.filter(role="support")] == ["Phòng Nội chính"]
    assert Task.objects.filter(plan=stored.plan).count() == 20
    assert len(task_ids & set(Task.objects.filter(plan=stored.plan).values_list("pk", flat=True))) == 20
    event = AuditEvent.objects.get(action="plan.update")
    assert event.actor == stored.users["monitor"]
    assert event.after["indicators_added"] == [[19, "Tỷ lệ hồ sơ trực tuyến toàn trình (%)"]]


def test_a_removed_indicator_keeps_its_observations(stored, seed_text):
    target3 = stored.plan.targets.get(no=3)
    start = seed_text.index("3.\tCán bộ tại bộ phận Một cửa am hiểu")
    end = seed_text.index("4.\tCán bộ tại bộ phận Một cửa nhiệt tình")
    update_plan(stored.plan, parse_for_import(seed_text[:start] + seed_text[end:]))
    assert not PlanTarget.objects.filter(pk=target3.pk).exists()
    assert Observation.objects.filter(indicator=target3.indicator).count() == 1


def test_cli_shows_changes_and_applies_them_only_with_update(db, seed_text, tmp_path, capsys):
    first, second = tmp_path / "v1.txt", tmp_path / "v2.docx"
    first.write_text(seed_text, encoding="utf-8")
    second.write_bytes(build_docx(changed_version(seed_text), auto_numbering=True))
    call_command("import_plan", str(first))
    with pytest.raises(CommandError, match="--update"):
        call_command("import_plan", str(second))
    out = capsys.readouterr().out
    assert "Chỉ tiêu 3 thay đổi" in out and "Thêm chỉ tiêu: 19." in out
    assert float(PlanTarget.objects.get(no=3).target_value) == 70.0
    call_command("import_plan", str(second), "--update")
    assert float(PlanTarget.objects.get(no=3).target_value) == 75.0
    assert Plan.objects.count() == 1


def test_cli_imports_a_word_plan(db, seed_text, tmp_path, capsys):
    path = tmp_path / "ke-hoach.docx"
    path.write_bytes(build_docx(seed_text, auto_numbering=True, merge_repeated=True))
    call_command("import_plan", str(path))
    plan = Plan.objects.get()
    assert (plan.targets.count(), plan.tasks.count(), plan.citations.count()) == (18, 21, 10)
    assert "đơn vị mới: Phòng Nội chính" in capsys.readouterr().out


def test_a_document_without_appendix_needs_explicit_consent(db, tmp_path):
    from pathlib import Path

    source = Path(__file__).parent / "fixtures" / "plans" / "camau_quyet_dinh.txt"
    text = source.read_text(encoding="utf-8")
    path = tmp_path / "no-appendix.txt"
    path.write_text(text[: text.index("Phụ lục")], encoding="utf-8")
    with pytest.raises(CommandError, match="không có phụ lục chỉ tiêu"):
        call_command("import_plan", str(path))
    assert Plan.objects.count() == 0 and Unit.objects.count() == 0
    call_command("import_plan", str(path), "--allow-no-indicators")
    assert Plan.objects.get().tasks.count() == 5


def test_units_resolve_against_the_office_s_existing_units(world, seed_text):
    text = seed_text.replace("\tPhòng Nội chính\t", "\tPhong Noi chinh\t", 1)
    parsed = parse_for_import(text, world.office)
    assert "Phong Noi chinh" not in [u.name for u in parsed.units]
    msgs = [w.message() for w in parsed.warnings if w.code == "unit_approximate"]
    assert "“Phong Noi chinh” is read as “Phòng Nội chính” (similar spelling); check it." in msgs
