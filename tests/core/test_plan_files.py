"""Reading plan files: encodings and hostile input. Each refusal names the problem in words."""

import codecs
import io
import re
import tracemalloc
import unicodedata
import zipfile

import pytest

from pcitrack.core.errors import PcitrackError
from pcitrack.core.plan_files import plan_text_from_bytes, read_plan_file
from pcitrack.core.plan_parser import parse_plan_text
from tests.docx_builder import build_docx


@pytest.fixture(scope="module")
def seed_json(seed_text):
    return parse_plan_text(seed_text).to_dict()


def parsed(data: bytes) -> dict:
    return parse_plan_text(plan_text_from_bytes(data)).to_dict()


@pytest.mark.parametrize(
    "encode",
    [
        lambda t: t.encode("utf-8"),
        lambda t: codecs.BOM_UTF8 + t.encode("utf-8"),
        lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le"),
        lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"),
        lambda t: t.encode("utf-16-le"),
        lambda t: t.replace("\n", "\r\n").encode("utf-8"),
        lambda t: unicodedata.normalize("NFD", t).encode("utf-8"),
        lambda t: t.replace(" ", "\u00a0", 200).encode("utf-8"),
        lambda t: t.replace("Đ", "\u00d0").encode("utf-8"),
    ],
    ids=["utf8", "utf8-bom", "utf16le-bom", "utf16be-bom", "utf16le-no-bom", "crlf", "nfd", "nbsp", "eth-for-d"],
)
def test_encodings_and_spacing_give_the_same_plan(seed_text, seed_json, encode):
    assert parsed(encode(seed_text)) == seed_json


def test_old_style_tone_marks_resolve_to_the_same_unit():
    text = (
        "KẾ HOẠCH\nThử\n\nII. NHIỆM VỤ\n1. Phòng Hòa giải: Làm việc A.\n\nPhụ lục\n"
        "STT\tChỉ tiêu\tMục tiêu năm 2025\tĐơn vị chủ trì\tĐơn vị phối hợp\n1.\tTỷ lệ hồ sơ (%)\t90%\tPhòng Hoà giải\t\n"
    )
    data = parse_plan_text(text).to_dict()
    assert [u["name"] for u in data["units"]] == ["Phòng Hòa giải"]
    assert data["indicators"][0]["lead"] == ["Phòng Hòa giải"]


TCVN3 = "KÕ ho¹ch triÓn khai thùc hiÖn NghÞ quyÕt sè 02/NQ-CP ngµy 05/01/2024 cña ChÝnh phñ vÒ c¶i thiÖn m«i tr­êng kinh doanh"
VNI = "Keá hoaïch trieån khai thöïc hieän Nghò quyeát soá 02/NQ-CP ngaøy 05/01/2024 cuûa Chính phuû veà caûi thieän moâi tröôøng kinh doanh"


@pytest.mark.parametrize(
    "data,name",
    [
        (TCVN3.encode("cp1252", errors="replace"), "TCVN3"),
        (TCVN3.encode("utf-8"), "TCVN3"),
        (VNI.encode("utf-8"), "VNI"),
        (VNI.encode("cp1252"), "VNI"),
    ],
    ids=["tcvn3-bytes", "tcvn3-in-unicode", "vni-in-unicode", "vni-bytes"],
)
def test_legacy_vietnamese_encodings_are_named_and_refused(data, name):
    with pytest.raises(PcitrackError, match=name):
        plan_text_from_bytes(data)


def test_legacy_text_inside_a_word_file_is_refused(seed_text):
    with pytest.raises(PcitrackError, match="TCVN3"):
        plan_text_from_bytes(build_docx(TCVN3 + "\n" + TCVN3))


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name, content in members.items():
            z.writestr(name, content)
    return buffer.getvalue()


def _xlsx() -> bytes:
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active["A1"] = "STT"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("word/document.xml", "w") as member:
            chunk = b"\x00" * (1024 * 1024)
            for _ in range(150):
                member.write(chunk)
    return buffer.getvalue()


def _with_document_xml(seed: str, change) -> bytes:
    """The seed as .docx with its main part rewritten by change(xml bytes)."""
    source = zipfile.ZipFile(io.BytesIO(build_docx(seed)))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for item in source.infolist():
            data = source.read(item.filename)
            z.writestr(item, change(data) if item.filename == "word/document.xml" else data)
    return buffer.getvalue()


def _broken_xml(seed: str) -> bytes:
    return _with_document_xml(seed, lambda xml: xml[: len(xml) // 2])


_LAUGHS = b"".join(
    b'<!ENTITY l%d "%s">' % (i, b"".join(b"&l%d;" % (i - 1) for _ in range(10)) if i else b"lol") for i in range(10)
)


def _entity_bomb(seed: str) -> bytes:
    """A "billion laughs": XML entities that expand to gigabytes."""
    return _with_document_xml(
        seed,
        lambda xml: b'<?xml version="1.0"?><!DOCTYPE d [' + _LAUGHS + b"]>"
        + xml[xml.index(b"?>") + 2 :].replace(b"<w:t>", b"<w:t>&l9;", 1),
    )  # fmt: skip


@pytest.mark.parametrize(
    "make,message",
    [
        (lambda seed: b"", "empty"),
        (lambda seed: b"   \r\n\t", "empty"),
        (lambda seed: bytes(range(256)) * 40, "binary data"),
        (lambda seed: build_docx(seed)[:3000], "damaged or incomplete"),
        (lambda seed: _xlsx(), "Excel workbook"),
        (lambda seed: _zip({"hello.txt": b"hi"}), "not a Word (.docx) document"),
        (lambda seed: _bomb(), "would unpack to"),
        (_broken_xml, "damaged or incomplete"),
        (_entity_bomb, "damaged or incomplete"),
        (lambda seed: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500, "old Word (.doc)"),
        (lambda seed: b"%PDF-1.7\n" + b"x" * 100, "PDF"),
    ],
    ids=[
        "empty",
        "blank",
        "random-bytes",
        "truncated-docx",
        "xlsx-renamed",
        "other-zip",
        "zip-bomb",
        "broken-xml",
        "entity-bomb",
        "doc",
        "pdf",
    ],  # fmt: skip
)
def test_hostile_input_is_refused_with_a_reason(seed_text, make, message):
    with pytest.raises(PcitrackError, match=re.escape(message)):
        plan_text_from_bytes(make(seed_text))


def test_a_zip_bomb_is_refused_without_unpacking_it(seed_text):
    bomb = _bomb()
    assert len(bomb) < 1024 * 1024  # 150 MB of zeros in well under 1 MB
    tracemalloc.start()
    with pytest.raises(PcitrackError):
        plan_text_from_bytes(bomb)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 5 * 1024 * 1024


def test_a_50_mb_text_file_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:
        fh.seek(50 * 1024 * 1024)
        fh.write(b"x")
    tracemalloc.start()
    with pytest.raises(PcitrackError, match="too large"):
        read_plan_file(path)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 1024 * 1024


def test_a_plan_without_appendix_says_so(seed_text):
    text = seed_text[: seed_text.index("Phụ lục")]
    data = parse_plan_text(text).to_dict()
    assert data["indicators"] == []
    assert "appendix_missing" in [w["code"] for w in data["warnings"]]
