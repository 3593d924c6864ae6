"""Spreadsheets and OpenDocument text, written with the libraries offices' files come from, then read."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from ingest.errors import UnreadableFile
from ingest.pipeline import parse_file
from ingest.read import read_file
from tests.ingest.make import CONTACTS, task_ods, task_xls, task_xlsx

WRITERS = {".xlsx": task_xlsx, ".xls": task_xls, ".ods": task_ods}


@pytest.fixture(scope="module", params=sorted(WRITERS))
def sheet(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    path = tmp_path_factory.mktemp("sheets") / f"nhiem-vu-de-an-06{request.param}"
    return parse_file(WRITERS[request.param](path))


def test_a_task_sheet_gives_tasks_with_lead_support_and_due_date(sheet):
    tasks = [(t.task, t.lead, t.support, t.due) for t in sheet.tasks]
    assert tasks == [
        ("Số hóa dữ liệu hộ tịch của các huyện còn lại", ("Sở Tư pháp",), ("UBND các huyện",), "2023-03-31"),
        # The lead is one cell merged down over tasks 1 and 2: it leads both.
        ("Cấp phiếu lý lịch tư pháp trên ứng dụng VNeID", ("Sở Tư pháp",), ("Công an tỉnh",), "2023-06-30"),
        (
            "Kết nối hồ sơ sức khỏe điện tử với VNeID",
            ("Sở Y tế",),
            ("Bảo hiểm xã hội tỉnh", "Các bệnh viện tuyến tỉnh"),  # one per line in the cell
            "2023-06-30",
        ),
    ]


def test_each_task_row_is_one_passage_with_its_column_names(sheet):
    row = next(c for c in sheet.chunks if c.text.startswith("1. Số hóa dữ liệu hộ tịch"))
    assert row.kind == "task"
    assert row.text.splitlines()[1:] == [
        "- Cơ quan chủ trì: Sở Tư pháp",
        "- Cơ quan phối hợp: UBND các huyện",
        "- Thời hạn hoàn thành: 31/03/2023",  # a date cell, as the sheet shows it
        "- Sản phẩm: Dữ liệu hộ tịch được số hóa",
    ]
    assert all(sheet.text[c.start : c.end] == c.text for c in sheet.chunks)


def test_the_title_lines_above_the_header_give_the_metadata(sheet):
    meta = sheet.meta
    assert (meta.doc_type, meta.number, meta.date, meta.province) == ("Kế hoạch", "63/KH-UBND", "2023-02-03", "Nghệ An")


def test_another_sheet_gives_a_passage_per_row_with_its_header(sheet):
    person = next(c for c in sheet.chunks if CONTACTS[1][0] in c.text)
    assert person.text == "1. Nguyễn Văn Đệ\n- Chức vụ: Phó Chủ tịch\n- Đơn vị: UBND tỉnh\n- Điện thoại: 0238 3844 123"
    assert not any("Nguyễn Văn Đệ" in t.task for t in sheet.tasks)


def test_odt_text_keeps_headings_paragraphs_and_task_tables(tmp_path: Path):
    from odf.opendocument import OpenDocumentText
    from odf.table import Table, TableCell, TableColumn, TableRow
    from odf.text import H, P

    document = OpenDocumentText()
    for line in ("ỦY BAN NHÂN DÂN TỈNH HÀ TĨNH", "Số: 12/KH-UBND", "Hà Tĩnh, ngày 9 tháng 1 năm 2024", "KẾ HOẠCH"):
        document.text.addElement(P(text=line))
    document.text.addElement(H(outlinelevel=1, text="I. NHIỆM VỤ"))
    table = Table(name="Nhiệm vụ")
    table.addElement(TableColumn(numbercolumnsrepeated=3))
    for row in (["STT", "Nội dung", "Cơ quan chủ trì"], ["1", "Rà soát thủ tục hành chính", "Văn phòng UBND tỉnh"]):
        tr = TableRow()
        for value in row:
            cell = TableCell()
            cell.addElement(P(text=value))
            tr.addElement(cell)
        table.addElement(tr)
    document.text.addElement(table)
    document.save(str(tmp_path / "ke-hoach.odt"))
    doc = parse_file(tmp_path / "ke-hoach.odt")
    assert (doc.meta.number, doc.meta.date) == ("12/KH-UBND", "2024-01-09")
    assert "I. NHIỆM VỤ\n\n1. Rà soát thủ tục hành chính\n- Cơ quan chủ trì: Văn phòng UBND tỉnh" in doc.text
    assert [t.lead for t in doc.tasks] == [("Văn phòng UBND tỉnh",)]


def _zip(**members: str) -> bytes:
    import io

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        for name, body in members.items():
            z.writestr(name.replace("__", "/"), body)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("hong.xlsx", b"PK\x03\x04 not a workbook" * 20, "tệp XLSX bị hỏng"),
        ("thieu.xlsx", _zip(**{"[Content_Types].xml": "<Types/>"}), "tệp XLSX bị hỏng"),
        ("hong.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "tệp XLS bị hỏng"),
        ("hong.ods", b"PK\x03\x04 not a spreadsheet" * 20, "tệp ODS bị hỏng"),
        (
            "hong.odt",
            _zip(mimetype="application/vnd.oasis.opendocument.text", content__xml="<broken"),
            "tệp ODT bị hỏng",
        ),
    ],
)
def test_a_corrupt_file_is_refused_by_kind(tmp_path: Path, name: str, data: bytes, message: str):
    (tmp_path / name).write_bytes(data)
    with pytest.raises(UnreadableFile, match=message):
        read_file(tmp_path / name)
