import json

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.http import HttpRequest
from django.test import override_settings

from pcitrack.audit.models import AuditEvent
from pcitrack.org.models import Membership, Unit, UnitAlias
from pcitrack.plans.models import Document, Plan, PlanTarget, Task
from pcitrack.reporting.models import ReportSettings, UnitReport


def snapshot():
    return {
        m._meta.label: m.objects.count()
        for m in apps.get_models()
        if m._meta.app_label in {"org", "plans", "monitoring", "reporting", "audit", "auth"}
    }


@pytest.fixture
def seed_file(tmp_path, seed_text):
    path = tmp_path / "plan.txt"
    path.write_text(seed_text, encoding="utf-8")
    return path


def test_parse_plan_prints_json_without_touching_the_database(capsys, seed_file):
    # No database mark: any query here would fail the test.
    call_command("parse_plan", str(seed_file))
    data = json.loads(capsys.readouterr().out)
    assert set(data) >= {"document", "citations", "tasks", "indicators", "units", "warnings"}
    assert len(data["indicators"]) == 18
    # Messages come in Vietnamese by default.
    assert any(w["message"].startswith("Số hiệu của văn bản đang để trống") for w in data["warnings"])


@pytest.mark.django_db
def test_import_plan_stores_everything(capsys, seed_file):
    call_command("import_plan", str(seed_file))
    out = capsys.readouterr().out
    assert "18 chỉ tiêu" in out
    plan = Plan.objects.get()
    assert plan.targets.count() == 18
    assert plan.tasks.count() == 21
    assert plan.citations.count() == 10
    assert plan.monitoring_unit.name == "Phòng Hành chính - Tổ chức"
    assert Unit.objects.filter(parent=plan.office).count() == 6
    assert UnitAlias.objects.filter(
        name="Công thông tin điện tử tỉnh", unit__name="Cổng Thông tin điện tử tỉnh"
    ).exists()
    t12 = PlanTarget.objects.get(plan=plan, no=12)
    assert float(t12.target_value) == 52.61 and t12.indicator.unit_of_measure == "điểm"
    lead = t12.assignments.get(role="lead")
    assert lead.unit.name == "Cổng Thông tin điện tử tỉnh"
    assert t12.assignments.get(role="support").group_label == "Các phòng, trung tâm"
    assert Task.objects.get(plan=plan, ref="III.3").assignments.get().unit.name == "Phòng Nội chính"
    assert AuditEvent.objects.filter(action="plan.import", object_id=str(plan.pk)).exists()


@pytest.mark.django_db
def test_importing_the_same_version_twice_changes_nothing(seed_file, capsys):
    call_command("import_plan", str(seed_file))
    before = snapshot()
    call_command("import_plan", str(seed_file))
    assert "không có thay đổi" in capsys.readouterr().out
    assert snapshot() == before


def _cut_mid_character(seed_text: str) -> bytes:
    data = seed_text.encode("utf-8")
    return data[: next(i for i in range(5000, 5100) if data[i] >= 0xC0) + 1]


def _sparse(size: int):
    """A file of `size` bytes that takes no room on disk."""

    def write(path, seed_text):
        with path.open("wb") as fh:
            fh.seek(size)
            fh.write(b"x")

    return write


def _content(make):
    """A writer of the bytes make(seed_text) returns."""
    return lambda path, seed_text: path.write_bytes(make(seed_text))


def _docx_cut(seed_text: str) -> bytes:
    from tests.docx_builder import build_docx

    return build_docx(seed_text)[:5000]


def _xlsx_bytes() -> bytes:
    from tests.core.test_plan_files import _xlsx

    return _xlsx()


def _bomb_bytes() -> bytes:
    from tests.core.test_plan_files import _bomb

    return _bomb()


TCVN3_TEXT = "KÕ ho¹ch triÓn khai thùc hiÖn NghÞ quyÕt sè 02 ngµy cña ChÝnh phñ"

# case -> (file name, what writes it (None: nothing is written), words the message must contain)
BAD_INPUTS = {
    "empty": ("empty.txt", _content(lambda seed: b""), "Tệp rỗng"),
    "blank": ("blank.txt", _content(lambda seed: b"  \n\n\t "), "Tệp rỗng"),
    "missing": ("nope.txt", None, "Không tìm thấy tệp"),
    "directory": ("", None, "Không phải là tệp"),
    "zip": ("plan.docx", _content(lambda seed: b"PK\x03\x04" + b"\x00" * 100), "Tệp Word bị hỏng"),
    "pdf": ("plan.pdf", _content(lambda seed: b"%PDF-1.7\n..."), "tệp PDF"),
    "binary": ("random.bin", _content(lambda seed: bytes(range(256)) * 10), "dữ liệu nhị phân"),
    "wrong encoding": (
        "cp1258.txt",
        _content(lambda seed: "Phòng Nội chính".encode("cp1258", errors="replace")),
        "không phải văn bản UTF-8",
    ),
    "truncated mid-character": ("cut.txt", _content(_cut_mid_character), "không phải văn bản UTF-8"),
    "not a plan": (
        "notes.txt",
        _content(lambda seed: "Danh sách đi chợ:\n- rau\n- cá\n".encode()),
        "không giống một kế hoạch",
    ),
    "huge": ("huge.txt", _sparse(50 * 1024 * 1024), "Tệp quá lớn"),
    "truncated docx": ("cut.docx", _content(_docx_cut), "Tệp Word bị hỏng"),
    "spreadsheet renamed .docx": ("sheet.docx", _content(lambda seed: _xlsx_bytes()), "bảng tính Excel"),
    "zip bomb": ("bomb.docx", _content(lambda seed: _bomb_bytes()), "khi giải nén"),
    "TCVN3": ("old.txt", _content(lambda seed: TCVN3_TEXT.encode("cp1252")), "TCVN3"),
}
BAD = list(BAD_INPUTS)


def _bad_input(tmp_path, seed_text, case):
    name, write, message = BAD_INPUTS[case]
    path = tmp_path / name
    if write is not None:
        write(path, seed_text)
    return path, message


@pytest.mark.django_db
@pytest.mark.parametrize("case", BAD)
@pytest.mark.parametrize("command", ["parse_plan", "import_plan"])
def test_bad_input_gives_a_vietnamese_message_and_changes_nothing(tmp_path, seed_text, case, command):
    path, message = _bad_input(tmp_path, seed_text, case)
    before = snapshot()
    with pytest.raises(CommandError) as exc:
        call_command(command, str(path))
    assert message in str(exc.value)
    assert snapshot() == before


@pytest.mark.django_db
def test_a_failure_half_way_through_the_import_leaves_nothing(seed_file, monkeypatch):
    from pcitrack.plans import services

    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "record", explode)
    before = snapshot()
    with pytest.raises(RuntimeError):
        call_command("import_plan", str(seed_file))
    assert snapshot() == before


@pytest.mark.django_db
def test_demo_sets_up_once_and_a_second_run_changes_nothing(capsys, settings):
    settings.DEBUG = True
    call_command("demo", "--no-serve")
    out = capsys.readouterr().out
    for username in [
        "admin",
        "monitor",
        "leader",
        "pnc.head",
        "pnc.staff",
        "ptctm.head",
        "cttdt.staff",
        "ttpvhcc.head",
    ]:
        assert username in out
    assert "pcitrack-demo" in out
    assert Plan.objects.count() == 1
    monitor = Membership.objects.get(user__username="monitor")
    assert (monitor.role, monitor.unit.name) == ("monitor", "Phòng Hành chính - Tổ chức")
    assert Membership.objects.filter(role="head").count() == 4
    # The sample reporting cycle of 2025, reported and reviewed with the demo's accounts.
    assert "Chu kỳ báo cáo mẫu (6 tháng đầu năm 2025, Năm 2025)" in out
    assert UnitReport.objects.filter(period__year=2025).exclude(status="draft").count() == 8
    assert ReportSettings.objects.get(office__parent=None).number_code == "VP"  # "Số:      /BC-VP"
    before = snapshot()
    events = list(AuditEvent.objects.values_list("id", "action"))
    call_command("demo", "--no-serve")
    assert snapshot() == before
    assert list(AuditEvent.objects.values_list("id", "action")) == events


@pytest.mark.django_db
def test_demo_password_comes_from_the_environment(settings, client):
    settings.DEBUG = True
    settings.PCITRACK_DEMO_PASSWORD = "another-demo-pass"
    call_command("demo", "--no-serve")
    # django-axes watches every authentication, so it needs the request the log-in comes with.
    assert client.login(request=HttpRequest(), username="pnc.staff", password="another-demo-pass")


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_demo_refuses_production_settings_unless_asked():
    before = snapshot()
    with pytest.raises(CommandError, match="--allow-production"):
        call_command("demo", "--no-serve")
    assert snapshot() == before
    call_command("demo", "--no-serve", "--allow-production")
    assert Plan.objects.count() == 1


def test_documents_are_shared_between_plans(db, seed_text):
    from pcitrack.plans.services import import_plan, parse_for_import

    import_plan(parse_for_import(seed_text))
    other = seed_text.replace(
        "Triển khai thực hiện Nghị quyết số 02/NQ-CP", "Kế hoạch thứ hai: triển khai Nghị quyết số 02/NQ-CP", 1
    )
    import_plan(parse_for_import(other))
    assert Plan.objects.count() == 2
    assert Document.objects.count() == 10
    assert Unit.objects.filter(parent__isnull=False).count() == 6


@pytest.mark.django_db
def test_demo_serves_on_localhost_at_the_given_port(settings, monkeypatch):
    from pcitrack.web.management.commands import demo

    settings.DEBUG = True
    served = []
    real = demo.call_command

    def fake_call_command(name, *args, **kwargs):
        if name == "runserver":
            served.append((args, kwargs))
            return None
        return real(name, *args, **kwargs)

    monkeypatch.setattr(demo, "call_command", fake_call_command)
    call_command("demo", "--port", "8123")
    assert served == [(("127.0.0.1:8123",), {"use_reloader": False, "insecure_serving": False})]
    with pytest.raises(CommandError, match="65535"):
        call_command("demo", "--port", "70000")


def test_scorecard_command_prints_each_status_with_its_basis_as_json(world, capsys):
    from pcitrack.monitoring.models import Observation

    indicator = world.plan.targets.get(no=3).indicator  # 70 % by 2025, higher is better
    Observation.objects.create(
        office=world.office, indicator=indicator, year=2025, source="survey", value=66, accepted_value=66
    )
    world.observation(2, 2013, 37.1)
    world.observation(2, 2016, 78.5)
    call_command("scorecard", "--plan", str(world.plan.pk), "--as-of", "2026-03-01", "--json")
    rows = {r["no"]: r for r in json.loads(capsys.readouterr().out)}
    assert len(rows) == 18
    assert rows[3] == {
        "no": 3, "status": "not_achieved", "estimated": True,
        "basis": {"source": "survey", "year": 2025, "period": "Y", "value": 66.0},
        "target": 70.0, "target_year": 2025,
        "targets": [{"year": 2025, "value": 70.0, "text": "70%", "in_force": True, "status": "not_achieved",
                     "estimated": True}],
        "baseline": None,
        "reason": "Theo kết quả khảo sát của văn phòng năm 2025 (ước tính, cho đến khi có kết quả chính thức): "
                  "66 % so với mục tiêu 70 %.",
    }  # fmt: skip
    assert (rows[2]["status"], rows[2]["reason"]) == ("not_available", "Chưa có số liệu năm 2025, năm của mục tiêu.")
    call_command("scorecard", "--plan", str(world.plan.pk), "--as-of", "2017-06-01", "--json")
    earlier = {r["no"]: r for r in json.loads(capsys.readouterr().out)}
    assert earlier[2]["status"] == "on_track" and earlier[2]["basis"] == {
        "source": "pci",
        "year": 2016,
        "period": "Y",
        "value": 78.5,
    }
    assert earlier[3]["status"] == "not_available"  # its 2025 value was not measured yet


def test_scorecard_command_refuses_a_bad_date_or_plan(world):
    with pytest.raises(CommandError, match="không phải ngày"):
        call_command("scorecard", "--plan", str(world.plan.pk), "--as-of", "30/11/2026")
    with pytest.raises(CommandError, match="Không có kế hoạch"):
        call_command("scorecard", "--plan", "99999999")
