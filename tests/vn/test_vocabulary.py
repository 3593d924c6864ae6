"""The glossary read both ways: English questions over Vietnamese texts, Vietnamese questions over English pages."""

from vn.vocabulary import english_terms, in_english, translate_terms


def test_an_english_question_gets_its_vietnamese_terms():
    assert translate_terms("Which agency chaired the preliminary review of Project 06?") == "cơ quan nào chủ trì sơ kết Đề án 06"


def test_a_vietnamese_question_gets_the_english_of_its_terms_longest_first():
    assert english_terms("Ban Chỉ đạo chuyển đổi số tỉnh họp sơ kết") == (
        "steering committee for digital transformation province preliminary review"
    )


def test_a_one_way_row_is_not_read_back():
    # "digital" is "số", but "số" in a question is as often "number" or "số hiệu".
    assert "digital" not in english_terms("Số hiệu của văn bản là gì?")


def test_in_english_keeps_unknown_words_and_writes_names_as_english_pages_do():
    text = in_english("Đồng chí Trần Văn Nam chủ trì hội nghị trực tuyến với 35 điểm cầu vào ngày nào?")
    assert "tran van nam" in text and "chaired" in text and "online conference" in text and "bridge points" in text
    assert "35" in text
    # Words the glossary does not know stay Vietnamese: they still count as missing from an English page.
    assert "vào" in text and "ngày" in text
