"""BM25 over pre-computed tokens, with bm25s."""

from __future__ import annotations

import bm25s
import numpy as np


class BM25Index:
    """One BM25 index over one token form of every chunk.

    Tokens are computed once at ingest and stored with the chunk, so building
    this index at start-up costs no word segmentation.
    """

    def __init__(self, corpus_tokens: list[list[str]]) -> None:
        self.size = len(corpus_tokens)
        vocab: dict[str, int] = {"": 0}
        ids = [[vocab.setdefault(t, len(vocab)) for t in tokens] for tokens in corpus_tokens]
        self._vocab = vocab
        self._bm25 = bm25s.BM25()
        if self.size:
            self._bm25.index(bm25s.tokenization.Tokenized(ids=ids, vocab=vocab), show_progress=False)
        df = np.zeros(len(vocab))
        for doc in ids:
            for i in set(doc):
                df[i] += 1
        # Robertson–Spärck Jones idf, as in BM25 (Lucene variant, never negative).
        self._idf = np.log(1 + (self.size - df + 0.5) / (df + 0.5))

    def scores(self, query_tokens: list[str], mask: np.ndarray | None = None) -> np.ndarray:
        """BM25 score of every chunk; chunks outside `mask` score 0."""
        known = [t for t in query_tokens if t in self._vocab]
        if not known or not self.size:
            return np.zeros(self.size)
        result = self._bm25.get_scores(known)
        return result if mask is None else result * mask

    def __contains__(self, token: str) -> bool:
        return token in self._vocab

    def idf(self, token: str) -> float:
        """How rare a token is; a token never seen gets the highest value."""
        i = self._vocab.get(token)
        return float(self._idf[i]) if i is not None else float(np.log(1 + (self.size + 0.5) / 0.5))
