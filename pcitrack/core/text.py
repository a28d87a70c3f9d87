"""Vietnamese text, number and date handling shared by every parser.

Pure functions, no Django: NFC normalisation, a comparison key that ignores
old/new tone placement ("hoà"/"hòa"), Vietnamese number and date formats.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal
from functools import lru_cache

# Tone marks are the combining characters that may sit on different vowels in
# old- and new-style spelling; vowel-quality marks (circumflex, breve, horn) do not move.
_TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_ODD_SPACES = "\t\u00a0" + "".join(map(chr, range(0x2000, 0x200C))) + "\u202f\u205f\u3000"  # _SPACES but " "
_PUNCT = re.compile(r"[\s\-\u2010-\u2015,.;:()\[\]\"'“”‘’/\\|_*•+&]+")


def clean(text: str) -> str:
    """NFC text with "Ð" (U+00D0, Icelandic eth) read as "Đ" and odd spaces made plain."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\u00d0", "\u0110").replace("\u00f0", "\u0111")
    text = text.replace("\ufeff", "")
    return text


def squash(text: str) -> str:
    """One line, single spaces, trimmed."""
    text = clean(text).replace("\n", " ")
    for odd in _ODD_SPACES:
        if odd in text:
            return _SPACES.sub(" ", text).strip()
    if "  " in text:  # only plain spaces: splitting on them is quicker than the expression
        text = " ".join(part for part in text.split(" ") if part)
    return text.strip()


@lru_cache(maxsize=65536)
def _fold_word(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word)
    tones = [ch for ch in decomposed if ch in _TONE_MARKS]
    base = "".join(ch for ch in decomposed if ch not in _TONE_MARKS)
    return unicodedata.normalize("NFC", base) + "".join(tones[-1:])


def key(text: str) -> str:
    """Comparison key: case, spacing, punctuation and tone placement do not matter.

    "Phòng Tài chính Thương mại" and "phòng tài chính - thương mại" share a key, and so do
    "Thừa Thiên Huế"/"Thừa Thiên Huế" in NFD and "hoà"/"hòa". Different letters
    ("Công"/"Cổng") do not.
    """
    words = _PUNCT.sub(" ", clean(text).lower()).split()
    return " ".join(_fold_word(w) for w in words)


class _WithoutCombining(dict):
    """str.translate table dropping combining characters, filled in as characters are met."""

    def __missing__(self, code: int) -> int | None:
        self[code] = None if unicodedata.combining(chr(code)) else code
        return self[code]


_WITHOUT_COMBINING = _WithoutCombining()


def ascii_key(text: str) -> str:
    """Key without any diacritics, for approximate matching only ("cong" for "Cổng")."""
    return unicodedata.normalize("NFD", key(text).replace("đ", "d")).translate(_WITHOUT_COMBINING)


def fold(text: str) -> str:
    """Lower case without accents, keeping digits and punctuation: "Quý II/2025" → "quy ii/2025", "≥ 99%" → "≥ 99%"."""
    decomposed = unicodedata.normalize("NFD", (text or "").replace("đ", "d").replace("Đ", "D"))
    return " ".join(decomposed.translate(_WITHOUT_COMBINING).lower().split())


_WORD = re.compile(r"\w+")


def search_terms(query: str) -> list[str]:
    """The words of a search, folded: "  Thủ  TỤC " -> ["thu", "tuc"]; "III.3" -> ["iii", "3"]."""
    return _WORD.findall(fold(clean(query or "")))


def match_rank(terms: list[str], *texts: str) -> int | None:
    """How well the texts answer a search, accents and case aside; None when some term begins no word.

    0: the texts hold the terms as one phrase ("thu tuc" in "cải cách thủ tục hành chính");
    1: each term begins some word of the texts ("tuc thu" there too). No term, no match.
    """
    words = _WORD.findall(" ".join(fold(clean(t or "")) for t in texts))
    if not terms or not all(any(word.startswith(term) for word in words) for term in terms):
        return None
    return 0 if f" {' '.join(terms)}" in f" {' '.join(words)}" else 1


def matches_all(terms: list[str], *texts: str) -> bool:
    """Every term begins some word of the texts ("thu tuc" finds "Thủ tục hành chính")."""
    return match_rank(terms, *texts) is not None


# ASCII digits only: Python would also read "١٢" (Arabic-Indic) or "１２" (full-width) as 12, which in a Vietnamese
# document or table is a typing accident to point out, not a number to store.
_NUMBER = re.compile(r"[-+−]?[0-9][0-9.,\s\u00a0]*")


def parse_number(text: str) -> float | None:
    """Read a number written the Vietnamese way ("52,61", "1.234,5", "100%").

    Returns None when the text holds no number or more than one ("2-4").
    A single dot followed by exactly three digits after a group of one to three digits not starting with 0 is a
    thousands dot ("1.234"), as in Vietnamese; otherwise a single dot or comma is the decimal mark ("0.500").
    """
    if text is None:
        return None
    raw = clean(str(text)).strip().replace("−", "-")
    raw = raw.rstrip("%").strip()
    if not raw:
        return None
    m = _NUMBER.fullmatch(raw)
    if not m:
        return None
    s = re.sub(r"[\s\u00a0]", "", raw)
    if "," in s and "." in s:
        decimal = "," if s.rfind(",") > s.rfind(".") else "."
        thousands = "." if decimal == "," else ","
        s = s.replace(thousands, "").replace(decimal, ".")
    elif "," in s:
        s = s.replace(",", ".") if s.count(",") == 1 else s.replace(",", "")
    elif "." in s:
        # "1.234" groups thousands; "0.500" cannot (no group starts with 0), so its dot is a decimal point.
        if s.count(".") > 1 or re.fullmatch(r"[-+]?[1-9]\d{0,2}\.\d{3}", s):
            s = s.replace(".", "")
    try:
        return float(s)
    except ValueError:
        return None


def whole_number(text: str | None, default: int | None = None) -> int | None:
    """A whole number written in ASCII digits ("2016"); default for anything else (from a form or a URL)."""
    text = (text or "").strip()
    return int(text) if re.fullmatch(r"[0-9]{1,9}", text) else default


_COUNT = re.compile(r"[0-9]{1,3}(?:[.\u00a0 ][0-9]{3})+|[0-9]+")


def parse_count(text: str | None) -> int | None:
    """A count as people write it: "1200", "1.200" or "1 200"; None for anything else, for 0, and past 999,999,999
    (only ASCII digits: "²" or "١٢" are not counts)."""
    text = (text or "").strip()
    if not _COUNT.fullmatch(text):
        return None
    value = int(re.sub(r"[.\u00a0 ]", "", text))
    return value if 0 < value < 1_000_000_000 else None


def stored_decimal(value: float | None) -> Decimal | None:
    """A number as the database keeps it: a Decimal with at most 4 places (or None)."""
    return None if value is None else Decimal(str(round(value, 4)))


def format_number(value: float | None, decimals: int | None = None) -> str:
    """52.61 -> "52,61"; 1234.5 -> "1.234,5"; whole numbers without decimals."""
    if value is None:
        return "—"
    if decimals is None:
        decimals = 0 if float(value).is_integer() else len(f"{value:.4f}".rstrip("0").split(".")[1])
    s = f"{value:,.{decimals}f}"
    return s.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


_DATE_NUMERIC = re.compile(r"(\d{0,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})")
_DATE_WORDS = re.compile(r"(?:ngày\s+)?(\d{0,2})\s*tháng\s+(\d{1,2})\s*năm\s+(\d{4})", re.IGNORECASE)


def parse_date(text: str) -> tuple[int | None, int | None, int | None]:
    """(day, month, year) from "05/01/2024", "5/1/2024", "ngày 05 tháng 01 năm 2024" or "/3/2024".

    A blank day (a document not yet numbered and dated) gives day None.
    """
    text = squash(text)
    m = _DATE_WORDS.search(text) or _DATE_NUMERIC.search(text)
    if not m:
        return (None, None, None)
    day = int(m.group(1)) if m.group(1) else None
    return (day, int(m.group(2)), int(m.group(3)))


def to_date(parts: tuple[int | None, int | None, int | None]) -> dt.date | None:
    day, month, year = parts
    if not (day and month and year):
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None
