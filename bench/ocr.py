"""Time the OCR of a 20-page scan on this machine and write bench/cache/ocr.json.

    python -m bench.ocr [--pages 20] [--dpi 200]

The scan is an image-only PDF of the two directive pages the OCR test draws
(tests/ingest/scan.py: header in two columns, numbered tasks, a ruled task
table, signature), repeated to the page count. It is read by the reader
`python -m ingest` uses for PDFs (ingest.formats.pdf.read_pdf: render with
PDFium, Tesseract page by page, layout), timing each page; the character
error rate is measured on every page against the text that was drawn. bench/run.py puts
the figures in RESULTS.md ("OCR").
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from statistics import mean, median
from typing import Any

from rapidfuzz.distance import Levenshtein

from bench.corpus import CACHE
from ingest.formats.ocr import OcrOptions
from ingest.formats.pdf import read_pdf
from tests.ingest.scan import image_pdf, plan_pages  # the pages the OCR test draws

PATH = CACHE / "ocr.json"


def _cer(source: str, read: str) -> float:
    a, b = " ".join(source.split()), " ".join(read.split())
    return Levenshtein.distance(a, b) / len(a)


def measure(pages: int, dpi: int) -> dict[str, Any]:
    drawn = plan_pages(dpi)
    sources = [drawn[i % len(drawn)] for i in range(pages)]
    data = image_pdf([p.image for p in sources], dpi)
    stamps: list[float] = []
    started = time.perf_counter()
    options = OcrOptions(dpi=dpi, max_seconds=3600, progress=lambda done, total: stamps.append(time.perf_counter()))
    read = read_pdf(data, options)
    total = time.perf_counter() - started
    per_page = [b - a for a, b in zip([started, *stamps], stamps)]
    errors = [_cer(s.text, p.plain) for s, p in zip(sources, read)]
    version = subprocess.run(["tesseract", "--version"], capture_output=True, text=True).stdout.split("\n")[0]
    return {
        "pages": pages,
        "dpi": dpi,
        "megabytes": round(len(data) / 1e6, 1),
        "total_s": round(total, 1),
        "per_page_s": [round(s, 2) for s in per_page],
        "mean_page_s": round(mean(per_page), 2),
        "median_page_s": round(median(per_page), 2),
        "max_page_s": round(max(per_page), 2),
        "cer_mean": round(mean(errors), 4),
        "cer_max": round(max(errors), 4),
        "confidence_mean": round(mean(p.confidence or 0.0 for p in read), 1),
        "tesseract": version,
        "cores": os.cpu_count(),
        "load_average": round(os.getloadavg()[0], 1),
        "measured": time.strftime("%Y-%m-%d"),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.ocr", description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, default=20)
    ap.add_argument("--dpi", type=int, default=200)
    args = ap.parse_args(argv)
    figures = measure(args.pages, args.dpi)
    CACHE.mkdir(parents=True, exist_ok=True)
    PATH.write_text(json.dumps(figures, ensure_ascii=False, indent=1), encoding="utf-8")
    print(json.dumps({k: v for k, v in figures.items() if k != "per_page_s"}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
