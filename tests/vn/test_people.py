"""People named in directives and in the English pages of provincial portals."""

from vn.people import PERSON, person_name


def names(text: str) -> list[str]:
    return [person_name(m) for m in PERSON.finditer(text)]


def test_a_vietnamese_title_then_a_name():
    assert names("Đồng chí Nguyễn Anh Tú – Phó Chủ tịch UBND huyện chủ trì cuộc họp.") == ["Nguyễn Anh Tú"]
    assert names("CHỦ TỊCH Đặng Văn Minh") == ["Đặng Văn Minh"]


def test_an_english_title_before_or_after_the_name():
    text = (
        "Minister of Public Security General Luong Tam Quang, Head of the Working Group, chaired the meeting; "
        "Mai Xuan Liem, Vice Chairman of the Provincial People's Committee, and Deputy Minister Nguyen Van Long attended."
    )
    assert names(text) == ["Luong Tam Quang", "Mai Xuan Liem", "Nguyen Van Long"]


def test_english_titles_are_capitalised_words_not_common_ones():
    assert names("the general plan Nguyen Van A drafted") == []
    assert names("Binh Duong, Dong Nai and Ha Nam digitised land data") == []
