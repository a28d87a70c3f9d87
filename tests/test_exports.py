"""The scorecard and the follow-up matrix downloaded as Excel workbooks, read back as a person opens them."""

import datetime as dt
import io
import re

import openpyxl
from django.urls import reverse
from django.utils import timezone

from pcitrack.monitoring.models import Observation
from pcitrack.plans.models import Indicator, PlanTarget
from pcitrack.reporting.models import UnitReport
from tests.test_monitoring import queries

HEADER = ["STT", "Chỉ tiêu", "Đơn vị tính", "Giá trị mới nhất", "Kỳ", "Nguồn", "Giá trị gốc", "Năm gốc",
          "Mục tiêu đang áp dụng", "Năm mục tiêu", "Mục tiêu theo năm", "Tình trạng", "Căn cứ/lý do", "Xu hướng",
          "Đơn vị chủ trì"]  # fmt: skip
STATUS, REASON, TREND = 11, 12, 13


def workbook(response):
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return openpyxl.load_workbook(io.BytesIO(response.content))


def in_english(client, user):
    client.force_login(user)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})


def by_number(ws) -> dict:
    """The indicator rows under the header (row 4), by their number in the plan."""
    return {row[0].value: row for row in ws.iter_rows(min_row=5) if row[0].value is not None}


def test_the_scorecard_workbook_has_real_numbers_vietnamese_words_and_its_as_of_date(client, world):
    world.observation(13, 2013, 55.6)
    world.observation(13, 2016, 1276.8)
    world.observation(12, 2016, 52.61)
    in_english(client, world.users["leader"])  # the sheet is in the office's language all the same
    response = client.get(reverse("plan_scorecard_xlsx", args=[world.plan.pk]), {"as_of": "2018-01-01"})
    ws = workbook(response).active

    assert response["Content-Disposition"] == 'attachment; filename="bang-theo-doi-chi-tieu-01-01-2018.xlsx"'
    assert ws["A1"].value == f"Bảng theo dõi — Kế hoạch: {world.plan.title}"
    assert ws["A2"].value == "Tình trạng tính đến ngày 01/01/2018."
    assert [c.value for c in ws[4]] == HEADER
    assert ws.freeze_panes == "C5"
    rows = by_number(ws)
    assert sorted(rows) == list(range(1, 19))
    no, name, unit, latest, period, source, base, base_year, target, year, by_year, status, reason, trend, lead = rows[
        13
    ]
    assert (base.value, base_year.value, by_year.value) == (None, None, "2025: 60\u00a0%")
    assert (latest.data_type, latest.value, latest.number_format) == ("n", 1276.8, "[$-42A]#,##0.0###")
    assert (target.data_type, target.value, target.number_format) == ("n", 60, "[$-42A]#,##0")  # no "60,"
    assert (year.value, year.number_format) == (2025, "0")
    assert (unit.value, period.value, source.value) == ("%", "2016", "kết quả PCI chính thức")
    assert status.value == "đã đạt mục tiêu"
    assert reason.value == (
        "Theo kết quả PCI chính thức năm 2016: 1.276,8\u00a0%, so với mục tiêu 60\u00a0% vào năm 2025."
    )
    assert trend.value == "tăng (tốt lên)"
    assert lead.value == "Cổng Thông tin điện tử tỉnh"
    assert rows[12][3].value == 52.61 and rows[12][STATUS].value == "đã đạt mục tiêu"
    empty = rows[1]
    assert (empty[3].value, empty[4].value, empty[STATUS].value, empty[REASON].value) == (
        None, None, "chưa đủ số liệu", "Chưa có số liệu."
    )  # fmt: skip
    assert ws.column_dimensions["B"].width > ws.column_dimensions["A"].width


def test_an_estimate_reads_as_estimated_and_a_worse_movement_says_so(client, world):
    world.own_value(3, 2024, 80)
    world.own_value(3, 2025, 75)
    world.observation(6, 2013, 4)
    world.observation(6, 2016, 9)  # days to get documents: lower is better
    client.force_login(world.users["monitor"])
    url = reverse("plan_scorecard_xlsx", args=[world.plan.pk])
    rows = by_number(workbook(client.get(url, {"as_of": "2026-03-01"})).active)
    assert rows[3][STATUS].value == "ước đạt" and rows[3][5].value == "số liệu hành chính (ước tính)"
    assert "ước tính" in rows[3][REASON].value
    assert rows[3][TREND].value == "giảm (xấu đi)"
    assert rows[6][TREND].value == "tăng (xấu đi)"


def test_the_scorecard_workbook_shows_the_rows_the_page_shows(client, world):
    world.observation(13, 2013, 55.6)
    world.observation(13, 2016, 76.8)
    world.observation(2, 2016, 78.5)
    client.force_login(world.users["staff"])
    page_url = reverse("plan_scorecard", args=[world.plan.pk])
    for filters, label in [
        ({"unit": world.unit_a.pk, "as_of": "2018-01-01"}, "Đơn vị: Phòng Nội chính"),
        ({"status": "target_achieved", "as_of": "2018-01-01"}, "Tình trạng: đã đạt mục tiêu"),
        ({"status": "not_available", "unit": world.unit_b.pk}, "Đơn vị: Phòng Tài chính - Thương mại; "
                                                               "Tình trạng: chưa đủ số liệu"),
    ]:  # fmt: skip
        html = client.get(page_url, filters).content.decode()
        on_page = sorted(int(n) for n in re.findall(r'<tr id="row-(\d+)"', html))  # the sheet: in plan order
        link = re.search(r'<a href="([^"]+)" id="scorecard-xlsx"', html).group(1).replace("&amp;", "&")
        ws = workbook(client.get(link)).active
        assert list(by_number(ws)) == on_page and on_page, filters
        assert ws["A3"].value == label
        if "as_of" in filters:
            assert ws["A2"].value == "Tình trạng tính đến ngày 01/01/2018."
    assert on_page == [5, 6, 11, 14, 15, 16, 17, 18]


def test_the_scorecard_link_carries_the_page_s_filters(client, world):
    client.force_login(world.users["leader"])
    page = client.get(reverse("plan_scorecard", args=[world.plan.pk]),
                      {"as_of": "2018-01-01", "unit": world.unit_a.pk, "status": "on_track"})  # fmt: skip
    html = page.content.decode()
    link = reverse("plan_scorecard_xlsx", args=[world.plan.pk])
    assert f'href="{link}?as_of=2018-01-01&amp;unit={world.unit_a.pk}&amp;status=on_track"' in html
    assert "Tải Excel" in html
    plain = client.get(reverse("plan_scorecard", args=[world.plan.pk])).content.decode()
    assert f'href="{link}" id="scorecard-xlsx"' in plain


def test_formula_like_text_stays_text(client, world):
    target = world.plan.targets.get(no=12)
    target.indicator.name = '=HYPERLINK("http://evil.example/","Bấm")'
    target.indicator.save()
    world.observation(12, 2016, -3.5)
    client.force_login(world.users["monitor"])
    ws = workbook(client.get(reverse("plan_scorecard_xlsx", args=[world.plan.pk]))).active
    row = by_number(ws)[12]
    assert (row[1].data_type, row[1].value) == ("s", "'" + target.indicator.name)
    assert (row[3].data_type, row[3].value) == ("n", -3.5)
    assert not any(cell.data_type == "f" for r in ws.iter_rows() for cell in r)


def test_another_office_gets_404_and_unit_staff_cannot_download_the_follow_up(client, world):
    scorecard = reverse("plan_scorecard_xlsx", args=[world.plan.pk])
    follow_up = reverse("plan_follow_up_xlsx", args=[world.plan.pk])
    for persona in ("monitor_b", "leader_b", "staff_ob"):
        client.force_login(world.users[persona])
        assert client.get(scorecard).status_code == 404
        assert client.get(follow_up).status_code == 404
    client.force_login(world.users["staff"])
    assert client.get(scorecard).status_code == 200
    assert client.get(follow_up).status_code == 403
    client.logout()
    assert client.get(scorecard).status_code == 302


def test_scorecard_workbook_queries_do_not_grow_with_indicators(client, world):
    client.force_login(world.users["leader"])
    url = reverse("plan_scorecard_xlsx", args=[world.plan.pk])
    world.observation(1, 2013, 30)
    client.get(url)  # the first visit remembers the plan in the session; later ones read it
    small = queries(lambda: client.get(url))
    Observation.objects.all().delete()
    for no in range(19, 79):
        indicator = Indicator.objects.create(
            office=world.office, name=f"Chỉ tiêu thử {no}", key=f"chi tieu thu {no}", unit_of_measure="%"
        )
        PlanTarget.objects.create(plan=world.plan, indicator=indicator, no=no, target_value=80, target_year=2025)
    Observation.objects.bulk_create(
        Observation(office=world.office, indicator=t.indicator, year=year, source="pci", value=40 + year % 7,
                    accepted_value=40 + year % 7)
        for t in world.plan.targets.all()
        for year in range(2013, 2025)
    )  # fmt: skip
    large = queries(lambda: client.get(url))
    assert len(by_number(workbook(client.get(url)).active)) == 78
    assert large == small


def test_the_follow_up_workbook_has_the_matrix_due_dates_and_summary(client, world):
    first = world.period()
    approved = world.report()
    UnitReport.objects.filter(pk=approved.pk).update(
        status="approved", first_submitted_at=dt.datetime.combine(first.due, dt.time(9), tzinfo=dt.UTC)
    )
    periods = list(world.plan.periods.all())
    in_english(client, world.users["leader"])
    response = client.get(reverse("plan_follow_up_xlsx", args=[world.plan.pk]))
    book = workbook(response)
    ws = book["Theo dõi báo cáo"]
    today = timezone.localdate()

    assert response["Content-Disposition"] == f'attachment; filename="theo-doi-bao-cao-{today:%d-%m-%Y}.xlsx"'
    assert ws["A1"].value == f"Báo cáo theo đơn vị và kỳ — Kế hoạch: {world.plan.title}"
    assert ws["A2"].value == f"Tình hình nộp báo cáo tính đến ngày {today:%d/%m/%Y}."
    header = [c.value for c in ws[4]]
    assert header == ["Đơn vị", *(p.label for p in periods), "Đúng hạn", "Số kỳ đã đến hạn", "Tỷ lệ"]
    assert header[1] == "Quý I/2024"
    due = [c for c in ws[5]][1 : len(periods) + 1]
    assert ws["A5"].value == "Hạn nộp"
    assert [c.value.date() for c in due] == [p.due for p in periods]
    assert all(c.is_date and c.number_format == "dd/mm/yyyy" for c in due)
    units = {row[0].value: row for row in ws.iter_rows(min_row=6)}
    assert "Phòng Nội chính" in units and "Phòng Tài chính - Thương mại" in units
    nc, tc = units["Phòng Nội chính"], units["Phòng Tài chính - Thương mại"]
    assert nc[1].value == "đã duyệt"  # submitted on its due day: on time
    assert tc[1].value == "chưa bắt đầu, trễ hạn"
    closed = sum(1 for p in periods if p.due < today)
    on_time, due_count, rate = nc[-3], nc[-2], nc[-1]
    assert (on_time.value, due_count.value) == (1, closed) and on_time.data_type == "n"
    assert rate.value == 1 / closed and rate.number_format == "0%"
    assert (tc[-3].value, tc[-1].value) == (0, 0)

    overdue = book["Quá hạn"]
    listed = [(r[0].value, r[1].value, r[3].value) for r in overdue.iter_rows(min_row=5)]
    assert ("Phòng Tài chính - Thương mại", "Quý I/2024", "chưa bắt đầu") in listed
    assert not [row for row in listed if row[0] == "Phòng Nội chính" and row[1] == "Quý I/2024"]
    assert overdue["A1"].value == f"Quá hạn ({len(listed)})"
    assert overdue["C5"].is_date and overdue["C5"].number_format == "dd/mm/yyyy"

    page = client.get(reverse("plan_follow_up", args=[world.plan.pk])).content.decode()
    assert f'href="{reverse("plan_follow_up_xlsx", args=[world.plan.pk])}" id="follow-up-xlsx"' in page
