"""Words: the ones that carry no content, abbreviations and their full forms,
the ways directives say a word, and English terms in Vietnamese.

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


@cache
def glossary() -> list[tuple[re.Pattern[str], str]]:
    rows = [line.split("\t") for line in _lines("glossary_en_vi.tsv")]
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
