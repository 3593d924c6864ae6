"""Word, PDF and web pages read into the same structure as text files; bad files refused by name."""

import io
import zipfile

import docx
import pypdf
import pytest

from ingest.errors import UnreadableFile
from ingest.formats.tables import render_table
from ingest.pipeline import parse_file
from ingest.read import MAX_BYTES, RawText, read_file
from tests.ingest.make import (
    PAGE,
    PAGE_1,
    PAGE_2,
    PAGE_3,
    TASKS,
    numbered,
    numbered_list,
    pdf,
    plan_docx,
    scanned_pdf,
    to_cp1258,
)
from vn.records import ParsedDocument


def _verbatim(doc: ParsedDocument) -> None:
    assert doc.chunks
    for chunk in doc.chunks:
        assert doc.text[chunk.start : chunk.end] == chunk.text


def _starting(doc: ParsedDocument, prefix: str):
    return next(c for c in doc.chunks if c.text.startswith(prefix))


# --- Word ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def plan(tmp_path_factory: pytest.TempPathFactory) -> ParsedDocument:
    return parse_file(plan_docx(tmp_path_factory.mktemp("docx") / "ke-hoach-gia-lai.docx"))


def test_each_task_row_is_one_chunk_with_its_column_names(plan):
    _verbatim(plan)
    tasks = [c for c in plan.chunks if c.kind == "task"]
    assert len(tasks) == len(TASKS)
    first = tasks[0]
    assert first.text == (
        "1. Số hóa dữ liệu hộ tịch của các huyện còn lại\n"
        "- Cơ quan chủ trì: Sở Tư pháp\n"
        "- Cơ quan phối hợp: UBND các huyện, thị xã\n"
        "- Thời gian hoàn thành: Quý I/2025"
    )
    assert first.section[0] == "II. NHIỆM VỤ CỤ THỂ"
    assert "Cơ quan phối hợp" not in tasks[1].text  # an empty cell adds no line
    assert not any("(1)" in c.text for c in plan.chunks)  # the column-number row is not content


def test_word_numbering_becomes_the_markers_the_structure_nests_by(plan):
    bullets = [c for c in plan.chunks if c.kind == "bullet"]
    assert [c.section for c in bullets] == [
        ("III. TỔ CHỨC THỰC HIỆN", "1. Sở Y tế"),
        ("III. TỔ CHỨC THỰC HIỆN", "1. Sở Y tế"),
        ("III. TỔ CHỨC THỰC HIỆN", "2. Sở Tư pháp"),
    ]
    assert bullets[0].text.startswith("- Hoàn thành kết nối")


def test_the_header_table_gives_the_metadata(plan):
    meta = plan.meta
    assert (meta.doc_type, meta.number, meta.date, meta.province, meta.signer) == (
        "Kế hoạch",
        "321/KH-UBND",
        "2025-02-12",
        "Gia Lai",
        "Nguyễn Hữu Quế",
    )
    assert meta.title == "Triển khai Đề án 06 trên địa bàn tỉnh Gia Lai năm 2025"


def test_numbering_restarts_below_a_new_parent_and_lists_continue(tmp_path):
    d = docx.Document()
    num = numbered_list(d)
    for text, level in [("A", 0), ("a1", 1), ("a2", 1), ("x", 2), ("B", 0), ("b1", 1), ("y", 2), ("z", 2)]:
        numbered(d, text, num, level)
    d.add_paragraph("Đoạn văn không đánh số.")
    d.add_paragraph("Mục thứ nhất", style="List Number")
    d.add_paragraph("Mục thứ hai", style="List Number")  # numbered through its style
    d.save(tmp_path / "so.docx")
    lines = read_file(tmp_path / "so.docx").parts[0].split("\n\n")
    assert lines == [
        "I. A",
        "1. a1",
        "2. a2",
        "a) x",
        "II. B",
        "1. b1",
        "a) y",
        "b) z",
        "Đoạn văn không đánh số.",
        "1. Mục thứ nhất",
        "2. Mục thứ hai",
    ]


def test_merged_cells_group_rows_and_layout_tables():
    rows = [
        ["TT", "Nhiệm vụ", "Đơn vị chủ trì", "Thời hạn"],
        ["I", "NHIỆM VỤ CHUNG", None, None],  # merged across the row
        ["1", "Rà soát thủ tục hành chính", "Văn phòng UBND tỉnh\nSở Nội vụ", "Quý II/2025"],
        ["a", "Công bố danh mục", "Văn phòng UBND tỉnh", ""],
    ]
    assert render_table(rows) == [
        "I. NHIỆM VỤ CHUNG",
        "1. Rà soát thủ tục hành chính\n- Đơn vị chủ trì: Văn phòng UBND tỉnh; Sở Nội vụ\n- Thời hạn: Quý II/2025",
        "a) Công bố danh mục\n- Đơn vị chủ trì: Văn phòng UBND tỉnh",
    ]
    # Issuer and motto side by side: their cells are paragraphs, not records.
    assert render_table([["ỦY BAN NHÂN DÂN\nTỈNH GIA LAI", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"]]) == [
        "ỦY BAN NHÂN DÂN\nTỈNH GIA LAI",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    ]


def test_a_table_without_a_number_column_numbers_its_rows():
    rows = [["Nội dung", "Cơ quan thực hiện"], ["Kết nối dữ liệu", "Sở Y tế"], ["Cấp căn cước", "Công an tỉnh"]]
    assert render_table(rows) == [
        "1. Kết nối dữ liệu\n- Cơ quan thực hiện: Sở Y tế",
        "2. Cấp căn cước\n- Cơ quan thực hiện: Công an tỉnh",
    ]


def test_a_portals_property_table_keeps_each_label_beside_its_value_as_the_page_writes_it():
    # "Người ký | Mai Sơn" as the portal's page copied as text has it: a reader quoting the
    # page finds the quote in the cited passage, and the header reader still reads the fields.
    from ingest.header import read_portal

    rows = [["Số hiệu", "186/KH-UBND"], ["Ngày có hiệu lực", "29/12/2025"], ["Người ký", "Mai Sơn"]]
    assert render_table(rows) == ["Số hiệu | 186/KH-UBND\nNgày có hiệu lực | 29/12/2025\nNgười ký | Mai Sơn"]
    fields, lines = read_portal(render_table(rows)[0])
    assert fields["number"] == "186/KH-UBND" and fields["signer"] == "Mai Sơn" and lines is not None


# --- PDF ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> ParsedDocument:
    path = tmp_path_factory.mktemp("pdf") / "ke-hoach.pdf"
    path.write_bytes(pdf([PAGE_1, PAGE_2, PAGE_3]))
    return parse_file(path)


def test_pdf_chunks_know_their_page(report):
    _verbatim(report)
    assert _starting(report, "- Hoàn thành kết nối").page == 1
    assert _starting(report, "- Cấp tài khoản định danh").page == 3
    # Cut by the page break, rejoined, and cited from the page it starts on.
    tax = next(c for c in report.chunks if "hộ tịch" in c.text)
    assert tax.page == 2 and tax.text.endswith("quý I/2025 và bảo đảm dữ liệu đúng, đủ, sạch, sống.")
    assert tax.section == ("I. NHIỆM VỤ", "2. Sở Tư pháp")


def test_pdf_lines_are_rejoined_and_page_numbers_dropped(report):
    assert "của Bộ, ngành, địa phương, Chủ tịch UBND tỉnh ban hành Kế hoạch" in report.text
    assert "\n1\n" not in report.text and not report.text.rstrip().endswith("3")
    assert (report.meta.number, report.meta.date, report.meta.province) == ("204/KH-UBND", "2024-03-05", "Quảng Ngãi")


def test_a_pdf_of_drawings_only_is_reported_not_indexed_empty(tmp_path):
    (tmp_path / "scan.pdf").write_bytes(scanned_pdf(pages=3))
    with pytest.raises(UnreadableFile, match="3 trang không có lớp chữ, cũng không có ảnh quét"):
        read_file(tmp_path / "scan.pdf")


def test_a_password_protected_pdf_is_reported(tmp_path):
    writer = pypdf.PdfWriter(clone_from=io.BytesIO(pdf([PAGE_2])))
    writer.encrypt(user_password="mat-khau", algorithm="RC4-128")
    writer.write(tmp_path / "khoa.pdf")
    with pytest.raises(UnreadableFile, match="mật khẩu"):
        read_file(tmp_path / "khoa.pdf")


# --- HTML ---------------------------------------------------------------------------------


def test_html_main_text_without_menus_and_footer(tmp_path):
    path = tmp_path / "tin-gia-lai.html"
    path.write_bytes(to_cp1258(PAGE))  # in the charset the page declares
    doc = parse_file(path)
    _verbatim(doc)
    assert doc.meta.title == "Gia Lai: Mỗi sở, ngành triển khai ít nhất một mô hình điểm của Đề án 06"
    assert "1. Sở Tư pháp đẩy nhanh số hóa dữ liệu hộ tịch, chậm nhất trong quý I/2025." in doc.text
    assert "1. Làm sạch dữ liệu đất đai\n- Cơ quan chủ trì: Sở Tài nguyên và Môi trường" in doc.text
    for boilerplate in ("Trang chủ", "Tin liên quan", "Kon Tum", "Cơ quan chủ quản", "Ghi rõ nguồn"):
        assert boilerplate not in doc.text


def test_a_page_without_an_article_is_reported(tmp_path):
    (tmp_path / "menu.html").write_text('<html><body><nav><a href="/">Trang chủ</a></nav></body></html>', "utf-8")
    with pytest.raises(UnreadableFile, match="không có nội dung chính"):
        read_file(tmp_path / "menu.html")


# --- Bad input ----------------------------------------------------------------------------


def _zip_without_document() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("rong.docx", b"", "tệp rỗng"),
        ("trang.txt", b"  \n\r\n ", "tệp rỗng"),
        ("anh.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 50, "nhị phân"),
        ("hong.docx", b"PK\x03\x04 this is not a zip archive" * 20, "tệp DOCX bị hỏng"),
        ("thieu.docx", _zip_without_document(), "tệp DOCX bị hỏng"),
        ("hong.pdf", b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog" + b"\x00garbage" * 40, "tệp PDF bị hỏng"),
        ("cat-ngang.pdf", pdf([PAGE_2])[:600], "tệp PDF bị hỏng"),
        ("bang.xlsx", b"PK\x03\x04", "tệp XLSX bị hỏng"),
        ("cu.doc", b"\xd0\xcf\x11\xe0" * 20, "tệp Word .doc bị hỏng"),
        ("anh.png", b"\x89PNG", "tệp ảnh bị hỏng"),
        ("so-do.rtf", b"{\\rtf1 x}", "định dạng .rtf chưa được hỗ trợ"),
    ],
)
def test_bad_files_are_refused_with_a_message(tmp_path, name, data, message):
    (tmp_path / name).write_bytes(data)
    with pytest.raises(UnreadableFile, match=message):
        read_file(tmp_path / name)


def test_a_huge_file_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "lon.txt"
    with path.open("wb") as f:  # sparse: costs no disk and no time
        f.truncate(MAX_BYTES + 1)
    with pytest.raises(UnreadableFile, match="tệp quá lớn"):
        parse_file(path)


def test_plain_text_still_reads(tmp_path):
    path = tmp_path / "ghi-chu.md"
    path.write_text("THÔNG BÁO\n\nKết luận\n\n- Sở Y tế số hóa.\n", encoding="utf-8")
    assert read_file(path) == RawText(("THÔNG BÁO\n\nKết luận\n\n- Sở Y tế số hóa.\n",), paged=False)


# --- The standard header as each format delivers it -----------------------------------------

LEGAL_PAGE = """<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Quyết định 25/2023/QĐ-UBND</title></head>
<body><nav><a href="/">Trang chủ</a> <a href="/van-ban">Văn bản pháp luật</a></nav><main><article>
<h1>Quyết định 25/2023/QĐ-UBND về quy chế quản lý cụm công nghiệp tỉnh Lạng Sơn</h1>
<table><tr><td>Số hiệu</td><td>25/2023/QĐ-UBND</td></tr><tr><td>Loại văn bản</td><td>Quyết định</td></tr>
<tr><td>Nơi ban hành</td><td>Tỉnh Lạng Sơn</td></tr><tr><td>Người ký</td><td>Đoàn Thu Hà</td></tr>
<tr><td>Ngày ban hành</td><td>15/06/2023</td></tr></table>
<table><tr><td>ỦY BAN NHÂN DÂN<br>TỈNH LẠNG SƠN</td><td>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM<br>Độc lập - Tự do - Hạnh phúc</td></tr>
<tr><td>Số: 25/2023/QĐ-UBND</td><td>Lạng Sơn, ngày 15 tháng 6 năm 2023</td></tr></table>
<p>QUYẾT ĐỊNH</p><p>BAN HÀNH QUY CHẾ QUẢN LÝ CỤM CÔNG NGHIỆP TRÊN ĐỊA BÀN TỈNH LẠNG SƠN</p>
<p>ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN</p>
<p>Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;</p>
<p>Theo đề nghị của Giám đốc Sở Công Thương tại Tờ trình số 80/TTr-SCT ngày 01/6/2023.</p>
<p>QUYẾT ĐỊNH:</p><p>Điều 1. Ban hành kèm theo Quyết định này Quy chế quản lý cụm công nghiệp trên địa bàn tỉnh.</p>
<p>Điều 2. Quyết định này có hiệu lực kể từ ngày 01 tháng 7 năm 2023.</p>
</article></main><footer>Bản quyền thuộc về trang</footer></body></html>"""


def test_a_legal_portal_page_gives_its_properties_and_the_document_header(tmp_path):
    path = tmp_path / "qd-25-lang-son.html"
    path.write_text(LEGAL_PAGE, "utf-8")
    doc = parse_file(path)
    _verbatim(doc)
    meta = doc.meta
    assert (meta.doc_type, meta.number, meta.date, meta.province, meta.issuer, meta.signer) == (
        "Quyết định",
        "25/2023/QĐ-UBND",
        "2023-06-15",
        "Lạng Sơn",
        "UBND tỉnh Lạng Sơn",
        "Đoàn Thu Hà",
    )
    assert meta.title == "BAN HÀNH QUY CHẾ QUẢN LÝ CỤM CÔNG NGHIỆP TRÊN ĐỊA BÀN TỈNH LẠNG SƠN"
    assert [c.kind for c in doc.chunks][:2] == ["metadata", "header"]


def test_a_pdf_header_with_both_columns_on_one_line(tmp_path):
    page = (
        "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "TỈNH PHÚ THỌ Độc lập - Tự do - Hạnh phúc\n"
        "Số: 3021/KH-UBND Phú Thọ, ngày 20 tháng 7 năm 2023\n"
        "KẾ HOẠCH\nThực hiện Đề án 06 trên địa bàn tỉnh năm 2023\n"
        "I. MỤC ĐÍCH, YÊU CẦU\n1. Hoàn thành cấp căn cước cho 100% công dân đủ điều kiện trong quý III/2023."
    )
    path = tmp_path / "kh-3021.pdf"
    path.write_bytes(pdf([page]))
    meta = parse_file(path).meta
    assert (meta.doc_type, meta.number, meta.date, meta.province, meta.issuer) == (
        "Kế hoạch",
        "3021/KH-UBND",
        "2023-07-20",
        "Phú Thọ",
        "UBND tỉnh Phú Thọ",
    )
    assert meta.title == "Thực hiện Đề án 06 trên địa bàn tỉnh năm 2023"
