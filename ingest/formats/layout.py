"""Tesseract's words back into a directive's reading order: columns side by side, ruled tables.

Tesseract reads a line across the page, so the issuer beside the national
motto comes out as "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI …", and a task table's
wrapped cells interleave ("Số hóa dữ liệu hộ tịch của các huyện | Sở Tư pháp
| Quý I/2025" then "còn lại"). From the words' boxes:

- a line with a wide gap (over three letter heights) is two columns; a run of
  such lines is read column by column, left first (issuer, then motto);
- a ruled table is found in the image itself (long dark rows are its
  horizontal rules, dark columns between them its vertical ones), its words
  go to their cells, and the rows go through ingest/formats/tables.py, so a
  scanned task table gives the same "1. <task>" / "- Cơ quan chủ trì: …"
  items as a Word one.

Pure functions over the image and Tesseract's TSV; no Tesseract call here.
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import median
from typing import Any

import numpy as np

from ingest.formats.lines import paragraphs
from ingest.formats.tables import Row, render_table

_DARK = 128  # gray level below which a pixel is ink
_RULE_SHARE = 0.3  # a horizontal rule runs unbroken over this share of the page width; no text line does
_VERTICAL_SHARE = 0.9  # a vertical rule covers this share of its row's height
_COLUMN_GAP = 3.0  # in letter heights: wider than any word space, narrower than the gutter between header columns


@dataclass(frozen=True)
class Word:
    text: str
    left: int
    top: int
    right: int
    bottom: int
    confidence: float
    line: tuple[int, int, int]  # Tesseract's block, paragraph and line

    @property
    def x(self) -> float:
        return (self.left + self.right) / 2

    @property
    def y(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass(frozen=True)
class Band:
    """One row of a ruled table: its height and its cells' spans, as (left, right) pixels."""

    top: int
    bottom: int
    cells: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class Grid:
    top: int
    bottom: int
    left: int
    right: int
    bands: tuple[Band, ...]


@dataclass(frozen=True)
class Layout:
    text: str  # for the structure parser: paragraphs rejoined, tables as labelled items
    plain: str  # what was read, in reading order, a table row by row: for measuring recognition


def words_from_tsv(data: dict[str, list[Any]]) -> list[Word]:
    """The recognised words of pytesseract's image_to_data(output_type=DICT)."""
    words = []
    for i, text in enumerate(data["text"]):
        conf = float(data["conf"][i])
        if conf < 0 or not str(text).strip():
            continue
        left, top = int(data["left"][i]), int(data["top"][i])
        words.append(
            Word(
                str(text).strip(),
                left,
                top,
                left + int(data["width"][i]),
                top + int(data["height"][i]),
                conf,
                (int(data["block_num"][i]), int(data["par_num"][i]), int(data["line_num"][i])),
            )
        )
    return words


def _runs(mask: np.ndarray, bridge: int = 0) -> list[tuple[int, int]]:
    """(start, end) of each run of True, runs less than `bridge` apart joined (a scanned rule has specks of white)."""
    edges = np.diff(np.concatenate(([0], mask.astype(np.int8), [0])))
    runs: list[tuple[int, int]] = []
    for a, b in zip(np.flatnonzero(edges == 1).tolist(), np.flatnonzero(edges == -1).tolist()):
        if runs and a - runs[-1][1] <= bridge:
            runs[-1] = (runs[-1][0], b)
        else:
            runs.append((a, b))
    return runs


def find_tables(image: Any) -> list[Grid]:
    """The ruled tables of a page image (grayscale): rows between horizontal rules, cells between vertical ones."""
    ink = np.asarray(image) < _DARK
    height, width = ink.shape
    min_run = int(_RULE_SHARE * width)
    rules: list[list[int]] = []  # top, bottom, left, right
    for y in np.flatnonzero(ink.sum(axis=1) >= min_run).tolist():
        long = [(a, b) for a, b in _runs(ink[y], bridge=4) if b - a >= min_run]
        if not long:
            continue
        a, b = max(long, key=lambda r: r[1] - r[0])
        if rules and y - rules[-1][1] <= 2 and abs(a - rules[-1][2]) < width * 0.02:
            rules[-1][1] = y  # the same rule, a pixel lower
        else:
            rules.append([y, y, a, b])
    grids: list[Grid] = []
    bands: list[Band] = []
    for upper, lower in zip(rules, rules[1:]):
        same_width = abs(upper[2] - lower[2]) < width * 0.02 and abs(upper[3] - lower[3]) < width * 0.02
        band = _band(ink, upper, lower) if same_width else None
        if band is not None:
            bands.append(band)
            continue
        if bands:
            grids.append(_grid(bands))
            bands = []
    if bands:
        grids.append(_grid(bands))
    return grids


def _band(ink: np.ndarray, upper: list[int], lower: list[int]) -> Band | None:
    """The row between two rules, if vertical rules close it at both ends."""
    top, bottom = upper[1] + 1, lower[0]
    left, right = min(upper[2], lower[2]) - 3, max(upper[3], lower[3]) + 3
    if bottom - top < 5:
        return None
    share = ink[top:bottom, max(left, 0) : right].mean(axis=0)
    xs = [max(left, 0) + (a + b) // 2 for a, b in _runs(share >= _VERTICAL_SHARE)]
    if len(xs) < 2 or xs[0] - left > 10 or right - xs[-1] > 10:
        return None
    return Band(top, bottom, tuple(zip(xs, xs[1:])))


def _grid(bands: list[Band]) -> Grid:
    return Grid(bands[0].top, bands[-1].bottom, bands[0].cells[0][0], bands[0].cells[-1][1], tuple(bands))


def _split(line: list[Word], gap: float) -> list[list[Word]]:
    """A line's words in runs separated by more than `gap` pixels: its columns."""
    segments = [[line[0]]]
    for word in line[1:]:
        if word.left - segments[-1][-1].right > gap:
            segments.append([word])
        else:
            segments[-1].append(word)
    return segments


def _text(words: list[Word]) -> str:
    return " ".join(w.text for w in words)


def _lines(words: list[Word]) -> list[list[Word]]:
    """Words grouped into Tesseract's lines, top to bottom, each left to right."""
    by_line: dict[tuple[int, int, int], list[Word]] = {}
    for word in words:
        by_line.setdefault(word.line, []).append(word)
    lines = [sorted(ws, key=lambda w: w.left) for ws in by_line.values()]
    return sorted(lines, key=lambda ws: min(w.top for w in ws))


def _cell_text(words: list[Word], left: int, right: int) -> str:
    """A cell's lines, rejoined where the text wrapped at the cell's edge; one per line where it did not.

    A line wrapped when the next line's first word would not have fitted after it.
    """
    out = ""
    previous: list[Word] | None = None
    for line in _lines(words):
        text = _text(line)
        if previous is None:
            out = text
        else:
            first = line[0]
            space = 0.4 * (first.bottom - first.top)
            margin = max(first.left - left, 0)  # the cell's padding, the same on both sides
            wrapped = previous[-1].right + space + (first.right - first.left) > right - margin
            out += (" " if wrapped else "\n") + text
        previous = line
    return out


def _table_rows(grid: Grid, words: list[Word]) -> list[Row]:
    """The table's rows as render_table takes them: one cell text per column, None where a cell spans on."""
    edges = sorted({x for band in grid.bands for cell in band.cells for x in cell})
    columns: list[int] = []
    for x in edges:  # rules drawn a few pixels apart from row to row are one column edge
        if not columns or x - columns[-1] > 10:
            columns.append(x)
    rows: list[Row] = []
    for band in grid.bands:
        row: Row = []
        for left, right in band.cells:
            inside = [w for w in words if band.top <= w.y < band.bottom and left <= w.x < right]
            spans = sum(1 for a, b in zip(columns, columns[1:]) if left - 10 <= a and b <= right + 10)
            row += [_cell_text(inside, left, right), *[None] * (max(spans, 1) - 1)]
        rows.append(row)
    return rows


def arrange(words: list[Word], grids: list[Grid], width: int) -> Layout:
    """The page's text in reading order; see the module's docstring."""
    words = [w for w in words if w.text.strip("|")]
    words = [Word(w.text.strip("|"), w.left, w.top, w.right, w.bottom, w.confidence, w.line) for w in words]
    if not words:
        return Layout("", "")
    gap = _COLUMN_GAP * median(w.bottom - w.top for w in words)
    in_grid: dict[int, list[Word]] = {i: [] for i in range(len(grids))}
    flowing = []
    for word in words:
        grid = next(
            (i for i, g in enumerate(grids) if g.top <= word.y <= g.bottom and g.left <= word.x <= g.right), None
        )
        if grid is None:
            flowing.append(word)
        else:
            in_grid[grid].append(word)
    # (top, kind, payload): lines of text and tables, in the order they stand on the page.
    items: list[tuple[float, str, Any]] = [(min(w.top for w in line), "line", line) for line in _lines(flowing)]
    items += [(g.top, "table", i) for i, g in enumerate(grids)]
    items.sort(key=lambda item: item[0])

    text: list[str] = []
    plain: list[str] = []
    pending: list[str] = []  # flowing lines not yet rejoined into paragraphs
    columns: list[list[str]] = []  # a run of lines with a gutter, read column by column

    def flush_columns() -> None:
        for column in columns:
            pending.extend(column)
        columns.clear()

    def flush_text() -> None:
        flush_columns()
        if pending:
            text.append(paragraphs("\n".join(pending)))
            plain.extend(pending)
            pending.clear()

    for _, kind, payload in items:
        if kind == "table":
            flush_text()
            rows = _table_rows(grids[payload], in_grid[payload])
            text.append("\n".join(render_table(rows)))
            plain.extend(" ".join(" ".join(c.split()) for c in row if c) for row in rows)
            continue
        segments = _split(payload, gap)
        if len(segments) == 1:
            flush_columns()
            pending.append(_text(segments[0]))
            continue
        for n, segment in enumerate(segments):
            if n == len(columns):
                columns.append([])
            columns[n].append(_text(segment))
    flush_text()
    return Layout("\n".join(t for t in text if t), "\n".join(plain))
