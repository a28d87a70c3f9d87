"""Ad hoc reports (báo cáo đột xuất): asked on the periods page of the units chosen, then owed by those only."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.urls import reverse

from pcitrack.audit.models import AuditEvent
from pcitrack.reporting.followup import NOT_ASKED, follow_up
from pcitrack.reporting.models import ReportingPeriod, UnitReport
from pcitrack.reporting.reminders import send_reminders
from pcitrack.reporting.services import reporting_units
from tests.forms import form_fields

D = dt.date


def _form(client, world) -> dict:
    """The ad hoc form as the monitor's browser would send it untouched: every unit ticked."""
    page = client.get(reverse("plan_periods", args=[world.plan.pk])).content.decode()
    return {**form_fields(page, "adhoc-form"), "units": re.findall(r'name="units" value="(\d+)"[^>]*checked', page)}


def _ask(client, world, **fields):
    data = {**_form(client, world), "title": "Tình hình giải quyết thủ tục đất đai", "start": "2025-07-01",
            "cutoff": "2025-07-31", "due": "2025-08-08", **fields}  # fmt: skip
    return client.post(reverse("plan_periods", args=[world.plan.pk]), data)


def test_the_form_asks_for_the_units_title_and_dates_with_date_pickers(client, world):
    client.force_login(world.users["monitor"])
    page = client.get(reverse("plan_periods", args=[world.plan.pk])).content.decode()
    fields = _form(client, world)
    assert fields["action"] == "adhoc"
    for name in ("start", "cutoff", "due"):
        assert f'type="date" name="{name}"' in page
    assert "dd/mm/yyyy" in page
    assert sorted(int(pk) for pk in fields["units"]) == sorted(u.pk for u in reporting_units(world.plan))


def test_a_monitor_asks_every_unit_by_default_and_the_period_shows_everywhere(client, world):
    client.force_login(world.users["monitor"])
    response = _ask(client, world)
    assert response.status_code == 302
    period = ReportingPeriod.objects.get(plan=world.plan, kind="adhoc")
    assert (period.title, period.start, period.cutoff, period.due) == (
        "Tình hình giải quyết thủ tục đất đai", D(2025, 7, 1), D(2025, 7, 31), D(2025, 8, 8),
    )  # fmt: skip
    assert not period.units.exists()  # every reporting unit, now and as the plan changes
    event = AuditEvent.objects.get(action="period.add", object_id=str(period.pk))
    assert event.actor == world.users["monitor"] and event.after["units"] == "all"
    listed = client.get(reverse("plan_periods", args=[world.plan.pk])).content.decode()
    assert "Tình hình giải quyết thủ tục đất đai" in listed and "08/08/2025" in listed

    client.force_login(world.users["staff"])
    assert "Tình hình giải quyết thủ tục đất đai" in client.get(reverse("my_reports")).content.decode()
    client.force_login(world.users["leader"])
    assert (
        "Tình hình giải quyết thủ tục đất đai"
        in client.get(reverse("plan_follow_up", args=[world.plan.pk])).content.decode()
    )


def test_dates_typed_as_dd_mm_yyyy_are_read_too(client, world):
    client.force_login(world.users["monitor"])
    _ask(client, world, start="01/07/2025", cutoff="31/07/2025", due="08/08/2025")
    assert ReportingPeriod.objects.get(plan=world.plan, kind="adhoc").due == D(2025, 8, 8)


def test_a_report_asked_of_one_unit_is_owed_by_that_unit_only(client, world):
    client.force_login(world.users["monitor"])
    _ask(client, world, units=[str(world.unit_b.pk)], due="2025-08-04")
    client.get(reverse("plan_periods", args=[world.plan.pk]))  # the page after it, with its message
    period = ReportingPeriod.objects.get(plan=world.plan, kind="adhoc")
    assert list(period.units.all()) == [world.unit_b]
    assert AuditEvent.objects.get(action="period.add").after["units"] == [world.unit_b.name]

    follow = follow_up(world.plan, D(2025, 9, 1))
    column = [i for i, p in enumerate(follow["periods"]) if p.pk == period.pk][0]
    cells = {unit.pk: cells[column] for unit, cells in follow["matrix"]}
    assert cells[world.unit_a.pk].status == NOT_ASKED and not cells[world.unit_a.pk].late
    assert cells[world.unit_b.pk].status == "not_started" and cells[world.unit_b.pk].late
    assert [u for u, c in follow["overdue"] if c.period.pk == period.pk] == [world.unit_b]

    client.force_login(world.users["staff"])  # Phòng Nội chính: not asked
    assert "Tình hình giải quyết thủ tục đất đai" not in client.get(reverse("my_reports")).content.decode()
    assert client.post(reverse("report_start", args=[period.pk, world.unit_a.pk])).status_code == 404
    assert not UnitReport.objects.filter(period=period).exists()
    client.force_login(world.users["staff_b"])
    assert "Tình hình giải quyết thủ tục đất đai" in client.get(reverse("my_reports")).content.decode()
    client.post(reverse("report_start", args=[period.pk, world.unit_b.pk]))
    assert UnitReport.objects.filter(period=period, unit=world.unit_b).exists()


def test_reminders_go_to_the_units_asked_only(world):
    for user in (world.users["staff"], world.users["staff_b"]):
        user.email = f"{user.username}@example.vn"
        user.save()
    from pcitrack.reporting.services import add_adhoc_period

    period = add_adhoc_period(world.plan, user=world.users["monitor"], title="Rà soát", start=D(2025, 7, 1),
                              cutoff=D(2025, 7, 31), due=D(2025, 8, 8), units=[world.unit_b])  # fmt: skip
    send_reminders(D(2025, 8, 7))
    reminded = {report.unit for report in UnitReport.objects.filter(period=period)}
    assert reminded == {world.unit_b}
    assert all("staff_a@" not in ",".join(m.to) for m in mail.outbox)


@pytest.mark.parametrize(
    "fields,message",
    [
        ({"title": " "}, "Hãy đặt tên cho báo cáo đột xuất"),
        ({"units": []}, "Hãy chọn ít nhất một đơn vị"),
        ({"start": "31/02/2025"}, "Hãy ghi một ngày có thật, theo dạng ngày/tháng/năm"),
        ({"due": ""}, "Hãy nhập ngày"),
        ({"cutoff": "2025-06-30"}, "Ngày chốt số liệu không được trước ngày bắt đầu"),
        ({"due": "2025-07-31"}, "ít nhất một ngày làm việc"),
        ({"start": "0025-07-01"}, "ghi đủ bốn chữ số của năm"),
    ],
)
def test_each_bad_input_is_shown_in_vietnamese_and_nothing_is_created(client, world, fields, message):
    client.force_login(world.users["monitor"])
    before = (ReportingPeriod.objects.count(), AuditEvent.objects.count())
    response = _ask(client, world, **fields)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert (ReportingPeriod.objects.count(), AuditEvent.objects.count()) == before


def test_a_unit_another_plan_names_cannot_be_asked(client, world):
    client.force_login(world.users["monitor"])
    response = _ask(client, world, units=[str(world.other_unit.pk)])
    assert response.status_code == 200
    assert not ReportingPeriod.objects.filter(kind="adhoc").exists()


@pytest.mark.parametrize("persona", ["staff", "head", "leader"])
def test_only_monitors_ask(client, world, persona):
    client.force_login(world.users["monitor"])
    data = {**_form(client, world), "title": "X", "start": "2025-07-01", "cutoff": "2025-07-31", "due": "2025-08-08"}
    client.force_login(world.users[persona])
    assert client.post(reverse("plan_periods", args=[world.plan.pk]), data).status_code == 403
    assert not ReportingPeriod.objects.filter(kind="adhoc").exists()
