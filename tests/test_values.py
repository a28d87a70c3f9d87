"""Values that make sense: every way in refuses a value outside its indicator's range, naming both;
a value a unit types outside the report workflow counts only once a monitor accepts it."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import F
from django.urls import reverse

from pcitrack.audit.models import AuditEvent
from pcitrack.core.errors import PcitrackError
from pcitrack.monitoring.models import Observation
from pcitrack.monitoring.scorecard import scorecard
from pcitrack.monitoring.services import save_observation, set_value_range
from pcitrack.plans.models import Indicator
from pcitrack.reporting import services
from pcitrack.reporting.models import UnitReport
from tests.forms import form_fields

INDICATOR_2 = "Hướng dẫn thủ tục rõ ràng, đầy đủ (% DN Đồng ý)"  # a percentage, led by Phòng Nội chính
AS_OF = dt.date(2026, 3, 1)  # after the 2025 target year


def _indicator(world, no=2) -> Indicator:
    return world.plan.targets.get(no=no).indicator


def _status(world, no=2) -> str:
    return next(r for r in scorecard(world.plan, AS_OF) if r.target.no == no).status


# Bounds ---------------------------------------------------------------------------------------------


def test_the_value_form_refuses_172_percent_next_to_the_field(world, client):
    client.force_login(world.users["staff"])
    url = reverse("indicator_detail", args=[world.plan.pk, 2])
    response = client.post(url, {"year": 2025, "period": "Y1", "source": "unit_report", "value": "172"})
    form = response.context["form"]
    assert form.errors["value"] == [f"Giá trị 172 của chỉ tiêu “{INDICATOR_2}” nằm ngoài khoảng hợp lệ (từ 0 đến 100)."]
    assert form_fields(response.content.decode(), "observation-form")["value"] == "172"
    assert not Observation.objects.exists()


def test_the_report_form_and_the_report_service_refuse_an_out_of_range_value(world, client):
    report = world.report()
    entry = report.indicator_entries.get(target__no=2)
    client.force_login(world.users["staff"])
    url = reverse("report_detail", args=[report.pk])
    fields = form_fields(client.get(url).content.decode(), "report-form")
    fields[f"ind_{entry.pk}_value"] = "-3"
    html = client.post(url, fields).content.decode()
    assert f"Giá trị -3 của chỉ tiêu “{INDICATOR_2}” nằm ngoài khoảng hợp lệ (từ 0 đến 100)." in html
    assert form_fields(html, "report-form")[f"ind_{entry.pk}_value"] == "-3"
    entry.refresh_from_db()
    assert entry.value is None
    with pytest.raises(PcitrackError, match="từ 0 đến 100|from 0 to 100"):
        services.save_report(report, user=world.users["staff"], version=report.version,
                             indicators={entry.target_id: {"value": Decimal("101")}})  # fmt: skip
    assert UnitReport.objects.get(pk=report.pk).version == report.version


def test_approval_refuses_a_value_outside_a_range_declared_after_it_was_typed(world, client):
    report = world.report()
    entry = report.indicator_entries.get(target__no=2)
    tasks = {e.task_id: ("in_progress", "Đã triển khai.") for e in report.task_entries.all()}
    report = services.save_report(report, user=world.users["staff"], version=report.version, tasks=tasks,
                                  indicators={entry.target_id: {"value": Decimal("80")}})  # fmt: skip
    report = services.submit_report(report, user=world.users["head"], version=report.version)
    set_value_range(_indicator(world), user=world.users["monitor"], low=None, high=Decimal("50"), reason="thang đo")
    client.force_login(world.users["monitor"])
    html = client.post(reverse("report_review", args=[report.pk]), {"decision": "approve"}).content.decode()
    assert f"Giá trị 80 của chỉ tiêu “{INDICATOR_2}” nằm ngoài khoảng hợp lệ (từ 0 đến 50)." in html
    assert UnitReport.objects.get(pk=report.pk).status == UnitReport.Status.SUBMITTED
    assert not Observation.objects.exists()


def test_a_monitor_declares_a_range_with_its_audit_and_a_unit_cannot(world, client):
    url = reverse("indicator_range", args=[world.plan.pk, 5])
    client.force_login(world.users["staff"])
    assert client.post(url, {"min_value": "1", "max_value": "5"}).status_code == 403
    client.force_login(world.users["monitor"])
    response = client.post(url, {"min_value": "1", "max_value": "5", "reason": "thang 1–5"})
    assert response.status_code == 302
    indicator = _indicator(world, 5)
    indicator.refresh_from_db()
    assert (indicator.min_value, indicator.max_value) == (Decimal(1), Decimal(5))
    event = AuditEvent.objects.get(action="indicator.range")
    assert event.after == {"min_value": "1.0000", "max_value": "5.0000"} and event.reason == "thang 1–5"
    page = client.get(reverse("indicator_detail", args=[world.plan.pk, 5])).content.decode()
    assert "từ 1 đến 5" in page and "đặt riêng cho chỉ tiêu này" in page
    assert "<td>đổi khoảng giá trị hợp lệ</td><td>từ 0 đến 100</td><td>từ 1 đến 5</td><td>thang 1–5</td>" in page
    with pytest.raises(PcitrackError):
        save_observation(user=world.users["monitor"], office=world.office, indicator=indicator, year=2024,
                         period_type="Y", period_no=1, source="admin", value=Decimal("6"))  # fmt: skip


def test_a_range_that_recorded_values_break_is_refused_and_nothing_changes(world, client):
    world.observation(2, 2016, 76)
    client.force_login(world.users["monitor"])
    response = client.post(
        reverse("indicator_range", args=[world.plan.pk, 2]), {"min_value": "", "max_value": "60", "reason": "thử"}
    )
    assert response.status_code == 200
    assert "Có 1 giá trị đã nhập nằm ngoài khoảng này (đầu tiên: 76 % năm 2016)" in response.content.decode()
    assert form_fields(response.content.decode(), "range-form")["max_value"] == "60"
    assert Indicator.objects.get(pk=_indicator(world).pk).max_value is None
    assert not AuditEvent.objects.filter(action="indicator.range").exists()


# Acceptance -----------------------------------------------------------------------------------------


def _type_value(client, world, persona, value="100"):
    client.force_login(world.users[persona])
    return client.post(
        reverse("indicator_detail", args=[world.plan.pk, 2]),
        {"year": 2025, "period": "Y1", "source": "admin", "value": value},
        follow=True,
    )


def test_a_value_a_unit_types_counts_only_once_a_monitor_accepts_it(world, client):
    response = _type_value(client, world, "staff")
    assert "sau khi bộ phận theo dõi chấp nhận" in response.content.decode()
    obs = Observation.objects.get()
    assert obs.accepted_value is None and obs.accepted_by is None
    assert _status(world) == "not_available"  # the unit cannot make its own indicator "đã đạt"
    client.force_login(world.users["monitor"])
    page = client.get(reverse("indicator_detail", args=[world.plan.pk, 2])).content.decode()
    assert "chờ chấp nhận" in page and "chưa được tính vào tình trạng" in page
    accept = reverse("observation_accept", args=[world.plan.pk, 2, obs.pk])
    assert f'action="{accept}"' in page
    client.post(accept)
    obs.refresh_from_db()
    assert obs.accepted_by == world.users["monitor"] and obs.accepted_value == Decimal("100")
    assert _status(world) == "target_achieved"
    event = AuditEvent.objects.get(action="observation.accept")
    assert (event.before["accepted_value"], event.after["accepted_value"]) == (None, "100.0000")


def test_a_unit_s_change_to_an_accepted_value_counts_once_accepted_and_the_old_value_until_then(world, client):
    own = world.own_value(2, 2025, 100)
    Observation.objects.filter(pk=own.pk).update(is_sample=True)
    assert _status(world) == "target_achieved"
    client.force_login(world.users["staff"])
    client.post(
        reverse("observation_edit", args=[world.plan.pk, 2, own.pk]),
        {"year": 2025, "period": "Y1", "source": "admin", "value": "99", "reason": "đính chính"},
    )
    own.refresh_from_db()
    assert (own.value, own.accepted_value, own.is_pending) == (Decimal("99"), Decimal("100"), True)
    assert _status(world) == "target_achieved"  # the accepted 100 % still counts
    client.force_login(world.users["monitor"])
    page = client.get(reverse("indicator_detail", args=[world.plan.pk, 2])).content.decode()
    assert '99\u00a0% <span class="badge warn pending">chờ chấp nhận</span>' in page
    assert "giá trị đang được tính: 100\u00a0%" in page
    client.post(reverse("observation_accept", args=[world.plan.pk, 2, own.pk]))
    own.refresh_from_db()
    assert (own.accepted_value, own.is_sample) == (Decimal("99"), False)  # a person's value, no longer a sample
    page = client.get(reverse("indicator_detail", args=[world.plan.pk, 2])).content.decode()
    assert (
        '<td>chấp nhận giá trị · 2025 · số liệu hành chính</td><td class="num">100\u00a0%</td><td class="num">99\u00a0%</td>'
        in page
    )
    assert _status(world) == "not_achieved"


def test_values_a_monitor_types_or_a_report_approval_brings_count_at_once(world, client):
    _type_value(client, world, "monitor")
    assert Observation.objects.get().accepted_by == world.users["monitor"]
    report = world.report()
    entry = report.indicator_entries.get(target__no=2)
    tasks = {e.task_id: ("in_progress", "Đã triển khai.") for e in report.task_entries.all()}
    report = services.save_report(report, user=world.users["staff"], version=report.version, tasks=tasks,
                                  indicators={entry.target_id: {"value": Decimal("70")}})  # fmt: skip
    report = services.submit_report(report, user=world.users["head"], version=report.version)
    services.approve_report(report, user=world.users["monitor"])
    assert Observation.objects.get(report=report).accepted_value == Decimal("70")


# The command line -----------------------------------------------------------------------------------


def _values_file(tmp_path, text: str, name="values.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding) if isinstance(text, str) else text)
    return str(path)


def test_import_values_saves_a_good_table_with_its_audit(world, tmp_path, capsys):
    path = _values_file(tmp_path, 'chi_tieu,nam,ky,nguon,gia_tri\n2,2024,,survey,"61,5"\n3,2024,Q1,admin,40\n')
    call_command("import_values", "--plan", str(world.plan.pk), path)
    assert "Đã lưu 2 giá trị" in capsys.readouterr().out
    assert sorted(Observation.objects.values_list("value", flat=True)) == [Decimal("40"), Decimal("61.5")]
    assert AuditEvent.objects.filter(action="observation.create", reason__startswith="values.csv, dòng").count() == 2
    call_command("import_values", "--plan", str(world.plan.pk), path)
    assert "Đã lưu 0 giá trị; 2 giá trị đã đúng như trong tệp." in capsys.readouterr().out


def test_import_values_with_one_bad_row_lists_it_exits_1_and_saves_nothing(world, tmp_path, capsys):
    path = _values_file(tmp_path, "chi_tieu,nam,ky,nguon,gia_tri\n2,2024,,survey,61\n3,2024,,survey,172\n")
    with pytest.raises(CommandError) as caught:
        call_command("import_values", "--plan", str(world.plan.pk), path)
    assert caught.value.returncode == 1
    assert "1 trong 2 dòng bị sai; chưa lưu giá trị nào." in str(caught.value)
    assert "Dòng 3: Giá trị 172 của chỉ tiêu" in capsys.readouterr().err
    assert not Observation.objects.exists()


@pytest.mark.parametrize(
    "content,message",
    [
        (b"", "Tệp rỗng"),
        (b"chi_tieu,nam,ky,nguon,gia_tri\n", "không có số liệu"),
        ("chi_tieu,nam,ky,nguon,gia_tri,ghi_chu\n2,2024,,survey,50,café élevé\n".encode("cp1252"), "UTF-8"),
        (b"PK\x03\x04truncated", "Excel"),
        (b"%PDF-1.4", ".csv hoặc .xlsx"),
        (b"chi_tieu,nam,ky,nguon,gia_tri\n" + b"2,2024,,survey,50\n" * 400_000, "quá lớn"),
    ],
    ids=["empty", "header-only", "wrong-encoding", "truncated-xlsx", "pdf", "huge"],
)
def test_import_values_refuses_broken_files_in_vietnamese_and_saves_nothing(world, tmp_path, content, message):
    path = _values_file(tmp_path, content)
    with pytest.raises(CommandError, match=message):
        call_command("import_values", "--plan", str(world.plan.pk), path)
    assert not Observation.objects.exists()


def test_import_values_names_a_missing_plan_or_file(world, tmp_path):
    with pytest.raises(CommandError, match="Không có kế hoạch"):
        call_command("import_values", "--plan", "999999999", _values_file(tmp_path, "x"))
    with pytest.raises(CommandError, match="Không tìm thấy tệp"):
        call_command("import_values", "--plan", str(world.plan.pk), str(tmp_path / "missing.csv"))


def test_where_lower_is_better_the_reason_calls_the_target_a_ceiling():
    from pcitrack.core.series import Point
    from pcitrack.core.status import judge
    from pcitrack.monitoring.labels import reason_text

    points = [Point(2025, "Y", 1, "admin", 4.5, False)]
    judgement = judge(points, target=5, target_year=2025, direction="down", as_of=dt.date(2026, 3, 1))
    assert judgement.status == "target_achieved"
    assert reason_text(judgement, "ngày").endswith("4,5\u00a0ngày so với mục tiêu không quá 5\u00a0ngày.")
    judgement = judge(points, target=5, target_year=2025, direction="up", as_of=dt.date(2026, 3, 1))
    assert reason_text(judgement, "ngày").endswith("4,5\u00a0ngày so với mục tiêu 5\u00a0ngày.")


def test_the_monitor_s_scorecard_lists_the_values_waiting_for_acceptance(world, client):
    pending = world.pending_value(2, 2023, 55)
    client.force_login(world.users["leader"])
    url = reverse("plan_scorecard", args=[world.plan.pk])
    assert "pending-values" not in client.get(url).content.decode()
    client.force_login(world.users["monitor"])
    html = client.get(url).content.decode()
    link = reverse("indicator_detail", args=[world.plan.pk, 2]) + "#observations"
    assert "1 giá trị do đơn vị nhập đang chờ anh/chị chấp nhận trước khi được tính:" in html
    assert f'<a href="{link}">Chỉ tiêu 2</a> — 2023, báo cáo của đơn vị: 55\u00a0% · staff_a, Phòng Nội chính' in html
    Observation.objects.filter(pk=pending.pk).update(accepted_value=F("value"))
    assert "pending-values" not in client.get(url).content.decode()


def test_only_a_monitor_states_an_official_pci_result(world, client):
    url = reverse("indicator_detail", args=[world.plan.pk, 3])
    client.force_login(world.users["staff"])
    page = client.get(url).content.decode()
    assert 'value="pci"' not in page and 'value="admin"' in page
    response = client.post(url, {"year": 2025, "period": "Y1", "source": "pci", "value": "50"})
    assert "source" in response.context["form"].errors
    with pytest.raises(PcitrackError, match="Only the monitoring unit records official PCI results"):
        save_observation(user=world.users["staff"], office=world.office, indicator=_indicator(world, 3), year=2025,
                         period_type="Y", period_no=1, source="pci", value=Decimal("50"))  # fmt: skip
    report = world.report()
    entry = report.indicator_entries.get(target__no=3)
    form = client.get(reverse("report_detail", args=[report.pk])).content.decode()
    assert f'name="ind_{entry.pk}_source"' in form and 'value="pci"' not in form
    assert "(% DN Đồng ý) <small" not in form  # the unit the name already says is not repeated
    with pytest.raises(PcitrackError):
        services.save_report(report, user=world.users["staff"], version=report.version,
                             indicators={entry.target_id: {"source": "pci"}})  # fmt: skip
    assert not Observation.objects.exists()
    client.force_login(world.users["monitor"])
    assert 'value="pci"' in client.get(url).content.decode()


@pytest.mark.parametrize(
    "typed,stored",
    [("1.000", Decimal("1000")), ("1.234,5", Decimal("1234.5")), ("12,5", Decimal("12.5")), ("0.5", Decimal("0.5"))],
)
def test_the_value_form_reads_numbers_as_the_import_and_the_pages_write_them(world, client, typed, stored):
    client.force_login(world.users["monitor"])
    url = reverse("indicator_detail", args=[world.plan.pk, 6])  # days, lower is better
    client.post(url, {"year": 2024, "period": "Y1", "source": "admin", "value": typed})
    assert Observation.objects.get().value == stored


@pytest.mark.parametrize("typed", ["1e5", "abc", "2-4", "１２"])
def test_the_value_and_range_forms_refuse_what_is_not_a_number_as_typed(world, client, typed):
    client.force_login(world.users["monitor"])
    response = client.post(
        reverse("indicator_detail", args=[world.plan.pk, 6]),
        {"year": 2024, "period": "Y1", "source": "admin", "value": typed},
    )
    assert response.context["form"].errors["value"] == ["Nhập một số."]
    assert form_fields(response.content.decode(), "observation-form")["value"] == typed
    response = client.post(reverse("indicator_range", args=[world.plan.pk, 6]), {"min_value": "", "max_value": typed})
    assert form_fields(response.content.decode(), "range-form")["max_value"] == typed
    assert "Nhập một số." in response.content.decode()
    assert not Observation.objects.exists() and Indicator.objects.get(pk=_indicator(world, 6).pk).max_value is None


@pytest.mark.parametrize(
    "no,data,message",
    [
        (5, {"min_value": "", "max_value": "150"}, "150 nằm ngoài giới hạn của đơn vị tính (từ 0 đến 100)."),
        (6, {"min_value": "-1", "max_value": ""}, "-1 nằm ngoài giới hạn của đơn vị tính (từ 0 trở lên)."),
        (6, {"min_value": "9", "max_value": "3"}, "Giá trị thấp nhất phải nhỏ hơn giá trị cao nhất."),
    ],
    ids=["percent-above-100", "days-below-0", "min-above-max"],
)
def test_a_declared_range_narrows_the_unit_s_natural_range_never_widens_it(world, client, no, data, message):
    client.force_login(world.users["monitor"])
    response = client.post(reverse("indicator_range", args=[world.plan.pk, no]), {**data, "reason": "thử"})
    assert message in response.content.decode()
    indicator = Indicator.objects.get(pk=_indicator(world, no).pk)
    assert (indicator.min_value, indicator.max_value) == (None, None)


def test_a_range_change_asks_why(world, client):
    client.force_login(world.users["monitor"])
    response = client.post(reverse("indicator_range", args=[world.plan.pk, 5]), {"min_value": "10", "max_value": ""})
    assert response.context["range_form"].errors["reason"] == ["Hãy ghi lý do thay đổi khoảng giá trị."]
    assert Indicator.objects.get(pk=_indicator(world, 5).pk).min_value is None
    with pytest.raises(PcitrackError):
        set_value_range(_indicator(world, 5), user=world.users["monitor"], low=Decimal(10), high=None)


def test_the_scorecard_counts_and_filters_estimated_verdicts_apart_from_final_ones(world, client):
    world.own_value(2, 2025, 100)  # administrative records: "ước đạt"
    world.observation(3, 2025, 60)  # VCCI's own result: "không đạt", final
    client.force_login(world.users["leader"])
    url = reverse("plan_scorecard", args=[world.plan.pk])
    html = client.get(url, {"as_of": "2026-03-01"}).content.decode()
    chip = '<a href="?status={key}&as_of=2026-03-01"><span class="status status-{status}{extra}">{words}</span> <strong>{n}</strong>'
    assert chip.format(key="target_achieved", status="target_achieved", extra="", words="đã đạt mục tiêu", n=0) in html
    assert chip.format(key="target_achieved_estimated", status="target_achieved", extra=" estimated", words="ước đạt",
                       n=1) in html  # fmt: skip
    assert chip.format(key="not_achieved", status="not_achieved", extra="", words="không đạt", n=1) in html
    final = client.get(url, {"as_of": "2026-03-01", "status": "target_achieved"}).content.decode()
    estimated = client.get(url, {"as_of": "2026-03-01", "status": "target_achieved_estimated"}).content.decode()
    assert final.count('<tr id="row-') == 0 and estimated.count('<tr id="row-') == 1 and 'id="row-2"' in estimated
    assert '<option value="target_achieved_estimated" selected>ước đạt</option>' in estimated


def test_the_trend_is_read_from_every_source_also_after_the_target_year(world):
    world.observation(6, 2016, 6)  # days, lower is better
    world.own_value(6, 2024, 5.6)
    world.own_value(6, 2025, 5.4)
    row = next(r for r in scorecard(world.plan, AS_OF) if r.target.no == 6)
    assert row.status == "not_achieved" and row.trend is not None
    assert row.trend == next(r for r in scorecard(world.plan, dt.date(2025, 6, 1)) if r.target.no == 6).trend


def test_scorecard_command_refuses_a_bad_date_without_a_traceback(world):
    with pytest.raises(CommandError, match="“abc” không phải ngày"):
        call_command("scorecard", "--plan", str(world.plan.pk), "--as-of", "abc")


def test_the_indicator_page_names_the_target_year_values_a_verdict_sets_aside(world, client):
    world.own_value(3, 2025, 75)  # administrative records
    Observation.objects.create(office=world.office, indicator=_indicator(world, 3), year=2025, source="survey",
                               value=65, accepted_value=65)  # fmt: skip
    client.force_login(world.users["leader"])
    html = client.get(reverse("indicator_detail", args=[world.plan.pk, 3]), {"as_of": "2026-03-01"}).content.decode()
    assert "Theo kết quả khảo sát của văn phòng năm 2025" in html  # the survey comes first
    assert "Các giá trị khác của năm 2025 không được dùng" in html and "số liệu hành chính 2025: 75\u00a0%." in html
