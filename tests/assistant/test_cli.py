"""End to end through the CLI: real underthesea, real Chroma (on disk, and a server), the real e5 model."""

import json
from pathlib import Path

import pytest

from tests.conftest import run

FLAGSHIP = "Cơ quan nào phải hoàn thành số hóa dữ liệu hộ tịch của các huyện còn lại chậm nhất trong quý I/2025?"


def ask_json(storage: Path | list[str], question: str) -> dict:
    """The answer object; `storage` is the index folder, or the options that point at an index."""
    where = ["--storage", str(storage)] if isinstance(storage, Path) else storage
    result = run("-m", "assistant", "ask", question, *where, "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_flagship_question_answers_the_agency_with_a_verbatim_citation(e5_index: list[str]):
    obj = ask_json(e5_index, FLAGSHIP)
    assert obj["grounded"] is True
    assert obj["answer"].startswith("Sở Tư pháp") and "[1]" in obj["answer"] and len(obj["answer"]) <= 400
    first = obj["citations"][0]
    assert "hộ tịch của các huyện còn lại, chậm nhất trong quý I/2025" in first["text"]
    assert first["section"].endswith("2. Sở Tư pháp")
    assert "Quảng Ngãi" in first["title"] and "25/12/2024" in first["title"]
    source = (Path(__file__).resolve().parents[2] / "data" / first["source"]).read_text(encoding="utf-8")
    assert first["text"] in source  # verbatim


def test_text_output_for_a_person(e5_storage: Path):
    result = run("-m", "assistant", "ask", FLAGSHIP, "--storage", str(e5_storage))
    assert result.returncode == 0
    assert result.stdout.startswith("Sở Tư pháp") and "\n[1] Thông báo" in result.stdout


def test_batch_keeps_order_and_ids(e5_index: list[str], tmp_path: Path):
    questions = [
        {"id": "a", "question": "Ai ký Kế hoạch triển khai Đề án 06 năm 2023 của tỉnh Quảng Ngãi?"},
        {"id": "b", "question": "Thủ đô của nước Pháp là thành phố nào?"},
        {"id": "c", "question": "ty le cap doi giay phep lai xe truc tuyen o Dong Nai"},
    ]
    batch = tmp_path / "q.jsonl"
    batch.write_text("\n".join(json.dumps(q, ensure_ascii=False) for q in questions), encoding="utf-8")
    result = run("-m", "assistant", "ask", "--batch", str(batch), *e5_index, "--json")
    assert result.returncode == 0, result.stderr
    answers = [json.loads(line) for line in result.stdout.splitlines()]
    assert [a["id"] for a in answers] == ["a", "b", "c"]
    assert "Đặng Văn Minh" in answers[0]["answer"]
    assert answers[1]["grounded"] is False and "Không tìm thấy" in answers[1]["answer"]
    assert answers[2]["grounded"] and "0,68%" in answers[2]["answer"]
    assert all(isinstance(a["latency_ms"], float) for a in answers)


@pytest.mark.parametrize(
    "question",
    [
        "Giá vàng hôm nay là bao nhiêu?",
        "Thời tiết ở Đồng Nai ngày mai thế nào?",
        "Đội tuyển bóng đá Việt Nam vô địch giải nào năm 2024?",
    ],
)
def test_questions_the_documents_do_not_answer_are_not_answered(e5_storage: Path, question: str):
    assert ask_json(e5_storage, question)["grounded"] is False


def test_english_question_finds_the_vietnamese_passage(e5_index: list[str]):
    obj = ask_json(e5_index, "Which agency must digitise civil-status data by Q1/2025?")
    assert obj["grounded"] and "Sở Tư pháp" in obj["answer"]


def test_province_in_the_question_selects_that_province(e5_index: list[str]):
    obj = ask_json(e5_index, "Chủ tịch UBND tỉnh Nghệ An phát biểu kết luận hội nghị là ai?")
    assert "Lê Hồng Vinh" in obj["answer"]
    assert all("Nghệ An" in c["title"] for c in obj["citations"])


@pytest.mark.parametrize("question, code", [("   ", 2), ("x" * 2001, 2)])
def test_bad_questions_get_a_vietnamese_message_and_nonzero_exit(e5_storage: Path, question: str, code: int):
    result = run("-m", "assistant", "ask", question, "--storage", str(e5_storage))
    assert result.returncode == code
    assert result.stderr.startswith("Lỗi:") and "Traceback" not in result.stderr


def test_missing_index_is_reported(tmp_path: Path):
    result = run("-m", "assistant", "ask", FLAGSHIP, "--storage", str(tmp_path / "none"))
    assert result.returncode == 1 and "Chưa có chỉ mục" in result.stderr and "Traceback" not in result.stderr


def test_a_question_that_is_not_valid_text_gets_a_vietnamese_message(e5_storage: Path):
    # Bytes that are not UTF-8 reach Python as lone surrogates (surrogateescape).
    question = b"S\xed\xa0\x80 h\xe1\xbb\x8fi".decode("utf-8", "surrogateescape")
    result = run("-m", "assistant", "ask", question, "--storage", str(e5_storage))
    assert result.returncode == 2
    assert result.stderr.startswith("Lỗi: Câu hỏi có ký tự không hợp lệ (mã U+DCED, ký tự thứ 2)")
