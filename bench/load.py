"""K concurrent clients against a running `python app.py` for a bounded time.

    python -m bench.load --storage DIR [--clients 4] [--seconds 30] [--questions FILE.jsonl]

Starts the app on a free port, waits for it, and has each client ask the
questions in turn through the app's API (`/ask`, which returns the contract's
answer object; `/chat` on an app that has only the chat endpoint) until time
is up. Reports answers/s, latency p50/p95, errors, and the app's peak RSS.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _peak_rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def percentile(values: list[float], share: float) -> float | None:
    """Nearest rank, as ../shared/eval/score.py computes its p95."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, int(len(ordered) * share) - 1)] if share < 1 else ordered[-1]


def _connect(url: str, app: subprocess.Popen[bytes], timeout: float) -> tuple[Any, str]:
    from gradio_client import Client

    deadline = time.time() + timeout
    while True:
        if app.poll() is not None:
            raise RuntimeError(f"the app exited with code {app.returncode}")
        try:
            client = Client(url, verbose=False)
            break
        except Exception:
            if time.time() > deadline:
                raise
            time.sleep(1)
    endpoints = client.view_api(print_info=False, return_format="dict")["named_endpoints"]
    api = "/ask" if "/ask" in endpoints else "/chat" if "/chat" in endpoints else next(iter(endpoints))
    return client, api


def run(
    storage: Path,
    questions: list[str],
    clients: int = 4,
    seconds: float = 30.0,
    startup_timeout: float = 600.0,
    app_script: Path = ROOT / "app.py",
) -> dict[str, Any]:
    from gradio_client import Client

    port = _free_port()
    url = f"http://127.0.0.1:{port}/"
    log = (storage.parent / f"app-{storage.name}.log").open("wb")
    env = {**os.environ, "GRADIO_ANALYTICS_ENABLED": "False"}
    spawned = time.time()
    app = subprocess.Popen(
        [sys.executable, str(app_script), "--storage", str(storage), "--port", str(port)],
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
    )
    try:
        _, api = _connect(url, app, startup_timeout)
        ready = time.time() - spawned
        latencies: list[float] = []
        errors: list[str] = []
        lock = threading.Lock()
        stop = time.time() + seconds

        def client_loop(k: int) -> None:
            client = Client(url, verbose=False)
            i = k
            while time.time() < stop:
                question = questions[i % len(questions)]
                i += clients
                started = time.perf_counter()
                try:
                    result = client.predict(question, api_name=api)
                    if api == "/ask" and not (isinstance(result, dict) and "answer" in result):
                        raise ValueError(f"not an answer object: {str(result)[:80]}")
                    with lock:
                        latencies.append((time.perf_counter() - started) * 1000)
                except Exception as e:  # every failure counts, whatever its kind
                    with lock:
                        errors.append(f"{type(e).__name__}: {e}"[:200])

        threads = [threading.Thread(target=client_loop, args=(k,)) for k in range(clients)]
        started = time.time()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.time() - started
        return {
            "api": api,
            "clients": clients,
            "seconds": elapsed,
            "answers": len(latencies),
            "answers_per_s": len(latencies) / elapsed if elapsed else 0.0,
            "p50_ms": percentile(latencies, 0.5),
            "p95_ms": percentile(latencies, 0.95),
            "errors": len(errors),
            "error_examples": sorted(set(errors))[:3],
            "app_ready_s": ready,
            "app_rss_mb": _peak_rss_mb(app.pid),
        }
    finally:
        app.terminate()
        try:
            app.wait(timeout=30)
        except subprocess.TimeoutExpired:
            app.kill()
        log.close()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__.split("\n\n")[0])
    ap.add_argument("--storage", type=Path, required=True)
    ap.add_argument("--clients", type=int, default=4)
    ap.add_argument("--seconds", type=float, default=30.0)
    ap.add_argument("--questions", type=Path, default=ROOT.parent / "shared" / "eval" / "dev.jsonl")
    ap.add_argument("--app", type=Path, default=ROOT / "app.py", help="the app to start (same arguments as app.py)")
    args = ap.parse_args(argv)
    with args.questions.open(encoding="utf-8") as f:
        questions = [json.loads(line)["question"] for line in f if line.strip()]
    figures = run(args.storage, questions, args.clients, args.seconds, app_script=args.app)
    print(json.dumps(figures, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
