"""Hybrid retrieval: two BM25 forms and e5 vectors, fused by reciprocal rank.

When the question names a province or a document number, only the matching
documents are searched: an index that holds the same plan from sixty
provinces must not answer a Quảng Ngãi question from Đồng Nai's copy.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from assistant.query import Query, accent_vocabulary, restore_diacritics
from index.config import Settings
from index.lexical import BM25Index
from index.store import DirectiveIndex
from index.text import folded_tokens, word_tokens
from index.wordsets import WordSets
from vn.dates import date_span, subject_years, years_reported
from vn.normalize import has_diacritics
from vn.places import province_of, same_province
from vn.records import Chunk, DocumentMeta
from vn.refs import ref_key
from vn.vocabulary import english_terms

# How much a matching year lifts a passage (once for the passage, once for its document). Near-copies of one plan for two
# years stand a rank or two apart in every ranking, 1-3% apart in fused score:
# 5% puts the asked year's first. More would also lift every passage of a
# document about that year over the one passage that answers (at ×1.3 a
# passage fourth in all three rankings beat one first in all three).
YEAR_BOOST = 1.05


@dataclass(frozen=True)
class Filters:
    """What a person chose beside the chat: search only these documents.

    Dates are ISO ("2024-12-25"); a document dated only "2024" counts as
    inside a range if any day of 2024 is.
    """

    provinces: tuple[str, ...] = ()
    doc_ids: tuple[str, ...] = ()
    date_from: str = ""
    date_to: str = ""

    def admits(self, meta: DocumentMeta) -> bool:
        if self.doc_ids and meta.doc_id not in self.doc_ids:
            return False
        if self.provinces and not any(same_province(meta.province, p) for p in self.provinces):
            return False
        if self.date_from or self.date_to:
            if not meta.date:
                return False
            first, last = date_span(meta.date)
            if (self.date_from and last < self.date_from) or (self.date_to and first > self.date_to):
                return False
        return True


@dataclass(frozen=True)
class ScoredChunk:
    chunk: Chunk
    score: float  # fused (reciprocal rank) score
    similarity: float  # cosine similarity of the e5 vectors, 0 if not among the dense candidates
    ranks: tuple[int, int, int] = (0, 0, 0)  # in the accent-free BM25, word BM25 and dense rankings, from 1; 0: absent
    rank: int = 0  # in the fused ranking, from 0


def reciprocal_rank_fusion(rankings: Sequence[Sequence[str]], k: int = 60) -> dict[str, float]:
    """score(d) = sum over rankings of 1 / (k + rank(d)), rank from 1.

    Cormack, Clarke & Büttcher (SIGIR 2009); k = 60 as in the paper. Ranks,
    not scores, are fused, so BM25 and cosine need no common scale.
    """
    fused: dict[str, float] = {}
    for ranking in rankings:
        for rank, key in enumerate(ranking, 1):
            fused[key] = fused.get(key, 0.0) + 1.0 / (k + rank)
    return fused


def best_first(scores: np.ndarray, n: int) -> np.ndarray:
    """Indices of the n highest scores, best first."""
    if not len(scores):
        return np.zeros(0, dtype=np.int64)
    n = min(n, len(scores))
    best = np.argpartition(-scores, n - 1)[:n]
    return best[np.argsort(-scores[best])]


def top_indices(scores: np.ndarray, n: int) -> list[int]:
    """Indices of the n highest positive scores, best first."""
    return [int(i) for i in best_first(scores, n) if scores[i] > 0]


class HybridRetriever:
    def __init__(self, index: DirectiveIndex, settings: Settings) -> None:
        self.index = index
        self.settings = settings
        self.chunks, words, folded, vectors = index.load_chunks()
        # Dense search is exact, in memory, over the question's scope: Chroma
        # stores the vectors, but its filtered search ("these documents only",
        # most questions) took 34 ms for 15 documents and 103 ms for 300 at
        # 36,000 chunks, where a matrix product takes a few (55 MB of floats).
        # Normalised in place: a second matrix would be the largest thing held while opening.
        if len(vectors):
            vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
        self.vectors = vectors
        self.by_id = {c.id: i for i, c in enumerate(self.chunks)}
        # Scoping runs on every question: its per-document keys and the
        # chunk -> document map are computed once, not per question over
        # every document and chunk (tens of thousands at 1,000 documents).
        self.documents = index.documents
        self._numbers = {d: ref_key(m.number) for d, m in self.documents.items() if m.number}
        self._provinces = {d: province_of(m.province) for d, m in self.documents.items()}
        position = {d: i for i, d in enumerate(self.documents)}
        self._chunk_doc = np.array([position.get(c.doc_id, -1) for c in self.chunks], dtype=np.int64)
        self._doc_position = position
        texts: dict[str, list[str]] = {d: [] for d in self.documents}
        for c in self.chunks:
            texts.setdefault(c.doc_id, []).append(c.text)
        self._doc_years = {d: subject_years(m.title, "\n".join(texts[d])) for d, m in self.documents.items()}
        del texts
        # Most passages name no year or the same one or two: one frozenset for each set of years, not one per passage.
        years: dict[frozenset[str], frozenset[str]] = {}
        self._chunk_years = [
            years.setdefault(y, y) for y in (years_reported(f"{c.section_path}\n{c.text}") for c in self.chunks)
        ]
        # The token lists are only read here, and go when this does: the
        # indexes below keep numbers and the words each once.
        self.words = BM25Index(words)
        self.word_sets = WordSets(words)
        self.accents = accent_vocabulary(words)
        del words
        self.folded = BM25Index(folded)

    def scope(self, query: Query, filters: Filters | None = None) -> list[str] | None:
        """The documents a question is about, if it or the filters say; None means all."""
        allowed: set[str] | None = None
        if filters is not None and filters != Filters():
            allowed = {d for d, m in self.documents.items() if filters.admits(m)}
        if query.doc_refs:
            refs = {ref_key(r) for r in query.doc_refs}
            named = [d for d, number in self._numbers.items() if number in refs and (allowed is None or d in allowed)]
            if named:
                return named
        if query.provinces:
            # A document whose province is not known may be the one asked about:
            # it stays in the search, and the ranking decides.
            wanted = {province_of(p) for p in query.provinces} | {""}
            return [d for d, p in self._provinces.items() if p in wanted and (allowed is None or d in allowed)]
        return None if allowed is None else [d for d in self.documents if d in allowed]

    def dense(self, text: str, n: int, mask: np.ndarray | None = None) -> list[tuple[str, float]]:
        """The n chunks (within `mask`, if given) most similar to `text` by cosine, with their similarity."""
        if not len(self.vectors):
            return []
        query = np.asarray(self.index.embedder.get_query_embedding(text), dtype=np.float32)
        rows = np.flatnonzero(mask) if mask is not None else np.arange(len(self.chunks))
        similarity = self.vectors[rows] @ (query / max(float(np.linalg.norm(query)), 1e-12))
        return [(self.chunks[rows[i]].id, float(similarity[i])) for i in best_first(similarity, n)]

    def year_fit(self, chunk: Chunk, years: Sequence[str]) -> tuple[int, int]:
        """How a passage, then its document, fits the asked years: 1 if about
        one of them, -1 if about others only, 0 if it names none.

        Both count: a conclusion notice on 2025 and the tasks of 2026 holds a
        section "nhiệm vụ năm 2026", whose passages answer for 2026 better
        than the next year's notice, which is about 2026 as a whole.
        """
        if not years:
            return 0, 0

        def fit(about: frozenset[str]) -> int:
            return 0 if not about else 1 if not about.isdisjoint(years) else -1

        return fit(self._chunk_years[self.by_id[chunk.id]]), fit(self.document_years(chunk))

    def province_fit(self, chunk: Chunk, provinces: Sequence[str]) -> int:
        """1 if the passage's document is of an asked province, -1 if its province is not
        known (the scope keeps it), 0 if no province is asked."""
        if not provinces:
            return 0
        return 1 if self._provinces.get(chunk.doc_id) in {province_of(p) for p in provinces} else -1

    def document_years(self, chunk: Chunk) -> frozenset[str]:
        return self._doc_years.get(chunk.doc_id, frozenset())

    def retrieve(self, query: Query, top_k: int | None = None, filters: Filters | None = None) -> list[ScoredChunk]:
        top_k = top_k or self.settings.top_k
        n = self.settings.candidates
        scope = self.scope(query, filters)
        if scope == [] or not self.chunks:
            return []
        mask = None
        if scope is not None:
            allowed = [self._doc_position[d] for d in scope]
            mask = np.isin(self._chunk_doc, allowed).astype(float)

        rankings: list[list[str]] = []
        search = query.search_text
        if not has_diacritics(search) and not query.english:
            # Neither word segmentation nor e5 reads "so hoa du lieu" well.
            search = restore_diacritics(search, self.accents)
        # The glossary's English for the question's terms finds pages in English by their words too.
        words = search if query.english else f"{search} {english_terms(search)}"
        lexical = [(self.folded, folded_tokens(words)), (self.words, word_tokens(words))]
        for bm25, tokens in lexical:
            rankings.append([self.chunks[i].id for i in top_indices(bm25.scores(tokens, mask), n)])
        dense = self.dense(search, n, mask)
        similarity = dict(dense)
        rankings.append([cid for cid, _ in dense])

        fused = reciprocal_rank_fusion(rankings)
        if query.years:
            # "năm 2023" in a question prefers passages about that year, without
            # excluding the others; "kết luận ngày 31/01/2024" prefers the
            # document issued then, over near-copies issued on other days.
            for cid in fused:
                chunk = self.chunks[self.by_id[cid]]
                fused[cid] *= YEAR_BOOST ** self.year_fit(chunk, query.years).count(1)
                issued = chunk.meta.date if chunk.meta else ""
                if len(issued) >= 7 and any(d.startswith(issued) or issued.startswith(d) for d in query.dates):
                    fused[cid] *= YEAR_BOOST
        ranked = sorted(fused.items(), key=lambda kv: -kv[1])[:top_k]
        places = [{cid: r for r, cid in enumerate(ranking, 1)} for ranking in rankings]
        return [
            ScoredChunk(
                self.chunks[self.by_id[cid]],
                score,
                similarity.get(cid, 0.0),
                (places[0].get(cid, 0), places[1].get(cid, 0), places[2].get(cid, 0)),
                rank,
            )
            for rank, (cid, score) in enumerate(ranked)
        ]
