"""Scans read by the real Tesseract with its Vietnamese model: pages drawn in a directive's layout."""

from __future__ import annotations

import io

import pytest
from fpdf import FPDF
from PIL import Image, ImageDraw
from rapidfuzz.distance import Levenshtein

from ingest.errors import UnreadableFile
from ingest.formats.layout import Word, arrange, find_tables
from ingest.formats.ocr import INSTALL, OcrOptions
from ingest.formats.pdf import read_pdf
from ingest.pipeline import parse_file
from ingest.read import read_file
from tests.ingest.make import PAGE_1, unicode_font
from tests.ingest.scan import Page, image_pdf, plan_pages

DPI = 200


def cer(source: str, read: str) -> float:
    """Character error rate: edits to turn the source into what was read, over the source's length.
    Whitespace runs count as one space: where a line breaks is layout, not recognition."""
    a, b = " ".join(source.split()), " ".join(read.split())
    return Levenshtein.distance(a, b) / len(a)


@pytest.fixture(scope="module")
def pages() -> list[Page]:
    return plan_pages(DPI)


@pytest.fixture(scope="module")
def scan(pages: list[Page]) -> bytes:
    return image_pdf([p.image for p in pages], DPI)


@pytest.fixture(scope="module")
def document(scan: bytes, tmp_path_factory: pytest.TempPathFactory):
    path = tmp_path_factory.mktemp("scan") / "ke-hoach-204-quet.pdf"
    path.write_bytes(scan)
    return parse_file(path, OcrOptions(dpi=DPI))


def test_an_image_only_pdf_is_read_with_at_most_3_percent_of_characters_wrong(scan, pages):
    seen: list[tuple[int, int]] = []
    read = read_pdf(scan, OcrOptions(dpi=DPI, progress=lambda done, total: seen.append((done, total))))
    assert seen == [(1, 2), (2, 2)]  # page by page
    for page, source in zip(read, pages):
        assert page.ocr and page.confidence is not None and page.confidence > 85
        assert cer(source.text, page.plain) <= 0.03, (source.text, page.plain)


def test_the_scans_header_gives_the_metadata(document):
    meta = document.meta
    assert (meta.doc_type, meta.number, meta.date, meta.province) == (
        "Kế hoạch",
        "204/KH-UBND",
        "2024-03-05",
        "Quảng Ngãi",
    )
    assert meta.title == "Triển khai thực hiện Đề án 06 trên địa bàn tỉnh năm 2024"
    assert meta.signer == "Đặng Văn Minh"


def test_every_chunk_knows_its_page_and_that_it_was_read_by_ocr(document):
    assert document.chunks and all(c.ocr for c in document.chunks)
    assert all(document.text[c.start : c.end] == c.text for c in document.chunks)
    first = next(c for c in document.chunks if c.text.startswith("1. Sở Y tế"))
    assert first.page == 1 and first.section == ("II. NHIỆM VỤ CỤ THỂ",)
    assert next(c for c in document.chunks if "Công an tỉnh là cơ quan thường trực" in c.text).page == 2
    assert set(document.ocr_confidence) == {1, 2}


def test_a_scanned_task_table_becomes_tasks_with_lead_and_due_date(document):
    row = next(c for c in document.chunks if c.text.startswith("2. Làm sạch dữ liệu đất đai"))
    assert row.kind == "task" and row.page == 2
    # The wrapped cell is one value again, not two agencies.
    assert "- Cơ quan chủ trì: Sở Tài nguyên và Môi trường\n" in row.text
    tasks = {t.lead: t for t in document.tasks}
    assert tasks[("Sở Tư pháp",)].due == "2025-03-31"
    assert tasks[("Sở Tài nguyên và Môi trường",)].due == "2025-06-30"
    assert tasks[("Sở Y tế",)].due == "2024-09-30"


def test_a_mixed_pdf_is_read_page_by_page(pages, tmp_path):
    writer = FPDF()
    writer.add_font("DejaVu", fname=str(unicode_font()))
    writer.set_font("DejaVu", size=12)
    writer.add_page()
    writer.multi_cell(0, 7, PAGE_1)
    writer.add_page()
    writer.image(pages[1].image, x=0, y=0, w=210, h=297)  # the signed page, scanned
    path = tmp_path / "ke-hoach-ky.pdf"
    path.write_bytes(bytes(writer.output()))
    raw = read_file(path, OcrOptions(dpi=DPI))
    assert raw.paged and not raw.ocr(1) and raw.ocr(2)
    assert raw.parts[0].startswith("ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NGÃI")  # the text layer, as typed
    assert "Đặng Văn Minh" in raw.parts[1]


def test_a_page_image_file_is_read(pages, tmp_path):
    path = tmp_path / "trang-2.png"
    small = pages[1].image.resize((pages[1].image.width * 3 // 4, pages[1].image.height * 3 // 4))
    small.save(path, dpi=(150, 150))
    raw = read_file(path)
    assert raw.paged and raw.ocr(1)
    assert "- Cơ quan chủ trì: Sở Tư pháp" in raw.parts[0]


def test_a_multi_page_tiff_is_read_page_by_page(pages, tmp_path):
    path = tmp_path / "ban-quet.tif"
    first, second = (p.image.resize((p.image.width // 2, p.image.height // 2)) for p in pages)
    first.save(path, save_all=True, append_images=[second], dpi=(100, 100), compression="tiff_deflate")
    raw = read_file(path)
    assert len(raw.parts) == 2 and raw.ocr(1) and raw.ocr(2)
    assert "Số: 204/KH-UBND" in raw.parts[0] and "Đặng Văn Minh" in raw.parts[1]


def test_without_tesseract_a_scan_is_refused_with_the_line_that_installs_it(scan, tmp_path):
    (tmp_path / "quet.pdf").write_bytes(scan)
    nowhere = OcrOptions(tesseract=str(tmp_path / "khong-co" / "tesseract"))
    with pytest.raises(UnreadableFile, match="2/2 trang là ảnh quét") as refused:
        read_file(tmp_path / "quet.pdf", nowhere)
    assert INSTALL in str(refused.value) == str(refused.value)  # one message, with the whole apt-get line
    (tmp_path / "trang.png").write_bytes(b"")
    Image.new("L", (200, 100), 255).save(tmp_path / "trang.png")
    with pytest.raises(UnreadableFile, match="apt-get install -y tesseract-ocr tesseract-ocr-vie"):
        read_file(tmp_path / "trang.png", nowhere)


def test_a_scan_that_would_take_longer_than_the_limit_is_stopped(scan, tmp_path):
    (tmp_path / "quet.pdf").write_bytes(scan)
    # Tesseract is stopped mid-page when the time is up, or the next page is not begun when it would not fit.
    with pytest.raises(UnreadableFile, match=r"quá thời gian cho phép \(1 giây.*đã dừng sau [01]/2 trang, chưa nạp gì"):
        read_file(tmp_path / "quet.pdf", OcrOptions(dpi=DPI, max_seconds=1))


# --- Layout, from word boxes (no Tesseract) -------------------------------------------------


def _word(text: str, left: int, top: int, line: int, width: int = 0) -> Word:
    return Word(text, left, top, left + (width or 18 * len(text)), top + 30, 95.0, (1, 1, line))


def test_two_header_columns_are_read_left_then_right():
    words = [
        _word("ỦY BAN", 100, 100, 1),
        _word("CỘNG HÒA", 700, 100, 1),
        _word("TỈNH NAM ĐỊNH", 100, 150, 2),
        _word("Độc lập", 700, 150, 2),
        _word("KẾ HOẠCH", 500, 220, 3),
    ]
    layout = arrange(words, [], 1600)
    assert layout.plain.splitlines() == ["ỦY BAN", "TỈNH NAM ĐỊNH", "CỘNG HÒA", "Độc lập", "KẾ HOẠCH"]


def test_a_ruled_grid_is_found_with_its_rows_and_cells():
    image = Image.new("L", (1000, 600), 255)
    draw = ImageDraw.Draw(image)
    for y in (100, 200, 300, 400):
        draw.line((100, y, 900, y), fill=0, width=3)
    for x in (100, 300, 900):
        draw.line((x, 100, x, 400), fill=0, width=3)
    draw.line((300, 100, 300, 200), fill=255, width=3)  # the first row is one cell across
    draw.line((100, 500, 900, 500), fill=0, width=3)  # a rule under a title: no table
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    (grid,) = find_tables(Image.open(buffer))
    assert [len(b.cells) for b in grid.bands] == [1, 2, 2]
    assert 95 <= grid.top <= 105 and 395 <= grid.bottom <= 405
