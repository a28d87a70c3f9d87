"""Every page fits a phone from 360 px up, as every role; the menu opens; the scorecard and follow-up print."""

import shutil
import subprocess

import pytest
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.conftest import REPORT_CSP_VIOLATIONS
from tests.e2e.test_plan_pages import SHOTS, log_in
from tests.test_access import TABLE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PERSONAS = {"monitor": "monitor", "leader": "leader", "head": "head_a", "staff": "staff_a"}
WIDTHS = (360, 390)
# What no browser page shows: files, log-in and log-out, the health check for machines.
NOT_PAGES = {"healthz", "login", "logout", "set_language", "plan_scorecard_xlsx", "plan_follow_up_xlsx",
             "official_report_download", "evidence_download"}  # fmt: skip
OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"


def _world_with_everything(world):
    world.observation(2, 2016, 78.5)
    world.own_value(2)
    world.pending_value(2)
    world.evidence()
    return world


def _pages(world, persona):
    """The GET pages of the URL table that the persona may open (200 and HTML), with their paths."""
    client = Client()
    client.force_login(world.users[persona])
    pages = []
    for name, (args_of, expected) in sorted(TABLE.items()):
        if name in NOT_PAGES or expected.get(persona) != 200:
            continue
        url = reverse(name, args=args_of(world))
        response = client.get(url)
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            pages.append((name, url))
    return pages


def _sideways(page) -> int:
    return page.evaluate(OVERFLOW)


def _wider_than_screen(page) -> list[str]:
    """The elements that stick out past the right edge of the screen (for the failure message)."""
    return page.evaluate(
        """() => [...document.querySelectorAll('body *')].filter(e => {
             const r = e.getBoundingClientRect();
             return r.right > window.innerWidth + 1 && !e.closest('table, .table-wrap');
           }).slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + (e.textContent || '').trim().slice(0, 40))"""
    )


@pytest.fixture
def phone(browser):
    context = browser.new_context(locale="vi-VN", viewport={"width": WIDTHS[0], "height": 800})
    context.add_init_script(REPORT_CSP_VIOLATIONS)
    page = context.new_page()
    page.set_default_timeout(20_000)
    blocked = []
    page.on("console", lambda m: m.type == "error" and "Content Security Policy" in m.text and blocked.append(m.text))
    yield page
    context.close()
    assert not blocked, blocked


@pytest.mark.parametrize("persona", sorted(PERSONAS))
def test_no_page_scrolls_sideways_on_a_phone(phone, live_server, world, password_for, persona):
    world = _world_with_everything(world)
    pages = _pages(world, persona)
    assert len(pages) >= 10, pages
    log_in(phone, live_server.url, PERSONAS[persona], password_for(world.users[persona]))
    SHOTS.mkdir(exist_ok=True)
    wrong = []
    for name, url in pages:
        phone.set_viewport_size({"width": WIDTHS[0], "height": 800})
        response = phone.goto(live_server.url + url)
        assert response.status == 200, url
        for width in WIDTHS:
            phone.set_viewport_size({"width": width, "height": 800})
            if _sideways(phone) > 1:
                wrong.append(f"{name} at {width} px: {_sideways(phone)} px too wide {_wider_than_screen(phone)}")
            if width == WIDTHS[0]:
                phone.screenshot(path=str(SHOTS / f"layout-{persona}-{name}-{width}.png"), full_page=True)
    assert not wrong, "\n".join(wrong)


def test_the_menu_opens_on_a_phone_and_stays_open_on_a_desktop(phone, live_server, world, password_for):
    log_in(phone, live_server.url, "monitor", password_for(world.users["monitor"]))
    units = phone.locator("header").get_by_role("link", name="Đơn vị", exact=True)
    menu = phone.locator("header summary", has_text="Danh mục")
    for width in WIDTHS:
        phone.set_viewport_size({"width": width, "height": 800})
        phone.goto(f"{live_server.url}/plans/{world.plan.pk}/")
        expect(menu).to_be_visible()
        expect(units).to_be_hidden()
        menu.click()
        for name in ("Kế hoạch", "Đơn vị", "PCI"):
            expect(phone.locator("header").get_by_role("link", name=name, exact=True)).to_be_in_viewport()
        expect(phone.get_by_role("button", name="Đăng xuất")).to_be_visible()
        search = phone.locator("header input[name=q]")
        expect(search).to_be_visible()
        assert _sideways(phone) <= 1
        phone.screenshot(path=str(SHOTS / f"layout-menu-open-{width}.png"), full_page=True)
        units.click()
        expect(phone.locator("h1")).to_have_text("Đơn vị")

    # The search box in the menu finds a unit without its accents, and keeps the words.
    menu.click()
    phone.locator("header input[name=q]").fill("noi chinh")
    phone.locator("header input[name=q]").press("Enter")
    expect(phone.locator("#found-units")).to_contain_text("Phòng Nội chính")
    expect(phone.locator("main input[name=q]")).to_have_value("noi chinh")
    assert _sideways(phone) <= 1

    phone.set_viewport_size({"width": 1280, "height": 900})
    expect(menu).to_be_hidden()
    expect(units).to_be_visible()
    phone.screenshot(path=str(SHOTS / "layout-search-1280.png"), full_page=True)


def test_the_skip_link_shows_on_focus_and_leads_to_the_content(phone, live_server, world, password_for):
    log_in(phone, live_server.url, "staff_a", password_for(world.users["staff"]))
    skip = phone.get_by_role("link", name="Bỏ qua đến nội dung chính")
    expect(skip).not_to_be_in_viewport()
    phone.keyboard.press("Tab")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    phone.keyboard.press("Enter")
    assert phone.url.endswith("#main")


def _pdf_text(path) -> str:
    if not shutil.which("pdftotext"):
        return ""
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def _printed(page, tmp_path, name) -> str:
    path = tmp_path / f"{name}.pdf"
    page.pdf(path=str(path), prefer_css_page_size=True, print_background=True)
    assert path.stat().st_size > 1000
    shutil.copy(path, SHOTS / f"print-{name}.pdf")
    return _pdf_text(path)


def _print_media_hides_the_chrome(page):
    page.emulate_media(media="print")
    expect(page.locator("body > header")).to_be_hidden()
    expect(page.locator("body > footer")).to_be_hidden()
    expect(page.locator(".tabs")).to_be_hidden()
    expect(page.get_by_role("button").first).to_be_hidden()
    assert page.evaluate("getComputedStyle(document.querySelector('thead')).display") == "table-header-group"
    assert page.evaluate("getComputedStyle(document.querySelector('tbody tr')).breakInside") == "avoid"
    status = page.locator(".status").first
    assert status.evaluate("e => getComputedStyle(e).printColorAdjust") == "exact"


def test_the_scorecard_and_the_follow_up_print(page, live_server, world, password_for, tmp_path):
    world.period()
    world.report()
    SHOTS.mkdir(exist_ok=True)
    log_in(page, live_server.url, "monitor", password_for(world.users["monitor"]))

    page.goto(f"{live_server.url}/plans/{world.plan.pk}/scorecard/")
    rows = page.locator("table.scorecard tbody tr")
    first = rows.first.locator("td").nth(1).inner_text().split()[:3]
    last = rows.last.locator("td").nth(1).inner_text().split()[:3]
    _print_media_hides_the_chrome(page)
    text = " ".join(_printed(page, tmp_path, "scorecard").split())
    if text:
        assert " ".join(first) in text and " ".join(last) in text
        assert "Đăng xuất" not in text and "Tải Excel" not in text

    page.emulate_media(media="screen")
    page.goto(f"{live_server.url}/plans/{world.plan.pk}/follow-up/")
    units = page.locator("table.matrix tbody th")
    first, last = units.first.inner_text(), units.last.inner_text()
    _print_media_hides_the_chrome(page)
    assert page.evaluate("getComputedStyle(document.querySelector('main')).page") == "wide"  # landscape
    text = " ".join(_printed(page, tmp_path, "follow-up").split())
    if text:
        assert first in text and last in text
        assert "Đăng xuất" not in text
