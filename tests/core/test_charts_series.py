from pcitrack.core.charts import ChartLabels, indicator_chart, inline_svg
from pcitrack.core.series import Point, latest, trend, yearly_series


def test_the_same_chart_as_svg_for_pages_and_png_for_reports():
    labels = ChartLabels(target="Mục tiêu", path="Lộ trình cần đạt", year="Năm", sources={"pci": "Kết quả PCI"})
    series = {"pci": [(2013, 35.5), (2016, 45.25)]}
    svg = indicator_chart(series, target=60, target_year=2025, base=(2013, 35.5), unit="%", labels=labels)
    text = svg.decode()
    assert "Mục tiêu" in text and "Lộ trình cần đạt" in text and "Kết quả PCI" in text
    assert "60 %" in text and "2024" in text
    png = indicator_chart(series, target=60, target_year=2025, labels=labels, fmt="png")
    assert png.startswith(b"\x89PNG")
    page = inline_svg(svg, "Tỷ lệ <DN>")
    assert page.startswith("<svg") and 'class="chart" role="img"' in page and "<title>Tỷ lệ &lt;DN></title>" in page


def test_yearly_series_follows_the_most_authoritative_source_and_the_year_s_latest_period():
    points = [
        Point(2023, "Q", 1, "survey", 40),
        Point(2023, "Q", 4, "survey", 44),
        Point(2024, "H", 1, "survey", 46),
        Point(2024, "Q", 3, "unit_report", 47),
    ]
    assert yearly_series(points) == ("survey", {2023: 44, 2024: 46})
    assert yearly_series([*points, Point(2016, "Y", 1, "pci", 30)]) == ("pci", {2016: 30})
    assert latest(points) == Point(2024, "Q", 3, "unit_report", 47)
    assert trend({2023: 44, 2024: 46}) == "up" and trend({2023: 44}) is None and trend({1: 5, 2: 5}) == "flat"


def test_a_yearly_value_outranks_the_periods_of_its_year():
    points = [Point(2024, "Q", 4, "survey", 50), Point(2024, "Y", 1, "survey", 48)]
    assert yearly_series(points) == ("survey", {2024: 48})
