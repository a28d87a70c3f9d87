"""Turning an uploaded or named plan file (.docx or text) into plan text, refusing what is not one.

Every limit is checked before the expensive step: the file's size before reading it,
a .docx's declared unpacked size before unzipping it, so a zip bomb or a 50 MB text
costs neither memory nor time.
"""

from __future__ import annotations

import codecs
import csv
import io
from pathlib import Path

from .errors import PcitrackError
from .legacy import legacy_encoding
from .office_zip import check_office_zip
from .plan_parser import gettext_noop

MAX_TEXT_BYTES = 20 * 1024 * 1024
MAX_DOCX_BYTES = 30 * 1024 * 1024

_SIGNATURES = [
    (
        b"\xd0\xcf\x11\xe0",
        gettext_noop("This is an old Word (.doc) or Excel (.xls) file; save it as .docx and try again."),
    ),
    (b"%PDF", gettext_noop("This is a PDF file; pcitrack reads plans as Word (.docx) or text (.txt) files.")),
    (b"{\\rtf", gettext_noop("This is an RTF file; save it as .docx and try again.")),
]
_LEGACY = {
    "TCVN3": gettext_noop(
        "The text is in the old TCVN3 (ABC, .VnTime) encoding, not Unicode. Convert it to Unicode "
        "(for example with Unikey's converter) and import it again."
    ),
    "VNI": gettext_noop(
        "The text is in the old VNI encoding (VNI-Times), not Unicode. Convert it to Unicode "
        "(for example with Unikey's converter) and import it again."
    ),
}


def _refuse_legacy(text: str) -> str:
    encoding = legacy_encoding(text)
    if encoding:
        raise PcitrackError(_LEGACY[encoding])
    return text


def _looks_utf16(data: bytes) -> str | None:
    """ "utf-16-le"/"utf-16-be" for BOM-less UTF-16 of mostly Latin script, else None."""
    sample = data[:4000]
    if len(sample) < 8:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > len(odd) * 0.3 and even.count(0) < len(even) * 0.05:
        return "utf-16-le"
    if even.count(0) > len(even) * 0.3 and odd.count(0) < len(odd) * 0.05:
        return "utf-16-be"
    return None


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM) or UTF-16; legacy Vietnamese encodings are named and refused."""
    encoding = "utf-16" if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) else _looks_utf16(data)
    if encoding:
        try:
            return _refuse_legacy(data.decode(encoding))
        except UnicodeDecodeError:
            raise PcitrackError(gettext_noop("The file says it is UTF-16 text but cannot be read as such.")) from None
    if b"\x00" in data[:4096]:
        raise PcitrackError(gettext_noop("This is not a text file (it holds binary data)."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        # Mostly valid UTF-8 with a bad byte or two is damaged UTF-8, not a legacy encoding.
        damaged = data.decode("utf-8", errors="replace").count("\ufffd")
        if damaged > max(3, len(data) // 1000):
            _refuse_legacy(data.decode("cp1252", errors="replace"))
        raise PcitrackError(
            gettext_noop("The file is not UTF-8 text (unreadable byte at position {position}); save it as UTF-8."),
            position=exc.start,
        ) from None
    return _refuse_legacy(text)


def csv_rows(text: str, max_rows: int | None = None) -> list[list[str]]:
    """The rows of a CSV table (comma, semicolon or tab, whichever the start of the text uses most).

    A cell longer than the csv module allows (131,072 characters) or a malformed line is refused with the line's
    number; reading stops after max_rows + 1 rows so a caller can tell the table is too long.
    """
    delimiter = max([",", ";", "\t"], key=text[:4096].count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    rows: list[list[str]] = []
    try:
        for row in reader:
            rows.append(row)
            if max_rows is not None and len(rows) > max_rows + 1:
                break
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise PcitrackError(
                gettext_noop("Line {line} has a cell longer than {limit} characters; this is not a table of values."),
                line=reader.line_num,
                limit=f"{csv.field_size_limit():,}".replace(",", "."),
            ) from None
        raise PcitrackError(gettext_noop("Line {line} cannot be read as CSV."), line=reader.line_num) from None
    return rows


def plan_text_from_bytes(data: bytes) -> str:
    """The plan's text from the bytes of a .docx or text file."""
    if not data.strip():
        raise PcitrackError(gettext_noop("The file is empty."))
    for signature, message in _SIGNATURES:
        if data.startswith(signature):
            raise PcitrackError(message)
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        if len(data) > MAX_DOCX_BYTES:
            raise PcitrackError(
                gettext_noop("The file is too large ({size} MB); a plan is at most {limit} MB."),
                size=round(len(data) / 1024 / 1024, 1),
                limit=MAX_DOCX_BYTES // 1024 // 1024,
            )
        check_office_zip(data, "docx")
        from .docx_reader import docx_to_text

        return _refuse_legacy(docx_to_text(data))
    if len(data) > MAX_TEXT_BYTES:
        raise PcitrackError(
            gettext_noop("The file is too large ({size} MB); a plan is at most {limit} MB."),
            size=round(len(data) / 1024 / 1024, 1),
            limit=MAX_TEXT_BYTES // 1024 // 1024,
        )
    return decode_text(data)


def read_plan_file(path: str | Path) -> str:
    path = Path(path)
    if not path.exists():
        raise PcitrackError(gettext_noop("File not found: {path}"), path=str(path))
    if not path.is_file():
        raise PcitrackError(gettext_noop("Not a file: {path}"), path=str(path))
    size = path.stat().st_size
    limit = max(MAX_TEXT_BYTES, MAX_DOCX_BYTES)
    if size > limit:
        raise PcitrackError(
            gettext_noop("The file is too large ({size} MB); a plan is at most {limit} MB."),
            size=round(size / 1024 / 1024, 1),
            limit=limit // 1024 // 1024,
        )
    with path.open("rb") as fh:
        return plan_text_from_bytes(fh.read(limit + 1))
