"""Words: the ones that carry no content, abbreviations and their full forms,
the ways directives say a word, and a glossary of English and Vietnamese terms, read
both ways (English questions over Vietnamese texts, Vietnamese questions over English pages).

All four are tables in lexicon/ (stopwords.txt, abbreviations.tsv,
synonyms.tsv, glossary_en_vi.tsv), read once.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from vn.normalize import fold, match_form

_LEXICON = Path(__file__).parent / "lexicon"


def _lines(name: str) -> list[str]:
    text = (_LEXICON / name).read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip() and not line.startswith("#")]


@cache
def stopwords() -> frozenset[str]:
    return frozenset(fold(line.strip()) for line in _lines("stopwords.txt"))


@cache
def abbreviations() -> dict[str, str]:
    pairs = (line.split("\t") for line in _lines("abbreviations.tsv"))
    return {short.strip(): full.strip() for short, full in pairs}


def expand_abbreviations(text: str) -> str:
    """Append the full form of each abbreviation and the short form of each
    full form found, so that 'BHYT' and 'bảo hiểm y tế' find each other."""
    extra = []
    low = match_form(text)
    for short, full in abbreviations().items():
        if re.search(rf"(?<!\w){re.escape(short)}(?!\w)", text):
            extra.append(full)
        elif match_form(full) in low:
            extra.append(short)
    return text if not extra else f"{text} ({'; '.join(extra)})"


@cache
def _spelled() -> tuple[tuple[re.Pattern[str], str], ...]:
    from vn.refs import doc_types

    # A type's code standing alone names the type ("Theo KH số 12"); not "CT", which
    # is as often "Chủ tịch". Not among the abbreviations above: there every plan's
    # "kế hoạch" would add "KH", which every plan's number holds.
    pairs = [*abbreviations().items(), *((c, t.name) for t in doc_types() for c in t.codes if c != "CT")]
    return tuple((re.compile(rf"(?<![\w/-]){re.escape(short)}(?![\w/-])"), full) for short, full in pairs)


def spell_out(text: str) -> str:
    """Each standalone abbreviation replaced by its full form ("KH CĐS năm 2023" ->
    "Kế hoạch chuyển đổi số năm 2023"); not inside a document number ("1914/KH-UBND")."""
    for pattern, full in _spelled():
        text = pattern.sub(full, text)
    return text


@cache
def synonyms() -> dict[str, tuple[str, ...]]:
    rows = [line.split("\t") for line in _lines("synonyms.tsv")]
    return {row[0].strip(): tuple(r.strip() for r in row[1:]) for row in rows}


def _glossary_rows() -> list[list[str]]:
    return [[cell.strip() for cell in line.split("\t")] for line in _lines("glossary_en_vi.tsv")]


@cache
def glossary() -> list[tuple[re.Pattern[str], str]]:
    rows = sorted(_glossary_rows(), key=lambda r: -len(r[0]))
    return [(re.compile(rf"(?<![\w'-]){re.escape(row[0])}(?![\w'-])", re.I), row[1]) for row in rows]


@cache
def _to_english() -> list[tuple[re.Pattern[str], str]]:
    """Vietnamese term -> its first English rendering in the glossary, longest first; rows
    marked "en" go one way only ("digital" is "số", but "số" is as often "number")."""
    first: dict[str, str] = {}
    for row in _glossary_rows():
        if row[2:3] != ["en"]:
            first.setdefault(match_form(row[1]), row[0])
    terms = sorted(first, key=len, reverse=True)
    return [(re.compile(rf"(?<!\w){re.escape(vi)}(?!\w)"), first[vi]) for vi in terms]


def _matches(patterns: list[tuple[re.Pattern[str], str]], text: str) -> list[tuple[int, int, str]]:
    """(start, end, translation) of each term found, in order; a longer term found first
    keeps its words from the shorter ones inside it."""
    taken = [False] * len(text)
    found: list[tuple[int, int, str]] = []
    for pattern, other in patterns:
        for m in pattern.finditer(text):
            if not any(taken[m.start() : m.end()]):
                found.append((m.start(), m.end(), other))
                taken[m.start() : m.end()] = [True] * (m.end() - m.start())
    return sorted(found)


def english_terms(text: str) -> str:
    """The English terms of the glossary for a Vietnamese text's known terms, in order."""
    return " ".join(en for _, _, en in _matches(_to_english(), match_form(text)))


def in_english(text: str) -> str:
    """A Vietnamese question worded as an English page would word it, as far as the glossary
    knows: each known term in English; a name or number without diacritics, as English pages
    write Vietnamese names ("Thanh Hoa", "Luong Tam Quang"); every other word as it is, so
    that a word the glossary does not know still counts as missing from an English page."""
    low = match_form(text)
    names = {fold(w) for w in re.findall(r"\w+", text) if w[:1].isupper() or w.isdigit()}
    spans = _matches(_to_english(), low)
    found = [(start, en) for start, _, en in spans]
    for m in re.finditer(r"\w+", low):
        if not any(a <= m.start() < b for a, b, _ in spans):
            word = fold(m.group())
            found.append((m.start(), word if word in names else m.group()))
    return " ".join(w for _, w in sorted(found))


def translate_terms(text: str) -> str:
    """The Vietnamese terms of a glossary found in an English question, in order."""
    return " ".join(vi for _, _, vi in _matches(glossary(), text))
