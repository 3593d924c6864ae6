"""What task extraction adds to ingest time.

    python bench/task_extraction.py [PATH ...] [--repeat N] [--embed]

Times parsing the documents (read, clean, structure, metadata, chunks) with
and without task extraction, best of N runs. With --embed it also embeds the
chunks with the configured model, which is what an ingest spends most of its
time on, and reports extraction against that total.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ingest.chunking import chunk_document  # noqa: E402
from ingest.metadata import read_metadata  # noqa: E402
from ingest.normalize import clean  # noqa: E402
from ingest.pipeline import doc_id_for  # noqa: E402
from ingest.read import SUPPORTED, read_text  # noqa: E402
from ingest.structure import blocks, layout  # noqa: E402
from ingest.tasks import extract_tasks  # noqa: E402


def best_of(repeat: int, run) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("paths", nargs="*", type=Path, default=[Path(__file__).resolve().parents[1] / "data"])
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument("--embed", action="store_true", help="also time embedding the chunks (loads the model)")
    args = ap.parse_args()
    files = [f for p in args.paths for f in (sorted(p.rglob("*")) if p.is_dir() else [p]) if f.suffix in SUPPORTED]
    raws = [(f, read_text(f)) for f in files]

    parsed = []

    def parse() -> None:
        parsed.clear()
        for path, raw in raws:
            text = clean(raw)
            items = list(blocks(text))
            parts = layout(items)
            meta = read_metadata(text, items, parts, doc_id=doc_id_for(path), source=path.name, sha256="")
            chunks = [replace(c, meta=meta) for c in chunk_document(text, items, parts, meta.doc_id)]
            parsed.append((text, items, parts, meta, chunks))

    def extract() -> None:
        for text, items, parts, meta, _ in parsed:
            extract_tasks(text, items, parts, meta)

    # The first pass is what one ingest pays: lexicons loaded, name caches empty.
    cold_parse_s = best_of(1, parse)
    cold_extract_s = best_of(1, extract)
    parse_s = best_of(args.repeat, parse)
    extract_s = best_of(args.repeat, extract)
    count = sum(len(extract_tasks(t, i, p, m)) for t, i, p, m, _ in parsed)
    chunks = sum(len(c) for *_, c in parsed)
    print(f"{len(files)} documents, {chunks} chunks, {count} tasks")
    print("                          first pass   best of", args.repeat)
    print(f"parse without extraction: {cold_parse_s * 1000:8.1f} ms  {parse_s * 1000:8.1f} ms")
    print(
        f"task extraction:          {cold_extract_s * 1000:8.1f} ms  {extract_s * 1000:8.1f} ms"
        f"  (+{cold_extract_s / cold_parse_s:.0%} / +{extract_s / parse_s:.0%} of parsing)"
    )
    if args.embed:
        from index.config import Settings
        from index.embedding import load_embedder
        from index.store import retrieval_text

        model = load_embedder(Settings().embedder)
        texts = [retrieval_text(c) for *_, cs in parsed for c in cs]
        started = time.perf_counter()
        model.get_text_embedding_batch(texts)
        embed_s = time.perf_counter() - started
        total = cold_parse_s + cold_extract_s + embed_s
        print(f"embedding the chunks:     {embed_s * 1000:8.1f} ms")
        print(f"extraction's share of ingest (parse + extract + embed, first pass): {cold_extract_s / total:.2%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
