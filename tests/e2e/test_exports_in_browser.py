import openpyxl
import pytest
from playwright.sync_api import expect

from tests.e2e.test_plan_pages import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_leader_downloads_the_filtered_scorecard_as_a_workbook(page, live_server, world, password_for):
    world.observation(2, 2013, 37.1)
    world.observation(2, 2016, 78.5)
    password = password_for(world.users["leader"])
    log_in(page, live_server.url, "leader", password)
    page.goto(f"{live_server.url}/plans/{world.plan.pk}/scorecard/?as_of=2018-01-01")
    page.select_option("select[name=unit]", label="Phòng Nội chính")
    page.get_by_role("button", name="Xem").click()
    expect(page.locator("table.scorecard tbody tr")).to_have_count(2)

    with page.expect_download() as info:
        page.get_by_role("button", name="Tải Excel").click()
    download = info.value
    assert download.suggested_filename == "bang-theo-doi-chi-tieu-01-01-2018.xlsx"
    with open(download.path(), "rb") as file:  # a temporary name without the .xlsx openpyxl looks for
        ws = openpyxl.load_workbook(file).active
    rows = list(ws.iter_rows(max_row=6, values_only=True))
    assert rows[0][0].startswith("Bảng theo dõi — Kế hoạch: Triển khai thực hiện Nghị quyết số 02/NQ-CP")
    assert rows[1][0] == "Tình trạng tính đến ngày 01/01/2018."
    assert rows[2][0] == "Đơn vị: Phòng Nội chính"
    assert rows[3][:4] == ("STT", "Chỉ tiêu", "Đơn vị tính", "Giá trị mới nhất")
    assert rows[4][0] == 2 and rows[4][3] == 78.5 and rows[4][11] == "đúng tiến độ"
    assert rows[5][0] == 3 and rows[5][3] is None
