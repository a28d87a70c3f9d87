"""Plans written the way other provinces write them (tests/fixtures/plans)."""

from pathlib import Path

import pytest

from pcitrack.core.plan_files import read_plan_file
from pcitrack.core.plan_parser import parse_plan_text

PLANS = Path(__file__).resolve().parents[1] / "fixtures" / "plans"


def load(name):
    return parse_plan_text(read_plan_file(PLANS / name)).to_dict()


@pytest.fixture(scope="module")
def camau():
    return load("camau_quyet_dinh.txt")


def test_decision_copied_from_a_website_with_wrapped_header_cells(camau):
    assert camau["document"] | {"title": None} == {
        "type": "QĐ",
        "number": "1234/QĐ-UBND",
        "issuer": "ỦY BAN NHÂN DÂN TỈNH CÀ MAU",
        "parent": None,
        "place": "Cà Mau",
        "date": "2018-06-20",
        "date_text": "ngày 20 tháng 06 năm 2018",
        "title": None,
    }
    assert camau["document"]["title"].startswith("Ban hành Chương trình hành động")
    assert [c["number"] for c in camau["citations"]] == ["19-2018/NQ-CP", "07-CT/TU", "88/TTr-SKHĐT"]


def test_the_attached_programme_after_the_signature_is_read(camau):
    tasks = {t["ref"]: t for t in camau["tasks"]}
    assert tasks["II.1.a"]["lead"] == ["Văn phòng UBND tỉnh"] and tasks["II.1.a"]["support"] == ["Sở Tư pháp"]
    assert tasks["II.1.b"]["lead"] == ["Sở Kế hoạch và Đầu tư"] and tasks["II.1.b"]["support"] == ["Sở Tài chính"]
    assert tasks["II.2.1"]["lead"] == ["Sở Thông tin và Truyền thông"]
    assert camau["monitoring_unit"] == "Sở Kế hoạch và Đầu tư"


def test_targets_that_are_not_one_number_stay_text_with_a_warning(camau):
    by_no = {i["no"]: i for i in camau["indicators"]}
    assert (by_no[1]["target"], by_no[1]["target_text"]) == (None, "Tăng 2-4 bậc")
    assert (by_no[3]["target"], by_no[3]["target_text"]) == (None, "60-65%")
    assert (by_no[2]["target"], by_no[2]["unit"]) == (65.0, "%")
    assert by_no[5]["target"] == 38.5
    assert by_no[2]["support"] == ["Sở Tư pháp", "Sở Nội vụ"]
    assert by_no[4]["direction"] == "down" and by_no[4]["catalog_code"] == "c1_2005"
    assert by_no[1]["target_year"] == 2020
    not_numbers = [w["message"] for w in camau["warnings"] if w["code"] == "target_not_number"]
    assert len(not_numbers) == 2 and "Tăng 2-4 bậc" in not_numbers[0]


def test_directive_without_appendix():
    ct = load("chi_thi.txt")
    assert (ct["document"]["type"], ct["document"]["number"], ct["document"]["place"]) == (
        "CT",
        "12-CT/TU",
        "Bình Định",
    )
    assert ct["document"]["date"] == "2024-01-05"
    assert [c["number"] for c in ct["citations"]] == ["02/NQ-CP", "749/QĐ-TTg"]
    assert ct["indicators"] == []
    assert [w["code"] for w in ct["warnings"]] == ["appendix_missing"]


def test_department_plan_with_bom_crlf_space_aligned_header_and_eth():
    kh = load("ke_hoach_so.txt")
    doc = kh["document"]
    assert (doc["number"], doc["issuer"], doc["parent"]) == (
        "215/KH-SKHĐT",
        "SỞ KẾ HOẠCH VÀ ĐẦU TƯ",
        "UBND TỈNH THỪA THIÊN HUẾ",
    )
    assert (doc["place"], doc["date"]) == ("Thừa Thiên Huế", "2024-02-05")
    assert doc["title"] == "Cải thiện Chỉ số PCI năm 2024 của Sở Kế hoạch và Đầu tư"  # "Ð" read as "Đ"
    by_no = {i["no"]: i for i in kh["indicators"]}
    assert by_no[3]["target"] == 1250.0  # thousands dot
    assert by_no[4]["target"] == 85.0  # "Đạt 85%"
    assert by_no[1]["direction"] == "down"
    assert kh["monitoring_unit"] == "Văn phòng Sở"
    assert {u["name"] for u in kh["units"]} == {
        "Văn phòng Sở",
        "Phòng Đăng ký kinh doanh",
        "Phòng Tổng hợp - Quy hoạch",
    }
