"""One archive holding a deployment's database and uploaded files, and its restore.

The archive is a .tar.gz:

- ``data.json`` — every row of every app, auth users with their password hashes included, in
  Django's serialization format (what ``dumpdata --natural-foreign`` writes), so the same archive
  restores into SQLite or PostgreSQL. Content types and permissions are not dumped: ``migrate``
  creates them, and rows refer to them by natural key (app label, model, codename), not by id.
  Many-to-many links are kept as the two ends they join. Sessions are not kept: a restore logs
  everyone out. Datetimes keep their microseconds and
  time zone, decimals every digit (Django's own JSON encoder would cut datetimes to milliseconds).
- ``media/…`` — every file under MEDIA_ROOT (evidence, official reports), except uploads staged
  for confirmation (``staging/``).
- ``manifest.json`` (last) — pcitrack's version, the database's migration state, each model's row
  count and the sha256 of data.json and of every file.

A restore reads and checks the whole archive before it touches anything; then, in one
transaction, empties the database (only with --force), loads the rows, resets PostgreSQL's
sequences so new rows do not collide with restored ids, checks the row counts and puts the
files back, checking their hashes. A damaged, truncated or foreign archive changes nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import tarfile
import tempfile
import zlib
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from pcitrack.audit.services import record
from pcitrack.core.document import gettext_noop
from pcitrack.core.errors import PcitrackError

FORMAT = "pcitrack-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATA = "data.json"
MEDIA = "media/"
# Made by migrate and referred to by natural key; sessions are logins, not data worth restoring.
NOT_DUMPED = {"contenttypes.contenttype", "auth.permission", "sessions.session"}
NOT_BACKED_UP_FOLDERS = {"staging"}
CHUNK = 1024 * 1024

DAMAGED = gettext_noop("The backup archive is damaged or incomplete ({detail}); nothing was changed.")
NOT_A_BACKUP = gettext_noop("{name} is not a pcitrack backup ({detail}); nothing was changed.")


class ExactJSONEncoder(DjangoJSONEncoder):
    """DjangoJSONEncoder without its cut of datetimes and times to milliseconds."""

    def default(self, o):
        if isinstance(o, dt.datetime | dt.time):
            return o.isoformat()
        return super().default(o)


@dataclass
class BackupResult:
    path: Path
    counts: dict[str, int]
    files: int
    size: int
    missing_files: list[str] = field(default_factory=list)


@dataclass
class RestoreResult:
    manifest: dict
    rows: int
    files: int


def version() -> str:
    try:
        return metadata.version("pcitrack")
    except metadata.PackageNotFoundError:
        return "unknown"


def dumped_models() -> list:
    """Every concrete model of every installed app, natural-key dependencies first (as dumpdata orders them)."""
    app_list = [(config, None) for config in apps.get_app_configs() if config.models_module is not None]
    return [
        model
        for model in serializers.sort_dependencies(app_list, allow_cycles=True)
        if model._meta.label_lower not in NOT_DUMPED and not model._meta.proxy and model._meta.managed
    ]


def migration_state(using: str = DEFAULT_DB_ALIAS) -> dict[str, list[str]]:
    state: dict[str, list[str]] = {}
    for app, name in MigrationRecorder(connections[using]).applied_migrations():
        state.setdefault(app, []).append(name)
    return {app: sorted(names) for app, names in sorted(state.items())}


def media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def _media_files() -> list[tuple[str, Path]]:
    root = media_root()
    if not root.is_dir():
        return []
    found = []
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if relative.parts[0] in NOT_BACKED_UP_FOLDERS or relative.parts[0].startswith("."):
            continue
        if path.is_file() and not path.is_symlink():
            found.append((relative.as_posix(), path))
    return found


def _referenced_files() -> set[str]:
    from pcitrack.maintenance.files import referenced_files

    return referenced_files()


class _HashingReader(io.RawIOBase):
    """Reads a file into the archive and hashes exactly the bytes written."""

    def __init__(self, handle):
        self.handle, self.sha256 = handle, hashlib.sha256()

    def readable(self) -> bool:
        return True

    def read(self, size=-1) -> bytes:
        data = self.handle.read(size)
        self.sha256.update(data)
        return data


def _add_file(archive: tarfile.TarFile, name: str, path: Path) -> dict:
    info = archive.gettarinfo(str(path), arcname=name)
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    with path.open("rb") as handle:
        reader = _HashingReader(handle)
        archive.addfile(info, reader)
    return {"sha256": reader.sha256.hexdigest(), "size": info.size}


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = len(data), int(timezone.now().timestamp()), 0o600
    archive.addfile(info, io.BytesIO(data))


def _dump(stream, counts: dict[str, int], using: str) -> None:
    def objects():
        for model in dumped_models():
            label = model._meta.label_lower
            counts[label] = 0
            for obj in model._base_manager.using(using).order_by(model._meta.pk.name).iterator(chunk_size=2000):
                counts[label] += 1
                yield obj

    serializers.serialize(
        "json", objects(), stream=stream, cls=ExactJSONEncoder, use_natural_foreign_keys=True, indent=None
    )


def backup(out: str | Path, *, using: str = DEFAULT_DB_ALIAS) -> BackupResult:
    """Write the archive to `out` (through a temporary file: a backup cut short never takes its name)."""
    out = Path(out)
    if not out.parent.is_dir():
        raise PcitrackError(gettext_noop("The folder {path} does not exist."), path=str(out.parent))
    partial = out.with_name(f".{out.name}.partial")
    counts: dict[str, int] = {}
    connection = connections[using]
    try:
        with tempfile.TemporaryFile(dir=out.parent) as data, tarfile.open(partial, "w:gz") as archive:
            outermost = not connection.in_atomic_block
            with transaction.atomic(using=using):
                if outermost and connection.vendor == "postgresql":
                    # One snapshot for every table, whatever is written meanwhile.
                    with connection.cursor() as cursor:
                        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                text = io.TextIOWrapper(data, encoding="utf-8", newline="\n")
                _dump(text, counts, using)
                text.flush()
                text.detach()
                migrations = migration_state(using)
                referenced = _referenced_files()
            data.seek(0)
            size = data.seek(0, os.SEEK_END)
            data.seek(0)
            info = tarfile.TarInfo(DATA)
            info.size, info.mtime, info.mode = size, int(timezone.now().timestamp()), 0o600
            reader = _HashingReader(data)
            archive.addfile(info, reader)
            files = {name: _add_file(archive, MEDIA + name, path) for name, path in _media_files()}
            manifest = {
                "format": FORMAT,
                "format_version": FORMAT_VERSION,
                "pcitrack_version": version(),
                "created_at": timezone.now().isoformat(),
                "database": connection.vendor,
                "migrations": migrations,
                "counts": counts,
                "data": {"sha256": reader.sha256.hexdigest(), "size": size},
                "files": files,
            }
            _add_bytes(archive, MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8"))
        os.replace(partial, out)
    finally:
        partial.unlink(missing_ok=True)
    missing = sorted(referenced - set(files))
    return BackupResult(out, counts, len(files), out.stat().st_size, missing)


# Restore -------------------------------------------------------------------------------------------------------------


def _safe_media_name(name: str) -> bool:
    path = PurePosixPath(name)
    return bool(name) and not path.is_absolute() and ".." not in path.parts and "\\" not in name


def _extract(path: Path, folder: Path) -> tuple[dict, dict[str, str]]:
    """Read the whole archive into `folder`; returns its manifest and the sha256 of every member."""
    hashes: dict[str, str] = {}
    manifest = None
    try:
        archive = tarfile.open(path, "r:*")
    except (tarfile.TarError, EOFError, zlib.error, OSError) as exc:
        raise PcitrackError(NOT_A_BACKUP, name=path.name, detail=str(exc) or exc.__class__.__name__) from None
    try:
        with archive:
            for member in archive:
                name = member.name
                if not member.isfile():
                    raise PcitrackError(NOT_A_BACKUP, name=path.name, detail=name)
                if name == MANIFEST:
                    manifest = archive.extractfile(member).read()
                    hashes[name] = hashlib.sha256(manifest).hexdigest()
                    continue
                if not (name == DATA or (name.startswith(MEDIA) and _safe_media_name(name[len(MEDIA) :]))):
                    raise PcitrackError(NOT_A_BACKUP, name=path.name, detail=name)
                target = folder / name
                target.parent.mkdir(parents=True, exist_ok=True)
                digest = hashlib.sha256()
                with archive.extractfile(member) as source, target.open("wb") as sink:
                    while chunk := source.read(CHUNK):
                        digest.update(chunk)
                        sink.write(chunk)
                hashes[name] = digest.hexdigest()
    except (tarfile.TarError, EOFError, zlib.error, OSError) as exc:
        raise PcitrackError(DAMAGED, detail=str(exc) or exc.__class__.__name__) from None
    if manifest is None:
        raise PcitrackError(NOT_A_BACKUP, name=path.name, detail=MANIFEST)
    try:
        parsed = json.loads(manifest)
    except ValueError:
        raise PcitrackError(DAMAGED, detail=MANIFEST) from None
    if not isinstance(parsed, dict) or parsed.get("format") != FORMAT:
        raise PcitrackError(NOT_A_BACKUP, name=path.name, detail=MANIFEST)
    return parsed, hashes


def _check(manifest: dict, hashes: dict[str, str]) -> None:
    if manifest.get("format_version") != FORMAT_VERSION:
        raise PcitrackError(
            gettext_noop("The backup is in format {found}; this pcitrack reads format {expected}."),
            found=manifest.get("format_version"),
            expected=FORMAT_VERSION,
        )
    try:
        expected = {DATA: manifest["data"]["sha256"]}
        expected |= {MEDIA + name: entry["sha256"] for name, entry in manifest["files"].items()}
        if not all(isinstance(n, int) for n in manifest["counts"].values()) or not isinstance(
            manifest["migrations"], dict
        ):
            raise TypeError
    except (KeyError, TypeError, AttributeError):
        raise PcitrackError(DAMAGED, detail=MANIFEST) from None
    if not all(_safe_media_name(name) for name in manifest["files"]):
        raise PcitrackError(DAMAGED, detail=MANIFEST)
    for name, digest in expected.items():
        if hashes.get(name) != digest:
            raise PcitrackError(DAMAGED, detail=name)
    extra = sorted(set(hashes) - set(expected) - {MANIFEST})
    if extra:
        raise PcitrackError(DAMAGED, detail=", ".join(extra[:5]))


def _check_migrations(manifest: dict, using: str) -> None:
    ours, theirs = migration_state(using), manifest["migrations"]
    if ours == theirs:
        return
    differences = []
    for app in sorted(set(ours) | set(theirs)):
        only_backup = sorted(set(theirs.get(app, [])) - set(ours.get(app, [])))
        only_here = sorted(set(ours.get(app, [])) - set(theirs.get(app, [])))
        differences += [f"+{app}.{n}" for n in only_backup] + [f"-{app}.{n}" for n in only_here]
    raise PcitrackError(
        gettext_noop(
            "The backup was made by pcitrack {version} with another database structure than this one "
            "(migrations: {differences}). Restore it with the same version of pcitrack, on a database "
            "migrated to the same state."
        ),
        version=manifest.get("pcitrack_version", "?"),
        differences=", ".join(differences[:8]) + (" …" if len(differences) > 8 else ""),
    )


def rows_in_database(using: str = DEFAULT_DB_ALIAS) -> int:
    return sum(model._base_manager.using(using).count() for model in dumped_models())


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def restore(path: str | Path, *, force: bool = False, using: str = DEFAULT_DB_ALIAS) -> RestoreResult:
    path = Path(path)
    if not path.is_file():
        raise PcitrackError(gettext_noop("File not found: {path}"), path=str(path))
    root = media_root()
    root.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".pcitrack-restore-", dir=root.parent) as folder:
        folder = Path(folder)
        manifest, hashes = _extract(path, folder)
        _check(manifest, hashes)
        _check_migrations(manifest, using)
        existing = rows_in_database(using)
        if existing and not force:
            raise PcitrackError(
                gettext_noop(
                    "The database is not empty ({count} rows): restoring would replace everything in it. "
                    "Run the restore again with --force to do so."
                ),
                count=existing,
            )
        with transaction.atomic(using=using):
            if existing:
                # Emptied and given back the content types and permissions that migrate makes.
                call_command("flush", interactive=False, verbosity=0, database=using)
            call_command("loaddata", str(folder / DATA), verbosity=0, database=using)
            models = dumped_models()
            connection = connections[using]
            with connection.cursor() as cursor:
                for statement in connection.ops.sequence_reset_sql(no_style(), models):
                    cursor.execute(statement)
            counts = {m._meta.label_lower: m._base_manager.using(using).count() for m in models}
            wrong = {label: n for label, n in manifest["counts"].items() if counts.get(label) != n}
            if wrong:
                raise PcitrackError(DAMAGED, detail=", ".join(sorted(wrong)))
            for name, expected in manifest["files"].items():
                target = root / name
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.move(folder / (MEDIA + name), target)
                if _sha256(target) != expected["sha256"]:
                    raise PcitrackError(DAMAGED, detail=f"sha256 {name}")
            rows = sum(manifest["counts"].values())
            record(
                "backup.restore",
                None,
                summary=f"{path.name}: {rows} rows, {len(manifest['files'])} files",
                after={
                    "archive": path.name,
                    "created_at": manifest.get("created_at"),
                    "pcitrack_version": manifest.get("pcitrack_version"),
                    "rows": rows,
                    "files": len(manifest["files"]),
                    "replaced_rows": existing,
                },
            )
    return RestoreResult(manifest, rows, len(manifest["files"]))
