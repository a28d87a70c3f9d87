"""Uploaded files follow their rows: no file outlives its row, no stray file stays for long."""

import io
import os
import time
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from docx import Document

from pcitrack.audit.models import AuditEvent
from pcitrack.core.errors import PcitrackError
from pcitrack.reporting import services, tasks
from pcitrack.reporting.models import Evidence, GeneratedReport


def media(settings) -> Path:
    return Path(settings.MEDIA_ROOT)


def stored(settings) -> list[str]:
    root = media(settings)
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def age(path: Path, seconds: int) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then))


def test_deleting_a_plan_removes_its_evidence_and_report_files(world, client, settings,
                                                              django_capture_on_commit_callbacks):  # fmt: skip
    evidence, job = world.evidence(), world.job()
    job.refresh_from_db()
    files = [media(settings) / evidence.file.name, media(settings) / job.file.name]
    assert all(f.is_file() for f in files)
    client.force_login(world.users["admin"])
    # Unit reports change only through pcitrack's pages: the admin cannot delete a plan that has some.
    refused = client.post(reverse("admin:plans_plan_delete", args=[world.plan.pk]), {"post": "yes"})
    assert refused.status_code == 403 and all(f.is_file() for f in files)

    with django_capture_on_commit_callbacks(execute=True):
        world.plan.delete()

    assert not Evidence.objects.exists() and not GeneratedReport.objects.exists()
    assert not any(f.exists() for f in files)
    assert not (media(settings) / "evidence" / str(evidence.entry.report_id)).exists()


def test_a_deletion_rolled_back_keeps_the_file(world, settings, django_capture_on_commit_callbacks):
    evidence = world.evidence()
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            Evidence.objects.get(pk=evidence.pk).delete()
            raise RuntimeError("the request failed after the deletion")
    assert Evidence.objects.filter(pk=evidence.pk).exists()
    assert (media(settings) / evidence.file.name).read_bytes().startswith(b"%PDF")


def test_an_upload_that_fails_after_its_file_was_written_leaves_no_file(world, settings, monkeypatch):
    entry = world.report().task_entries.first()

    def audit_fails(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(services, "record", audit_fails)
    with pytest.raises(RuntimeError):
        services.add_evidence(entry, SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4"), user=world.users["staff"])
    assert not entry.evidence.exists()
    assert stored(settings) == []


def test_a_built_report_whose_row_cannot_be_saved_leaves_no_file(world, settings, monkeypatch):
    def database_gone(action, *args, **kwargs):
        raise RuntimeError("the database went away")  # in the transaction that names the file in the row

    world.period()
    monkeypatch.setattr(tasks, "record", database_gone)
    job = world.job()
    assert stored(settings) == []
    job.refresh_from_db()
    assert (job.status, job.file.name) == (GeneratedReport.Status.FAILED, "")


def test_cleanup_files_removes_old_files_no_row_refers_to_and_stale_staged_uploads(world, settings, capsys):
    evidence = world.evidence()
    root = media(settings)
    age(root / evidence.file.name, 3 * 3600)  # referenced: kept however old
    killed = root / "evidence" / "7" / "0123abcd"  # an upload killed before its row was committed
    killed.parent.mkdir(parents=True)
    killed.write_bytes(b"%PDF half")
    age(killed, 2 * 3600)
    in_flight = root / "official-reports" / "bao-cao-year-2024-1.docx"  # its row is about to be committed
    in_flight.parent.mkdir(parents=True)
    in_flight.write_bytes(b"PK")
    old_stage, new_stage = world.staged_upload(), world.staged_values()
    age(root / "staging" / old_stage, 25 * 3600)
    before = stored(settings)

    call_command("cleanup_files", "--dry-run")
    assert "evidence/7/0123abcd" in capsys.readouterr().out
    assert stored(settings) == before and not AuditEvent.objects.filter(action="files.cleanup").exists()

    call_command("cleanup_files")
    out = capsys.readouterr().out
    assert "evidence/7/0123abcd" in out and f"staging/{old_stage}" in out and "2 " in out
    assert stored(settings) == sorted(
        [evidence.file.name, "official-reports/bao-cao-year-2024-1.docx"]
        + [f"staging/{new_stage}/{name}" for name in ("file.bin", "meta.json")]
    )
    assert not (root / "evidence" / "7").exists()
    event = AuditEvent.objects.get(action="files.cleanup")
    assert event.after["removed"] == ["evidence/7/0123abcd", f"staging/{old_stage}"]


def _word(extra: dict[str, bytes]) -> bytes:
    document = Document()
    document.add_paragraph("Biên bản kiểm tra công khai thủ tục hành chính")
    buffer = io.BytesIO()
    document.save(buffer)
    with zipfile.ZipFile(buffer, "a") as archive:
        for name, content in extra.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_a_word_file_with_macros_is_refused_on_the_report_page_in_vietnamese(world, client, settings):
    report = world.report()
    entry = report.task_entries.first()
    client.force_login(world.users["staff"])
    upload = SimpleUploadedFile("bien-ban.docx", _word({"word/vbaProject.bin": b"\xd0\xcf\x11\xe0"}))

    response = client.post(reverse("evidence_upload", args=[report.pk, entry.pk]), {"file": upload}, follow=True)

    assert "chứa macro" in response.content.decode()
    assert not entry.evidence.exists() and stored(settings) == []


def test_a_plain_word_file_is_attached(world, client, settings):
    report = world.report()
    entry = report.task_entries.first()
    client.force_login(world.users["staff"])
    upload = SimpleUploadedFile("bien-ban.docx", _word({"word/media/image1.png": b"\x89PNG"}))
    client.post(reverse("evidence_upload", args=[report.pk, entry.pk]), {"file": upload})
    assert entry.evidence.get().name == "bien-ban.docx"
    assert stored(settings) == [entry.evidence.get().file.name]


@pytest.mark.parametrize(
    "name,extra,message",
    [
        ("so-lieu.docx", {"word/embeddings/oleObject1.bin": b"\xd0\xcf\x11\xe0"}, "oleObject1.bin"),
        ("so-lieu.docx", {"word/embeddings/cai-dat.exe": b"MZ"}, "cai-dat.exe"),
        ("so-lieu.xlsx", {}, "Word document, not an Excel workbook"),
    ],
)
def test_office_evidence_is_checked_like_plan_files(world, name, extra, message):
    entry = world.report().task_entries.first()
    with pytest.raises(PcitrackError, match=message):
        services.add_evidence(entry, SimpleUploadedFile(name, _word(extra)), user=world.users["staff"])
    assert not entry.evidence.exists()
