"""Document references: one grammar for the number and symbol, in every spelling."""

import pytest

from vn.refs import NUMBER_LINE, ref_key, refs_in, type_of_ref


@pytest.mark.parametrize(
    ("text", "refs", "doc_type"),
    [
        ("Số: 395/KH-UBND", ["395/KH-UBND"], "Kế hoạch"),
        ("Quyết định 06/2024/QĐ-UBND ngày 25/01/2024", ["06/2024/QĐ-UBND"], "Quyết định"),
        ("Chỉ thị số 37-CT/TU ngày 05/5/2023", ["37-CT/TU"], "Chỉ thị"),
        ("Nghị quyết số 57- NQ/TW ngày 22/12/2024", ["57- NQ/TW"], "Nghị quyết"),
        ("Nghị quyết số 19-2018/NQ-CP", ["19-2018/NQ-CP"], "Nghị quyết"),
        ("Tờ trình số 164/TTr- SKHCN", ["164/TTr- SKHCN"], "Tờ trình"),
        ("Công văn số 209/TCTĐA06", ["209/TCTĐA06"], ""),
        ("so 4623/qd-ubnd ngay 15/8/2022", ["4623/qd-ubnd"], "Quyết định"),
    ],
)
def test_references_and_their_types(text: str, refs: list[str], doc_type: str) -> None:
    assert refs_in(text) == refs
    assert type_of_ref(refs[0]) == doc_type


def test_figures_dates_and_periods_are_not_references():
    assert refs_in("hoàn thành 24/29 nhiệm vụ trước 15/01/2025, giai đoạn 2022-2025, Q1/2025, 1.200 hồ sơ") == []


def test_references_compare_without_spaces_or_accents():
    assert ref_key("57- NQ/TW") == ref_key("57-nq/tw") and ref_key("06/QĐ-TTg.") == ref_key("06/qd-ttg")


def test_the_number_line_of_a_header():
    assert NUMBER_LINE.search("Số:\n06/2024/QĐ-UBND").group(1) == "06/2024/QĐ-UBND"
