"""Targets in words (core/targets.py) and the way an indicator points (plan parser, core/indicators.py)."""

import pytest

from pcitrack.core.indicators import direction_from_wording
from pcitrack.core.plan_parser import parse_plan_text
from pcitrack.core.targets import DOWN, UP, TargetReading, read_target


@pytest.mark.parametrize(
    "text,expected",
    [
        ("70%", TargetReading(70, None, "%")),
        ("52,61", TargetReading(52.61, None, None)),
        ("Đạt 100%", TargetReading(100, None, "%")),
        ("≥ 99%", TargetReading(99, UP, "%")),
        ("tối thiểu 99", TargetReading(99, UP, None)),
        ("Từ 80% trở lên", TargetReading(80, UP, "%")),
        ("không quá 3", TargetReading(3, DOWN, None)),
        ("≤ 3 ngày", TargetReading(3, DOWN, "ngày")),
        ("Tối đa 5 ngày", TargetReading(5, DOWN, "ngày")),
        ("Tăng 2 - 4 bậc", TargetReading(None)),  # a text target: no number invented
        ("Duy trì", TargetReading(None)),
        ("Đạt chuẩn", TargetReading(None)),
        ("", TargetReading(None)),
    ],
)
def test_a_target_in_words_gives_its_number_and_the_way_it_points(text, expected):
    assert read_target(text) == expected


@pytest.mark.parametrize(
    "name,direction",
    [
        ("Việc tỉnh ưu ái cho DN lớn gây khó khăn cho doanh nghiệp (% Đồng ý)", "down"),
        ("Tỷ lệ DN cho rằng thủ tục không gây khó khăn (% Đồng ý)", "up"),
        ("Số ngày chờ đợi để nhận được thông tin", "down"),
        ("DN phải đi lại nhiều lần để hoàn tất thủ tục (%)", "down"),
        ("DN không phải đi lại nhiều lần để hoàn tất thủ tục (%)", "up"),
    ],
)
def test_the_wording_heuristic_reads_a_negation_as_good_news(name, direction):
    assert direction_from_wording(name) == direction


TABLE = """KẾ HOẠCH
Phụ lục
CHỈ TIÊU
STT\tChỉ tiêu\tMục tiêu năm 2025\tĐơn vị chủ trì
1.\tTỷ lệ hồ sơ giải quyết đúng hạn (%)\t≥ 99%\tTrung tâm Phục vụ hành chính công tỉnh
2.\tSố ngày giải quyết thủ tục đất đai (ngày)\tkhông quá 3\tSở Nông nghiệp và Môi trường
3.\tXếp hạng chỉ số PCI\tTăng 2 - 4 bậc\tVăn phòng UBND tỉnh
"""


def test_a_plan_s_explicit_signs_decide_the_direction_and_text_targets_stay_text():
    indicators = {i.no: i for i in parse_plan_text(TABLE).indicators}
    assert (indicators[1].target, indicators[1].direction, indicators[1].direction_source) == (99, "up", "target")
    assert (indicators[2].target, indicators[2].direction, indicators[2].direction_source) == (3, "down", "target")
    assert (indicators[3].target, indicators[3].target_text) == (None, "Tăng 2 - 4 bậc")
