"""An office runs several plans side by side: the chooser, full titles, and archiving an old plan."""

from __future__ import annotations

import copy
import datetime as dt
import re
from types import SimpleNamespace

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from pcitrack.audit.models import AuditEvent
from pcitrack.core.errors import PcitrackError
from pcitrack.core.observation_file import read_observations
from pcitrack.core.plan_parser import parse_plan_text
from pcitrack.monitoring import importer
from pcitrack.monitoring import services as monitoring
from pcitrack.monitoring.models import Observation
from pcitrack.plans.models import Plan
from pcitrack.plans.services import archive_plan, import_plan, restore_plan, update_plan
from pcitrack.reporting import services as reporting
from pcitrack.reporting.followup import follow_up
from pcitrack.reporting.models import Evidence, ReportingPeriod, UnitReport
from pcitrack.reporting.reminders import _message, send_reminders
from pcitrack.web.plan_choice import SESSION_KEY, current_plan
from tests.conftest import SEED_TEXT

ARCHIVED = "Kế hoạch đã được lưu trữ ngày"


@pytest.fixture
def plan_2025(world, seed_parsed):
    """The office's 2025 plan beside the seed's 2024 plan: the same title but for its year."""
    parsed = copy.deepcopy(seed_parsed)
    assert parsed.document.title.endswith("năm 2024")
    parsed.document.title = parsed.document.title.replace("năm 2024", "năm 2025")
    parsed.document.date_text = "/3/2025"
    return import_plan(parsed, office=world.office, source_name="seed-2025.txt")


def _options(page: str) -> list[str]:
    """The plan ids the chooser offers."""
    chooser = re.search(r'<select name="plan".*?</select>', page, re.S)
    return re.findall(r'<option value="(\d+)"', chooser.group(0)) if chooser else []


def _login(client, world, persona):
    client.force_login(world.users[persona])
    return client


# The chooser


def test_the_chooser_lists_the_plans_and_opens_the_same_tab_of_the_chosen_one(client, world, plan_2025):
    _login(client, world, "monitor")
    page = client.get(reverse("plan_tasks", args=[world.plan.pk])).content.decode()
    assert _options(page) == [str(plan_2025.pk), str(world.plan.pk)]  # the newest first
    assert 'name="tab" value="plan_tasks"' in page
    assert plan_2025.title in page and world.plan.title in page  # each by its full title

    response = client.get(reverse("plan_choose"), {"plan": plan_2025.pk, "tab": "plan_tasks"})
    assert response["Location"] == reverse("plan_tasks", args=[plan_2025.pk])
    assert client.session[SESSION_KEY] == plan_2025.pk


def test_a_page_inside_a_plan_switches_to_its_tab(client, world, plan_2025):
    _login(client, world, "staff")
    page = client.get(reverse("indicator_detail", args=[world.plan.pk, 2])).content.decode()
    assert 'id="plan-chooser"' not in page  # the indicator page has no plan header
    page = client.get(reverse("plan_indicators", args=[world.plan.pk])).content.decode()
    assert 'name="tab" value="plan_indicators"' in page
    response = client.get(reverse("plan_choose"), {"plan": plan_2025.pk, "tab": "admin:index"})
    assert response["Location"] == reverse("plan_detail", args=[plan_2025.pk])  # an unknown tab: the overview


def test_opening_a_plan_page_remembers_the_plan(client, world, plan_2025):
    _login(client, world, "leader")
    client.get(reverse("plan_scorecard", args=[world.plan.pk]))
    assert client.session[SESSION_KEY] == world.plan.pk
    client.get(reverse("plan_tasks", args=[plan_2025.pk]))
    assert client.session[SESSION_KEY] == plan_2025.pk
    client.get(reverse("plan_detail", args=[world.other_plan.pk]))  # another office's: 404, not remembered
    assert client.session[SESSION_KEY] == plan_2025.pk


def _request(user, remembered=None):
    return SimpleNamespace(user=user, session={} if remembered is None else {SESSION_KEY: remembered})


def test_current_plan_is_the_remembered_one_while_it_is_visible_and_not_archived(world, plan_2025):
    monitor = world.users["monitor"]
    assert current_plan(_request(monitor, world.plan.pk)) == world.plan
    assert current_plan(_request(monitor)) == plan_2025  # nothing remembered: the newest
    assert current_plan(_request(monitor, world.other_plan.pk)) == plan_2025  # another office's: never
    archive_plan(world.plan, user=monitor, reason="Đã kết thúc")
    assert current_plan(_request(monitor, world.plan.pk)) == plan_2025
    archive_plan(plan_2025, user=monitor, reason="Đã kết thúc")
    assert current_plan(_request(monitor, world.plan.pk)) is None
    assert current_plan(_request(world.users["monitor_b"], world.plan.pk)) == world.other_plan


def test_the_chooser_never_offers_another_office_s_plan_nor_an_archived_one(client, world, plan_2025, seed_parsed):
    parsed = copy.deepcopy(seed_parsed)
    parsed.document.title = parsed.document.title.replace("năm 2024", "năm 2023")
    plan_2023 = import_plan(parsed, office=world.office, source_name="seed-2023.txt")
    archive_plan(plan_2023, user=world.users["monitor"], reason="Đã kết thúc")
    _login(client, world, "admin")  # an administrator sees every office, yet chooses among plans in current work
    offered = _options(client.get(reverse("plan_detail", args=[world.plan.pk])).content.decode())
    assert str(plan_2023.pk) not in offered and str(world.plan.pk) in offered and str(plan_2025.pk) in offered
    _login(client, world, "monitor")
    offered = _options(client.get(reverse("plan_detail", args=[world.plan.pk])).content.decode())
    assert offered == [str(plan_2025.pk), str(world.plan.pk)]
    assert str(world.other_plan.pk) not in offered
    assert client.get(reverse("plan_choose"), {"plan": world.other_plan.pk}).status_code == 404
    assert client.session.get(SESSION_KEY) == world.plan.pk


def test_an_archived_plan_s_page_keeps_the_chooser_to_leave_it(client, world, plan_2025):
    archive_plan(world.plan, user=world.users["monitor"], reason="Đã kết thúc")
    _login(client, world, "staff")
    page = client.get(reverse("plan_detail", args=[world.plan.pk])).content.decode()
    assert _options(page) == [str(plan_2025.pk)]
    # One plan left in current work: nothing to choose on its pages.
    assert 'id="plan-chooser"' not in client.get(reverse("plan_detail", args=[plan_2025.pk])).content.decode()


# Full titles


def test_plans_differing_only_by_year_stay_distinct(client, world, plan_2025):
    assert world.plan.title.removesuffix("2024") == plan_2025.title.removesuffix("2025")
    world.period()
    reporting.generate_periods(plan_2025, user=world.users["monitor"])
    _login(client, world, "staff")
    for name, args in (("plan_list", []), ("my_reports", []), ("unit_detail", [world.unit_a.pk])):
        page = client.get(reverse(name, args=args)).content.decode()
        assert world.plan.title in page and plan_2025.title in page, name
    reports = client.get(reverse("my_reports")).content.decode()
    # The 2025 plan's reports under its own heading, before the 2024 plan's.
    assert reports.index(plan_2025.title) < reports.index(world.plan.title)
    unit = client.get(reverse("unit_detail", args=[world.unit_a.pk])).content.decode()
    assert unit.count('class="plan-group-title"') == 2
    section_2025 = unit[unit.index(plan_2025.title) : unit.index(world.plan.title)]
    assert reverse("task_detail", args=[plan_2025.pk, plan_2025.tasks.get(ref="III.3").pk]) in section_2025
    assert f"/plans/{world.plan.pk}/tasks/" not in section_2025


def test_the_overview_and_the_leader_s_home_name_plans_in_full(client, world, plan_2025):
    _login(client, world, "leader")
    overview = client.get(reverse("dashboard")).content.decode()
    assert world.plan.title in overview and plan_2025.title in overview
    home = client.get(reverse("home")).content.decode()
    assert plan_2025.title in home or world.plan.title in home


def test_a_short_name_keeps_the_type_number_and_date(world, plan_2025):
    with translation.override("vi"):
        dated = Plan(doc_type="KH", number="54/KH-VP", date=dt.date(2024, 3, 15), title="…")
        assert dated.short_name == "Kế hoạch số 54/KH-VP ngày 15/3/2024"
        assert world.plan.short_name == "Kế hoạch ban hành tháng 3/2024"
        assert plan_2025.short_name == "Kế hoạch ban hành tháng 3/2025"


def test_reminders_name_the_plan_by_its_full_title(world, plan_2025):
    report = reporting.report_for(world.period(), world.unit_a)
    with translation.override("vi"):
        _subject, body = _message("overdue", report)
    assert f"“{world.plan.title}”" in body


# Archiving


def test_the_monitor_archives_a_plan_with_a_reason_and_restores_it(client, world):
    _login(client, world, "monitor")
    page = client.get(reverse("plan_archive", args=[world.plan.pk])).content.decode()
    assert 'id="archive-form"' in page
    response = client.post(reverse("plan_archive", args=[world.plan.pk]), {"reason": "Kế hoạch năm 2024 đã kết thúc"})
    assert response.status_code == 302
    world.plan.refresh_from_db()
    assert world.plan.archived_at is not None and world.plan.archived_by == world.users["monitor"]
    event = AuditEvent.objects.get(action="plan.archive")
    assert event.object_id == str(world.plan.pk) and event.reason == "Kế hoạch năm 2024 đã kết thúc"
    assert event.actor == world.users["monitor"]
    page = client.get(reverse("plan_detail", args=[world.plan.pk])).content.decode()
    day = f"{world.plan.archived_at.astimezone():%d/%m/%Y}"
    assert f"Kế hoạch đã lưu trữ ngày {day} — chỉ xem" in page

    assert client.post(reverse("plan_restore", args=[world.plan.pk])).status_code == 302
    world.plan.refresh_from_db()
    assert world.plan.archived_at is None and world.plan.archived_by is None
    assert AuditEvent.objects.filter(action="plan.restore", object_id=str(world.plan.pk), actor=world.users["monitor"])


def test_archiving_without_a_reason_is_refused_with_a_message(client, world):
    _login(client, world, "monitor")
    page = client.post(reverse("plan_archive", args=[world.plan.pk]), {"reason": "  "}).content.decode()
    assert "Hãy ghi lý do lưu trữ kế hoạch" in page
    world.plan.refresh_from_db()
    assert world.plan.archived_at is None and not AuditEvent.objects.filter(action="plan.archive").exists()


@pytest.mark.parametrize("persona, status", [("staff", 403), ("head", 403), ("leader", 403), ("monitor_b", 404),
                                             ("leader_b", 404)])  # fmt: skip
def test_only_the_office_s_monitors_archive_and_restore(client, world, persona, status):
    _login(client, world, persona)
    assert client.post(reverse("plan_archive", args=[world.plan.pk]), {"reason": "x"}).status_code == status
    world.plan.refresh_from_db()
    assert world.plan.archived_at is None
    archive_plan(world.plan, user=world.users["monitor"], reason="Đã kết thúc")
    assert client.post(reverse("plan_restore", args=[world.plan.pk])).status_code == status
    world.plan.refresh_from_db()
    assert world.plan.archived_at is not None
    assert AuditEvent.objects.filter(action__in=["plan.archive", "plan.restore"]).count() == 1


def test_archiving_twice_is_done_once(world):
    archive_plan(world.plan, user=world.users["monitor"], reason="Đã kết thúc")
    archive_plan(world.plan, user=world.users["monitor"], reason="Bấm hai lần")
    restore_plan(world.plan, user=world.users["monitor"])
    restore_plan(world.plan, user=world.users["monitor"])
    assert list(AuditEvent.objects.filter(action__startswith="plan.a").values_list("action", flat=True)) == [
        "plan.archive"
    ]
    assert AuditEvent.objects.filter(action="plan.restore").count() == 1


def test_an_archived_plan_leaves_the_lists_of_current_work(client, world, plan_2025):
    world.period()
    reporting.generate_periods(plan_2025, user=world.users["monitor"])
    today = plan_2025.periods.order_by("due").first().due + dt.timedelta(days=3)
    assert follow_up(world.plan, today)["overdue"]  # late reports to chase, until the plan is archived
    report = world.report()
    archive_plan(world.plan, user=world.users["monitor"], reason="Đã kết thúc")
    _login(client, world, "staff")
    plans = client.get(reverse("plan_list")).content.decode()
    folded = plans[plans.index('id="archived-plans"') :]
    assert world.plan.title in folded and plan_2025.title not in folded
    assert world.plan.title not in plans[: plans.index('id="archived-plans"')]
    reports = client.get(reverse("my_reports")).content.decode()
    assert world.plan.title not in reports and plan_2025.title in reports  # nothing open is left of it
    # What was sent stays listed.
    UnitReport.objects.filter(pk=report.pk).update(status="approved")
    assert reverse("report_detail", args=[report.pk]) in client.get(reverse("my_reports")).content.decode()
    # No follow-up of its late reports, no reminder.
    world.plan.refresh_from_db()
    assert follow_up(world.plan, today)["overdue"] == []
    world.users["staff"].email = "staff@example.vn"
    world.users["staff"].save()
    mail.outbox.clear()
    sent = send_reminders(today)
    assert sent and all(world.plan.title not in m.body for m in mail.outbox)
    assert any(plan_2025.title in m.body for m in mail.outbox)


def test_an_archived_plan_asks_nothing_on_the_home_page(world):
    from pcitrack.reporting import todo

    report = world.report()
    report = reporting.save_report(report, user=world.users["staff"], version=report.version,
                                   tasks={e.task_id: ("in_progress", "Đã làm.") for e in report.task_entries.all()})  # fmt: skip
    reporting.submit_report(report, user=world.users["head"], version=report.version)
    today = report.period.due + dt.timedelta(days=3)
    assert todo.unit_reports(world.users["staff"], today) and todo.review_queue(world.users["monitor"], today)
    archive_plan(world.plan, user=world.users["monitor"], reason="Đã kết thúc")
    assert todo.unit_reports(world.users["staff"], today) == []
    assert todo.review_queue(world.users["monitor"], today) == []


def test_an_archived_plan_s_pages_are_read_only(client, world):
    world.period()
    archive_plan(world.plan, user=world.users["monitor"], reason="Đã kết thúc")
    _login(client, world, "monitor")
    periods = client.get(reverse("plan_periods", args=[world.plan.pk])).content.decode()
    assert 'id="archived-banner"' in periods
    assert (
        'method="post">' not in periods
        and reverse("period_edit", args=[world.plan.pk, world.period().pk]) not in periods
    )
    indicator = client.get(reverse("indicator_detail", args=[world.plan.pk, 2])).content.decode()
    assert (
        'id="archived-banner"' in indicator
        and 'id="range-form"' not in indicator
        and "observation-form" not in indicator
    )
    assert (
        reverse("plan_archive", args=[world.plan.pk])
        not in client.get(reverse("plan_detail", args=[world.plan.pk])).content.decode()
    )
    # A stale page's POST is refused with the reason, and nothing is created.
    response = client.post(reverse("plan_periods", args=[world.plan.pk]), follow=True)
    assert ARCHIVED in response.content.decode()


# Every write refuses an archived plan and changes nothing


def _written(world):
    report = world.report()
    tasks = {e.task_id: ("in_progress", "Đã triển khai.") for e in report.task_entries.all()}
    return reporting.save_report(report, user=world.users["staff"], version=report.version, tasks=tasks)


def _submitted(world):
    report = _written(world)
    return reporting.submit_report(report, user=world.users["head"], version=report.version)


def _approved(world):
    return reporting.approve_report(_submitted(world), user=world.users["monitor"])


NEW_VERSION = SEED_TEXT.replace("(% DN Đồng ý)\t70%", "(% DN Đồng ý)\t75%", 1)
VALUES = b'chi_tieu,nam,ky,nguon,gia_tri\n2,2024,,survey,"61,5"\n'


def _state(world) -> tuple:
    """What any write on the plan would change."""
    return (
        AuditEvent.objects.exclude(action__startswith="plan.").count(),
        list(UnitReport.objects.values_list("pk", "status", "version", "problems").order_by("pk")),
        list(ReportingPeriod.objects.values_list("pk", "cutoff", "due").order_by("pk")),
        list(Observation.objects.values_list("pk", "value", "accepted_value").order_by("pk")),
        Evidence.objects.count(),
        str(world.plan.targets.get(no=3).target_value),
        str(world.plan.targets.get(no=2).indicator.min_value),
    )


# name -> (prepare the world before archiving: returns what the write needs, the write)
WRITES = {
    "save_report": (lambda w: w.report(), lambda w, r: reporting.save_report(r, user=w.users["staff"], version=r.version,
                                                                             problems="Thiếu người")),
    "submit_report": (_written, lambda w, r: reporting.submit_report(r, user=w.users["head"], version=r.version)),
    "return_report": (_submitted, lambda w, r: reporting.return_report(r, user=w.users["monitor"], reason="Bổ sung")),
    "approve_report": (_submitted, lambda w, r: reporting.approve_report(r, user=w.users["monitor"])),
    "reopen_report": (_approved, lambda w, r: reporting.reopen_report(r, user=w.users["monitor"], reason="Sai số")),
    "add_evidence": (lambda w: w.report().task_entries.first(), lambda w, e: reporting.add_evidence(
        e, SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4 minutes"), user=w.users["staff"])),
    "report_for": (lambda w: w.period(), lambda w, p: reporting.report_for(p, w.unit_b, user=w.users["staff_b"])),
    "generate_periods": (lambda w: None, lambda w, _: reporting.generate_periods(w.plan, user=w.users["monitor"])),
    "add_adhoc_period": (lambda w: None, lambda w, _: reporting.add_adhoc_period(
        w.plan, user=w.users["monitor"], title="Đột xuất", start=dt.date(2024, 5, 1), cutoff=dt.date(2024, 5, 20),
        due=dt.date(2024, 5, 24))),
    "change_period": (lambda w: w.period(), lambda w, p: reporting.change_period(
        p, user=w.users["monitor"], cutoff=p.cutoff, due=p.due + dt.timedelta(days=7), reason="Lịch họp")),
    "save_observation": (lambda w: w.plan.targets.get(no=2), lambda w, t: monitoring.save_observation(
        user=w.users["monitor"], office=w.office, indicator=t.indicator, year=2020, period_type="Y", period_no=1,
        source="survey", value=55, plan=w.plan)),
    "accept_observation": (lambda w: w.pending_value(2), lambda w, o: monitoring.accept_observation(
        o, user=w.users["monitor"], plan=w.plan)),
    "delete_observation": (lambda w: w.own_value(2), lambda w, o: monitoring.delete_observation(
        o, user=w.users["monitor"], reason="Nhập nhầm", plan=w.plan)),
    "set_value_range": (lambda w: w.plan.targets.get(no=2), lambda w, t: monitoring.set_value_range(
        t.indicator, user=w.users["monitor"], low=10, high=90, reason="Theo VCCI", plan=w.plan)),
    "import_values": (lambda w: importer.preview(w.plan, read_observations(VALUES)), lambda w, rows: importer.apply(
        w.plan, rows, user=w.users["monitor"], filename="values.csv")),
    "update_plan": (lambda w: parse_plan_text(NEW_VERSION), lambda w, parsed: update_plan(
        w.plan, parsed, user=w.users["monitor"], source_name="v2.txt")),
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(WRITES))
def test_every_write_refuses_an_archived_plan_and_changes_nothing(world, name):
    prepare, write = WRITES[name]
    needed = prepare(world)
    archive_plan(world.plan, user=world.users["monitor"], reason="Đã kết thúc")
    before = _state(world)
    with pytest.raises(PcitrackError) as refused, translation.override("vi"):
        write(world, needed)
    assert ARCHIVED in refused.value.message(translation.gettext)
    assert _state(world) == before


@pytest.mark.parametrize("name", sorted(WRITES))
def test_every_write_works_again_once_the_plan_is_restored(world, name):
    """The refusal comes from the archive alone: the same write goes through on a plan in current work."""
    prepare, write = WRITES[name]
    needed = prepare(world)
    plan = archive_plan(world.plan, user=world.users["monitor"], reason="Đã kết thúc")
    restore_plan(plan, user=world.users["monitor"])
    before = _state(world)
    write(world, needed)
    assert _state(world) != before
