"""The one check every .docx/.xlsx goes through: damaged, bombs, too many parts, and — for evidence — active content."""

import io
import re
import zipfile

import openpyxl
import pytest
from docx import Document

from pcitrack.core.errors import PcitrackError
from pcitrack.core.office_zip import MAX_ENTRIES, check_office_zip


def word(extra: dict[str, bytes] | None = None) -> bytes:
    """A real Word document, with extra parts added to its zip."""
    document = Document()
    document.add_paragraph("Biên bản kiểm tra")
    buffer = io.BytesIO()
    document.save(buffer)
    return add_parts(buffer.getvalue(), extra or {})


def excel(extra: dict[str, bytes] | None = None) -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "Số liệu"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return add_parts(buffer.getvalue(), extra or {})


def add_parts(data: bytes, parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO(data)
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def bomb(member: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open(member, "w") as out:
            for _ in range(120):
                out.write(b"\x00" * (1024 * 1024))
    return buffer.getvalue()


def many_parts() -> bytes:
    return add_parts(word(), {f"word/media/image{i}.png": b"x" for i in range(MAX_ENTRIES)})


def corrupted_part() -> bytes:
    data = bytearray(word())
    at = data.index(b"word/document.xml") + len(b"word/document.xml") + 10  # inside its compressed bytes
    data[at : at + 8] = b"\xff" * 8
    return bytes(data)


def macro_content_types() -> bytes:
    data = word()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"wordprocessingml.document.main+xml", b"ms-word.document.macroEnabled.main+xml"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "kind,make,message",
    [
        ("docx", lambda: word()[:2000], "damaged or incomplete"),
        ("docx", corrupted_part, "damaged or incomplete"),
        ("docx", lambda: bomb("word/document.xml"), "zip bomb"),
        ("docx", many_parts, "parts"),
        ("docx", lambda: word({"word/vbaProject.bin": b"\xd0\xcf\x11\xe0"}), "macros"),
        ("docx", macro_content_types, "macros"),
        ("docx", lambda: word({"word/embeddings/oleObject1.bin": b"\xd0\xcf\x11\xe0"}), "oleObject1.bin"),
        ("docx", lambda: word({"word/embeddings/setup.exe": b"MZ\x90\x00"}), "setup.exe"),
        ("docx", lambda: word({"word/activeX/activeX1.xml": b"<ax/>"}), "activeX1.xml"),
        ("docx", lambda: word({"word/embeddings/Bang_tinh.xlsm": b"PK"}), "macros"),
        ("docx", lambda: word({"../../evil.txt": b"x"}), "damaged or incomplete"),
        ("docx", lambda: word({"": b"x"}), "damaged or incomplete"),
        ("docx", excel, "Excel workbook, not a Word document"),
        ("xlsx", lambda: excel({"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0"}), "macros"),
        ("xlsx", lambda: excel({"xl/embeddings/oleObject1.bin": b"\xd0\xcf\x11\xe0"}), "embedded object"),
        ("xlsx", lambda: bomb("xl/workbook.xml"), "zip bomb"),
        ("xlsx", word, "Word document, not an Excel workbook"),
    ],
    ids=[
        "truncated", "corrupted-part", "docx-bomb", "too-many-parts", "vba-project", "macro-content-type",
        "ole-object", "embedded-exe", "activex", "embedded-xlsm", "path-traversal", "empty-name", "xlsx-as-docx",
        "xlsx-vba", "xlsx-ole", "xlsx-bomb", "docx-as-xlsx",
    ],
)  # fmt: skip
def test_evidence_that_could_harm_whoever_opens_it_is_refused(kind, make, message):
    with pytest.raises(PcitrackError, match=re.escape(message)):
        check_office_zip(make(), kind, purpose="evidence")


def test_plain_documents_and_workbooks_pass():
    check_office_zip(word(), "docx", purpose="evidence")
    check_office_zip(excel(), "xlsx", purpose="evidence")
    # An embedded .xlsx table or a picture is ordinary content.
    check_office_zip(word({"word/embeddings/Microsoft_Excel_Worksheet.xlsx": excel()}), "docx", purpose="evidence")


def test_importing_reads_only_text_so_an_embedded_object_in_a_plan_is_not_refused():
    check_office_zip(word({"word/embeddings/oleObject1.bin": b"\xd0\xcf\x11\xe0"}), "docx")
