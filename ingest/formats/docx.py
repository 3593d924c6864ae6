"""A Word document (.docx) as plain text, with the numbering Word draws but does not store.

Automatic numbering ("I.", "1.", "a)", bullets) lives in numbering.xml, not in
the paragraph's text; the structure parser needs it to nest sections, so the
markers are rebuilt from the list definitions. Tables go through
`ingest.formats.tables`, one labelled item per row.
"""

from __future__ import annotations

import io
from typing import Any

import docx
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from ingest.formats.tables import Row, render_table
from ingest.formats.zipcheck import check_archive
from ingest.limits import ParseLimits


def read_docx(data: bytes, max_unpacked: int = ParseLimits.max_unpacked_bytes) -> str:
    # Compressed files may expand a thousandfold, and their headers may lie about
    # it: python-docx reads only an archive that inflates as it claims, within budget.
    check_archive(data, max_unpacked)
    document = docx.Document(io.BytesIO(data))
    numbering = _Numbering(document)
    blocks: list[str] = []
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            text = item.text.strip()
            if text:
                marker = numbering.marker(item)
                blocks.append(f"{marker} {text}" if marker else text)
        elif isinstance(item, Table):
            blocks.extend(render_table(_rows(item)))
    return "\n\n".join(blocks)


def _cell_text(cell: Any) -> str:
    return "\n".join(p.text.strip() for p in cell.paragraphs if p.text.strip())


def _rows(table: Table) -> list[Row]:
    rows: list[Row] = []
    for row in table.rows:
        cells: Row = [""] * row.grid_cols_before
        previous = None
        for cell in row.cells:
            # A horizontally merged cell comes once per grid column it spans.
            cells.append(None if previous is not None and cell._tc is previous._tc else _cell_text(cell))
            previous = cell
        rows.append(cells)
    return rows


_ROMAN = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL")]
_ROMAN += [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]


def _roman(n: int) -> str:
    out = ""
    for value, letters in _ROMAN:
        while n >= value:
            out, n = out + letters, n - value
    return out


def _letter(n: int) -> str:
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _format(n: int, fmt: str) -> str:
    match fmt:
        case "lowerLetter":
            return _letter(n)
        case "upperLetter":
            return _letter(n).upper()
        case "lowerRoman":
            return _roman(n).lower()
        case "upperRoman":
            return _roman(n)
        case "decimalZero":
            return f"{n:02d}"
        case "none":
            return ""
        case _:  # decimal, and the spelled-out formats read best as digits
            return str(n)


class _Numbering:
    """The counters Word keeps while it draws list numbers, one set per list.

    Lists that share an abstract definition continue one another, as in Word,
    unless a list restarts a level with a start override.
    """

    def __init__(self, document: Any) -> None:
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}  # abstract id -> level -> fmt, text, start
        self.lists: dict[str, tuple[str, dict[int, int]]] = {}  # num id -> abstract id, start overrides
        self.counters: dict[str, dict[int, int]] = {}
        self.started: set[str] = set()
        self.styles = document.styles
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError):  # a document without lists
            return
        for abstract in root.findall(qn("w:abstractNum")):
            levels = {}
            for lvl in abstract.findall(qn("w:lvl")):
                levels[int(lvl.get(qn("w:ilvl")))] = (
                    _val(lvl, "w:numFmt") or "decimal",
                    _val(lvl, "w:lvlText") or "",
                    int(_val(lvl, "w:start") or 1),
                )
            self.levels[abstract.get(qn("w:abstractNumId"))] = levels
        for num in root.findall(qn("w:num")):
            overrides = {}
            for override in num.findall(qn("w:lvlOverride")):
                start = _val(override, "w:startOverride")
                if start is not None:
                    overrides[int(override.get(qn("w:ilvl")))] = int(start)
            self.lists[num.get(qn("w:numId"))] = (_val(num, "w:abstractNumId") or "", overrides)

    def _num_pr(self, paragraph: Paragraph) -> tuple[str, int] | None:
        """(num id, level) from the paragraph, else from its style and the styles it is based on."""
        p_pr = paragraph._p.pPr
        level = None
        elements = [p_pr] if p_pr is not None else []
        style = paragraph.style
        while style is not None:
            elements.append(style.element.pPr)
            style = style.base_style
        for element in elements:
            num_pr = element.find(qn("w:numPr")) if element is not None else None
            if num_pr is None:
                continue
            if level is None and _val(num_pr, "w:ilvl") is not None:
                level = int(_val(num_pr, "w:ilvl") or 0)
            num_id = _val(num_pr, "w:numId")
            if num_id is not None:
                return (num_id, level or 0) if num_id != "0" else None
        return None

    def marker(self, paragraph: Paragraph) -> str:
        """'II.', '2.1.', 'a)', '-', or '' for a paragraph that is not numbered."""
        found = self._num_pr(paragraph)
        if found is None or found[0] not in self.lists:
            return ""
        num_id, level = found
        abstract, overrides = self.lists[num_id]
        levels = self.levels.get(abstract, {})
        if level not in levels:
            return ""
        counters = self.counters.setdefault(abstract, {})
        if num_id not in self.started:
            self.started.add(num_id)
            for lvl, start in overrides.items():
                counters[lvl] = start - 1
        fmt, text, start = levels[level]
        counters[level] = counters.get(level, start - 1) + 1
        for deeper in [k for k in counters if k > level]:
            del counters[deeper]
        if fmt == "bullet":
            return "+" if levels.get(level - 1, ("",))[0] == "bullet" else "-"
        for lvl in range(level + 1):
            lvl_fmt, _, lvl_start = levels.get(lvl, ("decimal", "", 1))
            text = text.replace(f"%{lvl + 1}", _format(counters.get(lvl, lvl_start), lvl_fmt))
        return text.strip()


def _val(element: Any, tag: str) -> str | None:
    child = element.find(qn(tag))
    return child.get(qn("w:val")) if child is not None else None
