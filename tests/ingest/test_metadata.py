"""Province names in free text: what a question's or a document's place is."""

from __future__ import annotations

import pytest

from ingest.metadata import provinces_in


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
