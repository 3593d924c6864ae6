"""A PDF, one string per page: its text layer where it has one, OCR where a page is a scanned picture.

pypdf reads the text layer: pure Python (nothing to compile, nothing fetched at
run time), BSD-licensed, and maintained. A PDF gives lines, not paragraphs;
lines that run to the right margin are rejoined so a paragraph is one passage
again.

A page whose text layer has (next to) no letters but holds a picture is a scan:
pypdfium2 renders it (PDFium in a wheel, in-process; poppler's pdftoppm would be
one more Debian package and a process per page) and Tesseract reads it
(ingest/formats/ocr.py). A mixed PDF, typed pages and a signed-and-scanned last
page, is read page by page.
"""

from __future__ import annotations

import io
import logging

import pypdf

from ingest.errors import UnreadableFile
from ingest.formats.lines import paragraphs
from ingest.formats.ocr import Clock, OcrOptions, PageText, recognise, require_tesseract

_MIN_LETTERS = 50  # a page number or a stamp's caption is not a text layer


# pypdf logs every flaw it repairs; office exports would fill the ingest output
# with warnings about files that read fine. Errors still show.
logging.getLogger("pypdf").setLevel(logging.ERROR)


def _letters(text: str) -> int:
    return sum(c.isalpha() for c in text)


def read_pdf(data: bytes, options: OcrOptions | None = None) -> list[PageText]:
    options = options or OcrOptions()
    reader = pypdf.PdfReader(io.BytesIO(data))
    if reader.is_encrypted and not reader.decrypt(""):
        raise UnreadableFile("tệp PDF có mật khẩu; hãy gỡ mật khẩu rồi nạp lại")
    pages = [PageText(paragraphs(page.extract_text() or "")) for page in reader.pages]
    thin = [i for i, page in enumerate(pages) if _letters(page.text) < _MIN_LETTERS]
    if not thin:
        return pages
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    document = pdfium.PdfDocument(data)
    pictures = (pdfium_c.FPDF_PAGEOBJ_IMAGE,)
    scans = [i for i in thin if next(iter(document[i].get_objects(filter=pictures, max_depth=3)), None) is not None]
    if not scans:
        if len(thin) == len(pages) and not any(_letters(p.text) for p in pages):
            raise UnreadableFile(
                f"tệp PDF không có chữ: {len(pages)} trang không có lớp chữ, cũng không có ảnh quét để nhận dạng"
            )
        return pages
    what = f"tệp PDF có {len(scans)}/{len(pages)} trang là ảnh quét"
    require_tesseract(options, what)
    clock = Clock(options, len(scans), what)
    for i in scans:
        image = document[i].render(scale=options.dpi / 72, grayscale=True).to_pil()
        read = recognise(image, options, clock, options.dpi)
        if _letters(read.text) > _letters(pages[i].text):  # a stamp's caption in the layer, the page in the picture
            pages[i] = read
    return pages
