"""Reading a question, and the years a text is about: pure functions."""

from assistant.query import issue_dates, parse_query, source_types, subject_years, years_reported


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


def test_a_question_dates_its_source_by_day_or_month():
    assert issue_dates("Theo kết luận ngày 31/01/2024 của Quyền Chủ tịch") == ("2024-01-31",)
    assert issue_dates("Theo thông báo kết luận tháng 12/2024, quyết định số mấy?") == ("2024-12",)
    assert issue_dates("hoàn thành chậm nhất trong quý I/2025") == ()


def test_a_question_names_its_source_type_not_the_type_it_asks_for():
    assert source_types("Ai ký Kế hoạch triển khai Đề án 06 năm 2024?") == ("Kế hoạch",)
    assert source_types("Theo thông báo kết luận tháng 12/2024, …") == ("Thông báo",)
    assert source_types("Kết quả phải được lồng ghép vào báo cáo nào?") == ()
    assert parse_query("Ai ký Kế hoạch năm 2024?").doc_types == ("Kế hoạch",)
