"""Importing a VCCI release through the web: upload, preview against what is stored, confirm.

VCCI's results are national, published data: every office's monitors (and administrators) may import them,
since every office reads the same PCI pages; a staged file is its uploader's alone.
"""

import io
import unicodedata
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pcitrack.audit.models import AuditEvent
from pcitrack.pci.models import PciIndicatorValue, PciResult, Province
from tests.conftest import PCI_CSV
from tests.forms import form_fields

VCCI = Path(__file__).resolve().parents[1] / "pcitrack" / "data" / "vcci"


def _state():
    return (PciResult.objects.count(), PciIndicatorValue.objects.count(), Province.objects.count(),
            AuditEvent.objects.count(), list(PciResult.objects.values_list("province__name", "year", "pci")))  # fmt: skip


def _upload(client, name: str, data: bytes):
    return client.post(reverse("pci_import"), {"file": SimpleUploadedFile(name, data)})


def test_the_pci_page_links_to_the_import_for_monitors_only(client, world):
    client.force_login(world.users["monitor"])
    assert reverse("pci_import") in client.get(reverse("pci_overview")).content.decode()
    client.force_login(world.users["leader"])
    assert reverse("pci_import") not in client.get(reverse("pci_overview")).content.decode()


def test_a_csv_is_previewed_then_stored_once_confirmed(client, world):
    client.force_login(world.users["monitor"])
    world.province()  # the provinces are known; nothing of 2023 is stored
    before = _state()
    response = _upload(client, "pci2023.csv", PCI_CSV.encode())
    assert response.status_code == 302
    preview = client.get(response["Location"]).content.decode()
    assert _state() == before  # nothing saved before the confirmation
    assert "PCI 2023" in preview and "Quảng Ninh" in preview and "71,3" in preview
    assert "Xác nhận" in preview
    form = form_fields(preview, "pci-form")

    done = client.post(response["Location"], form)
    assert done.status_code == 302 and done["Location"].endswith("?year=2023")
    stored = PciResult.objects.get(province__name="Quảng Trị", year=2023)
    assert (stored.pci, stored.rank, stored.subindices[0], stored.source) == (64.2, 22, 6.9, "pci2023.csv")
    event = AuditEvent.objects.get(action="pci.import")
    assert event.actor == world.users["monitor"] and event.after["provinces"] == 2
    # Confirming twice (a double click) imports once.
    assert client.post(response["Location"], form).status_code == 302
    assert AuditEvent.objects.filter(action="pci.import").count() == 1


def test_the_preview_says_what_changes_against_what_is_stored(client, world):
    client.force_login(world.users["monitor"])
    _upload(client, "a.csv", PCI_CSV.encode())
    first = _upload(client, "a.csv", PCI_CSV.encode())["Location"]
    client.post(first, form_fields(client.get(first).content.decode(), "pci-form"))
    changed = PCI_CSV.replace("64.2,22", "65.0,20")
    preview = client.get(_upload(client, "b.csv", changed.encode())["Location"]).content.decode()
    assert 'class="action-changed"' in preview and "64,2" in preview and "65" in preview
    assert 'class="action-same"' in preview  # Quảng Ninh is as stored


@pytest.mark.skipif(not (VCCI / "PCI_2016.xlsx").exists(), reason="VCCI files not beside the repository")
def test_vcci_s_own_workbook_is_read_with_its_sub_indices_and_indicator_values(client, world):
    client.force_login(world.users["monitor"])
    location = _upload(client, "PCI_2016.xlsx", (VCCI / "PCI_2016.xlsx").read_bytes())["Location"]
    preview = client.get(location).content.decode()
    assert "PCI 2016" in preview and "Quảng Trị" in preview and "57,62" in preview
    client.post(location, form_fields(preview, "pci-form"))
    assert PciResult.objects.filter(year=2016).count() == 63
    assert PciResult.objects.get(province__name="Quảng Trị", year=2016).rank == 43
    assert PciIndicatorValue.objects.filter(year=2016).exists()


def _truncated_xlsx() -> bytes:
    import openpyxl

    buffer = io.BytesIO()
    openpyxl.Workbook().save(buffer)
    return buffer.getvalue()[:600]


@pytest.mark.parametrize(
    "name,data,message",
    [
        ("pci.csv", b"", "Tệp rỗng"),
        ("pci.xlsx", lambda: _truncated_xlsx(), "Tệp Excel bị hỏng"),
        ("pci.csv", unicodedata.normalize("NFD", PCI_CSV).encode("cp1258"), "không phải văn bản UTF-8"),
        ("pci.csv", b"ten,nam\nQuang Tri,2023\n", "province và year"),
        ("pci.pdf", b"%PDF-1.4 a report", "province và year"),
        ("pci.csv", PCI_CSV.replace("Quảng Trị", "Tỉnh Không Có").encode(), None),
    ],
    ids=["empty", "truncated", "wrong-encoding", "wrong-columns", "pdf", "unknown-province"],
)
def test_broken_input_is_refused_in_vietnamese_and_the_database_is_unchanged(client, world, name, data, message):
    client.force_login(world.users["monitor"])
    world.province()
    data = data() if callable(data) else data
    before = _state()
    response = _upload(client, name, data)
    if message is None:  # read, but a province is unknown: the preview says so and offers no confirmation
        page = client.get(response["Location"]).content.decode()
        assert "Tỉnh Không Có" in page and "không xác định" in page and 'id="pci-form"' not in page
        client.post(response["Location"], {"digest": "x"})
    else:
        assert response.status_code == 200
        assert message in response.content.decode()
    assert _state() == before


def test_a_file_over_the_limit_is_refused(client, world, monkeypatch):
    from pcitrack.web import pci_import

    monkeypatch.setattr(pci_import, "MAX_BYTES", 100)
    client.force_login(world.users["monitor"])
    before = _state()
    response = _upload(client, "pci.csv", PCI_CSV.encode())
    assert "Tệp quá lớn" in response.content.decode()
    assert _state() == before


@pytest.mark.parametrize("persona", ["staff", "head", "leader", "staff_ob", "leader_b"])
def test_only_monitors_and_administrators_import(client, world, persona):
    client.force_login(world.users[persona])
    before = _state()
    assert client.get(reverse("pci_import")).status_code == 403
    assert _upload(client, "pci.csv", PCI_CSV.encode()).status_code == 403
    assert client.post(reverse("pci_import_preview", args=[world.staged_release()]), {}).status_code == 403
    assert _state() == before


def test_another_office_s_monitor_imports_too_but_never_confirms_someone_else_s_upload(client, world):
    token = world.staged_release()  # the first office's monitor's upload
    client.force_login(world.users["monitor_b"])
    assert client.get(reverse("pci_import_preview", args=[token])).status_code == 404
    client.post(reverse("pci_import_preview", args=[token]), {"digest": "x"})
    assert not PciResult.objects.exists()
    location = _upload(client, "pci.csv", PCI_CSV.encode())["Location"]
    client.post(location, form_fields(client.get(location).content.decode(), "pci-form"))
    assert PciResult.objects.filter(year=2023).count() == 2
