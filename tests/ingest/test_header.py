"""The standard header (Decree 30/2020/NĐ-CP) in the forms real copies arrive in,
and what the document's metadata takes from it. Texts written here, in the layouts
portals, PDFs and Word produce; none is an evaluation text."""

from __future__ import annotations

import pytest

from ingest.header import read_header
from ingest.normalize import clean
from ingest.pipeline import parse_text

STANDARD = """ỦY BAN NHÂN DÂN
TỈNH QUẢNG TRỊ
-------

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------

Số: 512/KH-UBND

Quảng Trị, ngày 05 tháng 3 năm 2024

KẾ HOẠCH
TRIỂN KHAI CHUYỂN ĐỔI SỐ TRÊN ĐỊA BÀN TỈNH NĂM 2024

Căn cứ Nghị quyết số 52-NQ/TW ngày 27/9/2019 của Bộ Chính trị;
Theo đề nghị của Sở Thông tin và Truyền thông tại Tờ trình số 45/TTr-STTTT ngày 01/3/2024.

I. MỤC ĐÍCH, YÊU CẦU
1. Số hóa 100% hồ sơ thủ tục hành chính.

Nơi nhận:
- Như trên;
- Lưu: VT.

TM. ỦY BAN NHÂN DÂN
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH

Hoàng Nam
"""

# The two header columns flattened by a portal, cells broken anywhere.
FLATTENED = """ỦY
BAN NHÂN DÂN
TỈNH NINH BÌNH
-------
|
CỘNG
HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------
|
Số:
07/2023/QĐ-UBND
|
Ninh Bình, ngày 12
tháng 4 năm 2023
|
QUYẾT ĐỊNH
BAN HÀNH QUY CHẾ PHỐI HỢP QUẢN LÝ CỤM CÔNG NGHIỆP
TRÊN ĐỊA BÀN TỈNH NINH BÌNH
ỦY BAN NHÂN DÂN TỈNH NINH BÌNH
Căn cứ Luật Tổ chức chính
quyền địa phương ngày 19 tháng 6 năm 2015;
Theo đề nghị của Giám đốc Sở Công Thương.
QUYẾT ĐỊNH:
Điều 1. Ban hành kèm theo Quyết định này Quy chế phối hợp.
"""

# A PDF's two columns read into one line each, and a letter's "V/v" and "Kính gửi".
RUN_ON = (
    "UBND TỈNH BẾN TRE CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
    "SỞ Y TẾ Độc lập - Tự do - Hạnh phúc\n"
    "Số: 1234/SYT-NVY Bến Tre, ngày 8 tháng 11 năm 2022\n"
    "V/v tăng cường phòng, chống dịch\nsốt xuất huyết\n"
    "Kính gửi:\n- Trung tâm Y tế các huyện, thành phố;\n- Các bệnh viện tuyến tỉnh.\n"
    "Thực hiện chỉ đạo của UBND tỉnh, Sở Y tế đề nghị các đơn vị triển khai ngay các biện pháp.\n"
)

PORTAL = """Kế hoạch 88/KH-UBND năm 2022 về cải cách hành chính tỉnh Hà Giang
| Số hiệu | 88/KH-UBND |
| Ngày ban hành | 14/02/2022 |
| Loại văn bản | Kế hoạch |
| Cơ quan ban hành | Tỉnh Hà Giang |
| Người ký | Nguyễn Văn Sơn |
ỦY BAN NHÂN DÂN |
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |
Số: 88/KH-UBND |
Hà Giang, ngày 14 tháng 02 năm 2022 |
KẾ HOẠCH
CẢI CÁCH HÀNH CHÍNH NĂM 2022
I. MỤC ĐÍCH
1. Nâng cao chỉ số cải cách hành chính.
"""

ENGLISH = """THE PRIME MINISTER
-------
THE SOCIALIST REPUBLIC OF VIETNAM
Independence - Freedom - Happiness
---------------
No. 15/CT-TTg
Hanoi, April 2, 2021
DIRECTIVE
On promoting online public services
Pursuant to the Law on Government Organization dated June 19, 2015;
"""

MINISTRY = """BỘ THÔNG TIN VÀ TRUYỀN THÔNG
-------
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------
Số: 801/BTTTT-CĐSQG
V/v hướng dẫn chỉ số đánh giá chuyển đổi số
Hà Nội, ngày 14 tháng 3 năm 2022
Kính gửi: Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương
Bộ Thông tin và Truyền thông hướng dẫn như sau.
"""


def header(raw: str):
    return read_header(clean(raw))


def test_the_standard_layout():
    h = header(STANDARD)
    assert (h.issuer, h.province, h.number, h.date, h.place) == (
        "UBND tỉnh Quảng Trị",
        "Quảng Trị",
        "512/KH-UBND",
        "2024-03-05",
        "Quảng Trị",
    )
    assert (h.doc_type, h.title) == ("Kế hoạch", "TRIỂN KHAI CHUYỂN ĐỔI SỐ TRÊN ĐỊA BÀN TỈNH NĂM 2024")


def test_a_flattened_header_broken_inside_phrases():
    h = header(FLATTENED)
    assert (h.issuer, h.number, h.date, h.doc_type) == ("UBND tỉnh Ninh Bình", "07/2023/QĐ-UBND", "2023-04-12", "Quyết định")
    # The authority the decision is made in the name of is not the summary's last line.
    assert h.title == "BAN HÀNH QUY CHẾ PHỐI HỢP QUẢN LÝ CỤM CÔNG NGHIỆP TRÊN ĐỊA BÀN TỈNH NINH BÌNH"


def test_a_decision_whose_summary_was_lost_has_no_title_not_its_authority_line():
    # A portal copy that went from the number straight to the authority and the grounds.
    h = header(
        "ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\n"
        "Số: 120/QĐ-UBND | Phú Thọ, ngày 05 tháng 04 năm 2023 |\n"
        "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH PHÚ THỌ\n"
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;\n"
        "Theo đề nghị của Giám đốc Sở Nội vụ.\n"
    )
    assert (h.number, h.date, h.doc_type, h.province) == ("120/QĐ-UBND", "2023-04-05", "Quyết định", "Phú Thọ")
    assert h.title == ""


def test_a_run_on_pdf_header_of_a_department_letter():
    h = header(RUN_ON)
    assert (h.parent, h.issuer, h.province) == ("UBND tỉnh Bến Tre", "Sở Y tế tỉnh Bến Tre", "Bến Tre")
    assert (h.number, h.date, h.doc_type) == ("1234/SYT-NVY", "2022-11-08", "Công văn")
    assert h.title == "tăng cường phòng, chống dịch sốt xuất huyết"
    assert h.recipients == ("Trung tâm Y tế các huyện, thành phố", "Các bệnh viện tuyến tỉnh")


def test_a_portal_property_table_and_a_bare_issuer():
    h = header(PORTAL)
    # "ỦY BAN NHÂN DÂN" alone: the dateline gives its province.
    assert (h.issuer, h.province, h.number, h.signer) == ("UBND tỉnh Hà Giang", "Hà Giang", "88/KH-UBND", "Nguyễn Văn Sơn")
    assert h.portal is not None and h.span is not None and h.portal[1] <= h.span[0]


def test_an_english_translation():
    h = header(ENGLISH)
    assert (h.issuer, h.province, h.number, h.date, h.doc_type) == (
        "Thủ tướng Chính phủ",
        "",
        "15/CT-TTg",
        "2021-04-02",
        "Chỉ thị",
    )
    assert h.title == "On promoting online public services"


def test_a_central_body_has_no_province_whatever_its_dateline():
    h = header(MINISTRY)
    assert (h.issuer, h.province, h.doc_type, h.number) == (
        "Bộ Thông tin và Truyền thông",
        "",
        "Công văn",
        "801/BTTTT-CĐSQG",
    )
    assert h.recipients == ("Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương",)


@pytest.mark.parametrize(
    "raw",
    [
        "Sáng 27/1, UBND tỉnh tổ chức Hội nghị sơ kết Đề án 06. Theo Nghị quyết số 12/NQ-CP, ngày 5 tháng 3 năm 2024 …\n",
        "Project 06 Working Group reviews task performance\n\nDecree No. 163, which includes provisions on e-ID.\n",
    ],
)
def test_news_has_no_official_header(raw: str):
    assert not header(raw).official


@pytest.mark.parametrize("raw", [STANDARD, FLATTENED, RUN_ON, PORTAL, ENGLISH, MINISTRY])
def test_passages_stay_verbatim_and_the_header_is_one(raw: str):
    doc = parse_text(raw, "x.txt", "x")
    for chunk in doc.chunks:
        assert doc.text[chunk.start : chunk.end] == chunk.text
    headers = [c for c in doc.chunks if c.kind == "header"]
    assert len(headers) == 1 and doc.meta.number in headers[0].text


def test_metadata_takes_the_header_then_the_signature():
    meta = parse_text(STANDARD, "quang-tri_2024-03-05_ke-hoach.txt", "x").meta
    assert (meta.doc_type, meta.number, meta.date, meta.issuer, meta.signer) == (
        "Kế hoạch",
        "512/KH-UBND",
        "2024-03-05",
        "UBND tỉnh Quảng Trị",
        "Hoàng Nam",
    )
    # The grounds and the proposal are passages of their own.
    doc = parse_text(STANDARD, "x.txt", "x")
    assert any(c.text.startswith("Theo đề nghị của Sở Thông tin") for c in doc.chunks)
    assert not any(c.text.startswith("Nơi nhận") for c in doc.chunks)


def test_the_file_name_gives_province_and_date_when_the_text_does_not():
    meta = parse_text("Hội nghị sơ kết\n\nSáng 27/1, UBND tỉnh tổ chức hội nghị.\n", "ba-ria-vung-tau_2024-01-27_tin.txt", "x").meta
    assert (meta.province, meta.date) == ("Bà Rịa - Vũng Tàu", "2024-01-27")


def test_hard_wrapped_lines_are_one_passage():
    wrapped = (
        "Căn cứ Thông tư số 21/2023/TT-BTTTT ngày 31/12/2023 của Bộ\n"
        "Thông tin và Truyền thông quy định về chức năng, tính năng kỹ thuật của Hệ thống\n"
        "thông tin giải quyết thủ tục hành chính;\n"
        "Căn cứ Nghị định số\n"
        "34/2016/NĐ-CP ngày 14 tháng 5 năm 2016 của Chính phủ;\n"
    )
    doc = parse_text(STANDARD.replace("Căn cứ Nghị quyết số 52-NQ/TW ngày 27/9/2019 của Bộ Chính trị;\n", wrapped), "x.txt", "x")
    grounds = [c.text for c in doc.chunks if c.text.startswith("Căn cứ")]
    assert len(grounds) == 2 and "Bộ\nThông tin và Truyền thông" in grounds[0] and "34/2016/NĐ-CP" in grounds[1]


def test_a_news_lede_run_into_the_scrapers_date_stamp_is_a_passage():
    # The stamp line is neither the headline nor the header, and it holds the only
    # mention of the document the page reports on: every word must be in some passage.
    doc = parse_text(
        " date 2025-08-11 Thông báo số 408/TB-VPCP ngày 8/8/2025 kết luận Phiên họp lần thứ ba của Ban Chỉ đạo.\n\n"
        "Đánh giá kết quả 6 tháng đầu năm 2025, Ban Chỉ đạo nêu rõ nhiều kết quả quan trọng bước đầu.\n\n"
        "Tuy nhiên, các bộ, ngành cần tăng tốc hơn nữa trong thực hiện nhiệm vụ.\n",
        "tin.txt",
        "tin",
    )
    assert doc.meta.doc_type == "Tin bài" and doc.meta.date == "2025-08-11"
    lede = [c for c in doc.chunks if "408/TB-VPCP ngày 8/8/2025" in c.text]
    assert len(lede) == 1 and lede[0].kind == "paragraph"
    assert all(doc.text[c.start : c.end] == c.text for c in doc.chunks)


def test_a_number_typed_with_a_space_before_its_code_is_kept_as_written():
    h = header("ỦY BAN NHÂN DÂN TỈNH THỪA THIÊN HUẾ\nSố: 186 /BC-UBND\nThừa Thiên Huế, ngày 05 tháng 12 năm 2014\nBÁO CÁO\nTình hình kinh tế - xã hội năm 2014\nNăm 2014, tỉnh đạt 8,23%.\n")
    assert h.number == "186 /BC-UBND"


def test_a_councils_session_lines_between_its_name_and_the_grounds_are_not_the_title():
    h = header(
        "HỘI ĐỒNG NHÂN DÂN\nTỈNH AN GIANG\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\n"
        "Số: 08/2015/NQ-HĐND\n\nAn Giang, ngày 10 tháng 12 năm 2015\n\nNGHỊ QUYẾT\n\n"
        "VỀ NHIỆM VỤ KINH TẾ - XÃ HỘI NĂM 2016 - 2020\n\nHỘI ĐỒNG NHÂN DÂN TỈNH AN GIANG\nKHÓA VIII KỲ HỌP THỨ 12\n\n"
        "(Từ ngày 08 đến 10/12/2015)\n\nCăn cứ Luật Tổ chức Hội đồng nhân dân ngày 26 tháng 11 năm 2003;\n"
    )
    assert (h.doc_type, h.title) == ("Nghị quyết", "VỀ NHIỆM VỤ KINH TẾ - XÃ HỘI NĂM 2016 - 2020")


def test_a_portal_table_two_properties_a_row_or_with_properties_of_no_use_between():
    two = header(
        "Quyết định 13/2018/QĐ-UBND về Quy chế ban hành văn bản của tỉnh Điện Biên\n"
        "Số hiệu: | 13/2018/QĐ-UBND | Loại văn bản: | Quyết định |\n"
        "Nơi ban hành: | Tỉnh Điện Biên | Người ký: | Mùa A Sơn |\n"
        "Ngày ban hành: | 26/03/2018 | Ngày hiệu lực: | Đang cập nhật |\n"
    )
    assert (two.number, two.signer) == ("13/2018/QĐ-UBND", "Mùa A Sơn")
    lines = header(
        "Kế hoạch 1798/KH-UBND 2022 rà soát hộ nghèo Gia Lai\n\nSố, ký hiệu 1798/KH-UBND\nNgày ban hành 12/08/2022\n"
        "Nguồn thu nhập\nChức danh\nNgười ký Nguyễn Thị Thanh Lịch\nPhạm vi\n"
    )
    assert (lines.number, lines.signer) == ("1798/KH-UBND", "Nguyễn Thị Thanh Lịch")
