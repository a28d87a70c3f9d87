"""How long reading a plan takes: the seed, and a generated plan of 200 A4 pages as .txt and as .docx.

    python -m benchmarks.plan_parse [--pages 200] [--repeat 5]

Each figure is the median of --repeat runs, next to a baseline measured in the same process:
- a .txt plan: parse_plan_text(text), against normalising and splitting the text into lines (what any reader
  of the file must do);
- a .docx plan: parse_plan_text(docx_to_text(data)), against loading the .docx with python-docx
  (``Document(...)``: unzipping it and parsing its XML, what any reader of the file must do).

The generated plan is laid out as an office prints one (Nghị định 30/2020/NĐ-CP): A4, margins 20 mm top and
bottom, 30 mm left, 15 mm right, Times New Roman 14 pt, single line spacing, 6 pt after a paragraph, first line
indented 1 cm, justified; the appendix is a five-column table in 12 pt. Its size was calibrated with
LibreOffice 7.4 (Liberation Serif, metrically Times New Roman): ``soffice --headless --convert-to pdf`` then
``pdfinfo``. A first sample (600 paragraphs of tasks, 134,604 characters: 53 pages; 300 appendix rows: 24 pages)
gave the sizes, and the generated plans were then converted to check them: a page holds 2,560 characters of the
tasks' paragraphs (about 11 paragraphs) or 13 appendix rows. A plan of --pages N is 90 % tasks and 10 % appendix:
--pages 200 (461,320 characters in 2,060 paragraphs of tasks, then 260 rows from page 180) is 200 pages,
--pages 100 is 101 and --pages 20 is 21.

The last line is JSON: txt_200_pages_s and docx_200_pages_s (seconds for the whole parse of the --pages plan:
text -> plan, and .docx -> text -> plan), txt_over_baseline, docx_over_load, and the same two parses in CPU
seconds of this process (txt_200_pages_cpu_s, docx_200_pages_cpu_s), which other work on a shared machine
disturbs less than the clock. Every timed function runs in turn, --repeat rounds.
"""

from __future__ import annotations

import argparse
import io
import json
import statistics
import sys
import time
from importlib import resources
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pcitrack.core.docx_reader import docx_to_text  # noqa: E402
from pcitrack.core.plan_parser import _lines, parse_plan_text  # noqa: E402

UNITS = [
    "Phòng Nội chính",
    "Phòng Tài chính - Thương mại",
    "Trung tâm Phục vụ hành chính công tỉnh",
    "Cổng Thông tin điện tử tỉnh",
]
BODY_CHARS_PER_PAGE = 2560  # of the tasks' paragraphs, calibrated as the docstring says
TABLE_ROWS_PER_PAGE = 13  # of the appendix table


def _task_paragraph(n: int, k: int) -> str:
    unit = UNITS[(n + k) % len(UNITS)]
    return (
        f"- {unit} chủ động rà soát, công khai thủ tục hành chính theo Quyết định số {100 + n}/QĐ-UBND "
        f"ngày {1 + k}/{1 + n % 12}/2024 của UBND tỉnh; giải quyết hồ sơ đúng hạn, nâng cao chất lượng phục vụ "
        f"người dân và doanh nghiệp, bảo đảm tỷ lệ hài lòng đạt trên {80 + k}% trong năm."
    )


def generated_plan(pages: int) -> str:
    """A plan in the seed's layout that fills `pages` A4 pages once laid out by docx_of."""
    appendix_pages = max(1, round(pages / 10))
    body_chars = (pages - appendix_pages) * BODY_CHARS_PER_PAGE
    lines = ["KẾ HOẠCH", "Cải thiện môi trường kinh doanh, nâng cao năng lực cạnh tranh", "II. NHIỆM VỤ"]
    written, n = 0, 0
    while written < body_chars:
        n += 1
        group = [f"{n}. Nhóm nhiệm vụ {n}"] + [_task_paragraph(n, k) for k in range(1, 6)]
        lines += group
        written += sum(map(len, group))
    lines.append("III. TỔ CHỨC THỰC HIỆN")
    lines += [f"{i + 1}. {u}: Tham mưu tổ chức thực hiện các nội dung được giao." for i, u in enumerate(UNITS)]
    lines.append("Phụ lục")
    text = "\n\n".join(lines) + "\n\nSTT\tChỉ tiêu\tMục tiêu năm 2025\tĐơn vị chủ trì\tĐơn vị phối hợp\n"
    rows = round(appendix_pages * TABLE_ROWS_PER_PAGE)
    return text + "".join(
        f"{i}.\tTỷ lệ hồ sơ nhóm {i} được giải quyết đúng hạn (%)\t{80 + i % 20}%\t{UNITS[i % 4]}\tCác phòng, trung tâm\n"
        for i in range(1, rows + 1)
    )


def docx_of(text: str) -> bytes:
    """The plan as an office's Word file: paragraphs in the layout the docstring gives, the appendix a table."""
    from docx import Document
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Mm, Pt

    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = "Times New Roman", Pt(14)
    layout = normal.paragraph_format
    layout.space_before, layout.space_after, layout.line_spacing = Pt(0), Pt(6), 1.0
    layout.first_line_indent, layout.alignment = Cm(1), WD_ALIGN_PARAGRAPH.JUSTIFY
    cell_style = document.styles.add_style("Bảng", WD_STYLE_TYPE.PARAGRAPH)
    cell_style.base_style, cell_style.font.size = normal, Pt(12)
    cell_layout = cell_style.paragraph_format
    cell_layout.space_after, cell_layout.first_line_indent, cell_layout.alignment = (
        Pt(0),
        Cm(0),
        WD_ALIGN_PARAGRAPH.LEFT,
    )

    lines = text.split("\n")
    table_at = next(i for i, ln in enumerate(lines) if ln.startswith("STT\t"))
    for line in lines[:table_at]:
        if line.strip():
            document.add_paragraph(line)
    rows = [ln.split("\t") for ln in lines[table_at:] if ln.strip()]
    table = document.add_table(rows=len(rows), cols=5)
    table.style = "Table Grid"
    for row, cells in zip(table.rows, rows, strict=True):
        for cell, value in zip(row.cells, cells, strict=True):
            cell.text = value
            cell.paragraphs[0].style = cell_style
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def medians(fns: dict, repeat: int) -> dict[str, tuple[float, float]]:
    """Median wall-clock and CPU seconds of each function, run in turn `repeat` times (so that a busy spell of
    a shared machine slows them alike)."""
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in fns}
    for _ in range(repeat):
        for name, fn in fns.items():
            wall, cpu = time.perf_counter(), time.process_time()
            fn()
            times[name].append((time.perf_counter() - wall, time.process_time() - cpu))
    return {
        name: (statistics.median(t[0] for t in runs), statistics.median(t[1] for t in runs))
        for name, runs in times.items()
    }


def main(argv=None) -> int:
    args = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    args.add_argument("--pages", type=int, default=200)
    args.add_argument("--repeat", type=int, default=5)
    opts = args.parse_args(argv)

    from docx import Document

    seed = resources.files("pcitrack.data").joinpath("plan_seed_2024.txt").read_text(encoding="utf-8")
    big = generated_plan(opts.pages)
    big_docx = docx_of(big)
    parse_plan_text(seed)  # load the catalog once, as a running server has
    docx_to_text(docx_of(seed.split("Phụ lục")[0] + "Phụ lục\nSTT\ta\tb\tc\td\n"))  # and python-docx's classes

    print(f"{'input':<36}{'size':>10}{'baseline':>12}{'read':>12}{'ratio':>8}")
    timed = medians(
        {
            "seed_base": lambda: _lines(seed),
            "seed": lambda: parse_plan_text(seed),
            "txt_base": lambda: _lines(big),
            "txt": lambda: parse_plan_text(big),
            "load": lambda: Document(io.BytesIO(big_docx)),
            "to_text": lambda: docx_to_text(big_docx),
            "docx": lambda: parse_plan_text(docx_to_text(big_docx)),
        },
        opts.repeat,
    )
    (seed_base, _), (seed_s, _) = timed["seed_base"], timed["seed"]
    (txt_base, _), (txt_s, txt_cpu) = timed["txt_base"], timed["txt"]
    (load_s, _), (to_text_s, _), (docx_s, docx_cpu) = timed["load"], timed["to_text"], timed["docx"]
    kb = len(big.encode()) / 1024
    for label, size, base, work in [
        ("seed plan (.txt), lines -> plan", f"{len(seed.encode()) / 1024:.0f} KB", seed_base, seed_s),
        (f"{opts.pages}-page plan (.txt), lines -> plan", f"{kb:.0f} KB", txt_base, txt_s),
        (f"{opts.pages}-page plan (.docx), load -> text", f"{len(big_docx) / 1024:.0f} KB", load_s, to_text_s),
        (f"{opts.pages}-page plan (.docx), load -> plan", f"{len(big_docx) / 1024:.0f} KB", load_s, docx_s),
    ]:
        print(f"{label:<36}{size:>10}{base * 1000:>10.1f}ms{work * 1000:>10.1f}ms{work / base:>7.1f}x")
    parsed = parse_plan_text(big)
    print(
        f"\n{opts.pages}-page plan: {len(parsed.tasks)} tasks, {len(parsed.indicators)} indicators, "
        f"{len(big)} characters, {len(big_docx)} bytes as .docx"
    )
    figures = {
        "txt_200_pages_s": round(txt_s, 3),
        "docx_200_pages_s": round(docx_s, 3),
        "txt_over_baseline": round(txt_s / txt_base, 1),
        "docx_over_load": round(docx_s / load_s, 1),
        "txt_200_pages_cpu_s": round(txt_cpu, 3),
        "docx_200_pages_cpu_s": round(docx_cpu, 3),
    }
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
