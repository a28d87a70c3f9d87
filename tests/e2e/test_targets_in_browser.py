"""An indicator with two targets by year and the plan's baseline, as a person reads its page."""

import pytest
from playwright.sync_api import expect

from tests.e2e.test_plan_pages import log_in
from tests.test_yearly_targets import survey, two_targets

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NBSP = "\u00a0"


@pytest.mark.parametrize("width", [1280, 390])
def test_the_indicator_page_shows_both_targets_the_one_in_force_and_the_baseline(
    page, live_server, world, password_for, width
):
    target = two_targets(world)  # 2025: 80 %, 2026: 85 %; the plan states 75 % for 2024
    survey(world, target)  # 78,5 % in the second quarter of 2025
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, live_server.url, "leader", password_for(world.users["leader"]))
    page.goto(f"{live_server.url}/plans/{world.plan.pk}/indicators/3/?as_of=2026-03-01")

    card = page.locator("#target")
    expect(card.locator("header")).to_have_text("Mục tiêu đang áp dụng")
    expect(card.locator(".big")).to_have_text(f"85{NBSP}%")
    expect(card).to_contain_text("đến năm 2026")
    expect(card.locator("#baseline-card")).to_have_text(f"Giá trị gốc: Năm 2024: 75{NBSP}%")

    targets = page.locator("#targets .target")
    expect(targets).to_have_count(2)
    expect(targets.nth(0)).to_have_text(f"2025: 80{NBSP}% — ước không đạt (khảo sát Quý II/2025: 78,5{NBSP}%)")
    expect(targets.nth(1)).to_have_text(f"2026: 85{NBSP}% đang áp dụng")
    expect(page.locator("#targets .target.in-force .badge")).to_be_visible()
    expect(page.locator("#baseline")).to_have_text(f"Năm 2024: 75{NBSP}% (theo kế hoạch)")
    expect(page.locator("#assessment")).to_contain_text(f"Từ 75{NBSP}% năm 2024 đến 78,5{NBSP}% năm 2025.")
    expect(page.locator("#status-basis")).to_contain_text(f"so với mục tiêu 85{NBSP}% vào năm 2026")
    expect(page.locator(".chart-box svg")).to_be_visible()
    for part in ("#target", "#targets"):  # the targets fit the screen, a phone's too
        assert page.evaluate(f"document.querySelector('{part}').getBoundingClientRect().right") <= width

    menu = page.locator("header summary", has_text="Danh mục")
    if menu.is_visible():  # a phone: the language is in the folded menu
        menu.click()
    page.select_option("select[name=language]", "en")
    expect(page.locator("#target header")).to_have_text("Target in force")
    expect(page.locator("#baseline")).to_have_text(f"Year 2024: 75{NBSP}% (stated by the plan)")
    expect(page.locator("#targets .target.in-force")).to_have_text(f"2026: 85{NBSP}% in force")
