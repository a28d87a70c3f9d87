"""The demo's sample reporting cycle: what it holds, how it is marked, and that a second run leaves it alone."""

import datetime as dt

import pytest
import time_machine
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from pcitrack.audit.models import AuditEvent
from pcitrack.monitoring.models import Observation
from pcitrack.notifications.models import Notification
from pcitrack.plans.models import Plan, TargetUnit
from pcitrack.reporting.followup import NOT_STARTED, follow_up
from pcitrack.reporting.models import IndicatorEntry, TaskEntry, UnitReport
from pcitrack.reporting.official import report_data
from pcitrack.reporting.services import report_for
from pcitrack.web.management.commands._demo_cycle import MARK

# A day after the 2025 yearly report was due (15/12/2025), and after the half-year ones.
TODAY = dt.datetime(2026, 1, 20, 9, 0, tzinfo=dt.UTC)
EXPECTED_YEAR = {
    "Cổng Thông tin điện tử tỉnh": "approved",
    "Trung tâm Phục vụ hành chính công tỉnh": "approved",
    "Phòng Nội chính": "returned",
    "Phòng Tài chính - Thương mại": "submitted",
    "Trung tâm Xúc tiến Đầu tư, Thương mại và Du lịch tỉnh": NOT_STARTED,
}


def every_row():
    """Every row of pcitrack's own tables and of the accounts, field by field, but the times a save stamps."""
    rows = {}
    for model in apps.get_models():
        if model._meta.app_label not in {"org", "plans", "monitoring", "reporting", "audit", "auth", "pci"}:
            continue
        fields = [f.attname for f in model._meta.concrete_fields if f.attname not in ("updated_at", "last_login")]
        rows[model._meta.label] = sorted(map(repr, model.objects.values_list(*fields)))
    return rows


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    with time_machine.travel(TODAY, tick=False):
        call_command("demo", "--no-serve")
        yield Plan.objects.get()


def returned_report(period):
    return UnitReport.objects.get(period=period, status="returned")


def periods(plan):
    return plan.periods.get(kind="half", year=2025, no=1), plan.periods.get(kind="year", year=2025)


@pytest.mark.django_db
def test_the_follow_up_the_official_report_and_the_pages_show_the_sample_cycle(demo, client):
    half, year = periods(demo)
    today = timezone.localdate()
    follow = follow_up(demo, today)
    index = {p.pk: i for i, p in enumerate(follow["periods"])}
    statuses = {unit.name: cells[index[year.pk]].status for unit, cells in follow["matrix"]}
    assert statuses == EXPECTED_YEAR
    half_statuses = {unit.name: cells[index[half.pk]].status for unit, cells in follow["matrix"]}
    assert sorted(half_statuses.values()) == ["approved"] * 4 + [NOT_STARTED]
    # Reports were received the day before their due date; one a week late; one never (late as missing).
    late = {unit.name for unit, cells in follow["matrix"] if cells[index[year.pk]].late}
    assert late == {"Phòng Tài chính - Thương mại", "Trung tâm Xúc tiến Đầu tư, Thương mại và Du lịch tỉnh"}
    received = UnitReport.objects.get(period=year, unit__name="Phòng Tài chính - Thương mại").first_submitted_at
    assert timezone.localdate(received) == year.due + dt.timedelta(days=7)
    assert {unit.name for unit, cells in follow["matrix"] if cells[index[half.pk]].late} == {
        "Trung tâm Xúc tiến Đầu tư, Thương mại và Du lịch tỉnh"
    }
    overdue = {(unit.name, c.status) for unit, c in follow["overdue"] if c.period == year}
    assert overdue == {("Trung tâm Xúc tiến Đầu tư, Thương mại và Du lịch tỉnh", NOT_STARTED)}
    page_client = client
    page_client.force_login(get_user_model().objects.get(username="monitor"))
    late_report = UnitReport.objects.get(period=year, unit__name="Phòng Tài chính - Thương mại")
    html = page_client.get(reverse("report_detail", args=[late_report.pk])).content.decode()
    assert f"Nộp ngày {year.due + dt.timedelta(days=7):%d/%m/%Y}." in html and "Nộp muộn 7 ngày" in html
    submit = AuditEvent.objects.filter(action="report.submit", object_id=str(returned_report(year).pk)).first()
    assert submit.reason == f"nhận báo cáo ngày {year.due - dt.timedelta(days=1):%d/%m/%Y}"  # the day it arrived
    returned = UnitReport.objects.get(period=year, status="returned")
    assert returned.return_reason.startswith(MARK) and len(returned.return_reason) > 60
    assert {r.decided_by.username for r in UnitReport.objects.exclude(status__in=["draft", "submitted"])} == {"monitor"}
    # One unit's half-year report went the whole way: submitted, returned with a reason, corrected, approved.
    corrected = UnitReport.objects.get(period=half, unit__name="Phòng Tài chính - Thương mại")
    actions = AuditEvent.objects.filter(object_type="reporting.unitreport", object_id=str(corrected.pk)).order_by("id")
    assert [a for a in actions.values_list("action", flat=True) if a != "report.save"] == [
        "report.start", "report.submit", "report.return", "report.submit", "report.approve"
    ]  # fmt: skip

    data = report_data(demo, year, today)
    results = [result for _, rows in data.task_groups for row in rows for result in row.results]
    # The tasks led by the two units whose year report is approved, with their marked narratives.
    assert {unit for unit, _, _ in results} == {"Cổng Thông tin điện tử tỉnh", "Trung tâm Phục vụ hành chính công tỉnh"}
    assert all(narrative.startswith(MARK) for _, _, narrative in results)
    # Problems, proposals and plans of the approved reports only: not of the one awaiting review, nor the returned one.
    approved = {"Cổng Thông tin điện tử tỉnh", "Trung tâm Phục vụ hành chính công tỉnh"}
    assert {unit for unit, _ in data.problems} == {unit for unit, _ in data.proposals} == approved
    assert {unit for unit, _ in data.next_plans} == approved
    assert (data.reports_expected, data.reports_approved) == (5, 2)

    client.force_login(get_user_model().objects.get(username="monitor"))
    page = client.get(reverse("plan_follow_up", args=[demo.pk])).content.decode()
    for report in UnitReport.objects.exclude(status="draft"):
        assert f'href="{reverse("report_detail", args=[report.pk])}"' in page
        assert MARK.strip() in client.get(reverse("report_detail", args=[report.pk])).content.decode()
    assert (
        "Đề nghị bổ sung giá trị các chỉ tiêu"
        in client.get(reverse("report_detail", args=[returned.pk])).content.decode()
    )


@pytest.mark.django_db
def test_the_sample_texts_are_there_and_marked_and_a_second_run_changes_nothing(demo):
    submitted = UnitReport.objects.exclude(status="draft")
    assert submitted.count() == 8
    for report in submitted:
        for text in (report.problems, report.proposals, report.next_plans):
            assert text.startswith(MARK) and len(text) > len(MARK) + 40, (report, text)
        entries = list(report.task_entries.all())
        assert entries and all(e.narrative.startswith(MARK) and len(e.narrative) > 80 for e in entries)
        assert all(e.status != TaskEntry.Status.NOT_STARTED for e in entries)
    narratives = [e.narrative for e in TaskEntry.objects.all()]
    assert len(set(narratives)) == len(narratives)  # varied: no text repeated
    # Every text the demo wrote anywhere in a report, the return reasons and the values' comments included.
    texts = [
        *UnitReport.objects.values_list("problems", "proposals", "next_plans", "return_reason"),
        *TaskEntry.objects.values_list("narrative"),
        *IndicatorEntry.objects.values_list("comment"),
    ]
    assert all(t.startswith(MARK) for row in texts for t in row if t)
    # Values only where the unit leads the indicator, within its range; approved ones are sample observations.
    valued = IndicatorEntry.objects.exclude(value=None).select_related("target__indicator", "report")
    assert valued.count() >= 20
    for entry in valued:
        assert TargetUnit.objects.filter(target=entry.target, unit=entry.report.unit, role="lead").exists()
        bounds = entry.target.indicator.value_range
        assert bounds.low <= float(entry.value) and (bounds.high is None or float(entry.value) <= bounds.high)
    from_reports = Observation.objects.filter(source="unit_report")
    assert from_reports.count() == valued.filter(report__status="approved").count()
    assert all(o.is_sample and o.note.startswith(MARK) for o in from_reports)

    before = every_row()
    with time_machine.travel(TODAY + dt.timedelta(days=40), tick=False):
        call_command("demo", "--no-serve")
    assert every_row() == before


@pytest.mark.django_db
def test_no_sample_cycle_before_its_year_is_due_and_a_report_someone_started_is_left_to_them(settings):
    settings.DEBUG = True
    with time_machine.travel(dt.datetime(2025, 12, 15, 9, tzinfo=dt.UTC), tick=False):  # the 2025 report's due date
        call_command("demo", "--no-serve")
    assert not UnitReport.objects.exists()
    plan = Plan.objects.get()
    _, year = periods(plan)
    mine = report_for(year, plan.office.children.get(name="Phòng Nội chính"))
    with time_machine.travel(TODAY, tick=False):
        call_command("demo", "--no-serve")
    mine.refresh_from_db()
    assert (mine.status, mine.version, mine.problems) == ("draft", 1, "")
    assert UnitReport.objects.filter(period=year).count() == 4
    assert UnitReport.objects.exclude(status="draft").count() == 7


@pytest.mark.django_db
def test_every_demo_account_has_a_name_and_an_address_and_the_bell_shows_what_still_waits(demo):
    users = get_user_model().objects.all()
    assert all(u.get_full_name() and u.email == f"{u.username}@example.gov.vn" for u in users)
    assert len({u.get_full_name() for u in users}) == users.count()
    assert mail.outbox == []  # the sample cycle is history: no one is mailed
    unread = {n.user.username: n for n in Notification.objects.filter(read_at=None).select_related("user")}
    # One unread each at most: the monitor's is the report still awaiting review, Phòng Nội chính's the return.
    assert unread["monitor"].kind == "report_submitted" and "Phòng Tài chính - Thương mại" in unread["monitor"].title
    assert unread["pnc.head"].kind == unread["pnc.staff"].kind == "report_returned"
    assert Notification.objects.filter(user__username="monitor").count() > 1  # the rest is there, read
    assert Notification.objects.filter(read_at=None).count() == len(unread)
