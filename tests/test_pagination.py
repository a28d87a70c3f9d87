"""Lists that grow are shown 50 rows a page; a bad page number shows the first or the last page, never an error."""

import re

import pytest
from django.urls import reverse

from pcitrack.audit.models import AuditEvent
from pcitrack.monitoring.models import Observation
from pcitrack.reporting.models import ReportingPeriod, TaskEntry
from pcitrack.reporting.services import report_for


def _periods(world, n):
    """n ad hoc periods of the plan, titled "Đột xuất 001"... in the order of their cut-off."""
    return [
        ReportingPeriod.objects.create(
            plan=world.plan,
            kind="adhoc",
            year=2030,
            no=i,
            title=f"Đột xuất {i:03d}",
            start="2030-01-01",
            cutoff=f"2030-{1 + i // 28:02d}-{1 + i % 28:02d}",
            due="2031-06-30",
        )  # fmt: skip
        for i in range(1, n + 1)
    ]


def _get(client, world, persona, url, **params):
    client.force_login(world.users[persona])
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def test_my_reports_page_two_shows_the_next_rows(client, world):
    _periods(world, 70)
    url = reverse("my_reports")
    first = _get(client, world, "staff", url)
    assert "Đột xuất 001" in first and "Đột xuất 070" not in first
    assert re.search(r"Trang 1/2\b", first)
    second = _get(client, world, "staff", url, page=2)
    assert "Trang 2/2" in second
    assert "Đột xuất 070" in second and "Đột xuất 001" not in second
    assert 'href="?page=1"' in second  # a link back to the first page


@pytest.mark.parametrize("bad, shown", [("abc", 1), ("0", 1), ("-3", 1), ("", 1), ("99", 2), ("1e9", 1)])
def test_a_bad_page_number_gives_the_first_or_the_last_page(client, world, bad, shown):
    _periods(world, 70)
    html = _get(client, world, "staff", reverse("my_reports"), page=bad)
    assert f"Trang {shown}/2" in html


def test_a_short_list_has_no_page_links(client, world):
    world.period()
    html = _get(client, world, "staff", reverse("my_reports"))
    assert 'class="pagination"' not in html


def test_report_history_pages_keep_the_other_parameters(client, world):
    report = world.report()
    for i in range(60):
        AuditEvent.objects.create(action="report.save", object_type="reporting.unitreport", object_id=str(report.pk),
                                  reason=f"lần sửa {i:03d}")  # fmt: skip
    url = reverse("report_detail", args=[report.pk])
    first = _get(client, world, "monitor", url, lang="x")
    second = _get(client, world, "monitor", url, history_page=2, lang="x")
    # Newest first: the first page ends before the oldest changes, which the second page shows.
    assert "lần sửa 059" in first and "lần sửa 000" not in first
    assert "lần sửa 000" in second and "lần sửa 059" not in second
    assert "history_page=1" in second and "lang=x" in second
    assert "#history" in second


def test_indicator_values_and_history_page_apart(client, world):
    target = world.plan.targets.get(no=2)
    for year in range(1950, 2010):
        Observation.objects.create(office=world.office, indicator=target.indicator, year=year, source="admin",
                                   value=50, accepted_value=50)  # fmt: skip
        AuditEvent.objects.create(action="observation.create", object_type="monitoring.observation", object_id="1",
                                  subject_type="plans.indicator", subject_id=str(target.indicator_id),
                                  after={"indicator": target.indicator_id, "office": world.office.pk, "year": year,
                                         "source": "admin", "value": 50}, reason=f"nhập năm {year}")  # fmt: skip
    url = reverse("indicator_detail", args=[world.plan.pk, 2])
    first = _get(client, world, "monitor", url)
    assert first.count("Trang 1/2") == 2  # the values and the history, each on its own pages
    values = first[first.index('id="observations"') : first.index('id="metadata"')]
    assert "2009" in values and "1950" not in values  # newest first
    later = _get(client, world, "monitor", url, values_page=2)
    values = later[later.index('id="observations"') : later.index('id="metadata"')]
    assert "1950" in values and "2009" not in values
    history = later[later.index('id="history"') :]
    assert "nhập năm 2009" in history and "nhập năm 1950" not in history  # the history stays on its first page
    assert "values_page=2" in history  # its page links keep the values' page


def test_task_track_page_two(client, world):
    task = world.plan.tasks.get(ref="III.3")
    for period in _periods(world, 60):
        report = report_for(period, world.unit_a)
        TaskEntry.objects.filter(report=report, task=task).update(narrative=f"việc kỳ {period.title}")
    url = reverse("task_detail", args=[world.plan.pk, task.pk])
    first = _get(client, world, "staff", url)
    second = _get(client, world, "staff", url, page=2)
    assert "Đột xuất 001" in first and "Đột xuất 060" not in first
    assert "Đột xuất 060" in second and "Đột xuất 001" not in second
    assert "Trang 2/2" in second
