"""Agency names: list expansion, aliases, and where a name ends in a sentence."""

import pytest

from vn.agencies import canonical, is_bare_head, same_agency, scan_list, split_agencies, tokenize
from vn.assignments import find_assignment


@pytest.mark.parametrize(
    "text, names",
    [
        (
            "Các sở: Tư pháp, Y tế, Lao động - Thương binh và Xã hội",
            ["Sở Tư pháp", "Sở Y tế", "Sở Lao động - Thương binh và Xã hội"],
        ),
        # A comma inside a name: the pieces that together are a known name stay one.
        (
            "Các sở: Tư pháp, Lao động, Thương binh và Xã hội, Văn hóa, Thể thao và Du lịch; Công an tỉnh",
            ["Sở Tư pháp", "Sở Lao động - Thương binh và Xã hội", "Sở Văn hóa, Thể thao và Du lịch", "Công an tỉnh"],
        ),
        (
            "Văn phòng UBND tỉnh; các sở: Nội vụ, Tài chính, Kế hoạch và Đầu tư; Bảo hiểm xã hội tỉnh.",
            ["Văn phòng UBND tỉnh", "Sở Nội vụ", "Sở Tài chính", "Sở Kế hoạch và Đầu tư", "Bảo hiểm xã hội tỉnh"],
        ),
        (
            "Công an tỉnh, Sở Văn hóa, Thể thao và Du lịch, Sở Y tế.",
            ["Công an tỉnh", "Sở Văn hóa, Thể thao và Du lịch", "Sở Y tế"],
        ),
        # A plural addressee is one name, commas and all.
        (
            "Các sở, ban ngành; UBND các huyện, thị xã, thành phố.",
            ["Các sở, ban, ngành", "UBND các huyện, thị xã, thành phố"],
        ),
        ("Sở Nội vụ và Văn phòng UBND tỉnh", ["Sở Nội vụ", "Văn phòng UBND tỉnh"]),
        ("Sở Tài nguyên và Môi trường", ["Sở Tài nguyên và Môi trường"]),
        ("Công an tỉnh và các cơ quan, đơn vị liên quan.", ["Công an tỉnh", "Các cơ quan, đơn vị liên quan"]),
        # One committee named for several local units.
        (
            "UBND huyện Bình Sơn, Thành phố Quảng Ngãi, thị xã Đức Phổ",
            ["UBND huyện Bình Sơn", "UBND thành phố Quảng Ngãi", "UBND thị xã Đức Phổ"],
        ),
    ],
)
def test_lists_expand_into_whole_names(text, names):
    assert split_agencies(text) == names


@pytest.mark.parametrize(
    "variant, name",
    [
        ("Sở TT&TT", "Sở Thông tin và Truyền thông"),
        ("Sở Thông tin và Truyền thông", "Sở Thông tin và Truyền thông"),
        ("Sở LĐ-TB&XH", "Sở Lao động - Thương binh và Xã hội"),
        ("Sở Lao động – Thương binh và Xã hội", "Sở Lao động - Thương binh và Xã hội"),
        ("Ủy ban nhân dân các huyện, thị xã, thành phố", "UBND các huyện, thị xã, thành phố"),
        ("Uỷ ban nhân dân tỉnh", "UBND tỉnh"),
        ("Văn phòng Ủy ban nhân dân tỉnh", "Văn phòng UBND tỉnh"),
        ("Tinh đoàn", "Tỉnh đoàn"),  # the typo in a conclusion notice
        ("CA tỉnh", "Công an tỉnh"),
        ("Công an tỉnh", "Công an tỉnh"),
        ("BHXH tỉnh", "Bảo hiểm xã hội tỉnh"),
        ("so tu phap", "Sở Tư pháp"),  # typed without diacritics
        ("Sở Khoa học và Công nghệ Gia Lai", "Sở Khoa học và Công nghệ Gia Lai"),  # unknown: kept as written
    ],
)
def test_variants_fold_to_one_name(variant, name):
    assert canonical(variant) == name


def test_a_filter_finds_the_agency_however_it_is_typed():
    assert same_agency("Sở TT&TT", "Sở Thông tin và Truyền thông")
    assert same_agency("so thong tin va truyen thong", "Sở Thông tin và Truyền thông")
    assert same_agency("Công an", "Công an tỉnh")
    assert not same_agency("UBND", "Văn phòng UBND tỉnh")
    assert not same_agency("Sở Tư pháp", "Sở Tài chính")


@pytest.mark.parametrize(
    "sentence, names",
    [
        ("Sở Nội vụ chủ trì, phối hợp Sở Thông tin và Truyền thông", "Sở Nội vụ"),
        ("Sở Thông tin và Truyền thông khẩn trương đẩy nhanh tiến độ", "Sở Thông tin và Truyền thông"),
        ("Sở Y tế nâng cấp hệ thống.", "Sở Y tế"),
        (
            "Công an tỉnh, Bảo hiểm xã hội tỉnh, Sở Y tế... tiếp tục trao đổi",
            "Công an tỉnh, Bảo hiểm xã hội tỉnh, Sở Y tế",
        ),
        ("các sở, ban, ngành, địa phương tập trung thực hiện", "các sở, ban, ngành, địa phương"),
        ("Công tác tham mưu, chỉ đạo", None),
        ("Hội nghị đánh giá kết quả", None),
        ("ban ngành", None),
    ],
)
def test_where_a_list_of_names_ends_in_a_sentence(sentence, names):
    tokens = tokenize(sentence)
    end = scan_list(tokens, 0)
    assert (sentence[: tokens[end - 1].end] if end else None) == names


def test_a_head_in_lower_case_before_a_capitalised_name_starts_one():
    found = find_assignment("Đồng chí đề nghị phòng Nội vụ huyện chủ trì, phối hợp với các đơn vị liên quan xây dựng báo cáo")
    assert found is not None and found.lead == ("Phòng Nội vụ huyện",)


def test_ban_chi_dao_is_taken_whole_and_a_bare_head_is_no_agency():
    found = find_assignment("Ban Chỉ đạo Đề án 06 tỉnh chủ trì, phối hợp Sở Nội vụ tổ chức hội nghị.")
    assert found is not None and found.lead == ("Ban Chỉ đạo Đề án 06 tỉnh",) and found.support == ("Sở Nội vụ",)
    # "chỉ đạo" in lower case reads as a verb: the subject is not an agency called "Ban".
    assert find_assignment("Ban chỉ đạo cải cách hành chính huyện chuẩn bị các nội dung phục vụ họp sơ kết") is None
    assert is_bare_head("Ban") and is_bare_head("Sở") and not is_bare_head("UBND") and not is_bare_head("Sở Y tế")


def test_agency_spans_in_running_text():
    from vn.agencies import agency_spans

    text = (
        "Ban chỉ đạo cải cách hành chính huyện chuẩn bị các nội dung; giao phòng Nội vụ huyện chủ trì, "
        "phối hợp với Văn phòng HĐND và UBND huyện."
    )
    assert [text[a:b] for a, b in agency_spans(text)] == [
        "Ban chỉ đạo cải cách hành chính huyện",
        "phòng Nội vụ huyện",
        "Văn phòng HĐND và UBND huyện",
    ]
