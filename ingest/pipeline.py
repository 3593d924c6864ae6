"""One file in, one parsed document out: the whole ingest stage as a function."""

from __future__ import annotations

import bisect
import hashlib
import re
from dataclasses import replace
from pathlib import Path

from ingest.chunking import chunk_document
from ingest.formats.ocr import OcrOptions
from ingest.header import read_header
from ingest.limits import ParseLimits
from ingest.metadata import read_metadata
from ingest.normalize import clean_parts
from ingest.read import RawText, read_file
from ingest.structure import blocks, layout
from ingest.tasks import extract_tasks
from vn.normalize import fold
from vn.records import ParsedDocument


def doc_id_for(path: Path) -> str:
    """A readable, stable id from the file name: what `--remove` takes."""
    return re.sub(r"[^a-z0-9]+", "-", fold(path.stem)).strip("-") or "van-ban"


def parse_text(raw: str, source: str, doc_id: str, sha256: str = "") -> ParsedDocument:
    return parse_raw(RawText((raw,)), source, doc_id, sha256)


def content_sha256(text: str) -> str:
    """What two files of one document share: their cleaned text, however it was spaced or wrapped."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def parse_raw(raw: RawText, source: str, doc_id: str, sha256: str = "") -> ParsedDocument:
    text, part_starts = clean_parts(list(raw.parts))
    items = list(blocks(text))
    parts = layout(items, read_header(text))
    meta = read_metadata(text, items, parts, doc_id=doc_id, source=source, sha256=sha256)
    meta = replace(meta, content_sha256=content_sha256(text))
    chunks = []
    for c in chunk_document(text, items, parts, doc_id):
        page = bisect.bisect_right(part_starts, c.start) if raw.paged else None
        chunks.append(replace(c, meta=meta, page=page, ocr=page is not None and raw.ocr(page)))
    confidence = {n: c for n, c in enumerate(raw.confidence, 1) if c is not None}
    return ParsedDocument(meta, text, chunks, extract_tasks(text, items, parts, meta), confidence)


def parse_file(path: Path, ocr: OcrOptions | None = None, limits: ParseLimits = ParseLimits()) -> ParsedDocument:  # noqa: B008 - frozen
    raw = read_file(path, ocr, limits)  # first: it refuses a huge file before anything reads it whole
    sha256 = hashlib.sha256(path.read_bytes()).hexdigest()
    return parse_raw(raw, source=path.name, doc_id=doc_id_for(path), sha256=sha256)
