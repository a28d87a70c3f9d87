"""Word (.docx) and Excel (.xlsx) files checked as the zip archives they are, before anything unpacks them.

One check for every door a .docx or .xlsx comes in by: plan imports, tables of values, VCCI
releases (purpose "import": only the text or numbers are read) and evidence attached to a unit's
report (purpose "evidence": the file itself is kept and handed to other people, so it must not
carry anything that runs when opened — macros, ActiveX controls, embedded OLE objects or programs).

Limits are read from the zip's directory: a zip bomb is refused before a byte of it is unpacked.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import PurePosixPath

from .document import gettext_noop
from .errors import PcitrackError

MAX_UNPACKED = 100 * 1024 * 1024
MAX_RATIO = 200
# A long report with many pictures has a few hundred parts; thousands only serve to exhaust the reader.
MAX_ENTRIES = 2000

_MESSAGES = {
    "docx": {
        "damaged": gettext_noop("The Word file is damaged or incomplete (it cannot be opened as .docx)."),
        "other": gettext_noop("This zip file is not a Word (.docx) document."),
        "bomb": gettext_noop("The Word file would unpack to {size} MB, far more than a plan needs; it is refused."),
        "entries": gettext_noop("The Word file is made of {count} parts, far more than a document has; it is refused."),
    },
    "xlsx": {
        "damaged": gettext_noop("The Excel file is damaged or incomplete (it cannot be opened as .xlsx)."),
        "other": gettext_noop("This zip file is not an Excel (.xlsx) workbook."),
        "bomb": gettext_noop(
            "The Excel file would unpack to {size} MB, far more than a table of values needs; it is refused."
        ),
        "entries": gettext_noop(
            "The Excel file is made of {count} parts, far more than a workbook has; it is refused."
        ),
    },
}
_EVIDENCE_BOMB = gettext_noop(
    "The file would unpack to {size} MB, out of all proportion to its size (a zip bomb); it is refused."
)
_MACROS = gettext_noop(
    "The file contains macros, which could run on the computer of whoever opens it. "
    "Save it as a plain .docx or .xlsx (without macros) and attach it again."
)
_EMBEDDED = gettext_noop(
    "The file contains an embedded object or program ({name}), which could run on the computer of whoever "
    "opens it. Remove it (or save the document as PDF) and attach it again."
)
_MEMBERS = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml", "pptx": "ppt/presentation.xml"}
_WRONG_KIND = {
    ("docx", "xlsx"): gettext_noop("This is an Excel workbook, not a Word document."),
    ("docx", "pptx"): gettext_noop("This is a PowerPoint presentation, not a Word document."),
    ("xlsx", "docx"): gettext_noop("This is a Word document, not an Excel workbook."),
    ("xlsx", "pptx"): gettext_noop("This is a PowerPoint presentation, not an Excel workbook."),
}

# Parts that hold code: VBA projects and the macro-enabled documents that carry them.
_MACRO_SUFFIXES = (".docm", ".dotm", ".xlsm", ".xltm", ".xlam", ".xlsb", ".pptm", ".potm", ".ppam")
# Files that run, or can hold code we cannot look into, when embedded in a document.
_PROGRAM_SUFFIXES = (
    ".exe", ".dll", ".com", ".bat", ".cmd", ".scr", ".pif", ".msi", ".msp", ".cpl", ".lnk", ".reg", ".inf",
    ".js", ".jse", ".vbs", ".vbe", ".wsf", ".wsh", ".ps1", ".psm1", ".hta", ".jar", ".sh", ".doc", ".xls", ".ppt",
)  # fmt: skip


def _active_content(archive: zipfile.ZipFile, names: list[str]) -> None:
    for name in names:
        lower = name.lower()
        base = PurePosixPath(lower).name
        if "vbaproject" in base or base == "vbadata.xml" or lower.endswith(_MACRO_SUFFIXES):
            raise PcitrackError(_MACROS)
        if "/activex/" in f"/{lower}":
            raise PcitrackError(_EMBEDDED, name=PurePosixPath(name).name)
        if base.startswith("oleobject") or (("/embeddings/" in lower) and base.endswith(".bin")):
            raise PcitrackError(_EMBEDDED, name=PurePosixPath(name).name)
        if lower.endswith(_PROGRAM_SUFFIXES):
            raise PcitrackError(_EMBEDDED, name=PurePosixPath(name).name)
    if "[Content_Types].xml" in names:
        types = archive.read("[Content_Types].xml").lower()
        if b"macroenabled" in types or b"vbaproject" in types:
            raise PcitrackError(_MACROS)


def _safe_name(name: str) -> bool:
    path = PurePosixPath(name)
    if not path.parts or name.startswith(("/", "\\")) or "\\" in name:
        return False
    return ".." not in path.parts and ":" not in path.parts[0]


def check_office_zip(data: bytes, kind: str, *, purpose: str = "import") -> None:
    """Refuse a .docx/.xlsx that is damaged, of another kind, too many parts or would unpack to too much.

    With purpose="evidence" also refuse active content and check every part's checksum (the file
    will be kept and opened by others; the import path only reads what it needs).
    """
    messages = _MESSAGES[kind]
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, EOFError, ValueError, NotImplementedError):
        raise PcitrackError(messages["damaged"]) from None
    if len(infos) > MAX_ENTRIES:
        raise PcitrackError(messages["entries"], count=len(infos))
    names = [info.filename for info in infos]
    present = set(names)
    for other, member in _MEMBERS.items():
        if other != kind and member in present and _MEMBERS[kind] not in present:
            raise PcitrackError(_WRONG_KIND[(kind, other)])
    if _MEMBERS[kind] not in present:
        raise PcitrackError(messages["other"])
    unpacked = sum(info.file_size for info in infos)
    if unpacked > MAX_UNPACKED or unpacked > MAX_RATIO * max(len(data), 1):
        bomb = _EVIDENCE_BOMB if purpose == "evidence" else messages["bomb"]
        raise PcitrackError(bomb, size=unpacked // 1024 // 1024)
    if purpose != "evidence":
        return
    if not all(_safe_name(name) for name in names) or any(info.flag_bits & 0x1 for info in infos):
        raise PcitrackError(messages["damaged"])
    _active_content(archive, names)
    try:
        # Bounded by the limits above; a part whose bytes do not match its checksum is damage.
        if archive.testzip() is not None:
            raise PcitrackError(messages["damaged"])
    except (zipfile.BadZipFile, EOFError, ValueError, NotImplementedError, OSError, zlib.error):
        raise PcitrackError(messages["damaged"]) from None
