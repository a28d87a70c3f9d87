"""Every POST endpoint as every persona, judged by what the database holds afterwards.

A redirect says nothing: each row names the state the request should change, and the test checks
that it changed for exactly the personas allowed to change it — and for no one of the other office.
Each persona's request runs inside a savepoint that is rolled back, so all start from the same world.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from pcitrack.audit.models import AuditEvent
from pcitrack.monitoring.models import Observation
from pcitrack.pci.models import PciResult
from pcitrack.plans.models import Indicator, Plan
from pcitrack.reporting import services
from pcitrack.reporting.models import Evidence, GeneratedReport, Holiday, ReportingPeriod, ReportSettings, UnitReport
from tests.conftest import PCI_CSV, SEED_TEXT
from tests.forms import form_fields
from tests.test_access import PERSONAS, login_as, named_urls


def _staged_files() -> int:
    root = Path(settings.MEDIA_ROOT) / "staging"
    return len(list(root.iterdir())) if root.exists() else 0


def _written_report(world):
    """Phòng Nội chính's report with a narrative for its task, ready to submit."""
    report = world.report()
    tasks = {e.task_id: ("in_progress", "Đã triển khai.") for e in report.task_entries.all()}
    return services.save_report(report, user=world.users["staff"], version=report.version, tasks=tasks)


def _submitted_report(world):
    report = _written_report(world)
    return services.submit_report(report, user=world.users["head"], version=report.version)


NEW_VERSION = SEED_TEXT.replace("(% DN Đồng ý)\t70%", "(% DN Đồng ý)\t75%", 1)  # indicator 3's target


def _staged_new_version(world) -> str:
    """A new version of the plan, uploaded by the monitor and waiting for confirmation."""
    from pcitrack.plans import staging

    assert NEW_VERSION != SEED_TEXT
    return staging.stage(world.users["monitor"], "v2.txt", NEW_VERSION.encode("utf-8"))


def _preview_form(world) -> dict:
    """The import preview's form as the monitor who uploaded the file sees it."""
    client = Client()
    client.force_login(world.users["monitor"])
    token = reverse("plan_import_preview", args=[_staged_new_version(world)])
    return form_fields(client.get(token).content.decode(), "import-form")


def _values_form(world) -> dict:
    """The values preview's form as the monitor who uploaded the table sees it."""
    client = Client()
    client.force_login(world.users["monitor"])
    url = reverse("observations_import_preview", args=[world.plan.pk, world.staged_values()])
    return form_fields(client.get(url).content.decode(), "values-form")


def _archived(world):
    """The plan, archived by its monitor."""
    from pcitrack.plans.services import archive_plan

    return archive_plan(world.plan, user=world.users["monitor"], reason="Kế hoạch đã kết thúc")


def _pci_form(world) -> dict:
    """The VCCI release preview's form as the monitor who uploaded the file sees it."""
    client = Client()
    client.force_login(world.users["monitor"])
    url = reverse("pci_import_preview", args=[world.staged_release()])
    return form_fields(client.get(url).content.decode(), "pci-form")


@dataclass
class Write:
    """A POST: its URL's arguments and data from the world, the state it changes, who may change it."""

    args: object
    data: object
    state: object
    allowed: set[str]
    files: object = None


ALL = set(PERSONAS)
WRITES = {
    "login": Write(
        lambda w: [], lambda w: {"username": "staff_a", "password": "e2e-password-123"},
        lambda w: Session.objects.count(), {"anonymous"},
    ),
    "logout": Write(lambda w: [], lambda w: {}, lambda w: Session.objects.count(), ALL - {"anonymous"}),
    "set_language": Write(lambda w: [], lambda w: {"language": "en", "next": "/"}, None, ALL),
    "plan_import": Write(
        lambda w: [], lambda w: {}, lambda w: _staged_files(), {"monitor", "admin", "monitor_b"},
        files=lambda w: {"file": SimpleUploadedFile("seed.txt", SEED_TEXT.encode())},
    ),
    "plan_import_preview": Write(
        lambda w: [_staged_new_version(w)], lambda w: _preview_form(w),
        lambda w: str(w.plan.targets.get(no=3).target_value), {"monitor"},
    ),
    "plan_periods": Write(
        lambda w: [w.plan.pk], lambda w: {}, lambda w: w.plan.periods.count(), {"monitor", "admin"}
    ),
    "period_edit": Write(
        lambda w: [w.plan.pk, w.period().pk],
        lambda w: {"cutoff": "14/03/2024", "due": "22/03/2024", "reason": "lịch họp"},
        lambda w: str(ReportingPeriod.objects.get(pk=w.period().pk).due), {"monitor", "admin"},
    ),
    "official_report_start": Write(
        lambda w: [w.plan.pk], lambda w: {"period": w.period().pk, "format": "xlsx"},
        lambda w: GeneratedReport.objects.count(), {"monitor", "leader", "admin"},
    ),
    "report_start": Write(
        lambda w: [w.period().pk, w.unit_a.pk], lambda w: {},
        lambda w: UnitReport.objects.filter(unit=w.unit_a).count(), {"staff", "head"},
    ),
    "report_detail": Write(
        lambda w: [w.report().pk], lambda w: {"version": w.report().version, "problems": "Thiếu người"},
        lambda w: UnitReport.objects.get(pk=w.report().pk).problems, {"staff", "head"},
    ),
    "report_submit": Write(
        lambda w: [_written_report(w).pk], lambda w: {"version": w.report().version, "confirm": "1"},
        lambda w: UnitReport.objects.get(pk=w.report().pk).status, {"head"},
    ),
    "report_review": Write(
        lambda w: [_submitted_report(w).pk], lambda w: {"decision": "approve"},
        lambda w: UnitReport.objects.get(pk=w.report().pk).status, {"monitor", "admin"},
    ),
    "evidence_upload": Write(
        lambda w: [w.report().pk, w.report().task_entries.first().pk], lambda w: {},
        lambda w: Evidence.objects.count(), {"staff", "head"},
        files=lambda w: {"file": SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4 minutes")},
    ),
    "evidence_delete": Write(
        lambda w: [w.report().pk, w.evidence().pk], lambda w: {},
        lambda w: Evidence.objects.count(), {"staff", "head"},
    ),
    "observations_import": Write(
        lambda w: [w.plan.pk], lambda w: {}, lambda w: _staged_files(), {"monitor", "admin"},
        files=lambda w: {"file": SimpleUploadedFile("values.csv", b'chi_tieu,nam,ky,nguon,gia_tri\n2,2024,,survey,"61,5"\n')},
    ),
    "observations_import_preview": Write(
        lambda w: [w.plan.pk, w.staged_values()], lambda w: _values_form(w),
        lambda w: Observation.objects.count(), {"monitor"},
    ),
    "indicator_detail": Write(
        lambda w: [w.plan.pk, 2], lambda w: {"year": 2020, "period": "Y1", "source": "survey", "value": "55,5"},
        lambda w: Observation.objects.count(), {"staff", "head", "monitor", "admin"},
    ),
    "observation_edit": Write(
        lambda w: [w.plan.pk, 2, w.own_value(2).pk],
        lambda w: {"year": 2024, "period": "Y1", "source": "admin", "value": "61", "reason": "đính chính"},
        lambda w: str(Observation.objects.get(pk=w.own_value(2).pk).value), {"staff", "head", "monitor", "admin"},
    ),
    "observation_delete": Write(
        lambda w: [w.plan.pk, 2, w.own_value(2).pk], lambda w: {"reason": "nhập nhầm"},
        lambda w: Observation.objects.count(), {"staff", "head", "monitor", "admin"},
    ),
    "observation_accept": Write(
        lambda w: [w.plan.pk, 2, w.pending_value(2).pk], lambda w: {},
        lambda w: Observation.objects.filter(accepted_value__isnull=True).count(), {"monitor", "admin"},
    ),
    "indicator_range": Write(
        lambda w: [w.plan.pk, 2], lambda w: {"min_value": "10", "max_value": "90", "reason": "theo VCCI"},
        lambda w: str(Indicator.objects.get(targets__plan=w.plan, targets__no=2).min_value), {"monitor", "admin"},
    ),
    "office_report_settings": Write(
        lambda w: [w.office.pk], lambda w: {"number_code": "VP", "signer_name": "Lê Hữu Phước", "signer_title": "CVP"},
        lambda w: list(ReportSettings.objects.values_list("office_id", "number_code", "signer_name")),
        {"monitor", "admin"},
    ),
    "plan_archive": Write(
        lambda w: [w.plan.pk], lambda w: {"reason": "Kế hoạch đã kết thúc"},
        lambda w: Plan.objects.get(pk=w.plan.pk).archived_at is not None, {"monitor", "admin"},
    ),
    "plan_restore": Write(
        lambda w: [_archived(w).pk], lambda w: {},
        lambda w: Plan.objects.get(pk=w.plan.pk).archived_at is not None, {"monitor", "admin"},
    ),
    "holidays": Write(
        lambda w: [], lambda w: {"date": "20/11/2031", "name": "Ngày nghỉ thêm"},
        lambda w: Holiday.objects.count(), {"monitor", "admin", "monitor_b"},
    ),
    "holiday_edit": Write(
        lambda w: [w.holiday().pk], lambda w: {"date": "20/11/2030", "name": "Tên mới"},
        lambda w: list(Holiday.objects.values_list("date", "name")), {"monitor", "admin", "monitor_b"},
    ),
    "holiday_delete": Write(
        lambda w: [w.holiday().pk], lambda w: {}, lambda w: Holiday.objects.count(), {"monitor", "admin", "monitor_b"},
    ),
    "pci_import": Write(
        lambda w: [], lambda w: {}, lambda w: _staged_files(), {"monitor", "admin", "monitor_b"},
        files=lambda w: {"file": SimpleUploadedFile("pci2023.csv", PCI_CSV.encode())},
    ),
    "pci_import_preview": Write(
        lambda w: [w.staged_release()], lambda w: _pci_form(w), lambda w: PciResult.objects.count(), {"monitor"},
    ),
    # Only one's own notification: another person's is a 404 and stays unread.
    "notification_open": Write(
        lambda w: [w.notification().pk], lambda w: {}, lambda w: w.notification().read_at, {"staff"},
    ),
    "notifications_read_all": Write(lambda w: [], lambda w: {}, lambda w: w.notification().read_at, {"staff"}),
    # Only the staff member's own current password changes it.
    "password_change": Write(
        lambda w: [], lambda w: {"old_password": "e2e-password-123", "new_password1": "doi-mat-khau-2026",
                                 "new_password2": "doi-mat-khau-2026"},
        lambda w: get_user_model().objects.get(pk=w.users["staff"].pk).password, {"staff"},
    ),
    # Anyone may ask for a reset link; it goes to the account's own address.
    "password_reset": Write(
        lambda w: [], lambda w: {"email": "staff@example.gov.vn"}, lambda w: len(mail.outbox), ALL,
    ),
    # The link's form is sent to …/set-password/ once the link was opened (its token then in the session): a POST
    # straight to a link changes nothing (tests/test_accounts.py follows a reset through).
    "password_reset_confirm": Write(
        lambda w: [urlsafe_base64_encode(force_bytes(w.users["staff"].pk)),
                   default_token_generator.make_token(w.users["staff"])],
        lambda w: {"new_password1": "doi-mat-khau-2026", "new_password2": "doi-mat-khau-2026"},
        lambda w: get_user_model().objects.get(pk=w.users["staff"].pk).password, set(),
    ),
    # What-if computes and stores nothing: no one changes anything through it.
    "pci_what_if": Write(lambda w: [w.province().pk], lambda w: {}, lambda w: AuditEvent.objects.count(), set()),
}  # fmt: skip

# Pages that only read: a POST to them changes nothing (405, or a page shown again).
READ_ONLY = {
    "home", "healthz", "plan_list", "plan_detail", "plan_indicators", "plan_tasks", "unit_list", "plan_scorecard",
    "plan_follow_up", "task_detail", "my_reports", "plan_priorities", "pci_overview", "pci_province",
    "official_report", "official_report_download", "evidence_download", "unit_detail", "plan_scorecard_xlsx",
    "plan_follow_up_xlsx",
    "search",
    "dashboard",
    "plan_choose",
}  # fmt: skip


READ_ONLY |= {"account", "password_change_done", "password_reset_done", "password_reset_complete", "notification_list"}


def test_every_url_is_a_write_or_read_only():
    assert set(named_urls()) == set(WRITES) | READ_ONLY
    assert not set(WRITES) & READ_ONLY


@pytest.fixture
def world_with_password(world, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    user = world.users["staff"]
    user.set_password("e2e-password-123")
    user.email = "staff@example.gov.vn"
    user.save()
    return world


@pytest.mark.parametrize("name", sorted(WRITES))
def test_post_as_every_persona_changes_only_what_it_may(world_with_password, name):
    world = world_with_password
    write = WRITES[name]
    wrong = []
    for persona in PERSONAS:
        sid = transaction.savepoint_create()
        try:
            client = Client()
            login_as(client, world, persona)
            url = reverse(name, args=write.args(world))
            data = {**write.data(world), **(write.files(world) if write.files else {})}
            before = write.state(world) if write.state else None
            response = client.post(url, data)
            if write.state is None:  # the language: a cookie, not a row
                changed = bool(response.cookies.get(settings.LANGUAGE_COOKIE_NAME))
            else:
                changed = write.state(world) != before
            if response.status_code >= 500:
                wrong.append(f"{persona}: server error {response.status_code}")
            elif changed != (persona in write.allowed):
                wrong.append(f"{persona}: {'changed' if changed else 'unchanged'} (status {response.status_code})")
        finally:
            transaction.savepoint_rollback(sid)
    assert not wrong, f"{name}: " + "; ".join(wrong)


def test_a_post_to_another_office_s_plan_is_404_and_changes_nothing(client, world):
    """The other office's monitor sends the first office's monitor's forms, id by id."""
    client.force_login(world.users["monitor_b"])
    plan, period = world.plan, world.period()
    before = (Plan.objects.count(), ReportingPeriod.objects.count(), GeneratedReport.objects.count())
    for url, data in [
        (reverse("plan_periods", args=[plan.pk]), {}),
        (reverse("period_edit", args=[plan.pk, period.pk]), {"cutoff": "14/03/2024", "due": "25/03/2024"}),
        (reverse("official_report_start", args=[plan.pk]), {"period": period.pk, "format": "xlsx"}),
        (reverse("report_review", args=[_submitted_report(world).pk]), {"decision": "approve"}),
        (reverse("report_start", args=[period.pk, world.unit_b.pk]), {}),
    ]:
        assert client.post(url, data).status_code == 404, url
    assert (Plan.objects.count(), ReportingPeriod.objects.count(), GeneratedReport.objects.count()) == before
    assert UnitReport.objects.get(pk=world.report().pk).status == "submitted"
    assert ReportingPeriod.objects.get(pk=period.pk).due == period.due
