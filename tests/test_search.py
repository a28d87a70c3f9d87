"""The search page: each kind found, accents aside, and only what the user may open."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pcitrack.core.text import match_rank, matches_all, search_terms
from pcitrack.org.models import UnitAlias
from pcitrack.plans.search import search
from pcitrack.reporting.models import ReportingPeriod
from pcitrack.reporting.services import report_for


def page(client, world, persona, query):
    client.force_login(world.users[persona])
    response = client.get(reverse("search"), {"q": query})
    assert response.status_code == 200
    return response.content.decode()


def test_search_terms_fold_accents_and_case():
    assert search_terms("  Thủ  TỤC ") == ["thu", "tuc"]
    assert search_terms("III.3") == ["iii", "3"]
    assert matches_all(search_terms("thu tuc"), "Cải cách thủ tục hành chính")
    assert match_rank(search_terms("thu tuc"), "Cải cách thủ tục hành chính") == 0
    assert match_rank(search_terms("tuc thu"), "Cải cách thủ tục hành chính") == 1
    assert not matches_all(search_terms("uc"), "thủ tục")  # a term begins a word
    assert matches_all(search_terms("DUONG"), "Đường")
    assert matches_all(search_terms("tai chinh thuong mai"), "Phòng Tài chính - Thương mại")
    assert not matches_all(search_terms("thu tuc"), "Cổng thông tin")
    assert not matches_all([], "anything")


def test_finds_a_task_by_reference_and_by_words_without_accents(client, world):
    task = world.plan.tasks.get(ref="III.3")
    html = page(client, world, "monitor", "III.3")
    assert reverse("task_detail", args=[world.plan.pk, task.pk]) in html
    found = search(world.users["monitor"], "III.3").tasks.items
    assert found[0] == task  # the exact reference first

    html = page(client, world, "staff", "thu tuc hanh chinh")
    assert 'id="found-tasks"' in html
    tasks = search(world.users["staff"], "thu tuc hanh chinh").tasks.items
    assert tasks[0].ref == "II.2.2.1"  # "... cải cách thủ tục hành chính.": the phrase first
    assert all("thủ tục hành chính" in t.text.lower() for t in tasks[:3])


def test_finds_an_indicator_by_number_and_by_name(client, world):
    html = page(client, world, "leader", "huong dan thu tuc")
    assert reverse("indicator_detail", args=[world.plan.pk, 2]) in html
    assert "Hướng dẫn thủ tục" in html
    found = search(world.users["leader"], "2").indicators.items
    assert found[0].no == 2 and found[0].plan_id == world.plan.pk


def test_finds_a_unit_by_name_and_by_alias(client, world):
    html = page(client, world, "monitor", "noi chinh")
    assert reverse("unit_detail", args=[world.unit_a.pk]) in html
    UnitAlias.objects.create(unit=world.unit_b, name="Phòng TC-TM")
    html = page(client, world, "monitor", "tc-tm")
    assert reverse("unit_detail", args=[world.unit_b.pk]) in html
    assert "Phòng TC-TM" in html


def test_finds_a_report_by_unit_and_period(client, world):
    report = world.report()
    html = page(client, world, "staff", "noi chinh quy i/2024")
    assert reverse("report_detail", args=[report.pk]) in html
    assert 'id="found-reports"' in html


def test_never_another_unit_s_report(client, world):
    report = world.report()
    html = page(client, world, "staff_b", "noi chinh")
    assert reverse("report_detail", args=[report.pk]) not in html
    assert not search(world.users["staff_b"], "quy 1/2024").reports.items
    # Staff of Phòng Tài chính - Thương mại do find their own unit's report.
    own = report_for(world.period(), world.unit_b)
    assert search(world.users["staff_b"], "quy 1/2024").reports.items == [own]


@pytest.mark.parametrize("persona", ["monitor_b", "leader_b", "staff_ob"])
def test_never_another_office_s_objects(client, world, persona):
    report = world.report()
    html = page(client, world, persona, "noi chinh")
    for url in (
        reverse("unit_detail", args=[world.unit_a.pk]),
        reverse("report_detail", args=[report.pk]),
        reverse("task_detail", args=[world.plan.pk, world.plan.tasks.get(ref="III.3").pk]),
        reverse("indicator_detail", args=[world.plan.pk, 2]),
    ):
        assert url not in html
    results = search(world.users[persona], "thu tuc")
    assert results.tasks.items and {t.plan_id for t in results.tasks.items} == {world.other_plan.pk}
    assert {t.plan_id for t in results.indicators.items} == {world.other_plan.pk}
    assert reverse("unit_detail", args=[world.other_unit.pk]) in html


def test_an_empty_query_says_what_to_type_and_no_result_says_so(client, world):
    html = page(client, world, "monitor", "   ")
    assert 'id="search-empty"' in html and 'id="found-' not in html
    html = page(client, world, "monitor", "xyzzy khong co")
    assert 'id="search-none"' in html
    assert "Không tìm thấy" in html
    assert 'value="xyzzy khong co"' in html  # the query stays in the box


def test_a_long_list_stops_at_the_shown_number(client, world, monkeypatch):
    monkeypatch.setattr("pcitrack.plans.search.SHOWN", 3)
    results = search(world.users["monitor"], "thu tuc")
    assert len(results.tasks.items) == 3 and results.tasks.more
    html = page(client, world, "monitor", "thu tuc")
    assert "Chỉ hiển thị 3 kết quả đầu tiên" in html


def _queries(client, world, query):
    client.force_login(world.users["monitor"])
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("search"), {"q": query}).status_code == 200
    return len(queries)


def test_query_count_does_not_grow_with_the_rows(client, world):
    world.report()
    few = _queries(client, world, "noi chinh")
    for no in range(1, 30):
        period = ReportingPeriod.objects.create(
            plan=world.plan, kind="adhoc", year=2030, no=no, title=f"Đột xuất {no}",
            start="2030-01-01", cutoff="2030-01-02", due="2030-01-10",
        )  # fmt: skip
        report_for(period, world.unit_a)
    UnitAlias.objects.create(unit=world.unit_a, name="Phòng NC")
    many = _queries(client, world, "noi chinh")
    assert many == few
    assert many <= 15
