"""Appendix tables read by what their columns mean (core/appendix.py), in the layouts provinces use."""

import datetime as dt
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from hypothesis import given, settings
from hypothesis import strategies as st

from pcitrack.core import appendix
from pcitrack.core.docx_reader import docx_to_text
from pcitrack.core.measures import read_measure
from pcitrack.core.plan_files import read_plan_file
from pcitrack.core.plan_parser import _lines, parse_plan_text
from tests.docx_builder import build_docx_tables

PLANS = Path(__file__).resolve().parents[1] / "fixtures" / "plans"
TASK_TABLE = PLANS / "task_table_ke_hoach.txt"
MERGED = PLANS / "merged_header_quyet_dinh.txt"
# The merged plan's indicator header as Word holds it: groups spanning two years, the other cells spanning two rows.
MERGED_WORD_HEADER = [
    ["STT", "Tên chỉ tiêu", "Đơn vị tính", "Kết quả thực hiện", "<", "Mục tiêu", "<", "Cơ quan chủ trì", "Cơ quan phối hợp"],
    ["^", "^", "^", "Năm 2023", "Năm 2024", "Năm 2025", "Năm 2026", "^", "^"],
]  # fmt: skip


def parsed(path):
    return parse_plan_text(read_plan_file(path)).to_dict()


def roles(header: str, plan_year=2025, below: str | None = None, width: int | None = None):
    width = width or header.count("|") - 1
    text = "Phụ lục\n" + header + ("\n" + below if below else "") + "\n| 1 | Tên |" + " 5 |" * (width - 2)
    (table,) = appendix.find_tables(_lines(text), plan_year)
    return [(c.role, c.year) for c in table.columns]


@pytest.mark.parametrize(
    "header,expected",
    [
        (
            "| STT | Chỉ tiêu | Điểm số định hướng đến năm 2025 | Đơn vị chủ trì | Đơn vị phối hợp |",
            [("no", None), ("name", None), ("target", 2025), ("lead", None), ("support", None)],
        ),
        (
            "| TT | Nội dung | ĐVT | Kết quả năm 2024 | Mục tiêu năm 2026 | Cơ quan chủ trì |",
            [("no", None), ("name", None), ("measure", None), ("history", 2024), ("target", 2026), ("lead", None)],
        ),
        (
            "| STT | Tên chỉ tiêu | Đơn vị tính | Thực hiện 2024 | Chỉ tiêu 2025 | Kế hoạch 2026 | Ghi chú |",
            [("no", None), ("name", None), ("measure", None), ("history", 2024), ("target", 2025)]
            + [("target", 2026), ("note", None)],
        ),
        (  # a bare year is history when another column holds the targets
            "| STT | Chỉ tiêu | Năm 2023 | Năm 2024 | Mục tiêu 2025 | Mục tiêu 2026 | Đơn vị chủ trì |",
            [("no", None), ("name", None), ("history", 2023), ("history", 2024), ("target", 2025)]
            + [("target", 2026), ("lead", None)],
        ),
        (  # ... and, alone, a target from the plan's year on
            "| STT | Chỉ tiêu | Hiện trạng | Năm 2025 | Năm 2026 | Đơn vị thực hiện |",
            [("no", None), ("name", None), ("history", None), ("target", 2025), ("target", 2026), ("lead", None)],
        ),
        (
            "| TT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành | Sản phẩm |",
            [("no", None), ("name", None), ("lead", None), ("support", None), ("deadline", None), ("output", None)],
        ),
        (
            "| STT | Nội dung công việc | Đơn vị chủ trì | Thời gian thực hiện | Kết quả đầu ra |",
            [("no", None), ("name", None), ("lead", None), ("deadline", None), ("output", None)],
        ),
    ],
)
def test_each_column_is_read_for_what_it_means(header, expected):
    assert roles(header) == expected


def test_a_two_row_header_joins_each_year_to_its_group():
    padded = roles(
        "| STT | Chỉ tiêu | Kết quả thực hiện | | Mục tiêu | | Đơn vị chủ trì |",
        below="| | | Năm 2023 | Năm 2024 | Năm 2025 | Năm 2026 | |",
    )
    dropped = roles(  # copied from a web page: the spanned cells are gone
        "| STT | Chỉ tiêu | Kết quả thực hiện | Mục tiêu | Đơn vị chủ trì |",
        below="| Năm 2023 | Năm 2024 | Năm 2025 | Năm 2026 |",
        width=7,
    )
    expected = [("no", None), ("name", None), ("history", 2023), ("history", 2024), ("target", 2025)]
    assert padded == dropped == expected + [("target", 2026), ("lead", None)]


def test_the_row_numbering_the_columns_is_not_an_indicator():
    text = "Phụ lục\n| STT | Chỉ tiêu | Mục tiêu 2025 | Đơn vị chủ trì |\n| (1) | (2) | (3) | (4) |\n| 1 | Tỷ lệ A (%) | 70% | Sở X |"
    (table,) = appendix.find_tables(_lines(text))
    assert [row.cells[1] for row in table.rows] == ["Tỷ lệ A (%)"]


def test_a_table_whose_header_says_nothing_known_is_named_in_a_warning_and_not_read():
    data = parsed(MERGED)
    unread = [w["message"] for w in data["warnings"] if w["code"] == "appendix_unreadable"]
    assert unread == [
        "The table “PHỤ LỤC 2: KINH PHÍ THỰC HIỆN KẾ HOẠCH” (columns: STT | Nguồn vốn | Số tiền | Ghi chú) was not "
        "read: its header does not say which column holds the indicators or the tasks."
    ]
    assert "Ngân sách tỉnh" not in json.dumps(data, ensure_ascii=False)


@pytest.fixture(scope="module")
def task_table():
    return parsed(TASK_TABLE)


def test_a_task_table_gives_tasks_with_units_deadlines_and_outputs(task_table):
    tasks = {t["ref"]: t for t in task_table["tasks"] if t["ref"].startswith("PL")}
    got = {
        ref: (t["lead"], t["support"] + t["support_groups"], t["deadline"], t["recurrence"], t["output"])
        for ref, t in tasks.items()
    }
    assert got == {
        "PLI.1": (["Sở Tài chính"], ["Thuế tỉnh"], "2025-06-30", None, "Báo cáo kết quả thực hiện"),
        "PLI.2": (
            ["Văn phòng Ủy ban nhân dân tỉnh"], ["Các sở, ban, ngành"], None, "continuous",
            "Bộ thủ tục hành chính được công khai",
        ),
        "PLI.3": (["Sở Khoa học và Công nghệ"], ["Sở Tài chính"], "2025-09-30", None, "Chuyên mục hỏi - đáp"),
        "PLI.4": (
            ["Sở Tư pháp"], ["Văn phòng Ủy ban nhân dân tỉnh"], "2025-06-30", None,
            "Quyết định của Ủy ban nhân dân tỉnh",
        ),
        "PLI.5": (["Sở Tài chính"], ["Hiệp hội Doanh nghiệp tỉnh"], None, "quarterly", "Hội nghị đối thoại"),
        "PLI.6": (["Sở Tài chính"], ["Các sở, ban, ngành"], "2025-06-30", None, "Báo cáo Ủy ban nhân dân tỉnh"),
        "PLI.7": (["Sở Tài chính"], ["Các sở, ban, ngành"], "2025-12-31", None, "Báo cáo tổng kết"),
        "PLI.8": (["Sở Tài chính"], [], None, None, "Báo cáo khảo sát"),
    }  # fmt: skip
    assert all(t["kind"] == "task" and t["section"] == "PLI" for t in tasks.values())
    assert tasks["PLI.3"]["section_title"] == "II. Chỉ số Tính minh bạch"
    assert [t["recurring"] for t in tasks.values()] == [False, True, False, False, True, False, False, False]
    assert tasks["PLI.8"]["deadline_text"] == "Khi có yêu cầu"
    assert "Task PLI.8: the deadline “Khi có yêu cầu” is not a date or a period; it is kept as written." in [
        w["message"] for w in task_table["warnings"]
    ]


def test_deadlines_written_inside_narrative_tasks_are_read(task_table):
    tasks = {t["ref"]: t for t in task_table["tasks"]}
    assert (tasks["II.2"]["deadline"], tasks["II.2"]["deadline_text"]) == ("2025-06-30", "trước ngày 30/6/2025")
    assert (tasks["II.3"]["deadline"], tasks["II.3"]["deadline_text"]) == ("2025-09-30", "Quý III/2025")
    assert tasks["III.1"]["deadline"] is None and tasks["III.1"]["recurring"] is False


def test_an_indicator_table_over_several_years_gives_targets_by_year_and_a_baseline(task_table):
    by_no = {i["no"]: i for i in task_table["indicators"]}
    assert by_no[1]["targets"] == [{"year": 2025, "value": 9.0, "text": "9"}, {"year": 2026, "value": 8.0, "text": "8"}]
    assert (by_no[1]["target"], by_no[1]["target_year"], by_no[1]["baseline"]) == (
        8.0,
        2026,
        {"year": 2024, "value": 10.2},
    )
    assert [t["text"] for t in by_no[3]["targets"]] == ["Tăng 2 - 4 bậc", "Duy trì"] and by_no[3]["target"] is None
    assert by_no[6]["baseline"] == {"year": 2024, "value": 1215.0} and by_no[6]["target"] == 1400.0
    # units of measure from the ĐVT column, never as lead units
    assert [by_no[n]["unit"] for n in range(1, 8)] == ["%", "ngày", "hạng", "cuộc", "%", "doanh nghiệp", "Tr.đồng/DN"]
    assert all(i["lead"] in (["Sở Tài chính"], ["Văn phòng Ủy ban nhân dân tỉnh"]) for i in by_no.values())
    assert "Indicator 7: the unit of measure “Tr.đồng/DN” is not one plans usually use; it is kept as written." in [
        w["message"] for w in task_table["warnings"]
    ]


def test_the_direction_follows_sign_then_catalog_then_baseline_then_wording(task_table):
    merged = {i["no"]: i for i in parsed(MERGED)["indicators"]}
    by_no = {i["no"]: i for i in task_table["indicators"]}
    assert (by_no[2]["direction"], by_no[2]["direction_source"]) == ("down", "target")  # "≤ 5"
    assert (merged[1]["direction"], merged[1]["direction_source"]) == ("up", "catalog")
    assert (by_no[4]["direction"], by_no[4]["direction_source"]) == ("up", "baseline")  # 4 → 6 dialogues
    assert (by_no[7]["direction"], by_no[7]["direction_source"]) == ("down", "baseline")  # 4,8 → 4 million
    assert (by_no[3]["direction"], by_no[3]["direction_source"]) == ("down", "wording")  # a rank: first is best


def test_a_web_copy_with_a_merged_header_gives_targets_by_year():
    data = parsed(MERGED)
    by_no = {i["no"]: i for i in data["indicators"]}
    assert sorted(by_no) == [1, 2, 3, 4, 5]
    assert by_no[2]["targets"] == [
        {"year": 2025, "value": 60.0, "text": "không quá 60"},
        {"year": 2026, "value": 55.0, "text": "không quá 55"},
    ]
    assert by_no[2]["baseline"] == {"year": 2024, "value": 66.0} and by_no[2]["direction"] == "down"
    assert [by_no[n]["unit"] for n in range(1, 6)] == ["điểm", "%", "giờ", "hồ sơ", "thủ tục"]
    assert by_no[4]["target"] == 25000.0 and by_no[5]["target_text"] == "Đạt chuẩn" and by_no[5]["target"] is None
    assert (by_no[5]["direction"], by_no[5]["direction_source"]) == ("up", "baseline")  # 30 → 35, then a text
    assert by_no[1]["support"] == ["Ủy ban nhân dân cấp xã"]
    tasks = {t["ref"]: t for t in data["tasks"]}
    assert tasks["I.1"]["lead"] == ["Sở Tài chính"] and tasks["I.1"]["deadline"] == "2025-06-30"


@pytest.mark.parametrize(
    "path,headers",
    [(TASK_TABLE, {}), (MERGED, {0: (2, MERGED_WORD_HEADER)})],
    ids=["task-table", "merged-header"],
)
def test_the_same_plan_typed_in_word_with_merged_header_cells_reads_the_same(path, headers):
    text = read_plan_file(path)
    from_word = parse_plan_text(docx_to_text(build_docx_tables(text, headers))).to_dict()
    from_text = parse_plan_text(text).to_dict()
    for part in ("document", "tasks", "indicators", "units", "warnings"):
        assert from_word[part] == from_text[part], part


@pytest.mark.parametrize(
    "written,unit",
    [
        ("%", "%"), ("Điểm", "điểm"), ("Ngày", "ngày"), ("giờ", "giờ"), ("Bậc", "bậc"), ("Hạng", "hạng"),
        ("Cuộc", "cuộc"), ("Hồ sơ", "hồ sơ"), ("DN", "doanh nghiệp"), ("Doanh nghiệp", "doanh nghiệp"),
        ("TTHC", "thủ tục"), ("Thủ tục", "thủ tục"), ("Triệu đồng", "triệu đồng"), ("Tr.đồng", "triệu đồng"),
        ("Tỷ đồng", "tỷ đồng"), ("Km", None), ("", None),
    ],
)  # fmt: skip
def test_units_of_measure_plans_use_have_one_spelling(written, unit):
    assert read_measure(written) == unit


def test_parse_plan_prints_tasks_with_deadlines_and_indicators_with_baselines(capsys):
    call_command("parse_plan", str(TASK_TABLE))
    data = json.loads(capsys.readouterr().out)
    task = next(t for t in data["tasks"] if t["ref"] == "PLI.4")
    assert (task["deadline"], task["recurring"], task["output"]) == (
        "2025-06-30",
        False,
        "Quyết định của Ủy ban nhân dân tỉnh",
    )
    indicator = data["indicators"][0]
    assert indicator["baseline"] == {"year": 2024, "value": 10.2}
    assert [t["year"] for t in indicator["targets"]] == [2025, 2026]


def test_the_seed_keeps_one_target_per_indicator_and_no_baseline(seed_text):
    data = parse_plan_text(seed_text).to_dict()
    assert all(len(i["targets"]) == 1 and i["targets"][0]["year"] == 2025 for i in data["indicators"])
    assert all(i["baseline"] is None for i in data["indicators"])
    assert not any(t["ref"].startswith("PL") for t in data["tasks"])
    assert dt.date.fromisoformat(data["document"]["date"] or "2024-03-01").year == 2024


_CELLS = st.sampled_from(
    ["STT", "TT", "Chỉ tiêu", "Nhiệm vụ", "Mục tiêu", "Năm 2025", "Kết quả năm 2024", "ĐVT", "", "1", "I", "(1)",
     "Đơn vị chủ trì", "Thời gian hoàn thành", "Quý II/2025", "≤ 5", "70%", "Duy trì", "Sở Tài chính", "x|y"]
)  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(_CELLS, min_size=0, max_size=9), min_size=1, max_size=8), st.sampled_from(["\t", " | "]))
def test_any_table_reads_without_error_and_every_row_item_has_a_name(rows, sep):
    text = "KẾ HOẠCH\nThử\n\nPhụ lục\n" + "\n".join(sep.join(r) for r in rows)
    data = parse_plan_text(text).to_dict()
    assert all(i["name"] for i in data["indicators"]) and all(t["text"] for t in data["tasks"])
    assert all(t["value"] is None or isinstance(t["value"], float) for i in data["indicators"] for t in i["targets"])


def test_a_task_table_without_a_deadline_column_reads_the_deadline_in_the_task():
    text = (
        "KẾ HOẠCH\nThử\n\nPhụ lục\n| STT | Nhiệm vụ | Đơn vị chủ trì |\n"
        "| 1 | Ban hành quy chế, hoàn thành trước ngày 15/8/2025 | Sở Tư pháp |\n| 2 | Rà soát thủ tục | Sở Tư pháp |"
    )
    tasks = parse_plan_text(text).to_dict()["tasks"]
    assert [(t["ref"], t["deadline"], t["deadline_text"]) for t in tasks] == [
        ("PL1.1", "2025-08-15", "hoàn thành trước ngày 15/8/2025"),
        ("PL1.2", None, ""),
    ]
