"""The citable text of a document: NFC, no markdown noise, tidy whitespace.

`clean` keeps the document's own spelling, so a person can find a quoted
passage with Ctrl-F; the forms texts are compared in (one tone style, no
diacritics) are vn.normalize's.
"""

from __future__ import annotations

import re
import unicodedata

from ingest.formats.tables import Row, render_table
from vn.people import is_upper
from vn.sentences import MARKER_START, OPEN_END, is_unfinished

_BOLD = re.compile(r"\*\*(.+?)\*\*", re.S)
_ITALIC = re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])", re.S)
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u3000]+")
def clean(raw: str) -> str:
    """The citable text of a document."""
    return clean_parts([raw])[0]


def clean_parts(parts: list[str]) -> tuple[str, list[int]]:
    """The citable text of a document read in parts (pages), and where each part starts in it.

    Offsets are kept while the parts are joined, so a passage's page is known
    from its start offset; a part with no text starts where the next one does.
    """
    paragraphs: list[str] = []
    first_paragraph: list[int] = []  # index into `paragraphs` of each part's first paragraph
    for raw in parts:
        first_paragraph.append(len(paragraphs))
        text = _clean_part(raw)
        if text:
            paragraphs.extend(text.split("\n\n"))
    text, starts = _join_page_breaks(paragraphs)
    starts.append(len(text))
    return text + "\n", [starts[i] for i in first_paragraph]


def _clean_part(raw: str) -> str:
    text = unicodedata.normalize("NFC", raw).replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    text = _untable(text)
    text = _BOLD.sub(r"\1", text)
    text = _ITALIC.sub(r"\1", text)
    text = _SPACES.sub(" ", text)
    text = "\n".join(line.strip() for line in text.split("\n"))
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()


# A rule drawn under the issuer or the motto ("-------", "___"), or a cell
# separator left alone on its line.
_RULE = re.compile(r"^[\s|]*(?:[-_=*~–—.]{3,}[\s|]*)?$")
_SEPARATOR_ROW = re.compile(r"^[\s|:\-–]*$")  # markdown's "|---|:---|"


# A "|" separates cells where a table pasted as text puts one: at the line's ends or
# between spaces; inside a word ("cmd|'") it is a character of the text.
_CELL_BAR = re.compile(r"^\s*\||\|\s*$|\s\|\s")


def _cells(line: str) -> list[str]:
    return [c.strip() for c in re.split(r"\||\t", line.strip().strip("|"))]


def _untable(text: str) -> str:
    """Text copied from a web page keeps its tables' separators. A run of two
    or more lines with two or more cells between "|" (or tabs) is a table,
    written the way the readers write a DOCX or HTML table (ingest/formats/
    tables.py: a task table as labelled items, a portal's "Số hiệu | …" table
    as "label: value" lines); elsewhere a "|" or a tab separates cells, each
    of which goes on a line of its own, and rules and lone separators go."""
    out: list[str] = []
    rows: list[Row] = []

    def flush() -> None:
        if len(rows) >= 2:
            out.extend(["", *"\n\n".join(render_table(rows)).split("\n"), ""])
        else:
            out.extend(c for row in rows for c in row if c)
        rows.clear()

    for line in text.split("\n"):
        has_bars = "\t" in line.strip() or bool(_CELL_BAR.search(line))
        is_row = has_bars and len([c for c in _cells(line) if c]) >= 2
        if is_row and not _SEPARATOR_ROW.match(line):
            rows.append(list(_cells(line)))
            continue
        if rows and _SEPARATOR_ROW.match(line) and line.strip():
            continue  # markdown's line under the header row
        flush()
        if _RULE.match(line):
            out.append("")
        elif has_bars:
            out.extend(c for c in _cells(line) if c)
        else:
            out.append(line)
    flush()
    return "\n".join(out)


def _join_page_breaks(paragraphs: list[str]) -> tuple[str, list[int]]:
    """Rejoin paragraphs that a page break of the source cut in two; return the
    text and the offset in it of each paragraph given.

    The second half either starts in lower case, or follows a paragraph that
    stopped mid-sentence and is long or ends on a word no sentence ends on; a
    heading or caption is short and complete, so it is not taken for the first half.
    """
    out: list[str] = []
    starts: list[int] = []
    length = 0  # of "\n\n".join(out)
    for para in paragraphs:
        if out and not MARKER_START.match(para):
            prev = out[-1]
            last_line = prev.rsplit("\n", 1)[-1]
            # A title in capitals is not cut from the paragraph that follows it.
            title = is_upper(last_line) and not is_upper(para.split("\n", 1)[0])
            if is_unfinished(prev) and not title and (para[0].islower() or len(last_line) >= 200 or OPEN_END.search(last_line)):
                out[-1] = prev + " " + para
                starts.append(length + 1)
                length += 1 + len(para)
                continue
        if out:
            length += 2
        starts.append(length)
        out.append(para)
        length += len(para)
    return "\n\n".join(out), starts
