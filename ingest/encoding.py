"""Bytes in whatever encoding a Vietnamese office used, to Unicode NFC.

Files come as UTF-8 (with or without BOM), UTF-16, Windows-1258 (tone marks as
separate combining characters) and, in older archives, the font encodings
TCVN3 ("ABC", the .VnTime fonts) and VNI (the VNI-Times fonts). The two font
encodings reuse Latin-1 code points for Vietnamese letters, so no byte tells
them apart: each candidate is decoded and the one that reads as the most valid
Vietnamese syllables wins. Windows-1252 mojibake ("Céng hoµ x· héi") is full
of syllables no Vietnamese word has, so it loses to the table that maps the
same bytes to "Cộng hoà xã hội".

The TCVN3 and VNI tables (lexicon/tcvn3.tsv, lexicon/vni.tsv) are written by
hand: Python's codecs do not have them, and the only PyPI packages that do are
a young document loader that keeps them as internal modules (viparse) and a
VNI-only converter with a single release (vniencoder) — not something to build
on for some 200 table rows that never change.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from functools import cache
from pathlib import Path

_LEXICON = Path(__file__).parent / "lexicon"
_TONES = "\u0300\u0301\u0303\u0309\u0323"  # huyền, sắc, ngã, hỏi, nặng
_CHECKED = re.compile(r"(?:c|ch|p|t)$")  # a syllable ending so takes only sắc or nặng

# Every rhyme of standard Vietnamese, tone removed (medial glide included: "oa", "uy").
_RHYMES = """
a ac ach ai am an ang anh ao ap at au ay ăc ăm ăn ăng ăp ăt âc âm ân âng âp ât âu ây
e ec em en eng eo ep et ê êch êm ên ênh êp êt êu
i ia ich im in inh ip it iu iêc iêm iên iêng iêp iêt iêu
o oc oi om on ong op ot ooc oong oa oac oach oai oam oan oang oanh oao oap oat oay
oăc oăm oăn oăng oăt oe oen oeo oet ô ôc ôi ôm ôn ông ôp ôt ơ ơi ơm ơn ơp ơt
u ua uc ui um un ung up ut uân uâng uât uây uê uêch uênh uy uya uych uyên uyêt uynh uyt uyu
uôc uôi uôm uôn uông uôt uơ ư ưa ưc ưi ưm ưng ưt ưu ươc ươi ươm ươn ương ươp ươt ươu
y yêm yên yêt yêu
""".split()
_SYLLABLE = re.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|th|tr|qu|[bcdđghklmnprstvx])?(?:"
    + "|".join(sorted(_RHYMES, key=len, reverse=True))
    + ")"
)
_WORD = re.compile(r"[^\W\d_]+")
# Letters only Vietnamese text has in Unicode: a text holding them is not legacy bytes read as Latin-1.
_VIETNAMESE_ONLY = re.compile("[ăĂđĐĩĨũŨơƠưƯ\u1ea0-\u1ef9]")
_LEGACY_RANGE = re.compile("[\u00a0-\u00ff]")
_SAMPLE = 64_000  # enough words to tell encodings apart; a 20 MB file is not scored whole


@cache
def legacy_table(name: str) -> dict[str, str]:
    """{legacy spelling: letter} for "tcvn3" or "vni"; the spelling is the bytes as Latin-1 characters.

    Rows are in file order, so the first spelling of a letter is the one the encoding writes.
    """
    table: dict[str, str] = {}
    for line in (_LEXICON / f"{name}.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            letter, hex_bytes = line.split("\t")[:2]
            table[bytes.fromhex(hex_bytes).decode("latin-1")] = letter
    return table


@cache
def _pattern(name: str) -> re.Pattern[str]:
    # Longest first: VNI's "ôù" (ớ) must win over its "ô" (ơ).
    keys = sorted(legacy_table(name), key=len, reverse=True)
    return re.compile("|".join(map(re.escape, keys)))


def from_legacy(text: str, name: str) -> str:
    """Convert text whose Vietnamese letters are TCVN3 or VNI bytes shown as Latin-1 characters.

    That is how such text arrives both from a byte file and from a .docx whose
    runs are set in a legacy font: the XML holds "Céng hoµ", the font drew "Cộng hoà".
    """
    table = legacy_table(name)
    converted = _pattern(name).sub(lambda m: table[m.group(0)], text)
    return _restore_capitals(converted) if name == "tcvn3" else converted


_ASCII_UPPER = re.compile(r"[A-Z]")
_ASCII_LOWER = re.compile(r"[a-z]")
_TONED_VOWEL = "àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
_SENTENCE_START = re.compile(
    rf"((?:\A|\n\n|[.!?]\s+|(?:^|\n)(?:[IVX]+\.|\d+(?:\.\d+)*\.|[a-zđ]\)|[-+•])\s*))([{_TONED_VOWEL}])"
)


def _restore_capitals(text: str) -> str:
    """TCVN3 has no capital toned letters: "KẾ HOẠCH" was typed as "KÕ HO¹CH" in the
    .VnTimeH font and comes back as "Kế HOạCH"; "Ủy ban" at the start of a sentence
    comes back as "ủy ban". A line, or a word of two or more letters, whose plain
    letters are all capitals was set in that font; a toned vowel that starts a
    paragraph, a sentence or a numbered item was a capital."""

    def word(m: re.Match[str]) -> str:
        w = m.group(0)
        return w.upper() if len(_ASCII_UPPER.findall(w)) >= 2 and not _ASCII_LOWER.search(w) else w

    lines = []
    for line in text.split("\n"):
        if len(_ASCII_UPPER.findall(line)) >= 3 and not _ASCII_LOWER.search(line):
            lines.append(line.upper())
        else:
            lines.append(_WORD.sub(word, line))
    return _SENTENCE_START.sub(lambda m: m.group(1) + m.group(2).upper(), "\n".join(lines))


def is_syllable(word: str) -> bool:
    """Whether `word` is spelled as a Vietnamese syllable can be ("nghiệp", "quốc"; not "héi", "hoµ")."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = [c for c in decomposed if c in _TONES]
    base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
    if len(tones) > 1 or not _SYLLABLE.fullmatch(base):
        return False
    return not (tones and tones[0] not in "\u0301\u0323" and _CHECKED.search(base))


def vietnamese_score(text: str) -> int:
    """Valid syllables minus invalid words: the higher, the more the text reads as Vietnamese."""
    score = 0
    for word in _WORD.findall(text):
        score += 1 if is_syllable(word) else -1
    return score


def repair(text: str) -> str:
    """Text that may be TCVN3 or VNI shown as Latin-1 ("Céng hoµ"), in Unicode."""
    return repair_all([text])[0]


def repair_all(parts: list[str]) -> list[str]:
    """The parts (pages) of one document, all converted with the same table, if any."""
    name = _legacy_table_for("\n".join(parts)[:_SAMPLE])
    return [from_legacy(p, name) for p in parts] if name else parts


def _legacy_table_for(sample: str) -> str | None:
    """The table that makes `sample` read better than it does as it is, if any.

    Text that already holds letters only Unicode Vietnamese has, or no Latin-1
    letters at all, is not legacy text.
    """
    if _VIETNAMESE_ONLY.search(sample) or not _LEGACY_RANGE.search(sample):
        return None
    best, best_score = None, vietnamese_score(sample)
    for name in ("tcvn3", "vni"):
        score = vietnamese_score(from_legacy(sample, name))
        if score > best_score:
            best, best_score = name, score
    return best


class NotText(ValueError):
    """Bytes that are not text in any encoding this module knows."""


def _utf16_without_bom(data: bytes) -> str | None:
    """ "utf-16-le"/"-be" when every other byte is mostly zero, as in UTF-16 text without a BOM."""
    sample = data[:4096]
    if len(sample) < 4 or len(data) % 2:
        return None
    pairs = len(sample) // 2
    even = sample[0::2].count(0) / pairs
    odd = sample[1::2].count(0) / pairs
    if odd > 0.3 and even < 0.02:
        return "utf-16-le"
    if even > 0.3 and odd < 0.02:
        return "utf-16-be"
    return None


def _cp1252_c1() -> dict[int, str]:
    table = {}
    for b in range(0x80, 0xA0):
        try:
            table[b] = bytes([b]).decode("cp1252")
        except UnicodeDecodeError:  # five bytes Windows-1252 leaves undefined stay as they are
            pass
    return table


_CP1252_C1 = _cp1252_c1()


def _as_latin(data: bytes) -> str:
    """Bytes as the characters a legacy font's Windows document held: Latin-1, with
    Windows-1252's curly quotes and dashes in 0x80-0x9F."""
    return data.decode("latin-1").translate(_CP1252_C1)


def _junk_ratio(text: str) -> float:
    bad = sum(1 for c in text if (ord(c) < 32 and c not in "\t\n\r\f\v") or 0x7F <= ord(c) < 0xA0 or c == "\ufffd")
    return bad / max(len(text), 1)


def detect(data: bytes) -> tuple[str, str]:
    """(encoding, text in NFC). Raises NotText for bytes that are no text."""
    if data.startswith(codecs.BOM_UTF8):
        name, text = "utf-8", data[3:].decode("utf-8", errors="replace")
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        name, text = "utf-16", data.decode("utf-16", errors="replace")
    elif utf16 := _utf16_without_bom(data):
        name, text = "utf-16", data.decode(utf16, errors="replace")
    elif b"\x00" in data[:4096]:
        raise NotText("NUL bytes")
    else:
        try:
            name, text = "utf-8", data.decode("utf-8")
        except UnicodeDecodeError:
            name = _legacy_encoding(data[:_SAMPLE])
            if name == "windows-1258":
                text = data.decode("cp1258", errors="replace")
            else:
                text = from_legacy(_as_latin(data), name)
    if _junk_ratio(text[:_SAMPLE]) > 0.01:
        raise NotText("control characters")
    if name in ("utf-8", "utf-16") and (table := _legacy_table_for(text[:_SAMPLE])):
        name, text = table, from_legacy(text, table)
    return name, unicodedata.normalize("NFC", text)


def _legacy_encoding(sample: bytes) -> str:
    """Which 8-bit encoding reads `sample` as the most Vietnamese; ties go to the
    first, Windows-1258, what Vietnamese Windows wrote before UTF-8."""
    latin = _as_latin(sample)
    candidates = {
        "windows-1258": unicodedata.normalize("NFC", sample.decode("cp1258", errors="replace")),
        "tcvn3": from_legacy(latin, "tcvn3"),
        "vni": from_legacy(latin, "vni"),
    }
    return max(candidates, key=lambda k: vietnamese_score(candidates[k]))


def decode(data: bytes) -> str:
    return detect(data)[1]
