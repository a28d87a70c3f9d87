"""Public holidays: the table of 2024–2027, its migration, and the page where monitors keep the list."""

import datetime as dt
from importlib import import_module

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from pcitrack.audit.models import AuditEvent
from pcitrack.core.holidays import HOLIDAYS, DayKind, days_off
from pcitrack.core.periods import working_days_after
from pcitrack.reporting.models import Holiday
from pcitrack.reporting.services import holidays

D = dt.date


@pytest.fixture
def preloaded(db):
    """The table as the migration stores it (a transactional test elsewhere may have emptied the tables)."""
    from django.apps import apps

    migration = import_module("pcitrack.reporting.migrations.0007_vietnam_public_holidays")
    if not Holiday.objects.filter(date__in=[h.date for h in HOLIDAYS]).exists():
        migration.add_holidays(apps, None)


def _kind(day: dt.date):
    return next((h.kind for h in HOLIDAYS if h.date == day), None)


def test_each_date_is_in_the_table_once():
    dates = [h.date for h in HOLIDAYS]
    assert len(dates) == len(set(dates))


@pytest.mark.parametrize("year", [2024, 2025, 2026, 2027])
def test_the_fixed_holidays_of_every_year_are_there(year):
    for month, day in [(1, 1), (4, 30), (5, 1), (9, 2)]:
        assert _kind(D(year, month, day)) == DayKind.STATUTORY, (year, month, day)


def test_hung_kings_day_is_10_3_of_the_lunar_calendar():
    for day in [D(2024, 4, 18), D(2025, 4, 7), D(2026, 4, 26), D(2027, 4, 16)]:
        assert _kind(day) == DayKind.STATUTORY
        assert next(h.name for h in HOLIDAYS if h.date == day) == "Giỗ Tổ Hùng Vương"
    assert _kind(D(2026, 4, 27)) == DayKind.COMPENSATORY  # 26/4/2026 is a Sunday


def test_tet_is_the_days_off_announced_and_their_statutory_five():
    tet = {year: [h for h in days_off(year) if "Tết Nguyên đán" in h.name] for year in (2024, 2025, 2026, 2027)}
    assert [h.date for h in tet[2024]] == [D(2024, 2, d) for d in range(8, 15)]
    assert [h.date for h in tet[2025]] == [D(2025, 1, d) for d in range(25, 32)] + [D(2025, 2, 1), D(2025, 2, 2)]
    assert [h.date for h in tet[2026]] == [D(2026, 2, d) for d in range(14, 23)]
    for year, days in tet.items():
        assert sum(h.kind == DayKind.STATUTORY for h in days) == 5, year
    assert [h.kind for h in tet[2024]][-2:] == [DayKind.COMPENSATORY, DayKind.COMPENSATORY]  # for 10–11/2, a weekend
    # 2027 is not announced: only the five statutory days, from the lunar year's last day (mùng 1 is 6/2).
    assert [h.date for h in tet[2027]] == [D(2027, 2, d) for d in range(5, 10)]


def test_national_day_has_its_adjacent_day_where_chosen_only():
    assert _kind(D(2024, 9, 3)) == DayKind.STATUTORY
    assert _kind(D(2025, 9, 1)) == DayKind.STATUTORY
    for year in (2026, 2027):
        assert _kind(D(year, 9, 1)) is None and _kind(D(year, 9, 3)) is None


def test_weekend_and_swapped_days_are_named_for_what_they_are():
    names = {h.date: h.name for h in HOLIDAYS}
    assert names[D(2024, 4, 29)] == "Kỳ nghỉ Ngày Chiến thắng 30/4 (nghỉ hoán đổi, làm bù thứ Bảy 04/05/2024)"
    assert names[D(2025, 1, 25)] == "Kỳ nghỉ Tết Nguyên đán (nghỉ hằng tuần)"
    assert all(h.date.weekday() >= 5 for h in HOLIDAYS if h.kind == DayKind.WEEKEND)


def test_the_database_holds_the_table_and_due_dates_skip_it(preloaded):
    stored = dict(Holiday.objects.values_list("date", "name"))
    assert {h.date: h.name for h in HOLIDAYS}.items() <= stored.items()
    # Data cut-off Friday 24/1/2025: the Tết days off push the due date to Monday 3/2/2025.
    assert working_days_after(D(2025, 1, 24), 1, holidays()) == D(2025, 2, 3)


def _migrate(target):
    executor = MigrationExecutor(connection)
    executor.migrate([target])
    return executor.loader.project_state([target]).apps


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_days_already_entered_and_its_reversal_removes_only_what_it_added():
    old = _migrate(("reporting", "0006_task_reminder"))
    OldHoliday = old.get_model("reporting", "Holiday")
    OldHoliday.objects.all().delete()
    OldHoliday.objects.create(date=D(2025, 9, 2), name="Quốc khánh (nhập tay)")
    OldHoliday.objects.create(date=D(2023, 1, 2), name="Nghỉ bù Tết Dương lịch 2023")
    try:
        _migrate(("reporting", "0007_vietnam_public_holidays"))
        assert Holiday.objects.get(date=D(2025, 9, 2)).name == "Quốc khánh (nhập tay)"
        assert Holiday.objects.count() == len(HOLIDAYS) + 1
        event = AuditEvent.objects.get(action="holidays.preload")
        assert len(event.after["added"]) == len(HOLIDAYS) - 1
        Holiday.objects.filter(date=D(2024, 1, 1)).update(name="Tết Dương lịch (đã sửa)")  # renamed since: kept

        _migrate(("reporting", "0006_task_reminder"))
        assert sorted(Holiday.objects.values_list("date", flat=True)) == [D(2023, 1, 2), D(2024, 1, 1), D(2025, 9, 2)]
        assert not AuditEvent.objects.filter(action="holidays.preload").exists()
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())


# The page


def test_every_member_reads_the_list_by_year(client, world, preloaded):
    client.force_login(world.users["staff"])
    page = client.get(reverse("holidays") + "?year=2025").content.decode()
    assert "Tết Nguyên đán" in page and "07/04/2025" in page
    assert "không tự động thay đổi hạn nộp" in page  # due dates already set do not move
    assert reverse("holiday_delete", args=[Holiday.objects.get(date=D(2025, 4, 7)).pk]) not in page


def test_a_monitor_adds_changes_and_removes_a_day_each_audited(client, world):
    client.force_login(world.users["monitor"])
    response = client.post(reverse("holidays"), {"date": "2026-11-24", "name": "Ngày Văn hóa Việt Nam"})
    assert response.status_code == 302
    day = Holiday.objects.get(date=D(2026, 11, 24))
    assert day.name == "Ngày Văn hóa Việt Nam"
    client.post(reverse("holiday_edit", args=[day.pk]), {"date": "25/11/2026", "name": "Ngày Văn hóa Việt Nam"})
    day.refresh_from_db()
    assert day.date == D(2026, 11, 25)
    client.post(reverse("holiday_delete", args=[day.pk]))
    assert not Holiday.objects.filter(pk=day.pk).exists()
    events = list(AuditEvent.objects.filter(object_type="reporting.holiday", object_id=str(day.pk)).order_by("pk"))
    assert [e.action for e in events] == ["holiday.add", "holiday.change", "holiday.remove"]
    assert events[1].before == {"date": "2026-11-24", "name": "Ngày Văn hóa Việt Nam"}
    assert all(e.actor == world.users["monitor"] for e in events)


@pytest.mark.parametrize(
    "data,message",
    [
        ({"date": "02/09/2025", "name": "Trùng"}, "đã là ngày nghỉ"),
        ({"date": "31/02/2025", "name": "Ngày sai"}, "Hãy ghi một ngày có thật, theo dạng ngày/tháng/năm"),
        ({"date": "2/9/25", "name": "Năm hai chữ số"}, "Hãy ghi một ngày có thật, theo dạng ngày/tháng/năm"),
        ({"date": "02/09/0025", "name": "Năm 25"}, "ghi đủ bốn chữ số của năm"),
        ({"date": "01/10/2025", "name": "   "}, "Hãy nhập tên ngày nghỉ"),
        ({"date": "", "name": "Không ngày"}, "Hãy nhập ngày"),
    ],
)
def test_a_bad_day_is_refused_in_vietnamese_and_nothing_is_written(client, world, preloaded, data, message):
    client.force_login(world.users["monitor"])
    before = (list(Holiday.objects.values_list("date", "name")), AuditEvent.objects.count())
    response = client.post(reverse("holidays"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert (list(Holiday.objects.values_list("date", "name")), AuditEvent.objects.count()) == before


@pytest.mark.parametrize("persona", ["staff", "head", "leader"])
def test_other_members_cannot_write(client, world, preloaded, persona):
    client.force_login(world.users[persona])
    day = Holiday.objects.get(date=D(2025, 4, 7))
    before = list(Holiday.objects.values_list("date", "name"))
    assert client.post(reverse("holidays"), {"date": "20/11/2031", "name": "X"}).status_code == 403
    assert client.post(reverse("holiday_edit", args=[day.pk]), {"date": "08/04/2025", "name": "X"}).status_code == 403
    assert client.post(reverse("holiday_delete", args=[day.pk])).status_code == 403
    assert list(Holiday.objects.values_list("date", "name")) == before
