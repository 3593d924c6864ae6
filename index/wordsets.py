"""Which words each chunk holds, in a few bytes a word.

A frozenset per chunk cost ~2.3 KB a chunk (its hash table, most of it empty),
more than the chunk's vector. Here every distinct word has a number, its rank
in one sorted vocabulary, and each chunk is the sorted numbers of its words,
all chunks in one int32 array (compressed sparse rows). Sorted numbers make
"a word starting with this prefix" one range of numbers: the words starting
with "thay_" stand together in the vocabulary.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right

import numpy as np


class WordSets:
    """The set of words of each chunk, by the chunk's row (its position in the index)."""

    def __init__(self, token_lists: list[list[str]]) -> None:
        self._vocabulary = sorted({t for tokens in token_lists for t in tokens})
        number = {t: i for i, t in enumerate(self._vocabulary)}
        words = array("i")
        ends = array("q", [0])
        for tokens in token_lists:
            words.extend(sorted({number[t] for t in tokens}))
            ends.append(len(words))
        # Copied to arrays of their exact size: an array.array keeps room to grow.
        self._words = np.array(words, dtype=np.int32)
        self._ends = np.array(ends, dtype=np.int64)

    def __len__(self) -> int:
        return len(self._ends) - 1

    def has(self, row: int, word: str) -> bool:
        """Whether chunk `row` holds `word`."""
        i = bisect_left(self._vocabulary, word)
        if i == len(self._vocabulary) or self._vocabulary[i] != word:
            return False
        return self._holds(row, i, i + 1)

    def has_prefix(self, row: int, prefix: str) -> bool:
        """Whether chunk `row` holds a word that starts with `prefix`."""
        first = bisect_left(self._vocabulary, prefix)
        # Cut to the prefix's length, the sorted words stay sorted: the last one starting with it is found by bisection too.
        last = bisect_right(self._vocabulary, prefix, lo=first, key=lambda t: t[: len(prefix)])
        return first < last and self._holds(row, first, last)

    def _holds(self, row: int, first: int, last: int) -> bool:
        """Whether chunk `row` holds a word numbered from `first` to before `last`."""
        words = self._words[self._ends[row] : self._ends[row + 1]]
        k = int(words.searchsorted(first))
        return k < len(words) and int(words[k]) < last
