"""Questions in one language over texts in the other, over a real index the test writes:
a Vietnamese question finds an English page of a provincial portal by the glossary's English
for its terms, and an English question a Vietnamese plan by their Vietnamese. And news as
portals write it, in either language: the day stands in the lead clause, the question
restates the event in the words of the sentences after it."""

from __future__ import annotations

import pytest

from assistant.service import Assistant
from index.config import Settings
from tests.conftest import run, write_plan_excerpt

# An English page as provincial portals publish them: a dateline, then the news.
PAGE = (
    "Ninh Binh reviews digital transformation in the first 6 months\n\n"
    "On the morning of July 5, the Steering Committee for Digital Transformation of Ninh Binh province held "
    "an online conference to review the first 6 months of the year. The conference was connected to 143 "
    "bridge points in communes and wards.\n\n"
    "Regarding digital data, the Open Data Portal of the province publishes 312 open databases in 18 fields.\n\n"
    "Tran Song Tung, Vice Chairman of the Provincial People's Committee, chaired the conference.\n"
)
NEWS = (
    "Hà Giang sơ kết công tác cải cách hành chính\n\n"
    "Sáng 14/3, UBND tỉnh tổ chức Hội nghị sơ kết công tác cải cách hành chính quý I và triển khai nhiệm vụ "
    "chuyển đổi số của tỉnh Hà Giang, kết nối trực tuyến tới các huyện, thành phố.\n\n"
    "Ông Nguyễn Văn Sơn, Chủ tịch UBND tỉnh và ông Hoàng Gia Long, Phó Chủ tịch UBND tỉnh dự hội nghị "
    "sơ kết công tác cải cách hành chính quý I.\n\n"
    "Tỷ lệ hồ sơ trực tuyến toàn tỉnh đạt 81,2%.\n\n"
    "Ngày 26/3/2024, tỉnh đã tổ chức Ngày chuyển đổi số với chủ đề “Chuyển đổi số vì người dân”; "
    "trong sự kiện đã trao giải cuộc thi sáng kiến chuyển đổi số.\n"
)


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory, minilm: str) -> Assistant:
    folder = tmp_path_factory.mktemp("languages")
    docs = folder / "docs"
    docs.mkdir()
    write_plan_excerpt(docs / "quang-ngai_2023_ke-hoach.txt")
    (docs / "ninh-binh_2024-07-05_en-review-digital-transformation.txt").write_text(PAGE, encoding="utf-8")
    (docs / "ha-giang_2025-03-14_tin-so-ket-cai-cach-hanh-chinh.txt").write_text(NEWS, encoding="utf-8")
    settings = Settings(storage=folder / "storage", embedder=minilm, chroma_host=None)
    result = run("-m", "ingest", str(docs), "--storage", str(settings.storage), env={"DIRECTIVE_EMBEDDER": minilm})
    assert result.returncode == 0, result.stderr
    return Assistant(settings)


@pytest.mark.parametrize(
    "question, expected",
    [
        ("Hội nghị trực tuyến của Ninh Bình được kết nối tới bao nhiêu điểm cầu?", "143"),
        ("Cổng dữ liệu mở của tỉnh Ninh Bình có bao nhiêu cơ sở dữ liệu mở?", "312"),
    ],
)
def test_a_vietnamese_question_is_answered_from_an_english_page(assistant: Assistant, question: str, expected: str):
    answer, _ = assistant.ask(question)
    assert answer.grounded and expected in answer.answer
    assert answer.citations[0].chunk.doc_id.startswith("ninh-binh")


def test_an_english_question_is_answered_from_a_vietnamese_plan(assistant: Assistant):
    answer, _ = assistant.ask("Which agency must digitise civil-status data in Quang Ngai?")
    assert answer.grounded and "Sở Tư pháp" in answer.answer


def test_what_the_english_page_does_not_say_is_not_found(assistant: Assistant):
    answer, _ = assistant.ask("Ninh Bình đã cấp bao nhiêu chữ ký số cho người dân?")
    assert not answer.grounded


@pytest.mark.parametrize(
    "question, expected",
    [
        ("Tỉnh Ninh Bình tổ chức hội nghị trực tuyến sơ kết 6 tháng về chuyển đổi số vào ngày nào?", "July 5"),
        ("Who chaired Ninh Binh's online conference reviewing digital transformation in the first 6 months?", "Tran Song Tung"),
        (
            "Hội nghị sơ kết công tác cải cách hành chính quý I có ông Nguyễn Văn Sơn, Chủ tịch UBND tỉnh Hà Giang "
            "dự được tổ chức ngày nào?",
            "14/3",
        ),
    ],
)
def test_news_is_answered_with_the_asked_day_or_name_not_the_sentence_that_restates_the_event(
    assistant: Assistant, question: str, expected: str
):
    answer, _ = assistant.ask(question)
    assert answer.grounded and expected in answer.key, answer.answer



def test_an_event_dated_in_another_year_is_not_the_asked_years(assistant: Assistant):
    # A news page of 2025 recalls the day of 2024: its theme is 2024's, not 2025's.
    theme = "Chuyển đổi số vì người dân"
    answer, _ = assistant.ask("Ngày chuyển đổi số tỉnh Hà Giang năm 2024 có chủ đề gì?")
    assert answer.grounded and theme in answer.answer, answer.answer
    answer, _ = assistant.ask("Ngày chuyển đổi số tỉnh Hà Giang năm 2025 có chủ đề gì?")
    assert not answer.grounded, answer.answer
