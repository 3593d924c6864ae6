"""A table as text the structure parser reads: one labelled item per row.

Plans list their tasks in a table (STT | Nội dung nhiệm vụ | Cơ quan chủ trì |
Cơ quan phối hợp | Thời gian hoàn thành). Each row is written as the numbered
task with labelled lines that plans also use in prose,

    1. Số hóa dữ liệu hộ tịch
    - Cơ quan chủ trì: Sở Tư pháp
    - Thời gian hoàn thành: Quý I/2025

so the chunker keeps the row as one task passage and the column names travel
with the values ("ai chủ trì ..." finds "Cơ quan chủ trì: ..."). Tables that
only lay out a page (the issuer and the national motto side by side, the
recipients beside the signature) give their cells as paragraphs.
"""

from __future__ import annotations

import re

from vn.normalize import fold

# A row is a list of cell texts per grid column; None continues the cell to its
# left (a horizontally merged cell is written once).
Row = list[str | None]

_HEADER_WORDS = re.compile(
    r"\b(?:stt|tt|noi dung|nhiem vu|cong viec|chu tri|phoi hop|thuc hien|thoi gian|thoi han|"
    r"don vi|co quan|trach nhiem|ket qua|san pham|ghi chu|tien do)\b"
)
_STT_HEADER = re.compile(r"^(?:stt|tt|so tt|so thu tu)\.?$")
_CONTENT_HEADER = re.compile(r"noi dung|nhiem vu|cong viec|ten ")
_COLUMN_NUMBERS = re.compile(r"^\(?(?:\d{1,2}|[A-Z])\)?$")  # the "(1) (2) (3)" row under a header
_ARABIC = re.compile(r"^\d{1,2}(?:\.\d{1,2})*\.?$")
_ROMAN = re.compile(r"^[IVX]{1,5}\.?$")
_LETTER = re.compile(r"^[a-zđ][.)]?$")
_LABEL_CHARS = 50


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _distinct(row: Row) -> list[str]:
    return [c for c in row if c is not None]


def _is_header(row: Row) -> bool:
    cells = [_one_line(c) for c in _distinct(row)]
    if len([c for c in cells if c]) < 2 or any(len(c) > _LABEL_CHARS for c in cells):
        return False
    if any(_COLUMN_NUMBERS.match(c) for c in cells if c):
        return False
    return bool(_HEADER_WORDS.search(fold(" ".join(cells)))) or (len(cells) >= 3 and all(cells))


def _marker(stt: str) -> str | None:
    """'1' -> '1.', 'II' -> 'II.', 'a' -> 'a)': the numbering the structure parser nests by."""
    stt = stt.strip().rstrip(".)").strip()
    if _ARABIC.match(stt) or _ROMAN.match(stt):
        return f"{stt}."
    if _LETTER.match(stt):
        return f"{stt})"
    return None


def render_table(rows: list[Row]) -> list[str]:
    """Blocks of text (to be separated by blank lines) for one table."""
    rows = [r for r in rows if any(c and c.strip() for c in _distinct(r))]
    labelled = [_label_pairs(r) for r in rows]
    if len(rows) >= 2 and all(labelled):
        # A portal's properties two to a row ("Số hiệu: | 13/2018/QĐ-UBND | Loại văn bản: | Quyết định"),
        # not a header row over records: each value keeps its own label.
        return ["\n".join(f"{_one_line(label)} {_one_line(value)}" for row in labelled for label, value in row)]
    if len(rows) >= 2 and len(rows[0]) >= 2 and _is_header(rows[0]):
        return _records(rows)
    if len(rows) >= 2 and all(_is_label_row(r) for r in rows):
        # A portal's properties ("Số hiệu | 186/KH-UBND", "Người ký | Mai Sơn"): one block of
        # "label | value" lines, so each value keeps its name, written as the portal's page
        # copied as text writes them (what a reader quotes from it is found in the citation).
        pairs = [[c for c in _distinct(r) if c and c.strip()] for r in rows]
        return ["\n".join(f"{_one_line(p[0])} | {_one_line(p[1])}" for p in pairs)]
    return [_one_line_paragraphs(c) for r in rows for c in _distinct(r) if c and c.strip()]


def _label_pairs(row: Row) -> list[tuple[str, str]]:
    """(label, value) of a row whose cells alternate "label:" and value; [] for any other row."""
    cells = [c.strip() for c in _distinct(row) if c and c.strip()]
    labels = cells[0::2]
    if len(cells) < 2 or len(cells) % 2 or not all(c.endswith(":") and len(c) <= _LABEL_CHARS for c in labels):
        return []
    return list(zip(labels, cells[1::2]))


def _is_label_row(row: Row) -> bool:
    """A row of a label and its value: two cells, the first a short line in
    ordinary case (an issuer's name in capitals beside the motto is layout)."""
    cells = [c.strip() for c in _distinct(row) if c and c.strip()]
    if len(cells) != 2:
        return False
    label = cells[0]
    if len(label) > _LABEL_CHARS or "\n" in label or label.isupper() or label.endswith((".", ";")):
        return False
    return any(ch.isalpha() for ch in label) and _marker(label) is None


_TITLE_ROWS = 10  # a sheet's title, issuer and date lines stand above its header row


def render_sheet(rows: list[Row]) -> list[str]:
    """A spreadsheet's rows: the lines above its header row as paragraphs, then one
    item per row with its header's labels; a sheet without a recognisable header
    takes its first row as the header, so each row still carries its column names."""
    rows = [r for r in rows if any(c and c.strip() for c in _distinct(r))]
    at = next((i for i, r in enumerate(rows[: _TITLE_ROWS + 1]) if len(r) >= 2 and _is_header(r)), None)
    if at is None and len(rows) >= 2 and len([c for c in _distinct(rows[0]) if c and c.strip()]) >= 2:
        at = 0
    if at is None or at == len(rows) - 1:
        return [_one_line_paragraphs(c) for r in rows for c in _distinct(r) if c and c.strip()]
    titles = [_one_line_paragraphs(c) for r in rows[:at] for c in _distinct(r) if c and c.strip()]
    return titles + _records(rows[at:])


def _listed(cell: str) -> str:
    """A cell that names one agency per line, on one line: 'Sở Tư pháp; UBND các huyện'."""
    return "; ".join(line.strip().rstrip(",;") for line in cell.split("\n") if line.strip())


def _one_line_paragraphs(cell: str) -> str:
    return "\n".join(line.strip() for line in cell.split("\n") if line.strip())


def _records(rows: list[Row]) -> list[str]:
    header = rows[0]
    labels = [_one_line(c).rstrip(":") if c is not None else None for c in header]
    folded = [fold(lbl) if lbl else "" for lbl in labels]
    stt_col = next((i for i, f in enumerate(folded) if _STT_HEADER.match(f)), None)
    content_col = next(
        (i for i, f in enumerate(folded) if i != stt_col and _CONTENT_HEADER.search(f + " ")),
        next((i for i, lbl in enumerate(labels) if i != stt_col and lbl is not None), 0),
    )
    blocks: list[str] = []
    number = 0
    for row in rows[1:]:
        row = (row + [""] * len(labels))[: len(labels)]
        cells = [_one_line(c) if c else "" for c in row]
        if all(_COLUMN_NUMBERS.match(c) or not c for c in cells):
            continue
        content = cells[content_col]
        stt = cells[stt_col] if stt_col is not None else ""
        fields = [
            (labels[i] or "", _listed(value))
            for i, value in enumerate(row)
            if value and value.strip() and i not in (stt_col, content_col)
        ]
        if not fields and not content:  # a group row merged across the table: "II | NHIỆM VỤ CỤ THỂ"
            blocks.append(" ".join(c for c in cells if c))
            continue
        number += 1
        marker = _marker(stt) if stt else f"{number}."
        head = f"{marker} {content}" if marker else f"{stt} {content}".strip()
        blocks.append("\n".join([head, *(f"- {label}: {value}" for label, value in fields)]))
    return blocks
