"""Page images to text with Tesseract's Vietnamese model, one page at a time, within a time limit.

pytesseract drives the `tesseract` binary, not ocrmypdf. Measured on this
2-core machine on the same two 200-dpi directive pages (tests/ingest/scan.py):
pytesseract 2.3 s for both, ocrmypdf 6.1 s (`--jobs 1 --output-type pdf`,
it also rasterises, optimises and writes a new PDF we would only read back).
pytesseract also gives each word's box and confidence from the one run
(TSV output), which the layout (ingest/formats/layout.py: columns, ruled
tables) and the low-confidence report need; ocrmypdf gives a text layer
without either, and brings pikepdf, pdfminer and a dozen more packages.

Tesseract's own threads are off (OMP_THREAD_LIMIT=1): on 2 cores shared with
other work a page took 7.7 s with two OpenMP threads and 1.5 s with one.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ingest.errors import UnreadableFile

os.environ.setdefault("OMP_THREAD_LIMIT", "1")

INSTALL = "apt-get install -y tesseract-ocr tesseract-ocr-vie"
LANGUAGE = "vie"

# (pages done, pages in the file): what a progress bar shows.
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class OcrOptions:
    """How scans are read; index/config.py fills it from the settings (DIRECTIVE_OCR_*)."""

    tesseract: str = "tesseract"  # the command, or its path
    dpi: int = 200  # pages of a PDF are rendered at this resolution
    max_seconds: float = 600.0  # per file: a scan that would take longer is stopped
    progress: Progress | None = None


@dataclass(frozen=True)
class PageText:
    """One page (or a whole unpaged file) as read: from its text, or by OCR with Tesseract's confidence."""

    text: str
    confidence: float | None = None  # mean word confidence 0-100 when OCR'd, else None
    plain: str = ""  # OCR: what Tesseract read in reading order, before tables become labelled items

    @property
    def ocr(self) -> bool:
        return self.confidence is not None


def require_tesseract(options: OcrOptions, what: str) -> None:
    """Refuse, by name and with the line that fixes it, a scan this machine cannot read."""
    import pytesseract

    missing = f"{what} cần nhận dạng chữ (OCR) nhưng máy chưa cài Tesseract tiếng Việt; hãy chạy: {INSTALL}"
    if shutil.which(options.tesseract) is None:
        raise UnreadableFile(missing)
    pytesseract.pytesseract.tesseract_cmd = options.tesseract
    try:
        languages = pytesseract.get_languages()
    except (pytesseract.TesseractError, pytesseract.TesseractNotFoundError, OSError) as e:
        raise UnreadableFile(missing) from e
    if LANGUAGE not in languages:
        raise UnreadableFile(missing)


class Clock:
    """The file's time budget: stops it as soon as the pages left would not fit."""

    def __init__(self, options: OcrOptions, pages: int, what: str) -> None:
        self.options, self.pages, self.what = options, pages, what
        self.started = time.perf_counter()
        self.done = 0

    def remaining(self) -> float:
        return self.options.max_seconds - (time.perf_counter() - self.started)

    def page_done(self) -> None:
        self.done += 1
        if self.options.progress:
            self.options.progress(self.done, self.pages)
        spent = time.perf_counter() - self.started
        expected = spent / self.done * self.pages
        if self.done < self.pages and expected > self.options.max_seconds:
            raise self.too_long(expected)

    def too_long(self, expected: float | None = None) -> UnreadableFile:
        guess = f", ước tính {expected:.0f} giây cho cả {self.pages} trang" if expected else ""
        return UnreadableFile(
            f"{self.what}: nhận dạng chữ quá thời gian cho phép ({self.options.max_seconds:.0f} giây{guess}); "
            f"đã dừng sau {self.done}/{self.pages} trang, chưa nạp gì. "
            "Hãy tách tệp nhỏ hơn hoặc tăng DIRECTIVE_OCR_SECONDS"
        )


def recognise(image: Any, options: OcrOptions, clock: Clock, dpi: int = 0) -> PageText:
    """One page image to text in reading order, with Tesseract's mean word confidence.
    `dpi` is the image's resolution when known (Tesseract guesses letter sizes without it)."""
    import pytesseract

    from ingest.formats.layout import arrange, find_tables, words_from_tsv

    remaining = clock.remaining()
    if remaining <= 0:
        raise clock.too_long()
    pytesseract.pytesseract.tesseract_cmd = options.tesseract
    gray = image.convert("L")
    try:
        # --psm 3 (automatic page segmentation, the default) finds the header's two columns as blocks.
        data = pytesseract.image_to_data(
            gray,
            lang=LANGUAGE,
            config="--psm 3" + (f" --dpi {dpi}" if dpi else ""),
            output_type=pytesseract.Output.DICT,
            timeout=remaining,
        )
    except RuntimeError as e:  # pytesseract's "Tesseract process timeout"
        if "timeout" in str(e).lower():
            raise clock.too_long() from e
        raise
    words = words_from_tsv(data)
    page = arrange(words, find_tables(gray), gray.width)
    confidences = [w.confidence for w in words]
    clock.page_done()
    mean = round(sum(confidences) / len(confidences), 1) if confidences else 0.0
    return PageText(page.text, mean, page.plain)
