"""Uploaded files that no row refers to, and how they are removed.

Evidence files (evidence/) and official reports (official-reports/) are written before their row
is committed, so a request killed between the two, or a transaction rolled back, leaves a file
behind; a deleted row leaves its file too unless the file goes with it. Two mechanisms together
keep MEDIA_ROOT equal to what the database refers to:

- deleting a row removes its file once the deletion is committed (reporting/signals.py);
- `pcitrack cleanup_files`, run daily, removes files no row refers to and uploads staged for
  confirmation more than a day ago. Files younger than an hour are left alone: their row may be
  about to be committed by a request still running.
"""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction

from pcitrack.audit.services import record

FOLDERS = ("evidence", "official-reports")
STAGING = "staging"
GRACE_SECONDS = 3600
STAGING_MAX_AGE_SECONDS = 24 * 3600  # as long as an upload waits for confirmation (plans/staging.py)


@dataclass(frozen=True)
class Orphan:
    path: str  # relative to MEDIA_ROOT, with "/"
    size: int
    staged: bool  # an upload staged for confirmation, not a stored file


def media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def remove_stored_file(storage, name: str) -> None:
    """Delete a stored file and the folder it leaves empty (evidence/<report>/)."""
    storage.delete(name)
    try:
        folder = Path(storage.path(name)).parent
    except NotImplementedError:  # a storage without local paths has no folders to tidy
        return
    root = media_root().resolve()
    if folder.resolve() != root and folder.resolve().parent != root:
        try:
            folder.rmdir()
        except OSError:  # not empty, or already gone
            pass


def _size(path: Path) -> int:
    if path.is_dir():
        return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    return path.stat().st_size


def referenced_files() -> set[str]:
    from pcitrack.reporting.models import Evidence, GeneratedReport

    names = set(Evidence.objects.values_list("file", flat=True))
    names |= set(GeneratedReport.objects.exclude(file="").values_list("file", flat=True))
    return names


def find_orphans(now: float | None = None) -> list[Orphan]:
    """Files under evidence/ and official-reports/ no row refers to, and stale staged uploads."""
    now = time.time() if now is None else now
    root = media_root()
    candidates = []
    for folder in FOLDERS:
        base = root / folder
        if base.is_dir():
            candidates += [p for p in base.rglob("*") if p.is_file() and p.stat().st_mtime < now - GRACE_SECONDS]
    # Listed before the rows are read: a file whose row is committed meanwhile is seen as referenced.
    referenced = referenced_files()
    orphans = [
        Orphan(p.relative_to(root).as_posix(), p.stat().st_size, staged=False)
        for p in sorted(candidates)
        if p.relative_to(root).as_posix() not in referenced
    ]
    staging = root / STAGING
    if staging.is_dir():
        orphans += [
            Orphan(p.relative_to(root).as_posix(), _size(p), staged=True)
            for p in sorted(staging.iterdir())
            if p.stat().st_mtime < now - STAGING_MAX_AGE_SECONDS
        ]
    return orphans


def _remove_empty_folders() -> None:
    for folder in FOLDERS:
        base = media_root() / folder
        if not base.is_dir():
            continue
        for path in sorted(base.rglob("*"), key=lambda p: len(p.parts), reverse=True):
            if path.is_dir() and not any(path.iterdir()):
                path.rmdir()


def cleanup_files(*, dry_run: bool = False, user=None, now: float | None = None) -> list[Orphan]:
    """Remove orphaned files (or only list them, dry_run); the removal is written to the audit log."""
    orphans = find_orphans(now)
    if dry_run:
        return orphans
    removed = []
    root = media_root()
    for orphan in orphans:
        path = root / orphan.path
        try:
            shutil.rmtree(path) if path.is_dir() else path.unlink()
        except FileNotFoundError:
            continue
        removed.append(orphan)
    _remove_empty_folders()
    if removed:
        with transaction.atomic():
            record(
                "files.cleanup",
                None,
                actor=user,
                summary=f"{len(removed)} files, {sum(o.size for o in removed)} bytes",
                after={"removed": [o.path for o in removed], "bytes": sum(o.size for o in removed)},
            )
    return removed
