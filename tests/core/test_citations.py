import datetime as dt

import pytest

from pcitrack.core.citations import find_citations, number_issuer, number_type


@pytest.mark.parametrize(
    "number,type_,issuer",
    [
        ("410/QĐ-UBND", "QĐ", "UBND tỉnh"),
        ("30/2020/NĐ-CP", "NĐ", "Chính phủ"),
        ("35-CT/TU", "CT", "Tỉnh ủy"),
        ("02-NQ/TU", "NQ", "Tỉnh ủy"),
        ("749/QĐ-TTg", "QĐ", "Thủ tướng Chính phủ"),
        ("12/UBND-VX", "CV", None),
        ("49/KH-VP", "KH", "Văn phòng"),
    ],
)
def test_number_shapes(number, type_, issuer):
    assert number_type(number) == type_
    assert number_issuer(number) == issuer


def test_citation_takes_date_and_explicit_issuer():
    (c,) = find_citations("theo Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác văn thư")
    assert (c.number, c.type, c.date, c.issuer) == ("30/2020/NĐ-CP", "NĐ", dt.date(2020, 3, 5), "Chính phủ")


def test_same_number_cited_twice_is_one_citation_with_the_longest_issuer():
    text = "Kế hoạch số 09/KH-VP ngày 04/01/2024 của Văn phòng về X; Kế hoạch số 09/KH-VP ngày 04/01/2024 của Văn phòng UBND tỉnh về Y."
    (c,) = find_citations(text)
    assert c.issuer == "Văn phòng UBND tỉnh"


def test_years_and_ranges_are_not_document_numbers():
    assert find_citations("giai đoạn 2023-2025, năm 2024, tỷ lệ 50/100") == []
