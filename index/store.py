"""The saved index: chunks with vectors in Chroma, BM25 tokens beside them, a manifest.

Everything lives in Chroma, on disk under `storage/chroma` or on a Chroma
server, so every process that opens the index sees the same documents and
rebuilds the same BM25 side from the stored tokens.

Three collections: the chunks (text, vector, tokens, position); the manifest
("<collection>-documents"): one record per document with its metadata, content
hash and chunk ids, plus one record saying how the index was built (embedding
model and dimension, normaliser version); and the files ("<collection>-files"):
each document's whole cleaned text and the file it was ingested from, for a
person to read and download. A different embedding model is refused instead
of giving garbage. Each chunk keeps the key of the text it embedded
(`embedding_key`), so a passage stored once is never embedded again: not when
its document is edited, nor when a new parser version takes every document in again.

The manifest record is the commit: a document is in the index only while its
record exists and every chunk it lists is stored. Writes go record out →
chunks and files replaced → record in, so a process killed at any moment
leaves each document wholly present or absent; readers ignore chunks and files
no record lists, and the next ingest deletes them (`recover`).
"""

from __future__ import annotations

import base64
import hashlib
import json
import sys
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import asdict, dataclass, fields
from functools import cached_property
from pathlib import Path
from typing import Any, NamedTuple

import chromadb
import numpy as np
from chromadb.api import ClientAPI
from chromadb.api.collection_configuration import (
    CreateCollectionConfiguration,
    CreateHNSWConfiguration,
    UpdateCollectionConfiguration,
    UpdateHNSWConfiguration,
)
from chromadb.api.models.Collection import Collection
from chromadb.errors import NotFoundError
from llama_index.core.schema import BaseNode, NodeRelationship, RelatedNodeInfo, TextNode
from llama_index.vector_stores.chroma import ChromaVectorStore

from index.config import Settings
from index.embedding import load_embedder
from index.text import folded_tokens, word_tokens
from vn.records import EXTRACTOR_VERSION, NORMALISER_VERSION, Chunk, DocumentMeta, ParsedDocument, task_record
from vn.vocabulary import expand_abbreviations

# The manifest's record of how the index was built. Document ids are [a-z0-9-]
# (ingest.pipeline.doc_id_for), so this id never names a document.
BUILD = "__index__"
# Rows per request when reading a whole collection: bounded replies from a server.
PAGE = 2000
# Rows per request when reading the chunks to serve them. Embedded Chroma takes some
# 70 KB a row while it answers a read of chunks with their texts, metadata and
# vectors, and the process keeps that memory for its next allocations: 2,000 rows
# raised the peak RSS of opening 300 documents by 160 MB, 500 by 50 MB, in as much time.
CHUNK_PAGE = 500
# Chroma keeps every write in its log until the collection's vector index is
# saved, by default once 1,000 rows have come in, and reads and writes go
# through that log. The manifest writes two rows of up to ~70 KB (a plan's
# tasks) per document, so at a few hundred documents each write walked
# tens of MB: 0.5-1.4 s per commit, ingest time growing with the index. Its
# vectors are one zero each, so saving them often costs nothing.
REGISTRY_HNSW = UpdateHNSWConfiguration(batch_size=10, sync_threshold=10)
# Characters per row of the files collection: a file of 20 MB (the ingest's limit) is
# 27 requests of about 1 MB, not one of 27 MB (a Chroma server refuses those above 40 MB).
FILE_PART = 1 << 20


@dataclass(frozen=True)
class Original:
    """A document's file as it was ingested: its name and its bytes, unchanged."""

    name: str
    data: bytes


class IndexError(Exception):  # noqa: A001 - the index's own error; message in Vietnamese
    """A problem with the saved index that the user can act on."""


class MissingIndex(IndexError):
    """Nothing has been ingested there yet."""


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


def lexical_text(chunk: Chunk) -> str:
    """What BM25 reads of a chunk: its retrieval text behind the document's title.

    A question names its document ("Theo Kế hoạch … về thanh toán qua ngân hàng,
    …") and asks one thing, and the passage that answers rarely repeats the
    title: with the title every passage of the document meets the naming
    words, and the asked words decide among them. The embedding leaves it out:
    a short passage's vector would be mostly its document's title.
    """
    meta = chunk.meta
    text = retrieval_text(chunk)
    return f"{meta.title} {text}" if meta and meta.title and chunk.kind not in ("title", "signature") else text


class DirectiveIndex:
    """Open the index under `settings.storage`, or on the Chroma server `settings.chroma_host`.

    `create` is for writers: it makes the collections when they do not exist yet.
    `check_model=False` is for listing and removing, which need no embedding model.
    """

    def __init__(self, settings: Settings, create: bool = False, check_model: bool = True) -> None:
        self.settings = settings
        self.root = Path(settings.storage)
        if settings.chroma_host:
            self.where = (
                f"máy chủ Chroma {settings.chroma_host}:{settings.chroma_port}, bộ sưu tập '{settings.collection}'"
            )
            ingest_hint = f"--chroma-host {settings.chroma_host} --chroma-port {settings.chroma_port}"
        else:
            self.where = f"'{self.root}'"
            ingest_hint = f"--storage {self.root}"
        missing = f"Chưa có chỉ mục tại {self.where}. Hãy nạp văn bản trước: python -m ingest data/ {ingest_hint}"
        legacy = None if settings.chroma_host else self.root / "manifest.json"
        if not create and not settings.chroma_host and not (self.root / "chroma").is_dir():
            raise MissingIndex(missing)  # opening would leave an empty index behind
        client = _client(settings, self.root)
        try:
            if create or (legacy and legacy.exists()):
                self.collection = client.get_or_create_collection(
                    settings.collection, metadata={"hnsw:space": "cosine"}
                )
                self.registry = client.get_or_create_collection(
                    f"{settings.collection}-documents",
                    embedding_function=None,
                    configuration=CreateCollectionConfiguration(hnsw=CreateHNSWConfiguration(**REGISTRY_HNSW)),
                )
                hnsw = (self.registry.configuration or {}).get("hnsw") or {}
                if hnsw.get("sync_threshold") != REGISTRY_HNSW["sync_threshold"]:  # made by an older version
                    self.registry.modify(configuration=UpdateCollectionConfiguration(hnsw=REGISTRY_HNSW))
            else:
                self.collection = client.get_collection(settings.collection)
                self.registry = client.get_collection(f"{settings.collection}-documents", embedding_function=None)
        except NotFoundError:
            raise MissingIndex(missing) from None
        self._client = client
        self.files = self._files_collection(create=create or bool(legacy and legacy.exists()))
        self.vectors = ChromaVectorStore(chroma_collection=self.collection)
        self._read_manifest()
        if legacy and legacy.exists():
            self._adopt(legacy)
        if self.generation is None and not create:
            raise MissingIndex(missing)
        built_with = self.manifest.get("embedder")
        if check_model and built_with and built_with["name"] != settings.embedder:
            raise IndexError(
                f"Chỉ mục {self.where} được xây bằng mô hình '{built_with['name']}', không phải "
                f"'{settings.embedder}'. Hãy dùng đúng mô hình đó hoặc nạp lại vào chỗ khác."
            )
        # An index built by an older parser: a writer takes each document in again (its
        # unchanged passages keep their vectors, see `reuse`); a reader waits for that.
        self.built_normaliser = self.manifest.get("normaliser")
        if self.built_normaliser != NORMALISER_VERSION and not create:
            raise IndexError(
                f"Chỉ mục {self.where} được xây bằng phiên bản cũ. Hãy nạp lại các văn bản: "
                f"python -m ingest <tệp hoặc thư mục> {ingest_hint} (đoạn không đổi không phải nhúng lại)."
            )

    def _files_collection(self, create: bool) -> Collection | None:
        """The texts and originals; None in an index made before they were kept, until a writer opens it."""
        name = f"{self.settings.collection}-files"
        if create:
            # Saved every few rows like the manifest: its rows are large, and reads and
            # writes walk the unsaved ones (a fourth 20 MB file took 17 s to write, not 2 s).
            return self._client.get_or_create_collection(
                name,
                embedding_function=None,
                configuration=CreateCollectionConfiguration(hnsw=CreateHNSWConfiguration(**REGISTRY_HNSW)),
            )
        try:
            return self._client.get_collection(name, embedding_function=None)
        except NotFoundError:
            return None

    def _read_manifest(self) -> None:
        got = _read_all(self.registry, include=["documents"])
        build: dict[str, Any] = {}
        documents: dict[str, Any] = {}
        for rid, body in zip(got["ids"], got["documents"]):
            if rid == BUILD:
                build = json.loads(body)
            else:
                documents[rid] = json.loads(body)
        self.generation: str | None = build.get("generation")
        self.manifest: dict[str, Any] = {
            "normaliser": build.get("normaliser", NORMALISER_VERSION),
            "embedder": build.get("embedder"),
            "documents": dict(sorted(documents.items())),
        }

    def changed(self) -> bool:
        """Whether some process has added or removed a document since this one was opened; one small read."""
        bodies = self.registry.get(ids=[BUILD], include=["documents"])["documents"] or []
        return bool(bodies) and json.loads(bodies[0]).get("generation") != self.generation

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
        return self.unchanged(meta.doc_id, meta.sha256)

    def unchanged(self, doc_id: str, sha256: str) -> bool:
        """Whether the document is stored from a file with these bytes: known before reading it (a scan's OCR)."""
        entry = self.manifest["documents"].get(doc_id)
        # Tasks read by an older extractor (or none, from before the registry), no text and
        # original kept (stored before they were: "Xem toàn văn" has nothing to show), or cut by an
        # older parser (a record without its own version is of the index's): ingest again.
        return (
            bool(entry)
            and entry["sha256"] == sha256
            and entry.get("tasks_version") == EXTRACTOR_VERSION
            and "files" in entry
            and entry.get("normaliser", self.built_normaliser) == NORMALISER_VERSION
        )

    def upsert(self, doc: ParsedDocument, *, original: bytes | None = None) -> Stored:
        """Store a document, replacing any earlier version of it; says how many chunks it
        stored and how many of them had to be embedded (the others were already, see `reuse`).

        `original` is the file `doc` was read from, kept to be downloaded (`original`);
        without it only the document's text is kept (`document_text`).
        """
        doc_id = doc.meta.doc_id
        if original is not None and doc.meta.sha256 and hashlib.sha256(original).hexdigest() != doc.meta.sha256:
            raise ValueError(f"{doc.meta.source}: these bytes are not the file the document was read from")
        # Embed and tokenise before the first write: the slow part must not widen
        # the window in which the document is absent.
        texts = [retrieval_text(c) for c in doc.chunks]
        keys = [embedding_key(self.settings.embedder, t) for t in texts]
        vectors = self.reuse(keys)
        todo = [i for i, k in enumerate(keys) if k not in vectors]
        fresh = self.embedder.get_text_embedding_batch([texts[i] for i in todo]) if todo else []
        vectors.update({keys[i]: vec for i, vec in zip(todo, fresh)})
        nodes: list[BaseNode] = [
            TextNode(
                id_=c.id,
                text=c.text,
                embedding=vectors[key],
                metadata={**_chunk_metadata(c, lexical_text(c)), "embedded": key},
                relationships={NodeRelationship.SOURCE: RelatedNodeInfo(node_id=c.doc_id)},
            )
            for c, key in zip(doc.chunks, keys)
        ]
        files = _file_rows(doc, original)  # encoded before the first write, too
        if doc_id in self.manifest["documents"]:
            self._commit(doc_id, None)
        self.collection.delete(where={"doc_id": doc_id})
        if nodes:
            self.vectors.add(nodes)
        self._replace_files(doc_id, files)
        self.manifest["embedder"] = {"name": self.settings.embedder, "dim": self.embedder.dim}
        entry = {
            **asdict(doc.meta),
            "chunks": len(nodes),
            "ids": [n.node_id for n in nodes],
            "tasks": [task_record(t) for t in doc.tasks],
            "tasks_version": EXTRACTOR_VERSION,
            "normaliser": NORMALISER_VERSION,
            # How many rows of each kind the files collection holds: readers fetch them by id.
            "files": dict(Counter(str(md["kind"]) for _, md in files)),
        }
        self._commit(doc_id, entry)
        return Stored(len(nodes), len(todo))

    def reuse(self, keys: list[str]) -> dict[str, list[float]]:
        """The vectors already stored for these embedded texts (`embedding_key`), by key: a
        document ingested again after a parser change, an updated one, or a copy keeps most
        passages byte for byte, and embedding is nine tenths of the ingest's time."""
        wanted = sorted(set(keys))
        found: dict[str, list[float]] = {}
        for i in range(0, len(wanted), PAGE):
            some: list[str | int | float | bool] = list(wanted[i : i + PAGE])
            where = {"embedded": {"$in": some}}
            got = self.collection.get(where=where, include=["metadatas", "embeddings"])  # type: ignore[arg-type]
            for md, vec in zip(got["metadatas"] or [], got["embeddings"] if got["embeddings"] is not None else []):
                found[str(md["embedded"])] = [float(x) for x in vec]
        return found

    def remove(self, doc_id: str) -> bool:
        if doc_id not in self.manifest["documents"]:
            return False
        self._commit(doc_id, None)
        self.collection.delete(where={"doc_id": doc_id})
        if self.files is not None:
            self.files.delete(where={"doc_id": doc_id})
        return True

    def document_text(self, doc_id: str) -> str | None:
        """The document's whole cleaned text, which its chunks' `start` and `end` refer to.
        None for a document stored before texts were kept, or not in the index."""
        found = self._read_file(doc_id, "text")
        return found[1] if found else None

    def original(self, doc_id: str) -> Original | None:
        """The file the document was ingested from, byte for byte. None for a document stored
        before originals were kept or without one (`upsert` was not given it), or not in the index."""
        found = self._read_file(doc_id, "original")
        return Original(str(found[0]["name"]), base64.b64decode(found[1])) if found else None

    def _replace_files(self, doc_id: str, rows: list[tuple[str, dict[str, Any]]]) -> None:
        """Delete the document's file rows and write `rows`, one request each (bounded, as
        FILE_PART says); only while its manifest record is out."""
        if self.files is None:  # an index made before files were kept, opened without `create`
            self.files = self._files_collection(create=True)
        assert self.files is not None
        self.files.delete(where={"doc_id": doc_id})
        for rid, metadata in rows:
            # The data goes in the metadata, not the document: Chroma puts documents in
            # its full-text index, which made a 20 MB file take 55 s and 185 MB, not 3 s.
            self.files.upsert(ids=[rid], metadatas=[metadata], embeddings=np.zeros((1, 1), dtype=np.float32))

    def _read_file(self, doc_id: str, kind: str) -> tuple[dict[str, Any], str] | None:
        """The first row's metadata and the whole data of the document's file rows of `kind`;
        None when the manifest lists none, or they are not (or no longer) all there."""
        entry = self.manifest["documents"].get(doc_id) or {}
        count = int(entry.get("files", {}).get(kind, 0))  # no "files": stored before they were kept
        if not count or self.files is None:
            return None
        first: dict[str, Any] = {}
        data: list[str] = []
        for part in range(count):
            got = self.files.get(ids=[_file_row_id(doc_id, kind, part)], include=["metadatas"])["metadatas"]
            row = dict(got[0] or {}) if got else {}
            # Rows of another file: a writer has replaced the document since this index was read.
            if row.get("sha256") != entry["sha256"]:
                return None
            first = first or row
            data.append(str(row["data"]))
        return first, "".join(data)

    def recover(self) -> int:
        """Delete what an interrupted writer left behind; returns the number of chunks deleted.

        Chunks no manifest record lists are deleted; a document missing some of
        its chunks loses its record, so the next ingest stores it again. Only
        for writers: another ingest running at the same time would lose its
        not yet committed chunks.
        """
        stored = set(_read_all(self.collection, include=[])["ids"])
        listed = self._listed()
        broken = {doc_id for cid, doc_id in listed.items() if cid not in stored}
        for doc_id in sorted(broken):
            self._commit(doc_id, None)
        strays = sorted(cid for cid in stored if listed.get(cid, "") not in self.manifest["documents"])
        for i in range(0, len(strays), PAGE):
            self.collection.delete(ids=strays[i : i + PAGE])
        if strays and not broken:
            self._commit(None, None)  # a removal may have died before telling the readers
        self._delete_stray_files()
        return len(strays)

    def _delete_stray_files(self) -> None:
        """Delete the file rows of documents no manifest record lists (an upsert or removal that died)."""
        if self.files is None:
            return
        # From the ids alone: reading the rows' metadata would fetch every file. An id
        # starts with its document's id, which has no "#" (see BUILD).
        ids = _read_all(self.files, include=[])["ids"]
        strays = sorted(rid for rid in ids if rid.partition("#")[0] not in self.manifest["documents"])
        for i in range(0, len(strays), PAGE):
            self.files.delete(ids=strays[i : i + PAGE])

    def _adopt(self, legacy: Path) -> None:
        """Move an index made before the manifest lived in Chroma (storage/manifest.json) to this form.

        A document whose chunks are not all there is left out; the next ingest stores it again.
        """
        old = json.loads(legacy.read_text(encoding="utf-8"))
        if old.get("normaliser") != NORMALISER_VERSION:
            raise IndexError(f"Chỉ mục {self.where} được xây bằng phiên bản cũ; hãy xóa thư mục và nạp lại.")
        rows = _read_all(self.collection, include=["metadatas"])
        ids: dict[str, list[str]] = {}
        for cid, md in zip(rows["ids"], rows["metadatas"]):
            ids.setdefault(str(md["doc_id"]), []).append(cid)
        self.manifest["embedder"] = old.get("embedder")
        for doc_id, entry in old["documents"].items():
            if len(ids.get(doc_id, [])) == entry["chunks"]:
                self._commit(doc_id, {**entry, "ids": ids[doc_id]})
        self._commit(None, None)  # the build record, even with no document adopted
        legacy.replace(legacy.with_name("manifest.json.adopted"))

    def _listed(self) -> dict[str, str]:
        """Chunk id → document id, for every chunk of every document in the manifest."""
        return {cid: doc_id for doc_id, entry in self.manifest["documents"].items() for cid in entry["ids"]}

    def _commit(self, doc_id: str | None, entry: dict[str, Any] | None) -> None:
        """Write one manifest record (None: delete it) and a new generation for readers to notice."""
        self.generation = uuid.uuid4().hex
        build = {
            "normaliser": NORMALISER_VERSION,
            "embedder": self.manifest["embedder"],
            "generation": self.generation,
        }
        ids, bodies = [BUILD], [build]
        if doc_id is not None and entry is None:
            self.manifest["documents"].pop(doc_id, None)
            self.registry.delete(ids=[doc_id])
        elif doc_id is not None and entry is not None:
            self.manifest["documents"][doc_id] = entry
            ids.append(doc_id)
            bodies.append(entry)
        # One request: the record and the generation change together. The manifest
        # has no use for vectors, but Chroma wants one per row.
        self.registry.upsert(
            ids=ids,
            documents=[json.dumps(b, ensure_ascii=False) for b in bodies],
            embeddings=np.zeros((len(ids), 1), dtype=np.float32),
        )

    def load_chunks(self) -> StoredChunks:
        """Every chunk of the documents in the manifest, with its two BM25 token lists and its vector.

        Chunks no manifest record lists belong to an ingest still running or one
        that died; a document whose chunks are not all stored is left out whole.
        """
        docs = self.documents
        listed = self._listed()
        out = StoredChunks([], [], [], np.zeros((0, 0), dtype=np.float32))
        # Read a page at a time and keep only what serving needs: the pages' rows, with the
        # token strings of their metadata, held all at once took as much as all that is kept.
        vectors: np.ndarray | None = None
        stored: set[str] = set()
        sections: dict[str, tuple[str, ...]] = {}  # the passages under one heading share its path
        for page in _pages(self.collection, ["documents", "metadatas", "embeddings"], CHUNK_PAGE):
            if vectors is None and page["ids"]:  # a row for each chunk the manifest lists, the most there can be
                vectors = np.empty((len(listed), len(page["embeddings"][0])), dtype=np.float32)
            for cid, text, md, vector in zip(page["ids"], page["documents"], page["metadatas"], page["embeddings"]):
                meta = docs.get(listed.get(cid, ""))
                if meta is None or cid in stored:  # in two pages: a writer moved the rows between them
                    continue
                assert vectors is not None
                stored.add(cid)
                vectors[len(out.chunks)] = vector
                section = str(md["section"])
                out.chunks.append(
                    Chunk(
                        id=cid,
                        doc_id=meta.doc_id,
                        text=text,
                        start=int(md["start"]),  # type: ignore[arg-type]
                        end=int(md["end"]),  # type: ignore[arg-type]
                        section=sections.setdefault(section, tuple(json.loads(section))),
                        kind=sys.intern(str(md["kind"])),
                        meta=meta,
                        page=int(md["page"]) if "page" in md else None,  # type: ignore[arg-type]
                        ocr=bool(md.get("ocr", False)),
                    )
                )
                # Interned: a word stands thousands of times in an index, and one copy of it is enough.
                out.words.append([sys.intern(t) for t in str(md["words"]).split()])
                out.folded.append([sys.intern(t) for t in str(md["folded"]).split()])
            del page  # before the next one is read
        if not out.chunks:
            return out
        assert vectors is not None
        broken = {doc_id for cid, doc_id in listed.items() if cid not in stored}
        if not broken:  # then every listed chunk has its row
            return out._replace(vectors=vectors)
        # Some chunks missing (an ingest died): their documents' other chunks go too.
        keep = [row for row, c in enumerate(out.chunks) if c.doc_id not in broken]
        return StoredChunks(
            [out.chunks[row] for row in keep],
            [out.words[row] for row in keep],
            [out.folded[row] for row in keep],
            vectors[keep] if keep else out.vectors,
        )


class Stored(NamedTuple):
    chunks: int  # the document's chunks now in the index
    embedded: int  # how many of them the embedder had to read; the others' vectors were stored already


def embedding_key(model: str, text: str) -> str:
    """What a stored vector is found again by: the model and the exact text it embedded."""
    return hashlib.sha256(f"{model}\x1f{text}".encode()).hexdigest()[:32]


class StoredChunks(NamedTuple):
    chunks: list[Chunk]
    words: list[list[str]]  # BM25 tokens: segmented words, one tone style
    folded: list[list[str]]  # BM25 tokens: syllables and pairs without diacritics
    vectors: np.ndarray  # one row per chunk, as embedded at ingest


def _read_all(collection: Collection, include: list[Any]) -> dict[str, list[Any]]:
    """A whole collection, a page at a time, so that a server's replies stay bounded."""
    rows: dict[str, list[Any]] = {"ids": [], "documents": [], "metadatas": [], "embeddings": []}
    for page in _pages(collection, include):
        for key in rows:
            if page.get(key) is not None:  # embeddings come as an array, whose truth is ambiguous
                rows[key].extend(page[key])
    return rows


def _pages(collection: Collection, include: list[Any], size: int = PAGE) -> Iterator[dict[str, Any]]:
    """A whole collection in pages of `size` rows, in Chroma's order, each read when the one before is done with."""
    offset = 0
    while True:
        page: dict[str, Any] = dict(collection.get(include=include, limit=size, offset=offset))
        full = len(page["ids"]) == size
        yield page
        del page  # not held while the next one is read
        if not full:
            return
        offset += size


def _file_rows(doc: ParsedDocument, original: bytes | None) -> list[tuple[str, dict[str, Any]]]:
    """The files collection's rows for `doc`: its cleaned text, and its original base64-encoded
    (Chroma stores strings), each cut into parts of FILE_PART characters."""
    meta = doc.meta
    # The file's hash on every row: a reader takes only rows of the file its record names.
    common = {"doc_id": meta.doc_id, "sha256": meta.sha256, "name": meta.source}
    payloads = [("text", doc.text)]
    if original is not None:
        payloads.append(("original", base64.b64encode(original).decode("ascii")))
    return [
        (_file_row_id(meta.doc_id, kind, part), {**common, "kind": kind, "part": part, "data": data})
        for kind, payload in payloads
        for part, data in enumerate(_parts(payload))
    ]


def _parts(payload: str) -> list[str]:
    """`payload` cut into FILE_PART characters; one empty part for an empty one, so that it is stored too."""
    return [payload[i : i + FILE_PART] for i in range(0, len(payload), FILE_PART)] or [""]


def _file_row_id(doc_id: str, kind: str, part: int) -> str:
    """The row's id: <doc_id>#text (a text longer than FILE_PART goes on in #text1, ...),
    and <doc_id>#0, #1, ... for the original."""
    if kind == "original":
        return f"{doc_id}#{part}"
    return f"{doc_id}#text{part or ''}"


def _client(settings: Settings, root: Path) -> ClientAPI:
    # Nothing may phone home: the product runs offline.
    options = chromadb.Settings(anonymized_telemetry=False)
    if not settings.chroma_host:
        root.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(root / "chroma"), settings=options)
    try:
        return chromadb.HttpClient(host=settings.chroma_host, port=settings.chroma_port, settings=options)
    except ValueError:  # what HttpClient raises when nothing answers
        raise IndexError(
            f"Không kết nối được máy chủ Chroma {settings.chroma_host}:{settings.chroma_port}. "
            "Hãy kiểm tra máy chủ đã chạy (chroma run --path ... --port ...) và địa chỉ, cổng."
        ) from None


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
        **({"ocr": True} if chunk.ocr else {}),
    }
