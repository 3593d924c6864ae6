"""Text normalisation: one Unicode form, one tone-mark style, no markdown noise.

Two forms exist on purpose. `clean` gives the text a citation quotes: NFC, no
markdown emphasis, tidy whitespace, but the document's own spelling, so a
person can find the quoted passage with Ctrl-F. `match_form` and `fold` give
the forms that are compared: the tone mark always in one place and, for
`fold`, no diacritics at all.
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

_BOLD = re.compile(r"\*\*(.+?)\*\*", re.S)
_ITALIC = re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])", re.S)
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u3000]+")
_MARKER_START = re.compile(r"^(?:[IVX]+\.|\d+(?:\.\d+)*\.|[a-zđ]\)|\(\d+\)|[-–•+])\s")
# Words a Vietnamese sentence cannot end on: a title waits for its body
# ("Quyền Chủ tịch" + "UBND tỉnh"), a function word for what it governs. A
# paragraph stopping on one was cut by the source's layout, however short it is.
_OPEN_END = re.compile(
    r"(?:\b(?:Chủ tịch|Giám đốc|Trưởng ban|Phó Trưởng ban|Bí thư|Tổ trưởng|Trưởng phòng|Chánh Văn phòng)"
    r"|\s(?:của|và|các|những|về|tại|cho|với|theo|trong|được|là|để|từ|đến|hoặc|thuộc))$"
)


def clean(raw: str) -> str:
    """The citable text of a document."""
    return clean_parts([raw])[0]


def clean_parts(parts: list[str]) -> tuple[str, list[int]]:
    """The citable text of a document read in parts (pages), and where each part starts in it.

    Offsets are kept while the parts are joined, so a passage's page is known
    from its start offset; a part with no text starts where the next one does.
    """
    paragraphs: list[str] = []
    first_paragraph: list[int] = []  # index into `paragraphs` of each part's first paragraph
    for raw in parts:
        first_paragraph.append(len(paragraphs))
        text = _clean_part(raw)
        if text:
            paragraphs.extend(text.split("\n\n"))
    text, starts = _join_page_breaks(paragraphs)
    starts.append(len(text))
    return text + "\n", [starts[i] for i in first_paragraph]


def _clean_part(raw: str) -> str:
    text = unicodedata.normalize("NFC", raw).replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    text = _BOLD.sub(r"\1", text)
    text = _ITALIC.sub(r"\1", text)
    text = _SPACES.sub(" ", text)
    text = "\n".join(line.strip() for line in text.split("\n"))
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()


def _join_page_breaks(paragraphs: list[str]) -> tuple[str, list[int]]:
    """Rejoin paragraphs that a page break of the source cut in two; return the
    text and the offset in it of each paragraph given.

    The second half either starts in lower case, or follows a paragraph that
    stopped mid-sentence and is long or ends on a word no sentence ends on; a
    heading or caption is short and complete, so it is not taken for the first half.
    """
    out: list[str] = []
    starts: list[int] = []
    length = 0  # of "\n\n".join(out)
    for para in paragraphs:
        if out and not _MARKER_START.match(para):
            prev = out[-1]
            unfinished = prev[-1] not in '.:;!?…)"”'
            last_line = prev.rsplit("\n", 1)[-1]
            if unfinished and (para[0].islower() or len(last_line) >= 200 or _OPEN_END.search(last_line)):
                out[-1] = prev + " " + para
                starts.append(length + 1)
                length += 1 + len(para)
                continue
        if out:
            length += 2
        starts.append(length)
        out.append(para)
        length += len(para)
    return "\n\n".join(out), starts


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
