"""The section tree of a directive: which block sits under which heading.

Vietnamese administrative documents number their parts the same way whatever
the issuer (Decree 30/2020/NĐ-CP on document form): roman numerals, then
arabic "1.", "2.1.", then letters "a)", "đ)", then "(1)", then bullets "-" and
"+". The parser reads those markers, not any particular document's wording.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ingest.header import Header
from vn.people import is_name, is_role, is_upper
from vn.sentences import MARKERS, OPEN_END, is_unfinished, shorten

_LEVELS = {"roman": 1, "arabic": 2, "letter": 6, "paren": 7}
_LABEL_CHARS = 100


@dataclass(frozen=True)
class Block:
    """A paragraph, numbered item or bullet, with its place in the text."""

    start: int
    end: int
    text: str
    kind: str  # roman | dotted | arabic | letter | paren | bullet | subbullet | paragraph
    marker: str = ""

    @property
    def is_item(self) -> bool:
        return self.kind in ("roman", "dotted", "arabic", "letter", "paren")

    @property
    def level(self) -> int:
        """Nesting depth of a numbered item; "2.1." sits under "2."."""
        if self.kind == "dotted":
            return 2 + self.marker.count(".")
        return _LEVELS.get(self.kind, 99)

    @property
    def body(self) -> str:
        """The text after the marker."""
        if not self.marker:
            return self.text
        pattern = dict(MARKERS)[self.kind]
        return pattern.sub("", self.text, count=1)

    @property
    def has_short_label(self) -> bool:
        """'8. Tỉnh đoàn: <task>': a name, a colon, then the content."""
        head, colon, _ = self.text.split("\n")[0].partition(":")
        return bool(colon) and len(head) <= 60

    @property
    def label(self) -> str:
        """How the item is named in a heading path: '2. Sở Tư pháp'."""
        if self.has_short_label:
            return self.text.split(":")[0].strip()
        return shorten(" ".join(self.text.split()), _LABEL_CHARS)


def _kind(line: str) -> tuple[str, str]:
    for kind, pattern in MARKERS:
        m = pattern.match(line)
        if m:
            return kind, m.group("m")
    return "paragraph", ""


def _continues(previous: str, line: str, full: float) -> bool:
    """Whether `line` wraps the line before it rather than starting a block.

    A line continues one that ended on a comma or a word no sentence ends on
    ("… ngày 14/10/2024 của" / "Bộ Thông tin …"), one in capitals of a title
    in capitals, and one that ran to the text's right margin (`full`: a hard-
    wrapped copy breaks every line there) without closing its sentence.
    """
    if _kind(line)[0] != "paragraph":
        return False
    if line[0].islower() or previous.rstrip().endswith(",") or (is_upper(previous) and is_upper(line)):
        return True
    if not is_unfinished(previous) or is_upper(previous) != is_upper(line):
        return False
    # A reference or a date carried over ("Căn cứ Nghị định số" / "34/2016/NĐ-CP …"): no block starts so.
    return bool(OPEN_END.search(previous)) or line[0].isdigit() or len(previous) >= full


def _margin(lines: list[str]) -> float:
    """How long a line is that reaches the right margin of a hard-wrapped text:
    about as long as its longest lines. A text whose paragraphs are single
    lines has a margin longer than any line that could be wrapped."""
    lengths = sorted(len(line) for line in lines if line.strip())
    if len(lengths) < 8:
        return float("inf")
    wide = lengths[int(0.9 * (len(lengths) - 1))]
    # Wrapped text has many lines near the margin; paragraphs of free length do not.
    near = sum(1 for n in lengths if n >= 0.8 * wide)
    return 0.8 * wide if wide <= 120 and near >= len(lengths) / 3 else float("inf")


def blocks(text: str) -> Iterator[Block]:
    """Split a cleaned text into blocks, each with exact character offsets."""
    start = end = None
    previous = ""
    offset = 0
    full = _margin(text.split("\n"))
    for line in text.split("\n"):
        line_start, offset = offset, offset + len(line) + 1
        if not line.strip():
            if start is not None:
                yield _block(text, start, end)
            start = None
            continue
        if start is not None and _continues(previous, line, full):
            end = line_start + len(line)
        else:
            if start is not None:
                yield _block(text, start, end)
            start, end = line_start, line_start + len(line)
        previous = line
    if start is not None:
        yield _block(text, start, end)


def _block(text: str, start: int, end: int | None) -> Block:
    assert end is not None
    kind, marker = _kind(text[start:end])
    return Block(start, end, text[start:end], kind, marker)


def sections(items: list[Block]) -> list[tuple[str, ...]]:
    """For each block, the labels of the numbered items it sits under."""
    stack: list[Block] = []
    paths = []
    for block in items:
        if block.is_item:
            while stack and stack[-1].level >= block.level:
                stack.pop()
        paths.append(tuple(b.label for b in stack))
        if block.is_item:
            stack.append(block)
    return paths


NEWS = "Tin bài"
_STAMP = re.compile(r"^(?:date\s+)?\d{4}-\d{2}")


@dataclass(frozen=True)
class Layout:
    """Where the parts of a document are.

    A directive reads: header (issuer, number, place and date, type word and
    summary: ingest/header.py), body, "Nơi nhận:" list, signature. A news
    article has a headline and a body.
    """

    doc_type: str
    title: int | None  # index of a news headline's block; a directive's title is in its header
    body: range  # indexes of the body's blocks
    signature: tuple[int, int] | None  # the signing lines' span in the text ("KT. CHỦ TỊCH" … name)
    signer: str
    header: Header = Header()


_SIGNED = re.compile(r"^[(\[]?\s*(?:đã ký|ký tên|ký và đóng dấu|đã ký và đóng dấu)[^)\]]*[)\]]?$", re.I)
_SIGNING_ROLE = re.compile(r"^(?:TM|KT|TL|TUQ|Q|T/M|K/T)\.?\s", re.I)


def layout(items: list[Block], header: Header | None = None) -> Layout:
    header = header or Header()
    if header.official:
        doc_type = header.doc_type or "Công văn"
        # A portal's page may head the document with its citation, above the header
        # ("Công văn số 4150/BNN-CN ngày … của Bộ … về việc …"): the page's title.
        first = header.span[0] if header.span else 0
        portal = range(*header.portal) if header.portal else range(0)
        title = next(
            (i for i, b in enumerate(items) if b.end <= first and b.start not in portal and len(b.text.split()) >= 5),
            None,
        )
        body_start = next((i for i, b in enumerate(items) if b.start >= header.end), len(items))
    else:
        doc_type = header.doc_type or NEWS
        after = next((i for i, b in enumerate(items) if b.start >= header.end), len(items))
        # A news headline: the first real sentence, not a scraper's date stamp.
        title = next(
            (
                i
                for i, b in enumerate(items[:6])
                if i >= after and len(b.text.split()) >= 5 and not b.marker and not _STAMP.match(b.text)
            ),
            None,
        )
        body_start = after if title is None else title + 1
    end = next((i for i in range(body_start, len(items)) if items[i].text.startswith("Nơi nhận")), len(items))
    signature, signer = _signature(items, body_start, official=header.official)
    if signature:
        end = min(end, next((i for i in range(body_start, len(items)) if items[i].end > signature[0]), end))
    return Layout(doc_type, title, range(body_start, end), signature, signer, header)


def _signature(items: list[Block], body_start: int, official: bool) -> tuple[tuple[int, int] | None, str]:
    """The signing lines that close a document ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ
    TỊCH", "PHÓ CHỦ TỊCH", "(Đã ký)", the name), and the signer's name.

    Read line by line from the end, because a flattened layout puts the
    "Nơi nhận" list and the signature in one run of lines, in either order: a
    list that ends the text is stepped over. A name with no signing role
    above it is a news article's byline, not a signature, unless the
    document has the official header."""
    lines = [(b.start + m.start(), b.start + m.end(), m.group().strip()) for b in items[body_start:] for m in re.finditer(r"[^\n]+", b.text)]
    k = len(lines) - 1
    recipients = next((j for j in range(len(lines) - 1, max(-1, len(lines) - 40), -1) if lines[j][2].startswith("Nơi nhận")), None)
    if recipients is not None and all(re.match(r"^[-–•+]", lines[j][2]) or j == recipients for j in range(recipients, len(lines))):
        k = recipients - 1  # the list closes the text: the signature stands above it
    name, roles, first, last = "", 0, None, None
    while k >= 0 and len(lines) - k <= 40:
        start, end, line = lines[k]
        if not re.search(r"\w", line):  # a stray ";" or "|" a copy left
            k -= 1
            continue
        if is_name(line) and not name and not roles:
            name, first, last = line, start, end
        elif line == name and not roles:  # the name printed twice (a copy of the signed scan's text)
            first = start
        elif _SIGNED.match(line) and not roles:
            first = start
            last = last or end
        elif (is_role(line) or _SIGNING_ROLE.match(line)) and len(line) <= 80:
            roles += 1
            first = start
            last = last or end
        else:
            break
        k -= 1
    if not name or not (roles or official) or first is None or last is None:
        return None, ""
    return (first, last), name


