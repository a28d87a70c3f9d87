"""The official report, checked as a reader would: page setup, fonts, header, content, appendix."""

import datetime as dt
import io
import os
import re
import subprocess
from decimal import Decimal

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import translation
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from pcitrack.core.document import nd30_place_date
from pcitrack.reporting import official
from pcitrack.reporting import services as reporting

TODAY = dt.date(2025, 1, 6)


@pytest.fixture
def filled(world, settings):
    """The seed plan with periods, official values and one approved unit report for Year 2024."""
    reporting.save_report_settings(world.office, user=world.users["monitor"], place="Quảng Trị", number_code="VP",
                                   signer_name="Lê Hữu Phước")  # fmt: skip
    world.observation(12, 2016, 22.5)
    world.observation(12, 2024, 52.61)
    world.observation(13, 2016, 76.84)
    world.period()
    year = world.plan.periods.get(kind="year", year=2024)
    report = reporting.report_for(year, world.unit_a)
    tasks = {e.task_id: ("done_on_time", "Đã công khai 1.200 thủ tục hành chính.") for e in report.task_entries.all()}
    entry = report.indicator_entries.get(target__no=2)
    with time_machine.travel(dt.datetime(2024, 12, 15, 9, tzinfo=dt.UTC)):  # before the due date, 16/12/2024
        report = reporting.save_report(report, user=world.users["staff"], version=report.version, tasks=tasks,
                                       problems="Thiếu nhân lực một cửa.", proposals="Bổ sung biên chế.",
                                       next_plans="Tiếp tục số hóa hồ sơ một cửa.",
                                       indicators={entry.target_id: (Decimal("83.4"), 300, "", "survey")})  # fmt: skip
        report = reporting.submit_report(report, user=world.users["head"], version=report.version)
        reporting.approve_report(report, user=world.users["monitor"])
    return world, year


@pytest.fixture
def docx_doc(filled):
    world, year = filled
    data = official.report_data(world.plan, year, TODAY)
    return Document(io.BytesIO(official.render_docx(data))), data


def texts(doc):
    return [p.text for p in doc.paragraphs]


def test_nd30_date_rule():
    assert nd30_place_date("Quảng Trị", dt.date(2024, 3, 5)) == "Quảng Trị, ngày 05 tháng 3 năm 2024"
    assert nd30_place_date("Huế", dt.date(2024, 2, 12)) == "Huế, ngày 12 tháng 02 năm 2024"
    assert nd30_place_date("Huế", dt.date(2024, 11, 30)) == "Huế, ngày 30 tháng 11 năm 2024"


def test_page_setup_is_a4_portrait_with_the_decree_s_margins_and_numbers_from_page_two(docx_doc):
    doc, _ = docx_doc
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert 20 <= round(section.top_margin.mm) <= 25 and 20 <= round(section.bottom_margin.mm) <= 25
    assert 30 <= round(section.left_margin.mm) <= 35 and 15 <= round(section.right_margin.mm) <= 20
    assert section.different_first_page_header_footer
    assert "PAGE" in "".join(t.text for t in section.header._element.iter(qn("w:instrText")))
    assert not "".join(p.text for p in section.first_page_header.paragraphs).strip()


def test_times_new_roman_in_every_font_slot(docx_doc):
    doc, _ = docx_doc
    fonts = doc.styles["Normal"].element.rPr.find(qn("w:rFonts"))
    assert {fonts.get(qn(slot)) for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs")} == {"Times New Roman"}
    defaults = (
        doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:rFonts"))
    )
    assert {defaults.get(qn(slot)) for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs")} == {"Times New Roman"}
    assert doc.styles["Normal"].font.size == Pt(14)


def test_the_borderless_two_column_header(docx_doc):
    doc, _ = docx_doc
    header = doc.tables[0]
    borders = header._tbl.tblPr.find(qn("w:tblBorders"))
    assert {el.get(qn("w:val")) for el in borders} == {"nil"}
    left, right = header.rows[0].cells
    lines = [p for p in left.paragraphs if p.text.strip()]
    assert [p.text for p in lines] == ["UBND TỈNH QUẢNG TRỊ", "VĂN PHÒNG UBND TỈNH", "Số:       /BC-VP"]
    assert not lines[0].runs[0].bold and lines[1].runs[0].bold
    right_lines = [p for p in right.paragraphs if p.text.strip()]
    assert right_lines[0].text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" and right_lines[0].runs[0].bold
    assert right_lines[0].runs[0].font.size == Pt(12)
    assert right_lines[1].text == "Độc lập - Tự do - Hạnh phúc" and right_lines[1].runs[0].font.size == Pt(13)
    assert right_lines[2].text == "Quảng Trị, ngày 06 tháng 01 năm 2025" and right_lines[2].runs[0].italic
    cell_paragraphs = left.paragraphs
    under = cell_paragraphs[next(i for i, p in enumerate(cell_paragraphs) if p._p is lines[1]._p) + 1]
    assert under._p.pPr.find(qn("w:pBdr")) is not None  # the short rule under the issuing body


PLAN_SUBJECT = (
    "triển khai thực hiện Nghị quyết số 02/NQ-CP ngày 05/01/2024 của Chính phủ về thực hiện các nhiệm vụ, giải pháp "
    "chủ yếu cải thiện môi trường kinh doanh, nâng cao năng lực cạnh tranh quốc gia năm 2024"
)


def test_the_title_and_the_opening_name_the_plan_and_the_period_in_words(docx_doc):
    doc, data = docx_doc
    paragraphs = doc.paragraphs
    title = next(p for p in paragraphs if p.text == "BÁO CÁO")
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER and title.runs[0].bold
    summary = paragraphs[paragraphs.index(title) + 1]
    plan = f"Kế hoạch ban hành tháng 3/2024 của Văn phòng UBND tỉnh về {PLAN_SUBJECT}"  # the seed has no number
    assert summary.text == f"Kết quả thực hiện {plan}, năm 2024" and summary.runs[0].bold
    opening = next(p for p in paragraphs if p.text.startswith("Thực hiện "))
    assert opening.text == f"Thực hiện {plan}, Văn phòng UBND tỉnh báo cáo kết quả thực hiện năm 2024 như sau:"
    assert opening.style.name == "Normal"
    assert doc.styles["Normal"].paragraph_format.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert round(doc.styles["Normal"].paragraph_format.first_line_indent.cm, 2) == 1.27


def test_a_numbered_plan_is_cited_by_number_and_date_and_each_period_in_words(filled):
    world, year = filled
    world.plan.number, world.plan.date = "45/KH-VP", dt.date(2024, 3, 15)
    world.plan.save()
    data = official.report_data(world.plan, year, TODAY)
    assert (
        data.title
        == f"Kết quả thực hiện Kế hoạch số 45/KH-VP ngày 15/3/2024 của Văn phòng UBND tỉnh về {PLAN_SUBJECT}, năm 2024"
    )
    words = {(p.kind, p.no): p.words for p in world.plan.periods.filter(year=2024)}
    assert words[("quarter", 1)] == "quý I năm 2024" and words[("quarter", 4)] == "quý IV năm 2024"
    assert words[("half", 1)] == "6 tháng đầu năm 2024" and words[("half", 2)] == "6 tháng cuối năm 2024"
    assert words[("year", 1)] == "năm 2024"


def test_the_structure_of_a_real_report_from_approved_reports_only(docx_doc):
    doc, data = docx_doc
    all_text = "\n".join(texts(doc))
    headings = ["I. KẾT QUẢ THỰC HIỆN", "1. Đánh giá chung", "2. Kết quả thực hiện các nhiệm vụ",
                "3. Kết quả thực hiện các chỉ tiêu", "II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN",
                "III. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI", "IV. ĐỀ XUẤT, KIẾN NGHỊ"]  # fmt: skip
    positions = [all_text.index(h) for h in headings]
    assert positions == sorted(positions)
    section = {h: all_text[a:b] for h, a, b in zip(headings, positions, positions[1:] + [len(all_text)], strict=True)}
    tasks = section["2. Kết quả thực hiện các nhiệm vụ"]
    assert "+ Phòng Nội chính (hoàn thành đúng hạn): Đã công khai 1.200 thủ tục hành chính." in tasks
    assert "- Các nhiệm vụ chưa có báo cáo được duyệt trong kỳ: " in tasks  # named with their lead unit
    assert "III.3 (Phòng Nội chính)" not in tasks
    assert "- Phòng Nội chính: Thiếu nhân lực một cửa." in section["II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN"]
    assert "- Phòng Nội chính: Tiếp tục số hóa hồ sơ một cửa." in section["III. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI"]
    assert "\n- Phòng Nội chính: Bổ sung biên chế./.\n" in section["IV. ĐỀ XUẤT, KIẾN NGHỊ"]
    general = section["1. Đánh giá chung"]
    assert "Các đơn vị chậm báo cáo (hạn 16/12/2024): " in general
    assert "Phòng Tài chính - Thương mại (chưa bắt đầu)" in general
    assert "Phòng Nội chính" not in general  # it submitted before the due date


def test_an_empty_section_says_so_in_one_sentence(filled):
    world, _ = filled
    quarter = world.plan.periods.get(kind="quarter", year=2024, no=1)
    doc = Document(io.BytesIO(official.render_docx(official.report_data(world.plan, quarter, TODAY))))
    paragraphs = texts(doc)
    for heading, sentence in (
        ("III. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI", "Báo cáo đã duyệt của các đơn vị chưa nêu phương hướng, nhiệm vụ kỳ tới."),
        ("IV. ĐỀ XUẤT, KIẾN NGHỊ", "Báo cáo đã duyệt của các đơn vị không có đề xuất, kiến nghị./."),
    ):  # fmt: skip
        assert paragraphs[paragraphs.index(heading) + 1] == sentence


def test_the_signing_block_is_the_office_s_and_never_splits(docx_doc, filled):
    doc, _ = docx_doc
    closing = next(t for t in doc.tables if t.rows[0].cells[0].text.startswith("Nơi nhận"))
    left, right = closing.rows[0].cells
    received = left.paragraphs[0]
    assert (
        received.text == "Nơi nhận:"
        and received.runs[0].bold
        and received.runs[0].italic
        and received.runs[0].font.size == Pt(12)
    )
    assert "- Lưu: VT." in [p.text for p in left.paragraphs]
    assert [p.text for p in right.paragraphs if p.text] == [
        "KT. CHÁNH VĂN PHÒNG",
        "PHÓ CHÁNH VĂN PHÒNG",
        "Lê Hữu Phước",
    ]
    assert closing.rows[0]._tr.trPr.find(qn("w:cantSplit")) is not None
    assert all(p.paragraph_format.keep_with_next for cell in (left, right) for p in cell.paragraphs)
    before = closing._tbl.getprevious()
    assert before.pPr.find(qn("w:keepNext")) is not None  # nor parts from the text before it
    world, year = filled
    reporting.save_report_settings(world.office, user=world.users["monitor"], signer_authority="",
                                   signer_title="CHÁNH VĂN PHÒNG", signer_name="Trần Văn A",
                                   recipients="UBND tỉnh\nLưu: VT, TH.")  # fmt: skip
    doc = Document(io.BytesIO(official.render_docx(official.report_data(world.plan, year, TODAY))))
    closing = next(t for t in doc.tables if t.rows[0].cells[0].text.startswith("Nơi nhận"))
    left, right = closing.rows[0].cells
    assert [p.text for p in right.paragraphs if p.text] == ["CHÁNH VĂN PHÒNG", "Trần Văn A"]
    assert [p.text for p in left.paragraphs if p.text] == ["Nơi nhận:", "- UBND tỉnh;", "- Lưu: VT, TH."]


def test_the_appendix_is_a_landscape_section_with_a_table_that_reads_well(docx_doc):
    doc, _ = docx_doc
    body, appendix = doc.sections[0], doc.sections[-1]
    assert len(doc.sections) == 2
    assert body.page_height > body.page_width and appendix.page_width > appendix.page_height
    table = doc.tables[-1]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None  # repeated on every page
    widths = [round(c.width.cm, 1) for c in table.rows[0].cells]
    assert widths[0] == 1.3 and sum(widths) <= 25.3  # within the landscape page's text width
    for row in table.rows[1:]:
        assert row.cells[0]._tc.tcPr.find(qn("w:noWrap")) is not None  # STT never wraps
        assert {row.cells[i].paragraphs[0].alignment for i in (3, 4, 5)} == {WD_ALIGN_PARAGRAPH.RIGHT}


def test_the_indicator_table_with_vietnamese_numbers_and_missing_values_shown(docx_doc):
    doc, _ = docx_doc
    table = doc.tables[-1]
    assert [c.text for c in table.rows[0].cells] == [
        "STT",
        "Chỉ tiêu",
        "Đơn vị tính",
        "Giá trị gốc",
        "Mục tiêu",
        "Kỳ trước",
        "Kỳ này",
        "Nguồn",
        "Tình trạng",
        "Đơn vị chủ trì",
    ]
    assert len(table.rows) == 19
    row12 = [c.text for c in table.rows[12].cells]
    assert row12[3] == "—"  # the seed states no baseline
    assert row12[4] == "52,61 điểm (2025)" and row12[5] == "22,5 điểm (2016)" and row12[6] == "52,61 điểm (2024)"
    assert row12[8] == "đã đạt mục tiêu" and row12[9] == "Cổng Thông tin điện tử tỉnh"
    row6 = [c.text for c in table.rows[6].cells]
    assert row6[5] == "chưa có số liệu" and row6[6] == "chưa có số liệu" and row6[8] == "chưa đủ số liệu"
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None  # repeated on every page


def test_the_report_is_worded_in_the_office_s_language_whoever_asks(filled):
    world, year = filled
    with translation.override("en"):
        data = official.report_data(world.plan, year, TODAY)
    assert data.rows[11].status == "đã đạt mục tiêu"
    assert data.rows[5].previous == "chưa có số liệu"


def test_an_office_s_own_template_is_used(filled, settings, tmp_path):
    world, year = filled
    from importlib import resources

    template = Document(io.BytesIO(resources.files("pcitrack.data").joinpath("report_template.docx").read_bytes()))
    template.paragraphs[0].insert_paragraph_before("SỞ KẾ HOẠCH VÀ ĐẦU TƯ — MẪU RIÊNG {{ signer_name }}")
    path = tmp_path / "mau-rieng.docx"
    template.save(path)
    settings.PCITRACK_REPORT_TEMPLATE = str(path)
    doc = Document(io.BytesIO(official.render_docx(official.report_data(world.plan, year, TODAY))))
    assert doc.paragraphs[0].text == "SỞ KẾ HOẠCH VÀ ĐẦU TƯ — MẪU RIÊNG Lê Hữu Phước"
    settings.PCITRACK_REPORT_TEMPLATE = str(tmp_path / "khong-co.docx")
    with pytest.raises(Exception, match="khong-co.docx"):
        official.render_docx(official.report_data(world.plan, year, TODAY))


def test_the_excel_appendix(filled):
    import openpyxl

    world, year = filled
    wb = openpyxl.load_workbook(io.BytesIO(official.render_xlsx(official.report_data(world.plan, year, TODAY))))
    ws = wb.active
    assert ws.freeze_panes == "A2"
    assert [c.value for c in ws[1]][:7] == [
        "STT", "Chỉ tiêu", "Đơn vị tính", "Giá trị gốc", "Năm gốc", "Mục tiêu", "Năm mục tiêu"
    ]  # fmt: skip
    row = [c for c in ws[13]]
    assert row[0].value == 12 and row[5].value == 52.61 and isinstance(row[5].value, float)
    assert row[5].number_format.startswith("[$-42A]")
    assert (row[6].value, row[6].number_format) == (2025, "0")
    assert row[10].value == "đã đạt mục tiêu"
    assert ws.column_dimensions["B"].width > ws.column_dimensions["A"].width


def test_command_defaults_errors_and_pdf_without_libreoffice(filled, tmp_path, capsys, monkeypatch):
    world, _year = filled
    out = tmp_path / "bao-cao.docx"
    with pytest.raises(CommandError, match=f"--plan: #{world.plan.pk} {world.office.name}"):
        call_command("build_report", "--out", str(out))  # two offices' plans: which one?
    plan = ["--plan", str(world.plan.pk)]
    call_command("build_report", *plan, "--out", str(out), "--period", "năm 2024")
    assert out.read_bytes().startswith(b"PK") and "Năm 2024" in capsys.readouterr().out
    with pytest.raises(CommandError, match="Không có kỳ “Quý 9/2024”; kế hoạch có các kỳ: Quý I/2024"):
        call_command("build_report", *plan, "--out", str(out), "--period", "Quý 9/2024")
    monkeypatch.setattr(official, "libreoffice", lambda: None)
    with pytest.raises(CommandError, match="cần LibreOffice"):
        call_command("build_report", *plan, "--out", str(tmp_path / "x.pdf"), "--format", "pdf")


def test_the_button_builds_in_the_background_and_offers_the_file(filled, client):
    world, year = filled
    client.force_login(world.users["leader"])
    response = client.post(
        reverse("official_report_start", args=[world.plan.pk]), {"period": year.pk, "format": "docx"}
    )
    page = client.get(response["Location"])
    assert "Tải về" in page.content.decode()
    download = client.get(reverse("official_report_download", args=[response["Location"].rstrip("/").split("/")[-1]]))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"PK")
    client.force_login(world.users["staff"])
    assert client.post(reverse("official_report_start", args=[world.plan.pk]), {"period": year.pk}).status_code == 403


needs_libreoffice = pytest.mark.skipif(
    official.libreoffice() is None and not os.environ.get("CI"), reason="LibreOffice not installed (CI installs it)"
)


def pdf_page_sizes(path, pages: int) -> list[tuple[float, float]]:
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", str(pages), str(path)], capture_output=True, text=True,
                          check=True).stdout  # fmt: skip
    sizes = re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", info)
    return [(float(w), float(h)) for w, h in sizes]


def pdf_page_text(path, n: int) -> str:
    return subprocess.run(["pdftotext", "-layout", "-f", str(n), "-l", str(n), str(path), "-"], capture_output=True,
                          text=True, check=True).stdout  # fmt: skip


@needs_libreoffice
def test_pdf_through_libreoffice_reads_right(filled, tmp_path):
    world, year = filled
    pdf = official.build(world.plan, year, "pdf", TODAY)
    path = tmp_path / "bao-cao.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "BÁO CÁO" in text and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Phụ lục" in text
    assert "52,61" in text  # the table cell may wrap "điểm" to the next line
    flat = " ".join(text.split())
    assert "/BC-VP" in flat and "Quảng Trị, ngày 06 tháng 01 năm 2025" in flat
    assert "Kết quả thực hiện Kế hoạch ban hành tháng 3/2024 của Văn phòng UBND tỉnh về triển khai" in flat
    for heading in ("I. KẾT QUẢ THỰC HIỆN", "II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN",
                    "III. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI", "IV. ĐỀ XUẤT, KIẾN NGHỊ"):  # fmt: skip
        assert heading in flat
    assert "+ Phòng Nội chính (hoàn thành đúng hạn): Đã công khai 1.200 thủ tục hành chính." in flat
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    assert 4 <= pages <= 14
    sizes = pdf_page_sizes(path, pages)
    page_texts = [pdf_page_text(path, n) for n in range(1, pages + 1)]
    appendix = next(n for n, t in enumerate(page_texts) if "Phụ lục" in t and "KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU" in t)
    assert all(w < h for w, h in sizes[:appendix]) and all(w > h for w, h in sizes[appendix:])  # landscape appendix
    signing = [n for n, t in enumerate(page_texts) if "Nơi nhận:" in t]
    assert len(signing) == 1 and "Lê Hữu Phước" in page_texts[signing[0]]  # the block on one page
    assert "- Lưu: VT." in page_texts[signing[0]]
    for n in range(appendix, pages):  # the table's header row on every page of the appendix
        assert "STT" in page_texts[n] and "Tình trạng" in page_texts[n]


def test_the_text_and_the_appendix_state_the_same_value_source_and_status(filled):
    """Indicator 3 rests on the office's 2024 survey (an estimate), as of the period's data cut-off."""
    from pcitrack.monitoring.models import Observation

    world, year = filled
    indicator = world.plan.targets.get(no=3).indicator
    for y, value in ((2023, 40), (2024, 45)):
        Observation.objects.create(
            office=world.office, indicator=indicator, year=y, source="survey", value=value, accepted_value=value
        )
    Observation.objects.create(
        office=world.office, indicator=indicator, year=2025, source="survey", value=99, accepted_value=99
    )
    doc = Document(io.BytesIO(official.render_docx(official.report_data(world.plan, year, TODAY))))
    row = [c.text for c in doc.tables[-1].rows[3].cells]
    assert row[6] == "45 % (2024)" and row[7] == "khảo sát của văn phòng (ước tính)"  # not 2025: after the cut-off
    paragraphs = [p.text for p in doc.paragraphs]
    assert any(p.startswith("Tình trạng các chỉ tiêu tính đến ngày 14/12/2024 (ngày chốt số liệu") for p in paragraphs)
    line = next(p for p in paragraphs if p.startswith("- Chỉ tiêu 3. "))
    assert line.endswith(f": {row[6]}, {row[7]}; mục tiêu {row[4]}: {row[8]}.")
    assert row[8] == "tiến bộ hạn chế"  # 40 → 45 % in a year, 25 points short of the target


ENGLISH = re.compile(
    r"\b(the|and|of|for|with|proposes|target|status|source|reports?|indicators?|period|values?|estimate|data|"
    r"achieved|track|appendix|results?|overall|units?|late|none|not|sample|plan|year|tasks?|approved|previous)\b",
    re.IGNORECASE,
)


def docx_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    parts += [c.text for t in doc.tables for row in t.rows for c in row.cells]
    for section in doc.sections:
        parts += [p.text for p in section.header.paragraphs + section.footer.paragraphs]
    return "\n".join(parts)


def xlsx_text(data: bytes) -> str:
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data))
    return "\n".join(str(v) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for v in row if v)


@needs_libreoffice
def test_every_format_is_vietnamese_only_whatever_the_builder_s_language(filled, tmp_path):
    world, year = filled
    with translation.override("en"):
        docx = official.build(world.plan, year, "docx", TODAY)
        xlsx = official.build(world.plan, year, "xlsx", TODAY)
        pdf = official.build(world.plan, year, "pdf", TODAY)
    path = tmp_path / "bao-cao.pdf"
    path.write_bytes(pdf)
    pdf_text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    for name, text in (("docx", docx_text(docx)), ("xlsx", xlsx_text(xlsx)), ("pdf", pdf_text)):
        assert "Phòng Nội chính" in text, name
        assert ENGLISH.findall(text) == [], name


def test_the_english_scan_catches_an_english_word():
    assert ENGLISH.findall("- Phòng Nội chính proposes: Bổ sung biên chế.") == ["proposes"]


def test_sample_values_are_marked_in_the_text_and_the_appendix(filled):
    from pcitrack.monitoring.models import Observation

    world, year = filled
    indicator = world.plan.targets.get(no=3).indicator
    Observation.objects.create(office=world.office, indicator=indicator, year=2024, source="survey", value=45,
                               accepted_value=45, is_sample=True)  # fmt: skip
    data = official.report_data(world.plan, year, TODAY)
    doc = Document(io.BytesIO(official.render_docx(data)))
    row = [c.text for c in doc.tables[-1].rows[3].cells]
    assert row[7] == "khảo sát của văn phòng (ước tính; dữ liệu mẫu)"
    assert "Dữ liệu mẫu: số liệu minh họa, không phải số đo thật." in texts(doc)
    line = next(p.text for p in doc.paragraphs if p.text.startswith("- Chỉ tiêu 3. "))
    assert f"{row[6]}, {row[7]}; mục tiêu" in line
    xlsx = xlsx_text(official.render_xlsx(data))
    assert "khảo sát của văn phòng (ước tính; dữ liệu mẫu)" in xlsx


def test_the_monitor_sets_the_office_s_number_code_and_signer_with_their_audit(world, client):
    from pcitrack.audit.models import AuditEvent
    from pcitrack.reporting.models import ReportSettings

    url = reverse("office_report_settings", args=[world.office.pk])
    client.force_login(world.users["monitor"])
    page = client.get(url).content.decode()
    assert "KT. CHÁNH VĂN PHÒNG" in page and "Số: " in page  # the defaults, before anyone saved
    form = {"parent_body": "", "issuing_body": "", "place": "Quảng Trị", "number_code": "VP",
            "signer_authority": "KT. CHÁNH VĂN PHÒNG", "signer_title": "PHÓ CHÁNH VĂN PHÒNG",
            "signer_name": "Lê Hữu Phước", "recipients": "Lãnh đạo Văn phòng\nLưu: VT."}  # fmt: skip
    assert client.post(url, form).status_code == 302
    saved = ReportSettings.objects.get(office=world.office)
    assert (saved.number_code, saved.signer_name, saved.recipient_lines()) == (
        "VP",
        "Lê Hữu Phước",
        ["Lãnh đạo Văn phòng", "Lưu: VT."],
    )
    event = AuditEvent.objects.get(action="report_settings.save")
    assert event.before is None and event.after["number_code"] == "VP" and event.actor == world.users["monitor"]
    page = client.get(url).content.decode()
    assert "Số: \u00a0" not in page and "      /BC-VP" in page and "Lê Hữu Phước" in page
    too_long = client.post(url, {**form, "number_code": "X" * 40})
    assert too_long.status_code == 200 and "X" * 40 in too_long.content.decode()
    assert ReportSettings.objects.get(office=world.office).number_code == "VP"


def test_a_ceiling_reads_as_one_a_lone_value_says_why_it_judges_nothing_and_the_file_is_the_office_s(docx_doc):
    doc, data = docx_doc
    rows = {r.no: r for r in data.rows}
    assert rows[15].target == "không quá 40 % (2025)"  # lower is better
    assert rows[13].status == "chưa đủ số liệu (số liệu đã cũ)"  # its only value is from 2016
    assert rows[13].current == "76,84 % (2016)"
    props = doc.core_properties
    assert props.author == "Văn phòng UBND tỉnh" and props.title.startswith("Báo cáo kết quả thực hiện Kế hoạch")
    assert "python-docx" not in (props.comments + props.author + props.last_modified_by)
    lang = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:lang"))
    assert lang.get(qn("w:val")) == "vi-VN"


def test_the_plan_page_says_when_the_reports_carry_no_signer_s_name(world, client):
    world.period()
    url = reverse("plan_detail", args=[world.plan.pk])
    client.force_login(world.users["monitor"])
    assert "Báo cáo chưa có họ tên người ký" in client.get(url).content.decode()
    reporting.save_report_settings(world.office, user=world.users["monitor"], signer_name="Lê Hữu Phước")
    assert "Báo cáo chưa có họ tên người ký" not in client.get(url).content.decode()


@pytest.fixture
def with_deadlines(filled):
    """Deadlines on four of the seed's tasks; Phòng Nội chính's approved report for the year says III.3 is done."""
    world, year = filled
    for ref, deadline, text, recurrence in (
        ("III.3", dt.date(2024, 6, 30), "Quý II/2024", ""),  # the year's report (15/12/2023-14/12/2024) spans it
        ("III.4", dt.date(2024, 9, 30), "Quý III/2024", ""),  # no report: overdue at the cut-off, 14/12/2024
        ("III.5", dt.date(2025, 3, 31), "Quý I/2025", ""),  # in progress
        ("II.1.1", None, "Hằng năm", "yearly"),
    ):
        world.plan.tasks.filter(ref=ref).update(deadline=deadline, deadline_text=text, recurrence=recurrence)
    return world, year


def test_the_report_counts_the_tasks_against_their_deadlines_and_lists_the_overdue_ones(with_deadlines):
    world, year = with_deadlines
    doc = Document(io.BytesIO(official.render_docx(official.report_data(world.plan, year, TODAY))))
    paragraphs = texts(doc)
    tasks = paragraphs[paragraphs.index("2. Kết quả thực hiện các nhiệm vụ") + 1 :]
    assert tasks[0] == (
        "Theo thời hạn hoàn thành, tính đến ngày 14/12/2024 (ngày chốt số liệu của kỳ báo cáo), số nhiệm vụ: "
        "đang thực hiện (trong hạn): 1; hoàn thành đúng hạn: 1; hoàn thành quá hạn: 0; quá hạn chưa hoàn thành: 1; "
        "không có thời hạn cụ thể: 17; thường xuyên, định kỳ: 1."
    )
    assert tasks[1] == "Các nhiệm vụ quá hạn chưa hoàn thành được nêu tại mục II."
    line = next(p for p in paragraphs if p.startswith("- III.3. "))
    assert line.endswith("(Phòng Nội chính; hạn 30/06/2024: hoàn thành đúng hạn):")
    shortcomings = paragraphs[paragraphs.index("II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN") :]
    heading = shortcomings.index("Các nhiệm vụ quá hạn chưa hoàn thành tính đến ngày 14/12/2024:")
    overdue = shortcomings[heading + 1]
    assert overdue.startswith("- III.4. Tham mưu lãnh đạo Văn phòng UBND tỉnh")
    assert overdue.endswith("(Phòng Tài chính - Thương mại; hạn 30/09/2024; Quý III/2024).")
    assert shortcomings[heading + 2] == "III. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI"


def test_the_report_judges_the_tasks_as_of_its_period_s_cut_off(with_deadlines):
    """A later period's approved report does not count in this period's report, and a deadline after the cut-off
    is not yet passed."""
    world, year = with_deadlines
    q1 = world.plan.periods.get(kind="quarter", year=2025, no=1)
    with time_machine.travel(dt.datetime(2025, 3, 20, 9, tzinfo=dt.UTC)):
        report = reporting.report_for(q1, world.unit_b)
        tasks = {e.task_id: ("done_late", "Đã trình ban hành.") for e in report.task_entries.all()}
        report = reporting.save_report(report, user=world.users["staff_b"], version=report.version, tasks=tasks)
        report = reporting.submit_report(report, user=world.users["staff_b"], version=report.version)
        reporting.approve_report(report, user=world.users["monitor"])
    counts = official.report_data(world.plan, year, TODAY).task_counts
    assert (counts["overdue"], counts["done_late"]) == (1, 0)
    counts = official.report_data(world.plan, q1, dt.date(2025, 3, 20)).task_counts
    assert (counts["overdue"], counts["done_late"], counts["in_progress"]) == (0, 1, 1)


def test_the_excel_appendix_lists_the_tasks_with_their_deadlines_as_dates(with_deadlines):
    import openpyxl

    world, year = with_deadlines
    data = official.report_data(world.plan, year, TODAY)
    book = openpyxl.load_workbook(io.BytesIO(official.render_xlsx(data)))
    assert book.sheetnames == ["Chỉ tiêu", "Nhiệm vụ"]
    sheet = book["Nhiệm vụ"]
    rows = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert [c.value for c in sheet[1]] == ["Mục", "Nhiệm vụ", "Đơn vị chủ trì", "Thời hạn theo kế hoạch",
                                           "Hạn hoàn thành", "Thực hiện định kỳ", "Sản phẩm đầu ra",
                                           "Tình trạng theo thời hạn"]  # fmt: skip
    assert rows["III.4"][3:5] == ("Quý III/2024", dt.datetime(2024, 9, 30))
    assert rows["III.4"][7] == "quá hạn chưa hoàn thành"
    assert sheet.cell(row=list(rows).index("III.4") + 2, column=5).number_format == "DD/MM/YYYY"
    assert rows["II.1.1"][5:] == ("hằng năm", None, "thường xuyên, định kỳ")
    assert rows["III.1.1"][7] == "không có thời hạn cụ thể"
    assert len(rows) == 21


def test_the_tasks_deadlines_are_worded_in_vietnamese_whoever_builds_the_report(with_deadlines):
    world, year = with_deadlines
    with translation.override("en"):
        docx = official.build(world.plan, year, "docx", TODAY)
        xlsx = official.build(world.plan, year, "xlsx", TODAY)
    for text in (docx_text(docx), xlsx_text(xlsx)):
        assert "quá hạn chưa hoàn thành" in text
        assert ENGLISH.findall(text) == []
