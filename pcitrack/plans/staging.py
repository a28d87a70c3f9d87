"""Uploaded plan files waiting for the uploader's confirmation.

A file is kept under the data directory, not in the database, so that nothing is
written to pcitrack's tables before the person confirms; only its uploader can see it.
"""

from __future__ import annotations

import json
import secrets
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

MAX_AGE_SECONDS = 24 * 3600


@dataclass
class StagedFile:
    token: str
    filename: str
    user_id: int
    data: bytes


def _root() -> Path:
    return Path(settings.MEDIA_ROOT) / "staging"


def _purge_old() -> None:
    root = _root()
    if not root.exists():
        return
    limit = time.time() - MAX_AGE_SECONDS
    for folder in root.iterdir():
        if folder.is_dir() and folder.stat().st_mtime < limit:
            shutil.rmtree(folder, ignore_errors=True)


def stage(user, filename: str, data: bytes, kind: str = "plan") -> str:
    _purge_old()
    token = secrets.token_urlsafe(18)
    folder = _root() / token
    folder.mkdir(parents=True)
    (folder / "file.bin").write_bytes(data)
    (folder / "meta.json").write_text(
        json.dumps({"filename": filename[:200], "user_id": user.pk, "kind": kind}), encoding="utf-8"
    )
    return token


def load(user, token: str, kind: str = "plan") -> StagedFile | None:
    """The staged file if it exists, is of this kind and belongs to this user; None otherwise."""
    if not token or not all(ch.isalnum() or ch in "-_" for ch in token):
        return None
    folder = _root() / token
    try:
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        if meta["user_id"] != user.pk or meta.get("kind", "plan") != kind:
            return None
        return StagedFile(token, meta["filename"], meta["user_id"], (folder / "file.bin").read_bytes())
    except (OSError, ValueError, KeyError):
        return None


CLAIMED = ".claimed"


def claim(user, token: str, kind: str = "plan") -> StagedFile | None:
    """Take the staged file for saving, so that a second request for it (a double click) finds nothing.

    The folder is renamed, which the file system does atomically: of two requests, one wins.
    """
    staged = load(user, token, kind)
    if staged is None:
        return None
    try:
        (_root() / token).rename(_root() / (token + CLAIMED))
    except OSError:
        return None
    return staged


def release(token: str) -> None:
    """Give a claimed file back when saving it failed, so the person can correct and try again."""
    try:
        (_root() / (token + CLAIMED)).rename(_root() / token)
    except OSError:
        pass


def discard(token: str) -> None:
    shutil.rmtree(_root() / token, ignore_errors=True)
    shutil.rmtree(_root() / (token + CLAIMED), ignore_errors=True)
