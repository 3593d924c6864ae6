"""Soak: many people asking for minutes while the library changes under them.

    python -m bench.soak [--storage DIR] [--askers 20] [--seconds 300] [--upload-every 20]

Starts `python app.py` with a login over a copy of an index (DIR, else the
sample directives ingested afresh), then for the whole time: `--askers`
gradio_client clients ask the development questions through `/ask`, each its
next as soon as it has its answer; one library user uploads a generated
directive of another province, a renamed copy of it (to be reported as a
duplicate) and a broken file, then removes the directive, and again, through
the page's own calls (bench/webclient.py). The app's memory (its process and
its parse workers) is sampled every few seconds.

Counts as an error: an ask that fails or does not return an answer object, an
upload or removal whose result is not the expected one. Memory is flat when
the median of the last minute is within 10% of the first minute's (after the
first upload, which loads what an upload needs). Writes bench/cache/soak.json
and the "Soak" section of bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from bench import corpus
from bench.load import _free_port, percentile
from bench.webclient import Page

ROOT = corpus.ROOT
CACHE = corpus.CACHE
FIGURES = CACHE / "soak.json"
RESULTS = ROOT / "bench" / "RESULTS.md"
USER, PASSWORD = "soak", "soak-mat-khau"
MARKERS = ("<!-- soak -->", "<!-- /soak -->")


def _tree_rss_mb(pid: int) -> float:
    """RSS of a process and everything below it (the app and its parse workers), in MB."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            status = Path(f"/proc/{p}/status").read_text()
            total += next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS"))
            todo += [int(k) for k in Path(f"/proc/{p}/task/{p}/children").read_text().split()]
        except (OSError, StopIteration):
            continue
    return total / 1024


def _index(storage: Path | None, work: Path) -> Path:
    target = work / "storage"
    if storage:
        shutil.copytree(storage, target)
    else:
        print("[soak] ingesting the sample directives ...", file=sys.stderr, flush=True)
        done = subprocess.run([sys.executable, "-m", "ingest", str(corpus.DATA), "--storage", str(target)], cwd=ROOT)
        if done.returncode:
            raise SystemExit("ingest of data/ failed")
    return target


def _start(storage: Path, work: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    env = {
        **os.environ,
        "DIRECTIVE_AUTH": f"{USER}:{PASSWORD}",
        "DIRECTIVE_TEMP_DIR": str(work / "temp"),
        "DIRECTIVE_TEMP_MAX_AGE": "60",
        "DIRECTIVE_TEMP_SWEEP_SECONDS": "10",
        "DIRECTIVE_QUEUE_SIZE": "1000",
    }
    with (work / "app.log").open("wb") as log:
        app = subprocess.Popen(
            [sys.executable, "app.py", "--storage", str(storage), "--port", str(port)],
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env,
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 600
    while time.time() < deadline:
        if app.poll() is not None:
            raise SystemExit(f"the app exited with {app.returncode}; see {work / 'app.log'}")
        try:
            Page(url, auth=(USER, PASSWORD)).close()
            return app, url
        except Exception:  # not up yet, whatever the client says
            time.sleep(1)
    app.kill()
    raise SystemExit("the app did not start")


def _documents(work: Path, n: int) -> list[Path]:
    """Generated directives of other provinces, smallest first: what the library user uploads."""
    docs = corpus.build(n + 5, work / "corpus") / "docs"
    generated = [p for p in docs.glob("*.txt") if not (corpus.DATA / p.name).exists()]
    return sorted(generated, key=lambda p: p.stat().st_size)[:n]


def run(storage: Path | None, askers: int, seconds: float, upload_every: float, questions: list[str]) -> dict[str, Any]:
    from gradio_client import Client

    work = Path(tempfile.mkdtemp(prefix="soak-"))
    app, url = _start(_index(storage, work), work)
    lock = threading.Lock()
    latencies: list[float] = []
    errors: list[str] = []
    library: list[dict[str, Any]] = []
    memory: list[tuple[float, float]] = []
    try:
        clients = [Client(url, auth=(USER, PASSWORD), verbose=False) for _ in range(askers)]
        started = time.time()
        stop = started + seconds

        def ask(k: int) -> None:
            i = k
            while time.time() < stop:
                question = questions[i % len(questions)]
                i += askers
                t = time.perf_counter()
                try:
                    result = clients[k].predict(question, api_name="/ask")
                    if not (isinstance(result, dict) and "answer" in result and "citations" in result):
                        raise ValueError(f"not an answer object: {str(result)[:80]}")
                    with lock:
                        latencies.append((time.perf_counter() - t) * 1000)
                except Exception as e:  # every failure counts, whatever its kind
                    with lock:
                        errors.append(f"ask: {type(e).__name__}: {e}"[:200])

        def change_library() -> None:
            docs = _documents(work, 40)
            broken = work / "bang-tinh.xlsx"
            broken.write_bytes(b"PK\x03\x04 not a spreadsheet")
            n = 0
            while time.time() + 30 < stop:  # the last changes have time to finish
                doc = docs[n % len(docs)]
                copy = work / f"ban-sao-{n}-{doc.name}"
                copy.write_bytes(doc.read_bytes())
                doc_id = _doc_id(doc)
                t = time.perf_counter()
                try:
                    with Page(url, auth=(USER, PASSWORD)) as page:
                        added = page.add_documents([doc, copy, broken])
                        removed = page.remove_document(doc_id)
                    ok = (
                        f"{doc.name}: đã nạp" in added
                        and f"{copy.name}: trùng nội dung" in added
                        and "bang-tinh.xlsx: lỗi" in added
                        and removed.startswith("Đã xóa văn bản")
                    )
                    library.append({"doc": doc_id, "seconds": round(time.perf_counter() - t, 1), "ok": ok})
                    if not ok:
                        with lock:
                            errors.append(f"library: {added[:300]} / {removed[:100]}")
                except Exception as e:
                    with lock:
                        errors.append(f"library: {type(e).__name__}: {e}"[:200])
                n += 1
                time.sleep(max(0.0, upload_every - (time.perf_counter() - t)))

        def sample() -> None:
            while time.time() < stop:
                memory.append((time.time() - started, _tree_rss_mb(app.pid)))
                time.sleep(5)

        threads = [threading.Thread(target=ask, args=(k,)) for k in range(askers)]
        threads += [threading.Thread(target=change_library), threading.Thread(target=sample)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.time() - started
        temp_files = sum(1 for p in (work / "temp").rglob("*") if p.is_file())
    finally:
        app.terminate()
        try:
            app.wait(timeout=30)
        except subprocess.TimeoutExpired:
            app.kill()
    first = [m for t, m in memory if 60 <= t < 120] or [m for _, m in memory[: len(memory) // 4 or 1]]
    last = [m for t, m in memory if t >= elapsed - 60] or [m for _, m in memory[-(len(memory) // 4 or 1) :]]
    figures = {
        "askers": askers,
        "seconds": round(elapsed),
        "answers": len(latencies),
        "answers_per_s": round(len(latencies) / elapsed, 2),
        "p50_ms": percentile(latencies, 0.5),
        "p95_ms": percentile(latencies, 0.95),
        "errors": len(errors),
        "error_examples": sorted(set(errors))[:5],
        "library_rounds": len(library),
        "library_ok": sum(r["ok"] for r in library),
        "library_p50_s": statistics.median([r["seconds"] for r in library]) if library else None,
        "rss_first_minute_mb": round(statistics.median(first)) if first else None,
        "rss_last_minute_mb": round(statistics.median(last)) if last else None,
        "rss_max_mb": round(max(m for _, m in memory)) if memory else None,
        "memory_mb": [[round(t), round(m)] for t, m in memory],
        "temp_files_at_end": temp_files,
        "load_average": os.getloadavg()[0],
        "measured": datetime.datetime.now().isoformat(timespec="seconds"),
    }
    figures["memory_flat"] = bool(first and last) and figures["rss_last_minute_mb"] <= 1.10 * figures["rss_first_minute_mb"]
    shutil.rmtree(work, ignore_errors=True)
    return figures


def _doc_id(path: Path) -> str:
    from ingest.pipeline import doc_id_for

    return doc_id_for(path)


def section(f: dict[str, Any]) -> list[str]:
    """The RESULTS.md section for soak figures (bench.run writes it too, from bench/cache/soak.json)."""
    flat = "flat" if f["memory_flat"] else "**not flat**"
    return [
        "## Soak",
        "",
        f"`python -m bench.soak`: `python app.py` with a login over the sample directives; {f['askers']} "
        f"gradio_client clients asking the dev questions through `/ask` without pause for {f['seconds']} s while a "
        "library user, every 20 s, uploads a generated directive, a renamed copy of it and a broken file, "
        f"then removes the directive (measured {f['measured']}, load average {f['load_average']:.1f}"
        + (": other work shared the machine, so times are pessimistic)." if f["load_average"] > (os.cpu_count() or 1) else ")."),
        "",
        "| askers | answers | answers/s | p50 | p95 | errors | library rounds (as expected) | "
        "app RSS with its parse workers: 2nd minute → last minute (most) | temp files left |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        f"| {f['askers']} | {f['answers']:,} | {f['answers_per_s']:.1f} | {f['p50_ms']:,.0f} ms | "
        f"{f['p95_ms']:,.0f} ms | {f['errors']} | {f['library_rounds']} ({f['library_ok']}) | "
        f"{f['rss_first_minute_mb']:,} → {f['rss_last_minute_mb']:,} MB ({f['rss_max_mb']:,}): {flat} | "
        f"{f['temp_files_at_end']} |",
        "",
        *(["Errors: " + "; ".join(f"`{e}`" for e in f["error_examples"]), ""] if f["error_examples"] else []),
        "Latency is mostly waiting in the queue: the app answers DIRECTIVE_CONCURRENCY (2) questions at once "
        "and the other askers wait their turn. Memory is sampled every 5 s (medians over a minute; the first "
        "minute loads what answering and uploading need); a library round (upload, parse, embed, store, "
        f"reload, remove) took {f['library_p50_s']} s (median).",
        "",
    ]


def write_section(figures: dict[str, Any], path: Path = RESULTS) -> None:
    """Put the soak section between its markers in RESULTS.md (appended the first time)."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    block = "\n".join([MARKERS[0], *section(figures), MARKERS[1]])
    if MARKERS[0] in text and MARKERS[1] in text:
        head, rest = text.split(MARKERS[0], 1)
        text = head + block + rest.split(MARKERS[1], 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    path.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.soak", description=__doc__.split("\n\n")[0])
    ap.add_argument("--storage", type=Path, help="an index to copy (default: the samples, ingested afresh)")
    ap.add_argument("--askers", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=300.0)
    ap.add_argument("--upload-every", type=float, default=20.0, help="seconds between library rounds")
    ap.add_argument("--questions", type=Path, default=corpus.DEV)
    ap.add_argument("--no-report", action="store_true", help="leave RESULTS.md and bench/cache alone")
    args = ap.parse_args(argv)
    with args.questions.open(encoding="utf-8") as f:
        questions = [json.loads(line)["question"] for line in f if line.strip()]
    figures = run(args.storage, args.askers, args.seconds, args.upload_every, questions)
    print(json.dumps({k: v for k, v in figures.items() if k != "memory_mb"}, ensure_ascii=False, indent=1))
    if not args.no_report:
        CACHE.mkdir(parents=True, exist_ok=True)
        FIGURES.write_text(json.dumps(figures, ensure_ascii=False, indent=1), encoding="utf-8")
        write_section(figures)
    return 0 if figures["errors"] == 0 and figures["memory_flat"] else 1


if __name__ == "__main__":
    sys.exit(main())
