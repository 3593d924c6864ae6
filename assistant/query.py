"""What a question asks for, and the forms it is searched in."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import cache

from vn.dates import issue_dates, years_asked
from vn.normalize import fold, fold_tone
from vn.places import provinces_in
from vn.questions import intent_of, is_english
from vn.refs import doc_types, refs_in
from vn.vocabulary import expand_abbreviations, in_english, spell_out, translate_terms


# A type named as the source ("Theo kế hoạch", "ký Thông báo"), not as
# something asked for ("lồng ghép vào báo cáo nào").
@cache
def _source_type() -> re.Pattern[str]:
    names = "|".join(t.name.lower() for t in doc_types())
    return re.compile(rf"(?:^|\b(?:theo|ký|ban hành|của|tại|trong)\s+)({names})\b", re.I)


def source_types(text: str) -> tuple[str, ...]:
    """The document types a question names as its source, as `DocumentMeta.doc_type` writes them."""
    by_lower = {t.name.lower(): t.name for t in doc_types()}
    return tuple(dict.fromkeys(by_lower[m.lower()] for m in _source_type().findall(spell_out(text))))


@dataclass(frozen=True)
class Query:
    text: str  # as asked, NFC
    search_text: str  # one tone style, abbreviations expanded; English gets its Vietnamese terms
    match_text: str  # the words an answer must contain: Vietnamese, one tone style
    english_text: str  # the same for an English page: the question in English, as far as the glossary knows
    intent: str  # signer | agency | document | date | number | who | list | fact
    provinces: tuple[str, ...]
    years: tuple[str, ...]
    doc_types: tuple[str, ...]  # the kind of text asked about: "Theo Kế hoạch …", "Ai ký Thông báo …"
    dates: tuple[str, ...]  # ISO, day or month: "kết luận ngày 31/01/2024", "thông báo tháng 12/2024"
    doc_refs: tuple[str, ...]
    english: bool


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


def parse_query(question: str) -> Query:
    text = " ".join(unicodedata.normalize("NFC", question).split())
    english = is_english(text)
    # An English question is searched with its Vietnamese terms; the embedder
    # reads both languages.
    search = f"{text} {translate_terms(text)}" if english else fold_tone(text)
    intent = intent_of(search)
    return Query(
        text=text,
        search_text=expand_abbreviations(search),
        match_text=translate_terms(text) if english else fold_tone(text),
        english_text=text if english else in_english(text),
        intent=intent,
        provinces=tuple(provinces_in(text)),
        years=years_asked(text),
        doc_types=source_types(text),
        dates=issue_dates(text),
        doc_refs=tuple(refs_in(text)),
        english=english,
    )
