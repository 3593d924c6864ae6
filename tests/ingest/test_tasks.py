"""Task extraction: each way directives assign work, on small documents written here,
and the sample directives' tasks read from their structure."""

from datetime import date
from pathlib import Path

import pytest

from ingest.pipeline import parse_file, parse_text
from vn.records import CONTRACT_FIELDS, task_from_record, task_object, task_record

DATA = Path(__file__).resolve().parents[2] / "data"

HEADER = "UBND TỈNH GIA LAI\n\nSố: 12/KH-UBND\n\nGia Lai, ngày 10 tháng 01 năm 2025\n\n"


def tasks_of(body: str, kind: str = "KẾ HOẠCH", title: str = "Triển khai Đề án 06 năm 2025"):
    raw = f"{HEADER}{kind}\n\n{title}\n\n{body}\n\nNơi nhận:\n- Như trên;\n- Sở Y tế;\n\nCHỦ TỊCH\n\nTrần Văn A\n"
    doc = parse_text(raw, "gia-lai.txt", "gia-lai")
    for task in doc.tasks:  # the passage is verbatim, for citing
        assert doc.text[task.start : task.end] == task.text and task.task in task.text
    return doc.tasks


def test_labelled_fields_under_an_item():
    tasks = tasks_of(
        "Thực hiện Quyết định số 06/QĐ-TTg ngày 06/01/2022, UBND tỉnh ban hành Kế hoạch như sau:\n\n"
        "I. NHIỆM VỤ CỤ THỂ\n\n"
        "1. Phục vụ giải quyết thủ tục hành chính\n\n"
        "a) Số hóa 100% dữ liệu hộ tịch trên toàn tỉnh.\n\n"
        "- Cơ quan chủ trì: Sở Tư pháp.\n"
        "- Cơ quan phối hợp: Các sở: Y tế, Lao động, Thương binh và Xã hội; UBND các huyện, thị xã, thành phố.\n"
        "- Thời gian hoàn thành: Quý I/2025.\n\n"
        "b) Tuyên truyền người dân sử dụng tài khoản định danh điện tử.\n\n"
        "- Cơ quan thực hiện: Công an tỉnh và các cơ quan, đơn vị liên quan.\n"
        "- Thời gian thực hiện: Thường xuyên.\n\n"
        "c) Chuẩn bị điều kiện triển khai 02 dịch vụ công liên thông.\n\n"
        "- Đơn vị chủ trì: Sở TT&TT\n"
        "- Thời hạn: Khi có hướng dẫn của Bộ.\n\n"
        "II. TỔ CHỨC THỰC HIỆN\n\n"
        "1. Kinh phí do ngân sách nhà nước bảo đảm theo phân cấp hiện hành.\n\n"
        "Yêu cầu Thủ trưởng các cơ quan, đơn vị, địa phương nghiêm túc triển khai thực hiện./."
    )
    assert [t.task for t in tasks] == [
        "Số hóa 100% dữ liệu hộ tịch trên toàn tỉnh.",
        "Tuyên truyền người dân sử dụng tài khoản định danh điện tử.",
        "Chuẩn bị điều kiện triển khai 02 dịch vụ công liên thông.",
    ]
    first, second, third = tasks
    assert first.lead == ("Sở Tư pháp",)
    assert first.support == ("Sở Y tế", "Sở Lao động - Thương binh và Xã hội", "UBND các huyện, thị xã, thành phố")
    assert (first.deadline, first.due, first.recurring) == ("Quý I/2025.", "2025-03-31", False)
    assert first.section == "I. NHIỆM VỤ CỤ THỂ > 1. Phục vụ giải quyết thủ tục hành chính > a)"
    assert first.text.startswith("a) Số hóa") and first.text.endswith("Quý I/2025.")
    # "… và các cơ quan, đơn vị liên quan" cooperate; the named agency leads.
    assert second.lead == ("Công an tỉnh",) and second.support == ("Các cơ quan, đơn vị liên quan",)
    assert (second.due, second.recurring) == (None, True)
    assert third.lead == ("Sở Thông tin và Truyền thông",) and (third.due, third.conditional) == (None, True)
    assert all(t.title == "Kế hoạch Triển khai Đề án 06 năm 2025 (UBND tỉnh Gia Lai, 10/01/2025)" for t in tasks)


def test_a_task_table_rendered_as_labelled_fields():
    tasks = tasks_of(
        "III. PHÂN CÔNG NHIỆM VỤ\n\n"
        "1. Cập nhật dữ liệu tiêm chủng vào Cơ sở dữ liệu quốc gia về dân cư\n"
        "- Cơ quan chủ trì: Sở Y tế\n"
        "- Cơ quan phối hợp: Công an tỉnh\n"
        "- Thời gian hoàn thành: Tháng 6/2025\n\n"
        "2. Số hóa hồ sơ học sinh\n"
        "- Cơ quan chủ trì: Sở GD&ĐT\n"
        "- Cơ quan phối hợp: UBND các huyện, thị xã, thành phố\n"
        "- Thời gian hoàn thành: 6 tháng đầu năm 2025"
    )
    assert [(t.lead, t.support, t.due) for t in tasks] == [
        (("Sở Y tế",), ("Công an tỉnh",), "2025-06-30"),
        (("Sở Giáo dục và Đào tạo",), ("UBND các huyện, thị xã, thành phố",), "2025-06-30"),
    ]


def test_agency_headings_with_bullets_and_one_line_agency_items():
    tasks = tasks_of(
        "Ngày 25/12/2024, Chủ tịch UBND tỉnh chủ trì Hội nghị. Chủ tịch UBND tỉnh kết luận như sau:\n\n"
        "I. KẾT QUẢ\n\n"
        "1. Năm 2024 tỉnh đã hoàn thành 24/29 nhiệm vụ.\n\n"
        "II. NHIỆM VỤ CỤ THỂ\n\n"
        "1. Sở Tư pháp\n\n"
        "- Đẩy nhanh tiến độ số hóa dữ liệu hộ tịch, chậm nhất trong quý I/2025.\n\n"
        "- Tiếp tục phối hợp với Công an tỉnh cấp phiếu lý lịch tư pháp trên VNeID.\n\n"
        "2. Sở Nội vụ và Văn phòng UBND tỉnh\n\n"
        "- Nghiên cứu mô hình Trung tâm phục vụ hành chính công một cấp.\n\n"
        "3. Tinh đoàn: Tiếp tục phát huy vai trò xung kích của đoàn viên, thanh niên.\n\n"
        "4. Ủy ban nhân dân các huyện, thị xã, thành phố\n\n"
        "- Yêu cầu Chủ tịch UBND cấp xã tập trung chỉ đạo.\n\n"
        "- Tổ chức Hội nghị giao ban, hoàn thành trước ngày 15/01/2025.\n\n"
        "Nay thông báo để các cơ quan, đơn vị biết, thực hiện./.",
        kind="THÔNG BÁO",
        title="Kết luận của Chủ tịch UBND tỉnh",
    )
    assert [(t.lead, t.due) for t in tasks] == [
        (("Sở Tư pháp",), "2025-03-31"),
        (("Sở Tư pháp",), None),
        (("Sở Nội vụ", "Văn phòng UBND tỉnh"), None),
        (("Tỉnh đoàn",), None),
        # The heading names who acts; a bullet's "Yêu cầu Chủ tịch UBND cấp xã" does not override it.
        (("UBND các huyện, thị xã, thành phố",), None),
        (("UBND các huyện, thị xã, thành phố",), "2025-01-15"),
    ]
    assert tasks[0].task == "Đẩy nhanh tiến độ số hóa dữ liệu hộ tịch, chậm nhất trong quý I/2025."
    assert (
        tasks[0].section == "II. NHIỆM VỤ CỤ THỂ > 1. Sở Tư pháp" and tasks[0].deadline == "chậm nhất trong quý I/2025"
    )
    assert tasks[1].support == ("Công an tỉnh",)
    assert tasks[3].task == "Tiếp tục phát huy vai trò xung kích của đoàn viên, thanh niên."
    assert tasks[3].section == "II. NHIỆM VỤ CỤ THỂ > 3. Tinh đoàn"


def test_sentences_that_assign():
    tasks = tasks_of(
        "Chủ tịch UBND tỉnh chỉ đạo như sau:\n\n"
        "1. Trong năm qua, tỉnh đã đạt được một số kết quả đáng khích lệ.\n\n"
        "- Tỷ lệ hồ sơ trực tuyến còn thấp.\n\n"
        "2. Để khắc phục hạn chế, yêu cầu các sở, ban, ngành, địa phương thực hiện các nhiệm vụ sau:\n\n"
        "2.1. Giao Sở Nội vụ chủ trì, phối hợp Sở Thông tin và Truyền thông rà soát nguồn nhân lực công nghệ thông tin.\n\n"
        "2.2. Giao Công an tỉnh, Bảo hiểm xã hội tỉnh, Sở Y tế... tiếp tục phối hợp giải quyết vướng mắc.\n\n"
        "2.3. Tăng cường tuyên truyền về dịch vụ công trực tuyến.\n\n"
        "2.4. Các sở, ban, ngành cần chủ động phối hợp với bộ, ngành trong năm 2025.\n\n"
        "3. Nhiệm vụ được giao của các cơ quan phải hoàn thành đúng hạn.\n\n"
        "Đề nghị các sở, ban, ngành nghiêm túc triển khai thực hiện./.",
        kind="THÔNG BÁO",
        title="Kết luận của Chủ tịch UBND tỉnh",
    )
    assert [(t.lead, t.support) for t in tasks] == [
        (("Sở Nội vụ",), ("Sở Thông tin và Truyền thông",)),
        (("Công an tỉnh", "Bảo hiểm xã hội tỉnh", "Sở Y tế"), ()),
        # No agency of its own: the one the introducing sentence names.
        (("Các sở, ban, ngành, địa phương",), ()),
        (("Các sở, ban, ngành",), ()),
    ]
    assert tasks[0].task.startswith("Giao Sở Nội vụ chủ trì") and tasks[0].section.endswith("> 2.1.")
    assert tasks[3].due == "2025-12-31"


def test_a_news_article_gives_one_task_per_assigning_sentence():
    raw = (
        "Nghệ An đẩy mạnh Đề án 06 trong năm 2025\n\n"
        "Năm 2024, Công an tỉnh đã chủ động phối hợp làm sạch 4,57 triệu dữ liệu. "
        "Chủ tịch UBND tỉnh giao Sở Nông nghiệp và Môi trường hoàn thành số hóa trước ngày 30/5/2025. "
        "Sở Tài chính phối hợp với Văn phòng UBND tỉnh rà soát việc kết nối hệ thống.\n"
    )
    tasks = parse_text(raw, "nghe-an.txt", "nghe-an").tasks
    assert [(t.lead, t.support, t.due) for t in tasks] == [
        (("Sở Nông nghiệp và Môi trường",), (), "2025-05-30"),
        (("Sở Tài chính",), ("Văn phòng UBND tỉnh",), None),
    ]
    assert (
        tasks[0].task
        == tasks[0].text
        == ("Chủ tịch UBND tỉnh giao Sở Nông nghiệp và Môi trường hoàn thành số hóa trước ngày 30/5/2025.")
    )


def test_items_that_assign_nothing_are_not_tasks():
    assert (
        tasks_of(
            "I. MỤC ĐÍCH\n\n- Tập trung lãnh đạo, chỉ đạo giải quyết vướng mắc.\n\n"
            "II. PHẠM VI, THỜI GIAN\n\n1. Phạm vi triển khai: Từ cấp tỉnh đến cấp xã.\n\n"
            "2. Thời gian thực hiện: Bắt đầu từ tháng 02/2025.\n\n"
            "III. KẾT QUẢ\n\n1. Sở Y tế đã hoàn thành việc cấp 1.000 hồ sơ sức khỏe điện tử."
        )
        == []
    )


@pytest.fixture(scope="module")
def plan():
    return parse_file(next(DATA.glob("quang-ngai_2023_*.txt")))


def test_the_plan_reads_its_fields_and_its_assigning_sentences(plan):
    t006 = next(t for t in plan.tasks if t.task.startswith("Tiếp tục thúc đẩy, nâng cao tỉ lệ"))
    assert len(t006.lead) == 9 and "Sở Lao động - Thương binh và Xã hội" in t006.lead
    civil = next(t for t in plan.tasks if t.task.startswith("Số hóa 100% dữ liệu hộ tịch"))
    assert (civil.lead, civil.due) == (("Sở Tư pháp",), "2023-12-31")
    assert civil.section.endswith("> 2. Phục vụ giải quyết thủ tục hành chính, cung cấp dịch vụ công > e)")
    local = next(t for t in plan.tasks if t.task.startswith("Giao 03 địa phương"))
    assert local.lead == ("UBND huyện Bình Sơn", "UBND thành phố Quảng Ngãi", "UBND thị xã Đức Phổ")
    assert local.recurring
    # "(4) Sở Thông tin và Truyền thông" with an empty "- Nhiệm vụ:" and two "+" lines: two tasks.
    ict = [t for t in plan.tasks if t.section.endswith("(4) Sở Thông tin và Truyền thông")]
    assert [t.task[:25] for t in ict] == ["Bảo đảm an toàn thông tin", "Đẩy mạnh việc kết nối, ch"]
    assert not any(t.task.startswith(("Nơi nhận", "Yêu cầu Thủ trưởng")) for t in plan.tasks)


def test_records_round_trip_and_the_object_has_the_contract_fields(plan):
    task = plan.tasks[0]
    assert task_from_record(task_record(task)) == task
    obj = task_object(task)
    assert tuple(obj) == CONTRACT_FIELDS and isinstance(obj["lead"], list)
    assert date.fromisoformat(next(t.due for t in plan.tasks if t.due))
