"""Vietnamese text to BM25 tokens, in two forms.

Vietnamese words are often two or three syllables ("dữ liệu", "hộ tịch"), so
the first form is underthesea's word segmentation ("dữ_liệu"). People also
type without diacritics ("so hoa du lieu"), which segmentation cannot parse,
so the second form is accent-free syllables and syllable pairs.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from functools import cache

from vn.normalize import fold, match_form
from vn.vocabulary import stopwords

Segmenter = Callable[[str], list[str]]
_WORD = re.compile(r"\w+(?:[&/.\-]\w+)*")


@cache
def _word_tokenize() -> Callable[[str], list[str]]:
    # underthesea's __init__ eagerly imports its translation pipeline, which
    # pulls in transformers and torch: ~8 of the ~9 s the import takes, and
    # ~200 MB, for nothing we use. Marked absent while importing, it becomes
    # None (underthesea treats optional pipelines that way); the word
    # segmenter does not depend on it.
    heavy = "underthesea.pipeline.translate"
    blocked = heavy not in sys.modules
    if blocked:
        sys.modules[heavy] = None  # type: ignore[assignment]
    try:
        from underthesea import word_tokenize
    finally:
        if blocked and sys.modules.get(heavy) is None:
            del sys.modules[heavy]
    return word_tokenize


def underthesea_segment(text: str) -> list[str]:
    return list(_word_tokenize()(text))


def word_tokens(text: str, segment: Segmenter = underthesea_segment) -> list[str]:
    """'Số hóa dữ liệu' -> ['số', 'hóa', 'dữ_liệu'] (one tone style, lower case)."""
    out = []
    for word in segment(match_form(text)):
        parts = _WORD.findall(word)
        if not parts:
            continue
        token = "_".join(parts)
        if fold(token.replace("_", " ")) not in stopwords():
            out.append(token)
    return out


def folded_tokens(text: str) -> list[str]:
    """Accent-free syllables and syllable pairs: 'số hóa' -> ['so', 'hoa', 'so_hoa']."""
    syllables = [s for s in _WORD.findall(fold(text))]
    unigrams = [s for s in syllables if s not in stopwords()]
    bigrams = [f"{a}_{b}" for a, b in zip(syllables, syllables[1:]) if a not in stopwords() or b not in stopwords()]
    return unigrams + bigrams
