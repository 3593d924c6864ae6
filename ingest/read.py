"""A file to text: plain text in any encoding, Word, PDF (scanned too), web pages, pictures of pages.

Each format has one small reader in ingest/formats/; this module picks it by
the file's extension, refuses what cannot be a directive (empty, binary, huge,
damaged) with a message for the user in Vietnamese, and converts text set in a
legacy Vietnamese font to Unicode whatever the format.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ingest.encoding import NotText, decode, repair_all
from ingest.errors import UnreadableFile
from ingest.formats.ocr import OcrOptions, PageText
from ingest.limits import ParseLimits

IMAGES = (".png", ".jpg", ".jpeg", ".tif", ".tiff")
SHEETS = (".xlsx", ".xls", ".ods")
SUPPORTED = (".txt", ".md", ".docx", ".doc", ".odt", ".pdf", ".html", ".htm", *SHEETS, *IMAGES)
MAX_BYTES = ParseLimits.max_file_bytes  # the default; callers pass index/config.py's
# Formats that users have and would expect to work, with what to do instead.
_CONVERT_FIRST = {
    ".rtf": "định dạng .rtf chưa được hỗ trợ; hãy lưu lại thành .docx",
    ".xlsm": "bảng tính có macro (.xlsm) chưa được hỗ trợ; hãy lưu lại thành .xlsx",
}
_KIND = {
    ".docx": "DOCX",
    ".doc": "Word .doc",
    ".odt": "ODT",
    ".pdf": "PDF",
    ".html": "HTML",
    ".htm": "HTML",
    ".xlsx": "XLSX",
    ".xls": "XLS",
    ".ods": "ODS",
    **{s: "ảnh" for s in IMAGES},
}
_PAGED = (".pdf", *IMAGES)


@dataclass(frozen=True)
class RawText:
    """A file's text before cleaning, in reading order.

    `parts` are the pages when `paged` (a PDF, a picture), else one string: a
    passage's page is the part its first character comes from. `confidence`
    has one entry per part when any was read by OCR: Tesseract's mean word
    confidence for a page read by OCR, None for one read from its text.
    """

    parts: tuple[str, ...]
    paged: bool = False
    confidence: tuple[float | None, ...] = ()

    def ocr(self, page: int) -> bool:
        """Whether the 1-based page was read by OCR."""
        return 0 < page <= len(self.confidence) and self.confidence[page - 1] is not None


def _read_plain(data: bytes) -> list[PageText]:
    try:
        return [PageText(decode(data))]
    except NotText as e:
        raise UnreadableFile("tệp nhị phân, không phải văn bản") from e


def _reader(suffix: str, ocr: OcrOptions, limits: ParseLimits) -> Callable[[bytes], list[PageText]]:
    # Imported on use: the PDF and HTML libraries take a while to load, and a
    # folder of text files needs neither.
    if suffix == ".docx":
        from ingest.formats.docx import read_docx

        return lambda data: [PageText(read_docx(data, limits.max_unpacked_bytes))]
    if suffix == ".doc":
        from ingest.formats.doc import read_doc

        return lambda data: [PageText(read_doc(data))]
    if suffix in (*SHEETS, ".odt"):
        from ingest.formats import sheets

        read = {".xlsx": sheets.read_xlsx, ".xls": sheets.read_xls, ".ods": sheets.read_ods, ".odt": sheets.read_odt}
        return lambda data: [PageText(read[suffix](data))]
    if suffix == ".pdf":
        from ingest.formats.pdf import read_pdf

        return lambda data: read_pdf(data, ocr)
    if suffix in IMAGES:
        from ingest.formats.image import read_image

        return lambda data: read_image(data, ocr)
    if suffix in (".html", ".htm"):
        from ingest.formats.html import read_html

        return lambda data: [PageText(read_html(data))]
    return _read_plain


def read_file(path: Path, ocr: OcrOptions | None = None, limits: ParseLimits = ParseLimits()) -> RawText:  # noqa: B008 - frozen, shared
    """The file's text, or UnreadableFile with the reason; `ocr` says how scans are read
    (Tesseract's command, resolution, time limit, progress), `limits` what reading may cost."""
    suffix = path.suffix.lower()
    if suffix in _CONVERT_FIRST:
        raise UnreadableFile(_CONVERT_FIRST[suffix])
    if suffix not in SUPPORTED:
        raise UnreadableFile(
            f"định dạng {path.suffix or '(không có đuôi)'} chưa được hỗ trợ (nhận: {', '.join(SUPPORTED)})"
        )
    size, most = path.stat().st_size, limits.max_file_bytes
    if size > most:
        raise UnreadableFile(f"tệp quá lớn ({size / 1_000_000:.0f} MB, tối đa {most / 1_000_000:.0f} MB)")
    data = path.read_bytes()
    if not data.strip():
        raise UnreadableFile("tệp rỗng")
    try:
        pages = _reader(suffix, ocr or OcrOptions(), limits)(data)
    except (UnreadableFile, MemoryError):  # out of memory is the worker's to report (ingest.worker)
        raise
    except Exception as e:
        # Parsers of damaged files fail in their own ways (a bad zip, broken XML,
        # a truncated object table); for the user each means the same thing.
        kind = _KIND.get(suffix, "văn bản")
        raise UnreadableFile(f"tệp {kind} bị hỏng hoặc không đúng định dạng ({type(e).__name__})") from e
    parts = repair_all([p.text for p in pages])
    if not any(p.strip() for p in parts):
        raise UnreadableFile("tệp không có chữ nào để nạp")
    confidence = tuple(p.confidence for p in pages) if any(p.ocr for p in pages) else ()
    return RawText(tuple(parts), paged=suffix in _PAGED, confidence=confidence)
