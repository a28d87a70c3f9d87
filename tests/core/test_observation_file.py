import io
import re

import pytest

from pcitrack.core.errors import PcitrackError
from pcitrack.core.observation_file import MAX_ROWS, read_observations
from tests.docx_builder import build_docx


def xlsx(rows) -> bytes:
    import openpyxl

    wb = openpyxl.Workbook()
    for row in rows:
        wb.active.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def test_csv_with_vietnamese_headers_semicolons_and_decimal_commas():
    table = "Chỉ tiêu;Năm;Kỳ;Nguồn;Giá trị;Cỡ mẫu;CI thấp;CI cao;Ghi chú\n5;2024;Q3;khảo sát;68,5;240;62,6;74,4;đợt 3\n"
    (r,) = read_observations(table.encode())
    assert (r.indicator, r.year, r.period_type, r.period_no, r.source, r.value) == ("5", 2024, "Q", 3, "survey", 68.5)
    assert (r.sample_size, r.ci_low, r.ci_high, r.note, r.errors) == (240, 62.6, 74.4, "đợt 3", [])


def test_xlsx_with_english_headers_numbers_and_codes():
    rows = read_observations(
        xlsx(
            [
                ["indicator", "year", "period", "source", "value"],
                ["f2_new", 2023, None, "pci", 61.2],
                [2, 2024, "H2", "admin", 90],
            ]
        )
    )
    assert [(r.indicator, r.year, r.period_type, r.period_no, r.source, r.value) for r in rows] == [
        ("f2_new", 2023, "Y", 1, "pci", 61.2),
        ("2", 2024, "H", 2, "admin", 90.0),
    ]


def test_bad_rows_carry_their_own_messages():
    table = "chi_tieu,nam,ky,nguon,gia_tri\n1,20x4,,pci,5\n2,2024,Q5,pci,5\n3,2024,,đoán,5\n4,2024,,pci,nhiều\n5,2024,,pci,7\n"
    rows = read_observations(table.encode())
    assert [len(r.errors) for r in rows] == [1, 1, 1, 1, 0]
    assert rows[0].errors[0][0].startswith("the year")
    assert rows[3].line == 5


def sparse(size):
    return b"chi_tieu,nam,nguon,gia_tri\n" + b"1,2024,pci,5\n" * (size // 13 + 1)


@pytest.mark.parametrize(
    "data,message",
    [
        (b"", "empty"),
        (b"\n \n", "empty"),
        (xlsx([["chi_tieu", "nam", "nguon", "gia_tri"], [1, 2024, "pci", 5]])[:2000], "Excel file is damaged"),
        ("Chỉ tiêu;Năm".encode("cp1258", errors="replace"), "not UTF-8"),
        ("KÕ ho¹ch triÓn khai thùc hiÖn NghÞ quyÕt sè 02 ngµy".encode("cp1252"), "TCVN3"),
        (b"%PDF-1.5 ...", "Send the values as .csv or .xlsx"),
        (build_docx("KẾ HOẠCH\nThử"), "Word document, not an Excel workbook"),
        (b"a,b,c\n1,2,3\n", "missing: indicator, year, source, value"),
        (b"chi_tieu,nam,nguon,gia_tri\n", "no values"),
        (sparse(6 * 1024 * 1024), "too large"),
        (b"chi_tieu,nam,nguon,gia_tri\n" + b"1,2024,pci,5\n" * (MAX_ROWS + 1), "more than 50000 rows"),
    ],
    ids=[
        "empty",
        "blank",
        "truncated-xlsx",
        "cp1258",
        "tcvn3",
        "pdf",
        "docx",
        "wrong-columns",
        "header-only",
        "huge",
        "too-many-rows",
    ],
)
def test_broken_tables_are_refused_with_a_reason(data, message):
    with pytest.raises(PcitrackError, match=re.escape(message)):
        read_observations(data)


@pytest.mark.parametrize(
    ("text", "period"),
    [("Quý IV", ("Q", 4)), ("quý 2", ("Q", 2)), ("Q3", ("Q", 3)), ("6 tháng đầu năm", ("H", 1)),
     ("6 tháng cuối năm", ("H", 2)), ("6T2", ("H", 2)), ("năm", ("Y", 1)), ("", ("Y", 1))],
)  # fmt: skip
def test_a_period_is_read_by_the_names_the_pages_give_it(text, period):
    (record,) = read_observations(f"chi_tieu;nam;ky;nguon;gia_tri\n5;2024;{text};khảo sát;1\n".encode())
    assert (record.period_type, record.period_no, record.source, record.errors) == (*period, "survey", [])


@pytest.mark.parametrize("text", ["Quý V", "Quý III/2024", "6 tháng giữa năm"])
def test_a_period_it_cannot_place_is_refused_in_words(text):
    (record,) = read_observations(f"chi_tieu;nam;ky;nguon;gia_tri\n5;2024;{text};báo cáo đơn vị;1\n".encode())
    assert record.errors == [
        ("the period “{text}” is not one of: năm, 6 tháng đầu năm, 6 tháng cuối năm, Quý I–Quý IV", {"text": text})
    ]
