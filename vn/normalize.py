"""The forms Vietnamese text is compared in: NFC, one tone-mark style, no diacritics.

A citation quotes the document's own spelling; comparisons use these forms,
so "hoá"/"hóa", "Bảo hiểm"/"bảo hiểm" and "so hoa"/"số hóa" meet.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

# Vietnamese writes the tone of a syllable-final "oa", "oe", "uy" on either
# vowel ("hoá"/"hóa", "khoẻ"/"khỏe", "thuỷ"/"thủy"); both styles occur in the
# same corpus, so comparisons move it onto the first vowel. "quý" is left
# alone: there "u" belongs to the consonant "qu".
_TONES = "\u0300\u0301\u0303\u0309\u0323"
_OLD_TONE = re.compile(
    rf"(?<![qQ])([oO])([aAeE])([{_TONES}])(?![^\W_]|[\u0300-\u036f])|(?<![qQ])([uU])([yY])([{_TONES}])(?![^\W_]|[\u0300-\u036f])"
)


def fold_tone(text: str) -> str:
    """Move old-style tone marks onto the first vowel: 'hoá' -> 'hóa'."""
    decomposed = unicodedata.normalize("NFD", text)

    def move(m: re.Match[str]) -> str:
        a, b, tone = (m.group(1), m.group(2), m.group(3)) if m.group(1) else (m.group(4), m.group(5), m.group(6))
        return a + tone + b

    return unicodedata.normalize("NFC", _OLD_TONE.sub(move, decomposed))


def match_form(text: str) -> str:
    """NFC, one tone style, lower case: the form two texts are compared in."""
    return fold_tone(unicodedata.normalize("NFC", text)).lower()


def fold(text: str) -> str:
    """Lower case without diacritics: 'Số hóa' -> 'so hoa'."""
    decomposed = unicodedata.normalize("NFD", text.lower().replace("đ", "d").replace("Đ", "d"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@cache
def _fold_char(c: str) -> str:
    return (fold(c) or c)[0]


def fold_aligned(text: str) -> str:
    """`fold`, one character for one character of an NFC text, so a match in
    the folded form has the same offsets in the original."""
    return "".join(map(_fold_char, text))


def has_diacritics(text: str) -> bool:
    return fold(text) != text.lower()


def spaced_words(text: str) -> str:
    """' so hoa du lieu ': the folded words between single spaces, so that a
    whole-word search is a substring search for ' <words> '."""
    return " " + " ".join(re.findall(r"\w+|%", fold(text))) + " "
