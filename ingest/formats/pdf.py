"""The text layer of a PDF, one string per page.

pypdf reads it: pure Python (nothing to compile, nothing fetched at run time),
BSD-licensed, and maintained. A PDF gives lines, not paragraphs; lines that
run to the right margin are rejoined so a paragraph is one passage again.
"""

from __future__ import annotations

import io
import logging
import re

import pypdf

from ingest.errors import UnreadableFile
from vn.sentences import MARKER_START, is_unfinished

_PAGE_NUMBER = re.compile(r"^(?:trang\s*)?[-–]?\s*\d{1,4}\s*[-–]?(?:\s*/\s*\d{1,4})?$", re.I)
_SHORT_LINE = 50  # signature and header lines are short on any page; an A4 text line has some 100 characters
_MIN_LETTERS = 50  # a page number or a stamp's caption is not a text layer


# pypdf logs every flaw it repairs; office exports would fill the ingest output
# with warnings about files that read fine. Errors still show.
logging.getLogger("pypdf").setLevel(logging.ERROR)


def read_pdf(data: bytes) -> list[str]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    if reader.is_encrypted and not reader.decrypt(""):
        raise UnreadableFile("tệp PDF có mật khẩu; hãy gỡ mật khẩu rồi nạp lại")
    pages = [_paragraphs(page.extract_text() or "") for page in reader.pages]
    if sum(c.isalpha() for page in pages for c in page) < _MIN_LETTERS:
        raise UnreadableFile(
            f"tệp PDF là bản quét, không có lớp chữ ({len(pages)} trang ảnh); cần nhận dạng chữ (OCR) trước khi nạp"
        )
    return pages


def _paragraphs(page: str) -> str:
    """Rejoin the lines of a page that wrap at the margin; drop a bare page number at its top or bottom."""
    lines = [line.strip() for line in page.split("\n")]
    lines = [line for line in lines if line]
    while lines and _PAGE_NUMBER.match(lines[0]):
        lines.pop(0)
    while lines and _PAGE_NUMBER.match(lines[-1]):
        lines.pop()
    if not lines:
        return ""
    # A line that reaches the right margin is about as long as the longest lines of the page.
    lengths = sorted(len(line) for line in lines)
    full = max(0.8 * lengths[int(0.9 * (len(lengths) - 1))], _SHORT_LINE)
    out = [lines[0]]
    for line in lines[1:]:
        previous = out[-1].rsplit("\n", 1)[-1]
        wrapped = len(previous) >= full and not MARKER_START.match(line)
        new_sentence = not is_unfinished(previous) and line[0].isupper()
        if wrapped and not new_sentence:
            out[-1] += " " + line
        else:
            out.append(line)
    return "\n".join(out)
