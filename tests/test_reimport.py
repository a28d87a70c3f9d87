"""A changed version of a plan: what changes is shown, then applied without losing what stays."""

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from pcitrack.audit.models import AuditEvent
from pcitrack.core.errors import PcitrackError
from pcitrack.monitoring.models import Observation
from pcitrack.monitoring.scorecard import plan_targets
from pcitrack.org.models import Unit
from pcitrack.plans.changes import plan_changes
from pcitrack.plans.models import Plan, PlanTarget, Task
from pcitrack.plans.services import parse_for_import, update_plan
from pcitrack.reporting.models import IndicatorEntry
from pcitrack.reporting.services import report_for
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
    assert changes.indicators_retired == [] and changes.indicators_renumbered == []
    assert [(no, diff) for no, _, diff in changes.indicators_changed] == [(3, {"target": (70.0, 75.0)})]
    # The dropped bullet is the one retired, not the last one: the bullets after it are renumbered.
    assert changes.tasks_retired == [("II.2.2.3", "Rà soát, trình Chủ tịch UBND tỉnh công bố TTHC đúng quy định.")]
    assert [(old, new) for old, new, _text in changes.tasks_renumbered] == [
        (f"II.2.2.{n}", f"II.2.2.{n - 1}") for n in range(4, 10)
    ]
    assert changes.tasks_changed == [] and changes.tasks_added == []
    assert changes.retires_anything


def test_applying_keeps_ids_observations_and_history(stored, seed_text):
    target3 = stored.plan.targets.get(no=3)
    task_ids = set(Task.objects.filter(plan=stored.plan).values_list("pk", flat=True))
    fourth = Task.objects.get(plan=stored.plan, ref="II.2.2.4")
    update_plan(
        stored.plan, parse_for_import(changed_version(seed_text)), user=stored.users["monitor"], allow_retire=True
    )
    target3.refresh_from_db()
    assert float(target3.target_value) == 75.0
    assert Observation.objects.filter(indicator=target3.indicator).count() == 1
    assert stored.plan.targets.count() == 19
    new = PlanTarget.objects.get(plan=stored.plan, no=19)
    assert [a.unit.name for a in new.assignments.filter(role="support")] == ["Phòng Nội chính"]
    assert stored.plan.tasks.current().count() == 20
    assert set(Task.objects.filter(plan=stored.plan).values_list("pk", flat=True)) == task_ids  # none deleted
    retired = stored.plan.tasks.retired().get()
    assert (retired.ref, retired.text) == ("II.2.2.3", "Rà soát, trình Chủ tịch UBND tỉnh công bố TTHC đúng quy định.")
    fourth.refresh_from_db()
    assert fourth.ref == "II.2.2.3" and fourth.text.startswith("Tiếp nhận, xử lý phản ánh")
    event = AuditEvent.objects.get(action="plan.update")
    assert event.actor == stored.users["monitor"]
    assert event.after["indicators_added"] == [[19, "Tỷ lệ hồ sơ trực tuyến toàn trình (%)"]]
    assert event.after["tasks_retired"] == [["II.2.2.3", retired.text]]
    assert ["II.2.2.4", "II.2.2.3", fourth.text[:100]] in event.after["tasks_renumbered"]


def without_indicator_3(seed_text: str) -> str:
    """Indicator 3 dropped and the ones after it renumbered, as an office would write it."""
    start = seed_text.index("3.\tCán bộ tại bộ phận Một cửa am hiểu")
    end = seed_text.index("4.\tCán bộ tại bộ phận Một cửa nhiệt tình")
    head, tail = seed_text[:start], seed_text[end:]
    for no in range(4, 19):
        tail = tail.replace(f"\n{no}.\t", f"\n{no - 1}.\t", 1) if no > 4 else tail.replace("4.\t", "3.\t", 1)
    return head + tail


def test_a_removed_indicator_is_retired_with_its_values_and_report_entries(stored, seed_text):
    report = stored.report()
    target3 = stored.plan.targets.get(no=3)
    target4 = stored.plan.targets.get(no=4)
    entry = report.indicator_entries.get(target=target3)
    IndicatorEntry.objects.filter(pk=entry.pk).update(value=Decimal("68.5"), comment="khảo sát quý 1")
    update_plan(stored.plan, parse_for_import(without_indicator_3(seed_text)), allow_retire=True)
    target3.refresh_from_db()
    target4.refresh_from_db()
    assert target3.is_retired and target3.no == 3
    assert (target4.no, target4.is_retired) == (3, False)  # renumbered, not mistaken for the dropped one
    assert Observation.objects.filter(indicator=target3.indicator).count() == 1
    assert IndicatorEntry.objects.get(pk=entry.pk).comment == "khảo sát quý 1"
    assert [t.pk for t in plan_targets(stored.plan)] == list(
        stored.plan.targets.exclude(pk=target3.pk).values_list("pk", flat=True)
    )
    later = stored.plan.periods.order_by("cutoff")[1]
    assert target3.pk not in report_for(later, stored.unit_a).indicator_entries.values_list("target", flat=True)
    event = AuditEvent.objects.get(action="plan.update")
    assert event.after["indicators_retired"] == [[3, target3.indicator.name]]
    assert [4, 3, target4.indicator.name] in event.after["indicators_renumbered"]


def test_a_version_that_drops_something_needs_consent(stored, seed_text):
    with pytest.raises(PcitrackError) as refused:
        update_plan(stored.plan, parse_for_import(without_indicator_3(seed_text)))
    assert refused.value.message() == (
        "This version no longer has some tasks (—) or indicators (3). They would be kept with their reports and "
        "shown as no longer in the new plan. Confirm that this is what you want."
    )
    assert stored.plan.targets.retired().count() == 0 and stored.plan.targets.get(no=3).indicator.name.startswith(
        "Cán bộ tại bộ phận Một cửa am hiểu"
    )


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
    with pytest.raises(CommandError, match="--allow-retire"):
        call_command("import_plan", str(second), "--update")
    out = capsys.readouterr().out
    assert "Nhiệm vụ II.2.2.3 không còn trong kế hoạch mới" in out and "II.2.2.4 → II.2.2.3" in out
    assert float(PlanTarget.objects.get(no=3).target_value) == 70.0
    call_command("import_plan", str(second), "--update", "--allow-retire")
    assert float(PlanTarget.objects.get(no=3).target_value) == 75.0
    assert Plan.objects.count() == 1
    assert Task.objects.retired().get().ref == "II.2.2.3"


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
