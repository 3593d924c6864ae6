"""Real files for the reader tests, written with the libraries offices' files come from."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from fpdf import FPDF

from ingest.encoding import legacy_table

TASK_HEADER = ["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành"]
TASKS = [
    ["1", "Số hóa dữ liệu hộ tịch của các huyện còn lại", "Sở Tư pháp", "UBND các huyện, thị xã", "Quý I/2025"],
    [
        "2",
        "Làm sạch dữ liệu đất đai, kết nối với Cơ sở dữ liệu quốc gia về dân cư",
        "Sở Tài nguyên và Môi trường",
        "",
        "Tháng 6/2025",
    ],
    [
        "3",
        "Cấp tài khoản định danh điện tử mức độ 2 cho công dân",
        "Công an tỉnh",
        "Sở Thông tin và Truyền thông",
        "Thường xuyên",
    ],
]

# A plan over three pages; a paragraph runs from page 2 onto page 3.
PAGE_1 = (
    "ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NGÃI\nSố: 204/KH-UBND\nQuảng Ngãi, ngày 5 tháng 3 năm 2024\n"
    "KẾ HOẠCH\nTriển khai Đề án 06 năm 2024\n"
    "Thực hiện Công văn số 209/TCTĐA06 ngày 01/02/2023 của Tổ Công tác Đề án 06 của Chính phủ về "
    "xây dựng Kế hoạch triển khai nhiệm vụ năm 2023 của Bộ, ngành, địa phương, Chủ tịch UBND tỉnh "
    "ban hành Kế hoạch triển khai thực hiện như sau:\n"
    "I. NHIỆM VỤ\n1. Sở Y tế\n- Hoàn thành kết nối hồ sơ sức khỏe điện tử với ứng dụng VNeID trong năm 2024."
)
PAGE_2 = (
    "2. Sở Tư pháp\n- Đẩy nhanh tiến độ số hóa dữ liệu hộ tịch của các huyện còn lại, chậm nhất trong quý I/2025 và"
)
PAGE_3 = (
    "bảo đảm dữ liệu đúng, đủ, sạch, sống.\n3. Công an tỉnh\n"
    "- Cấp tài khoản định danh điện tử mức độ 2 cho công dân trên địa bàn tỉnh."
)

# A portal's news page: menus, breadcrumbs, related links and a footer around the article.
PAGE = """<!DOCTYPE html><html lang="vi"><head>
<meta http-equiv="Content-Type" content="text/html; charset=windows-1258">
<title>Gia Lai sơ kết Đề án 06 - Cổng thông tin điện tử tỉnh</title></head><body>
<header><div class="logo">Cổng thông tin điện tử tỉnh Gia Lai</div>
<nav><ul><li><a href="/">Trang chủ</a></li><li><a href="/gioi-thieu">Giới thiệu</a></li>
<li><a href="/tin-tuc">Tin tức - Sự kiện</a></li><li><a href="/van-ban">Văn bản chỉ đạo</a></li></ul></nav></header>
<div class="breadcrumb"><a href="/">Trang chủ</a> / <a href="/tin-tuc">Tin tức</a></div>
<main><article>
<h1>Gia Lai: Mỗi sở, ngành triển khai ít nhất một mô hình điểm của Đề án 06</h1>
<p>Chiều 12/2/2025, Chủ tịch UBND tỉnh Gia Lai chủ trì hội nghị sơ kết hai năm triển khai Đề án 06 trên địa bàn tỉnh.</p>
<p>Theo báo cáo, toàn tỉnh đã thu nhận hơn 1,2 triệu hồ sơ căn cước và kích hoạt 650 nghìn tài khoản định danh điện tử.</p>
<h2>Nhiệm vụ thời gian tới</h2>
<ol><li>Sở Tư pháp đẩy nhanh số hóa dữ liệu hộ tịch, chậm nhất trong quý I/2025.</li>
<li>Sở Y tế hoàn thành kết nối hồ sơ sức khỏe điện tử.</li></ol>
<table><tr><th>STT</th><th>Nội dung</th><th>Cơ quan chủ trì</th><th>Thời hạn</th></tr>
<tr><td>1</td><td>Làm sạch dữ liệu đất đai</td><td>Sở Tài nguyên và Môi trường</td><td>Tháng 6/2025</td></tr></table>
</article>
<aside><h3>Tin liên quan</h3><ul><li><a href="/a">Hội nghị trực tuyến toàn quốc về Đề án 06</a></li>
<li><a href="/b">Kon Tum sơ kết Đề án 06</a></li></ul></aside></main>
<footer><p>Cơ quan chủ quản: UBND tỉnh Gia Lai. Địa chỉ: 02 Trần Phú, TP Pleiku. Điện thoại: 0269 3824 123.</p>
<p>Ghi rõ nguồn khi phát hành lại thông tin từ website này.</p></footer></body></html>"""


def unicode_font() -> Path:
    """A TTF with Vietnamese letters (Debian's fonts-dejavu-core; .ci/run installs it)."""
    for place in (
        Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
        Path("/usr/share/fonts/dejavu/DejaVuSans.ttf"),
    ):
        if place.exists():
            return place
    pytest.fail("DejaVuSans.ttf not found: apt-get install fonts-dejavu-core")


def pdf(pages: list[str], footer_numbers: bool = True) -> bytes:
    """A PDF with a text layer: one string per page, each line a line of the page."""
    writer = FPDF()
    writer.add_font("DejaVu", fname=str(unicode_font()))
    writer.set_font("DejaVu", size=12)
    writer.set_auto_page_break(False)
    for n, text in enumerate(pages, 1):
        writer.add_page()
        writer.multi_cell(0, 7, text)
        if footer_numbers:
            writer.set_y(-15)
            writer.cell(0, 10, str(n), align="C")
    return bytes(writer.output())


def scanned_pdf(pages: int = 2) -> bytes:
    """Pages with only drawings on them: no text layer, and no picture to read by OCR either."""
    writer = FPDF()
    for _ in range(pages):
        writer.add_page()
        writer.rect(20, 20, 170, 250, style="F")
    return bytes(writer.output())


_ROMAN_DECIMAL_LETTER = """
<w:abstractNum {ns} w:abstractNumId="90">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%3)"/></w:lvl>
  <w:lvl w:ilvl="3"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="\uf0b7"/></w:lvl>
</w:abstractNum>"""


def numbered_list(document: docx.document.Document) -> str:
    """Add Word's multi-level list I. / 1. / a) / bullet; returns its num id."""
    numbering = document.part.numbering_part.element
    abstract = parse_xml(_ROMAN_DECIMAL_LETTER.format(ns=nsdecls("w")))
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    return "90"


def numbered(document: docx.document.Document, text: str, num_id: str, level: int, style: str | None = None) -> None:
    paragraph = document.add_paragraph(text, style=style)
    paragraph._p.get_or_add_pPr().append(
        parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>')
    )


def plan_docx(path: Path) -> Path:
    """A plan as offices write it: header table, numbered headings, a task table, signature."""
    d = docx.Document()
    header = d.add_table(rows=2, cols=2)
    header.cell(0, 0).text = "ỦY BAN NHÂN DÂN\nTỈNH GIA LAI"
    header.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    header.cell(1, 0).text = "Số: 321/KH-UBND"
    header.cell(1, 1).text = "Gia Lai, ngày 12 tháng 2 năm 2025"
    d.add_paragraph("KẾ HOẠCH")
    d.add_paragraph("Triển khai Đề án 06 trên địa bàn tỉnh Gia Lai năm 2025")
    num = numbered_list(d)
    numbered(d, "MỤC ĐÍCH, YÊU CẦU", num, 0, style="Heading 1")
    d.add_paragraph("Hoàn thành các chỉ tiêu của Đề án 06 trong năm 2025, bảo đảm dữ liệu đúng, đủ, sạch, sống.")
    numbered(d, "NHIỆM VỤ CỤ THỂ", num, 0, style="Heading 1")
    table = d.add_table(rows=1, cols=len(TASK_HEADER))
    for cell, text in zip(table.rows[0].cells, TASK_HEADER):
        cell.text = text
    for row in [["(1)", "(2)", "(3)", "(4)", "(5)"], *TASKS]:
        for cell, text in zip(table.add_row().cells, row):
            cell.text = text
    numbered(d, "TỔ CHỨC THỰC HIỆN", num, 0, style="Heading 1")
    numbered(d, "Sở Y tế", num, 1)
    numbered(d, "Hoàn thành kết nối hồ sơ sức khỏe điện tử với ứng dụng VNeID.", num, 3)
    numbered(d, "Chỉ đạo các bệnh viện dùng căn cước thay thẻ bảo hiểm y tế.", num, 3)
    numbered(d, "Sở Tư pháp", num, 1)
    numbered(d, "Hướng dẫn cấp phiếu lý lịch tư pháp trên VNeID.", num, 3)
    d.add_paragraph("Nơi nhận:\n- Như trên;\n- Lưu: VT.")
    d.add_paragraph("KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH")
    d.add_paragraph("Nguyễn Hữu Quế")
    d.save(path)
    return path


def to_legacy(text: str, name: str) -> bytes:
    """Encode with the inverse of the reader's own table, as the legacy font's software wrote.

    TCVN3 has no capital toned letters: they are written with the small letter's
    byte (the .VnTimeH font drew it as a capital).
    """
    inverse: dict[str, str] = {}
    for spelling, letter in legacy_table(name).items():
        inverse.setdefault(letter, spelling)
    if name == "tcvn3":
        for letter, spelling in list(inverse.items()):
            inverse.setdefault(letter.upper(), spelling)
    return "".join(inverse.get(c, c) for c in unicodedata.normalize("NFC", text)).encode("cp1252")


_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"


def to_cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese Windows wrote it: precomposed where the code page has
    the letter, else the letter without its tone followed by the tone as a combining mark."""
    out = bytearray()
    for c in unicodedata.normalize("NFC", text):
        try:
            out += c.encode("cp1258")
        except UnicodeEncodeError:
            decomposed = unicodedata.normalize("NFD", c)
            base = unicodedata.normalize("NFC", "".join(m for m in decomposed if m not in _TONE_MARKS))
            out += (base + "".join(m for m in decomposed if m in _TONE_MARKS)).encode("cp1258")
    return bytes(out)


# A task list kept in a spreadsheet: title lines, the header row, one task a row; the lead
# of tasks 1 and 2 is one cell merged down, a deadline is a date cell; a second sheet is not tasks.
SHEET_TITLE = [
    "ỦY BAN NHÂN DÂN TỈNH NGHỆ AN",
    "Số: 63/KH-UBND",
    "Nghệ An, ngày 3 tháng 2 năm 2023",
    "KẾ HOẠCH",
    "Triển khai nhiệm vụ Đề án 06 năm 2023",
]
SHEET_HEADER = ["STT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời hạn hoàn thành", "Sản phẩm"]
SHEET_TASKS: list[list[object]] = [
    [
        1,
        "Số hóa dữ liệu hộ tịch của các huyện còn lại",
        "Sở Tư pháp",
        "UBND các huyện",
        "due-date",
        "Dữ liệu hộ tịch được số hóa",
    ],
    [2, "Cấp phiếu lý lịch tư pháp trên ứng dụng VNeID", None, "Công an tỉnh", "Quý II/2023", "Phiếu điện tử"],
    [
        3,
        "Kết nối hồ sơ sức khỏe điện tử với VNeID",
        "Sở Y tế",
        "Bảo hiểm xã hội tỉnh\nCác bệnh viện tuyến tỉnh",
        "Tháng 6/2023",
        "Hồ sơ được kết nối",
    ],
]
CONTACTS = [
    ["Họ và tên", "Chức vụ", "Đơn vị", "Điện thoại"],
    ["Nguyễn Văn Đệ", "Phó Chủ tịch", "UBND tỉnh", "0238 3844 123"],
]
HEADER_ROW = len(SHEET_TITLE) + 1  # the header's row counted from 1, the first task's counted from 0


def _sheet_cells() -> list[list[object]]:
    """The task sheet, row by row (None: empty, or covered by the merged lead cell above)."""
    import datetime

    rows: list[list[object]] = [[line] for line in SHEET_TITLE] + [list(SHEET_HEADER)]
    rows += [[datetime.date(2023, 3, 31) if v == "due-date" else v for v in task] for task in SHEET_TASKS]
    return rows


def task_xlsx(path: Path) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Nhiệm vụ"
    for row in _sheet_cells():
        sheet.append(row)
    for r in range(1, len(SHEET_TITLE) + 1):
        sheet.merge_cells(start_row=r, start_column=1, end_row=r, end_column=len(SHEET_HEADER))
    sheet.merge_cells(start_row=HEADER_ROW + 1, start_column=3, end_row=HEADER_ROW + 2, end_column=3)
    sheet.cell(HEADER_ROW + 1, 5).number_format = "dd/mm/yyyy"
    contacts = book.create_sheet("Danh bạ")
    for row in CONTACTS:
        contacts.append(row)
    book.save(path)
    return path


def task_xls(path: Path) -> Path:
    """Excel 97-2003, written by xlwt as old Excel wrote it (BIFF8)."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("Nhiem vu")
    dates = xlwt.easyxf(num_format_str="dd/mm/yyyy")
    rows = _sheet_cells()
    for r, row in enumerate(rows):
        if r < len(SHEET_TITLE):
            sheet.write_merge(r, r, 0, len(SHEET_HEADER) - 1, row[0])
            continue
        for c, value in enumerate(row):
            if value is None or (r == HEADER_ROW and c == 2):
                continue
            if hasattr(value, "year"):
                sheet.write(r, c, value, dates)
            else:
                sheet.write(r, c, value)
    sheet.write_merge(HEADER_ROW, HEADER_ROW + 1, 2, 2, "Sở Tư pháp")
    contacts = book.add_sheet("Danh ba")
    for r, row in enumerate(CONTACTS):
        for c, value in enumerate(row):
            contacts.write(r, c, value)
    book.save(str(path))
    return path


def task_ods(path: Path) -> Path:
    """OpenDocument, as LibreOffice Calc writes it: merged cells spanned, the cells under them covered."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import CoveredTableCell, Table, TableCell, TableRow
    from odf.text import P

    document = OpenDocumentSpreadsheet()
    sheet = Table(name="Nhiệm vụ")
    for r, row in enumerate(_sheet_cells()):
        tr = TableRow()
        for c, value in enumerate(row):
            if r == HEADER_ROW + 1 and c == 2:
                tr.addElement(CoveredTableCell())
                continue
            text = value.strftime("%d/%m/%Y") if hasattr(value, "strftime") else "" if value is None else str(value)
            spans = {"numberrowsspanned": 2} if (r == HEADER_ROW and c == 2) else {}
            cell = TableCell(valuetype="string", **spans)
            for line in text.split("\n"):
                cell.addElement(P(text=line))
            tr.addElement(cell)
        sheet.addElement(tr)
    document.spreadsheet.addElement(sheet)
    contacts = Table(name="Danh bạ")
    for row in CONTACTS:
        tr = TableRow()
        for value in row:
            cell = TableCell(valuetype="string")
            cell.addElement(P(text=value))
            tr.addElement(cell)
        contacts.addElement(tr)
    document.spreadsheet.addElement(contacts)
    document.save(str(path))
    return path


def lying_zip_bomb(source: Path, path: Path, inflated: int = 1 << 30, claimed: int = 5000) -> Path:
    """The Word file `source` with `inflated` bytes of padding in word/document.xml,
    whose zip headers (local and central) then say it is `claimed` bytes: the
    attack of issue 18, a few MB on disk that inflate to a gigabyte.

    The padding is XML whitespace before the closing tag, so nothing but the
    sizes gives it away; it is compressed as it is written, never held whole.
    """
    import struct
    import zipfile

    with zipfile.ZipFile(source) as original, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        for info in original.infolist():
            data = original.read(info)
            if info.filename != "word/document.xml":
                z.writestr(info.filename, data)
                continue
            head, tail = data.rsplit(b"</w:document>", 1)
            with z.open("word/document.xml", "w", force_zip64=False) as out:
                out.write(head)
                pad = b" " * (1 << 20)
                for _ in range(inflated // len(pad)):
                    out.write(pad)
                out.write(b"</w:document>" + tail)
    raw = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as z:
        member = z.getinfo("word/document.xml")
    struct.pack_into("<L", raw, member.header_offset + 22, claimed)  # local header: uncompressed size
    central = raw.rfind(b"PK\x01\x02" + raw[member.header_offset + 4 : member.header_offset + 6])
    while raw[central + 46 : central + 46 + len(b"word/document.xml")] != b"word/document.xml":
        central = raw.rfind(b"PK\x01\x02", 0, central)
    struct.pack_into("<L", raw, central + 24, claimed)  # central directory: uncompressed size
    path.write_bytes(bytes(raw))
    with zipfile.ZipFile(path) as z:
        assert z.getinfo("word/document.xml").file_size == claimed  # the lie, as readers see it
    return path


def slow_plan(path: Path, megabytes: float = 8) -> Path:
    """A plan of thousands of labelled tasks: every line is work for the structure and
    task readers, about 0.7 s of parsing a MB on a fast machine (the samples: 0.6 s)."""
    items = [
        f"{i}. Sở Tư pháp\n- Giao Sở Nội vụ chủ trì, phối hợp với Sở Y tế hoàn thành số hóa {i} hồ sơ "
        f"trong quý I/2025.\n- Cơ quan chủ trì: Sở Tư pháp\n- Thời gian hoàn thành: Tháng {i % 12 + 1}/2025\n"
        for i in range(int(megabytes * 4500))
    ]
    path.write_text("KẾ HOẠCH\n\nTriển khai Đề án 06\n\n" + "".join(items), encoding="utf-8")
    return path
