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

from vn.people import is_name, is_role, is_upper
from vn.refs import doc_types
from vn.sentences import MARKERS, shorten

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


def _continues(previous: str, line: str) -> bool:
    """Whether `line` wraps the line before it rather than starting a block."""
    if _kind(line)[0] != "paragraph":
        return False
    return line[0].islower() or previous.rstrip().endswith(",") or (is_upper(previous) and is_upper(line))


def blocks(text: str) -> Iterator[Block]:
    """Split a cleaned text into blocks, each with exact character offsets."""
    start = end = None
    previous = ""
    offset = 0
    for line in text.split("\n"):
        line_start, offset = offset, offset + len(line) + 1
        if not line.strip():
            if start is not None:
                yield _block(text, start, end)
            start = None
            continue
        if start is not None and _continues(previous, line):
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
    """Where the parts of a document are, as indexes into its block list.

    A directive reads: header (issuer, number, place and date), type line
    ("THÔNG BÁO"), title, body, "Nơi nhận:" list, signature. A news article
    has a headline and a body.
    """

    doc_type: str
    title: int | None  # index of the title block
    body: range
    signature: tuple[int, ...]


def layout(items: list[Block]) -> Layout:
    doc_type, type_at = NEWS, None
    for i, block in enumerate(items[:12]):
        first = block.text.split("\n")[0].strip()
        named = next((t for t in doc_types() if first.startswith(t.heading)), None)
        if named and is_upper(first):
            doc_type, type_at = named.name, i
            break
        if first.startswith("V/v"):
            doc_type, type_at = "Công văn", i - 1
            break
    if type_at is not None:
        title: int | None = type_at + 1 if type_at + 1 < len(items) else None
        body_start = type_at + 2
    else:
        # A news headline: the first real sentence, not a scraper's date stamp.
        title = next(
            (
                i
                for i, b in enumerate(items[:6])
                if len(b.text.split()) >= 5 and not b.marker and not _STAMP.match(b.text)
            ),
            None,
        )
        body_start = 0 if title is None else title + 1

    end = next((i for i in range(body_start, len(items)) if items[i].text.startswith("Nơi nhận")), len(items))
    tail = list(range(end + 1, len(items))) if end < len(items) else []
    if not tail:  # no "Nơi nhận": the signature is whatever role and name lines close the text
        i = len(items) - 1
        while i >= body_start and (is_name(items[i].text) or is_role(items[i].text)):
            tail.insert(0, i)
            i -= 1
        end = tail[0] if tail else end
    signature = tuple(i for i in tail if is_name(items[i].text) or is_role(items[i].text))
    if not any(is_name(items[i].text) for i in signature):
        signature = ()
    return Layout(doc_type, title, range(body_start, end), signature)
