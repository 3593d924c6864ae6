"""Dates and periods: deadlines to the last allowed day (every form directives use, with and
without diacritics), and the years a text is about."""

from datetime import date

import pytest

from vn.dates import (
    date_span,
    find_deadline,
    first_day,
    issue_dates,
    parse_day,
    parse_deadline,
    period_in,
    subject_years,
    year_periods,
    years_asked,
    years_reported,
)


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


def test_a_baseline_year_stands_for_the_year_reported():
    text = "năm 2024 tỉnh tăng 18 bậc so với năm 2023; số hóa hồ sơ tăng 12,3% so với cùng kỳ năm 2023"
    assert years_reported(text) == {"2024"}


def test_references_and_the_programme_period_name_no_year():
    text = (
        "Thành viên Tổ công tác (Quyết định số 4623/QĐ-UBND ngày 15/8/2022); Đề án 06 giai đoạn 2022 - 2025, "
        "tầm nhìn đến năm 2030; Nghị định số 104/2022/NĐ-CP"
    )
    assert years_reported(text) == frozenset()
    assert years_reported("hoàn thành trước ngày 30/5/2025") == {"2025"}  # a deadline is a date in that year


def test_a_document_is_about_its_title_year_else_its_most_named_years():
    title = (
        "Triển khai Quyết định số 06/QĐ-TTg ngày 06/01/2022 … giai đoạn 2022 - 2025, tầm nhìn đến năm 2030 … năm 2023"
    )
    assert subject_years(title, "năm 2024 năm 2024 năm 2024") == {"2023"}
    news = "năm 2024 tăng 18 bậc; năm 2024 đi đầu; Kế hoạch năm 2024; nhiệm vụ năm 2025; tầm nhìn đến năm 2030"
    assert subject_years("Hội nghị Đề án 06", news) == {"2024"}
    notice = "năm 2024 " * 6 + "năm 2025 " * 7
    assert subject_years("", notice) == {"2024", "2025"}
    assert subject_years("", "không có năm") == frozenset()
    # A title naming only its period is about the whole period, not the year its text cites most.
    plan = "Kế hoạch phát triển Chính quyền số tỉnh giai đoạn 2026-2030"
    assert subject_years(plan, "Quyết định số 2629/QĐ-TTg năm 2025; năm 2025; năm 2025") == {str(y) for y in range(2026, 2031)}


def test_a_question_dates_its_source_by_day_or_month():
    assert issue_dates("Theo kết luận ngày 31/01/2024 của Quyền Chủ tịch") == ("2024-01-31",)
    assert issue_dates("Theo thông báo kết luận tháng 12/2024, quyết định số mấy?") == ("2024-12",)
    assert issue_dates("hoàn thành chậm nhất trong quý I/2025") == ()


def test_days_in_both_spellings_and_iso_spans():
    assert first_day("Kon Tum, ngày 25 tháng 01 năm 2024") == "2024-01-25"
    assert first_day("Ngày 25/12/2024, tại trụ sở UBND tỉnh", opening=True) == "2024-12-25"
    assert first_day("Hội nghị ngày 25/12/2024", opening=True) == ""
    assert parse_day("31/03/2025").isoformat() == parse_day("2025-03-31").isoformat() == "2025-03-31"
    assert parse_day("31/02/2025") is None and parse_day("quý I") is None
    assert date_span("2024-02") == ("2024-02-01", "2024-02-29") and date_span("2023") == ("2023-01-01", "2023-12-31")


def test_periods_named_by_year_are_found_but_not_days_or_references():
    text = "Trong quý I/2025 và năm 2024, 6 tháng đầu năm 2023, theo Kế hoạch 63/KH-UBND ngày 03/02/2023; 2022"
    found = [text[a:b] for a, b in year_periods(text)]
    assert found == ["quý I/2025", "năm 2024", "6 tháng đầu năm 2023", "2022"]


def test_a_review_is_about_the_year_before_its_outlook():
    title = "Kết luận tại Hội nghị sơ kết 02 năm thực hiện Đề án 06 và phương hướng, nhiệm vụ trọng tâm năm 2024"
    assert subject_years(title, "") == {"2023", "2024"}
    assert subject_years("Báo cáo kết quả năm 2024 và phương hướng nhiệm vụ năm 2025", "") == {"2024", "2025"}
    assert subject_years("Kế hoạch thực hiện nhiệm vụ năm 2023", "") == {"2023"}  # a plan looks ahead only


def test_a_programmes_period_in_a_question_is_not_the_asked_year():
    assert years_asked("Báo cáo sơ kết Đề án giai đoạn 2018-2025 phải gửi trước ngày nào?") == ()
    assert years_asked("Quyết định 4623/QĐ-UBND ngày 15/8/2022 giao Sở nào chủ trì?") == ()
    assert years_asked("Năm 2024 tỉnh đạt bao nhiêu, so với kế hoạch giai đoạn 2021 - 2025?") == ("2024",)


def test_days_news_and_english_pages_write_without_a_year():
    from vn.dates import day_spans_without_year

    def found(text: str) -> list[str]:
        return [text[a:b] for a, b in day_spans_without_year(text)]

    assert found("Sáng 27/1, UBND tỉnh tổ chức hội nghị; chiều ngày 22/7 họp tiếp") == ["Sáng 27/1", "chiều ngày 22/7"]
    assert found("On the afternoon of July 22, and on February 13, 2025, or by 15 May 2021") == [
        "July 22",
        "February 13, 2025",
        "15 May 2021",
    ]
    assert found("đạt 24/29 nhiệm vụ, ngày 45/13, trang bị máy 15 chiếc") == []
    # A portal's stamp is a date, not a figure; a period is neither a stamp nor a month.
    assert found("date 2025-06 Phó Chủ tịch ký; cập nhật 2024-12-25") == ["2025-06", "2024-12-25"]
    assert found("giai đoạn 2022-2025, năm 2024") == []
