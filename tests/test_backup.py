"""pcitrack backup / restore: one archive gives back every row and every file, on SQLite and PostgreSQL alike.

These tests commit (the restore runs in its own transaction, and PostgreSQL cannot empty tables
with pending foreign-key checks): they use a transactional database.
"""

import hashlib
import io
import json
import shutil
import tarfile
from decimal import Decimal
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from pcitrack.audit.models import AuditEvent
from pcitrack.audit.services import record
from pcitrack.monitoring.models import Observation
from pcitrack.reporting import services as reporting

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def filled(world):
    """The seed plan with an approved report, an evidence file, a built report, observations and permissions."""
    world.observation(12, 2016, Decimal("22.5"))
    world.observation(13, 2024, Decimal("52.6125"))
    world.evidence()
    report = world.report()
    tasks = {e.task_id: ("done_on_time", "Đã công khai 1.200 thủ tục.") for e in report.task_entries.all()}
    entry = report.indicator_entries.first()
    report = reporting.save_report(report, user=world.users["staff"], version=report.version, tasks=tasks,
                                   problems="Thiếu nhân lực", indicators={entry.target_id: (Decimal("83.4567"), 300, "", "survey")})  # fmt: skip
    report = reporting.submit_report(report, user=world.users["head"], version=report.version)
    reporting.approve_report(report, user=world.users["monitor"])
    world.job()
    group = Group.objects.create(name="Xem kế hoạch")
    group.permissions.add(Permission.objects.get(codename="view_plan"))
    world.users["leader"].groups.add(group)
    world.users["monitor"].user_permissions.add(Permission.objects.get(codename="change_observation"))
    world.users["admin"].set_password("mật-khẩu-quản-trị")
    world.users["admin"].save()
    return world


def natural(obj) -> tuple:
    if isinstance(obj, Permission):
        return (obj.codename, obj.content_type.app_label, obj.content_type.model)
    return (obj.app_label, obj.model)


def database_rows() -> dict:
    """Every table's rows; content types and permissions (made by migrate) by their natural key, not their id;
    the restore's own audit event left out."""
    rows = {}
    lookups = {model: {o.pk: natural(o) for o in model.objects.all()} for model in (ContentType, Permission)}
    for model in apps.get_models(include_auto_created=True):
        label = model._meta.label_lower
        if label == "sessions.session":
            continue
        if model in lookups:
            rows[label] = sorted(lookups[model].values())
            continue
        table = []
        for row in model._base_manager.order_by("pk").values():
            for f in model._meta.concrete_fields:
                if f.is_relation and f.related_model in lookups and row[f.attname] is not None:
                    row[f.attname] = lookups[f.related_model][row[f.attname]]
            if model._meta.auto_created:
                del row["id"]  # a many-to-many link is its two ends; its own id means nothing
            if label != "audit.auditevent" or row["action"] != "backup.restore":
                table.append(row)
        rows[label] = sorted(table, key=repr) if model._meta.auto_created else table
    return rows


def media_files(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.relative_to(root).parts[0] != "staging"
    }


def test_backup_then_restore_into_an_empty_database_and_data_directory_gives_everything_back(
    filled, settings, tmp_path, capsys
):
    rows, files = database_rows(), media_files(Path(settings.MEDIA_ROOT))
    assert len(files) == 2 and rows["reporting.evidence"] and rows["monitoring.observation"]
    assert any(e["at"].microsecond for e in rows["audit.auditevent"])  # precision is really tested
    filled.staged_upload()  # waiting for confirmation: not part of a backup
    archive = tmp_path / "pcitrack-backup.tar.gz"

    call_command("backup", "--out", str(archive))
    assert "pcitrack-backup.tar.gz" in capsys.readouterr().out

    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        assert not any(name.startswith("media/staging") for name in tar.getnames())
    assert manifest["counts"]["reporting.evidence"] == 1 and manifest["pcitrack_version"]
    assert set(manifest["files"]) == set(files)
    assert manifest["migrations"]["reporting"]

    call_command("flush", interactive=False, verbosity=0)
    settings.MEDIA_ROOT = tmp_path / "fresh-data" / "uploads"

    call_command("restore", str(archive))

    assert "Đã khôi phục" in capsys.readouterr().out
    assert database_rows() == rows
    assert media_files(Path(settings.MEDIA_ROOT)) == files
    assert AuditEvent.objects.filter(action="backup.restore").count() == 1
    admin = filled.users["admin"].__class__.objects.get(username="admin")
    assert admin.check_password("mật-khẩu-quản-trị")
    # New rows get new ids: the sequences were moved past the restored rows.
    event = record("test.after_restore", filled.plan, summary="after")
    assert event.pk > max(e["id"] for e in rows["audit.auditevent"])
    target = filled.plan.targets.get(no=2)
    new = Observation.objects.create(office=filled.office, indicator=target.indicator, year=2030, source="survey", value=1)  # fmt: skip
    assert new.pk > max(o["id"] for o in rows["monitoring.observation"])


def test_restore_refuses_a_database_that_is_not_empty_unless_forced(filled, settings, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", "--out", str(archive), verbosity=0)
    rows, files = database_rows(), media_files(Path(settings.MEDIA_ROOT))
    Observation.objects.filter(year=2016).delete()
    changed = database_rows()

    with pytest.raises(CommandError, match="Cơ sở dữ liệu không trống") as refused:
        call_command("restore", str(archive))
    assert refused.value.returncode == 1
    assert database_rows() == changed

    call_command("restore", str(archive), "--force")
    assert database_rows() == rows
    assert media_files(Path(settings.MEDIA_ROOT)) == files


def rewritten(source: Path, target: Path, change) -> Path:
    """A copy of the archive with change(name, bytes) -> bytes | None applied to each member (None drops it)."""
    with tarfile.open(source) as old, tarfile.open(target, "w:gz") as new:
        for member in old:
            data = change(member.name, old.extractfile(member).read())
            if data is not None:
                info = tarfile.TarInfo(member.name)
                info.size = len(data)
                new.addfile(info, io.BytesIO(data))
    return target


def other_migrations(name, data):
    if name != "manifest.json":
        return data
    manifest = json.loads(data)
    manifest["migrations"]["reporting"].append("0099_from_a_newer_version")
    return json.dumps(manifest).encode()


@pytest.mark.parametrize(
    "make,message",
    [
        (lambda good, bad: bad.write_bytes(good.read_bytes()[: len(good.read_bytes()) // 2]) and bad, "bị hỏng"),
        (lambda good, bad: bad.write_bytes(b"day khong phai ban sao luu") and bad, "không phải bản sao lưu"),
        (lambda good, bad: rewritten(good, bad, lambda n, d: None if n == "manifest.json" else d), "không phải bản sao lưu"),
        (lambda good, bad: rewritten(good, bad, lambda n, d: d + b"!" if n.startswith("media/evidence") else d), "bị hỏng"),
        (lambda good, bad: rewritten(good, bad, lambda n, d: b"[]" if n == "data.json" else d), "bị hỏng"),
        (lambda good, bad: rewritten(good, bad, other_migrations), "0099_from_a_newer_version"),
    ],
    ids=["truncated", "not-an-archive", "no-manifest", "file-changed", "data-changed", "other-migrations"],
)  # fmt: skip
def test_a_damaged_or_foreign_archive_is_refused_and_nothing_changes(filled, settings, tmp_path, make, message):
    good = tmp_path / "good.tar.gz"
    call_command("backup", "--out", str(good), verbosity=0)
    rows = database_rows()
    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(settings.MEDIA_ROOT)
    empty = database_rows()

    with pytest.raises(CommandError, match=message) as refused:
        call_command("restore", str(make(good, tmp_path / "bad.tar.gz")), "--force")

    assert refused.value.returncode == 1
    assert database_rows() == empty != rows
    assert media_files(Path(settings.MEDIA_ROOT)) == {}
    assert [p.name for p in Path(settings.MEDIA_ROOT).parent.iterdir() if p.name.startswith(".pcitrack")] == []


def test_a_backup_is_written_whole_or_not_at_all(filled, tmp_path, monkeypatch):
    from pcitrack.maintenance import backup as module

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(module, "_add_file", disk_full)
    with pytest.raises(CommandError, match="No space left"):
        call_command("backup", "--out", str(tmp_path / "backup.tar.gz"))
    assert [p.name for p in tmp_path.iterdir() if "backup" in p.name] == []


def test_restore_of_a_missing_file_says_so(db, tmp_path):
    with pytest.raises(CommandError, match="khong-co.tar.gz"):
        call_command("restore", str(tmp_path / "khong-co.tar.gz"))


def test_the_timestamps_keep_their_microseconds(filled, settings, tmp_path):
    moment = timezone.now().replace(microsecond=654321)
    AuditEvent.objects.filter(pk=AuditEvent.objects.first().pk).update(at=moment)
    archive = tmp_path / "b.tar.gz"
    call_command("backup", "--out", str(archive), verbosity=0)
    call_command("restore", str(archive), "--force", verbosity=0)
    assert AuditEvent.objects.filter(at=moment).exists()
