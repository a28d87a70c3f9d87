"""A new version of a plan, applied from the import page, keeps what units wrote where they wrote it."""

import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse

from pcitrack.audit.models import AuditEvent
from pcitrack.org.models import Unit, UnitAlias
from pcitrack.plans.models import Task
from pcitrack.reporting import services
from pcitrack.reporting.models import Evidence, TaskEntry
from tests.test_web_import import upload

NOI_CHINH = "Tham mưu tổ chức thực hiện các nội dung về công bố, công khai TTHC"
TC_TM = "Tham mưu lãnh đạo Văn phòng UBND tỉnh và lãnh đạo UBND tỉnh chỉ đạo nâng cao các chỉ số cạnh tranh"
KINH_TE = (
    "3. Phòng Kinh tế - Ngành: Chủ trì theo dõi việc thực hiện kế hoạch sản xuất nông nghiệp, "
    "xây dựng nông thôn mới và phòng chống thiên tai của tỉnh."
)


def _organisation_part(seed_text: str) -> tuple[str, str, str]:
    start = seed_text.index("III. TỔ CHỨC THỰC HIỆN")
    end = seed_text.index("Trên đây là Kế hoạch")
    return seed_text[:start], seed_text[start:end], seed_text[end:]


def with_a_responsibility_inserted(seed_text: str) -> str:
    """A new III.3 for another unit: Phòng Nội chính's III.3 becomes III.4, and each one after it moves down."""
    head, part, tail = _organisation_part(seed_text)
    for n in range(7, 2, -1):
        part = part.replace(f"\n{n}. ", f"\n{n + 1}. ", 1)
    part = part.replace("\n4. Phòng Nội chính:", f"\n{KINH_TE}\n\n4. Phòng Nội chính:", 1)
    return head + part + tail


def without_noi_chinh_responsibility(seed_text: str) -> str:
    """III.3 (Phòng Nội chính's) dropped; III.4 becomes III.3, and so on."""
    head, part, tail = _organisation_part(seed_text)
    start = part.index("\n3. Phòng Nội chính:")
    part = part[:start] + part[part.index("\n4. Phòng Tài chính") :]
    for n in range(4, 8):
        part = part.replace(f"\n{n}. ", f"\n{n - 1}. ", 1)
    return head + part + tail


def rows() -> dict:
    """Every row of pcitrack's tables, to show that something changed nothing."""
    labels = {"org", "plans", "monitoring", "reporting", "audit"}
    return {
        m._meta.label: sorted(map(repr, m.objects.order_by("pk").values_list()))
        for m in apps.get_models()
        if m._meta.app_label in labels
    }


def write(report, user, narratives: dict[str, str]):
    """Save the unit's report with a narrative for the tasks named by reference."""
    tasks = {e.task_id: ("in_progress", narratives[e.task.ref]) for e in report.task_entries.select_related("task")}
    return services.save_report(report, user=user, version=report.version, tasks=tasks)


@pytest.fixture
def monitor(client, world):
    client.force_login(world.users["monitor"])
    return client


def preview_and_confirm(client, text: str, **extra):
    response = upload(client, "v2.txt", text.encode("utf-8"))
    preview = client.get(response["Location"])
    data = {name: field.initial for name, field in preview.context["form"].fields.items()}
    data.pop("allow_retire", None)
    return preview, client.post(response["Location"], {**data, **extra})


def test_renumbered_tasks_keep_their_units_narratives(monitor, world, seed_text):
    write(world.report(), world.users["staff"], {"III.3": "Đã công khai 100% TTHC."})
    report_b = services.report_for(world.period(), world.unit_b)
    write(report_b, world.users["staff_b"], {"III.4": "Đã tổ chức hội nghị xúc tiến đầu tư."})

    preview, done = preview_and_confirm(monitor, with_a_responsibility_inserted(seed_text))
    html = preview.content.decode()
    assert "III.3 → III.4" in html and "III.4 → III.5" in html and "Thêm nhiệm vụ: III.3" in html
    assert "allow_retire" not in preview.context["form"].fields  # nothing is dropped: no consent asked
    assert done.status_code == 302

    entry_a = TaskEntry.objects.get(report__unit=world.unit_a, task__plan=world.plan)
    assert entry_a.narrative == "Đã công khai 100% TTHC."
    assert entry_a.task.ref == "III.4" and entry_a.task.text.startswith(NOI_CHINH)
    assert [a.unit for a in entry_a.task.assignments.filter(role="lead")] == [world.unit_a]
    entry_b = TaskEntry.objects.get(report__unit=world.unit_b, task__plan=world.plan)
    assert (entry_b.task.ref, entry_b.narrative) == ("III.5", "Đã tổ chức hội nghị xúc tiến đầu tư.")
    assert entry_b.task.text.startswith(TC_TM)
    inserted = world.plan.tasks.get(ref="III.3")
    assert inserted.text.startswith("Chủ trì theo dõi việc thực hiện kế hoạch sản xuất nông nghiệp")
    assert not inserted.entries.exists()
    assert [a.unit.name for a in inserted.assignments.all()] == ["Phòng Kinh tế - Ngành"]


def test_a_dropped_task_is_retired_with_its_narrative_and_evidence(monitor, world, seed_text):
    report = world.report()
    write(report, world.users["staff"], {"III.3": "Đã công khai 100% TTHC."})
    evidence = world.evidence()
    dropped = world.plan.tasks.get(ref="III.3")
    before = rows()

    preview, refused = preview_and_confirm(monitor, without_noi_chinh_responsibility(seed_text))
    html = preview.content.decode()
    assert "Nhiệm vụ III.3 không còn trong kế hoạch mới" in html and "III.4 → III.3" in html
    assert 'name="allow_retire"' in html
    assert refused.status_code == 200 and rows() == before  # no consent, no change

    _preview, done = preview_and_confirm(monitor, without_noi_chinh_responsibility(seed_text), allow_retire="on")
    assert done.status_code == 302
    dropped.refresh_from_db()
    assert dropped.is_retired and dropped.ref == "III.3" and dropped.text.startswith(NOI_CHINH)
    entry = TaskEntry.objects.get(task=dropped)
    assert entry.narrative == "Đã công khai 100% TTHC."
    assert Evidence.objects.get(pk=evidence.pk).entry == entry
    new_iii3 = world.plan.tasks.current().get(ref="III.3")  # the former III.4 takes the free reference
    assert new_iii3.text.startswith(TC_TM)
    event = AuditEvent.objects.get(action="plan.update")
    assert event.actor == world.users["monitor"]
    assert event.after["tasks_retired"] == [["III.3", dropped.text[:100]]]
    assert ["III.4", "III.3", new_iii3.text[:100]] in event.after["tasks_renumbered"]

    retired_label = "không còn trong kế hoạch mới"
    tasks_page = monitor.get(reverse("plan_tasks", args=[world.plan.pk])).content.decode()
    assert retired_label in tasks_page[tasks_page.index(NOI_CHINH[:40]) :]
    task_page = monitor.get(reverse("task_detail", args=[world.plan.pk, dropped.pk])).content.decode()
    assert retired_label in task_page and "Đã công khai 100% TTHC." in task_page and "bien-ban.pdf" in task_page
    unit_page = monitor.get(reverse("unit_detail", args=[world.unit_a.pk])).content.decode()
    assert retired_label in unit_page[unit_page.index(NOI_CHINH[:40]) :]

    # New reports leave it out; the unit still reports on its indicators.
    later = world.plan.periods.order_by("cutoff")[1]
    next_report = services.report_for(later, world.unit_a)
    assert not next_report.task_entries.exists() and next_report.indicator_entries.count() == 2


def test_the_identical_file_changes_nothing(monitor, world, seed_text, tmp_path, capsys):
    # The seed's text has no letterhead; the office gives the plan its place (the demo does).
    world.plan.place = "Quảng Trị"
    world.plan.save(update_fields=["place"])
    write(world.report(), world.users["staff"], {"III.3": "Đã công khai 100% TTHC."})
    before = rows()

    preview, done = preview_and_confirm(monitor, seed_text)
    assert "Phiên bản này không có thay đổi." in preview.content.decode()
    assert "allow_retire" not in preview.context["form"].fields
    assert done.status_code == 302
    assert rows() == before
    world.plan.refresh_from_db()
    assert world.plan.place == "Quảng Trị"

    path = tmp_path / "seed.txt"
    path.write_text(seed_text, encoding="utf-8")
    call_command("import_plan", str(path), "--update")
    assert "không có thay đổi" in capsys.readouterr().out
    assert rows() == before


def test_each_alias_an_import_records_is_audited(world, seed_text, tmp_path):
    aliases = UnitAlias.objects.filter(unit__parent=world.office)
    events = AuditEvent.objects.filter(action="unit.alias", object_id__in=[str(a.pk) for a in aliases])
    assert {e.object_id for e in events} == {str(a.pk) for a in aliases}
    assert [e.after["alias"] for e in events] == ["Công thông tin điện tử tỉnh"]
    assert AuditEvent.objects.filter(action="unit.alias").count() == UnitAlias.objects.count()

    path = tmp_path / "v2.txt"
    text = seed_text.replace("\tPhòng Nội chính\t", "\tPhong Noi chinh\t", 1).replace("ý)\t70%", "ý)\t75%", 1)
    path.write_text(text, encoding="utf-8")
    call_command("import_plan", str(path), "--update", "--user", "monitor")
    alias = UnitAlias.objects.get(name="Phong Noi chinh")
    assert alias.unit == world.unit_a
    event = AuditEvent.objects.get(action="unit.alias", object_id=str(alias.pk))
    assert event.actor == world.users["monitor"] and event.after["unit_name"] == "Phòng Nội chính"
    assert Unit.objects.filter(name="Phong Noi chinh").count() == 0
    assert Task.objects.retired().count() == 0


def test_a_draft_made_before_an_update_can_be_submitted_without_its_retired_task(world):
    """The unit wrote nothing for a task the new version dropped: that does not block its report."""
    from django.utils import timezone

    from pcitrack.reporting import services

    report = world.report()
    entry = report.task_entries.get()
    type(entry.task).objects.filter(pk=entry.task_id).update(retired_at=timezone.now())
    report = services.submit_report(report, user=world.users["head"], version=report.version)
    assert report.status == "submitted"
