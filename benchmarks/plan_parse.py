"""How long parse_plan takes on the seed and on a generated 200-page plan.

    python -m benchmarks.plan_parse [--pages 200] [--repeat 5]

Each figure is the median of --repeat runs, reported next to a baseline measured in the
same process: normalising and splitting the same text into lines (what any reader of the
file must do). The ratio says how much the parser costs beyond reading the text.
"""

from __future__ import annotations

import argparse
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
CHARS_PER_PAGE = 3000  # an A4 page of 13-14 pt Times New Roman


def generated_plan(pages: int) -> str:
    """A plan in the seed's layout, long enough to fill about `pages` A4 pages."""
    head = "KẾ HOẠCH\n\nCải thiện môi trường kinh doanh, nâng cao năng lực cạnh tranh\n\nII. NHIỆM VỤ\n\n"
    body, n = [head], 0
    while sum(map(len, body)) < pages * CHARS_PER_PAGE * 0.8:
        n += 1
        body.append(f"{n}. Nhóm nhiệm vụ {n}\n\n")
        for k in range(1, 6):
            unit = UNITS[(n + k) % len(UNITS)]
            body.append(
                f"- {unit} chủ động rà soát, công khai thủ tục hành chính theo Quyết định số {100 + n}/QĐ-UBND "
                f"ngày {1 + k}/{1 + n % 12}/2024 của UBND tỉnh; giải quyết hồ sơ đúng hạn, nâng cao chất lượng phục vụ "
                f"người dân và doanh nghiệp, bảo đảm tỷ lệ hài lòng đạt trên {80 + k}% trong năm.\n\n"
            )
    body.append("III. TỔ CHỨC THỰC HIỆN\n\n")
    body += [f"{i + 1}. {u}: Tham mưu tổ chức thực hiện các nội dung được giao.\n\n" for i, u in enumerate(UNITS)]
    body.append("Phụ lục\n\nSTT\tChỉ tiêu\tMục tiêu năm 2025\tĐơn vị chủ trì\tĐơn vị phối hợp\n")
    rows = max(20, pages * 2)
    body += [
        f"{i}.\tTỷ lệ hồ sơ nhóm {i} được giải quyết đúng hạn (%)\t{80 + i % 20}%\t{UNITS[i % 4]}\tCác phòng, trung tâm\n"
        for i in range(1, rows + 1)
    ]
    return "".join(body)


def docx_of(text: str) -> bytes:
    import io

    from docx import Document

    document = Document()
    lines = text.split("\n")
    table_at = next(i for i, ln in enumerate(lines) if ln.startswith("STT\t"))
    for line in lines[:table_at]:
        if line.strip():
            document.add_paragraph(line)
    rows = [ln.split("\t") for ln in lines[table_at:] if ln.strip()]
    table = document.add_table(rows=len(rows), cols=5)
    for row, cells in zip(table.rows, rows, strict=True):
        for cell, value in zip(row.cells, cells, strict=True):
            cell.text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def median_seconds(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(argv=None) -> int:
    args = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    args.add_argument("--pages", type=int, default=200)
    args.add_argument("--repeat", type=int, default=5)
    opts = args.parse_args(argv)

    seed = resources.files("pcitrack.data").joinpath("plan_seed_2024.txt").read_text(encoding="utf-8")
    big = generated_plan(opts.pages)
    big_docx = docx_of(big)
    parse_plan_text(seed)  # load the catalog once, as a running server has

    print(f"{'input':<34}{'size':>12}{'baseline':>12}{'parse':>12}{'ratio':>8}")
    for label, text, data in [
        ("seed plan (.txt)", seed, None),
        (f"generated {opts.pages}-page plan (.txt)", big, None),
        (f"generated {opts.pages}-page plan (.docx)", big, big_docx),
    ]:
        baseline = median_seconds(lambda t=text: _lines(t), opts.repeat)
        if data is None:
            work = median_seconds(lambda t=text: parse_plan_text(t), opts.repeat)
            size = f"{len(text.encode()) / 1024:.0f} KB"
        else:
            work = median_seconds(lambda d=data: parse_plan_text(docx_to_text(d)), opts.repeat)
            size = f"{len(data) / 1024:.0f} KB"
        print(f"{label:<34}{size:>12}{baseline * 1000:>10.1f}ms{work * 1000:>10.1f}ms{work / baseline:>7.0f}x")
    parsed = parse_plan_text(big)
    print(
        f"\n{opts.pages}-page plan: {len(parsed.tasks)} tasks, {len(parsed.indicators)} indicators, {len(big)} characters"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
