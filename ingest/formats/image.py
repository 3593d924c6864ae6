"""A scanned page saved as a picture (.png, .jpg, .tif; a TIFF may hold many pages), read by OCR."""

from __future__ import annotations

import io

from PIL import Image, ImageSequence

from ingest.formats.ocr import Clock, OcrOptions, PageText, recognise, require_tesseract


def read_image(data: bytes, options: OcrOptions | None = None) -> list[PageText]:
    options = options or OcrOptions()
    with Image.open(io.BytesIO(data)) as image:
        frames = [frame.copy() for frame in ImageSequence.Iterator(image)]
    what = f"tệp ảnh ({len(frames)} trang)"
    require_tesseract(options, what)
    clock = Clock(options, len(frames), what)
    return [recognise(frame, options, clock, _dpi(frame)) for frame in frames]


def _dpi(image: Image.Image) -> int:
    """The resolution the scanner wrote, when it wrote one that makes sense."""
    dpi = image.info.get("dpi")
    value = round(float(dpi[0])) if isinstance(dpi, tuple) and dpi else 0
    return value if 70 <= value <= 1200 else 0
