"""A Word (.docx) plan as the plain text the plan parser reads.

Paragraphs become lines, with Word's automatic list numbering written out ("II.",
"2.1.", "a)", "-") because python-docx's ``paragraph.text`` leaves it out. Tables become
one line per row with cells separated by tabs, one cell per column: a horizontally merged cell
gives its text to its first column and leaves the others empty, a vertically merged one repeats its
text on every row it covers. The header table
before the title keeps its two columns side by side, one line per paragraph.
Footnotes live in their own part and are never read.

The text is read from the body's XML as python-docx's ``Paragraph.text`` and ``_Row.cells`` read it, without
building their objects: a paragraph's style is taken from its w:pStyle id through a dictionary made once from
styles.xml, where python-docx would search every style for each paragraph that has none.
"""

from __future__ import annotations

import io
import re
from itertools import zip_longest

from docx import Document
from docx.oxml.ns import qn

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


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_P, _TBL, _TR, _TC, _R, _HYPERLINK = (_W + t for t in ("p", "tbl", "tr", "tc", "r", "hyperlink"))
_PPR, _TCPR, _TRPR, _NUMPR, _PSTYLE = (_W + t for t in ("pPr", "tcPr", "trPr", "numPr", "pStyle"))
_VAL = _W + "val"
# What a run's children read as, as python-docx's Run.text gives it; a break depends on its type.
_RUN_TEXT = {_W + "tab": "\t", _W + "ptab": "\t", _W + "cr": "\n", _W + "noBreakHyphen": "-"}
_T, _BR, _BR_TYPE = _W + "t", _W + "br", _W + "type"


def _first(element, tag):
    for child in element:
        if child.tag == tag:
            return child
    return None


def _run_text(run) -> str:
    out = []
    for child in run:
        tag = child.tag
        if tag == _T:
            out.append(child.text or "")
        elif tag == _BR:
            out.append("\n" if child.get(_BR_TYPE, "textWrapping") == "textWrapping" else "")
        else:
            out.append(_RUN_TEXT.get(tag, ""))
    return "".join(out)


def _text(p) -> str:
    """A paragraph's text: its runs and the runs of its hyperlinks (python-docx's Paragraph.text)."""
    out = []
    for child in p:
        tag = child.tag
        if tag == _R:
            out.append(_run_text(child))
        elif tag == _HYPERLINK:
            out += [_run_text(r) for r in child if r.tag == _R]
    return "".join(out)


def _int(element, attribute: str = _VAL) -> int | None:
    try:
        return int(element.get(attribute))
    except (TypeError, ValueError):
        return None


class _Numbering:
    """Word's list numbering: numbering.xml's definitions, styles.xml's numbered styles, a counter per list.

    A paragraph is numbered by its own w:numPr or, failing that, by the first one along its style's
    w:basedOn chain; each style's is resolved once, from a dictionary by style id.
    """

    def __init__(self, document):
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}
        self.abstract_of: dict[str, str] = {}
        self.counters: dict[str, dict[int, int]] = {}
        self._styles = self._style_numbering(document)
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
    def _style_numbering(document) -> dict[str | None, object]:
        """Paragraph style id -> the w:numPr it numbers with (None: none); key None: the default style's.

        As python-docx resolves a paragraph's style: an id that is missing or not a paragraph style's means
        the default paragraph style (the last marked default); w:basedOn follows the first style with that id.
        """
        try:
            styles = list(document.styles.element.iterchildren(_W + "style"))
        except (KeyError, NotImplementedError, AttributeError):
            styles = []
        by_id: dict[str, object] = {}
        for style in styles:
            by_id.setdefault(style.get(_W + "styleId"), style)

        def num_pr(style):
            seen = set()
            while style is not None and id(style) not in seen:
                seen.add(id(style))
                ppr = _first(style, _PPR)
                found = _first(ppr, _NUMPR) if ppr is not None else None
                if found is not None:
                    return found
                based_on = _first(style, _W + "basedOn")
                style = by_id.get(based_on.get(_VAL)) if based_on is not None else None
            return None

        paragraph_styles = [s for s in styles if s.get(_W + "type") == "paragraph"]
        defaults = [s for s in paragraph_styles if s.get(_W + "default") in ("1", "true", "on")]
        numbering: dict[str | None, object] = {None: num_pr(defaults[-1]) if defaults else None}
        for style in paragraph_styles:
            style_id = style.get(_W + "styleId")
            if style_id and by_id[style_id] is style:
                numbering[style_id] = num_pr(style)
        return numbering

    def _num_pr(self, p):
        ppr = _first(p, _PPR)
        if ppr is not None:
            num_pr = _first(ppr, _NUMPR)
            if num_pr is not None:
                return num_pr
            style = _first(ppr, _PSTYLE)
            style_id = style.get(_VAL) if style is not None else None
            if style_id in self._styles:
                return self._styles[style_id]
        return self._styles[None]

    def prefix(self, p) -> str:
        num_pr = self._num_pr(p)
        num_id_element = _first(num_pr, _W + "numId") if num_pr is not None else None
        if num_id_element is None:
            return ""
        num_id = str(int(num_id_element.get(_VAL)))
        ilvl = _first(num_pr, _W + "ilvl")
        level = int(ilvl.get(_VAL)) if ilvl is not None else 0
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


def _cell_text(tc) -> str:
    paragraphs = [_text(p).replace("\t", " ").strip() for p in tc if p.tag == _P]
    paragraphs = [p for p in paragraphs if p]
    if len(paragraphs) > 1 and all(looks_like_unit(p) or is_group(p) for p in paragraphs):
        return "; ".join(paragraphs)
    return " ".join(paragraphs).replace("\n", " ")


def _row_cells(tbl) -> list[list[object]]:
    """The w:tc of each grid column of each row, as python-docx's _Row.cells gives them.

    A cell spanning columns (w:gridSpan) appears once per column it spans; one continuing a vertical merge
    (w:vMerge without "restart") stands for the cell starting at the same grid column in the row above.
    """
    rows: list[list[object]] = []
    above: dict[int, list[object]] = {}  # grid column -> the cells of the w:tc starting there in the row above
    for tr in tbl:
        if tr.tag != _TR:
            continue
        trpr = _first(tr, _TRPR)
        before = _first(trpr, _W + "gridBefore") if trpr is not None else None
        column = (_int(before) or 0) if before is not None else 0
        cells: list[object] = []
        starts: dict[int, list[object]] = {}
        for tc in tr:
            if tc.tag != _TC:
                continue
            tcpr = _first(tc, _TCPR)
            span, merge = 1, None
            if tcpr is not None:
                grid_span = _first(tcpr, _W + "gridSpan")
                if grid_span is not None:
                    span = int(grid_span.get(_VAL))
                v_merge = _first(tcpr, _W + "vMerge")
                if v_merge is not None:
                    merge = v_merge.get(_VAL, "continue")
            own = above[column] if merge == "continue" and column in above else [tc] * span
            starts[column] = own
            cells += own
            column += span
        above = starts
        rows.append(cells)
    return rows


def _table_lines(tbl, header: bool) -> list[str]:
    lines = []
    for row in _row_cells(tbl):
        cells, seen = [], set()
        for tc in row:
            # A horizontally merged cell appears once per grid column it spans: its text goes in the first,
            # the others stay empty, so that every row has one cell per column ("Mục tiêu" over two years).
            cells.append(None if id(tc) in seen else tc)
            seen.add(id(tc))
        if header:
            columns = [[t for t in (_text(p).strip() for p in c if p.tag == _P) if t] for c in cells if c is not None]
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
    for block in document.element.body:
        if block.tag == _P:
            text = _text(block).replace("\t", " ").replace("\n", " ").strip()
            prefix = numbering.prefix(block)
            if text or prefix:
                lines.append(prefix + text)
            seen_title = seen_title or bool(_TITLE.match(text))
        elif block.tag == _TBL:
            lines += _table_lines(block, header=not seen_title)
        else:
            continue
        lines.append("")
    return "\n".join(lines)
