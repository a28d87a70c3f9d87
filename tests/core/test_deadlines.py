"""Deadlines as plans write them (core/deadlines.py)."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pcitrack.core.deadlines import CONTINUOUS, MONTHLY, QUARTERLY, YEARLY, Deadline, read_deadline, stated_deadline


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Quý II/2025", Deadline(dt.date(2025, 6, 30))),
        ("quý IV năm 2025", Deadline(dt.date(2025, 12, 31))),
        ("Quý 1/2026", Deadline(dt.date(2026, 3, 31))),
        ("Quý I - II/2025", Deadline(dt.date(2025, 6, 30))),
        ("Tháng 9/2025", Deadline(dt.date(2025, 9, 30))),
        ("tháng 2 năm 2024", Deadline(dt.date(2024, 2, 29))),
        ("Trước ngày 30/6/2025", Deadline(dt.date(2025, 6, 30))),
        ("Năm 2025", Deadline(dt.date(2025, 12, 31))),
        ("Trong năm 2025", Deadline(dt.date(2025, 12, 31))),
        ("6 tháng đầu năm 2025", Deadline(dt.date(2025, 6, 30))),
        ("6 tháng cuối năm 2025", Deadline(dt.date(2025, 12, 31))),
        ("Thường xuyên", Deadline(recurring=CONTINUOUS)),
        ("Hằng năm", Deadline(recurring=YEARLY)),
        ("Hàng quý", Deadline(recurring=QUARTERLY)),
        ("Hằng tháng", Deadline(recurring=MONTHLY)),
        ("", Deadline()),
        ("Theo chỉ đạo", Deadline()),
        ("31/2/2025", Deadline()),  # no such day: no deadline rather than a wrong one
        ("Tháng 13/2025", Deadline()),
    ],
)
def test_a_deadline_cell_reads_as_a_date_or_a_rhythm(text, expected):
    assert read_deadline(text) == expected
    assert read_deadline(text).found is (expected != Deadline())


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Rà soát, trình UBND tỉnh ban hành kế hoạch, hoàn thành trước ngày 30/6/2025.", dt.date(2025, 6, 30)),
        ("Tổ chức hội nghị đối thoại với doanh nghiệp trong quý III/2025.", dt.date(2025, 9, 30)),
        ("Thực hiện chậm nhất tháng 9/2025.", dt.date(2025, 9, 30)),
        ("Phấn đấu tăng 10% so với năm 2024.", None),  # a comparison, not a deadline
        ("Niêm yết công khai 100% thủ tục hành chính.", None),
    ],
)
def test_a_deadline_written_inside_a_task_is_found(text, expected):
    assert stated_deadline(text)[0].date == expected


@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2099, 12, 31)))
def test_any_date_written_the_vietnamese_way_reads_back(day):
    assert read_deadline(f"Trước ngày {day.day}/{day.month}/{day.year}").date == day
    assert stated_deadline(f"Hoàn thành trước ngày {day.day:02d}/{day.month:02d}/{day.year}.")[0].date == day


@given(st.integers(1990, 2099), st.integers(1, 4))
def test_a_quarter_ends_on_the_last_day_of_its_third_month(year, quarter):
    end = read_deadline(f"Quý {quarter}/{year}").date
    assert end.month == quarter * 3 and (end + dt.timedelta(days=1)).day == 1
