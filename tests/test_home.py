"""The home page after login — what each role has to do next — and the leadership's overview of a plan."""

import datetime as dt

import lxml.html
import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pcitrack.core.task_deadlines import TaskStatus
from pcitrack.core.todo import Urgency, last_ended, report_urgency
from pcitrack.monitoring.models import Observation
from pcitrack.pci.models import PciResult
from pcitrack.reporting import services, todo
from pcitrack.reporting.models import UnitReport

TODAY = dt.date(2025, 9, 10)  # Q3/2025 is due on 15/9/2025; Q2 and H1/2025 fell due on 16/6/2025
REASON = "Thiếu minh chứng cho nhiệm vụ III.3, đề nghị bổ sung biên bản."


def at(day: dt.date):
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, 3, tzinfo=dt.UTC))


def period(world, kind, no, year=2025):
    world.period()
    return world.plan.periods.get(kind=kind, no=no, year=year)


def written(world, unit, p, *, said="in_progress"):
    """The unit's report for the period with a narrative for each of its tasks (a draft)."""
    report = services.report_for(p, unit)
    tasks = {e.task_id: (said, "Đã triển khai.") for e in report.task_entries.all()}
    return services.save_report(report, user=world.users["monitor"], version=report.version, tasks=tasks)


def submitted(world, unit, p, day, **kwargs):
    """Submitted on `day` (recorded as received that day)."""
    report = written(world, unit, p, **kwargs)
    with at(max(day, TODAY)):
        return services.submit_report(report, user=world.users["monitor"], version=report.version, received_on=day)


def returned(world, unit, p, reason=REASON):
    report = submitted(world, unit, p, p.due)
    return services.return_report(report, user=world.users["monitor"], reason=reason)


def page(client, world, persona, day=TODAY, url="/"):
    client.force_login(world.users[persona])
    with at(day):
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def texts(html: str, selector: str) -> list[str]:
    """The texts of the elements a selector "#id" or "#id tag" finds, spaces collapsed."""
    ident, _, tag = selector.partition(" ")
    path = f'//*[@id="{ident[1:]}"]' + (f"//{tag}" if tag else "")
    return [" ".join(e.text_content().split()) for e in lxml.html.fromstring(html).xpath(path)]


# The rules, with fixed dates.


@pytest.mark.parametrize(
    "status,due,expected",
    [
        ("returned", dt.date(2025, 12, 15), Urgency.RETURNED),
        ("not_started", dt.date(2025, 9, 9), Urgency.LATE),
        ("draft", dt.date(2025, 9, 9), Urgency.LATE),
        ("draft", dt.date(2025, 9, 10), Urgency.DUE_SOON),  # due today
        ("not_started", dt.date(2025, 9, 17), Urgency.DUE_SOON),  # within 7 days
        ("not_started", dt.date(2025, 9, 18), Urgency.OPEN),  # 8 days away
        ("submitted", dt.date(2025, 9, 9), None),
        ("approved", dt.date(2025, 9, 9), None),
    ],
)
def test_a_report_s_urgency_by_its_status_and_due_date(status, due, expected):
    assert report_urgency(status, start=dt.date(2025, 6, 15), due=due, today=TODAY) == expected


def test_a_period_not_begun_asks_nothing_yet():
    assert report_urgency("not_started", start=dt.date(2025, 9, 15), due=dt.date(2025, 12, 15), today=TODAY) is None


def test_the_last_ended_period_is_the_widest_of_those_ending_together(world):
    periods = list(period(world, "year", 1).plan.periods.all())
    found = last_ended(periods, dt.date(2025, 12, 20), by="due")
    assert (found.kind, found.year) == ("year", 2025)
    found = last_ended(periods, TODAY)
    assert (found.kind, found.no, found.year) == ("half", 1, 2025)


# Unit staff.


@pytest.fixture
def cycle(world):
    """Phòng Nội chính: Q2/2025 returned with a reason, Q1/2025 approved, H1/2025 submitted, Q3/2025 not started;
    Phòng Tài chính - Thương mại: Q3/2025 started (a draft)."""
    unit_a, unit_b = world.unit_a, world.unit_b
    returned(world, unit_a, period(world, "quarter", 2))
    q1 = submitted(world, unit_a, period(world, "quarter", 1), dt.date(2025, 3, 10))
    services.approve_report(q1, user=world.users["monitor"])
    submitted(world, unit_a, period(world, "half", 1), dt.date(2025, 6, 12))
    written(world, unit_b, period(world, "quarter", 3))
    return world


def by_period(items):
    return {(i.period.kind, i.period.no, i.period.year): i for i in items}


def test_staff_see_their_unit_s_reports_classified_most_urgent_first(cycle):
    items = todo.unit_reports(cycle.users["staff"], TODAY)
    found = by_period(items)
    assert {i.unit for i in items} == {cycle.unit_a}
    assert found[("quarter", 2, 2025)].urgency == Urgency.RETURNED
    assert found[("quarter", 2, 2025)].report.return_reason == REASON
    assert found[("quarter", 3, 2025)].urgency == Urgency.DUE_SOON and found[("quarter", 3, 2025)].report is None
    assert found[("quarter", 3, 2025)].days_left == 5
    assert found[("year", 1, 2025)].urgency == Urgency.OPEN
    assert found[("quarter", 4, 2024)].urgency == Urgency.LATE
    # Approved and submitted reports ask nothing; a period not begun is not listed.
    assert ("quarter", 1, 2025) not in found and ("half", 1, 2025) not in found
    assert ("quarter", 4, 2025) not in found
    ranks = [i.urgency.rank for i in items]
    assert ranks == sorted(ranks) and items[0].urgency == Urgency.RETURNED
    late = [i.period.due for i in items if i.urgency == Urgency.LATE]
    assert late == sorted(late)


def test_on_another_day_the_same_report_is_late(cycle):
    found = by_period(todo.unit_reports(cycle.users["staff"], dt.date(2025, 9, 16)))
    assert found[("quarter", 3, 2025)].urgency == Urgency.LATE
    found = by_period(todo.unit_reports(cycle.users["staff"], dt.date(2025, 9, 1)))
    assert found[("quarter", 3, 2025)].urgency == Urgency.OPEN


def test_staff_never_see_another_unit_s_or_office_s_reports(cycle):
    mine = todo.unit_reports(cycle.users["staff_b"], TODAY)
    assert {i.unit for i in mine} == {cycle.unit_b}
    assert by_period(mine)[("quarter", 3, 2025)].report.status == UnitReport.Status.DRAFT
    assert todo.unit_reports(cycle.users["staff_ob"], TODAY) == []  # the other office has no period yet


def test_the_staff_home_page_shows_the_reason_links_and_start_buttons(client, cycle):
    html = page(client, cycle, "staff")
    q2 = UnitReport.objects.get(unit=cycle.unit_a, period=period(cycle, "quarter", 2))
    q3 = period(cycle, "quarter", 3)
    cards = texts(html, "#todo-reports li")
    assert REASON in cards[0] and "bị trả lại" in cards[0]
    assert reverse("report_detail", args=[q2.pk]) in html
    assert reverse("report_start", args=[q3.pk, cycle.unit_a.pk]) in html
    assert any("Quý III/2025" in c and "sắp đến hạn" in c and "còn 5 ngày" in c for c in cards)
    b_report = UnitReport.objects.get(unit=cycle.unit_b)
    assert reverse("report_detail", args=[b_report.pk]) not in html
    assert reverse("report_start", args=[q3.pk, cycle.unit_b.pk]) not in html
    assert "Phòng Tài chính - Thương mại" not in " ".join(cards)


def test_starting_a_report_from_the_home_page_creates_it(client, cycle):
    q3 = period(cycle, "quarter", 3)
    client.force_login(cycle.users["staff"])
    response = client.post(reverse("report_start", args=[q3.pk, cycle.unit_a.pk]))
    report = UnitReport.objects.get(unit=cycle.unit_a, period=q3)
    assert response["Location"] == reverse("report_detail", args=[report.pk])
    assert report.task_entries.exists()
    cards = texts(page(client, cycle, "staff"), "#todo-reports li")
    assert any("Quý III/2025" in c and "bản nháp" in c for c in cards)


def set_deadline(world, ref, deadline):
    task = world.plan.tasks.get(ref=ref)
    task.deadline = deadline
    task.save()
    return task


def test_staff_see_the_tasks_their_unit_leads_that_are_due_or_overdue(world):
    mine = set_deadline(world, "III.3", TODAY + dt.timedelta(days=3))  # led by Phòng Nội chính
    theirs = set_deadline(world, "III.4", TODAY - dt.timedelta(days=2))  # led by Phòng Tài chính - Thương mại
    items = todo.unit_tasks(world.users["staff"], TODAY)
    assert [(i.task, i.status, i.urgency, i.days_left) for i in items] == [
        (mine, TaskStatus.IN_PROGRESS, Urgency.DUE_SOON, 3)
    ]
    items = todo.unit_tasks(world.users["staff_b"], TODAY)
    assert [(i.task, i.status, i.urgency, i.days_over) for i in items] == [
        (theirs, TaskStatus.OVERDUE, Urgency.LATE, 2)
    ]
    # Far away: not yet on the list; done (an approved report says so): off it.
    set_deadline(world, "III.3", TODAY + dt.timedelta(days=60))
    assert todo.unit_tasks(world.users["staff"], TODAY) == []
    set_deadline(world, "III.3", dt.date(2025, 6, 30))
    assert [i.urgency for i in todo.unit_tasks(world.users["staff"], TODAY)] == [Urgency.LATE]
    report = submitted(world, world.unit_a, period(world, "quarter", 3), TODAY, said="done_on_time")
    services.approve_report(report, user=world.users["monitor"])
    assert todo.unit_tasks(world.users["staff"], TODAY) == []


def test_staff_see_the_indicators_they_lead_without_a_value_for_the_last_ended_period(world):
    world.period()  # the last period ended by 10/9/2025: H1/2025 (data cut-off 14/6)
    Observation.objects.create(office=world.office, indicator=world.plan.targets.get(no=2).indicator, year=2025,
                               period_type="H", period_no=1, source="survey", value=70, accepted_value=70)  # fmt: skip
    items = todo.unit_indicators(world.users["staff"], TODAY)
    assert [(i.target.no, i.period.label, i.unit) for i in items] == [(3, "6 tháng đầu năm 2025", world.unit_a)]
    assert items[0].urgency == Urgency.LATE  # H1's reports were due on 16/6
    # A value written in the unit's report for that period counts too.
    report = written(world, world.unit_a, period(world, "half", 1))
    entry = report.indicator_entries.get(target__no=3)
    services.save_report(
        report, user=world.users["staff"], version=report.version, indicators={entry.target_id: {"value": "71"}}
    )
    assert todo.unit_indicators(world.users["staff"], TODAY) == []
    assert {i.unit for i in todo.unit_indicators(world.users["staff_b"], TODAY)} == {world.unit_b}


# Unit heads.


def test_the_head_sees_the_reports_waiting_for_submission_with_a_link_to_submit(client, cycle):
    written(cycle, cycle.unit_a, period(cycle, "quarter", 3))
    items = todo.reports_to_submit(cycle.users["head"], TODAY)
    assert [(i.period.label, i.report.status, i.urgency) for i in items] == [
        ("Quý II/2025", "returned", Urgency.RETURNED),
        ("Quý III/2025", "draft", Urgency.DUE_SOON),
    ]
    html = page(client, cycle, "head")
    for item in items:
        assert reverse("report_detail", args=[item.report.pk]) + "#submit-report" in html
    assert REASON in " ".join(texts(html, "#todo-submit"))
    b_draft = UnitReport.objects.get(unit=cycle.unit_b)
    assert reverse("report_detail", args=[b_draft.pk]) not in html
    assert "todo-reports" not in html  # a head is not unit staff
    detail = page(client, cycle, "head", url=reverse("report_detail", args=[items[1].report.pk]))
    assert 'id="submit-report"' in detail


# Monitors.


def test_the_monitor_s_queue_is_the_office_s_submitted_reports_oldest_first(client, world):
    q3 = period(world, "quarter", 3)
    first = submitted(world, world.unit_b, q3, dt.date(2025, 9, 1))
    second = submitted(world, world.unit_a, q3, dt.date(2025, 9, 8))
    world.other_plan.periods.create(kind="quarter", year=2025, no=3, start=q3.start, cutoff=q3.cutoff, due=q3.due)
    theirs = submitted(world, world.other_unit, world.other_plan.periods.get(), dt.date(2025, 9, 5))
    items = todo.review_queue(world.users["monitor"], TODAY)
    assert [i.report for i in items] == [first, second]
    assert [i.waiting_days for i in items] == [9, 2]
    assert [i.urgency for i in items] == [Urgency.LATE, Urgency.DUE_SOON]
    assert [i.report for i in todo.review_queue(world.users["monitor_b"], TODAY)] == [theirs]
    assert todo.review_queue(world.users["leader"], TODAY) == []
    html = page(client, world, "monitor")
    queue = texts(html, "#todo-queue li")
    assert queue[0].startswith("Phòng Tài chính - Thương mại — Quý III/2025") and "chờ 9 ngày" in queue[0]
    assert reverse("report_detail", args=[first.pk]) + "#review" in html
    assert reverse("report_detail", args=[theirs.pk]) not in html


def test_the_monitor_s_queue_flags_a_report_submitted_late(client, world):
    q2 = period(world, "quarter", 2)
    submitted(world, world.unit_a, q2, q2.due + dt.timedelta(days=3))
    submitted(world, world.unit_b, q2, q2.due)
    queue = texts(page(client, world, "monitor"), "#todo-queue li")
    assert [("Nộp muộn 3 ngày" in item) for item in queue] == [False, True]  # oldest submission first


def test_the_monitor_sees_the_units_late_for_the_period_that_fell_due_last(world):
    h1 = period(world, "half", 1)
    submitted(world, world.unit_a, h1, dt.date(2025, 6, 12))  # on time
    late_report = submitted(world, world.unit_b, h1, dt.date(2025, 6, 20))  # late, but submitted
    items = todo.late_units(world.users["monitor"], TODAY)
    assert {i.period for i in items} == {h1}
    names = [i.unit.name for i in items]
    assert world.unit_a.name not in names and world.unit_b.name not in names
    assert names == sorted(names) and len(names) == 3
    assert all(i.days_late == (TODAY - h1.due).days and i.status == "not_started" for i in items)
    assert late_report.status == UnitReport.Status.SUBMITTED
    assert todo.late_units(world.users["monitor_b"], TODAY) == []


def test_the_monitor_sees_values_to_accept_and_indicators_without_data(client, world):
    waiting = world.pending_value(2, year=2024)
    world.own_value(3, year=2024)
    items = todo.values_to_accept(world.users["monitor"])
    assert [(i.observation, i.plan_id, i.no) for i in items] == [(waiting, world.plan.pk, 2)]
    assert todo.values_to_accept(world.users["monitor_b"]) == []
    missing = todo.indicators_without_data(world.users["monitor"], dt.date(2025, 3, 1))
    numbers = [i.target.no for i in missing]
    assert 2 not in numbers and 3 not in numbers and len(numbers) == 16  # a waiting value is data too
    assert {i.target.plan for i in missing} == {world.plan}
    assert len(todo.indicators_without_data(world.users["monitor_b"], dt.date(2025, 3, 1))) == 18
    html = page(client, world, "monitor", day=dt.date(2025, 3, 1))
    assert reverse("indicator_detail", args=[world.plan.pk, 2]) + "#observations" in html
    assert "Chỉ tiêu chưa có số liệu năm 2024" in html


# Several roles, and nobody with anything to do.


def test_a_monitor_who_also_heads_a_unit_sees_both_most_urgent_first(client, cycle):
    from pcitrack.org.models import Membership

    Membership.objects.create(user=cycle.users["monitor"], unit=cycle.unit_a, role=Membership.Role.HEAD)
    sections = [s.key for s in todo.home_sections(cycle.users["monitor"], TODAY)]
    assert sections[0] == "submit"  # a returned report first
    assert {"submit", "queue", "late_units", "no_data"} <= set(sections)
    html = page(client, cycle, "monitor")
    assert html.index('id="todo-submit"') < html.index('id="todo-queue"')


def test_a_member_without_anything_to_do_is_told_so_with_the_plans(client, world):
    html = page(client, world, "staff_ob")  # the other office has no reporting period
    assert "Không có việc nào đang chờ" in html
    assert reverse("plan_detail", args=[world.other_plan.pk]) in html
    assert reverse("plan_detail", args=[world.plan.pk]) not in html


def test_only_leaders_and_monitors_get_the_overview_link(client, world):
    assert 'href="/dashboard/"' in page(client, world, "leader")
    assert 'href="/dashboard/"' in page(client, world, "monitor")
    assert 'href="/dashboard/"' not in page(client, world, "staff")


# The leadership's overview.


@pytest.fixture
def overview_world(world):
    """H1/2025 (due 16/6/2025): Phòng Nội chính on time, Phòng Tài chính - Thương mại late, the others missing;
    task III.4 overdue; PCI results of Quảng Trị for three years; indicator 2 not achieved."""
    h1 = period(world, "half", 1)
    submitted(world, world.unit_a, h1, dt.date(2025, 6, 12))
    submitted(world, world.unit_b, h1, dt.date(2025, 6, 20))
    set_deadline(world, "III.4", dt.date(2025, 6, 30))
    province = world.province()
    for year, pci in ((2022, 63.2), (2023, 65.11), (2024, 66.5)):
        PciResult.objects.create(province=province, year=year, subindices=[], pci=pci)
    world.plan.place = "Quảng Trị"
    world.plan.save()
    target = world.plan.targets.get(no=2)
    target.target_year, target.yearly_targets = 2024, []
    target.save()
    world.own_value(2, year=2024, value=10)
    return world


def test_the_overview_counts_match_the_world(overview_world):
    w = overview_world
    found = todo.dashboard(w.plan, dt.date(2025, 7, 10))
    assert found["rows"] == w.plan.targets.current().count() == 18
    assert sum(found["verdict_counts"].values()) == 18
    assert sum(g.total for g in found["by_sub_index"]) == 18
    assert [g.number for g in found["by_sub_index"]] == [1, 3, 6, 7, None]
    assert found["by_sub_index"][0].total == 4  # indicators 1–4: Gia nhập thị trường
    assert [r.target.no for r in found["off_track"]] == [2]
    assert sum(found["task_counts"].values()) == found["tasks"] == w.plan.tasks.current().count()
    assert found["task_counts"][TaskStatus.OVERDUE] == 1
    assert [t.ref for t in found["overdue_tasks"]] == ["III.4"]
    assert (found["period"].kind, found["period"].no) == ("half", 1)
    assert found["on_time"] == [w.unit_a] and found["late"] == [w.unit_b] and len(found["missing"]) == 3
    assert found["units_due"] == 5
    assert found["province"].name == "Quảng Trị"
    assert found["pci_trend"] == [(2022, 63.2), (2023, 65.11), (2024, 66.5)]
    # Ten periods fell due by 10/7/2025; Phòng Nội chính and Phòng Tài chính - Thương mại submitted H1/2025.
    late = {unit.name: count for unit, count, _ in found["who_is_late"]}
    assert late == {w.unit_a.name: 9, w.unit_b.name: 9, **{u.name: 10 for u in found["missing"]}}


def test_the_overview_page_shows_counts_the_chart_and_a_print_button(client, overview_world):
    html = page(client, overview_world, "leader", day=dt.date(2025, 7, 10), url=reverse("dashboard"))
    assert " ".join(texts(html, "#stat-reports")).startswith("Báo cáo đúng hạn, 6 tháng đầu năm 2025 1/5")
    assert "1 trễ hạn, 3 chưa nộp" in " ".join(texts(html, "#stat-reports"))
    assert "66,5" in " ".join(texts(html, "#stat-pci"))
    assert lxml.html.fromstring(html).xpath('//*[@id="dash-pci"]//*[local-name()="svg"]')
    assert "III.4" in " ".join(texts(html, "#dash-off-track"))
    assert "data-print" in html
    assert 'id="plan-chooser"' not in html  # one plan: no chooser


def test_the_leader_s_home_shows_the_plan_s_headline_figures(client, overview_world):
    html = page(client, overview_world, "leader", day=dt.date(2025, 7, 10))
    assert "1/5" in " ".join(texts(html, "#stat-reports"))
    assert reverse("dashboard") + f"?plan={overview_world.plan.pk}" in html


def test_the_overview_of_a_chosen_plan_and_never_another_office_s(client, world):
    client.force_login(world.users["admin"])
    html = client.get(reverse("dashboard"), {"plan": world.plan.pk}).content.decode()
    assert 'id="plan-chooser"' in html  # the administrator reads two plans
    assert f'<option value="{world.plan.pk}" selected>' in html
    client.force_login(world.users["monitor"])
    assert client.get(reverse("dashboard"), {"plan": world.other_plan.pk}).status_code == 404
    assert client.get(reverse("dashboard"), {"plan": 999999}).status_code == 404
    response = client.get(reverse("dashboard"), {"plan": "abc"})
    assert response.status_code == 200
    assert "“abc” không phải là số của một kế hoạch" in response.content.decode()


def test_a_unit_member_who_also_reads_another_office_is_refused_its_unit_s_office_overview(client, world):
    from pcitrack.org.models import Membership

    Membership.objects.create(user=world.users["staff_ob"], unit=world.office, role=Membership.Role.LEADER)
    client.force_login(world.users["staff_ob"])
    assert client.get(reverse("dashboard"), {"plan": world.plan.pk}).status_code == 200
    assert client.get(reverse("dashboard"), {"plan": world.other_plan.pk}).status_code == 403


# A fixed number of queries, whatever the number of rows.


def _queries(client, world, persona, url="/"):
    client.force_login(world.users[persona])
    with at(TODAY), CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _some_rows(world):
    """One of everything the lists show: a returned report, a draft, a submitted one, a value waiting, tasks due."""
    world.period()
    world.pending_value(1, year=2021)
    returned(world, world.unit_a, period(world, "quarter", 2))
    written(world, world.unit_a, period(world, "quarter", 3))
    submitted(world, world.unit_b, period(world, "quarter", 3), TODAY)
    set_deadline(world, "III.3", TODAY + dt.timedelta(days=2))
    set_deadline(world, "III.4", TODAY - dt.timedelta(days=2))


def _more_rows(world):
    """More of each: reports submitted, returned and approved, values waiting, tasks due and done."""
    for no in (2, 3, 4):
        world.pending_value(no, year=2020 + no)
    returned(world, world.unit_b, period(world, "quarter", 2))
    for p in world.plan.periods.filter(year=2024, kind="quarter"):
        services.approve_report(
            submitted(world, world.unit_a, p, p.due, said="done_on_time"), user=world.users["monitor"]
        )
        submitted(world, world.unit_b, p, p.due)
    for ref in ("III.5", "III.6", "II.1.1"):
        set_deadline(world, ref, TODAY + dt.timedelta(days=2))


@pytest.mark.parametrize("persona", ["staff", "head", "staff_b", "monitor", "leader", "admin"])
def test_the_home_page_runs_a_fixed_number_of_queries(client, world, persona):
    _some_rows(world)
    before = _queries(client, world, persona)
    _more_rows(world)
    after = _queries(client, world, persona)
    assert after == before
    assert after <= 40


def test_the_overview_runs_a_fixed_number_of_queries(client, overview_world, django_assert_max_num_queries):
    _some_rows(overview_world)
    before = _queries(client, overview_world, "leader", reverse("dashboard"))
    _more_rows(overview_world)
    assert _queries(client, overview_world, "leader", reverse("dashboard")) == before
    client.force_login(overview_world.users["leader"])
    with at(TODAY), django_assert_max_num_queries(30):
        client.get(reverse("dashboard"))
