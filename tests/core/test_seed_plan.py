"""The real plan in pcitrack/data (Quảng Trị, 2024) read as its authors meant it."""

import datetime as dt

import pytest

from pcitrack.core.plan_parser import parse_plan_text

TTPV = "Trung tâm Phục vụ hành chính công tỉnh"
PNC = "Phòng Nội chính"
TCTM = "Phòng Tài chính - Thương mại"
CONG = "Cổng Thông tin điện tử tỉnh"
GROUP = "Các phòng, trung tâm"

# (no, target, unit, direction, lead, support_groups, catalog code), read off the appendix.
EXPECTED = [
    (1, 100.0, "%", "up", TTPV, [], "c3_1"),
    (2, 100.0, "%", "up", PNC, [], "c3_2"),
    (3, 70.0, "%", "up", PNC, [], "c3_3"),
    (4, 70.0, "%", "up", TTPV, [], "c3_4"),
    (5, 71.0, "%", "up", TCTM, [GROUP], None),
    (6, 5.0, "ngày", "down", TCTM, [GROUP], None),
    (7, 55.0, "%", "up", CONG, [GROUP], None),
    (8, 80.0, "%", "up", CONG, [GROUP], None),
    (9, 50.0, "%", "up", CONG, [GROUP], None),
    (10, 65.0, "%", "up", CONG, [GROUP], None),
    (11, 65.0, "%", "down", TCTM, [GROUP], "f2_new"),
    (12, 52.61, "điểm", "up", CONG, [GROUP], "web_13_new"),
    (13, 60.0, "%", "up", CONG, [GROUP], "f6"),
    (14, 20.0, "%", "down", TCTM, [GROUP], None),
    (15, 40.0, "%", "down", TCTM, [GROUP], "h4_new"),
    (16, 82.0, "%", "up", TCTM, [GROUP], "h72_new"),
    (17, 85.0, "%", "up", TCTM, [GROUP], "h73_new"),
    (18, 58.0, "%", "up", TCTM, [GROUP], None),
]


@pytest.fixture(scope="module")
def plan(seed_text):
    return parse_plan_text(seed_text)


@pytest.fixture(scope="module")
def as_json(plan):
    return plan.to_dict()


def test_document_header(as_json):
    doc = as_json["document"]
    assert doc["type"] == "KH"
    assert doc["number"] is None
    assert doc["date"] is None and doc["date_text"] == "/3/2024"
    assert doc["issuer"] == "Văn phòng UBND tỉnh"
    assert doc["title"].startswith("Triển khai thực hiện Nghị quyết số 02/NQ-CP ngày 05/01/2024")


@pytest.mark.parametrize("row", EXPECTED, ids=[f"indicator-{r[0]}" for r in EXPECTED])
def test_each_indicator_as_written(as_json, row):
    no, target, unit, direction, lead, support_groups, code = row
    ind = as_json["indicators"][no - 1]
    assert ind["no"] == no
    assert ind["target"] == target
    assert ind["unit"] == unit
    assert ind["direction"] == direction
    assert ind["target_year"] == 2025
    assert ind["lead"] == [lead]
    assert ind["support"] == []
    assert ind["support_groups"] == support_groups
    assert ind["catalog_code"] == code


def test_all_eighteen_indicators_and_lower_is_better_ones(as_json):
    assert len(as_json["indicators"]) == 18
    assert [i["no"] for i in as_json["indicators"] if i["direction"] == "down"] == [6, 11, 14, 15]


def test_a_bare_twenty_for_a_percent_agree_indicator_is_twenty_percent(as_json):
    ind = as_json["indicators"][13]
    assert ind["target_text"] == "20" and ind["target"] == 20.0 and ind["unit"] == "%"


def test_typos_resolve_to_one_canonical_unit(as_json):
    units = {u["name"]: u["aliases"] for u in as_json["units"]}
    assert set(units) == {
        TTPV,
        PNC,
        TCTM,
        CONG,
        "Trung tâm Xúc tiến Đầu tư, Thương mại và Du lịch tỉnh",
        "Phòng Hành chính - Tổ chức",
    }
    assert "Công thông tin điện tử tỉnh" in units[CONG]
    assert "Phòng Tài chính Thương mại" in units[TCTM]
    assert GROUP not in units
    assert GROUP in as_json["groups"]


def test_the_approximate_unit_spelling_is_a_warning_naming_both(as_json):
    msgs = [w["message"] for w in as_json["warnings"] if w["code"] == "unit_approximate"]
    assert msgs == [
        "“Công thông tin điện tử tỉnh” is read as “Cổng Thông tin điện tử tỉnh” (similar spelling); check it."
    ]


def test_monitoring_unit(as_json):
    assert as_json["monitoring_unit"] == "Phòng Hành chính - Tổ chức"


def test_ten_cited_documents_with_numbers_dates_and_issuers(as_json):
    got = {c["number"]: (c["type"], c["date"], c["issuer"]) for c in as_json["citations"]}
    assert got == {
        "02/NQ-CP": ("NQ", "2024-01-05", "Chính phủ"),
        "410/QĐ-UBND": ("QĐ", "2024-02-26", "UBND tỉnh"),
        "2142/QĐ-UBND": ("QĐ", "2021-08-16", "UBND tỉnh"),
        "2419/QĐ-UBND": ("QĐ", "2023-10-20", "UBND tỉnh"),
        "09/KH-VP": ("KH", "2024-01-04", "Văn phòng UBND tỉnh"),
        "35-CT/TU": ("CT", "2023-12-11", "Ban Thường vụ Tỉnh ủy"),
        "02-NQ/TU": ("NQ", "2021-11-04", "Tỉnh ủy"),
        "749/QĐ-TTg": ("QĐ", "2020-06-03", "Thủ tướng Chính phủ"),
        "1982/QĐ-UBND": ("QĐ", "2022-07-29", "UBND tỉnh"),
        "260/KH-UBND": ("KH", "2024-12-30", "UBND tỉnh"),
    }


def test_warnings_for_what_looks_wrong(as_json):
    codes = [w["code"] for w in as_json["warnings"]]
    assert "plan_number_blank" in codes
    assert "plan_date_incomplete" in codes
    after = [w["message"] for w in as_json["warnings"] if w["code"] == "citation_after_plan"]
    assert len(after) == 1 and after[0].startswith("260/KH-UBND is cited with the date 30/12/2024")


def test_new_indicators_without_a_catalog_entry_are_warned(as_json):
    missing = sorted(int(w["message"].split()[1]) for w in as_json["warnings"] if w["code"] == "catalog_no_entry")
    assert missing == [5, 6, 7, 8, 9, 10, 14, 18]


def test_section_two_tasks(as_json):
    tasks = {t["ref"]: t for t in as_json["tasks"] if t["kind"] == "task"}
    assert list(tasks) == ["II.1.1", "II.1.2", "II.2.1.1", "II.2.1.2"] + [f"II.2.2.{i}" for i in range(1, 10)]
    assert tasks["II.2.2.1"]["lead_groups"] == ["Các đơn vị"]
    assert tasks["II.2.2.1"]["section_title"] == "Cải cách thủ tục hành chính, chuyển đổi số"
    assert tasks["II.2.2.5"]["mentions"] == [TTPV, CONG]
    assert tasks["II.2.2.3"]["text"] == "Rà soát, trình Chủ tịch UBND tỉnh công bố TTHC đúng quy định."


def test_section_three_responsibilities_with_their_units(as_json):
    resp = {t["ref"]: t for t in as_json["tasks"] if t["kind"] == "responsibility"}
    assert resp["III.3"]["lead"] == [PNC]
    assert resp["III.3"]["text"].startswith("Tham mưu tổ chức thực hiện các nội dung về công bố, công khai TTHC")
    assert resp["III.4"]["lead"] == [TCTM]
    assert resp["III.5"]["lead"] == [TTPV]
    assert resp["III.6"]["lead"] == [CONG]
    assert resp["III.7"]["lead"] == ["Trung tâm Xúc tiến Đầu tư, Thương mại và Du lịch tỉnh"]
    assert resp["III.2"]["lead_groups"] == ["Lãnh đạo các Phòng, Ban, Đơn vị"]
    assert [r for r in resp if r.startswith("III.1.")] == ["III.1.1", "III.1.2"]
    assert resp["III.1.1"]["lead_groups"] == ["Công chức, viên chức cơ quan Văn phòng UBND tỉnh"]


def test_partial_date_still_dates_the_plan_for_citation_checks(plan):
    assert (plan.document.year, plan.document.month) == (2024, 3)
    assert plan.document.date is None
    assert dt.date(2024, 12, 30) in {c.date for c in plan.citations}
