"""One measured phase of one system, in its own process, so that its peak RSS
and its cold start are its own:

    python -m bench.worker ingest SYSTEM CORPUS STORAGE
    python -m bench.worker serve SYSTEM STORAGE QUESTIONS.jsonl RESULTS.jsonl --spawned UNIX_TIME

Prints one JSON object (the phase's figures) as its last line.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path
from typing import Any


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def ingest(system: Any, corpus: Path, storage: Path, random_vectors: bool = False) -> dict[str, Any]:
    from bench.systems import Embedding, random_passage_vectors

    if random_vectors:
        random_passage_vectors()
    Embedding.install()
    storage.mkdir(parents=True, exist_ok=True)
    started, cpu = time.perf_counter(), time.process_time()
    figures = system.ingest(corpus, storage)
    return {
        **figures,
        "seconds": time.perf_counter() - started,
        "cpu_seconds": time.process_time() - cpu,
        "embed_seconds": Embedding.seconds,
        "embed_cpu_seconds": Embedding.cpu_seconds,
        "rss_mb": peak_rss_mb(),
    }


def serve(system: Any, storage: Path, questions: Path, results: Path, spawned: float) -> dict[str, Any]:
    with questions.open(encoding="utf-8") as f:
        items = [json.loads(line) for line in f if line.strip()]
    answerer = system(storage)
    if items:
        answerer.ask(items[0]["question"])
    cold = time.time() - spawned
    with results.open("w", encoding="utf-8") as out:
        for item in items:
            started, cpu = time.perf_counter(), time.process_time()
            obj = answerer.ask(item["question"])
            # CPU time too: wall time on a shared machine measures the neighbours as well.
            obj.update(
                id=item["id"],
                latency_ms=(time.perf_counter() - started) * 1000,
                cpu_ms=(time.process_time() - cpu) * 1000,
            )
            out.write(json.dumps(obj, ensure_ascii=False) + "\n")
    return {"cold_start_s": cold, "questions": len(items), "rss_mb": peak_rss_mb()}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.worker")
    sub = ap.add_subparsers(dest="phase", required=True)
    a = sub.add_parser("ingest")
    a.add_argument("system")
    a.add_argument("corpus", type=Path)
    a.add_argument("storage", type=Path)
    a.add_argument("--random-vectors", action="store_true", help="random passage vectors instead of e5 (a probe)")
    s = sub.add_parser("serve")
    s.add_argument("system")
    s.add_argument("storage", type=Path)
    s.add_argument("questions", type=Path)
    s.add_argument("results", type=Path)
    s.add_argument("--spawned", type=float, default=None, help="time.time() when the parent started this process")
    args = ap.parse_args(argv)

    spawned = args.spawned if args.phase == "serve" and args.spawned else time.time()
    from bench.systems import SYSTEMS

    system = SYSTEMS[args.system]
    if args.phase == "ingest":
        figures = ingest(system, args.corpus, args.storage, args.random_vectors)
    else:
        figures = serve(system, args.storage, args.questions, args.results, spawned)
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
