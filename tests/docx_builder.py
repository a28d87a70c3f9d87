"""Builds Word files the way offices write them, from a plan in the .txt layout.

Options reproduce what real documents do: the two-column header table, Word's automatic
list numbering instead of typed "II." / "2.1." / "-", the appendix as a real table with
vertically merged cells, a header row repeated mid-table, blank rows, and a footnote.
"""

from __future__ import annotations

import io
import re

from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

_LEVELS = [
    (re.compile(r"^(I{1,3}|IV|VI{0,3}|IX|X)\.\s+(.*)$"), 0),
    (re.compile(r"^\d+\.\d+\.\s+(.*)$"), 2),
    (re.compile(r"^\d+\.\s+(.*)$"), 1),
    (re.compile(r"^[a-zđ]\)\s+(.*)$"), 3),
    (re.compile(r"^-\s+(.*)$"), 4),
]
_ABSTRACT = f"""<w:abstractNum {nsdecls("w")} w:abstractNumId="90">
  <w:multiLevelType w:val="multilevel"/>
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2.%3."/></w:lvl>
  <w:lvl w:ilvl="3"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%4)"/></w:lvl>
  <w:lvl w:ilvl="4"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="-"/></w:lvl>
</w:abstractNum>"""
_NUM = f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'


def _number(paragraph, level: int) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>'))


def _add_footnote(document, paragraph, text: str) -> None:
    xml = f'<w:footnotes {nsdecls("w")}><w:footnote w:id="1"><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:footnote></w:footnotes>'
    part = Part(
        PackURI("/word/footnotes.xml"),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
        xml.encode(),
        document.part.package,
    )
    document.part.relate_to(part, RT.FOOTNOTES)
    run = paragraph.add_run()
    run._r.append(parse_xml(f'<w:footnoteReference {nsdecls("w")} w:id="1"/>'))


def build_docx(
    text: str,
    *,
    header: list[tuple[str, str]] | None = None,
    auto_numbering: bool = False,
    merge_repeated: bool = False,
    repeat_header_row: bool = False,
    blank_rows: bool = False,
    footnote: str | None = None,
) -> bytes:
    document = Document()
    if auto_numbering:
        numbering = document.part.numbering_part.element
        numbering.insert(0, parse_xml(_ABSTRACT))
        numbering.append(parse_xml(_NUM))
    if header:
        table = document.add_table(rows=1, cols=2)
        left, right = table.rows[0].cells
        for i, (l_text, r_text) in enumerate(header):
            (left.paragraphs[0] if i == 0 else left.add_paragraph()).text = l_text
            (right.paragraphs[0] if i == 0 else right.add_paragraph()).text = r_text

    lines = text.split("\n")
    table_at = next((i for i, ln in enumerate(lines) if ln.startswith("STT\t")), len(lines))
    first_task = True
    for line in lines[:table_at]:
        if not line.strip():
            continue
        paragraph = document.add_paragraph()
        level = None
        if auto_numbering:
            for pattern, lvl in _LEVELS:
                m = pattern.match(line)
                if m:
                    line, level = m.groups()[-1], lvl
                    break
        paragraph.add_run(line).bold = level is not None and level < 3
        if level is not None:
            _number(paragraph, level)
        if footnote and first_task and line.startswith("Tiếp tục"):
            _add_footnote(document, paragraph, footnote)
            first_task = False

    rows = [ln.split("\t") for ln in lines[table_at:] if ln.strip()]
    if rows:
        width = max(len(r) for r in rows)
        body = rows[1:]
        table = document.add_table(rows=0, cols=width)
        table.style = "Table Grid"
        header_row = rows[0] + [""] * (width - len(rows[0]))

        def add(cells):
            row = table.add_row()
            for cell, value in zip(row.cells, cells + [""] * (width - len(cells)), strict=True):
                cell.text = value
            return row

        first = add(header_row)
        first._tr.get_or_add_trPr().append(parse_xml(f"<w:tblHeader {nsdecls('w')}/>"))
        added = []
        for i, cells in enumerate(body):
            if repeat_header_row and i == len(body) // 2:
                add(header_row)
            if blank_rows and i == 3:
                add([""] * width)
            added.append((add(cells), cells))
        if merge_repeated:
            last_col = width - 1
            run_start = None
            for j, (row, cells) in enumerate(added):
                value = cells[last_col] if last_col < len(cells) else ""
                prev = added[j - 1][1][last_col] if j and last_col < len(added[j - 1][1]) else None
                if value and value == prev and run_start is not None:
                    run_start.merge(row.cells[last_col])
                    row.cells[last_col].text = value
                elif value:
                    run_start = row.cells[last_col]
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


MERGE_LEFT, MERGE_UP = "<", "^"


def build_docx_tables(text: str, headers: dict[int, tuple[int, list[list[str]]]] | None = None) -> bytes:
    """A Word file from a plan written with pipe tables, as an office types it in Word.

    The pipe rows before the title become the two-column header table; every other run of pipe rows becomes
    a real table. headers maps a table's position among those (0 for the first) to (how many of its rows to
    replace, the header rows to put instead), where "<" merges a cell into the one on its left and "^" into
    the one above: [["STT", "Kết quả", "<"], ["^", "Năm 2023", "Năm 2024"]].
    """
    document = Document()
    blocks: list[tuple[str, object]] = []
    for line in text.split("\n"):
        if line.strip().startswith("|"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if blocks and blocks[-1][0] == "table":
                blocks[-1][1].append(cells)
            else:
                blocks.append(("table", [cells]))
        elif line.strip():
            blocks.append(("paragraph", line.strip()))
    seen_table = False  # a pipe table before any paragraph is the document's header
    position = 0
    for kind, content in blocks:
        if kind == "paragraph":
            document.add_paragraph(content)
            continue
        rows = [r for r in content if not all(set(c) <= {"-"} for c in r)]
        if not seen_table and not document.paragraphs:
            seen_table = True
            table = document.add_table(rows=1, cols=2)
            left, right = table.rows[0].cells
            for i, cells in enumerate(rows):
                (left.paragraphs[0] if i == 0 else left.add_paragraph()).text = cells[0]
                (right.paragraphs[0] if i == 0 else right.add_paragraph()).text = cells[1] if len(cells) > 1 else ""
            continue
        replaced, header = (headers or {}).get(position, (0, []))
        position += 1
        _merged_table(document, header + rows[replaced:])
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _merged_table(document, rows: list[list[str]]) -> None:
    width = max(len(r) for r in rows)
    table = document.add_table(rows=len(rows), cols=width)
    table.style = "Table Grid"
    for i, cells in enumerate(rows):
        for j, value in enumerate(cells + [""] * (width - len(cells))):
            if value not in (MERGE_LEFT, MERGE_UP):
                table.cell(i, j).text = value
    for i, cells in enumerate(rows):
        for j, value in enumerate(cells):
            if value == MERGE_LEFT:
                table.cell(i, j - 1).merge(table.cell(i, j))
            elif value == MERGE_UP:
                table.cell(i - 1, j).merge(table.cell(i, j))
