"""The reporting cycle from the services up: periods, drafts, submit, return, approve, locks, reminders."""

import datetime as dt
import os
import threading
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from pcitrack.audit.models import AuditEvent
from pcitrack.core.errors import PcitrackError
from pcitrack.monitoring.models import Observation
from pcitrack.reporting import services
from pcitrack.reporting.followup import follow_up
from pcitrack.reporting.models import Holiday, Reminder, ReportingPeriod, UnitReport
from pcitrack.reporting.reminders import send_reminders

ON_POSTGRES = os.environ.get("DATABASE_URL", "").startswith("postgres")


def narratives(report):
    return {e.task_id: ("in_progress", "Đã triển khai.") for e in report.task_entries.all()}


def test_periods_cover_the_plan_and_respect_holidays(world):
    Holiday.objects.create(date=dt.date(2024, 3, 15), name="Nghỉ bù")
    assert services.generate_periods(world.plan, user=world.users["monitor"]) == 14
    q1 = world.plan.periods.get(kind="quarter", year=2024, no=1)
    assert (q1.start, q1.cutoff, q1.due) == (dt.date(2023, 12, 15), dt.date(2024, 3, 14), dt.date(2024, 3, 18))
    assert services.generate_periods(world.plan, user=world.users["monitor"]) == 0


def test_the_monitor_changes_a_period_but_not_below_one_working_day(world):
    period = world.period()
    with pytest.raises(PcitrackError, match="at least one working day"):
        services.change_period(period, user=world.users["monitor"], cutoff=period.cutoff, due=period.cutoff, reason="x")
    with pytest.raises(PcitrackError, match="Say why the dates are changed"):
        services.change_period(period, user=world.users["monitor"], cutoff=period.cutoff, due=period.due, reason=" ")
    services.change_period(
        period, user=world.users["monitor"], cutoff=period.cutoff, due=dt.date(2024, 3, 20), reason="lịch họp"
    )
    assert ReportingPeriod.objects.get(pk=period.pk).due == dt.date(2024, 3, 20)
    assert AuditEvent.objects.get(action="period.change").reason == "lịch họp"


def test_a_report_is_prefilled_with_the_unit_s_tasks_and_indicators(world):
    report = world.report()
    assert [e.task.ref for e in report.task_entries.all()] == ["III.3"]
    assert [e.target.no for e in report.indicator_entries.order_by("target__no")] == [2, 3]


def test_draft_submit_return_resubmit_approve(world):
    staff, head, monitor = world.users["staff"], world.users["head"], world.users["monitor"]
    report = world.report()
    entry2 = report.indicator_entries.get(target__no=2)
    report = services.save_report(report, user=staff, version=report.version, tasks=narratives(report),
                                  indicators={entry2.target_id: (Decimal("81.5"), 200, "khảo sát quý", "survey")})  # fmt: skip
    report = services.submit_report(report, user=head, version=report.version)
    assert report.status == "submitted" and report.first_submitted_at is not None
    with pytest.raises(PcitrackError):
        services.save_report(report, user=staff, version=report.version, problems="sửa sau khi nộp")
    with pytest.raises(PcitrackError, match="Say why"):
        services.return_report(report, user=monitor, reason="  ")
    report = services.return_report(report, user=monitor, reason="Thiếu minh chứng cho nhiệm vụ III.3")
    assert (report.status, report.return_reason) == ("returned", "Thiếu minh chứng cho nhiệm vụ III.3")
    report = services.save_report(report, user=staff, version=report.version, problems="Thiếu nhân lực")
    report = services.submit_report(report, user=head, version=report.version)
    report = services.approve_report(report, user=monitor)
    assert report.status == "approved"
    obs = Observation.objects.get(source="unit_report")
    assert (obs.year, obs.period_type, obs.period_no, obs.value, obs.unit) == (
        2024,
        "Q",
        1,
        Decimal("81.5"),
        world.unit_a,
    )
    actions = list(
        AuditEvent.objects.filter(object_type="reporting.unitreport").order_by("id").values_list("action", flat=True)
    )
    assert actions == [
        "report.start",
        "report.save",
        "report.submit",
        "report.return",
        "report.save",
        "report.submit",
        "report.approve",
    ]
    with pytest.raises(PcitrackError):
        services.save_report(report, user=staff, version=report.version, problems="khóa")
    report = services.reopen_report(report, user=monitor, reason="VCCI đính chính số liệu")
    assert report.status == "returned"


def test_submitting_needs_every_task_described(world):
    report = world.report()
    with pytest.raises(PcitrackError, match="III.3"):
        services.submit_report(report, user=world.users["head"], version=report.version)


def test_a_save_from_an_older_version_is_refused_with_what_changed(world):
    report = world.report()
    opened = report.version
    services.save_report(report, user=world.users["head"], version=opened, problems="Bản của trưởng phòng")
    with pytest.raises(services.ConflictError) as exc:
        services.save_report(report, user=world.users["staff"], version=opened, problems="Bản của chuyên viên")
    assert exc.value.changes[0]["who"] == "head_a" and "problems" in exc.value.changes[0]["what"]
    assert UnitReport.objects.get(pk=report.pk).problems == "Bản của trưởng phòng"


def test_a_failure_in_the_middle_of_submit_leaves_the_report_as_it_was(world, monkeypatch):
    report = world.report()
    report = services.save_report(report, user=world.users["staff"], version=report.version, tasks=narratives(report))
    before = (report.status, report.version, report.submitted_at)

    def fail(*args, **kwargs):
        raise RuntimeError("mất kết nối")

    monkeypatch.setattr(services, "record", fail)
    with pytest.raises(RuntimeError):
        services.submit_report(report, user=world.users["head"], version=report.version)
    report.refresh_from_db()
    assert (report.status, report.version, report.submitted_at) == before


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(not ON_POSTGRES, reason="needs PostgreSQL: SQLite lets one writer in at a time")
def test_two_people_saving_at_once_one_wins_and_one_is_told(world):
    """Two real sessions, each in its own thread and database connection, save the same version."""
    report = world.report()
    opened = report.version
    barrier = threading.Barrier(2)
    outcomes = {}

    def save(name, text):
        try:
            barrier.wait(timeout=10)
            services.save_report(report, user=world.users[name], version=opened, problems=text)
            outcomes[name] = "saved"
        except services.ConflictError:
            outcomes[name] = "refused"
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            outcomes[name] = repr(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(n, f"bản của {n}")) for n in ("staff", "head")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes.values()) == ["refused", "saved"]
    winner = next(n for n, o in outcomes.items() if o == "saved")
    assert UnitReport.objects.get(pk=report.pk).problems == f"bản của {winner}"
    assert UnitReport.objects.get(pk=report.pk).version == opened + 1


@pytest.mark.parametrize(
    "name,content,error",
    [
        ("bien-ban.exe", b"MZ\x90\x00", "PDF, Word, Excel, JPEG or PNG"),
        ("gia-mao.pdf", b"MZ\x90\x00", "PDF, Word, Excel, JPEG or PNG"),
        ("lon.pdf", b"%PDF" + b"0" * (10 * 1024 * 1024), "too large"),
    ],
)
def test_evidence_is_checked(world, name, content, error):
    entry = world.report().task_entries.first()
    with pytest.raises(PcitrackError, match=error):
        services.add_evidence(entry, SimpleUploadedFile(name, content), user=world.users["staff"])
    assert not entry.evidence.exists()


def test_evidence_is_stored_under_a_random_name_and_served_to_who_may_see_the_report(world, client):
    evidence = world.evidence()
    assert "bien-ban" not in evidence.file.name
    client.force_login(world.users["staff_b"])
    assert client.get(reverse("evidence_download", args=[evidence.entry.report_id, evidence.pk])).status_code == 404
    client.force_login(world.users["leader"])
    response = client.get(reverse("evidence_download", args=[evidence.entry.report_id, evidence.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    assert 'filename="bien-ban.pdf"' in response["Content-Disposition"]


def test_follow_up_matrix_overdue_list_and_timeliness(world):
    report = world.report()
    period = report.period
    on_time = dt.date(2024, 3, 10)
    services.save_report(report, user=world.users["staff"], version=report.version, tasks=narratives(report))
    report.refresh_from_db()
    services.submit_report(report, user=world.users["head"], version=report.version)
    UnitReport.objects.filter(pk=report.pk).update(first_submitted_at=dt.datetime(2024, 3, 10, 9, tzinfo=dt.UTC))
    data = follow_up(world.plan, today=dt.date(2024, 4, 1))
    row = dict(data["matrix"])[world.unit_a]
    assert (row[0].status, row[0].late) == ("submitted", False)
    tctm = dict(data["matrix"])[world.unit_b]
    assert (tctm[0].status, tctm[0].late) == ("not_started", True)
    assert (world.unit_b, tctm[0]) in data["overdue"]
    rates = {unit: (n, due) for unit, n, due, _ in data["timeliness"]}
    assert rates[world.unit_a] == (1, 1) and rates[world.unit_b] == (0, 1)
    assert period.due > on_time


def test_reminders_before_the_due_date_and_when_overdue_once_a_day(world, settings):
    world.users["staff"].email = "staff@example.gov.vn"
    world.users["staff"].save()
    world.users["head"].email = "head@example.gov.vn"
    world.users["head"].save()
    period = world.period()
    due_soon = period.due - dt.timedelta(days=3)
    sent = send_reminders(due_soon)
    mine = [s for s in sent if "Phòng Nội chính" in s[1]]
    assert mine == [("due_soon", str(world.report()), ["head@example.gov.vn", "staff@example.gov.vn"])]
    assert any("Nhắc hạn báo cáo" in m.subject for m in mail.outbox)
    assert send_reminders(due_soon) == []  # once a day
    overdue = send_reminders(period.due + dt.timedelta(days=2))
    assert ("overdue", str(world.report()), ["head@example.gov.vn", "staff@example.gov.vn"]) in overdue
    assert Reminder.objects.filter(kind="overdue").count() >= 1
    later = send_reminders(period.due + dt.timedelta(days=1000))
    assert not any(str(period) in report for _, report, _ in later)  # a period over a year gone is left alone


def test_send_reminders_command_and_task(world, capsys):
    world.users["staff"].email = "staff@example.gov.vn"
    world.users["staff"].save()
    period = world.period()
    call_command("send_reminders", "--date", (period.due + dt.timedelta(days=1)).isoformat())
    assert "nhắc" in capsys.readouterr().out
    call_command("send_reminders", "--enqueue")
    assert "hàng đợi" in capsys.readouterr().out
    with pytest.raises(Exception, match="YYYY-MM-DD"):
        call_command("send_reminders", "--date", "30/11/2026")


def test_an_ad_hoc_report_is_a_period_of_its_own(world):
    period = services.add_adhoc_period(world.plan, user=world.users["monitor"], title="Báo cáo nhanh phục vụ Đoàn công tác",
                                       start=dt.date(2024, 5, 1), cutoff=dt.date(2024, 5, 20), due=dt.date(2024, 5, 22))  # fmt: skip
    assert (period.kind, period.no, period.label) == ("adhoc", 1, "Báo cáo nhanh phục vụ Đoàn công tác")
    assert services.report_for(period, world.unit_a).task_entries.count() == 1
    with pytest.raises(PcitrackError, match="title"):
        services.add_adhoc_period(
            world.plan,
            user=None,
            title=" ",
            start=dt.date(2024, 5, 1),
            cutoff=dt.date(2024, 5, 20),
            due=dt.date(2024, 5, 22),
        )
    with pytest.raises(PcitrackError, match="working day"):
        services.add_adhoc_period(
            world.plan,
            user=None,
            title="x",
            start=dt.date(2024, 5, 1),
            cutoff=dt.date(2024, 5, 24),
            due=dt.date(2024, 5, 25),
        )


def test_the_unit_s_source_is_kept_in_the_approved_value_s_note(world):
    report = world.report()
    entry = report.indicator_entries.get(target__no=3)
    report = services.save_report(report, user=world.users["staff"], version=report.version, tasks=narratives(report),
                                  indicators={entry.target_id: (Decimal("66"), 150, "đợt 2", "survey")})  # fmt: skip
    report = services.submit_report(report, user=world.users["head"], version=report.version)
    services.approve_report(report, user=world.users["monitor"])
    obs = Observation.objects.get()
    assert (obs.source, obs.note, obs.sample_size) == ("unit_report", "đợt 2 — khảo sát của văn phòng", 150)


def test_a_report_received_on_paper_counts_as_submitted_the_day_it_arrived(world):
    from django.utils import timezone

    from pcitrack.reporting.followup import cell

    report = world.report()  # quarter 1, 2024: due 15/03/2024
    report = services.save_report(report, user=world.users["staff"], version=report.version, tasks=narratives(report))
    for wrong in (report.period.start - dt.timedelta(days=1), timezone.localdate() + dt.timedelta(days=1)):
        with pytest.raises(PcitrackError, match="between the period's start and today"):
            services.submit_report(report, user=world.users["head"], version=report.version, received_on=wrong)
    day = report.period.due - dt.timedelta(days=2)
    report = services.submit_report(report, user=world.users["head"], version=report.version, received_on=day)
    assert timezone.localdate(report.first_submitted_at) == day
    assert not cell(report.period, report, timezone.localdate()).late
    assert AuditEvent.objects.filter(action="report.submit").get().reason == f"nhận báo cáo ngày {day:%d/%m/%Y}"
