"""What a question asks for, and the forms it is searched in."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from index.text import expand_abbreviations
from ingest.metadata import provinces_in
from ingest.normalize import fold, fold_tone
from ingest.structure import DOC_TYPE_NAMES

# What kind of thing the question wants, tried in order on the accent-free
# question. Specific before general: "ai ky" (signer) before "ai" (who).
INTENTS: list[tuple[str, re.Pattern[str]]] = [
    ("signer", re.compile(r"\b(ai ky|nguoi ky|ky ban hanh|who signed)\b")),
    (
        "agency",
        re.compile(
            r"\b(co quan nao|so nao|don vi nao|nganh nao|co quan gi|don vi gi|which (agency|department|body|office))\b"
        ),
    ),
    (
        "document",
        re.compile(
            r"\b(so may|so bao nhieu|van ban nao|quyet dinh nao|ke hoach nao|cong van nao|which (decision|document|plan))\b"
        ),
    ),
    (
        "date",
        re.compile(
            r"\b(ngay nao|khi nao|bao gio|thoi gian nao|thoi han|han chot|luc nao|thang nao|quy nao|nam nao|when|what date|deadline|by when)\b"
        ),
    ),
    (
        "number",
        re.compile(
            r"\b(bao nhieu|may|ty le|ti le|phan tram|chi tieu|xep thu|how many|how much|what percentage|what share|rate)\b"
        ),
    ),
    ("who", re.compile(r"\b(ai|la ai|dong chi nao|who)\b")),
    ("list", re.compile(r"\b(gom nhung|nhung gi|nhung nhiem vu|cac nhiem vu nao|what tasks|which tasks)\b")),
]
_ENGLISH = re.compile(r"\b(the|which|what|who|when|how|must|does|is|are|of|by|in|to)\b", re.I)
_DOC_REF = re.compile(r"\d+/[\w\-Đđ/]*[A-Za-zĐđ][\w\-Đđ/]*")
YEAR = re.compile(r"(?<!\d)(20\d\d|19\d\d)(?!\d)")
# "tăng 21% so với năm 2023" reports on 2024: a comparison's baseline year
# stands for the year after it, the one being reported.
_YEAR_IN_TEXT = re.compile(r"(so với\s+(?:cùng kỳ\s+)?(?:năm\s+)?)?(?<!\d)(20\d\d|19\d\d)(?!\d)", re.I)
_YEAR_AS_PERIOD = re.compile(r"(so với\s+(?:cùng kỳ\s+)?)?năm\s+(20\d\d|19\d\d)(?!\d)", re.I)


def _reported(pattern: re.Pattern[str], text: str) -> list[str]:
    return [str(int(m.group(2)) + 1) if m.group(1) else m.group(2) for m in pattern.finditer(text)]


# Years that say nothing of the year a text is about: a cited document's
# number and date ("số 4623/QĐ-UBND ngày 15/8/2022") and a programme's period
# ("Đề án … giai đoạn 2022 - 2025, tầm nhìn đến năm 2030"), which every plan
# of every year repeats in its title.
_NOT_ABOUT = re.compile(
    r"\d+/(?:\d{4}/)?[A-ZĐ][\wĐđ-]*(?:\s+ngày\s+\d{1,2}/\d{1,2}/\d{4})?"
    r"|giai đoạn\s+\d{4}\s*[-–]\s*\d{4}|tầm nhìn\s+(?:đến\s+)?(?:năm\s+)?\d{4}",
    re.I,
)


def years_reported(text: str) -> frozenset[str]:
    """The years a passage reports on: those it names (see `_NOT_ABOUT`), a
    baseline counting as the year after it."""
    return frozenset(_reported(_YEAR_IN_TEXT, _NOT_ABOUT.sub(" ", text)))


_DAY = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})/((?:19|20)\d\d)(?!\d)")
_MONTH = re.compile(r"\btháng\s+(\d{1,2})/((?:19|20)\d\d)(?!\d)", re.I)


# A type named as the source ("Theo kế hoạch", "ký Thông báo"), not as
# something asked for ("lồng ghép vào báo cáo nào").
_SOURCE_TYPE = re.compile(
    r"(?:^|\b(?:theo|ký|ban hành|của|tại)\s+)(" + "|".join(t.lower() for t in DOC_TYPE_NAMES) + r")\b", re.I
)


def source_types(text: str) -> tuple[str, ...]:
    """The document types a question names as its source, as `DocumentMeta.doc_type` writes them."""
    by_lower = {t.lower(): t for t in DOC_TYPE_NAMES}
    return tuple(dict.fromkeys(by_lower[m.lower()] for m in _SOURCE_TYPE.findall(text)))


def issue_dates(text: str) -> tuple[str, ...]:
    """The days and months a question dates a text by, as ISO: "kết luận ngày
    31/01/2024" -> 2024-01-31, "thông báo tháng 12/2024" -> 2024-12."""
    days = [f"{y}-{int(m):02}-{int(d):02}" for d, m, y in _DAY.findall(text)]
    return tuple(days + [f"{y}-{int(m):02}" for m, y in _MONTH.findall(text)])


def subject_years(title: str, text: str) -> frozenset[str]:
    """The years a document is about: the ones its title names ("Kế hoạch …
    năm 2023"), else those its text names as a period ("năm 2024") more than
    half as often as the most named one.

    Not the issue date's year: a year's results are reported in the next
    ("Tin hội nghị 03/2025" is about 2024), and a plan for a year is issued
    the year before. Dates ("30/5/2025") are left out, a deadline is not what
    a text is about.
    """
    named = set(YEAR.findall(_NOT_ABOUT.sub(" ", title)))
    if named:
        return frozenset(named)
    counts = Counter(_reported(_YEAR_AS_PERIOD, _NOT_ABOUT.sub(" ", text)))
    top = max(counts.values(), default=0)
    return frozenset(y for y, c in counts.items() if 2 * c > top)


@dataclass(frozen=True)
class Query:
    text: str  # as asked, NFC
    search_text: str  # one tone style, abbreviations expanded; English gets its Vietnamese terms
    match_text: str  # the words an answer must contain: Vietnamese, one tone style
    intent: str  # signer | agency | document | date | number | who | list | fact
    provinces: tuple[str, ...]
    years: tuple[str, ...]
    doc_types: tuple[str, ...]  # the kind of text asked about: "Theo Kế hoạch …", "Ai ký Thông báo …"
    dates: tuple[str, ...]  # ISO, day or month: "kết luận ngày 31/01/2024", "thông báo tháng 12/2024"
    doc_refs: tuple[str, ...]
    english: bool


@cache
def glossary() -> list[tuple[re.Pattern[str], str]]:
    path = Path(__file__).parent / "lexicon" / "glossary_en_vi.tsv"
    rows = [
        line.split("\t") for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")
    ]
    rows.sort(key=lambda r: -len(r[0]))
    return [(re.compile(rf"(?<![\w'-]){re.escape(en.strip())}(?![\w'-])", re.I), vi.strip()) for en, vi in rows]


def translate_terms(text: str) -> str:
    """The Vietnamese terms of a glossary found in an English question, in order."""
    found: list[tuple[int, str]] = []
    taken = [False] * len(text)
    for pattern, vi in glossary():
        for m in pattern.finditer(text):
            if not any(taken[m.start() : m.end()]):
                found.append((m.start(), vi))
                taken[m.start() : m.end()] = [True] * (m.end() - m.start())
    return " ".join(vi for _, vi in sorted(found))


def accent_vocabulary(token_lists: list[list[str]]) -> dict[str, str]:
    """Accent-free form -> the most frequent accented form, from indexed words
    ('giay_phep' -> 'giấy_phép'), for questions typed without diacritics."""
    # Counted first, folded once per distinct token: folding every occurrence
    # dominated opening a large index.
    frequency = Counter(token for tokens in token_lists for token in tokens)
    counts: dict[str, dict[str, int]] = {}
    for token, n in frequency.items():
        counts.setdefault(fold(token), {})[token] = n
    return {key: max(forms, key=lambda f: forms[f]) for key, forms in counts.items()}


def restore_diacritics(text: str, vocabulary: dict[str, str], longest: int = 4) -> str:
    """'giay phep lai xe' -> 'giấy phép lái xe': greedy longest match of
    syllable runs against the corpus's own words; unknown syllables stay."""
    syllables = re.findall(r"\w+|[^\w\s]+", text)
    out: list[str] = []
    i = 0
    while i < len(syllables):
        for n in range(min(longest, len(syllables) - i), 0, -1):
            key = fold("_".join(syllables[i : i + n]))
            if key in vocabulary:
                out.append(vocabulary[key].replace("_", " "))
                i += n
                break
        else:
            out.append(syllables[i])
            i += 1
    return " ".join(out)


def is_english(text: str) -> bool:
    ascii_only = all(ord(c) < 128 for c in text)
    return ascii_only and len(_ENGLISH.findall(text)) >= 2


def parse_query(question: str) -> Query:
    text = " ".join(unicodedata.normalize("NFC", question).split())
    english = is_english(text)
    # An English question is searched with its Vietnamese terms; the embedder
    # reads both languages.
    search = f"{text} {translate_terms(text)}" if english else fold_tone(text)
    folded = fold(search)
    intent = next((name for name, pattern in INTENTS if pattern.search(folded)), "fact")
    return Query(
        text=text,
        search_text=expand_abbreviations(search),
        match_text=translate_terms(text) if english else fold_tone(text),
        intent=intent,
        provinces=tuple(provinces_in(text)),
        years=tuple(YEAR.findall(text)),
        doc_types=source_types(text),
        dates=issue_dates(text),
        doc_refs=tuple(_DOC_REF.findall(text)),
        english=english,
    )
