"""Several targets by year and the plan's baseline, wherever a target is shown (docs/progress.md, rules 9 and 10)."""

import datetime as dt
import io
import json
import re
from decimal import Decimal

import openpyxl
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from docx import Document

from pcitrack.monitoring.models import Observation
from pcitrack.monitoring.scorecard import scorecard
from pcitrack.plans.models import PlanTarget
from pcitrack.reporting import official
from tests.test_exports import by_number, workbook
from tests.test_monitoring import queries

NBSP = "\u00a0"


def two_targets(world, no=3, years=(2025, 2026), baseline=(2024, 75)):
    """Indicator `no` (a percentage, higher is better) with targets 80 % and 85 % and the plan's stated baseline."""
    target = world.plan.targets.get(no=no)
    first, second = years
    target.yearly_targets = [
        {"year": first, "value": 80.0, "text": "80%"},
        {"year": second, "value": 85.0, "text": "85%"},
    ]
    target.target_value, target.target_text, target.target_year = Decimal(85), "85%", second
    target.baseline_year, target.baseline_value = baseline[0], Decimal(baseline[1])
    target.save()
    return target


def survey(world, target, value=78.5, year=2025, period=("Q", 2)):
    return Observation.objects.create(
        office=world.office, indicator=target.indicator, year=year, period_type=period[0], period_no=period[1],
        source="survey", value=value, accepted_value=value,
    )  # fmt: skip


def row_html(html: str, no: int) -> str:
    return re.search(rf'<tr id="row-{no}">(.*?)</tr>', html, re.DOTALL).group(1)


def test_the_scorecard_shows_every_target_by_year_the_one_in_force_and_the_baseline(world, client):
    target = two_targets(world)
    survey(world, target)
    client.force_login(world.users["leader"])
    url = reverse("plan_scorecard", args=[world.plan.pk])

    during = row_html(client.get(url, {"as_of": "2025-09-01"}).content.decode(), 3)
    assert f'<span class="target in-force" title="mục tiêu đang áp dụng">2025: 80{NBSP}%' in during
    assert f'<span class="target">2026: 85{NBSP}%</span>' in during
    assert f"Năm 2024: 75{NBSP}%" in during
    assert "cần tăng tốc" in during  # (78,5 - 75) / (80 - 75) = 0,7 of the change required

    later = row_html(client.get(url, {"as_of": "2026-03-01"}).content.decode(), 3)
    assert '<span class="target">2025: 80' in later and "ước không đạt" in later  # 78,5 < 80, an estimate
    assert f'<span class="target in-force" title="mục tiêu đang áp dụng">2026: 85{NBSP}%' in later
    assert "đang áp dụng</span>" in later
    assert "2.025" not in later and "2.026" not in later


def test_one_target_shows_as_before_and_no_baseline_as_a_dash(world, client):
    client.force_login(world.users["leader"])
    html = row_html(client.get(reverse("plan_scorecard", args=[world.plan.pk])).content.decode(), 3)
    assert f'70{NBSP}%<br><small class="muted">2025</small>' in html
    assert '<td class="num nowrap baseline">—</td>' in html
    assert "đang áp dụng" not in html


def test_the_indicator_page_lists_the_targets_judges_an_ended_one_and_starts_from_the_baseline(world, client):
    target = two_targets(world)
    survey(world, target)
    client.force_login(world.users["staff"])
    url = reverse("indicator_detail", args=[world.plan.pk, 3])
    html = client.get(url, {"as_of": "2026-03-01"}).content.decode()
    card = re.search(r'<article id="target">(.*?)</article>', html, re.DOTALL).group(1)
    assert "Mục tiêu đang áp dụng" in card and f'<p class="big">85{NBSP}%</p>' in card and "đến năm 2026" in card
    assert f"Giá trị gốc: Năm 2024: 75{NBSP}%" in card
    section = re.search(r'<section id="targets">(.*?)</section>', html, re.DOTALL).group(1)
    assert f"2025: 80{NBSP}%" in section and f"2026: 85{NBSP}%" in section
    assert f"— ước không đạt (khảo sát Quý II/2025: 78,5{NBSP}%)" in section
    assert f'Năm 2024: 75{NBSP}% <small class="muted">(theo kế hoạch)</small>' in section
    assessment = re.search(r'<section id="assessment">(.*?)</section>', html, re.DOTALL).group(1)
    assert f"Từ 75{NBSP}% năm 2024 đến 78,5{NBSP}% năm 2025." in assessment
    assert "Năm 2024, năm gốc của kế hoạch, chưa có số đo" in assessment
    assert f"so với mục tiêu 85{NBSP}% vào năm 2026" in assessment  # the reason names the target in force
    # The plan's value is not a measurement: the latest value is the survey's, and no row lists the plan's 75.
    latest = re.search(r"<header>Giá trị mới nhất</header>(.*?)</article>", html, re.DOTALL).group(1)
    assert f"78,5{NBSP}%" in latest
    assert "<td>2025: 80% · 2026: 85%</td>" in html  # the targets as the plan writes them
    values = re.search(r'<section id="observations">(.*?)</section>', html, re.DOTALL).group(1)
    assert f"78,5{NBSP}%" in values and f"75{NBSP}%" not in values


def test_the_indicator_page_in_english(world, client):
    target = two_targets(world)
    survey(world, target)
    client.force_login(world.users["leader"])
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("indicator_detail", args=[world.plan.pk, 3]), {"as_of": "2025-09-01"}).content.decode()
    assert "Target in force" in html and "Year 2024: 75" in html and "in force</span>" in html
    assert "stated by the plan" in html


def test_a_measured_base_year_wins_and_the_page_says_nothing_of_the_plan_s_value(world, client):
    target = two_targets(world)
    survey(world, target)
    survey(world, target, value=70, year=2024, period=("Y", 1))
    client.force_login(world.users["leader"])
    html = client.get(reverse("indicator_detail", args=[world.plan.pk, 3]), {"as_of": "2025-09-01"}).content.decode()
    assessment = re.search(r'<section id="assessment">(.*?)</section>', html, re.DOTALL).group(1)
    assert f"Từ 70{NBSP}% năm 2024" in assessment and "năm gốc của kế hoạch" not in assessment


def test_the_scorecard_command_gives_the_targets_and_the_baseline(world, capsys):
    target = two_targets(world)
    survey(world, target)
    call_command("scorecard", "--plan", str(world.plan.pk), "--as-of", "2026-03-01", "--json")
    row = {r["no"]: r for r in json.loads(capsys.readouterr().out)}[3]
    assert (row["target"], row["target_year"], row["status"]) == (85.0, 2026, "needs_acceleration")
    assert row["targets"] == [
        {"year": 2025, "value": 80.0, "text": "80%", "in_force": False, "status": "not_achieved", "estimated": True},
        {"year": 2026, "value": 85.0, "text": "85%", "in_force": True, "status": None, "estimated": None},
    ]
    assert row["baseline"] == {"year": 2024, "value": 75.0}
    assert row["basis"]["value"] == 78.5  # never the plan's 75


def test_the_scorecard_workbook_states_the_baseline_and_the_target_in_force(world, client):
    target = two_targets(world)
    survey(world, target)
    client.force_login(world.users["monitor"])
    ws = workbook(client.get(reverse("plan_scorecard_xlsx", args=[world.plan.pk]), {"as_of": "2025-09-01"})).active
    row = by_number(ws)[3]
    base, base_year, in_force, year, by_year = (c for c in row[6:11])
    assert (base.value, base.data_type, base_year.value, base_year.number_format) == (75, "n", 2024, "0")
    assert (in_force.value, in_force.data_type, year.value, year.number_format) == (80, "n", 2025, "0")
    assert by_year.value == f"2025: 80{NBSP}% (đang áp dụng) · 2026: 85{NBSP}%"


def test_the_official_report_states_the_baseline_and_the_target_in_force(world):
    two_targets(world, years=(2024, 2025), baseline=(2023, 75))
    world.period()
    year = world.plan.periods.get(kind="year", year=2024)
    data = official.report_data(world.plan, year, dt.date(2025, 1, 6))
    row = next(r for r in data.rows if r.no == 3)
    assert (row.target, row.baseline) == ("80 % (2024)", "75 % (2023)")  # as of the cut-off, 14/12/2024
    doc = Document(io.BytesIO(official.render_docx(data)))
    cells = [c.text for c in doc.tables[-1].rows[3].cells]
    assert cells[3:5] == ["75 % (2023)", "80 % (2024)"]
    assert [c.text for c in doc.tables[-1].rows[1].cells][3] == "—"  # no baseline stated
    ws = openpyxl.load_workbook(io.BytesIO(official.render_xlsx(data))).active
    assert [c.value for c in ws[4]][3:7] == [75, 2023, 80, 2024]
    line = next(p.text for p in doc.paragraphs if p.text.startswith("- Chỉ tiêu 3. "))
    assert "mục tiêu 80 % (2024)" in line


def test_a_target_in_words_in_force_is_shown_as_written(world, client):
    target = world.plan.targets.get(no=3)
    target.yearly_targets = [{"year": 2025, "value": 80.0, "text": "80%"}, {"year": 2026, "value": None,
                                                                           "text": "Duy trì"}]  # fmt: skip
    target.target_value, target.target_text, target.target_year = None, "Duy trì", 2026
    target.save()
    client.force_login(world.users["leader"])
    html = row_html(
        client.get(reverse("plan_scorecard", args=[world.plan.pk]), {"as_of": "2026-02-01"}).content.decode(), 3
    )
    assert "2026: Duy trì" in html
    ws = workbook(client.get(reverse("plan_scorecard_xlsx", args=[world.plan.pk]), {"as_of": "2026-02-01"})).active
    assert by_number(ws)[3][8].value == "Duy trì"


def test_the_plan_s_indicator_list_marks_the_target_in_force_today(world, client):
    this_year = timezone.localdate().year
    two_targets(world, years=(this_year - 1, this_year + 1), baseline=(this_year - 2, 75))
    client.force_login(world.users["leader"])
    html = client.get(reverse("plan_indicators", args=[world.plan.pk])).content.decode()
    row = re.search(r'<tr id="indicator-3">(.*?)</tr>', html, re.DOTALL).group(1)
    assert f'<span class="target in-force" title="mục tiêu đang áp dụng">{this_year + 1}: 85{NBSP}%' in row
    assert f'<span class="target">{this_year - 1}: 80{NBSP}%</span>' in row
    assert f"Năm {this_year - 2}: 75{NBSP}%" in row
    unit = client.get(reverse("unit_detail", args=[world.unit_a.pk])).content.decode()
    assert f"{this_year + 1}: 85{NBSP}%" in unit


def test_scorecard_queries_do_not_grow_with_targets_by_year(world, client):
    client.force_login(world.users["monitor"])
    url = reverse("plan_scorecard", args=[world.plan.pk])
    world.observation(1, 2013, 30)
    client.get(url)  # the first visit remembers the plan in the session; later ones read it
    before = (queries(lambda: scorecard(world.plan)), queries(lambda: client.get(url)))
    for target in PlanTarget.objects.filter(plan=world.plan):
        target.yearly_targets = [
            {"year": 2024, "value": 50.0, "text": "50"},
            {"year": 2025, "value": 60.0, "text": "60"},
        ]
        target.baseline_year, target.baseline_value = 2023, Decimal(40)
        target.save()
    assert (queries(lambda: scorecard(world.plan)), queries(lambda: client.get(url))) == before


def test_the_plan_import_preview_shows_targets_by_year_the_baseline_and_each_task_s_deadline(
    world, client, monkeypatch
):
    """What the parser reads (targets by year, baseline, deadlines) is shown before anything is saved."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from pcitrack.core.plan_parser import Baseline, YearTarget
    from pcitrack.web import imports
    from tests.conftest import SEED_TEXT

    read = imports.parse_for_import

    def with_years(text, office=None):
        parsed = read(text, office)
        first = parsed.indicators[0]
        first.targets = [YearTarget(2025, 80.0, "80%"), YearTarget(2026, None, "Duy trì")]
        first.baseline = Baseline(2024, 75.5)
        tasks = parsed.tasks
        tasks[0].deadline, tasks[0].deadline_text, tasks[0].output = dt.date(2025, 6, 30), "Quý II/2025", "Quyết định"
        tasks[1].deadline_text, tasks[1].recurring = "Hằng quý", "quarterly"
        return parsed

    monkeypatch.setattr(imports, "parse_for_import", with_years)
    client.force_login(world.users["monitor"])
    response = client.post(reverse("plan_import"), {"file": SimpleUploadedFile("seed.txt", SEED_TEXT.encode())})
    html = client.get(response["Location"]).content.decode()
    indicators = re.search(r'<section id="indicators">(.*?)</section>', html, re.DOTALL).group(1)
    first = re.search(r"<tbody>\s*<tr>(.*?)</tr>", indicators, re.DOTALL).group(1)
    assert f'<span class="target">2025: 80{NBSP}%</span> · <span class="target">2026: ' in first
    assert '<span class="badge warn">Duy trì</span>' in first
    assert f"Năm 2024: 75,5{NBSP}%" in first
    second = re.findall(r"<tr>(.*?)</tr>", indicators, re.DOTALL)[2]
    assert f"2025: 100{NBSP}%" in second and '<td class="num nowrap baseline">—</td>' in second
    tasks = re.search(r'<details id="tasks">(.*?)</details>', html, re.DOTALL).group(1)
    assert (
        '<th scope="col">Thời hạn theo kế hoạch</th><th scope="col">Hạn hoàn thành</th><th scope="col">Thực hiện định kỳ</th>'
        '<th scope="col">Sản phẩm đầu ra</th>' in tasks
    )
    one, two = (re.search(rf'<tr id="task-{n}">(.*?)</tr>', tasks, re.DOTALL).group(1) for n in (1, 2))
    assert '<td>Quý II/2025</td><td class="nowrap deadline">30/06/2025</td><td class="nowrap">—</td>' in one
    assert "<td>Quyết định</td>" in one
    assert '<td>Hằng quý</td><td class="nowrap deadline">—</td><td class="nowrap">hằng quý</td><td>—</td>' in two
