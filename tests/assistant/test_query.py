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


def test_a_word_that_folds_to_a_cue_does_not_ask_for_a_figure():
    from vn.questions import intent_of

    # "bộ máy" folds to "bo may", as "mấy" does: typed with diacritics, only "mấy" asks how many.
    assert intent_of("Lấy gì làm thước đo chất lượng hoạt động của bộ máy chính quyền?") == "fact"
    assert intent_of("Kế hoạch có mấy nhiệm vụ?") == "number"
    assert intent_of("ke hoach co may nhiem vu") == "number"


def test_the_answer_comes_from_the_best_window_that_holds_the_asked_thing():
    import numpy as np

    from assistant.ranker import answer_order

    scores = np.array([0.9, 0.2, 0.5, 0.1])
    assert answer_order(scores, lambda i: i in (1, 2)).tolist() == [2, 1, 0, 3]
    assert answer_order(scores, lambda i: True).tolist() == [0, 2, 1, 3]
    assert answer_order(scores, lambda i: False).tolist() == [0, 2, 1, 3]  # none holds it: the ranker's order
