"""The official report, checked as a reader would: page setup, fonts, header, content, appendix."""

import datetime as dt
import io
import os
import subprocess
from decimal import Decimal

import pytest
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
    settings.PCITRACK_REPORT_PLACE = "Quảng Trị"
    settings.PCITRACK_REPORT_SIGNER_NAME = "Lê Hữu Phước"
    world.observation(12, 2016, 22.5)
    world.observation(12, 2024, 52.61)
    world.observation(13, 2016, 76.84)
    world.period()
    year = world.plan.periods.get(kind="year", year=2024)
    report = reporting.report_for(year, world.unit_a)
    tasks = {e.task_id: ("done_on_time", "Đã công khai 1.200 thủ tục hành chính.") for e in report.task_entries.all()}
    entry = report.indicator_entries.get(target__no=2)
    report = reporting.save_report(report, user=world.users["staff"], version=report.version, tasks=tasks,
                                   problems="Thiếu nhân lực một cửa.", proposals="Bổ sung biên chế.",
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
    assert [p.text for p in lines] == ["UBND TỈNH QUẢNG TRỊ", "VĂN PHÒNG UBND TỈNH", "Số:       /BC"]
    assert not lines[0].runs[0].bold and lines[1].runs[0].bold
    right_lines = [p for p in right.paragraphs if p.text.strip()]
    assert right_lines[0].text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" and right_lines[0].runs[0].bold
    assert right_lines[0].runs[0].font.size == Pt(12)
    assert right_lines[1].text == "Độc lập - Tự do - Hạnh phúc" and right_lines[1].runs[0].font.size == Pt(13)
    assert right_lines[2].text == "Quảng Trị, ngày 06 tháng 01 năm 2025" and right_lines[2].runs[0].italic
    cell_paragraphs = left.paragraphs
    under = cell_paragraphs[next(i for i, p in enumerate(cell_paragraphs) if p._p is lines[1]._p) + 1]
    assert under._p.pPr.find(qn("w:pBdr")) is not None  # the short rule under the issuing body


def test_title_body_signature_and_appendix(docx_doc):
    doc, data = docx_doc
    paragraphs = doc.paragraphs
    title = next(p for p in paragraphs if p.text == "BÁO CÁO")
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER and title.runs[0].bold
    summary = paragraphs[paragraphs.index(title) + 1]
    assert summary.text == "Kết quả thực hiện Kế hoạch, Năm 2024" and summary.runs[0].bold
    body = next(p for p in paragraphs if p.text.startswith("Kế hoạch có 18 chỉ tiêu."))
    assert body.style.name == "Normal"
    assert doc.styles["Normal"].paragraph_format.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert round(doc.styles["Normal"].paragraph_format.first_line_indent.cm, 2) == 1.27
    all_text = "\n".join(texts(doc))
    assert "- Phòng Nội chính (III.3, hoàn thành đúng hạn): Đã công khai 1.200 thủ tục hành chính." in all_text
    assert "- Phòng Nội chính: Thiếu nhân lực một cửa." in all_text
    assert "- Phòng Nội chính đề xuất: Bổ sung biên chế." in all_text
    assert "IV. CÁC ĐƠN VỊ CHẬM BÁO CÁO" in all_text and "Phòng Tài chính - Thương mại (chưa bắt đầu)" in all_text
    closing = doc.tables[1]
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
    appendix = next(p for p in paragraphs if p.text == "Phụ lục")
    before = paragraphs[paragraphs.index(appendix) - 1]
    assert any(br.get(qn("w:type")) == "page" for br in before._p.iter(qn("w:br")))


def test_the_indicator_table_with_vietnamese_numbers_and_missing_values_shown(docx_doc):
    doc, _ = docx_doc
    table = doc.tables[-1]
    assert [c.text for c in table.rows[0].cells] == [
        "STT",
        "Chỉ tiêu",
        "Mục tiêu",
        "Kỳ trước",
        "Kỳ này",
        "Nguồn",
        "Tình trạng",
        "Đơn vị chủ trì",
    ]
    assert len(table.rows) == 19
    row12 = [c.text for c in table.rows[12].cells]
    assert row12[2] == "52,61 điểm (2025)" and row12[3] == "22,5 điểm (2016)" and row12[4] == "52,61 điểm (2024)"
    assert row12[6] == "đã đạt mục tiêu" and row12[7] == "Cổng Thông tin điện tử tỉnh"
    row6 = [c.text for c in table.rows[6].cells]
    assert row6[3] == "chưa có số liệu" and row6[4] == "chưa có số liệu" and row6[6] == "chưa đủ số liệu"
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
    assert [c.value for c in ws[1]][:4] == ["STT", "Chỉ tiêu", "Đơn vị tính", "Mục tiêu"]
    row = [c for c in ws[13]]
    assert row[0].value == 12 and row[3].value == 52.61 and isinstance(row[3].value, float)
    assert row[3].number_format.startswith("[$-42A]")
    assert row[7].value == "đã đạt mục tiêu"
    assert ws.column_dimensions["B"].width > ws.column_dimensions["A"].width


def test_command_defaults_errors_and_pdf_without_libreoffice(filled, tmp_path, capsys, monkeypatch):
    world, _year = filled
    out = tmp_path / "bao-cao.docx"
    with pytest.raises(CommandError, match=f"--plan: #{world.plan.pk} {world.office.name}"):
        call_command("build_report", "--out", str(out))  # two offices' plans: which one?
    plan = ["--plan", str(world.plan.pk)]
    call_command("build_report", *plan, "--out", str(out), "--period", "năm 2024")
    assert out.read_bytes().startswith(b"PK") and "Năm 2024" in capsys.readouterr().out
    with pytest.raises(CommandError, match="Không có kỳ “Quý 9/2024”; kế hoạch có các kỳ: Quý 1/2024"):
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


@needs_libreoffice
def test_pdf_through_libreoffice_reads_right(filled, tmp_path):
    world, year = filled
    pdf = official.build(world.plan, year, "pdf", TODAY)
    path = tmp_path / "bao-cao.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "BÁO CÁO" in text and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Phụ lục" in text
    assert "52,61" in text  # the table cell may wrap "điểm" to the next line
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    assert 3 <= pages <= 6


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
    assert row[4] == "45 % (2024)" and row[5] == "khảo sát của văn phòng (ước tính)"  # not 2025: after the cut-off
    assert "Tình trạng tính đến ngày 14/12/2024, ngày chốt số liệu của kỳ báo cáo." in [p.text for p in doc.paragraphs]
    line = next(p.text for p in doc.paragraphs if p.text.startswith("- 3. "))
    assert f": {row[4]}; mục tiêu {row[2]} ({row[6]})." in line
    assert row[6] == "tiến bộ hạn chế"  # 40 → 45 % in a year, 25 points short of the target
