from index.lexical import BM25Index
from index.text import folded_tokens, word_tokens
from vn.vocabulary import expand_abbreviations


def test_word_tokens_take_the_segmenter_as_a_callable():
    assert word_tokens("Số hoá dữ liệu", segment=lambda s: s.split()) == ["số", "hóa", "dữ", "liệu"]


def test_underthesea_joins_compound_words_and_drops_question_words():
    tokens = word_tokens("Cơ quan nào phải số hóa dữ liệu hộ tịch?")
    assert "dữ_liệu" in tokens and "hộ_tịch" in tokens
    assert "nào" not in tokens and "?" not in tokens


def test_accent_free_tokens_match_both_spellings():
    assert set(folded_tokens("so hoa du lieu ho tich")) <= set(folded_tokens("Số hóa dữ liệu hộ tịch"))
    assert "ho_tich" in folded_tokens("hộ tịch")


def test_abbreviations_and_full_forms_find_each_other():
    assert "bảo hiểm y tế" in expand_abbreviations("thẻ BHYT")
    assert "BHYT" in expand_abbreviations("thẻ bảo hiểm y tế")


def test_bm25_ranks_the_matching_passage_first_and_honours_the_mask():
    import numpy as np

    index = BM25Index([folded_tokens("giấy phép lái xe"), folded_tokens("hộ tịch điện tử"), folded_tokens("hộ tịch")])
    scores = index.scores(folded_tokens("ho tich"))
    assert scores[0] == 0 and scores[1] > 0 and scores[2] > 0
    masked = index.scores(folded_tokens("ho tich"), np.array([1.0, 0.0, 1.0]))
    assert masked[1] == 0 and masked[2] > 0
    assert index.idf("xe") > index.idf("ho") and index.idf("never-seen") >= index.idf("xe")
