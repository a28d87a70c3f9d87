"""VCCI's releases: import, and the PCI recomputed from the sub-indices as VCCI publishes it."""

import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from pcitrack.core.pci import ranks, total_score
from pcitrack.pci.models import PciIndicatorValue, PciResult, Province
from tests.test_commands import snapshot

VCCI = Path(__file__).resolve().parents[1] / "pcitrack" / "data" / "vcci"
pytestmark = pytest.mark.skipif(not (VCCI / "PCI_2016.xlsx").exists(), reason="VCCI files not beside the repository")


@pytest.fixture
def imported(db):
    call_command("pci_import", str(VCCI / "PCI_2013.xlsx"))
    call_command("pci_import", str(VCCI / "PCI_2016.xlsx"))


@pytest.mark.parametrize("year", [2013, 2016])
def test_recomputed_totals_and_ranks_match_vcci_for_all_63_provinces(imported, year):
    results = list(PciResult.objects.filter(year=year).select_related("province"))
    assert len(results) == 63
    computed = {r.province.name: total_score(r.subindices, year) for r in results}
    assert max(abs(computed[r.province.name] - r.pci) for r in results) < 0.05
    assert ranks(computed) == {r.province.name: r.rank for r in results}


def test_quang_tri_2016(imported):
    r = PciResult.objects.get(province__name="Quảng Trị", year=2016)
    assert (round(r.pci, 2), r.rank) == (57.62, 43)


def test_spellings_across_sheets_and_years_are_one_province(imported):
    assert Province.objects.count() == 63
    hue = Province.objects.get(name="Thừa Thiên Huế")
    assert PciResult.objects.filter(province=hue).count() == 2  # "TT- Huế" in 2013, "TT.Huế" in 2016
    assert (
        PciResult.objects.filter(province__name="Bắc Kạn", year=2013).get().pci is not None
    )  # "Bắc Cạn" in the sheets
    assert PciIndicatorValue.objects.filter(year=2016, code="c3_1", statistic="Median").exists()


def test_pci_scores_json(imported, capsys):
    call_command("pci_scores", "--year", "2016", "--json")
    rows = json.loads(capsys.readouterr().out)
    qt = next(r for r in rows if r["province"] == "Quảng Trị")
    assert qt["rank_published"] == qt["rank_computed"] == 43
    assert abs(qt["pci_computed"] - qt["pci_published"]) < 0.05 and len(qt["subindices"]) == 10


def test_years_without_public_weights_are_not_guessed():
    assert total_score([6.0] * 10, 2016) == 60.0
    assert total_score([6.0] * 10, 2023) is None
    assert total_score([6.0] * 9 + [None], 2016) is None


def test_unknown_province_names_are_refused_with_the_list(db, tmp_path):
    import io

    import openpyxl

    wb = openpyxl.load_workbook(VCCI / "PCI_2016.xlsx")
    sheet = wb.worksheets[2]
    for row in sheet.iter_rows(min_row=4, max_row=5):
        if row[1].value == "Hà Nội":
            row[1].value = "Thủ đô Ánh Sáng"
    buffer = io.BytesIO()
    wb.save(buffer)
    path = tmp_path / "pci.xlsx"
    path.write_bytes(buffer.getvalue())
    with pytest.raises(CommandError, match="Thủ đô Ánh Sáng"):
        call_command("pci_import", str(path))
    assert PciResult.objects.count() == 0


@pytest.mark.parametrize(
    "content,message",
    [
        (b"", "Tệp rỗng"),
        (b"province,year\nHa Noi,2016\n", "phải là bảng tính Excel"),
        (
            (VCCI / "PCI_2016.xlsx").read_bytes()[:4000] if (VCCI / "PCI_2016.xlsx").exists() else b"PK",
            "Tệp Excel bị hỏng",
        ),
    ],
    ids=["empty", "csv", "truncated"],
)
def test_broken_releases_are_refused_and_change_nothing(db, tmp_path, content, message):
    path = tmp_path / "pci.xlsx"
    path.write_bytes(content)
    before = snapshot()
    with pytest.raises(CommandError, match=message):
        call_command("pci_import", str(path))
    assert snapshot() == before


def test_csv_for_later_years_wide_and_long_with_only_the_top_30_published(db, tmp_path, capsys):
    wide = tmp_path / "pci2023.csv"
    header = "province,year,entry,land,transparency,time,informal,bias,proactivity,support,labour,law,pci,rank\n"
    wide.write_text(
        header
        + "Quảng Ninh,2023,7.1,6.5,6.9,7.2,6.8,6.1,7.3,6.6,7.0,6.9,71.3,1\n"
        + "TT.Huế,2023,6.9,6.4,6.7,7.0,6.6,5.9,7.0,6.3,6.8,6.7,,\n",
        encoding="utf-8",
    )
    call_command("pci_import", str(wide))
    top = PciResult.objects.get(province__name="Quảng Ninh", year=2023)
    assert (top.pci, top.rank) == (71.3, 1)
    hue = PciResult.objects.get(province__name="Thừa Thiên Huế", year=2023)
    assert (hue.pci, hue.rank) == (None, None)  # outside the top 30: nothing invented
    capsys.readouterr()
    call_command("pci_scores", "--year", "2023", "--json")
    rows = {r["province"]: r for r in json.loads(capsys.readouterr().out)}
    assert rows["Quảng Ninh"]["pci_computed"] is None  # the 2023 weights are not public
    long = tmp_path / "values.csv"
    long.write_text("province;year;code;value\nQuảng Ninh;2023;c3_1;0,81\n", encoding="utf-8")
    call_command("pci_import", str(long))
    assert PciIndicatorValue.objects.get(year=2023, code="c3_1").value == 0.81
    assert PciResult.objects.get(province__name="Quảng Ninh", year=2023).pci == 71.3  # values alone keep the results


def test_a_csv_with_wrong_columns_is_refused(db, tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("tinh,nam,diem\nHà Nội,2023,70\n", encoding="utf-8")
    with pytest.raises(CommandError, match="province"):
        call_command("pci_import", str(path))


@pytest.mark.parametrize("year", [2013, 2016])
def test_tiers_read_off_the_published_results_give_back_every_province_s_tier(imported, year):
    from pcitrack.core.pci import tier_bands, tier_for

    results = list(PciResult.objects.filter(year=year))
    bands = tier_bands([(r.pci, r.tier) for r in results])
    assert [tier for _, tier in bands][0] == "Rất tốt"
    assert all(tier_for(r.pci, bands) == r.tier for r in results)


def test_a_csv_cell_too_long_for_the_csv_reader_is_refused_in_words(db, tmp_path):
    path = tmp_path / "pci2023.csv"
    path.write_text("province,year,code,value\nHà Nội,2023,c3_1," + "9" * 140_000 + "\n", encoding="utf-8")
    before = snapshot()
    with pytest.raises(CommandError, match="Dòng 2 có một ô dài hơn 131.072 ký tự"):
        call_command("pci_import", str(path))
    assert snapshot() == before


@pytest.mark.parametrize("year", ["99999", "1990", "-2023"])
def test_a_year_that_vcci_never_published_is_refused_in_words(db, tmp_path, year):
    path = tmp_path / "pci.csv"
    path.write_text(f"province,year,code,value\nHà Nội,{year},c3_1,0.5\n", encoding="utf-8")
    before = snapshot()
    with pytest.raises(CommandError, match="Dòng 2"):
        call_command("pci_import", str(path))
    assert snapshot() == before
