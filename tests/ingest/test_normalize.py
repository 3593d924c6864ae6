from ingest.normalize import clean


def test_decomposed_input_becomes_nfc():
    decomposed = "so\u0302\u0301 ho\u0301a"  # "số hóa" typed with combining marks
    assert clean(decomposed).strip() == "số hóa"


def test_clean_strips_markdown_emphasis_but_keeps_spelling():
    raw = "mới đạt **0,68%**, phương châm “*Tôi, bạn có*” và số hoá"
    assert clean(raw).strip() == "mới đạt 0,68%, phương châm “Tôi, bạn có” và số hoá"


def test_clean_rejoins_a_paragraph_cut_by_a_page_break():
    raw = "cho nhu cầu công việc và\n\ntham gia vào các giai đoạn.\n\nI. MỤC ĐÍCH"
    assert clean(raw) == "cho nhu cầu công việc và tham gia vào các giai đoạn.\n\nI. MỤC ĐÍCH\n"


def test_clean_rejoins_a_short_paragraph_cut_after_a_title():
    raw = (
        "Trên đây là ý kiến kết luận của đồng chí Võ Tấn Đức - Quyền Chủ tịch\n\n"
        "UBND tỉnh, Trưởng ban Ban Chỉ đạo, đề nghị báo cáo kết quả.\n\nKẾ HOẠCH\n\nThực hiện Đề án 06 năm 2023\n\nCăn cứ"
    )
    assert clean(raw) == (
        "Trên đây là ý kiến kết luận của đồng chí Võ Tấn Đức - Quyền Chủ tịch UBND tỉnh, Trưởng ban Ban Chỉ đạo, "
        "đề nghị báo cáo kết quả.\n\nKẾ HOẠCH\n\nThực hiện Đề án 06 năm 2023\n\nCăn cứ\n"
    )


def test_clean_keeps_letter_items_apart():
    raw = "1. Công tác tham mưu, chỉ đạo, triển khai\n\na) Tham mưu Tỉnh ủy."
    assert "\n\na) Tham mưu" in clean(raw)
