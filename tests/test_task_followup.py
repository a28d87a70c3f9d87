"""Tasks against their deadlines on the pages: the follow-up's due and overdue tasks per unit, the task pages."""

import datetime as dt

import lxml.html
import pytest
import time_machine
from django.urls import reverse

from pcitrack.core.task_deadlines import TaskStatus
from pcitrack.plans.models import TaskUnit
from pcitrack.reporting import services
from pcitrack.reporting.followup import task_follow_up
from pcitrack.reporting.models import TaskEntry

TODAY = dt.date(2025, 7, 10)


def set_deadline(plan, ref, deadline=None, text="", recurrence="", output=""):
    task = plan.tasks.get(ref=ref)
    task.deadline, task.deadline_text, task.recurrence, task.output = deadline, text, recurrence, output
    task.save()
    return task


def quarter(world, no=2, year=2025):
    world.period()
    return world.plan.periods.get(kind="quarter", year=year, no=no)


def reported(world, unit, period, said: dict, *, approve=True):
    """The unit's report for the period, each task's status as `said` (by reference), submitted and approved
    (or returned when approve is False)."""
    monitor = world.users["monitor"]
    report = services.report_for(period, unit)
    tasks = {e.task_id: (said.get(e.task.ref, "in_progress"), "Đã thực hiện.")
             for e in report.task_entries.select_related("task")}  # fmt: skip
    report = services.save_report(report, user=monitor, version=report.version, tasks=tasks)
    report = services.submit_report(report, user=monitor, version=report.version)
    if approve:
        return services.approve_report(report, user=monitor)
    return services.return_report(report, user=monitor, reason="Thiếu minh chứng")


def unit(world, name):
    return world.office.children.get(name=name)


@pytest.fixture
def due_world(world):
    """Deadlines around 10/7/2025 for the seed's tasks, and the units' reports for Q2/2025."""
    plan = world.plan
    set_deadline(plan, "III.3", dt.date(2025, 7, 31), "Tháng 7/2025", output="Danh mục TTHC được công khai")
    set_deadline(plan, "III.4", dt.date(2025, 6, 30), "Quý II/2025")
    set_deadline(plan, "III.5", dt.date(2025, 9, 30), "Quý III/2025")  # beyond 30 days
    set_deadline(plan, "III.6", dt.date(2025, 6, 30), "Quý II/2025")  # done on time
    set_deadline(plan, "III.7", dt.date(2025, 6, 30), "Quý II/2025")  # said done, but the report was returned
    set_deadline(plan, "II.2.1.1", dt.date(2025, 7, 1), "01/7/2025")  # led by "Các đơn vị": no named unit
    set_deadline(plan, "II.1.1", recurrence="quarterly", text="Hằng quý")
    q2 = quarter(world)
    reported(world, world.unit_b, q2, {"III.4": "in_progress"})
    reported(world, unit(world, "Cổng Thông tin điện tử tỉnh"), q2, {"III.6": "done_on_time"})
    reported(world, unit(world, "Trung tâm Xúc tiến Đầu tư, Thương mại và Du lịch tỉnh"), q2,
             {"III.7": "done_on_time"}, approve=False)  # fmt: skip
    set_deadline(world.other_plan, "III.3", dt.date(2025, 7, 15), "15/7/2025")  # another office's
    return world


def parse(html: str):
    """The page as a tree whose line breaks read as spaces."""
    tree = lxml.html.fromstring(html)
    for br in tree.iter("br"):
        br.tail = " " + (br.tail or "")
    return tree


def task_tables(html: str) -> dict[str, list[list[str]]]:
    """The follow-up's task tables: unit (or "" for tasks without a named lead unit) -> rows of cell texts."""
    tree = parse(html)
    return {
        table.get("data-unit"): [
            [" ".join(td.text_content().split()) for td in tr.findall("td")] for tr in table.findall("tbody/tr")
        ]  # fmt: skip
        for table in tree.xpath('//section[@id="task-deadlines"]//table[contains(@class, "task-deadlines")]')
    }


def follow_up_page(client, user, plan):
    client.force_login(user)
    with time_machine.travel(dt.datetime(2025, 7, 10, 9, tzinfo=dt.UTC)):
        response = client.get(reverse("plan_follow_up", args=[plan.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_follow_up_lists_each_unit_s_tasks_due_within_30_days_and_overdue(due_world, client):
    world = due_world
    html = follow_up_page(client, world.users["monitor"], world.plan)
    tables = task_tables(html)
    assert list(tables) == [
        "Phòng Nội chính",
        "Phòng Tài chính - Thương mại",
        "Trung tâm Xúc tiến Đầu tư, Thương mại và Du lịch tỉnh",
        "",
    ]
    nc = tables["Phòng Nội chính"]
    assert [row[0] for row in nc] == ["III.3"]
    assert nc[0][1].startswith("Tham mưu tổ chức thực hiện các nội dung về công bố")  # the task's text
    assert nc[0][2] == "31/07/2025 Tháng 7/2025"
    assert nc[0][3] == "đang thực hiện (trong hạn) còn 21 ngày"
    assert tables["Phòng Tài chính - Thương mại"] == [
        ["III.4", tables["Phòng Tài chính - Thương mại"][0][1], "30/06/2025 Quý II/2025",
         "quá hạn chưa hoàn thành quá hạn 10 ngày"],
    ]  # fmt: skip
    # A report that says "done" but was returned does not count.
    assert tables["Trung tâm Xúc tiến Đầu tư, Thương mại và Du lịch tỉnh"][0][0] == "III.7"
    assert tables["Trung tâm Xúc tiến Đầu tư, Thương mại và Du lịch tỉnh"][0][3].startswith("quá hạn chưa hoàn thành")
    group = tables[""]
    assert [row[0] for row in group] == ["II.2.1.1"] and "Các đơn vị" in group[0][1]
    assert "Chưa giao đơn vị chủ trì cụ thể" in html
    assert "1 nhiệm vụ chưa hoàn thành đến hạn trong 30 ngày tới, 3 nhiệm vụ quá hạn" in html
    # Done (III.6), beyond 30 days (III.5), recurring (II.1.1) and another office's tasks are not listed.
    listed = {row[0] for rows in tables.values() for row in rows}
    assert listed == {"III.3", "III.4", "III.7", "II.2.1.1"}
    assert "15/07/2025" not in html


def test_another_office_s_monitor_sees_only_their_own_tasks(due_world, client):
    world = due_world
    tables = task_tables(follow_up_page(client, world.users["monitor_b"], world.other_plan))
    assert tables == {"Phòng Nội chính": [tables["Phòng Nội chính"][0]]}
    assert tables["Phòng Nội chính"][0][2] == "15/07/2025 15/7/2025"


def test_with_several_leads_each_unit_is_listed_with_its_own_part(due_world):
    world = due_world
    task = world.plan.tasks.get(ref="III.4")
    TaskUnit.objects.create(task=task, unit=world.unit_a, role="lead")
    reported(world, world.unit_a, quarter(world), {"III.4": "done_on_time"})
    groups = {g.label: g.tasks for g in task_follow_up(world.plan, TODAY)["task_groups"]}
    assert "III.4" not in [row.task.ref for row in groups["Phòng Nội chính"]]  # done its part
    assert [(row.task.ref, row.status) for row in groups["Phòng Tài chính - Thương mại"]] == [("III.4", "overdue")]


def test_a_task_done_on_time_and_due_soon_is_listed_with_its_status(due_world):
    world = due_world
    reported(world, world.unit_a, quarter(world), {"III.3": "done_on_time"})
    data = task_follow_up(world.plan, TODAY)
    rows = {g.label: g.tasks for g in data["task_groups"]}["Phòng Nội chính"]
    assert [(row.task.ref, row.status, row.done) for row in rows] == [("III.3", "done_on_time", True)]
    assert (data["tasks_due"], data["tasks_overdue"]) == (0, 3)


def test_nothing_due_says_so(world, client):
    html = follow_up_page(client, world.users["leader"], world.plan)
    assert task_tables(html) == {}
    assert "Không có nhiệm vụ nào đến hạn trong 30 ngày tới và không có nhiệm vụ quá hạn." in html


def task_page(client, world, ref, user="staff"):
    client.force_login(world.users[user])
    task = world.plan.tasks.get(ref=ref)
    with time_machine.travel(dt.datetime(2025, 7, 10, 9, tzinfo=dt.UTC)):
        response = client.get(reverse("task_detail", args=[world.plan.pk, task.pk]))
    assert response.status_code == 200
    return parse(response.content.decode())


def deadline_table(tree) -> dict[str, str]:
    return {
        " ".join(tr.find("th").text_content().split()): " ".join(tr.find("td").text_content().split())
        for tr in tree.xpath('//table[@id="task-deadline"]//tr')
    }


def test_the_task_page_shows_the_deadline_as_written_its_date_the_output_and_the_status(due_world, client):
    assert deadline_table(task_page(client, due_world, "III.3")) == {
        "Thời hạn theo kế hoạch": "Tháng 7/2025",
        "Hạn hoàn thành": "31/07/2025",
        "Thực hiện định kỳ": "không",
        "Sản phẩm đầu ra": "Danh mục TTHC được công khai",
        "Tình trạng theo thời hạn": "đang thực hiện (trong hạn)",
    }
    assert deadline_table(task_page(client, due_world, "III.6", user="staff_b"))["Tình trạng theo thời hạn"] == (
        "hoàn thành đúng hạn"
    )


def test_a_recurring_task_shows_its_rhythm_and_no_status(due_world, client):
    table = deadline_table(task_page(client, due_world, "II.1.1"))
    assert table["Thời hạn theo kế hoạch"] == "Hằng quý"
    assert table["Hạn hoàn thành"] == "—"
    assert table["Thực hiện định kỳ"] == "hằng quý"
    assert table["Tình trạng theo thời hạn"] == "thực hiện định kỳ, không có một thời hạn duy nhất"


def test_a_task_without_a_named_lead_says_no_report_can_close_it(due_world, client):
    table = deadline_table(task_page(client, due_world, "II.2.1.1"))
    assert table["Tình trạng theo thời hạn"].startswith("quá hạn chưa hoàn thành Kế hoạch không giao đơn vị chủ trì")


def test_the_task_page_shows_each_lead_s_part(due_world, client):
    world = due_world
    TaskUnit.objects.create(task=world.plan.tasks.get(ref="III.4"), unit=world.unit_a, role="lead")
    reported(world, world.unit_a, quarter(world), {"III.4": "done_on_time"})
    status = deadline_table(task_page(client, world, "III.4"))["Tình trạng theo thời hạn"]
    assert status == (
        "quá hạn chưa hoàn thành Phòng Tài chính - Thương mại: quá hạn chưa hoàn thành Phòng Nội chính: hoàn thành đúng hạn"
    )


def test_the_task_list_and_the_unit_page_show_deadlines_and_statuses(due_world, client):
    world = due_world
    client.force_login(world.users["staff"])
    with time_machine.travel(dt.datetime(2025, 7, 10, 9, tzinfo=dt.UTC)):
        tasks = parse(client.get(reverse("plan_tasks", args=[world.plan.pk])).content.decode())
        unit_page = client.get(reverse("unit_detail", args=[world.unit_a.pk])).content.decode()
    cells = {row.get("id"): " ".join(row.xpath('td[contains(@class, "task-deadline")]')[0].text_content().split())
             for row in tasks.xpath('//tr[starts-with(@id, "task-")]')}  # fmt: skip
    assert cells["task-III.4"] == "30/06/2025 quá hạn chưa hoàn thành"
    assert cells["task-III.6"] == "30/06/2025 hoàn thành đúng hạn"
    assert cells["task-II.1.1"] == "hằng quý"
    assert cells["task-III.1.1"] == "—"
    unit_cells = [" ".join(td.text_content().split())
                  for td in parse(unit_page).xpath('//td[contains(@class, "task-deadline")]')]  # fmt: skip
    assert unit_cells == ["31/07/2025 đang thực hiện (trong hạn)"]


def test_what_a_unit_chooses_in_its_report_takes_the_deadline_statuses_values_and_words():
    assert TaskEntry.Status.values == [status.value for status in TaskStatus]
    assert [str(label) for label in TaskEntry.Status.labels] == [
        "chưa triển khai",
        "đang thực hiện (trong hạn)",
        "hoàn thành đúng hạn",
        "hoàn thành quá hạn",
        "quá hạn chưa hoàn thành",
    ]
