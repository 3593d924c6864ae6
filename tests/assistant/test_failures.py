"""The kinds of question the assistant once answered confidently and wrongly, over
the real index of the samples: each answered rightly or with "không tìm thấy"."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from assistant.service import Assistant
from index.config import Settings


@pytest.fixture(scope="module")
def assistant(e5_storage: Path) -> Assistant:
    # "Today" fixed, so that what is overdue does not move with the calendar.
    return Assistant(Settings(storage=e5_storage, today="2025-02-15"))


def ask(assistant: Assistant, question: str):
    return assistant.ask(question)[0]


def test_how_many_tasks_is_the_registrys_count(assistant: Assistant):
    answer = ask(assistant, "Kế hoạch năm 2023 của Quảng Ngãi có bao nhiêu nhiệm vụ?")
    plan = [t for t in assistant.tasks.tasks if t.doc_id.startswith("quang-ngai-2023")]
    assert answer.grounded and f"{len(plan)} nhiệm vụ" in answer.answer
    assert answer.citations and answer.citations[0].chunk.doc_id.startswith("quang-ngai-2023")


def test_overdue_tasks_are_reckoned_from_today(assistant: Assistant):
    answer = ask(assistant, "Những nhiệm vụ nào đã quá hạn?")
    assert answer.grounded and "đã qua hạn tính đến 15/02/2025" in answer.answer
    due = [t.due for t in assistant.tasks.tasks if t.due and t.due < "2025-02-15"]
    assert f"Có {len(due)} nhiệm vụ" in answer.answer


def test_upcoming_tasks_come_within_the_next_days(assistant: Assistant):
    later = replace(assistant.settings, today="2025-03-10")
    answer = Assistant(later).ask("Nhiệm vụ nào sắp đến hạn?")[0]
    # Sở Tư pháp's "chậm nhất trong quý I/2025" ends on 31/03/2025.
    assert answer.grounded and "Đẩy nhanh tiến độ số hóa dữ liệu hộ tịch" in answer.answer


def test_a_task_question_without_diacritics_keeps_its_period(assistant: Assistant):
    answer = ask(assistant, "so tu phap phai lam gi trong quy 1 2025")
    # Sở Tư pháp's task of quý I/2025, not its tasks of 2023.
    assert answer.grounded and "Đẩy nhanh tiến độ số hóa dữ liệu hộ tịch" in answer.answer
    assert "2023" not in answer.answer


def test_a_definition_is_answered_with_it_or_not_at_all(assistant: Assistant):
    answer = ask(assistant, "Đề án 06 là gì?")
    assert not answer.grounded or "dữ liệu" in answer.answer.lower()


def test_a_year_the_documents_do_not_cover_is_not_answered_with_another_years_figure(assistant: Assistant):
    answer = ask(assistant, "Tỷ lệ cấp đổi giấy phép lái xe trực tuyến ở Đồng Nai năm 2031 là bao nhiêu?")
    assert not answer.grounded


def test_a_person_the_question_excludes_is_not_the_answer(assistant: Assistant):
    answer = ask(assistant, "Ngoài đồng chí Võ Tấn Đức, ai chủ trì Hội nghị sơ kết 02 năm Đề án 06 của tỉnh Đồng Nai?")
    assert not answer.answer.startswith("Võ Tấn Đức")
