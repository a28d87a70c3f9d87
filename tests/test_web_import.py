from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pcitrack.org.models import Unit
from pcitrack.plans.models import Plan, PlanTarget
from tests.conftest import SEED_TEXT
from tests.core.test_plan_files import _bomb, _broken_xml, _entity_bomb, _xlsx
from tests.docx_builder import build_docx
from tests.test_commands import snapshot
from tests.test_reimport import changed_version

CAMAU = (Path(__file__).parent / "fixtures" / "plans" / "camau_quyet_dinh.txt").read_bytes()


def upload(client, name, data):
    return client.post(reverse("plan_import"), {"file": SimpleUploadedFile(name, data)})


@pytest.fixture
def monitor(client, world):
    client.force_login(world.users["monitor"])
    return client


def test_upload_preview_confirm(monitor, world):
    before = snapshot()
    response = upload(monitor, "chuong-trinh.txt", CAMAU)
    assert response.status_code == 302
    preview = monitor.get(response["Location"])
    html = preview.content.decode()
    assert preview.status_code == 200
    assert "1234/QĐ-UBND" in html and "Tăng 2-4 bậc" in html
    assert "không phải một con số" in html  # the warning, in Vietnamese
    assert "Sở Kế hoạch và Đầu tư" in html
    assert snapshot() == before  # nothing is written before confirm

    form = preview.context["form"]
    data = {name: field.initial for name, field in form.fields.items()}
    tu_phap = next(name for p, name in form.unit_rows if p.name == "Sở Tư pháp")
    data[tu_phap] = str(world.unit_a.pk)  # the person says "Sở Tư pháp" is Phòng Nội chính here
    data["direction_3"] = "up"
    data["measure_5"] = "điểm (0-100)"
    done = monitor.post(response["Location"], data)
    plan = Plan.objects.get(number="1234/QĐ-UBND")
    assert done.status_code == 302 and done["Location"] == reverse("plan_detail", args=[plan.pk])
    t2 = PlanTarget.objects.get(plan=plan, no=2)
    assert world.unit_a in [a.unit for a in t2.assignments.filter(role="support")]
    assert not Unit.objects.filter(name="Sở Tư pháp").exists()
    t3 = PlanTarget.objects.get(plan=plan, no=3)
    assert (t3.indicator.direction, t3.indicator.direction_source) == ("up", "person")
    assert PlanTarget.objects.get(plan=plan, no=5).indicator.unit_of_measure == "điểm (0-100)"
    assert monitor.get(response["Location"]).status_code == 404  # the upload is gone


def test_a_new_version_shows_its_changes_and_applies_them(monitor, world, seed_text):
    response = upload(monitor, "v2.docx", build_docx(changed_version(seed_text), auto_numbering=True))
    preview = monitor.get(response["Location"])
    html = preview.content.decode()
    assert "Thêm chỉ tiêu: 19." in html and "Chỉ tiêu 3 thay đổi" in html
    assert "Nhiệm vụ II.2.2.3 không còn trong kế hoạch mới" in html
    data = {name: field.initial for name, field in preview.context["form"].fields.items() if name != "allow_retire"}
    refused = monitor.post(response["Location"], data)
    assert refused.status_code == 200 and world.plan.targets.count() == 18
    monitor.post(response["Location"], {**data, "allow_retire": "on"})
    assert Plan.objects.filter(office=world.office).count() == 1
    assert world.plan.targets.count() == 19
    assert float(world.plan.targets.get(no=3).target_value) == 75.0
    assert world.plan.tasks.retired().get().ref == "II.2.2.3"


@pytest.mark.parametrize(
    "name,data,message",
    [
        ("empty.txt", b"", "Tệp rỗng"),
        ("plan.docx", b"PK\x03\x04garbage", "Tệp Word bị hỏng"),
        ("notes.txt", "Danh sách đi chợ".encode(), "không giống một kế hoạch"),
        ("bomb.docx", _bomb(), "khi giải nén"),
        ("cut.docx", build_docx(SEED_TEXT)[:5000], "Tệp Word bị hỏng"),
        ("broken.docx", _broken_xml(SEED_TEXT), "Tệp Word bị hỏng"),
        ("laughs.docx", _entity_bomb(SEED_TEXT), "Tệp Word bị hỏng"),
        ("sheet.docx", _xlsx(), "bảng tính Excel"),
    ],
    ids=["empty", "zip-garbage", "not-a-plan", "zip-bomb", "truncated", "broken-xml", "entity-bomb", "xlsx-renamed"],
)
def test_bad_uploads_are_refused_in_vietnamese_and_nothing_is_kept(monitor, world, settings, name, data, message):
    before = snapshot()
    response = upload(monitor, name, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert snapshot() == before
    assert not (Path(settings.MEDIA_ROOT) / "staging").exists() or not any(
        (Path(settings.MEDIA_ROOT) / "staging").iterdir()
    )


def test_a_document_without_appendix_asks_for_consent(monitor, world):
    text = CAMAU.decode("utf-8")
    response = upload(monitor, "qd.txt", text[: text.index("Phụ lục")].encode())
    preview = monitor.get(response["Location"])
    assert "Văn bản này không có phụ lục chỉ tiêu" in preview.content.decode()
    data = {name: field.initial for name, field in preview.context["form"].fields.items() if name != "no_indicators"}
    refused = monitor.post(response["Location"], data)
    assert refused.status_code == 200 and Plan.objects.filter(office=world.office).count() == 1
    monitor.post(response["Location"], {**data, "no_indicators": "on"})
    assert Plan.objects.filter(office=world.office).count() == 2
