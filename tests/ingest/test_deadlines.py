"""Deadline text to the last allowed day: every form directives use, with and without diacritics."""

from datetime import date

import pytest

from ingest.deadlines import find_deadline, parse_deadline, period_in


@pytest.mark.parametrize(
    "text, due, recurring, conditional",
    [
        ("Tháng 02/2023.", date(2023, 2, 28), False, False),
        ("Trong tháng 02/2023.", date(2023, 2, 28), False, False),
        ("tháng 2 năm 2024", date(2024, 2, 29), False, False),
        ("Quý I/2025", date(2025, 3, 31), False, False),
        ("trong quý I/2025", date(2025, 3, 31), False, False),
        ("chậm nhất trong quý I/2025", date(2025, 3, 31), False, False),
        ("Trong Quý I/2023.", date(2023, 3, 31), False, False),
        ("Quý II/2023.", date(2023, 6, 30), False, False),
        ("Quý IV năm 2024", date(2024, 12, 31), False, False),
        ("quý 1/2025", date(2025, 3, 31), False, False),
        ("Quý 3 năm 2025", date(2025, 9, 30), False, False),
        ("Q1/2025", date(2025, 3, 31), False, False),
        ("6 tháng đầu năm 2024", date(2024, 6, 30), False, False),
        ("6 tháng cuối năm 2024", date(2024, 12, 31), False, False),
        ("Trong năm 2023.", date(2023, 12, 31), False, False),
        ("trước ngày 15/01/2025", date(2025, 1, 15), False, False),
        ("ngày 31 tháng 01 năm 2024", date(2024, 1, 31), False, False),
        ("Thường xuyên.", None, True, False),
        ("Thường xuyên .", None, True, False),
        ("Sau khi Bộ Công an triển khai (dự kiến tháng 6/2023)", date(2023, 6, 30), False, True),
        ("Sau khi Bộ Công an triển khai (dự kiến trong tháng 6/2023).", date(2023, 6, 30), False, True),
        ("Khi có hướng dẫn triển khai cụ thể của các Bộ, ngành liên quan.", None, False, True),
        # Typed without diacritics, or with the old tone marks.
        ("thang 02/2023", date(2023, 2, 28), False, False),
        ("cham nhat trong quy I/2025", date(2025, 3, 31), False, False),
        ("quy 2/2023", date(2023, 6, 30), False, False),
        ("6 thang dau nam 2024", date(2024, 6, 30), False, False),
        ("trong nam 2023", date(2023, 12, 31), False, False),
        ("truoc ngay 15/01/2025", date(2025, 1, 15), False, False),
        ("thuong xuyen", None, True, False),
        ("sau khi Bo Cong an trien khai (du kien thang 6/2023)", date(2023, 6, 30), False, True),
        ("khi co huong dan", None, False, True),
    ],
)
def test_deadline_field(text, due, recurring, conditional):
    deadline = parse_deadline(text)
    assert (deadline.due, deadline.recurring, deadline.conditional) == (due, recurring, conditional)
    assert deadline.text == text.strip()


@pytest.mark.parametrize(
    "text, doc_date, due",
    [
        ("Tháng 02", "2023", date(2023, 2, 28)),  # the document's own year
        ("quý III", "2023-03-05", date(2023, 9, 30)),
        ("trong năm nay", "2024-05-01", date(2024, 12, 31)),
        ("cuối năm", "2024", date(2024, 12, 31)),
        ("trong 30 ngày", "2023-03-05", date(2023, 4, 4)),  # counted from the document's date
        ("trước ngày 15/01", "2024-12-25", date(2025, 1, 15)),  # written in December: next January
        ("Tháng 02", "", None),  # no year anywhere: no date rather than a guess
    ],
)
def test_a_deadline_without_its_year_takes_the_documents(text, doc_date, due):
    assert parse_deadline(text, doc_date).due == due


def test_start_dates_and_dates_of_cited_documents_are_not_deadlines():
    roadmap = (
        "Lộ trình theo Nghị quyết số 50/NQ-CP ngày 08/4/2022 của Chính phủ (bộ phận một cửa cấp huyện từ "
        "01/12/2022), Chỉ thị số 02/CT-TTg ngày 26/4/2022 (số hóa từ ngày 01/7/2022)."
    )
    assert parse_deadline(roadmap).due is None
    assert parse_deadline("Bắt đầu từ tháng 4/2023").due is None


@pytest.mark.parametrize(
    "sentence, due, text",
    [
        (
            "Đẩy nhanh tiến độ số hóa dữ liệu hộ tịch của các huyện còn lại, chậm nhất trong quý I/2025 và tiếp tục làm sạch.",
            date(2025, 3, 31),
            "chậm nhất trong quý I/2025",
        ),
        (
            "Tổ chức Hội nghị giao ban Đề án 06 năm 2024 và triển khai nhiệm vụ năm 2025, hoàn thành trước ngày 15/01/2025.",
            date(2025, 1, 15),
            "trước ngày 15/01/2025",
        ),
        (
            "Ngoài các mô hình đã triển khai trong năm 2024, các sở trong năm 2025 tổ chức triển khai ít nhất 01 mô hình.",
            date(2025, 12, 31),
            "trong năm 2025",
        ),
        # The year in a cited plan's title, or a year named without a limit, is no deadline.
        ("Theo Kế hoạch số 30/KH-UBND ngày 23/01/2024 về thực hiện Đề án 06 trong năm 2024 có trách nhiệm.", None, ""),
        ("Tổ chức Hội nghị giao ban Đề án 06 năm 2024.", None, ""),
        ("Phát triển giai đoạn 2022 - 2025, tầm nhìn đến năm 2030.", None, ""),
    ],
)
def test_deadline_inside_a_task_sentence(sentence, due, text):
    deadline = find_deadline(sentence, "2024-12-25")
    assert (deadline.due, deadline.text) == (due, text)


def test_period_a_question_asks_about():
    q1 = period_in("những nhiệm vụ nào đến hạn trong quý I/2025?")
    assert q1 and (q1.first, q1.last, q1.text) == (date(2025, 1, 1), date(2025, 3, 31), "quý I/2025")
    feb = period_in("viec nao phai xong trong thang 2/2023")
    assert feb and (feb.first, feb.last) == (date(2023, 2, 1), date(2023, 2, 28))
    before = period_in("việc nào phải hoàn thành trước ngày 15/01/2025")
    assert before and (before.first, before.last, before.text) == (None, date(2025, 1, 15), "trước ngày 15/01/2025")
    assert period_in("Sở Tư pháp phải làm gì?") is None
