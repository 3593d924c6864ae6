"""The saved index: chunks with vectors in Chroma, BM25 tokens beside them, a manifest.

The manifest (storage/manifest.json) says how the index was built (embedding
model and dimension, normaliser version) and which documents it holds with
their content hashes: an unchanged file is skipped, a changed one replaces its
chunks, and a different embedding model is refused instead of giving garbage.
Chroma holds everything else, so any process can rebuild the BM25 side from it.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, fields
from functools import cached_property
from pathlib import Path
from typing import Any

import chromadb
from llama_index.core.schema import NodeRelationship, RelatedNodeInfo, TextNode
from llama_index.core.vector_stores.types import (
    FilterOperator,
    MetadataFilter,
    MetadataFilters,
    VectorStoreQuery,
)
from llama_index.vector_stores.chroma import ChromaVectorStore

from index.config import MANIFEST, Settings
from index.embedding import load_embedder
from index.text import expand_abbreviations, folded_tokens, word_tokens
from ingest.pipeline import ParsedDocument
from ingest.records import Chunk, DocumentMeta
from ingest.tasks import EXTRACTOR_VERSION, task_record

# Bump when ingest/normalize, chunking or tokenisation change what is stored.
NORMALISER_VERSION = 1


class IndexError(Exception):  # noqa: A001 - the index's own error; message in Vietnamese
    """A problem with the saved index that the user can act on."""


def retrieval_text(chunk: Chunk) -> str:
    """What is embedded and tokenised for a chunk: the verbatim text plus where
    it sits, because "- Đẩy nhanh ..." alone does not say it is Sở Tư pháp's task."""
    meta = chunk.meta
    assert meta is not None
    where = " ".join(x for x in (meta.doc_type, meta.province, meta.year) if x)
    if chunk.kind in ("title", "signature"):
        label = "Người ký" if chunk.kind == "signature" else "Tiêu đề"
        return f"{label} {meta.doc_type} {meta.title} ({where}): {chunk.text}"
    return f"{where} | {chunk.section_path} | {chunk.text}" if chunk.section else f"{where} | {chunk.text}"


class DirectiveIndex:
    """Open (or create) the index under `settings.storage`."""

    def __init__(self, settings: Settings, create: bool = False) -> None:
        self.settings = settings
        self.root = Path(settings.storage)
        manifest_path = self.root / MANIFEST
        if not manifest_path.exists() and not create:
            raise IndexError(
                f"Chưa có chỉ mục tại '{self.root}'. Hãy nạp văn bản trước: python -m ingest data/ --storage {self.root}"
            )
        self.manifest: dict[str, Any] = (
            json.loads(manifest_path.read_text(encoding="utf-8"))
            if manifest_path.exists()
            else {"normaliser": NORMALISER_VERSION, "embedder": None, "documents": {}}
        )
        built_with = self.manifest.get("embedder")
        if built_with and built_with["name"] != settings.embedder:
            raise IndexError(
                f"Chỉ mục '{self.root}' được xây bằng mô hình '{built_with['name']}', không phải "
                f"'{settings.embedder}'. Hãy dùng đúng mô hình đó hoặc nạp lại vào thư mục khác."
            )
        if self.manifest.get("normaliser") != NORMALISER_VERSION:
            raise IndexError(f"Chỉ mục '{self.root}' được xây bằng phiên bản cũ; hãy xóa thư mục và nạp lại.")
        self.root.mkdir(parents=True, exist_ok=True)
        client = chromadb.PersistentClient(
            path=str(self.root / "chroma"), settings=chromadb.Settings(anonymized_telemetry=False)
        )
        self.collection = client.get_or_create_collection(settings.collection, metadata={"hnsw:space": "cosine"})
        self.vectors = ChromaVectorStore(chroma_collection=self.collection)

    @cached_property
    def embedder(self) -> Any:
        model = load_embedder(self.settings.embedder)
        built_with = self.manifest.get("embedder")
        if built_with and built_with["dim"] != model.dim:
            raise IndexError(
                f"Mô hình '{self.settings.embedder}' có {model.dim} chiều, chỉ mục cần {built_with['dim']}."
            )
        return model

    @property
    def documents(self) -> dict[str, DocumentMeta]:
        names = {f.name for f in fields(DocumentMeta)}
        return {
            doc_id: DocumentMeta(**{k: v for k, v in entry.items() if k in names})
            for doc_id, entry in self.manifest["documents"].items()
        }

    def is_current(self, meta: DocumentMeta) -> bool:
        entry = self.manifest["documents"].get(meta.doc_id)
        # Tasks read by an older extractor (or none, from before the registry): ingest again.
        return bool(entry) and entry["sha256"] == meta.sha256 and entry.get("tasks_version") == EXTRACTOR_VERSION

    def upsert(self, doc: ParsedDocument) -> int:
        """Store a document, replacing any earlier version of it. Returns its chunk count."""
        self.vectors.delete(doc.meta.doc_id)
        texts = [retrieval_text(c) for c in doc.chunks]
        vectors = self.embedder.get_text_embedding_batch(texts) if texts else []
        nodes = [
            TextNode(
                id_=c.id,
                text=c.text,
                embedding=vec,
                metadata=_chunk_metadata(c, text),
                relationships={NodeRelationship.SOURCE: RelatedNodeInfo(node_id=c.doc_id)},
            )
            for c, text, vec in zip(doc.chunks, texts, vectors)
        ]
        if nodes:
            self.vectors.add(nodes)
        self.manifest["embedder"] = {"name": self.settings.embedder, "dim": self.embedder.dim}
        self.manifest["documents"][doc.meta.doc_id] = {
            **asdict(doc.meta),
            "chunks": len(nodes),
            "tasks": [task_record(t) for t in doc.tasks],
            "tasks_version": EXTRACTOR_VERSION,
        }
        self._save_manifest()
        return len(nodes)

    def remove(self, doc_id: str) -> bool:
        if doc_id not in self.manifest["documents"]:
            return False
        self.vectors.delete(doc_id)
        del self.manifest["documents"][doc_id]
        self._save_manifest()
        return True

    def _save_manifest(self) -> None:
        # Write-then-rename: a crash leaves the old manifest or the new one, never half of one.
        fd, tmp = tempfile.mkstemp(dir=self.root, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(self.manifest, f, ensure_ascii=False, indent=1)
        os.replace(tmp, self.root / MANIFEST)

    def load_chunks(self) -> tuple[list[Chunk], list[list[str]], list[list[str]]]:
        """Every chunk of the documents in the manifest, with its two BM25 token lists."""
        docs = self.documents
        got = self.collection.get(include=["documents", "metadatas"])
        chunks, words, folded = [], [], []
        for cid, text, md in zip(got["ids"], got["documents"] or [], got["metadatas"] or []):
            meta = docs.get(str(md["doc_id"]))
            if meta is None:  # left by an ingest that died before its manifest was written
                continue
            chunks.append(
                Chunk(
                    id=cid,
                    doc_id=meta.doc_id,
                    text=text,
                    start=int(md["start"]),  # type: ignore[arg-type]
                    end=int(md["end"]),  # type: ignore[arg-type]
                    section=tuple(json.loads(str(md["section"]))),
                    kind=str(md["kind"]),
                    meta=meta,
                    page=int(md["page"]) if "page" in md else None,  # type: ignore[arg-type]
                )
            )
            words.append(str(md["words"]).split())
            folded.append(str(md["folded"]).split())
        return chunks, words, folded

    def nearest(self, query: str, top_k: int, doc_ids: list[str] | None = None) -> list[tuple[str, float]]:
        """Chunk ids by cosine similarity to the query, optionally within some documents."""
        filters = None
        if doc_ids is not None:
            filters = MetadataFilters(filters=[MetadataFilter(key="doc_id", value=doc_ids, operator=FilterOperator.IN)])
        result = self.vectors.query(
            VectorStoreQuery(
                query_embedding=self.embedder.get_query_embedding(query), similarity_top_k=top_k, filters=filters
            )
        )
        return list(zip(result.ids or [], result.similarities or []))


def _chunk_metadata(chunk: Chunk, text: str) -> dict[str, Any]:
    lexical = expand_abbreviations(text)
    meta = chunk.meta
    assert meta is not None
    return {
        "doc_id": chunk.doc_id,
        "section": json.dumps(list(chunk.section), ensure_ascii=False),
        "kind": chunk.kind,
        "start": chunk.start,
        "end": chunk.end,
        "province": meta.province,
        "words": " ".join(word_tokens(lexical)),
        "folded": " ".join(folded_tokens(lexical)),
        **({"page": chunk.page} if chunk.page is not None else {}),  # Chroma stores no None
    }
