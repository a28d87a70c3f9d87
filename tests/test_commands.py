import json

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from pcitrack.audit.models import AuditEvent
from pcitrack.org.models import Membership, Unit, UnitAlias
from pcitrack.plans.models import Document, Plan, PlanTarget, Task


def snapshot():
    return {
        m._meta.label: m.objects.count()
        for m in apps.get_models()
        if m._meta.app_label in {"org", "plans", "monitoring", "audit", "auth"}
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


def _bad_inputs(tmp_path, seed_text):
    cases = {}
    (tmp_path / "empty.txt").write_bytes(b"")
    cases["empty"] = (tmp_path / "empty.txt", "Tệp rỗng")
    (tmp_path / "blank.txt").write_bytes(b"  \n\n\t ")
    cases["blank"] = (tmp_path / "blank.txt", "Tệp rỗng")
    cases["missing"] = (tmp_path / "nope.txt", "Không tìm thấy tệp")
    cases["directory"] = (tmp_path, "Không phải là tệp")
    (tmp_path / "plan.docx").write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    cases["zip"] = (tmp_path / "plan.docx", "Tệp Word bị hỏng")
    (tmp_path / "plan.pdf").write_bytes(b"%PDF-1.7\n...")
    cases["pdf"] = (tmp_path / "plan.pdf", "tệp PDF")
    (tmp_path / "random.bin").write_bytes(bytes(range(256)) * 10)
    cases["binary"] = (tmp_path / "random.bin", "dữ liệu nhị phân")
    (tmp_path / "latin1.txt").write_bytes(
        "Kế hoạch".encode()[:0] + "Phòng Nội chính".encode("cp1258", errors="replace")
    )
    cases["wrong encoding"] = (tmp_path / "latin1.txt", "không phải văn bản UTF-8")
    cut = seed_text.encode("utf-8")
    cut = cut[: next(i for i in range(5000, 5100) if cut[i] >= 0xC0) + 1]
    (tmp_path / "truncated.txt").write_bytes(cut)
    cases["truncated mid-character"] = (tmp_path / "truncated.txt", "không phải văn bản UTF-8")
    (tmp_path / "notes.txt").write_text("Danh sách đi chợ:\n- rau\n- cá\n", encoding="utf-8")
    cases["not a plan"] = (tmp_path / "notes.txt", "không giống một kế hoạch")
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as fh:
        fh.seek(21 * 1024 * 1024)
        fh.write(b"x")
    cases["huge"] = (huge, "Tệp quá lớn")
    return cases


BAD = [
    "empty",
    "blank",
    "missing",
    "directory",
    "zip",
    "pdf",
    "binary",
    "wrong encoding",
    "truncated mid-character",
    "not a plan",
    "huge",
]


@pytest.mark.django_db
@pytest.mark.parametrize("case", BAD)
@pytest.mark.parametrize("command", ["parse_plan", "import_plan"])
def test_bad_input_gives_a_vietnamese_message_and_changes_nothing(tmp_path, seed_text, case, command):
    path, message = _bad_inputs(tmp_path, seed_text)[case]
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
    before = snapshot()
    call_command("demo", "--no-serve")
    assert snapshot() == before


@pytest.mark.django_db
def test_demo_password_comes_from_the_environment(settings, client):
    settings.DEBUG = True
    settings.PCITRACK_DEMO_PASSWORD = "another-demo-pass"
    call_command("demo", "--no-serve")
    assert client.login(username="pnc.staff", password="another-demo-pass")


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
