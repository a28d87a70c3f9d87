from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pcitrack.audit.models import AuditEvent
from pcitrack.monitoring.models import Observation
from pcitrack.monitoring.scorecard import scorecard
from pcitrack.monitoring.vcci import load_official_values
from pcitrack.plans.models import Indicator, PlanTarget
from tests.test_commands import snapshot


def confirm(client, url):
    """Confirm a values preview as the person does: after seeing it."""
    return client.post(url, {"digest": client.get(url).context["digest"]})


def queries(fn) -> int:
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


def test_scorecard_queries_do_not_grow_with_indicators_or_observations(world, client):
    client.force_login(world.users["monitor"])
    url = reverse("plan_scorecard", args=[world.plan.pk])
    world.observation(1, 2013, 30)
    client.get(url)  # the first visit remembers the plan in the session; later ones read it
    small = (queries(lambda: scorecard(world.plan)), queries(lambda: client.get(url)))
    for no in range(19, 79):
        indicator = Indicator.objects.create(
            office=world.office, name=f"Chỉ tiêu thử {no}", key=f"chi tieu thu {no}", unit_of_measure="%"
        )
        PlanTarget.objects.create(plan=world.plan, indicator=indicator, no=no, target_value=80, target_year=2025)
    Observation.objects.all().delete()
    Observation.objects.bulk_create(
        Observation(
            office=world.office,
            indicator=t.indicator,
            year=year,
            source=source,
            value=40 + year % 7,
            accepted_value=40 + year % 7,
        )
        for t in world.plan.targets.all()
        for year in range(2013, 2025)
        for source in ("pci", "survey", "admin")
    )
    large = (queries(lambda: scorecard(world.plan)), queries(lambda: client.get(url)))
    assert Observation.objects.count() == 78 * 12 * 3
    assert large == small


def test_scorecard_shows_status_in_words_and_filters(world, client):
    world.observation(13, 2013, 55.6)
    world.observation(13, 2016, 76.8)
    client.force_login(world.users["leader"])
    url, as_of = reverse("plan_scorecard", args=[world.plan.pk]), "2018-01-01"  # before the 2025 target year
    html = client.get(url, {"as_of": as_of}).content.decode()
    assert (
        'class="status status-target_achieved">đã đạt mục tiêu' in html
        and "Tình trạng tính đến ngày 01/01/2018" in html
    )
    mine = client.get(url, {"unit": world.unit_a.pk, "as_of": as_of}).content.decode()
    assert mine.count('<tr id="row-') == 2  # Phòng Nội chính leads indicators 2 and 3
    achieved = client.get(url, {"status": "target_achieved", "as_of": as_of}).content.decode()
    assert achieved.count('<tr id="row-') == 1


def test_unit_staff_enter_a_value_for_their_indicator(world, client):
    client.force_login(world.users["staff"])
    url = reverse("indicator_detail", args=[world.plan.pk, 2])
    response = client.post(url, {"year": 2024, "period": "Q3", "source": "survey", "value": "55,5", "sample_size": 240})
    assert response.status_code == 302
    obs = Observation.objects.get()
    assert (obs.year, obs.period_type, obs.period_no, obs.value, obs.created_by) == (
        2024,
        "Q",
        3,
        Decimal("55.5"),
        world.users["staff"],
    )
    event = AuditEvent.objects.get(action="observation.create")
    assert event.after["value"] == "55.5000" and event.actor == world.users["staff"]
    assert (
        client.post(
            reverse("indicator_detail", args=[world.plan.pk, 5]),
            {"year": 2024, "period": "Y1", "source": "survey", "value": "1"},
        ).status_code
        == 403
    )


@pytest.mark.parametrize(
    "data,message",
    [
        ({"value": "120"}, "Giá trị 120 của chỉ tiêu “Hướng dẫn thủ tục rõ ràng, đầy đủ (% DN Đồng ý)”"),
        ({"value": "120"}, "nằm ngoài khoảng hợp lệ (từ 0 đến 100)."),
        ({"value": "50", "ci_low": "40"}, "cả hai đầu của khoảng tin cậy"),
        ({"value": "50", "ci_low": "55", "ci_high": "60"}, "phải nằm trong khoảng tin cậy"),
        ({"value": "năm mươi"}, "Nhập một số."),
    ],
)
def test_bad_values_are_refused_in_vietnamese(world, client, data, message):
    client.force_login(world.users["monitor"])
    response = client.post(
        reverse("indicator_detail", args=[world.plan.pk, 2]), {"year": 2024, "period": "Y1", "source": "survey", **data}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Observation.objects.count() == 0


def test_a_second_value_for_the_same_period_and_source_is_refused(world, client):
    client.force_login(world.users["monitor"])
    world.observation(2, 2016, 40)
    response = client.post(
        reverse("indicator_detail", args=[world.plan.pk, 2]),
        {"year": 2016, "period": "Y1", "source": "pci", "value": "45"},
    )
    assert "Đã có giá trị cho kỳ và nguồn này" in response.content.decode()
    assert Observation.objects.get().value == 40


def test_changes_are_kept_with_who_when_before_after_why(world, client):
    client.force_login(world.users["monitor"])
    obs = world.observation(2, 2016, 40)
    url = reverse("observation_edit", args=[world.plan.pk, 2, obs.pk])
    client.post(url, {"year": 2016, "period": "Y1", "source": "pci", "value": "42,5", "reason": "VCCI đính chính"})
    event = AuditEvent.objects.get(action="observation.update")
    assert (event.before["value"], event.after["value"], event.reason, event.actor) == (
        "40.0000",
        "42.5000",
        "VCCI đính chính",
        world.users["monitor"],
    )
    page = client.get(reverse("indicator_detail", args=[world.plan.pk, 2])).content.decode()
    assert "VCCI đính chính" in page and "42,5" in page
    refused = client.post(reverse("observation_delete", args=[world.plan.pk, 2, obs.pk]), {"reason": "  "})
    assert refused.status_code == 200 and "Hãy ghi lý do xóa giá trị." in refused.content.decode()
    assert Observation.objects.filter(pk=obs.pk).exists()  # no reason, no deletion
    client.post(reverse("observation_delete", args=[world.plan.pk, 2, obs.pk]), {"reason": "trùng"})
    assert not Observation.objects.filter(pk=obs.pk).exists()
    assert AuditEvent.objects.get(action="observation.delete").before["value"] == "42.5000"


def test_indicator_page_draws_the_chart_and_explains_the_status(world, client):
    world.observation(13, 2013, 30)
    world.observation(13, 2016, 40)
    client.force_login(world.users["leader"])
    html = client.get(reverse("indicator_detail", args=[world.plan.pk, 13]), {"as_of": "2017-06-30"}).content.decode()
    assert '<svg xmlns:xlink="http://www.w3.org/1999/xlink" class="chart" role="img"' in html
    assert "Từ 30\u00a0% năm 2013 đến 40\u00a0% năm 2016." in html
    assert "Thay đổi" not in html  # the leader reads only


def test_official_values_come_from_vcci_releases(world):
    assert load_official_values(world.plan, "Quảng Trị") == 18
    values = {
        (t.no, o.year): o.value
        for t in world.plan.targets.select_related("indicator")
        for o in Observation.objects.filter(indicator=t.indicator)
    }
    assert values[(1, 2013)] == Decimal("25.5556") and values[(1, 2016)] == Decimal("49.3671")
    assert values[(16, 2013)] == Decimal("50.9804")  # h22_new in 2013, h72_new in 2016: one indicator
    # "Chất lượng website của tỉnh - Điều chỉnh năm 2021": VCCI's 2013 and 2016 scores measured something else.
    assert (12, 2013) not in values and (12, 2016) not in values
    before = snapshot()
    load_official_values(world.plan, "Quảng Trị")
    assert snapshot() == before


def test_values_import_previews_then_saves(world, client):
    client.force_login(world.users["monitor"])
    world.observation(2, 2016, 40)
    table = "chi_tieu;nam;ky;nguon;gia_tri\n2;2016;;pci;41\n3;2024;Q1;survey;55,5\nc3_4;2024;;survey;60\n"
    response = client.post(
        reverse("observations_import", args=[world.plan.pk]), {"file": SimpleUploadedFile("v.csv", table.encode())}
    )
    preview = client.get(response["Location"]).content.decode()
    assert Observation.objects.count() == 1  # nothing written yet
    assert "Lưu 3 giá trị" in preview
    confirm(client, response["Location"])
    assert Observation.objects.count() == 3
    assert Observation.objects.get(indicator=world.plan.targets.get(no=2).indicator).value == 41
    assert AuditEvent.objects.filter(action__startswith="observation.", reason__startswith="v.csv").count() == 3


def test_a_table_with_errors_saves_nothing(world, client):
    client.force_login(world.users["monitor"])
    table = "chi_tieu,nam,ky,nguon,gia_tri\n2,2024,,survey,50\n99,2024,,survey,50\n3,2024,,survey,150\n"
    response = client.post(
        reverse("observations_import", args=[world.plan.pk]), {"file": SimpleUploadedFile("v.csv", table.encode())}
    )
    preview = client.get(response["Location"])
    html = preview.content.decode()
    assert "kế hoạch không có chỉ tiêu “99”" in html and "(từ 0 đến 100)" in html
    confirm(client, response["Location"])
    assert Observation.objects.count() == 0


def test_a_value_too_large_to_store_is_a_row_error_and_nothing_is_saved(world, client):
    client.force_login(world.users["monitor"])
    table = "chi_tieu;nam;ky;nguon;gia_tri\n2;2016;;pci;41\n2;2017;;pci;1.000.000.000.000\n"
    response = client.post(
        reverse("observations_import", args=[world.plan.pk]), {"file": SimpleUploadedFile("v.csv", table.encode())}
    )
    assert "độ lớn phải dưới 10 tỉ" in client.get(response["Location"]).content.decode()
    confirm(client, response["Location"])
    assert Observation.objects.count() == 0


def test_a_broken_values_file_is_refused_on_upload(world, client):
    client.force_login(world.users["monitor"])
    before = snapshot()
    response = client.post(
        reverse("observations_import", args=[world.plan.pk]),
        {"file": SimpleUploadedFile("v.xlsx", b"PK\x03\x04broken")},
    )
    assert response.status_code == 200 and "Tệp Excel bị hỏng" in response.content.decode()
    assert snapshot() == before


def test_a_change_without_a_reason_is_refused_beside_the_reason(world, client):
    client.force_login(world.users["monitor"])
    obs = world.observation(2, 2016, 40)
    url = reverse("observation_edit", args=[world.plan.pk, 2, obs.pk])
    response = client.post(url, {"year": 2016, "period": "Y1", "source": "pci", "value": "45", "reason": ""})
    html = response.content.decode()
    assert response.status_code == 200 and "Hãy ghi lý do thay đổi giá trị." in html
    obs.refresh_from_db()
    assert obs.value == 40 and not AuditEvent.objects.filter(action="observation.update").exists()


def test_the_service_requires_a_reason_to_change_or_delete_a_value(world):
    from pcitrack.core.errors import PcitrackError
    from pcitrack.monitoring.services import delete_observation, save_observation

    obs = world.observation(2, 2016, 40)
    key = {"office": world.office, "indicator": obs.indicator, "year": 2016, "period_type": "Y", "period_no": 1}
    with pytest.raises(PcitrackError, match="Say why the value is changed"):
        save_observation(user=world.users["monitor"], source="pci", value=Decimal("41"), **key)
    with pytest.raises(PcitrackError, match="Say why the value is deleted"):
        delete_observation(obs, user=world.users["monitor"], reason=" ")
    obs.refresh_from_db()
    assert obs.value == 40


@pytest.mark.parametrize("persona", ["staff", "head"])
def test_unit_staff_cannot_change_official_or_approved_values(world, client, persona):
    """Indicator 2 is led by the staff's unit; its official VCCI value and the value an approved
    report brought in change only through a monitor."""
    from pcitrack.reporting import services

    official = world.observation(2, 2016, 40)
    report = world.report()
    entry = report.indicator_entries.get(target__no=2)
    report = services.save_report(report, user=world.users["staff"], version=report.version,
                                  tasks={e.task_id: ("in_progress", "Đã làm") for e in report.task_entries.all()},
                                  indicators={entry.target_id: (Decimal("70"), None, "", "admin")})  # fmt: skip
    report = services.submit_report(report, user=world.users["head"], version=report.version)
    services.approve_report(report, user=world.users["monitor"])
    approved = Observation.objects.get(source="unit_report")
    assert approved.report_id == report.pk
    client.force_login(world.users[persona])
    page = client.get(reverse("indicator_detail", args=[world.plan.pk, 2])).content.decode()
    assert reverse("observation_edit", args=[world.plan.pk, 2, official.pk]) not in page
    for obs in (official, approved):
        edit = reverse("observation_edit", args=[world.plan.pk, 2, obs.pk])
        assert client.get(edit).status_code == 403
        data = {"year": obs.year, "period": f"{obs.period_type}{obs.period_no}", "source": obs.source, "value": "99",
                "reason": "sửa"}  # fmt: skip
        assert client.post(edit, data).status_code == 403
        delete = reverse("observation_delete", args=[world.plan.pk, 2, obs.pk])
        assert client.post(delete, {"reason": "xóa"}).status_code == 403
    assert set(Observation.objects.values_list("pk", "value")) == {(official.pk, 40), (approved.pk, 70)}
    own = Observation.objects.create(office=world.office, indicator=official.indicator, year=2024, source="admin",
                                     value=Decimal("50"), accepted_value=Decimal("50"))  # fmt: skip
    edit = reverse("observation_edit", args=[world.plan.pk, 2, own.pk])
    client.post(edit, {"year": 2024, "period": "Y1", "source": "admin", "value": "55", "reason": "số liệu mới"})
    own.refresh_from_db()
    assert own.value == 55  # a value the unit entered itself stays theirs to correct
    client.force_login(world.users["monitor"])
    edit = reverse("observation_edit", args=[world.plan.pk, 2, approved.pk])
    client.post(edit, {"year": 2024, "period": "Q1", "source": "unit_report", "value": "71", "reason": "đính chính"})
    approved.refresh_from_db()
    assert approved.value == 71


def test_an_indicator_whose_unit_looks_like_math_markup_is_shown_as_written(world, client):
    # matplotlib used to read "$\x$" as TeX and the page failed.
    indicator = world.plan.targets.get(no=13).indicator
    indicator.unit_of_measure = "$\\x$"
    indicator.name = "Chỉ số $\\frac{a}{b}$ \\ 100$"
    indicator.save()
    world.observation(13, 2013, 30)
    world.observation(13, 2016, 40)
    client.force_login(world.users["leader"])
    response = client.get(reverse("indicator_detail", args=[world.plan.pk, 13]))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<svg xmlns:xlink="http://www.w3.org/1999/xlink" class="chart" role="img"' in html
    assert "<td>$\\x$</td>" in html and "Chỉ số $\\frac{a}{b}$ \\ 100$" in html


@pytest.mark.parametrize(
    "data,message",
    [
        ({"year": "2024²"}, "Nhập một số nguyên."),
        ({"value": "²"}, "Nhập một số."),
        ({"sample_size": "²"}, "Nhập một số nguyên."),
        ({"sample_size": "٣²"}, "Nhập một số nguyên."),
        ({"sample_size": "١٢"}, "Nhập một số nguyên."),
        ({"year": "２０２４"}, "Nhập một số nguyên."),
        ({"value": "٣"}, "Nhập một số."),
        ({"value": "50", "ci_low": "٤٠", "ci_high": "60"}, "Nhập một số."),
        ({"sample_size": "2147483648"}, "Cỡ mẫu không được lớn hơn 2.147.483.647."),
        ({"sample_size": "99999999999999999999"}, "Cỡ mẫu không được lớn hơn 2.147.483.647."),
    ],
)
def test_odd_digits_and_huge_sample_sizes_are_refused_in_the_value_form(world, client, data, message):
    client.force_login(world.users["monitor"])
    response = client.post(
        reverse("indicator_detail", args=[world.plan.pk, 2]),
        {"year": 2024, "period": "Y1", "source": "survey", "value": "50", **data},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Observation.objects.count() == 0


def upload_values(client, world, table: str, name="v.csv"):
    return client.post(
        reverse("observations_import", args=[world.plan.pk]), {"file": SimpleUploadedFile(name, table.encode())}
    )


@pytest.mark.parametrize(
    "row,message",
    [
        ("2;2024;;survey;50;2147483648;;", "Cỡ mẫu không được lớn hơn 2.147.483.647."),
        ("2;2024;;survey;50;99999999999999999999;;", "Cỡ mẫu không được lớn hơn 2.147.483.647."),
        ("2;2024;;survey;50;²;;", "cỡ mẫu “²” không phải số nguyên dương"),
        ("2;2024;;survey;²;;;", "giá trị “²” không phải là số"),
        ("2;2024²;;survey;50;;;", "năm “2024²” không hợp lệ"),
        ("2;٢٠٢٤;;survey;50;;;", "năm “٢٠٢٤” không hợp lệ"),
        ("2;2024;;survey;٣;;;", "giá trị “٣” không phải là số"),
        ("2;2024;;survey;50;١٢;;", "cỡ mẫu “١٢” không phải số nguyên dương"),
        ("2;2024;;survey;50;;4O;60", "khoảng tin cậy “4O” không phải là số"),
    ],
)
def test_odd_digits_and_huge_sample_sizes_are_row_errors_in_the_values_import(world, client, row, message):
    client.force_login(world.users["monitor"])
    response = upload_values(client, world, f"chi_tieu;nam;ky;nguon;gia_tri;co_mau;ci_thap;ci_cao\n{row}\n")
    preview = client.get(response["Location"])
    assert preview.status_code == 200 and message in preview.content.decode()
    refused = client.post(response["Location"], {"digest": preview.context["digest"]}, follow=True)
    assert refused.status_code == 200 and "Một số dòng có lỗi" in refused.content.decode()
    assert Observation.objects.count() == 0


def test_a_csv_cell_too_long_for_the_csv_reader_is_refused_on_upload(world, client):
    client.force_login(world.users["monitor"])
    before = snapshot()
    response = upload_values(client, world, "chi_tieu,nam,ky,nguon,gia_tri,ghi_chu\n2,2024,,survey,50," + "x" * 140_000)
    assert response.status_code == 200
    assert "Dòng 2 có một ô dài hơn 131.072 ký tự" in response.content.decode()
    assert snapshot() == before


def test_values_are_saved_only_as_they_were_shown(world, client, settings):
    """A staged file that changed after its preview (here to a value too large to store) saves nothing."""
    from pathlib import Path

    client.force_login(world.users["monitor"])
    response = upload_values(client, world, "chi_tieu;nam;ky;nguon;gia_tri\n2;2016;;pci;41\n")
    url = response["Location"]
    shown = client.get(url).context["digest"]
    staged = next((Path(settings.MEDIA_ROOT) / "staging").glob("*/file.bin"))
    staged.write_bytes(b"chi_tieu;nam;ky;nguon;gia_tri\n2;2016;;pci;41\n2;2017;;pci;10.000.000.000\n")
    refused = client.post(url, {"digest": shown}, follow=True)
    html = refused.content.decode()
    assert refused.status_code == 200
    assert "Tệp đã thay đổi từ khi được hiển thị" in html and "độ lớn phải dưới 10 tỉ" in html
    assert Observation.objects.count() == 0
    staged.write_bytes(b"\x00\x01 not a table any more")
    gone = client.post(url, {"digest": shown}, follow=True)
    assert gone.status_code == 200 and "không phải tệp văn bản" in gone.content.decode()
    assert Observation.objects.count() == 0


def test_the_indicator_page_speaks_in_words_not_codes(world, client):
    """No "None" for a missing sample size, no "2024Y1 survey" in the history, no "81,0000" to correct."""
    client.force_login(world.users["monitor"])
    world.observation(2, 2016, 40)
    url = reverse("indicator_detail", args=[world.plan.pk, 2])
    client.post(url, {"year": 2024, "period": "Y1", "source": "survey", "value": "81", "ci_low": "76,1",
                      "ci_high": "84,9", "sample_size": "1200"})  # fmt: skip
    html = client.get(url).content.decode()
    assert "None" not in html and "2024Y1" not in html and "1.200" in html
    assert "nhập giá trị · 2024 · khảo sát" in html
    obs = Observation.objects.get(year=2024)
    edit = client.get(reverse("observation_edit", args=[world.plan.pk, 2, obs.pk])).content.decode()
    assert 'value="81"' in edit and 'value="76,1"' in edit and 'value="84,9"' in edit


def test_pages_say_as_of_when_and_on_what_each_status_rests(world, client):
    indicator = world.plan.targets.get(no=3).indicator  # 70 % by 2025
    Observation.objects.create(
        office=world.office, indicator=indicator, year=2016, source="pci", value=50, accepted_value=50
    )
    Observation.objects.create(
        office=world.office, indicator=indicator, year=2025, source="survey", value=66, accepted_value=66
    )
    client.force_login(world.users["leader"])
    page = client.get(reverse("indicator_detail", args=[world.plan.pk, 3]), {"as_of": "2026-02-01"}).content.decode()
    assert 'class="status status-not_achieved estimated">ước không đạt' in page and "tính đến ngày 01/02/2026" in page
    assert "Theo kết quả khảo sát của văn phòng năm 2025 (ước tính, cho đến khi có kết quả chính thức): 66\u00a0% " \
           "so với mục tiêu 70\u00a0%." in page  # fmt: skip
    card = client.get(reverse("plan_scorecard", args=[world.plan.pk]), {"as_of": "2026-02-01"}).content.decode()
    assert "khảo sát · 2025 · ước tính" in card
    bad = client.get(reverse("plan_scorecard", args=[world.plan.pk]), {"as_of": "hôm qua"})
    assert bad.status_code == 200 and "“hôm qua” không phải ngày theo dạng YYYY-MM-DD" in bad.content.decode()
