"""The citation check: which LLM sentences are backed by the passages they cite."""

import pytest

from assistant.citecheck import check_answer, check_sentence, facts, split_sentences

P1 = (
    "Thông báo Kết luận của Chủ tịch UBND tỉnh (UBND tỉnh Quảng Ngãi, 25/12/2024)\n"
    "II. MỘT SỐ NHIỆM VỤ CỤ THỂ CỦA THÀNH VIÊN CẦN TỔ CHỨC THỰC HIỆN TRONG NĂM 2025 > 2. Sở Tư pháp\n"
    "- Đẩy nhanh tiến độ số hóa dữ liệu hộ tịch của các huyện còn lại, chậm nhất trong quý I/2025 và tiếp tục "
    "làm sạch, kết nối với Cơ sở dữ liệu quốc gia về dân cư."
)
P2 = (
    "Thông báo Kết luận (UBND tỉnh Đồng Nai, 31/01/2024)\n"
    "Ngày 31 tháng 01 năm 2024, đồng chí Võ Tấn Đức chủ trì Hội nghị. Cấp đổi, cấp lại giấy phép lái xe mới đạt 0,68%. "
    "Theo Kế hoạch số 30/KH-UBND ngày 23/01/2024 có 03 nhiệm vụ chậm tiến độ."
)
QUESTION = "Cơ quan nào phải hoàn thành số hóa dữ liệu hộ tịch của các huyện còn lại chậm nhất trong quý I/2025?"


@pytest.mark.parametrize(
    "sentence,problem",
    [
        # supported
        ("Sở Tư pháp phải số hóa dữ liệu hộ tịch của các huyện còn lại chậm nhất trong quý I/2025 [1].", None),
        ("Sở Tư pháp phải số hoá dữ liệu hộ tịch chậm nhất trong quý 1/2025. [1]", None),  # tone style, Arabic quarter
        ("Sở Tư pháp, so hoa du lieu ho tich [1].", None),  # accents
        ("Cấp đổi giấy phép lái xe ở Đồng Nai mới đạt 0,68% [2].", None),
        ("Hội nghị ngày 31/1/2024 do đồng chí Võ Tấn Đức chủ trì [2].", None),  # long date form in the passage
        ("Có 3 nhiệm vụ chậm tiến độ theo Kế hoạch số 30/KH-UBND [2].", None),  # 03 == 3
        ("Sở Tư pháp phải số hóa dữ liệu hộ tịch [1, 2].", None),
        ("Sở Tư pháp phải số hóa dữ liệu hộ tịch [1][2].", None),
        # not supported
        ("Sở Tư pháp phải số hóa dữ liệu hộ tịch.", "no [n] marker"),
        ("Sở Tư pháp phải số hóa dữ liệu hộ tịch [3].", "not given: [3]"),
        ("Sở Y tế phải số hóa dữ liệu hộ tịch trong quý I/2025 [1].", "agency not in the cited passage: Sở Y tế"),
        ("Sở Tư pháp phải số hóa dữ liệu hộ tịch trong quý II/2025 [1].", "date not in the cited passage: q2/2025"),
        (
            "Hội nghị diễn ra ngày 30/01/2024 do đồng chí Võ Tấn Đức chủ trì [2].",
            "date not in the cited passage: 30/1/2024",
        ),
        ("Cấp đổi giấy phép lái xe ở Đồng Nai mới đạt 0,86% [2].", "number not in the cited passage: 0,86"),
        ("Cấp đổi giấy phép lái xe mới đạt 0,68% [1].", "number not in the cited passage: 0,68"),  # wrong passage
        ("Có 3 nhiệm vụ chậm tiến độ theo Kế hoạch số 31/KH-UBND [2].", "docref not in the cited passage: 31/kh-ubnd"),
        ("Hội nghị do đồng chí Nguyễn Văn An chủ trì [2].", "name not in the cited passage: Nguyễn Văn An"),
        ("Thủ đô của Pháp là Paris [1].", "name not in the cited passage: Paris"),
        ("Đây là nhiệm vụ rất quan trọng đối với sự phát triển kinh tế của đất nước [1].", "of its words are in"),
        ("[1]", "empty"),
        ("[1] Thông báo Kết luận của Chủ tịch UBND tỉnh (UBND tỉnh Quảng Ngãi, 25/12/2024)", "marker not at the end"),
        ("[1] Thông báo Kết luận của Chủ tịch UBND tỉnh [2]", "marker not at the end"),  # a copied label
        ("Sở Tư pháp [1] phải số hóa dữ liệu hộ tịch", "marker not at the end"),
    ],
)
def test_sentence_check(sentence, problem):
    verdict = check_sentence(sentence, [P1, P2], QUESTION)
    if problem is None:
        assert verdict.ok, verdict.problems
    else:
        assert not verdict.ok
        assert any(problem in p for p in verdict.problems), verdict.problems


def test_sentences_and_markers_after_the_full_stop():
    text = "Sở Tư pháp phải làm. [1] Câu hai [2].\n- Mục một [1]\n- Mục hai"
    assert split_sentences(text) == ["Sở Tư pháp phải làm. [1]", "Câu hai [2].", "- Mục một [1]", "- Mục hai"]


def test_answer_verdicts_in_order():
    verdicts = check_answer("Sở Tư pháp phải số hóa dữ liệu hộ tịch [1]. Sở Y tế cũng vậy [1].", [P1], QUESTION)
    assert [v.ok for v in verdicts] == [True, False]


def test_facts_normalise_dates_and_numbers():
    found = facts("ngày 05 tháng 3 năm 2024, 05/03/2024, tháng 6/2023, Quý II/2023, 90 %, 01 mô hình, 204/KH-UBND")
    assert found["date"] == {"5/3/2024", "6/2023", "q2/2023"}
    assert found["percent"] == {"90"} and {"90", "1"} <= found["number"]
    assert found["docref"] == {"204/kh-ubnd"}
