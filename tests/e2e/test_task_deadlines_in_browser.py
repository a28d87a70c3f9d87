"""The monitor opens the follow-up and reads, per unit, the tasks due within 30 days and those overdue."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.test_plan_pages import log_in
from tests.test_task_followup import set_deadline

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [1280, 390])
def test_the_follow_up_lists_due_and_overdue_tasks_per_unit(page, live_server, world, password_for, width):
    page.set_viewport_size({"width": width, "height": 900})
    today = timezone.localdate()
    soon, late = today + dt.timedelta(days=12), today - dt.timedelta(days=5)
    set_deadline(world.plan, "III.3", soon, "Trong tháng tới")
    set_deadline(world.plan, "III.4", late, "Tuần trước")
    set_deadline(world.plan, "III.5", today + dt.timedelta(days=90), "Quý sau")  # not yet on the list
    log_in(page, live_server.url, "monitor", password_for(world.users["monitor"]))
    page.goto(f"{live_server.url}/plans/{world.plan.pk}/follow-up/")

    section = page.locator("#task-deadlines")
    expect(section.get_by_role("heading", level=2)).to_contain_text("Nhiệm vụ sắp đến hạn và quá hạn")
    expect(section.get_by_role("heading", level=2)).to_contain_text(
        "1 nhiệm vụ chưa hoàn thành đến hạn trong 30 ngày tới, 1 nhiệm vụ quá hạn"
    )
    expect(section.get_by_role("heading", level=3)).to_have_text(["Phòng Nội chính", "Phòng Tài chính - Thương mại"])

    due = section.locator("table[data-unit='Phòng Nội chính'] tbody tr")
    expect(due).to_have_count(1)
    expect(due.locator("td").nth(0)).to_have_text("III.3")
    expect(due.locator("td").nth(2)).to_contain_text(soon.strftime("%d/%m/%Y"))
    expect(due.locator("td").nth(3)).to_contain_text("đang thực hiện (trong hạn)")
    expect(due.locator("td").nth(3)).to_contain_text("còn 12 ngày")

    overdue = section.locator("table[data-unit='Phòng Tài chính - Thương mại'] tbody tr")
    expect(overdue).to_have_count(1)
    expect(overdue.locator("td").nth(2)).to_contain_text(late.strftime("%d/%m/%Y"))
    expect(overdue.locator(".status")).to_have_text("quá hạn chưa hoàn thành")
    expect(overdue.locator("td").nth(3)).to_contain_text("quá hạn 5 ngày")
    expect(section).not_to_contain_text("III.5")

    overdue.get_by_role("link", name="III.4").click()
    expect(page.locator("#deadline-status")).to_contain_text("quá hạn chưa hoàn thành")
    expect(page.locator("#task-deadline")).to_contain_text("Tuần trước")
