"""The extractive key extraction, on passages written here."""

from assistant.answer import entity_finder, extract_key, sentence_from_start, windows
from assistant.query import parse_query
from ingest.pipeline import parse_text


def chunk_with(text: str):
    return parse_text(text, "x.txt", "x").chunks[-1]


def test_a_day_question_takes_the_day_not_a_year():
    chunk = chunk_with("Ngày 25/12/2024, tại trụ sở UBND tỉnh Quảng Ngãi diễn ra Hội nghị Đề án 06 năm 2025.")
    query = parse_query("Hội nghị Đề án 06 diễn ra ngày nào?")
    assert extract_key(query, chunk, " ".join(chunk.text.split())) == "Ngày 25/12/2024"


def test_who_finds_the_name_earlier_in_the_passage_than_the_clause():
    chunk = chunk_with("Ngày 31/01/2024, đồng chí Võ Tấn Đức – Quyền Chủ tịch UBND tỉnh, chủ trì Hội nghị sơ kết.")
    query = parse_query("Ai chủ trì Hội nghị sơ kết?")
    assert extract_key(query, chunk, "chủ trì Hội nghị sơ kết") == "Võ Tấn Đức"


def test_windows_start_at_each_clause_and_stay_verbatim():
    text = "Tiếp tục phát huy vai trò, đây là lực lượng nòng cốt; thực hiện phong trào với phương châm “Tôi, bạn”."
    starts = [first for first, _ in windows(text, limit=60)]
    assert starts[0].startswith("Tiếp tục") and any(s.startswith("thực hiện phong trào") for s in starts)
    assert all(window in " ".join(text.split()) for _, window in windows(text, limit=60))


def test_a_figure_is_read_beside_the_asked_verb_not_the_nearest_noun():
    text = "Qua đó, đã hoàn thành 24/29 nhiệm vụ, 5/29 nhiệm vụ đang triển khai."
    chunk = chunk_with(text)
    query = parse_query("Tỉnh đã hoàn thành bao nhiêu nhiệm vụ Đề án 06?")
    assert extract_key(query, chunk, text).startswith("24/29")
    query = parse_query("Bao nhiêu nhiệm vụ đang triển khai?")
    assert extract_key(query, chunk, text).startswith("5/29")


def test_everyday_words_count_as_the_administrative_ones_but_not_loosely():
    from assistant.answer import _presence
    from index.wordsets import WordSets

    words = WordSets([["đô"], ["sử_dụng", "thay_thế", "đô_thị", "thủ_tục"]])  # row 0, another passage's, is not read
    text = "sử dụng thẻ Căn cước thay thế thẻ bảo hiểm y tế, đạt 90%"
    assert _presence("dùng", words, 1, text) == 1.0
    assert _presence("phần_trăm", words, 1, text) == 1.0
    assert _presence("thay", words, 1, text) == 1.0
    assert _presence("đô", words, 1, text) == 0.5  # opens "đô_thị": half
    assert _presence("thủ_đô", words, 1, text) == 0.0  # not "thủ tục" + "đô thị"
    assert _presence("phần_trăm", words, 1, "đạt 90 điểm") == 0.0


def test_a_figure_is_not_the_programme_name_a_year_or_a_month():
    text = "Trong năm 2025, mỗi sở triển khai ít nhất 01 mô hình điểm của Đề án 06, báo cáo trước tháng 6."
    chunk = chunk_with(text)
    query = parse_query("Mỗi sở phải triển khai ít nhất bao nhiêu mô hình điểm?")
    assert extract_key(query, chunk, text) == "01 mô hình điểm"
    # A clause whose only digits name the programme and the year holds no figure.
    assert entity_finder(query)("các sở trong năm 2025 triển khai ít nhất một mô hình của Đề án 06") == []


def test_a_list_label_is_not_a_figure_nor_a_syllable_a_title():
    query = parse_query("Tỷ lệ cấp đổi giấy phép lái xe trực tuyến là bao nhiêu?")
    assert entity_finder(query)("(5) Sở Giao thông vận tải - Nhiệm vụ: Tổ chức cấp đổi giấy phép lái xe") == []
    signer = entity_finder(parse_query("Ai ký Kế hoạch năm 2024?"))
    assert signer("TL. CHỦ TỊCH\nCHÁNH VĂN PHÒNG\n\nVõ Công Sơn") == []  # "ông" inside "Công"
    text = "CHỦ TỊCH\n\nHồ Đình Thịnh"
    assert [text[a:b] for a, b in signer(text)] == [text]


def test_an_agency_without_an_assignment_is_the_one_named_by_the_question_words():
    text = (
        "Thực hiện Nghị quyết số 13-NQ/TU của Ban Thường vụ Tỉnh ủy; trên cơ sở đề xuất của Sở Thông tin và "
        "Truyền thông tại Tờ trình số 202/TTr-STTTT, Ủy ban nhân dân tỉnh ban hành Kế hoạch."
    )
    chunk = chunk_with(text)
    query = parse_query("Kế hoạch được ban hành trên cơ sở đề xuất của cơ quan nào?")
    assert extract_key(query, chunk, text) == "Sở Thông tin và Truyền thông"
    # The agency the question itself names is not its answer.
    query = parse_query("Ủy ban nhân dân tỉnh ban hành Kế hoạch trên cơ sở đề xuất của cơ quan nào?")
    assert extract_key(query, chunk, text) == "Sở Thông tin và Truyền thông"


def test_a_window_does_not_end_on_the_colon_that_announces_the_answer():
    text = (
        "Báo cáo sơ kết tình hình triển khai Đề án gửi về Ủy ban Dân tộc trước ngày 15 tháng 5 năm 2021 "
        "(file mềm gửi qua địa chỉ email: baocao@example.gov.vn) để tổng hợp báo cáo Thủ tướng Chính phủ."
    )
    first_window = windows(text, limit=140)[0][1]
    assert "baocao@example.gov.vn" in first_window


def test_a_date_question_takes_the_year_its_heading_gives_the_goal():
    plan = "KẾ HOẠCH\n\n1. Mục tiêu cơ bản đến năm 2025\n\n- 100% thủ tục hành chính đủ điều kiện được cung cấp dịch vụ công trực tuyến toàn trình.\n"
    chunk = chunk_with(plan)
    query = parse_query("Mục tiêu 100% thủ tục hành chính có dịch vụ công trực tuyến toàn trình phải đạt vào năm nào?")
    assert extract_key(query, chunk, " ".join(chunk.text.split())) == "năm 2025"


def test_the_lead_is_read_from_the_passage_when_the_window_kept_only_the_work():
    text = (
        "Đồng chí đề nghị phòng Nội vụ huyện chủ trì, phối hợp với các đơn vị liên quan xây dựng báo cáo, "
        "chương trình, kịch bản chi tiết hội nghị."
    )
    chunk = chunk_with(text)
    window = "phối hợp với các đơn vị liên quan xây dựng báo cáo, chương trình, kịch bản chi tiết hội nghị."
    lead = parse_query("Đơn vị nào chủ trì xây dựng báo cáo, chương trình, kịch bản chi tiết hội nghị?")
    assert extract_key(lead, chunk, window) == "Phòng Nội vụ huyện"
    support = parse_query("Phòng Nội vụ huyện phải phối hợp với cơ quan nào xây dựng báo cáo?")
    assert extract_key(support, chunk, window) == "Các đơn vị liên quan"


def test_a_quoted_window_reads_from_the_start_of_its_sentence():
    passage = "b) Lấy người dân làm trung tâm; sự hài lòng của người dân, doanh nghiệp là thước đo chất lượng phục vụ."
    assert sentence_from_start(passage, "doanh nghiệp là thước đo chất lượng phục vụ.").startswith("sự hài lòng của người dân,")
    assert sentence_from_start(passage, "b) Lấy người dân làm trung tâm;") == "b) Lấy người dân làm trung tâm;"
    # A sentence too long to quote whole keeps the window as it was.
    long = "Đồng thời, " + "các cơ quan triển khai nhiệm vụ, " * 12 + "hoàn thành trong quý I/2025."
    assert sentence_from_start(long, "hoàn thành trong quý I/2025.") == "hoàn thành trong quý I/2025."


def test_a_title_before_an_agency_is_not_a_person():
    # "Giám đốc Sở Tư pháp" reads as title + name to the person pattern; the name is an agency.
    text = "Giám đốc Sở Tư pháp báo cáo tại Hội nghị sơ kết; đồng chí Nguyễn Văn Hòa, Phó Chủ tịch UBND tỉnh chủ trì Hội nghị."
    query = parse_query("Ai chủ trì Hội nghị sơ kết?")
    assert extract_key(query, chunk_with(text), text) == "Nguyễn Văn Hòa"
