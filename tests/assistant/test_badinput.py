"""What a person or a program may send that cannot be taken as it is: each
refused with a Vietnamese message that can itself be sent back."""

from __future__ import annotations

import re

import pytest

from assistant.badinput import displayable, kind_of, text_problem, without_controls
from assistant.filter_input import chosen_filters, parse_day
from vn.records import DocumentMeta

DOCS = {
    "qn": DocumentMeta("qn", "qn.txt", "", "Kế hoạch", "Đề án 06", province="Quảng Ngãi", date="2023-02-03"),
    "dn": DocumentMeta("dn", "dn.txt", "", "Thông báo", "Kết luận", province="Đồng Nai", date="2024-01-31"),
}


def test_a_lone_surrogate_is_named_and_every_message_can_be_encoded():
    problem = text_problem("Sở Tư pháp \ud800 làm gì?")
    assert problem and "U+D800" in problem and "ký tự thứ 12" in problem
    problem.encode("utf-8")
    assert text_problem("Sở Tư pháp làm gì? 😀") is None
    assert displayable("a\udcffb") == "a\ufffdb"
    assert without_controls("Sở\x00Y tế\x1b[31m\tnăm 2024\n") == "Sở Y tế [31m\tnăm 2024\n"
    assert kind_of(5) == "số" and kind_of({"a": 1}) == "đối tượng" and kind_of(None).startswith("giá trị rỗng")


@pytest.mark.parametrize(
    ("filters", "message"),
    [
        (("Quảng Ngãi", None, "", ""), "tỉnh (provinces) phải là một danh sách"),
        (([5], None, "", ""), "có mục là số"),
        ((["Atlantis"], None, "", ""), "Không nhận ra tỉnh, thành phố 'Atlantis'. Các tỉnh có văn bản trong thư viện: Quảng Ngãi, Đồng Nai"),
        ((["Qu\ud800ng"], None, "", ""), "chuỗi có ký tự không hợp lệ"),
        ((None, {"id": "qn"}, "", ""), "văn bản (doc_ids) phải là một danh sách"),
        ((None, ["khong-co"], "", ""), "Không có văn bản mã 'khong-co'"),
        ((None, None, 20240101, ""), "từ ngày (date_from) phải là một chuỗi ngày"),
        ((None, None, "", "31/02/2025"), "dd/mm/yyyy"),
        ((None, None, "2025-01-01", "2024-01-01"), "sau ngày kết thúc"),
    ],
)
def test_each_wrong_filter_gets_its_own_message(filters, message):
    with pytest.raises(ValueError, match=re.escape(message)) as e:  # FilterError, or the registry's for a date
        chosen_filters(*filters, DOCS)
    str(e.value).encode("utf-8")


def test_filters_take_provinces_however_they_are_written():
    chosen = chosen_filters(["tỉnh Đồng Nai", "quang ngai", " "], ["qn"], "2023-01-01 00:00:00", "31/12/2024", DOCS)
    assert chosen.provinces == ("Đồng Nai", "Quảng Ngãi") and chosen.doc_ids == ("qn",)
    assert (chosen.date_from, chosen.date_to) == ("2023-01-01", "2024-12-31")
    assert chosen_filters(None, [], None, "", DOCS) == chosen_filters([], None, "", None, DOCS)
    assert parse_day("") == "" and parse_day("05/01/2025") == "2025-01-05"
