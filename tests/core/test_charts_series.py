from pcitrack.core.charts import ChartLabels, indicator_chart, inline_svg
from pcitrack.core.series import Point, best_of_year, combined_series, latest, trend


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


def test_targets_by_year_and_the_plan_s_baseline_are_marked_apart_from_the_values():
    labels = ChartLabels(targets="Mục tiêu theo năm", baseline="Giá trị gốc (theo kế hoạch)", sources={"survey": "KS"})
    series = {"survey": [(2025.25, 78.5)]}
    svg = indicator_chart(series, target=85, target_year=2026, base=(2024, 75), targets=[(2025, 80), (2026, 85)],
                          baseline=(2024, 75), unit="%", labels=labels).decode()  # fmt: skip
    assert "Mục tiêu theo năm" in svg and "Giá trị gốc (theo kế hoạch)" in svg and "2024" in svg
    one = indicator_chart(series, target=85, target_year=2026, targets=[(2026, 85)], labels=labels).decode()
    assert "Mục tiêu theo năm" not in one and "Giá trị gốc" not in one  # one target: its line says it all


def values(series):
    return {year: (p.source, p.value) for year, p in series.items()}


def test_each_year_takes_the_most_authoritative_source_and_its_latest_period():
    points = [
        Point(2023, "Q", 1, "survey", 40),
        Point(2023, "Q", 4, "survey", 44),
        Point(2024, "H", 1, "survey", 46),
        Point(2024, "Q", 3, "unit_report", 47),
    ]
    assert values(combined_series(points)) == {2023: ("survey", 44), 2024: ("survey", 46)}
    assert latest(points) == Point(2024, "Q", 3, "unit_report", 47)
    assert trend({2023: 44, 2024: 46}) == "up" and trend({2023: 44}) is None and trend({1: 5, 2: 5}) == "flat"


def test_the_official_series_is_extended_by_newer_estimates_never_replaced_by_older_ones():
    points = [
        Point(2013, "Y", 1, "pci", 30),
        Point(2016, "Y", 1, "pci", 36),
        Point(2015, "Y", 1, "survey", 90),  # before the last official value: the official series stands
        Point(2016, "Y", 1, "survey", 99),  # the same year as an official value: the official one counts
        Point(2024, "Y", 1, "admin", 41),
        Point(2025, "Q", 2, "unit_report", 44),
    ]
    assert values(combined_series(points)) == {
        2013: ("pci", 30), 2016: ("pci", 36), 2024: ("admin", 41), 2025: ("unit_report", 44),
    }  # fmt: skip


def test_a_yearly_value_outranks_the_periods_of_its_year():
    points = [Point(2024, "Q", 4, "survey", 50), Point(2024, "Y", 1, "survey", 48)]
    assert best_of_year(points, 2024) == Point(2024, "Y", 1, "survey", 48)
    assert best_of_year(points, 2023) is None


def test_a_chart_in_a_page_needs_no_inline_style():
    # The Content-Security-Policy allows no inline styles: the SVG must carry presentation attributes instead.
    series = {"pci": [(2013, 35.5), (2016, 45.25)], "survey": [(2020.25, 50)]}
    page = inline_svg(indicator_chart(series, target=60, target_year=2025, base=(2013, 35.5), unit="%"), "T")
    assert "style" not in page
    assert 'stroke-linejoin="round"' in page.split(">", 1)[0]  # what matplotlib's "*{...}" rule set
    assert 'fill="none" stroke-dasharray=' in page and 'stroke="#1f5f8b"' in page


def test_math_markup_in_a_unit_or_a_label_is_drawn_as_written():
    labels = ChartLabels(sources={"pci": "giá $ & \\ hệ số $\\alpha$"})
    for unit in ["$\\x$", "$", "\\", "$$", "50$\\frac{"]:
        svg = indicator_chart({"pci": [(2013, 1), (2016, 2)]}, target=3, unit=unit, labels=labels).decode()
        assert f"2 {unit}" in svg  # matplotlib keeps each text in a comment beside its glyphs
        assert indicator_chart({"pci": [(2013, 1)]}, unit=unit, labels=labels, fmt="png").startswith(b"\x89PNG")
