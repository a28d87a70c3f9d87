"""Recognising Vietnamese text typed in the pre-Unicode TCVN3 (ABC) and VNI encodings.

Such text survives in old documents: bytes that were meant for the .VnTime or VNI-Times
fonts, read today as Windows-1252 letters ("KÕ ho¹ch", "Keá hoaïch" for "Kế hoạch").
pcitrack does not guess a conversion; it says which encoding it is so the user can
convert the file (Unikey's converter does it) and import it again.
"""

from __future__ import annotations

import re

# Letters TCVN3 puts where Unicode has á à ả ã ạ ă â ê ô ơ ư đ ế ề ể ễ ệ ...
_TCVN3 = set("¸µ¶·¹¨©ª«¬­®¡¢£¤¥¦§»¼½¾ÕÒÓÔÖÇÈÉÊËÌÍÎÏÐÑØÙÚÛÜÝÞß")
# VNI writes a base letter followed by a mark character: "aù" á, "aø" à, "aû" ả, "aõ" ã, "aï" ạ,
# "aâ" â, "aê" ă, "ô" ơ, "ö" ư, "ñ" đ, and circumflex+tone "eá" ế, "eà" ề, "eå" ể, "eã" ễ, "eä" ệ.
_VNI = re.compile(r"[aeiouyAEIOUY][ùøûõïâêáàåãä]|ñ|Ñ")
_UNICODE_VIETNAMESE = re.compile(r"[ăâđêôơưĂÂĐÊÔƠƯạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]")
_WORD = re.compile(r"\S+")


def legacy_encoding(text: str) -> str | None:
    """ "TCVN3", "VNI" or None for text that is (probably) Unicode or not Vietnamese."""
    sample = text[:200_000]
    words = _WORD.findall(sample)
    if len(words) < 5:
        return None
    genuine = len(_UNICODE_VIETNAMESE.findall(sample))
    tcvn3 = sum(1 for w in words if any(ch in _TCVN3 for ch in w) and re.search(r"[a-zA-Z]", w))
    vni = sum(1 for w in words if _VNI.search(w))
    threshold = max(3, len(words) // 20)
    if genuine > threshold:
        return None
    if tcvn3 >= threshold and tcvn3 >= vni:
        return "TCVN3"
    if vni >= threshold:
        return "VNI"
    return None
