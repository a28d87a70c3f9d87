"""Word plans read like their text versions."""

import pytest

from pcitrack.core.docx_reader import docx_to_text
from pcitrack.core.plan_parser import parse_plan_text
from tests.docx_builder import build_docx

HEADER = [
    ("UBND TỈNH QUẢNG TRỊ", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
    ("VĂN PHÒNG", "Độc lập - Tự do - Hạnh phúc"),
    ("Số: 49/KH-VP", "Quảng Trị, ngày 12 tháng 3 năm 2024"),
]


@pytest.fixture(scope="module")
def seed_json(seed_text):
    return parse_plan_text(seed_text).to_dict()


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"auto_numbering": True},
        {"auto_numbering": True, "merge_repeated": True, "repeat_header_row": True, "blank_rows": True},
        {"footnote": "Ghi chú cuối trang không phải nội dung kế hoạch"},
    ],
    ids=["typed-numbering", "word-numbering", "merged-repeated-blank-rows", "footnote"],
)
def test_docx_gives_the_same_json_as_txt(seed_text, seed_json, options):
    assert parse_plan_text(docx_to_text(build_docx(seed_text, **options))).to_dict() == seed_json


def test_word_numbering_is_written_out(seed_text):
    text = docx_to_text(build_docx(seed_text, auto_numbering=True))
    lines = [ln for ln in text.split("\n") if ln]
    assert "II. NHIỆM VỤ" in lines
    assert "2.2. Cải cách thủ tục hành chính, chuyển đổi số" in lines
    assert "III. TỔ CHỨC THỰC HIỆN" in lines
    assert any(ln.startswith("- Rà soát, trình Chủ tịch UBND tỉnh") for ln in lines)


def test_footnotes_are_not_read(seed_text):
    text = docx_to_text(build_docx(seed_text, footnote="CHÚ THÍCH BÍ MẬT"))
    assert "CHÚ THÍCH BÍ MẬT" not in text


def test_header_table(seed_text):
    doc = parse_plan_text(docx_to_text(build_docx(seed_text, header=HEADER, auto_numbering=True))).to_dict()
    assert doc["document"] | {"title": None} == {
        "type": "KH",
        "number": "49/KH-VP",
        "issuer": "VĂN PHÒNG",
        "parent": "UBND TỈNH QUẢNG TRỊ",
        "place": "Quảng Trị",
        "date": "2024-03-12",
        "date_text": "ngày 12 tháng 3 năm 2024",
        "title": None,
    }
    codes = [w["code"] for w in doc["warnings"]]
    assert "plan_number_blank" not in codes and "plan_date_incomplete" not in codes
    assert "citation_after_plan" in codes  # 30/12/2024 is still after 12/3/2024
