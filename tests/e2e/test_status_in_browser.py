"""A status that changes when a unit's 2025 value is approved, as the leader and the monitor see it."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from pcitrack.reporting import services
from tests.e2e.test_plan_pages import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [1280, 390])
def test_approving_a_2025_value_changes_the_indicator_s_status(page, live_server, world, password_for, width):
    page.set_viewport_size({"width": width, "height": 900})
    world.period()
    year = world.plan.periods.get(kind="year", year=2025)
    report = services.report_for(year, world.unit_a)
    entry = report.indicator_entries.get(target__no=3)  # 70 % of firms by 2025, led by Phòng Nội chính
    tasks = {e.task_id: ("done_on_time", "Đã hoàn thành.") for e in report.task_entries.all()}
    report = services.save_report(report, user=world.users["staff"], version=report.version, tasks=tasks,
                                  indicators={entry.target_id: (Decimal("72"), 300, "", "unit_report")})  # fmt: skip
    services.submit_report(report, user=world.users["head"], version=report.version)

    log_in(page, live_server.url, "monitor", password_for(world.users["monitor"]))
    scorecard = f"{live_server.url}/plans/{world.plan.pk}/scorecard/?as_of=2026-03-01"
    page.goto(scorecard)
    expect(page.locator("#as-of")).to_have_text("Tình trạng tính đến ngày 01/03/2026.")
    row = page.locator("#row-3")
    expect(row.locator(".status")).to_have_text("chưa đủ số liệu")
    row.get_by_role("link").first.click()
    expect(page.locator("#status-basis")).to_contain_text("Chưa có số liệu năm 2025")

    page.goto(f"{live_server.url}/reports/{report.pk}/")
    page.get_by_role("button", name="Duyệt", exact=True).click()
    expect(page.get_by_text("Đã duyệt báo cáo.")).to_be_visible()

    page.goto(scorecard)
    expect(row.locator(".status")).to_have_text("ước đạt")
    expect(row.locator(".basis")).to_contain_text("2025 · ước tính")
    row.get_by_role("link").first.click()
    expect(page.locator("#status-basis")).to_contain_text(
        "Theo báo cáo đã duyệt của đơn vị năm 2025 (ước tính, cho đến khi có kết quả chính thức): 72\u00a0% "
        "so với mục tiêu 70\u00a0%."
    )
