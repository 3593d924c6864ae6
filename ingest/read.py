"""A file to text: plain text in any encoding, Word, PDF, web pages.

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
from ingest.limits import ParseLimits

SUPPORTED = (".txt", ".md", ".docx", ".pdf", ".html", ".htm")
MAX_BYTES = ParseLimits.max_file_bytes  # the default; callers pass index/config.py's
# Formats that users have and would expect to work, with what to do instead.
_CONVERT_FIRST = {
    ".doc": "định dạng Word cũ .doc chưa được hỗ trợ; hãy lưu lại thành .docx",
    ".rtf": "định dạng .rtf chưa được hỗ trợ; hãy lưu lại thành .docx",
    ".odt": "định dạng .odt chưa được hỗ trợ; hãy lưu lại thành .docx",
    ".xls": "bảng tính chưa được hỗ trợ; hãy lưu lại thành .docx hoặc .pdf",
    ".xlsx": "bảng tính chưa được hỗ trợ; hãy lưu lại thành .docx hoặc .pdf",
}
_KIND = {".docx": "DOCX", ".pdf": "PDF", ".html": "HTML", ".htm": "HTML"}


@dataclass(frozen=True)
class RawText:
    """A file's text before cleaning, in reading order.

    `parts` are the pages when `paged` (a PDF), else one string: a passage's
    page is the part its first character comes from.
    """

    parts: tuple[str, ...]
    paged: bool = False


def _read_plain(data: bytes) -> list[str]:
    try:
        return [decode(data)]
    except NotText as e:
        raise UnreadableFile("tệp nhị phân, không phải văn bản") from e


def _reader(suffix: str, limits: ParseLimits) -> Callable[[bytes], list[str]]:
    # Imported on use: the PDF and HTML libraries take a while to load, and a
    # folder of text files needs neither.
    if suffix == ".docx":
        from ingest.formats.docx import read_docx

        return lambda data: [read_docx(data, limits.max_unpacked_bytes)]
    if suffix == ".pdf":
        from ingest.formats.pdf import read_pdf

        return read_pdf
    if suffix in (".html", ".htm"):
        from ingest.formats.html import read_html

        return lambda data: [read_html(data)]
    return _read_plain


def read_file(path: Path, limits: ParseLimits = ParseLimits()) -> RawText:  # noqa: B008 - frozen, shared
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
        parts = _reader(suffix, limits)(data)
    except (UnreadableFile, MemoryError):  # out of memory is the worker's to report (ingest.worker)
        raise
    except Exception as e:
        # Parsers of damaged files fail in their own ways (a bad zip, broken XML,
        # a truncated object table); for the user each means the same thing.
        kind = _KIND.get(suffix, "văn bản")
        raise UnreadableFile(f"tệp {kind} bị hỏng hoặc không đúng định dạng ({type(e).__name__})") from e
    parts = repair_all(parts)
    if not any(p.strip() for p in parts):
        raise UnreadableFile("tệp không có chữ nào để nạp")
    return RawText(tuple(parts), paged=suffix == ".pdf")
