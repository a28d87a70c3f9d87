"""docx_to_text reads a Word file exactly as going through python-docx's objects does.

reference_docx_to_text below is the straightforward reader (Paragraph.style, Paragraph.text, Table.rows,
_Row.cells): slow on long documents, kept here only to compare with.
"""

import io
import re
from importlib import resources
from itertools import zip_longest
from pathlib import Path

import pytest
from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.table import Table
from docx.text.paragraph import Paragraph

from benchmarks.plan_parse import docx_of, generated_plan
from pcitrack.core import docx_reader
from pcitrack.core.docx_reader import _TITLE, _cell_text, docx_to_text
from pcitrack.core.plan_files import read_plan_file
from tests.docx_builder import build_docx, build_docx_tables

PLANS = Path(__file__).resolve().parents[1] / "fixtures" / "plans"
SEED_DIR = Path("/work/shared/seed")
W = nsdecls("w")


class _ReferenceNumbering:
    """Word's list numbering through python-docx's paragraph.style and style.base_style."""

    def __init__(self, document):
        defined = docx_reader._Numbering(document)  # numbering.xml's lists, read as the product reads them
        self.levels, self.abstract_of, self.counters = defined.levels, defined.abstract_of, {}

    @staticmethod
    def _num_pr(paragraph: Paragraph):
        ppr = paragraph._p.pPr
        if ppr is not None and ppr.numPr is not None:
            return ppr.numPr
        style = paragraph.style
        while style is not None:
            ppr = style.element.pPr
            if ppr is not None and ppr.numPr is not None:
                return ppr.numPr
            style = style.base_style
        return None

    def prefix(self, paragraph: Paragraph) -> str:
        num_pr = self._num_pr(paragraph)
        if num_pr is None or num_pr.numId is None:
            return ""
        num_id = str(num_pr.numId.val)
        level = int(num_pr.ilvl.val) if num_pr.ilvl is not None else 0
        levels = self.levels.get(self.abstract_of.get(num_id, ""), {})
        if num_id == "0" or level not in levels:
            return ""
        fmt, text, start = levels[level]
        if fmt == "bullet":
            return "- "
        counters = self.counters.setdefault(num_id, {})
        counters[level] = counters.get(level, levels[level][2] - 1) + 1
        for deeper in [k for k in counters if k > level]:
            del counters[deeper]

        def value(match):
            k = int(match.group(1)) - 1
            lvl_fmt, _, lvl_start = levels.get(k, ("decimal", "", 1))
            return docx_reader._format(counters.get(k, lvl_start), lvl_fmt)

        rendered = re.sub(r"%(\d)", value, text)
        return f"{rendered} " if rendered else ""


def _reference_cell_text(cell) -> str:
    paragraphs = [p.text.replace("\t", " ").strip() for p in cell.paragraphs]
    paragraphs = [p for p in paragraphs if p]
    if len(paragraphs) > 1 and all(docx_reader.looks_like_unit(p) or docx_reader.is_group(p) for p in paragraphs):
        return "; ".join(paragraphs)
    return " ".join(paragraphs).replace("\n", " ")


def _reference_table_lines(table: Table, header: bool) -> list[str]:
    lines = []
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:
            cells.append(None if id(cell._tc) in seen else cell)
            seen.add(id(cell._tc))
        if header:
            columns = [[p.text.strip() for p in c.paragraphs if p.text.strip()] for c in cells if c is not None]
            lines += ["\t".join(parts).rstrip("\t") for parts in zip_longest(*columns, fillvalue="")]
        else:
            lines.append("\t".join(_reference_cell_text(c) if c is not None else "" for c in cells))
    return lines


def reference_docx_to_text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    numbering = _ReferenceNumbering(document)
    lines: list[str] = []
    seen_title = False
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            text = block.text.replace("\t", " ").replace("\n", " ").strip()
            prefix = numbering.prefix(block)
            if text or prefix:
                lines.append(prefix + text)
            seen_title = seen_title or bool(_TITLE.match(text))
        else:
            lines += _reference_table_lines(block, header=not seen_title)
        lines.append("")
    return "\n".join(lines)


def test_the_reference_is_not_the_reader_itself():
    assert _cell_text is not _reference_cell_text and reference_docx_to_text is not docx_to_text


# A document whose numbering lives in paragraph styles (w:basedOn chains, the default style, a style id that
# is missing or names a character style) and whose runs and tables hold what python-docx reads specially.
_NUMBERING = f"""<w:numbering {W}>
  <w:abstractNum w:abstractNumId="70">
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl>
    <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2."/></w:lvl>
    <w:lvl w:ilvl="2"><w:start w:val="3"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%3)"/></w:lvl>
  </w:abstractNum>
  <w:abstractNum w:abstractNumId="71">
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl>
  </w:abstractNum>
  <w:num w:numId="77"><w:abstractNumId w:val="70"/></w:num>
  <w:num w:numId="78"><w:abstractNumId w:val="71"/></w:num>
</w:numbering>"""

_STYLES = [
    '<w:style w:type="paragraph" w:styleId="Muc"><w:name w:val="Muc"/>'
    '<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="77"/></w:numPr></w:pPr></w:style>',
    '<w:style w:type="paragraph" w:styleId="MucCon"><w:name w:val="MucCon"/><w:basedOn w:val="Muc"/>'
    '<w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="77"/></w:numPr></w:pPr></w:style>',
    '<w:style w:type="paragraph" w:styleId="MucChau"><w:name w:val="MucChau"/><w:basedOn w:val="MucCon"/></w:style>',
    '<w:style w:type="paragraph" w:styleId="Diem"><w:name w:val="Diem"/><w:basedOn w:val="MucChau"/>'
    '<w:pPr><w:numPr><w:ilvl w:val="2"/><w:numId w:val="77"/></w:numPr></w:pPr></w:style>',
    '<w:style w:type="paragraph" w:styleId="ChiMuc"><w:name w:val="ChiMuc"/><w:basedOn w:val="Muc"/>'
    '<w:pPr><w:numPr><w:ilvl w:val="2"/></w:numPr></w:pPr></w:style>',
    '<w:style w:type="paragraph" w:styleId="GachDau"><w:name w:val="GachDau"/>'
    '<w:pPr><w:numPr><w:numId w:val="78"/></w:numPr></w:pPr></w:style>',
    '<w:style w:type="paragraph" w:styleId="VongA"><w:name w:val="VongA"/><w:basedOn w:val="VongB"/></w:style>',
    '<w:style w:type="paragraph" w:styleId="VongB"><w:name w:val="VongB"/><w:basedOn w:val="GachDau"/></w:style>',
    '<w:style w:type="character" w:styleId="KyTu"><w:name w:val="KyTu"/>'
    '<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="77"/></w:numPr></w:pPr></w:style>',
    '<w:style w:type="paragraph" w:styleId="TrungTen"><w:name w:val="TrungTen 1"/></w:style>',
    '<w:style w:type="paragraph" w:styleId="TrungTen"><w:name w:val="TrungTen 2"/>'
    '<w:pPr><w:numPr><w:numId w:val="78"/></w:numPr></w:pPr></w:style>',
]


def _p(text: str = "", style: str | None = None, ppr: str = "", runs: str | None = None) -> str:
    style_xml = f'<w:pStyle w:val="{style}"/>' if style is not None else ""
    body = runs if runs is not None else f"<w:r><w:t>{text}</w:t></w:r>"
    return f"<w:p {W}><w:pPr>{style_xml}{ppr}</w:pPr>{body}</w:p>"


def _tc(text: str, tcpr: str = "", paragraphs: list[str] | None = None) -> str:
    content = "".join(_p(t) for t in (paragraphs or [text]))
    return f"<w:tc><w:tcPr>{tcpr}</w:tcPr>{content}</w:tc>"


def _tbl(rows: list[str], columns: int) -> str:
    grid = "".join("<w:gridCol/>" for _ in range(columns))
    return f"<w:tbl {W}><w:tblPr/><w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>"


SPAN2, RESTART, CONTINUE = '<w:gridSpan w:val="2"/>', '<w:vMerge w:val="restart"/>', "<w:vMerge/>"


def styled_docx(default_numbered: bool) -> bytes:
    document = Document()
    document.part.numbering_part.element.extend(parse_xml(_NUMBERING).getchildren())
    styles = document.styles.element
    for xml in _STYLES:
        styles.append(parse_xml(xml.replace("<w:style ", f"<w:style {W} ", 1)))
    if default_numbered:
        normal = styles.get_by_id("Normal")
        normal.get_or_add_pPr().append(parse_xml(f'<w:numPr {W}><w:ilvl w:val="2"/><w:numId w:val="77"/></w:numPr>'))
    body = document.element.body
    sect = body[-1]
    header = _tbl(
        [
            "<w:tr>"
            + _tc("", paragraphs=["UBND TỈNH QUẢNG TRỊ", "VĂN PHÒNG", "", "Số: 49/KH-VP"])
            + _tc("", paragraphs=["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"])
            + "</w:tr>"
        ],
        2,
    )
    blocks = [
        header,
        _p("KẾ HOẠCH"),
        _p("Cải thiện chỉ số\tnăng lực cạnh tranh", style="Title"),
        _p("NHIỆM VỤ", style="Muc"),
        _p("Cải cách thủ tục hành chính", style="MucCon"),
        _p("Rút ngắn thời gian giải quyết hồ sơ", style="MucChau"),
        _p("Công khai thủ tục", style="Diem"),
        _p("Số hóa hồ sơ", style="Diem"),
        _p("Phòng Nội chính chủ trì", style="GachDau"),
        _p("Theo chuỗi kế thừa hai bậc", style="VongA"),
        _p(
            "Kiểu ký tự thay vì kiểu đoạn",
            style="KyTu",
        ),
        _p("Kiểu không có trong tài liệu", style="KhongCo"),
        _p("Kiểu trùng mã", style="TrungTen"),
        _p("Kiểu rỗng", style=""),
        _p("Mức mà không có danh sách", style="ChiMuc"),
        _p("Bỏ đánh số của kiểu", style="Muc", ppr='<w:numPr><w:numId w:val="0"/></w:numPr>'),
        _p("Đánh số riêng", style="GachDau", ppr='<w:numPr><w:ilvl w:val="1"/><w:numId w:val="77"/></w:numPr>'),
        _p("Mức chưa định nghĩa", ppr='<w:numPr><w:ilvl w:val="5"/><w:numId w:val="77"/></w:numPr>'),
        _p("Danh sách không có", ppr='<w:numPr><w:ilvl w:val="0"/><w:numId w:val="99"/></w:numPr>'),
        _p("TỔ CHỨC THỰC HIỆN", style="Muc"),
        _p(
            runs='<w:r><w:t>Dòng</w:t><w:br/><w:t>mới</w:t><w:br w:type="page"/><w:t xml:space="preserve"> trang </w:t>'
            '<w:tab/><w:t>tab</w:t><w:ptab w:relativeTo="margin" w:alignment="right" w:leader="none"/>'
            '<w:cr/><w:noBreakHyphen/><w:t/><w:br w:type="column"/><w:delText>đã xóa</w:delText></w:r>'
            '<w:hyperlink w:anchor="x"><w:r><w:t>liên </w:t></w:r><w:r><w:t>kết</w:t></w:r></w:hyperlink>'
            '<w:ins w:id="1" w:author="a"><w:r><w:t>chèn</w:t></w:r></w:ins>'
            '<w:fldSimple w:instr="PAGE"><w:r><w:t>7</w:t></w:r></w:fldSimple>'
            "<w:r><w:rPr><w:b/></w:rPr><w:t>hết</w:t></w:r>"
        ),
        _p(runs=""),
        _p("Phụ lục"),
        _tbl(
            [
                "<w:tr>" + _tc("STT", RESTART) + _tc("Chỉ tiêu", RESTART) + _tc("Mục tiêu", SPAN2) + "</w:tr>",
                "<w:tr>" + _tc("", CONTINUE) + _tc("", CONTINUE) + _tc("2025") + _tc("2026") + "</w:tr>",
                "<w:tr>" + _tc("1.") + _tc("Tỷ lệ hồ sơ") + _tc("95%", SPAN2 + RESTART) + "</w:tr>",
                "<w:tr>" + _tc("2.") + _tc("Số ngày") + _tc("", SPAN2 + CONTINUE) + "</w:tr>",
                "<w:tr>" + _tc("3.") + _tc("Chỉ số\tcon") + _tc("", SPAN2 + CONTINUE) + "</w:tr>",
                '<w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr>' + _tc("Trước lưới", SPAN2) + _tc("cuối") + "</w:tr>",
                '<w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr>'
                + _tc("", SPAN2 + CONTINUE)
                + _tc("", paragraphs=["Phòng Nội chính", "Phòng Tài chính - Thương mại"])
                + "</w:tr>",
                "<w:tr>" + _tc("", paragraphs=["Dòng một", "Dòng hai"]) + _tc("") + _tc("") + _tc("x") + "</w:tr>",
            ],
            4,
        ),
        f"<w:sdt {W}><w:sdtContent><w:p><w:r><w:t>Trong khung nội dung</w:t></w:r></w:p></w:sdtContent></w:sdt>",
    ]
    for xml in blocks:
        sect.addprevious(parse_xml(xml))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _documents():
    seed = resources.files("pcitrack.data").joinpath("plan_seed_2024.txt").read_text(encoding="utf-8")
    header = [("UBND TỈNH QUẢNG TRỊ", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), ("VĂN PHÒNG", "Độc lập")]
    yield "seed-typed", lambda: build_docx(seed)
    yield (
        "seed-word-numbering",
        lambda: build_docx(
            seed, header=header, auto_numbering=True, merge_repeated=True, repeat_header_row=True, blank_rows=True
        ),
    )
    yield "seed-footnote", lambda: build_docx(seed, footnote="Ghi chú")
    yield "generated-plan", lambda: docx_of(generated_plan(3))
    yield "styled-numbering", lambda: styled_docx(default_numbered=False)
    yield "default-style-numbered", lambda: styled_docx(default_numbered=True)
    yield "report-template", lambda: resources.files("pcitrack.data").joinpath("report_template.docx").read_bytes()
    for path in sorted(PLANS.glob("*.txt")):
        yield f"pipe-tables-{path.stem}", lambda p=path: build_docx_tables(read_plan_file(p))
    for path in sorted(SEED_DIR.glob("*.docx")) if SEED_DIR.is_dir() else []:
        yield f"seed-{path.name}", path.read_bytes


DOCUMENTS = dict(_documents())


@pytest.mark.parametrize("name", DOCUMENTS)
def test_reads_as_python_docx_objects_do(name):
    data = DOCUMENTS[name]()
    expected = reference_docx_to_text(data)
    assert docx_to_text(data) == expected
    assert expected.strip()


def test_the_styled_document_exercises_style_numbering():
    lines = [ln for ln in docx_to_text(styled_docx(default_numbered=False)).split("\n") if ln]
    for line in [
        "I. NHIỆM VỤ",
        "I.1. Cải cách thủ tục hành chính",
        "I.2. Rút ngắn thời gian giải quyết hồ sơ",
        "c) Công khai thủ tục",
        "d) Số hóa hồ sơ",
        "- Phòng Nội chính chủ trì",
        "- Theo chuỗi kế thừa hai bậc",
        "Kiểu ký tự thay vì kiểu đoạn",
        "Mức mà không có danh sách",
        "3.\tChỉ số con\t95%\t",
        "Dòng một Dòng hai\t\t\tx",
        "VĂN PHÒNG\tĐộc lập - Tự do - Hạnh phúc",
        "Số: 49/KH-VP",
        "Bỏ đánh số của kiểu",
        "I.3. Đánh số riêng",
        "II. TỔ CHỨC THỰC HIỆN",
        "Dòng mới trang  tab  -liên kếthết",
        "STT\tChỉ tiêu\tMục tiêu\t",
        "STT\tChỉ tiêu\t2025\t2026",
        "2.\tSố ngày\t95%\t",
        "3.\tChỉ số con\t95%\t",
        "Dòng một Dòng hai\t\t\tx",
        "VĂN PHÒNG\tĐộc lập - Tự do - Hạnh phúc",
        "Số: 49/KH-VP",
        "Trước lưới\t\tcuối",
        "Trước lưới\t\tPhòng Nội chính; Phòng Tài chính - Thương mại",
    ]:
        assert line in lines, line
    assert "Kiểu trùng mã" in lines  # the first style with an id is the one that counts
    assert not any("chèn" in ln or "đã xóa" in ln or "Trong khung" in ln for ln in lines)
    assert re.search(r"^UBND TỈNH QUẢNG TRỊ\tCỘNG HÒA", "\n".join(lines), re.M)
