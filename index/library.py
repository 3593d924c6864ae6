"""Adding a parsed document to the index so that each document is there once.

A file is named after itself, so the same directive uploaded as
"ke-hoach.docx", "ke-hoach (1).docx" and "KH 204.docx" used to become three
documents, and every answer cited it three times. Before storing, a new
document is compared with the indexed ones:

- the same cleaned text (spacing aside), or the same file bytes for records
  stored before the text's hash was kept: a duplicate, not stored;
- the same number from the same issuer (or province, when the issuer was
  not read) in the same year (document numbers restart every year, Nghị
  định 30/2020/NĐ-CP): another version of that
  document; a later or equally dated one replaces it, an earlier one is not
  stored (the newer stays; remove it first to go back).

A file that keeps its name is its own document as before: unchanged, or updated.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from index.store import DirectiveIndex
from vn.normalize import fold
from vn.records import DocumentMeta, ParsedDocument

Kind = Literal["new", "update", "unchanged", "duplicate", "replaces", "older"]


@dataclass(frozen=True)
class Placement:
    """Where a document goes: `other` is the indexed document it duplicates, replaces or is older than."""

    kind: Kind
    other: DocumentMeta | None = None

    @property
    def stores(self) -> bool:
        return self.kind in ("new", "update", "replaces")

    def note(self) -> str:
        """What happened, in Vietnamese, for a duplicate or a version; '' otherwise."""
        o = self.other
        if o is None:
            return ""
        which = f"{o.doc_id} (tệp {o.source}" + (f", ngày {o.date_display})" if o.date else ")")
        if self.kind == "duplicate":
            return f"trùng nội dung với văn bản đã có {which}; không nạp lại"
        if self.kind == "replaces":
            return f"bản mới của văn bản {o.number} đã có {which}; đã thay thế bản cũ"
        if self.kind == "older":
            return (
                f"là bản cũ hơn của văn bản {o.number} đã có {which}; không nạp. "
                f"Muốn dùng bản này, hãy xóa {o.doc_id} trước"
            )
        return ""


@dataclass(frozen=True)
class Added:
    placement: Placement
    chunks: int | None  # stored chunks; None when nothing was stored
    embedded: int = 0  # of those, how many were embedded; the others' vectors were in the index


def _key(text: str) -> str:
    return re.sub(r"\W+", "", fold(text)).lower()


def _issuer(meta: DocumentMeta) -> str:
    # A header the reader did not take an issuer from still names the province,
    # and the number's code says which of its bodies: "77/KH-UBND" of Hà Giang.
    return _key(meta.issuer or meta.province)


def _same_document(new: DocumentMeta, old: DocumentMeta) -> bool:
    """The same number from the same issuer, in the same year when both are dated."""
    if not (new.number and _issuer(new) and _key(new.number) == _key(old.number) and _issuer(new) == _issuer(old)):
        return False
    return not (new.year and old.year) or new.year == old.year


def _earlier(new: str, old: str) -> bool:
    """Whether ISO date `new` is strictly before `old`, at the precision both have ("2024" vs "2024-12-25")."""
    n = min(len(new), len(old))
    return bool(new and old) and new[:n] < old[:n]


def placement(indexed: dict[str, DocumentMeta], meta: DocumentMeta, current: bool) -> Placement:
    """Where `meta`'s document goes among the `indexed` ones; `current`: its own record is up to date."""
    if meta.doc_id in indexed:
        return Placement("unchanged" if current else "update")
    others: Iterable[DocumentMeta] = indexed.values()
    for old in others:
        same_text = bool(meta.content_sha256) and old.content_sha256 == meta.content_sha256
        if same_text or (bool(meta.sha256) and old.sha256 == meta.sha256):
            return Placement("duplicate", old)
    versions = sorted((o for o in others if _same_document(meta, o)), key=lambda o: o.date, reverse=True)
    if versions:
        newest = versions[0]
        return Placement("older" if _earlier(meta.date, newest.date) else "replaces", newest)
    return Placement("new")


def add(index: DirectiveIndex, doc: ParsedDocument, *, original: bytes | None = None) -> Added:
    """Store `doc` unless it is already there; the replaced version goes once the new one is in.
    `original`: the bytes of the file `doc` was read from, kept for download (`DirectiveIndex.original`)."""
    found = placement(index.documents, doc.meta, index.is_current(doc.meta))
    if not found.stores:
        return Added(found, None)
    stored = index.upsert(doc, original=original)
    if found.kind == "replaces" and found.other is not None:
        # After the new version's commit: a reader sees both for a moment, never neither.
        index.remove(found.other.doc_id)
    return Added(found, stored.chunks, stored.embedded)


def document_object(index: DirectiveIndex, doc_id: str) -> dict[str, object]:
    """The contract's document object (../shared/CONTRACT.md)."""
    meta = index.documents[doc_id]
    entry = index.manifest["documents"][doc_id]
    return {
        "doc_id": doc_id,
        "source": meta.source,
        **metadata_fields(meta),
        "chunks": entry["chunks"],
        "tasks": len(entry.get("tasks", [])),
    }


def metadata_fields(meta: DocumentMeta) -> dict[str, str]:
    """What the header and the body say of a document, under the contract's field names."""
    return {
        "type": meta.doc_type,
        "number": meta.number,
        "date": meta.date,
        "province": meta.province,
        "issuer": meta.issuer,
        "signer": meta.signer,
        "title": meta.title,
    }
