"""Reading a question: pure functions."""

from assistant.query import parse_query, source_types


def test_a_question_names_its_source_type_not_the_type_it_asks_for():
    assert source_types("Ai ký Kế hoạch triển khai Đề án 06 năm 2024?") == ("Kế hoạch",)
    assert source_types("Theo thông báo kết luận tháng 12/2024, …") == ("Thông báo",)
    assert source_types("Kết quả phải được lồng ghép vào báo cáo nào?") == ()
    assert parse_query("Ai ký Kế hoạch năm 2024?").doc_types == ("Kế hoạch",)


def test_an_abbreviated_type_names_the_source_but_not_inside_a_number():
    from vn.vocabulary import spell_out

    assert parse_query("KH CĐS năm 2023 của UBND tỉnh Hải Dương có số hiệu là gì?").doc_types == ("Kế hoạch",)
    assert spell_out("Theo KH số 1914/KH-UBND về CĐS") == "Theo Kế hoạch số 1914/KH-UBND về chuyển đổi số"


def test_an_english_question_may_quote_vietnamese_names_and_numbers():
    assert parse_query("Which agency leads Đề án 06 in Quảng Ngãi?").english
    assert parse_query("By what date must provinces report on Decision 1898/QĐ-TTg to the Committee?").english
    assert not parse_query("Sở Tư pháp phải làm gì trong quý I/2025?").english
    assert not parse_query("so tu phap phai lam gi trong quy 1 2025").english
