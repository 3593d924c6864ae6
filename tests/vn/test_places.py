"""The gazetteer: provinces old and new, with and without diacritics, the 2025 arrangement, districts."""

from __future__ import annotations

import pytest

from vn.places import (
    find_districts,
    formed_from,
    gazetteer,
    is_place_name,
    merged_into,
    now_together,
    province_of,
    provinces_in,
    same_province,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kế hoạch Đề án 06 của tỉnh Quảng Nam", ["Quảng Nam"]),
        # Without accents a province and the word "năm" read as another province.
        ("Tuyen Quang nam 2024 giao co quan nao so hoa ho tich?", ["Tuyên Quang"]),
        ("Tuyên Quang năm 2024", ["Tuyên Quang"]),
        ("Quang Nam nam 2024", ["Quảng Nam"]),
        ("Dong Nai va Quang Ngai", ["Đồng Nai", "Quảng Ngãi"]),
        ("Quảng Nam và Tuyên Quang", ["Quảng Nam", "Tuyên Quang"]),
        # One place named twice, the longer name wins.
        ("Huế, Thừa Thiên Huế và Hà Nội", ["Thừa Thiên Huế", "Hà Nội"]),
        ("Sở Tư pháp phải làm gì?", []),
    ],
)
def test_provinces_in(text: str, expected: list[str]) -> None:
    assert provinces_in(text) == expected


def test_the_gazetteer_holds_63_provinces_before_and_34_after_the_arrangement():
    table = gazetteer()
    assert len(table) == 63
    after = {p.merged_into for p in table.values()}
    assert len(after) == 34
    # Every province before 2025 is in exactly one province after it.
    assert sorted(name for new in after for name in formed_from(new)) == sorted(table)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("Kon Tum", "Quảng Ngãi"),
        ("kon tum", "Quảng Ngãi"),
        ("Kontum", "Quảng Ngãi"),
        ("Bình Dương", "Hồ Chí Minh"),
        ("ba ria vung tau", "Hồ Chí Minh"),
        ("TP.HCM", "Hồ Chí Minh"),
        ("Đắk Nông", "Lâm Đồng"),
        ("Thừa Thiên Huế", "Huế"),
        ("Hue", "Huế"),
        ("Hà Nội", "Hà Nội"),
    ],
)
def test_each_province_before_2025_belongs_to_one_after(old: str, new: str) -> None:
    assert merged_into(old) == new


def test_a_merged_province_and_the_ones_it_absorbed():
    assert formed_from("Gia Lai") == formed_from("binh dinh")
    assert set(formed_from("Gia Lai")) == {"Gia Lai", "Bình Định"}
    assert now_together("Gia Lai") == ("Bình Định",) and now_together("Bình Định") == ("Gia Lai",)
    assert set(now_together("Hồ Chí Minh")) == {"Bình Dương", "Bà Rịa - Vũng Tàu"}
    assert now_together("Nghệ An") == ()  # not rearranged
    assert formed_from("Atlantis") == () and merged_into("") == ""


def test_names_run_together_or_hyphenated_are_found():
    assert provinces_in("HANOI, ha-noi; Quang-Ngai va BinhDinh") == ["Hà Nội", "Quảng Ngãi", "Bình Định"]


def test_names_and_spellings_stand_for_one_province():
    assert same_province("Huế", "Thừa Thiên Huế") and same_province("tp hcm", "Hồ Chí Minh")
    assert not same_province("Quảng Nam", "Quảng Ngãi") and not same_province("", "")
    assert province_of("Đắc Lắc") == "Đắk Lắk" and province_of("Sở Tư pháp") == ""
    assert is_place_name("Quảng Ngãi") and not is_place_name("Võ Công Sơn")


def test_a_district_named_with_its_kind_tells_its_province():
    found = find_districts("UBND huyện Lắk; thị xã Đức Phổ; huyen binh son; TP. Quy Nhơn; quận 1")
    assert [(p.name, p.province) for p in found] == [
        ("Lắk", "Đắk Lắk"),
        ("Đức Phổ", "Quảng Ngãi"),
        ("Bình Sơn", "Quảng Ngãi"),
        ("Quy Nhơn", "Bình Định"),
        ("1", "Hồ Chí Minh"),
    ]
    # A name several provinces have says nothing; a bare name may be a word.
    assert find_districts("huyện Châu Thành") == [] and find_districts("thống nhất ý kiến") == []
