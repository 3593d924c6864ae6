"""kill -9 of a real `python -m ingest` of a folder: every document stays wholly present or absent."""

import os
import random
import subprocess
import sys
import time
from pathlib import Path

from chromadb.api.client import SharedSystemClient

from assistant.query import parse_query
from assistant.retrieve import HybridRetriever
from index.config import Settings
from index.store import DirectiveIndex
from ingest.pipeline import parse_file
from tests.conftest import ROOT, run, write_plan_excerpt
from vn.normalize import fold

PROVINCES = [
    "Gia Lai",
    "Kon Tum",
    "Bình Định",
    "Phú Yên",
    "Khánh Hòa",
    "Ninh Thuận",
    "Đắk Lắk",
    "Lâm Đồng",
    "Bình Thuận",
]


def ingest_killed(folder: Path, settings: Settings, after_lines: int, delay: float, log: Path) -> list[str]:
    """Start an ingest, and kill -9 it `delay` seconds after it has reported `after_lines` documents."""
    env = {**os.environ, "DIRECTIVE_EMBEDDER": settings.embedder, "PYTHONUNBUFFERED": "1"}
    with log.open("w") as stderr:
        proc = subprocess.Popen(
            [sys.executable, "-m", "ingest", str(folder), "--storage", str(settings.storage)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
        )
        assert proc.stdout is not None
        lines: list[str] = []
        for line in proc.stdout:
            if line.startswith("["):
                lines.append(line)
            if len(lines) == after_lines:
                time.sleep(delay)
                proc.kill()
                break
        proc.wait(timeout=60)
    assert proc.returncode == -9, f"the ingest ended before it could be killed: {lines}"
    return lines


def assert_consistent(settings: Settings, versions: dict[str, list[set[str]]]) -> set[str]:
    """Each document in the manifest is one whole version of its file, and only those chunks are read."""
    SharedSystemClient.clear_system_cache()  # as a new process would open it
    index = DirectiveIndex(settings)
    listed = {doc_id: set(entry["ids"]) for doc_id, entry in index.manifest["documents"].items()}
    for doc_id, ids in listed.items():
        assert ids in versions[doc_id], f"{doc_id} is not one whole version of its file"
        assert len(index.collection.get(ids=sorted(ids), include=[])["ids"]) == len(ids)
    retriever = HybridRetriever(index, settings)
    assert {c.id for c in retriever.chunks} == set().union(*listed.values())
    assert retriever.words.size == retriever.folded.size == len(retriever.chunks)
    for doc_id in listed:
        province = index.documents[doc_id].province
        best = retriever.retrieve(parse_query(f"Số hóa dữ liệu hộ tịch trên toàn tỉnh {province}"), top_k=1)
        assert best and best[0].chunk.doc_id == doc_id and "hộ tịch" in best[0].chunk.text
    return set(listed)


def test_kill_9_at_any_moment_leaves_whole_documents_and_a_rerun_completes(tmp_path: Path, minilm: str):
    seed = random.randrange(1_000_000)
    rng = random.Random(seed)
    folder = tmp_path / "docs"
    folder.mkdir()
    # In the order ingest takes them, so that the first ones are the ones a killed run stored.
    files = sorted(
        write_plan_excerpt(folder / f"{fold(p).replace(' ', '-').lower()}_2023_ke-hoach-de-an-06.txt", p)
        for p in PROVINCES
    )
    settings = Settings(storage=tmp_path / "storage", embedder=minilm, chroma_host=None)
    versions = {parse_file(f).meta.doc_id: [{c.id for c in parse_file(f).chunks}] for f in files}

    # Killed while embedding or writing the fourth document.
    ingest_killed(folder, settings, after_lines=3, delay=rng.uniform(0, 0.5), log=tmp_path / "run1.log")
    present = assert_consistent(settings, versions)
    assert 3 <= len(present) < len(files), f"seed {seed}"

    # Two stored documents change; the next ingest replaces them and is killed among them.
    for f in files[:2]:
        f.write_text(f.read_text(encoding="utf-8").replace("Số hóa 100%", "Số hóa 95%"), "utf-8")
        doc = parse_file(f)
        versions[doc.meta.doc_id].append({c.id for c in doc.chunks})
    ingest_killed(folder, settings, after_lines=1, delay=rng.uniform(0, 1.0), log=tmp_path / "run2.log")
    assert_consistent(settings, versions)

    done = run("-m", "ingest", str(folder), "--storage", str(settings.storage), env={"DIRECTIVE_EMBEDDER": minilm})
    assert done.returncode == 0, done.stderr
    assert f"{len(files)} văn bản mới/cập nhật" not in done.stdout  # what the killed runs stored is kept
    assert assert_consistent(settings, versions) == set(versions)
    index = DirectiveIndex(settings)
    for f in files:
        doc = parse_file(f)
        assert set(index.manifest["documents"][doc.meta.doc_id]["ids"]) == {c.id for c in doc.chunks}
    assert len(index.collection.get(include=[])["ids"]) == sum(len(v[-1]) for v in versions.values())
