"""A Word (.docx) plan as the plain text the plan parser reads.

Paragraphs become lines, with Word's automatic list numbering written out ("II.",
"2.1.", "a)", "-") because python-docx's ``paragraph.text`` leaves it out. Tables become
one line per row with cells separated by tabs, one cell per column: a horizontally merged cell
gives its text to its first column and leaves the others empty, a vertically merged one repeats its
text on every row it covers. The header table
before the title keeps its two columns side by side, one line per paragraph.
Footnotes live in their own part and are never read.
"""

from __future__ import annotations

import io
import re
from itertools import zip_longest

from docx import Document
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from .document import gettext_noop
from .errors import PcitrackError
from .units import is_group, looks_like_unit

_TITLE = re.compile(r"^(KẾ HOẠCH|QUYẾT ĐỊNH|CHỈ THỊ|CHƯƠNG TRÌNH|NGHỊ QUYẾT|ĐỀ ÁN|BÁO CÁO|HƯỚNG DẪN|THÔNG BÁO)\b")
_ROMAN = [
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
]


def _roman(n: int) -> str:
    out = ""
    for value, letters in _ROMAN:
        while n >= value:
            out, n = out + letters, n - value
    return out


def _format(n: int, fmt: str) -> str:
    if fmt == "lowerLetter":
        return chr(ord("a") + (n - 1) % 26)
    if fmt == "upperLetter":
        return chr(ord("A") + (n - 1) % 26)
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "none":
        return ""
    return str(n)


class _Numbering:
    """Word's list numbering: numbering.xml's definitions and a counter per list."""

    def __init__(self, document):
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}
        self.abstract_of: dict[str, str] = {}
        self.counters: dict[str, dict[int, int]] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        for abstract in root.findall(qn("w:abstractNum")):
            levels = {}
            for lvl in abstract.findall(qn("w:lvl")):
                fmt = lvl.find(qn("w:numFmt"))
                text = lvl.find(qn("w:lvlText"))
                start = lvl.find(qn("w:start"))
                levels[int(lvl.get(qn("w:ilvl")))] = (
                    fmt.get(qn("w:val")) if fmt is not None else "decimal",
                    text.get(qn("w:val")) if text is not None else "",
                    int(start.get(qn("w:val"))) if start is not None else 1,
                )
            self.levels[abstract.get(qn("w:abstractNumId"))] = levels
        for num in root.findall(qn("w:num")):
            ref = num.find(qn("w:abstractNumId"))
            if ref is not None:
                self.abstract_of[num.get(qn("w:numId"))] = ref.get(qn("w:val"))

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
            return _format(counters.get(k, lvl_start), lvl_fmt)

        rendered = re.sub(r"%(\d)", value, text)
        return f"{rendered} " if rendered else ""


def _cell_text(cell) -> str:
    paragraphs = [p.text.replace("\t", " ").strip() for p in cell.paragraphs]
    paragraphs = [p for p in paragraphs if p]
    if len(paragraphs) > 1 and all(looks_like_unit(p) or is_group(p) for p in paragraphs):
        return "; ".join(paragraphs)
    return " ".join(paragraphs).replace("\n", " ")


def _table_lines(table: Table, header: bool) -> list[str]:
    lines = []
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:
            # A horizontally merged cell appears once per grid column it spans: its text goes in the first,
            # the others stay empty, so that every row has one cell per column ("Mục tiêu" over two years).
            cells.append(None if id(cell._tc) in seen else cell)
            seen.add(id(cell._tc))
        if header:
            columns = [[p.text.strip() for p in c.paragraphs if p.text.strip()] for c in cells if c is not None]
            lines += ["\t".join(parts).rstrip("\t") for parts in zip_longest(*columns, fillvalue="")]
        else:
            lines.append("\t".join(_cell_text(c) if c is not None else "" for c in cells))
    return lines


def docx_to_text(data: bytes) -> str:
    try:
        document = Document(io.BytesIO(data))
    except Exception:  # python-docx and lxml raise many kinds on broken or hostile XML (entity bombs, cut parts)
        raise PcitrackError(
            gettext_noop("The Word file is damaged or incomplete (it cannot be opened as .docx).")
        ) from None
    numbering = _Numbering(document)
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
            lines += _table_lines(block, header=not seen_title)
        lines.append("")
    return "\n".join(lines)
