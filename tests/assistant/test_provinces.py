"""Questions that name a province, over a real index: the provinces merged on
1 July 2025 answer for each other, and a document of unknown province is not dropped."""

from __future__ import annotations

import pytest

from assistant.service import Assistant
from index.config import Settings
from tests.conftest import run, write_plan_excerpt

QUESTION = "Cơ quan nào chủ trì số hóa 100% dữ liệu hộ tịch ở {}?"


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory, minilm: str) -> Assistant:
    folder = tmp_path_factory.mktemp("provinces")
    docs = folder / "docs"
    docs.mkdir()
    write_plan_excerpt(docs / "binh-dinh_2023_ke-hoach.txt", province="Bình Định")
    # No province anywhere: not in its text, not in its file name.
    (docs / "tin-hoi-nghi.txt").write_text(
        "Hội nghị sơ kết Đề án 06\n\nSáng 27/1, UBND tỉnh tổ chức Hội nghị sơ kết 2 năm thực hiện Đề án 06. "
        "Tỷ lệ hồ sơ trực tuyến toàn trình đạt 41,5%, tăng 12 điểm so với năm trước.\n",
        encoding="utf-8",
    )
    settings = Settings(storage=folder / "storage", embedder=minilm, chroma_host=None)
    result = run("-m", "ingest", str(docs), "--storage", str(settings.storage), env={"DIRECTIVE_EMBEDDER": minilm})
    assert result.returncode == 0, result.stderr
    return Assistant(settings)


def test_a_province_answers_from_its_own_documents_without_a_note(assistant: Assistant):
    answer, _ = assistant.ask(QUESTION.format("Bình Định"))
    assert answer.grounded and "Sở Tư pháp" in answer.answer and "nay thuộc" not in answer.answer


def test_a_province_after_2025_answers_from_the_one_it_absorbed_and_says_so(assistant: Assistant):
    answer, _ = assistant.ask(QUESTION.format("Gia Lai"))
    assert answer.grounded and "Sở Tư pháp" in answer.answer
    assert "Văn bản của tỉnh Bình Định, nay thuộc tỉnh Gia Lai" in answer.answer
    assert len(answer.answer) <= 400


def test_a_province_merged_elsewhere_does_not_answer(assistant: Assistant):
    answer, _ = assistant.ask(QUESTION.format("Đồng Nai"))
    assert not answer.grounded


def test_a_document_of_unknown_province_stays_in_a_province_question(assistant: Assistant):
    answer, _ = assistant.ask("Tỷ lệ hồ sơ trực tuyến toàn trình ở Quảng Ngãi đạt bao nhiêu?")
    assert answer.grounded and "41,5%" in answer.answer

