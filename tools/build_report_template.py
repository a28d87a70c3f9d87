"""Write pcitrack/data/report_template.docx: the Word template of the official report.

    python tools/build_report_template.py

The template follows Nghị định 30/2020/NĐ-CP, Phụ lục I: A4 portrait, margins 20/20/30/15 mm,
Times New Roman for every script, the borderless two-column header, "BÁO CÁO" and its summary,
the body (13-14 pt, justified, first-line indent), "Nơi nhận" and the signing block, page numbers
from page 2. The body and the appendix are inserted by pcitrack as sub-documents ({{p body }},
{{p appendix }}); everything else is ordinary Word text an office can edit (letterhead, signer),
keeping the {{ ... }} tags.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

OUT = Path(__file__).resolve().parents[1] / "pcitrack" / "data" / "report_template.docx"
FONT = "Times New Roman"


def set_fonts(rpr, size: float | None = None) -> None:
    """Times New Roman in all four font slots (Latin, high ANSI, East Asian, complex script)."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), FONT)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)
    if size:
        for tag in ("w:sz", "w:szCs"):
            el = rpr.find(qn(tag))
            if el is None:
                el = OxmlElement(tag)
                rpr.append(el)
            el.set(qn("w:val"), str(int(size * 2)))


def _default_rpr(document):
    defaults = document.styles.element.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        document.styles.element.insert(0, defaults)
    holder = defaults.find(qn("w:rPrDefault"))
    if holder is None:
        holder = OxmlElement("w:rPrDefault")
        defaults.insert(0, holder)
    rpr = holder.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        holder.append(rpr)
    return rpr


def styles(document) -> None:
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(14)
    set_fonts(normal.element.get_or_add_rPr(), 14)
    fmt = normal.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt.first_line_indent = Cm(1.27)
    fmt.space_after = Pt(6)
    fmt.line_spacing = 1.15
    set_fonts(_default_rpr(document))
    for name in ("Heading 1", "Heading 2", "Table Grid"):
        style = document.styles[name]
        style.font.name = FONT
        style.font.color.rgb = None
        set_fonts(style.element.get_or_add_rPr())
    for name, size in (("Heading 1", 14), ("Heading 2", 14)):
        style = document.styles[name]
        style.font.size = Pt(size)
        style.font.bold = True
        style.paragraph_format.first_line_indent = Cm(1.27)
        style.paragraph_format.space_before = Pt(6)
        style.paragraph_format.space_after = Pt(6)
        style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        for el in style.element.rPr.findall(qn("w:color")):
            style.element.rPr.remove(el)


def widths(table, *cm: float) -> None:
    """Fixed column widths that Word and LibreOffice both keep."""
    table.autofit = False
    for column, width in zip(table.columns, cm, strict=True):
        column.width = Cm(width)
        for cell in column.cells:
            cell.width = Cm(width)


def no_borders(table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tbl_pr.append(borders)


def line(
    cell_or_doc, text: str, *, size: float, bold=False, italic=False, first=False, upper_rule=False, rule_indent=2.2
):
    paragraph = cell_or_doc.paragraphs[0] if first else cell_or_doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.first_line_indent = Cm(0)
    paragraph.paragraph_format.space_after = Pt(0)
    paragraph.paragraph_format.line_spacing = 1.0
    run = paragraph.add_run(text)
    run.font.size, run.bold, run.italic = Pt(size), bold, italic
    if upper_rule:
        under = cell_or_doc.add_paragraph()
        under.paragraph_format.first_line_indent = Cm(0)
        under.paragraph_format.space_after = Pt(0)
        under.paragraph_format.line_spacing = Pt(2)
        rule(under, rule_indent)
    return paragraph


def rule(paragraph, width_cm: float = 3.0) -> None:
    """The short line under a name: a bottom border on a narrow indented paragraph."""
    p_pr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    p_pr.append(borders)
    paragraph.paragraph_format.left_indent = Cm(width_cm)
    paragraph.paragraph_format.right_indent = Cm(width_cm)


def page_number_header(section) -> None:
    """Page numbers centred at the top, from page 2 on (the first page has its own, empty header)."""
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.first_line_indent = Cm(0)
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, " PAGE "), ("end", None)):
        if kind:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), kind)
            run._r.append(fld)
        else:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
    run.font.size = Pt(14)


def build() -> Document:
    document = Document()
    styles(document)
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance = Mm(10)
    page_number_header(section)

    header = document.add_table(rows=1, cols=2)
    header.alignment = WD_TABLE_ALIGNMENT.CENTER
    no_borders(header)
    widths(header, 6.5, 9.5)
    left, right = header.rows[0].cells
    line(left, "{{ parent_body }}", size=13, first=True)
    line(left, "{{ issuing_body }}", size=13, bold=True, upper_rule=True)
    line(left, "Số: {{ number }}", size=13).paragraph_format.space_before = Pt(6)
    line(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=12, bold=True, first=True)
    line(right, "Độc lập - Tự do - Hạnh phúc", size=13, bold=True, upper_rule=True, rule_indent=2.0)
    line(right, "{{ place_date }}", size=14, italic=True).paragraph_format.space_before = Pt(6)

    document.add_paragraph().paragraph_format.space_after = Pt(0)
    line(document, "BÁO CÁO", size=14, bold=True)
    line(document, "{{ summary }}", size=14, bold=True, upper_rule=True, rule_indent=6.0)
    document.add_paragraph().paragraph_format.space_after = Pt(0)

    document.add_paragraph("{{p body }}")

    closing = document.add_table(rows=1, cols=2)
    no_borders(closing)
    widths(closing, 8, 8)
    left, right = closing.rows[0].cells
    recipients_title = left.paragraphs[0]
    recipients_title.paragraph_format.first_line_indent = Cm(0)
    run = recipients_title.add_run("Nơi nhận:")
    run.bold, run.italic, run.font.size = True, True, Pt(12)
    item = left.add_paragraph()
    item.paragraph_format.first_line_indent = Cm(0)
    item.paragraph_format.space_after = Pt(0)
    item.alignment = WD_ALIGN_PARAGRAPH.LEFT
    item.add_run("{%p for r in recipients %}").font.size = Pt(11)
    item = left.add_paragraph()
    item.paragraph_format.first_line_indent = Cm(0)
    item.paragraph_format.space_after = Pt(0)
    item.alignment = WD_ALIGN_PARAGRAPH.LEFT
    item.add_run("- {{ r }}").font.size = Pt(11)
    item = left.add_paragraph()
    item.add_run("{%p endfor %}").font.size = Pt(11)
    line(right, "{{ signer_line_1 }}", size=14, bold=True, first=True)
    line(right, "{{ signer_line_2 }}", size=14, bold=True)
    for _ in range(4):
        line(right, "", size=14)
    line(right, "{{ signer_name }}", size=14, bold=True)

    document.add_paragraph("{{p appendix }}")
    return document


def main() -> int:
    build().save(OUT)
    print(f"-> {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
