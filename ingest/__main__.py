"""python -m ingest PATH... [--storage DIR] | --remove DOC_ID | --list"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path

from index.config import Settings, add_index_arguments, settings_from_args
from index.library import add, document_object
from index.store import DirectiveIndex, IndexError
from ingest.errors import UnreadableFile
from ingest.formats.ocr import OcrOptions, Progress
from ingest.limits import MB, ParseLimits
from ingest.pipeline import doc_id_for, parse_file
from ingest.read import SUPPORTED
from ingest.worker import ParseWorker
from vn.records import ParsedDocument


def _files(paths: list[Path]) -> list[Path]:
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED))
        else:
            found.append(path)
    return found


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m ingest", description="Nạp văn bản chỉ đạo vào chỉ mục.")
    ap.add_argument("paths", nargs="*", type=Path, help=f"tệp hoặc thư mục ({', '.join(SUPPORTED)})")
    add_index_arguments(ap)
    ap.add_argument("--remove", metavar="DOC_ID", help="xóa một văn bản khỏi chỉ mục")
    ap.add_argument("--list", action="store_true", help="liệt kê các văn bản đã nạp")
    ap.add_argument("--json", action="store_true", help="với --list: mỗi dòng một đối tượng văn bản JSON")
    args = ap.parse_args(argv)
    settings = settings_from_args(args)
    if not (args.paths or args.remove or args.list):
        ap.print_usage(sys.stderr)
        print("Lỗi: cần chỉ ra tệp/thư mục để nạp, hoặc --remove DOC_ID, hoặc --list.", file=sys.stderr)
        return 2
    try:
        index = DirectiveIndex(settings, create=bool(args.paths), check_model=bool(args.paths))
        if args.list:
            return _list_json(index) if args.json else _list(index)
        cleaned = index.recover()
        if cleaned:
            print(f"Đã dọn {cleaned} đoạn còn sót lại từ một lần nạp bị ngắt.")
        if args.remove:
            if not index.remove(args.remove):
                print(f"Lỗi: không có văn bản '{args.remove}' trong chỉ mục.", file=sys.stderr)
                return 1
            print(f"Đã xóa văn bản {args.remove}.")
            return 0
        with ParseWorker(limits_from(settings)) as worker:
            return _ingest(index, args.paths, worker)
    except IndexError as e:
        print(f"Lỗi: {e}", file=sys.stderr)
        return 1


def _list(index: DirectiveIndex) -> int:
    """One tab-separated line per document, under a header: readable, and easy to cut or sort."""
    documents = index.documents
    if not documents:
        print("Chỉ mục chưa có văn bản nào.")
        return 0
    print("mã văn bản\tloại\tsố hiệu\tngày\ttỉnh\tsố đoạn\ttiêu đề")
    for doc_id, meta in documents.items():
        n = index.manifest["documents"][doc_id]["chunks"]
        print(f"{doc_id}\t{meta.doc_type}\t{meta.number}\t{meta.date_display}\t{meta.province}\t{n}\t{meta.title[:80]}")
    print(f"Tổng: {len(documents)} văn bản, {sum(e['chunks'] for e in index.manifest['documents'].values())} đoạn.")
    return 0


def _list_json(index: DirectiveIndex) -> int:
    for doc_id in index.documents:
        print(json.dumps(document_object(index, doc_id), ensure_ascii=False))
    return 0


def ocr_options(settings: Settings, progress: Progress | None = None) -> OcrOptions:
    return OcrOptions(settings.tesseract, settings.ocr_dpi, settings.ocr_seconds, progress)


def limits_from(settings: Settings) -> ParseLimits:
    """The ingest's limits as index/config.py sets them (DIRECTIVE_MAX_FILE_MB, ...)."""
    return ParseLimits(
        max_file_bytes=int(settings.max_file_mb * MB),
        max_unpacked_bytes=int(settings.docx_unpacked_mb * MB),
        memory_bytes=int(settings.parse_memory_mb * MB),
        seconds=settings.parse_seconds,
    )


def parse(path: Path, worker: ParseWorker | None = None, ocr: OcrOptions | None = None) -> ParsedDocument:
    """One file read and parsed: in `worker`, under its memory and time limits, or
    here without them (for callers that trust their files); `ocr` says how scans
    are read and hears of each page. Writes nothing.
    Raises UnreadableFile, with the reason in Vietnamese."""
    if not path.exists():
        raise UnreadableFile("không tìm thấy tệp")
    return worker.parse(path, ocr) if worker else parse_file(path, ocr)


def stored_unchanged(index: DirectiveIndex, path: Path) -> ParsedDocument | None:
    """The stored record of a file known unchanged from its bytes alone: a scan is not
    read by OCR again to find that out."""
    doc_id = doc_id_for(path)
    if path.exists() and index.unchanged(doc_id, hashlib.sha256(path.read_bytes()).hexdigest()):
        return ParsedDocument(index.documents[doc_id], "", [])
    return None


def original_bytes(path: Path, doc: ParsedDocument) -> bytes:
    """The bytes of the file `doc` was parsed from, to keep for download. Read again after
    parsing (the worker read them), so checked against the hash taken then."""
    data = path.read_bytes()
    if doc.meta.sha256 and hashlib.sha256(data).hexdigest() != doc.meta.sha256:
        raise UnreadableFile("tệp đã thay đổi trong lúc nạp; hãy nạp lại")
    return data


def ingest_file(
    index: DirectiveIndex, path: Path, worker: ParseWorker | None = None, progress: Progress | None = None
) -> tuple[ParsedDocument, int | None]:
    """Read, parse and store one file: its chunk count, or None when nothing was
    stored (unchanged, or a duplicate or older version of an indexed document;
    `index.library.add` says which). Raises UnreadableFile, with the reason in Vietnamese."""
    if known := stored_unchanged(index, path):
        return known, None
    doc = parse(path, worker, ocr_options(index.settings, progress))
    return doc, add(index, doc, original=original_bytes(path, doc)).chunks


def weak_pages(doc: ParsedDocument, threshold: float) -> str:
    """'trang 2 (độ tin cậy 61), trang 5 (70)': OCR'd pages a person should check against the scan."""
    weak = [(page, c) for page, c in sorted(doc.ocr_confidence.items()) if c < threshold]
    return ", ".join(f"trang {page} ({c:.0f})" for page, c in weak)


def _ingest(index: DirectiveIndex, paths: list[Path], worker: ParseWorker | None = None) -> int:
    started = time.perf_counter()
    files = _files(paths)
    added = skipped = duplicates = chunks = embedded = 0
    failures: list[str] = []
    weak: list[str] = []
    for n, path in enumerate(files, 1):
        prefix = f"[{n}/{len(files)}] {path.name}"

        def progress(done: int, total: int, prefix: str = prefix) -> None:
            print(f"{prefix}: nhận dạng chữ trang {done}/{total}", flush=True)

        try:
            if stored_unchanged(index, path):
                skipped += 1
                print(f"{prefix}: không đổi, bỏ qua")
                continue
            doc = parse(path, worker, ocr_options(index.settings, progress))
            done = add(index, doc, original=original_bytes(path, doc))
        except (UnreadableFile, OSError) as e:
            failures.append(f"{path.name}: {e}")
            print(f"{prefix}: LỖI — {e}", file=sys.stderr)
            continue
        where = done.placement
        if where.kind == "unchanged":
            skipped += 1
            print(f"{prefix}: không đổi, bỏ qua")
            continue
        if done.chunks is None:  # a duplicate, or an older version of an indexed document
            duplicates += 1
            print(f"{prefix}: {where.note()}", flush=True)
            continue
        added += 1
        chunks += done.chunks
        embedded += done.embedded
        scanned = f", nhận dạng chữ {len(doc.ocr_confidence)} trang" if doc.ocr_confidence else ""
        print(
            f"{prefix}: {done.chunks} đoạn ({doc.meta.doc_type}, {doc.meta.province or '?'}, "
            f"{doc.meta.date_display or '?'}{scanned})" + (f"; {where.note()}" if where.note() else ""),
            flush=True,  # progress is for someone watching, also through a pipe
        )
        if pages := weak_pages(doc, index.settings.ocr_min_confidence):
            weak.append(f"{path.name}: {pages}")
    seconds = time.perf_counter() - started
    print(
        f"Xong: {added} văn bản mới/cập nhật, {skipped} không đổi, {duplicates} trùng hoặc cũ hơn bản đã có, "
        f"{len(failures)} lỗi; {chunks} đoạn ({embedded} nhúng mới, {chunks - embedded} dùng lại vectơ đã có); "
        f"{seconds:.1f} giây."
    )
    if weak:
        print(
            f"Trang nhận dạng chữ kém (độ tin cậy dưới {index.settings.ocr_min_confidence:.0f}/100), "
            "nên đối chiếu với bản quét: " + "; ".join(weak)
        )
    for failure in failures:
        print(f"  lỗi: {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
