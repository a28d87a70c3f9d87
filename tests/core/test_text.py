import random
import re
import unicodedata
from decimal import Decimal

import pytest

from pcitrack.core.text import (
    ascii_key,
    clean,
    fold,
    format_number,
    key,
    parse_count,
    parse_date,
    parse_number,
    squash,
    stored_decimal,
    whole_number,
)


@pytest.mark.parametrize(
    "a,b",
    [
        ("hoà", "hòa"),
        ("Uỷ ban", "ủy ban"),
        ("Thuý", "thúy"),
        ("Phòng Tài chính - Thương mại", "phòng tài chính thương mại"),
        ("Cổng  Thông tin", "cổng thông tin"),
        ("Thừa Thiên Huế".encode().decode(), __import__("unicodedata").normalize("NFD", "Thừa Thiên Huế")),
        ("\u00d0à Nẵng", "Đà Nẵng"),
        ("Hà\u00a0Nội", "Hà Nội"),
    ],
)
def test_key_ignores_case_spacing_punctuation_and_tone_placement(a, b):
    assert key(a) == key(b)


def test_key_keeps_different_letters_apart():
    assert key("Công thông tin") != key("Cổng thông tin")
    assert ascii_key("Công thông tin") == ascii_key("Cổng thông tin")


def test_clean_reads_eth_as_d_with_stroke():
    assert clean("Ðà Nẵng") == "Đà Nẵng"


@pytest.mark.parametrize(
    "text,value",
    [
        ("52,61", 52.61),
        ("1.234,5", 1234.5),
        ("1.234", 1234.0),
        ("100%", 100.0),
        ("100 %", 100.0),
        ("71", 71.0),
        ("5.5", 5.5),
        ("0.500", 0.5),
        ("1.000", 1000.0),
        ("-1.000", -1000.0),
        ("1e5", None),
        ("1,234,567", 1234567.0),
        ("-3,5", -3.5),
        ("2-4", None),
        ("Tăng 2-4 bậc", None),
        ("", None),
    ],
)
def test_parse_number_reads_vietnamese_formats(text, value):
    assert parse_number(text) == value


def test_format_number_uses_decimal_comma_and_thousands_dot():
    assert format_number(52.61) == "52,61"
    assert format_number(1234.5) == "1.234,5"
    assert format_number(100.0) == "100"


@pytest.mark.parametrize(
    "text,parts",
    [
        ("ngày 05/01/2024", (5, 1, 2024)),
        ("5/1/2024", (5, 1, 2024)),
        ("ngày 05 tháng 01 năm 2024", (5, 1, 2024)),
        ("ngày /3/2024", (None, 3, 2024)),
        ("không có ngày", (None, None, None)),
    ],
)
def test_parse_date(text, parts):
    assert parse_date(text) == parts


def test_stored_decimal_keeps_four_places_like_the_database():
    assert stored_decimal(None) is None
    assert stored_decimal(52.61) == Decimal("52.61")
    assert stored_decimal(1.23456) == Decimal("1.2346")
    assert stored_decimal(0.1 + 0.2) == Decimal("0.3")


def test_whole_number_reads_only_ascii_digits():
    assert whole_number("2016") == 2016 and whole_number(" 7 ") == 7
    assert whole_number("abc", 5) == 5 and whole_number("²") is None and whole_number(None, 0) == 0
    assert whole_number("-1") is None and whole_number("1.5") is None


@pytest.mark.parametrize(
    ("text", "count"),
    [("1200", 1200), ("1.200", 1200), ("1 200", 1200), ("12.345.678", 12_345_678), (" 7 ", 7), ("0", None),
     ("1,5", None), ("12.34", None), ("²", None), ("١٢", None), ("-5", None), ("1.000.000.000", None), ("", None)],
)  # fmt: skip
def test_counts_are_read_as_people_write_them(text, count):
    assert parse_count(text) == count


@pytest.mark.parametrize(
    "name,year",
    [
        ("Chất lượng website của tỉnh - Điều chỉnh năm 2021", 2021),
        ("Tỷ lệ vụ án đã được giải quyết trong năm (Chỉ tiêu mới 2014)", 2014),
        ("Số ngày chờ đợi - Biến mới năm 2017", 2017),
        ("Hướng dẫn thủ tục rõ ràng, đầy đủ (% DN Đồng ý)", None),
        ("Điều chỉnh quy hoạch năm 2021 được công khai", None),
    ],
)
def test_the_year_a_question_was_changed_is_read_from_the_name(name, year):
    from pcitrack.core.indicators import comparable_from

    assert comparable_from(name) == year


def test_a_change_year_needs_the_note_form_of_vccis_names():
    from pcitrack.core.indicators import comparable_from

    assert comparable_from("Số DN phản ánh điều chỉnh giá năm 2021") is None


def test_fold_and_ascii_key_drop_exactly_the_combining_characters_of_every_code_point():
    def slow_fold(text):
        decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
        return " ".join("".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower().split())

    def slow_ascii_key(text):
        decomposed = unicodedata.normalize("NFD", key(text).replace("đ", "d"))
        return "".join(ch for ch in decomposed if not unicodedata.combining(ch))

    every = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)
    for start in range(0, len(every), 4093):
        chunk = every[start : start + 4093]
        assert fold(chunk) == slow_fold(chunk), hex(start)
        assert ascii_key(chunk) == slow_ascii_key(chunk), hex(start)
    assert fold("Quý II/2025 — Đơn vị") == "quy ii/2025 — don vi"


def test_squash_reads_as_its_expression():
    spaces = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
    alphabet = [*" \n\r\x0b\x0c\x85\u1680\u2028\u2029\t\u00a0\u202f\u205f\u3000ab", *map(chr, range(0x2000, 0x200C))]
    rnd = random.Random(7)
    texts = ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 10))) for _ in range(50000)]
    texts += ["  Phòng  Nội\u00a0chính  ", "a\u2003 b", " \r a  b \u2028"]
    for text in texts:
        assert squash(text) == spaces.sub(" ", clean(text).replace("\n", " ")).strip(), repr(text)
