"""The forms texts are compared in."""

from vn.normalize import fold, fold_aligned, fold_tone, has_diacritics, match_form, spaced_words


def test_old_tone_marks_move_to_the_first_vowel():
    assert fold_tone("số hoá hồ sơ, sức khoẻ, thuỷ lợi, Uỷ ban") == "số hóa hồ sơ, sức khỏe, thủy lợi, Ủy ban"


def test_qu_and_closed_syllables_are_left_alone():
    assert fold_tone("quý I, hoàn thành, thuyền, hoạt") == "quý I, hoàn thành, thuyền, hoạt"


def test_both_tone_styles_compare_equal():
    assert match_form("Số hoá") == match_form("số hóa")


def test_fold_removes_all_diacritics():
    assert fold("Số hóa dữ liệu Đồng Nai") == "so hoa du lieu dong nai"
    assert not has_diacritics("so hoa du lieu")
    assert has_diacritics("số hóa")


def test_folding_keeps_offsets_and_whole_words():
    text = "Sở Tư pháp tỉnh Đắk Lắk"
    assert len(fold_aligned(text)) == len(text) and fold_aligned(text) == "so tu phap tinh dak lak"
    assert spaced_words("Số hóa: 90%!") == " so hoa 90 % "
