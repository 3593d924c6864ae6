"""One document per content: copies under other names are reported, not indexed
twice; a newer version of a document replaces it. Real ingest command, real
Chroma, the small real embedding model."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from index.config import Settings
from index.library import add, placement
from index.store import DirectiveIndex
from ingest.pipeline import parse_file
from tests.conftest import run
from vn.records import DocumentMeta

PLAN = """UỶ BAN NHÂN DÂN TỈNH HÀ GIANG
Số: 77/KH-UBND
Hà Giang, ngày 10 tháng 3 năm 2025

KẾ HOẠCH
Số hóa tài liệu lưu trữ lịch sử của tỉnh năm 2025

I. NHIỆM VỤ
1. Sở Nội vụ
- Hoàn thành số hóa 12.000 hồ sơ lưu trữ lịch sử tại Trung tâm Lưu trữ lịch sử tỉnh, chậm nhất ngày 30/9/2025.
"""


def test_a_renamed_copy_is_a_duplicate_and_a_newer_version_replaces_the_old(tmp_path: Path, minilm: str):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "ke-hoach-77.txt").write_text(PLAN, encoding="utf-8")
    (folder / "ke-hoach-77 (1).txt").write_text(PLAN, encoding="utf-8")  # the same file, renamed
    # The same text with other line breaks and spacing: still the same document.
    (folder / "KH 77 ban sao.md").write_text(PLAN.replace("\n- ", "\n\n-  "), encoding="utf-8")
    env = {"DIRECTIVE_EMBEDDER": minilm}
    storage = ["--storage", str(tmp_path / "s")]
    first = run("-m", "ingest", str(folder), *storage, env=env)
    assert first.returncode == 0, first.stderr
    assert "[1/3] KH 77 ban sao.md: " in first.stdout and "Xong: 1 văn bản mới/cập nhật" in first.stdout
    assert "ke-hoach-77 (1).txt: trùng nội dung với văn bản đã có kh-77-ban-sao (tệp KH 77 ban sao.md" in first.stdout
    assert "ke-hoach-77.txt: trùng nội dung" in first.stdout and "2 trùng hoặc cũ hơn bản đã có" in first.stdout

    later = tmp_path / "later"  # named so that the command reads the newer version first
    later.mkdir()
    (later / "1-ke-hoach-77-sua-doi.txt").write_text(
        PLAN.replace("12.000", "15.000").replace("ngày 10 tháng 3", "ngày 20 tháng 4"), "utf-8"
    )
    (later / "2-ke-hoach-77-du-thao.txt").write_text(PLAN.replace("ngày 10 tháng 3", "ngày 1 tháng 2"), "utf-8")
    second = run("-m", "ingest", str(later), *storage, env=env).stdout
    assert "1-ke-hoach-77-sua-doi.txt: 2 đoạn" in second
    assert "bản mới của văn bản 77/KH-UBND đã có kh-77-ban-sao" in second and "đã thay thế bản cũ" in second
    assert "2-ke-hoach-77-du-thao.txt: là bản cũ hơn của văn bản 77/KH-UBND đã có 1-ke-hoach-77-sua-doi" in second
    listing = run("-m", "ingest", "--list", *storage, env=env).stdout
    assert "1-ke-hoach-77-sua-doi\t" in listing and "Tổng: 1 văn bản" in listing
    answer = run("-m", "assistant", "ask", "Phải số hóa bao nhiêu hồ sơ lưu trữ lịch sử ở Hà Giang?", *storage, env=env)
    assert "15.000" in answer.stdout and "12.000" not in answer.stdout


def test_records_stored_before_the_text_hash_still_catch_a_renamed_copy(tmp_path: Path, minilm: str):
    settings = Settings(storage=tmp_path / "s", embedder=minilm, chroma_host=None)
    (tmp_path / "a.txt").write_text(PLAN, encoding="utf-8")
    (tmp_path / "b.txt").write_text(PLAN, encoding="utf-8")
    old = parse_file(tmp_path / "a.txt")
    index = DirectiveIndex(settings, create=True)
    index.upsert(replace(old, meta=replace(old.meta, content_sha256="")))  # as an older version stored it
    assert DirectiveIndex(settings).documents["a"].content_sha256 == ""
    done = add(DirectiveIndex(settings), parse_file(tmp_path / "b.txt"))
    assert done.chunks is None and done.placement.kind == "duplicate" and done.placement.other
    assert done.placement.other.doc_id == "a"
    assert list(DirectiveIndex(settings).documents) == ["a"]


def _meta(doc_id: str, **kw: str) -> DocumentMeta:
    return DocumentMeta(doc_id, f"{doc_id}.txt", f"sha-{doc_id}", "Kế hoạch", "Số hóa", **kw)


def test_which_documents_are_versions_of_one_another():
    held = {"a": _meta("a", number="77/KH-UBND", issuer="UBND tỉnh Hà Giang", date="2025-03-10")}
    same = {"number": "77/KH-UBND", "issuer": "UBND tỉnh Hà Giang"}
    assert placement(held, _meta("b", **same, date="2025-03-10"), False).kind == "replaces"  # new text, same day
    assert placement(held, _meta("b", **same, date="2025-03"), False).kind == "replaces"  # as precise as both are
    assert placement(held, _meta("b", **same, date="2025-01-02"), False).kind == "older"
    # Numbers restart every year, and each body numbers its own documents.
    assert placement(held, _meta("b", **same, date="2024-03-10"), False).kind == "new"
    assert placement(held, _meta("b", number="77/KH-UBND", issuer="UBND tỉnh Tuyên Quang"), False).kind == "new"
    assert placement(held, _meta("b", issuer="UBND tỉnh Hà Giang", date="2025-04-01"), False).kind == "new"
    assert placement(held, _meta("a", **same), True).kind == "unchanged"
    assert placement(held, _meta("a", **same), False).kind == "update"
    copy = replace(_meta("c"), sha256="sha-a")
    assert placement(held, copy, False).kind == "duplicate"
