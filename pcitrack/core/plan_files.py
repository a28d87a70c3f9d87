"""Turning an uploaded or named plan file into text, refusing what is not one."""

from __future__ import annotations

import codecs
from pathlib import Path

from .errors import PcitrackError
from .plan_parser import gettext_noop

MAX_TEXT_BYTES = 20 * 1024 * 1024

_SIGNATURES = [
    (
        b"PK\x03\x04",
        gettext_noop("This is a Word (.docx) or other zipped file; this version reads plans saved as text (.txt)."),
    ),
    (
        b"\xd0\xcf\x11\xe0",
        gettext_noop("This is an old Word (.doc) or Excel (.xls) file; save the plan as text (.txt)."),
    ),
    (b"%PDF", gettext_noop("This is a PDF file; save the plan as text (.txt).")),
]


def decode_plan_bytes(data: bytes) -> str:
    """UTF-8 (with or without BOM) or UTF-16 with a BOM; anything else is refused."""
    if not data.strip():
        raise PcitrackError(gettext_noop("The file is empty."))
    for signature, message in _SIGNATURES:
        if data.startswith(signature):
            raise PcitrackError(message)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise PcitrackError(gettext_noop("The file says it is UTF-16 text but cannot be read as such.")) from None
    if b"\x00" in data[:4096]:
        raise PcitrackError(gettext_noop("This is not a text file (it holds binary data)."))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PcitrackError(
            gettext_noop("The file is not UTF-8 text (unreadable byte at position {position}); save it as UTF-8."),
            position=exc.start,
        ) from None


def read_plan_file(path: str | Path) -> str:
    path = Path(path)
    if not path.exists():
        raise PcitrackError(gettext_noop("File not found: {path}"), path=str(path))
    if not path.is_file():
        raise PcitrackError(gettext_noop("Not a file: {path}"), path=str(path))
    size = path.stat().st_size
    if size > MAX_TEXT_BYTES:
        raise PcitrackError(
            gettext_noop("The file is too large ({size} MB); a plan's text is at most {limit} MB."),
            size=round(size / 1024 / 1024, 1),
            limit=MAX_TEXT_BYTES // 1024 // 1024,
        )
    with path.open("rb") as fh:
        return decode_plan_bytes(fh.read(MAX_TEXT_BYTES + 1))
