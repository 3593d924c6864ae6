"""Parse files in a separate process, each under a memory and a time limit.

A hostile or broken file can make a parser take minutes and gigabytes (a
DOCX of 645 KB that inflates to 190 MB took six minutes and 3.5 GB). Parsing
happens in a worker process started with `python -m ingest.worker`, whose
address space is capped (RLIMIT_AS) and which is killed when one file takes
longer than its limit; the file is then named with the reason, in
Vietnamese, and the next file gets a fresh worker. Parsing writes nothing, so
a stopped parse leaves nothing half-written: storing happens afterwards, in
the calling process.

The worker is a plain subprocess, not multiprocessing: a spawned child would
import the caller's __main__ (app.py, with Gradio), and a forked one would
inherit the app's threads and locks. Requests and replies are pickles over
its stdin and stdout, each after an 8-byte length; the worker is our own
code, so its replies are trusted as much as the caller's own memory. A scan
read by OCR reports each page as it goes ("progress" messages before the
reply): each one is the worker showing it is not stuck, so the time limit
counts from the last of them, and the OCR's own limit bounds the whole file.
"""

from __future__ import annotations

import json
import os
import pickle
import resource
import select
import signal
import struct
import subprocess
import sys
import time
from dataclasses import asdict, replace
from pathlib import Path
from typing import IO, Any

from ingest.errors import UnreadableFile
from ingest.formats.ocr import OcrOptions
from ingest.limits import ParseLimits
from vn.records import ParsedDocument

_LENGTH = struct.Struct("<Q")
# Python and the readers' imports, before the first file: not the file's time.
START_SECONDS = 60.0
ROOT = Path(__file__).resolve().parent.parent  # where `ingest` is importable from


class ParseWorker:
    """One worker process, reused from file to file, replaced after a file that broke it.

    Not for several threads at once: each upload (or ingest run) has its own.
    """

    def __init__(self, limits: ParseLimits = ParseLimits()) -> None:  # noqa: B008 - frozen
        self.limits = limits
        self._proc: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> ParseWorker:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def parse(self, path: Path, ocr: OcrOptions | None = None) -> ParsedDocument:
        """The parsed document, or UnreadableFile saying why not (also: too slow, too much memory).
        `ocr` says how scans are read; its progress callback hears of each page."""
        ocr = ocr or OcrOptions()
        replies = self._request(path, replace(ocr, progress=None))
        try:
            while True:
                reply = _receive(replies, time.monotonic() + self.limits.seconds)
                if reply[0] != "progress":
                    break
                if ocr.progress:
                    ocr.progress(*reply[1])
        except TimeoutError:
            self._stop()
            raise UnreadableFile(
                f"đọc tệp quá {self.limits.seconds:g} giây nên đã dừng (tệp quá phức tạp hoặc có thể là tệp độc hại)"
            ) from None
        except EOFError:
            code = self._stop()
            raise UnreadableFile(f"việc đọc tệp bị dừng đột ngột (mã {code}); tệp có thể bị hỏng hoặc độc hại") from None
        kind, value = reply
        if kind == "ok":
            assert isinstance(value, ParsedDocument)
            return value
        if kind == "memory":
            self._stop()  # a process that ran out of memory may be in any state
            raise UnreadableFile(
                f"đọc tệp cần quá {self.limits.memory_bytes / 2**30:.1f} GB bộ nhớ nên đã dừng "
                "(tệp quá lớn khi giải nén hoặc có thể là tệp độc hại)"
            )
        raise UnreadableFile(str(value))

    def _request(self, path: Path, ocr: OcrOptions) -> IO[bytes]:
        """Hand `path` to the worker; its replies come on the pipe returned."""
        for _attempt in range(2):
            proc = self._started()
            assert proc.stdin is not None and proc.stdout is not None
            try:
                _send(proc.stdin, (str(path), ocr))
                return proc.stdout
            except BrokenPipeError:  # it died since the last file (killed from outside): once more, afresh
                self._stop()
        raise UnreadableFile("tiến trình đọc tệp dừng ngay khi nhận tệp")

    def close(self) -> None:
        if self._proc is not None:
            proc, self._proc = self._proc, None
            if proc.stdin:
                proc.stdin.close()  # the worker's loop ends at end of input
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            if proc.stdout:
                proc.stdout.close()

    def _started(self) -> subprocess.Popen[bytes]:
        if self._proc is not None and self._proc.poll() is None:
            return self._proc
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
        proc = subprocess.Popen(
            [sys.executable, "-m", "ingest.worker", json.dumps(asdict(self.limits))],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
            cwd=ROOT,
        )
        assert proc.stdout is not None
        try:
            _receive(proc.stdout, time.monotonic() + START_SECONDS)  # "ready": imports done, limits set
        except (TimeoutError, EOFError):
            proc.kill()
            proc.wait()
            raise UnreadableFile("không khởi động được tiến trình đọc tệp (python -m ingest.worker)") from None
        self._proc = proc
        return proc

    def _stop(self) -> int | None:
        """Kill the worker (it is stuck, or in doubt) and return its exit code; the next file starts another."""
        proc, self._proc = self._proc, None
        if proc is None:
            return None
        proc.kill()
        code = proc.wait()
        for pipe in (proc.stdin, proc.stdout):
            if pipe:
                pipe.close()
        return code


def _send(out: IO[bytes], value: Any) -> None:
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    out.write(_LENGTH.pack(len(data)) + data)
    out.flush()


def _receive(pipe: IO[bytes], deadline: float) -> Any:
    """One message from the worker, or TimeoutError at the deadline, EOFError if it died."""
    fd = pipe.fileno()

    def read(n: int) -> bytes:
        chunks: list[bytes] = []
        while n:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([fd], [], [], left)[0]:
                raise TimeoutError
            chunk = os.read(fd, min(n, 1 << 20))
            if not chunk:
                raise EOFError
            chunks.append(chunk)
            n -= len(chunk)
        return b"".join(chunks)

    (length,) = _LENGTH.unpack(read(_LENGTH.size))
    return pickle.loads(read(length))


def _serve(limits: ParseLimits) -> None:
    """The worker's side: parse each path that comes in, reply with the document or the reason."""
    from ingest.pipeline import parse_file  # before the limit: imports are not the file's cost

    resource.setrlimit(resource.RLIMIT_AS, (limits.memory_bytes, limits.memory_bytes))
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the caller, which then stops this one
    requests, replies = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # a reader that prints must not corrupt the replies
    _send(replies, "ready")
    while header := requests.read(_LENGTH.size):
        path, ocr = pickle.loads(requests.read(_LENGTH.unpack(header)[0]))

        def progress(done: int, total: int) -> None:
            _send(replies, ("progress", (done, total)))

        try:
            reply: tuple[str, Any] = ("ok", parse_file(Path(path), replace(ocr, progress=progress), limits))
        except MemoryError:
            reply = ("memory", None)
        except UnreadableFile as e:
            reply = ("unreadable", str(e))
        except OSError as e:
            reply = ("unreadable", f"không đọc được tệp ({e.strerror or type(e).__name__})")
        except Exception as e:  # a parser's bug on some file: that file fails, the others go on
            reply = ("unreadable", f"lỗi khi đọc tệp ({type(e).__name__})")
        try:
            _send(replies, reply)
        except MemoryError:
            _send(replies, ("memory", None))
        if reply[0] == "memory":
            return


if __name__ == "__main__":
    _serve(ParseLimits(**json.loads(sys.argv[1])))
