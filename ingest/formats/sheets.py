"""Spreadsheets (.xlsx, .xls, .ods) as text, and OpenDocument text (.odt).

Offices keep their task lists in Excel: a title, then a header row (STT | Nội
dung nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời hạn hoàn thành |
Sản phẩm), then one task a row. Each sheet goes through
ingest/formats/tables.py as a Word task table does, so a row becomes
"1. <task>" with "- Cơ quan chủ trì: …" lines, which the task registry reads;
a sheet of anything else gives one passage per row, with its column names.

A cell merged down several rows (one lead agency for three tasks) counts for
each of its rows; one merged across columns is written once. Readers: openpyxl
(.xlsx), xlrd (.xls, the Excel 97-2003 format only it reads), odfpy (.ods, .odt).
"""

from __future__ import annotations

import datetime
import io
import zipfile
from typing import Any

from ingest.errors import UnreadableFile
from ingest.formats.tables import Row, render_sheet, render_table

MAX_UNPACKED = 200 * 1024 * 1024  # as for .docx: compressed XML may expand a thousandfold
MAX_ROWS = 20_000  # per sheet; a directive's task list has tens
MAX_COLUMNS = 60
# (first row, first column, last row, last column), 0-based and inclusive.
Merge = tuple[int, int, int, int]


def _check_zip(data: bytes, kind: str) -> None:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        if sum(i.file_size for i in z.infolist()) > MAX_UNPACKED:
            raise UnreadableFile(f"tệp {kind} giải nén ra hơn {MAX_UNPACKED // 1_000_000} MB, không phải một văn bản")


def _value(value: Any, number_format: str = "") -> str:
    """A cell as the sheet shows it: 1.0 -> '1', a date -> '31/03/2025', 0.5 in a % format -> '50%'."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime | datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float):
        if "%" in number_format:
            return f"{value * 100:g}%"
        return str(int(value)) if value.is_integer() else f"{value:g}"
    return str(value).strip()


def _merged(grid: list[list[str]], merges: list[Merge]) -> list[Row]:
    """The grid with merged cells resolved: down -> repeated, across -> None after the first column."""
    rows: list[Row] = [list(r) for r in grid]
    for r0, c0, r1, c1 in merges:
        if r0 >= len(rows):
            continue
        value = rows[r0][c0] if c0 < len(rows[r0]) else ""
        for r in range(r0, min(r1, len(rows) - 1) + 1):
            row = rows[r]
            for c in range(c0, min(c1, len(row) - 1) + 1):
                row[c] = value if c == c0 else None
    return rows


def _blocks(sheets: list[list[Row]]) -> str:
    return "\n\n".join(block for rows in sheets for block in render_sheet(rows))


def read_xlsx(data: bytes) -> str:
    import openpyxl

    _check_zip(data, "XLSX")
    # Not read_only: only a full load knows the merged cells. data_only: the values formulas last gave.
    book = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    sheets = []
    for sheet in book.worksheets:
        grid = [
            [_value(c.value, c.number_format or "") for c in row[:MAX_COLUMNS]]
            for row in sheet.iter_rows(max_row=min(sheet.max_row, MAX_ROWS))
        ]
        merges = [(m.min_row - 1, m.min_col - 1, m.max_row - 1, m.max_col - 1) for m in sheet.merged_cells.ranges]
        sheets.append(_merged(grid, merges))
    return _blocks(sheets)


def read_xls(data: bytes) -> str:
    import xlrd

    book = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=True)
    sheets = []
    for sheet in book.sheets():
        grid = []
        for r in range(min(sheet.nrows, MAX_ROWS)):
            row = []
            for c in range(min(sheet.ncols, MAX_COLUMNS)):
                cell = sheet.cell(r, c)
                if cell.ctype == xlrd.XL_CELL_DATE:
                    row.append(_value(xlrd.xldate_as_datetime(cell.value, book.datemode)))
                elif cell.ctype in (xlrd.XL_CELL_ERROR, xlrd.XL_CELL_BOOLEAN):
                    row.append("")
                else:
                    row.append(_value(cell.value))
            grid.append(row)
        # xlrd's ranges are half-open.
        sheets.append(_merged(grid, [(r0, c0, r1 - 1, c1 - 1) for r0, r1, c0, c1 in sheet.merged_cells]))
    return _blocks(sheets)


def _odf_text(element: Any) -> str:
    """A cell's or paragraph's text, one line per paragraph, with its spaces and line breaks."""
    from odf import teletype, text

    return "\n".join(
        line.strip() for p in element.getElementsByType(text.P) if (line := teletype.extractText(p)).strip()
    )


def _count(element: Any, name: str) -> int:
    """An ODF table attribute that counts (spans, repeats); 1 when absent. Read by its namespaced
    name: odfpy's getAttribute refuses names an element type does not list (covered cells)."""
    from odf.namespaces import TABLENS

    value = element.getAttrNS(TABLENS, name)
    return int(value) if value else 1


def read_ods(data: bytes) -> str:
    from odf import table
    from odf.opendocument import load

    _check_zip(data, "ODS")
    document = load(io.BytesIO(data))
    sheets = []
    for sheet in document.spreadsheet.getElementsByType(table.Table):
        grid: list[list[str]] = []
        merges: list[Merge] = []
        for row in sheet.getElementsByType(table.TableRow):
            cells: list[str] = []
            for cell in row.childNodes:
                if cell.qname[1] not in ("table-cell", "covered-table-cell"):
                    continue
                value = _odf_text(cell) if cell.qname[1] == "table-cell" else ""
                down = _count(cell, "number-rows-spanned")
                across = _count(cell, "number-columns-spanned")
                if down > 1 or across > 1:
                    merges.append((len(grid), len(cells), len(grid) + down - 1, len(cells) + across - 1))
                # An empty cell repeated to the sheet's last column is how ODF ends a row.
                repeat = _count(cell, "number-columns-repeated")
                cells += [value] * min(repeat, max(MAX_COLUMNS - len(cells), 0))
            # Likewise empty rows repeated to the sheet's last row.
            repeat = _count(row, "number-rows-repeated") if any(cells) else 1
            grid += [cells] * min(repeat, MAX_ROWS - len(grid))
            if len(grid) >= MAX_ROWS:
                break
        sheets.append(_merged(grid, merges))
    return _blocks(sheets)


def read_odt(data: bytes) -> str:
    """Headings, paragraphs, list items and tables in their order; ODF stores list numbers
    as styles, not text, so an item's drawn number is not in what is read."""
    from odf import table, teletype
    from odf.opendocument import load

    _check_zip(data, "ODT")
    document = load(io.BytesIO(data))
    blocks: list[str] = []

    def walk(node: Any) -> None:
        for child in node.childNodes:
            name = child.qname[1] if hasattr(child, "qname") and child.qname else ""
            if name in ("p", "h"):
                line = " ".join(str(teletype.extractText(child)).split())
                if line:
                    blocks.append(line)
            elif name == "table":
                rows: list[Row] = []
                for row in child.getElementsByType(table.TableRow):
                    cells: Row = []
                    for cell in row.childNodes:
                        if cell.qname[1] == "table-cell":
                            cells.append(_odf_text(cell))
                            cells += [None] * (_count(cell, "number-columns-spanned") - 1)
                    rows.append(cells)
                blocks.extend(render_table(rows))
            elif name in ("list", "list-item", "section", "text"):
                walk(child)

    walk(document.text)
    return "\n\n".join(blocks)
