"""A local GGUF model served from a child process, so that its native code cannot take the app down.

llama.cpp is compiled C++; a build that uses an instruction the host does not
allow (issue 22: AVX-512/AMX advertised by a virtual machine that traps them)
kills the whole process at the first generated token, and so would any crash
of the library. The model therefore runs in llama-cpp-python's own
OpenAI-compatible server, started here as a child on a loopback port, and is
talked to like any other server. A child that died (a signal, a crash) is
reported as `LocalModelCrashed`, which the answerer turns into the extractive
answer with a note; the next question starts a new child. A child that dies
before it ever answered (it cannot even load the model) is not restarted: the
same build would crash again at every question.

Run as `python -m assistant.local_model ARGS` this module is that child: it
watches for its parent's end, and runs the server with ARGS.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

# Loading a GGUF reads the whole file; a 7B model on a slow disk takes tens of seconds.
LOAD_SECONDS = 300.0
_PARENT = "DIRECTIVE_LOCAL_MODEL_PARENT"  # the app's pid, for the child to watch
CONTEXT = 4096


class LocalModelCrashed(RuntimeError):
    """The child serving the model died; the message says how."""


def how_it_ended(returncode: int) -> str:
    if returncode < 0:
        try:
            return f"tín hiệu {signal.Signals(-returncode).name}"
        except ValueError:
            return f"tín hiệu {-returncode}"
    return f"mã thoát {returncode}"


class LocalModel:
    """The chat interface of a llama-index LLM (`stream_chat`) over a child server."""

    def __init__(self, path: Path, client: Callable[[str], Any]) -> None:
        """`client(url)`: the llama-index LLM that talks to an OpenAI-compatible server at url."""
        self.path = path
        self._make_client = client
        self.process: subprocess.Popen[bytes] | None = None
        self.port = 0
        self.broken = ""  # set when a child died before it was ever ready
        self._ready = False
        self._lock = threading.Lock()
        self._log = tempfile.TemporaryFile()  # the child's stderr, for the log when it dies
        self._client: Any = None
        self.start()

    def start(self) -> None:
        """Start a child (not waiting for it: the first question does)."""
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self._log.seek(0)
        self._log.truncate()
        command = [sys.executable, "-m", "assistant.local_model", "--model", str(self.path)]
        command += ["--host", "127.0.0.1", "--port", str(self.port), "--n_ctx", str(CONTEXT), "--verbose", "False"]
        env = {**os.environ, _PARENT: str(os.getpid())}
        self.process = subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=self._log, env=env
        )
        self._ready = False
        self._client = self._make_client(self.url)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def _ensure_ready(self) -> None:
        """Wait until the child answers; start a new one if the last died after it had served."""
        with self._lock:
            if self.broken:
                raise LocalModelCrashed(self.broken)
            assert self.process is not None
            if self.process.poll() is not None:
                log.warning("local model server ended (%s); starting a new one", how_it_ended(self.process.returncode))
                self.start()
            if self._ready:
                return
            deadline = time.monotonic() + LOAD_SECONDS
            while time.monotonic() < deadline:
                if self.process.poll() is not None:
                    self.broken = f"mô hình không nạp được ({how_it_ended(self.process.returncode)})"
                    log.error("local model server died while loading: %s", self._stderr_tail())
                    raise LocalModelCrashed(self.broken)
                try:
                    with urllib.request.urlopen(f"{self.url}/models", timeout=2):
                        self._ready = True
                        return
                except OSError:
                    time.sleep(0.2)
            raise TimeoutError(f"the local model did not load in {LOAD_SECONDS:g} s")

    def _stderr_tail(self) -> str:
        self._log.seek(0)
        return self._log.read().decode("utf-8", "replace")[-2000:]

    def stream_chat(self, messages: Sequence[Any]) -> Iterator[Any]:
        self._ensure_ready()
        process = self.process
        assert process is not None
        try:
            yield from self._client.stream_chat(messages)
        except Exception as e:
            if _died(process):
                raise LocalModelCrashed(how_it_ended(process.returncode)) from e
            raise
        # A connection cut mid-answer can also look like the end of the stream.
        if process.poll() is not None:
            raise LocalModelCrashed(how_it_ended(process.returncode))

    def close(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:  # at interpreter exit the child is ended by the kernel (see _end_with_parent)
            pass


def _died(process: subprocess.Popen[bytes], grace: float = 0.5) -> bool:
    """Whether the child is dead, allowing the kernel a moment to reap one just killed."""
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        return False
    return True


def _end_with_parent() -> None:
    """End this process when its parent has gone, so that a killed app leaves no
    model server behind. (Not prctl's PR_SET_PDEATHSIG: that fires when the
    parent *thread* ends, and a child restarted from a worker thread would die
    with it.) An orphan is adopted by another process, which changes getppid."""
    # Told, not read with getppid(): a parent that died before this line ran would not be seen.
    parent = int(os.environ.get(_PARENT, os.getppid()))

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(0)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


if __name__ == "__main__":
    _end_with_parent()
    from llama_cpp.server.__main__ import main

    main()
