"""What serving an index holds in memory, and where:

    python -m bench.memory STORAGE [--questions QUESTIONS.jsonl] [--ask 5]

Two fresh child processes, so that neither measurement disturbs the other:

- `rss`: opens `assistant.service.Assistant` on STORAGE, answers a few questions,
  and reports the peak RSS (ru_maxrss) and the RSS after opening and after answering.
- `retained`: opens the index, then builds the retriever under tracemalloc and
  reports what it retains (traced bytes after the build, after a collection),
  broken down by structure. An object is counted in the first structure that
  reaches it (the order of STRUCTURES), and only if it was allocated during the
  build: the interpreter's own strings and the index's manifest are not the retriever's.

Prints a table, then one JSON object with the figures as its last line.
"""

from __future__ import annotations

import argparse
import gc
import json
import resource
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import index.config  # noqa: F401 - the no-telemetry, offline environment before chromadb loads

QUESTIONS = [
    "Cơ quan nào phải hoàn thành số hóa dữ liệu hộ tịch của các huyện còn lại chậm nhất trong quý I/2025?",
    "Sở Tư pháp có nhiệm vụ gì trong Đề án 06?",
    "Chỉ tiêu thanh toán không dùng tiền mặt trong dịch vụ công là bao nhiêu?",
    "Ai ký văn bản?",
    "thoi han hoan thanh so hoa ho tich",
]


def _rss_mb() -> tuple[float, float]:
    """Current and peak resident memory of this process, in MB."""
    current = 0.0
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            current = int(line.split()[1]) / 1024
    # The kernel updates ru_maxrss (KiB on Linux) lazily: it can trail the current RSS by a few pages.
    return current, max(current, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def measure_rss(storage: Path, questions: list[str]) -> dict[str, Any]:
    from assistant.service import Assistant
    from index.config import Settings

    started = time.perf_counter()
    assistant = Assistant(Settings(storage=storage))
    opened = time.perf_counter() - started
    rss_open, peak_open = _rss_mb()
    for q in questions:
        assistant.ask(q)
    rss, peak = _rss_mb()
    return {
        "chunks": len(assistant.answerer.retriever.chunks),
        "open_s": round(opened, 1),
        "rss_open_mb": round(rss_open, 1),
        "peak_open_mb": round(peak_open, 1),
        "rss_answered_mb": round(rss, 1),
        "peak_rss_mb": round(peak, 1),
    }


# Structure -> its roots among the retriever's attributes (the roots' own list is not
# counted); what an earlier structure reached is not counted again: a chunk's text and
# its document's record are counted apart from the chunk.
STRUCTURES: list[tuple[str, Callable[[dict[str, Any]], Iterable[Any]]]] = [
    ("texts (Chunk.text)", lambda a: [c.text for c in a["chunks"]]),
    ("documents (DocumentMeta)", lambda a: [*(c.meta for c in a["chunks"]), a.get("documents")]),
    ("chunks (Chunk, ids, sections)", lambda a: [a["chunks"]]),
    ("word sets", lambda a: [a.get("word_sets")]),
    ("BM25 words", lambda a: [a.get("words")]),
    ("BM25 folded", lambda a: [a.get("folded")]),
    ("vectors", lambda a: [a.get("vectors")]),
    ("years (chunk, document)", lambda a: [a.get("_chunk_years"), a.get("_doc_years")]),
    ("accent vocabulary", lambda a: [a.get("accents")]),
    (
        "by_id, scoping maps",
        lambda a: [a.get(k) for k in ("by_id", "_chunk_doc", "_doc_position", "_numbers", "_provinces")],
    ),
]


def _sizes(roots: Iterable[Any], seen: set[int], older: set[int]) -> int:
    """Bytes of the objects reachable from `roots` that are new, not in `seen` (which it extends).

    New: allocated while tracing, or a collected object not among `older` (the
    ones there before): Python 3.11's tracemalloc finds no traceback for an
    instance whose __dict__ is kept before its header (a dataclass's, bm25s's BM25).
    A numpy array counts its buffer when it owns it (sys.getsizeof does); a view reaches its base.
    """
    import numpy as np

    total = 0
    stack = [r for r in roots if r is not None]
    while stack:
        obj = stack.pop()
        if id(obj) in seen or isinstance(obj, type):
            continue
        if tracemalloc.get_object_traceback(obj) is None and (id(obj) in older or not gc.is_tracked(obj)):
            continue
        seen.add(id(obj))
        total += sys.getsizeof(obj)
        if isinstance(obj, np.ndarray):
            if obj.base is not None:
                stack.append(obj.base)
            continue
        stack.extend(gc.get_referents(obj))
    return total


def measure_retained(storage: Path) -> dict[str, Any]:
    from assistant.retrieve import HybridRetriever
    from index.config import Settings
    from index.store import DirectiveIndex

    settings = Settings(storage=storage)
    index = DirectiveIndex(settings)
    gc.collect()
    older = {id(o) for o in gc.get_objects()}
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    retriever = HybridRetriever(index, settings)
    gc.collect()
    retained, peak = tracemalloc.get_traced_memory()
    attributes = vars(retriever)
    seen = {id(index), id(settings)}  # the retriever's, not of its making
    parts = {name: _sizes(reach(attributes), seen, older) for name, reach in STRUCTURES}
    parts["other"] = (retained - before) - sum(parts.values())
    tracemalloc.stop()
    return {
        "chunks": len(retriever.chunks),
        "retained_bytes": retained - before,
        "traced_peak_bytes": peak - before,
        "parts": parts,
    }


def _child(phase: str, storage: Path, questions: list[str]) -> dict[str, Any]:
    command = [sys.executable, "-m", "bench.memory", str(storage), "--phase", phase]
    done = subprocess.run(command, input=json.dumps(questions), capture_output=True, text=True, check=False)
    if done.returncode:
        raise SystemExit(f"{phase} failed: {done.stderr[-2000:]}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def table(rss: dict[str, Any], kept: dict[str, Any]) -> str:
    n = max(kept["chunks"], 1)
    mb = 1 << 20
    lines = [
        f"{kept['chunks']:,} chunks; open {rss['open_s']} s",
        f"peak RSS {rss['peak_rss_mb']:,.0f} MB (while opening {rss['peak_open_mb']:,.0f} MB); "
        f"RSS after opening {rss['rss_open_mb']:,.0f} MB, after answering {rss['rss_answered_mb']:,.0f} MB",
        "",
        "| retained by the retriever | MB | bytes per chunk |",
        "|---|---:|---:|",
    ]
    for name, size in kept["parts"].items():
        lines.append(f"| {name} | {size / mb:,.1f} | {size / n:,.0f} |")
    lines.append(
        f"| **total (tracemalloc)** | {kept['retained_bytes'] / mb:,.1f} | {kept['retained_bytes'] / n:,.0f} |"
    )
    lines.append(
        f"| peak traced while building | {kept['traced_peak_bytes'] / mb:,.1f} | {kept['traced_peak_bytes'] / n:,.0f} |"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.memory", description=__doc__.split("\n\n")[0])
    ap.add_argument("storage", type=Path)
    ap.add_argument("--questions", type=Path, help="a .jsonl with a 'question' field (default: a few built in)")
    ap.add_argument("--ask", type=int, default=5, help="how many questions to answer (default 5)")
    ap.add_argument("--phase", choices=["rss", "retained"], help=argparse.SUPPRESS)  # a child's; questions on stdin
    args = ap.parse_args(argv)

    if args.phase:
        questions = json.loads(sys.stdin.read())
        figures = measure_rss(args.storage, questions) if args.phase == "rss" else measure_retained(args.storage)
        print(json.dumps(figures))
        return 0
    if args.questions:
        with args.questions.open(encoding="utf-8") as f:
            questions = [json.loads(line)["question"] for line in f if line.strip()][: args.ask]
    else:
        questions = QUESTIONS[: args.ask]
    rss = _child("rss", args.storage, questions)
    kept = _child("retained", args.storage, questions)
    print(table(rss, kept))
    print(json.dumps({"rss": rss, "retained": kept}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
