"""The parser on the five sample directives: structure, chunks, metadata."""

from pathlib import Path

import pytest

from ingest.pipeline import parse_file, parse_text
from vn.records import ParsedDocument

DATA = Path(__file__).resolve().parents[2] / "data"


@pytest.fixture(scope="module")
def docs() -> dict[str, ParsedDocument]:
    return {p.name.split("_")[0] + "_" + p.name.split("_")[1]: parse_file(p) for p in sorted(DATA.glob("*.txt"))}


def test_every_chunk_is_a_verbatim_slice_of_its_document(docs):
    for doc in docs.values():
        assert doc.chunks
        for chunk in doc.chunks:
            assert doc.text[chunk.start : chunk.end] == chunk.text


def test_chunk_ids_are_unique_and_stable(docs):
    again = parse_file(next(DATA.glob("quang-ngai_2023_*.txt")))
    first = docs["quang-ngai_2023"]
    assert [c.id for c in again.chunks] == [c.id for c in first.chunks]
    assert len({c.id for c in first.chunks}) == len(first.chunks)


def test_agency_bullets_carry_their_heading_path(docs):
    notice = docs["quang-ngai_2024-12-25"]
    chunk = next(c for c in notice.chunks if "hộ tịch của các huyện còn lại" in c.text)
    assert chunk.kind == "bullet"
    assert chunk.section[-1] == "2. Sở Tư pháp"
    assert chunk.section[0].startswith("II. MỘT SỐ NHIỆM VỤ CỤ THỂ")
    assert chunk.text.startswith("- Đẩy nhanh tiến độ")


def test_agency_named_before_a_colon_is_its_own_heading(docs):
    notice = docs["quang-ngai_2024-12-25"]
    chunk = next(c for c in notice.chunks if "phương châm" in c.text)
    assert chunk.section[-1] == "8. Tinh đoàn"


def test_a_plan_task_stays_one_chunk_with_its_fields(docs):
    plan = docs["quang-ngai_2023"]
    chunk = next(c for c in plan.chunks if c.text.startswith("e) Số hóa 100% dữ liệu hộ tịch"))
    assert chunk.kind == "task"
    assert "- Cơ quan chủ trì: Sở Tư pháp" in chunk.text
    assert "- Thời gian thực hiện: Trong năm 2023." in chunk.text
    assert chunk.section == (
        "III. CÁC NHIỆM VỤ CỤ THỂ VÀ PHÂN CÔNG TRÁCH NHIỆM",
        "2. Phục vụ giải quyết thủ tục hành chính, cung cấp dịch vụ công",
        chunk.section[-1],
    )
    # The repeated line "- Cơ quan chủ trì: Công an tỉnh." must not confuse offsets.
    police = [c for c in plan.chunks if "- Cơ quan chủ trì: Công an tỉnh." in c.text]
    assert len({c.start for c in police}) == len(police) > 3


def test_dotted_numbers_nest_under_their_parent(docs):
    notice = docs["dong-nai_2024-01-31"]
    chunk = next(c for c in notice.chunks if c.text.startswith("2.3. Giao Sở Nội vụ"))
    assert chunk.section[0].startswith("2. Để khắc phục")


def test_recipients_list_is_not_indexed_but_the_signature_is(docs):
    for doc in docs.values():
        assert not any(c.text.startswith("Nơi nhận") for c in doc.chunks)
    plan = docs["quang-ngai_2023"]
    signature = [c for c in plan.chunks if c.kind == "signature"]
    assert len(signature) == 1 and "Đặng Văn Minh" in signature[0].text


@pytest.mark.parametrize(
    "key, doc_type, date, province, signer",
    [
        ("quang-ngai_2024-12-25", "Thông báo", "2024-12-25", "Quảng Ngãi", "Nguyễn Quốc Việt"),
        ("dong-nai_2024-01-31", "Thông báo", "2024-01-31", "Đồng Nai", "Nguyễn Văn Nguyễn"),
        ("quang-ngai_2023", "Kế hoạch", "2023", "Quảng Ngãi", "Đặng Văn Minh"),
        ("nghe-an_2025-03", "Tin bài", "2025-03", "Nghệ An", ""),
        ("quang-ngai_2024-12", "Tin bài", "2024-12", "Quảng Ngãi", ""),
    ],
)
def test_metadata_of_each_sample(docs, key, doc_type, date, province, signer):
    meta = docs[key].meta
    assert (meta.doc_type, meta.date, meta.province, meta.signer) == (doc_type, date, province, signer)
    assert meta.title and "date" not in meta.title


def test_titles_and_issuers(docs):
    assert docs["quang-ngai_2024-12-25"].meta.citation_title.endswith("(UBND tỉnh Quảng Ngãi, 25/12/2024)")
    assert docs["quang-ngai_2024-12"].meta.title.startswith("Quảng Ngãi: Mỗi đơn vị triển khai")


def test_a_full_official_header_is_read():
    raw = (
        "ỦY BAN NHÂN DÂN\nTỈNH BÌNH ĐỊNH\n\nSố: 123/KH-UBND\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Độc lập - Tự do - Hạnh phúc\n\nBình Định, ngày 5 tháng 3 năm 2024\n\nKẾ HOẠCH\n\n"
        "Triển khai Đề án 06 năm 2024\n\nI. MỤC ĐÍCH\n\n1. Số hóa dữ liệu.\n\nNơi nhận:\n- Như trên;\n\n"
        "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nTrần Văn A\n"
    )
    meta = parse_text(raw, "x.txt", "x").meta
    assert (meta.doc_type, meta.number, meta.date, meta.province) == (
        "Kế hoạch",
        "123/KH-UBND",
        "2024-03-05",
        "Bình Định",
    )
    assert meta.issuer == "UBND tỉnh Bình Định" and meta.signer == "Trần Văn A"
    assert meta.title == "Triển khai Đề án 06 năm 2024"
