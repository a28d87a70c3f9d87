import csv
import re
import statistics
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from pcitrack.pci.models import PciResult, Province
from pcitrack.pci.services import combined_series

VCCI = Path(__file__).resolve().parents[1] / "pcitrack" / "data" / "vcci"


@pytest.fixture
def analysed(world, client):
    call_command("pci_import", str(VCCI / "PCI_2013.xlsx"))
    call_command("pci_import", str(VCCI / "PCI_2016.xlsx"))
    world.plan.place = "Quảng Trị"
    world.plan.save()
    client.force_login(world.users["leader"])
    return world


def test_province_profile(analysed, client):
    qt = Province.objects.get(name="Quảng Trị")
    html = client.get(reverse("pci_province", args=[qt.pk])).content.decode()
    assert "57,62" in html and ">43<" in html and "<th>2016</th>" in html
    assert "Thủ tục tại bộ phận Một cửa được niêm yết công khai" in html
    assert "49,37" in html  # c3_1 in 2016, shown as a percentage
    assert "100\u00a0%" in html  # the plan's target beside it
    assert "Cho đến" not in html  # Quảng Trị continues after the merger
    assert "Bắc Trung Bộ và Duyên hải miền Trung" in html and "Trung vị vùng" in html


def test_merged_provinces_and_an_unofficial_combined_series(analysed, client):
    qb = Province.objects.get(name="Quảng Bình")
    qt = Province.objects.get(name="Quảng Trị")
    assert (str(qb.valid_to), qb.merged_into) == ("2025-06-30", qt)
    assert Province.objects.filter(valid_to__isnull=True).count() == 34
    series = combined_series(qt)
    assert set(series) == {2013, 2016}
    html = client.get(reverse("pci_province", args=[qt.pk]), {"combined": 1}).content.decode()
    assert "Không chính thức" in html
    assert "sáp nhập" in client.get(reverse("pci_overview"), {"year": 2016}).content.decode()


def test_what_if_every_plan_indicator_at_its_target_shows_its_uncertainty(analysed, client):
    qt = Province.objects.get(name="Quảng Trị")
    html = client.get(reverse("pci_what_if", args=[qt.pk]), {"targets": 1}).content.decode()
    assert 'id="accuracy"' in html and "±" in html and "2.016" not in html
    assert 'id="result"' in html and "PCI 57,62 →" in html
    assert "Nhóm: Khá →" in html


def test_what_if_refuses_text_that_is_not_a_number(analysed, client):
    qt = Province.objects.get(name="Quảng Trị")
    html = client.post(reverse("pci_what_if", args=[qt.pk]), {"v_c3_1": "nhiều"}).content.decode()
    assert "“nhiều” không phải là số." in html and 'id="result"' not in html


def test_priorities_rank_the_plan_s_indicators(analysed, client):
    html = client.get(reverse("plan_priorities", args=[analysed.plan.pk])).content.decode()
    assert 'id="priorities"' in html
    assert html.count("<tr>") >= 8  # the linked indicators with VCCI data for Quảng Trị
    assert "±" in html


@pytest.mark.parametrize("year", ["abc", "2016.5", "-1", "99999999999999999999"])
def test_a_year_that_is_not_a_year_shows_the_latest_results(analysed, client, year):
    response = client.get(reverse("pci_overview"), {"year": year})
    assert response.status_code == 200
    assert response.context["year"] == 2016


def vietnamese(number: float) -> str:
    """57.81457 -> "57,81"; 58.5048 -> "58,5": two decimals, a decimal comma, no trailing zeros."""
    return f"{number:.2f}".rstrip("0").rstrip(".").replace(".", ",")


def test_the_regional_median_is_the_median_of_the_province_s_region(analysed, client):
    qt = Province.objects.get(name="Quảng Trị")
    rows = list(csv.DictReader((VCCI.parent / "provinces.csv").open(encoding="utf-8")))
    region = next(r["region"] for r in rows if r["name"] == "Quảng Trị")
    names = {r["name"] for r in rows if r["region"] == region}
    html = client.get(reverse("pci_province", args=[qt.pk])).content.decode()
    for year in (2013, 2016):
        pcis = [
            r.pci for r in PciResult.objects.filter(year=year).select_related("province") if r.province.name in names
        ]
        national = statistics.median(PciResult.objects.filter(year=year).values_list("pci", flat=True))
        regional = statistics.median(pcis)
        assert len(pcis) == 14 and round(regional, 2) != round(national, 2)
        row = re.search(rf"<th>{year}</th>(.*?)</tr>", html, re.S).group(1)
        cells = [re.sub(r"<[^>]+>", "", c) for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        assert cells[-3:-1] == [vietnamese(national), vietnamese(regional)]
    assert round(regional, 2) == 58.79  # PCI 2016, Bắc Trung Bộ và Duyên hải miền Trung
