"""The main text of a web page (a portal's news article, a directive published as HTML).

trafilatura finds the article and drops menus, breadcrumbs, related links and
footers; it is the best-scored open main-text extractor and works on a string,
with nothing fetched. Its XML output keeps headings, lists and tables apart, so
lists get their markers and tables their labelled rows as in Word files.
"""

from __future__ import annotations

import codecs
import re

import trafilatura
from lxml import etree

from ingest.encoding import NotText, decode
from ingest.errors import UnreadableFile
from ingest.formats.tables import Row, render_table
from vn.normalize import fold

_NO_ARTICLE = "trang HTML không có nội dung chính (bài viết) để nạp"
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w.:-]+)""", re.I)


def _text_of(data: bytes) -> str:
    """The page as a string, in the charset it declares, else as detected."""
    declared = _CHARSET.search(data[:4096])
    if declared:
        try:
            return data.decode(codecs.lookup(declared.group(1).decode("ascii")).name)
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong or unknown declaration: detect instead
    try:
        return decode(data)
    except NotText as e:
        raise UnreadableFile("tệp nhị phân, không phải trang HTML") from e


def read_html(data: bytes) -> str:
    xml = trafilatura.extract(
        _text_of(data),
        output_format="xml",
        include_tables=True,
        include_comments=False,
        include_links=False,
        include_images=False,
        with_metadata=True,
    )
    if not xml:
        raise UnreadableFile(_NO_ARTICLE)
    root = etree.fromstring(xml.encode("utf-8"))
    for lb in root.iter("lb"):
        lb.text = "\n"
    main = root.find("main")
    blocks = _blocks(main) if main is not None else []
    title = " ".join((root.get("title") or "").split())
    if title and not (blocks and fold(title) in fold(blocks[0])):
        blocks.insert(0, title)
    if not any(blocks):
        raise UnreadableFile(_NO_ARTICLE)
    return "\n\n".join(b for b in blocks if b)


def _inline(element: etree._Element) -> str:
    lines = "".join(element.itertext()).split("\n")
    return "\n".join(" ".join(line.split()) for line in lines if line.strip())


def _blocks(parent: etree._Element) -> list[str]:
    blocks: list[str] = []
    for child in parent:
        match child.tag:
            case "list":
                blocks.append("\n".join(_items(child, depth=0)))
            case "table":
                blocks.extend(render_table(_rows(child)))
            case "head" | "p" | "quote" | "code":
                blocks.append(_inline(child))
            case "div" | "main":
                blocks.extend(_blocks(child))
    return blocks


def _items(lst: etree._Element, depth: int) -> list[str]:
    """A list's items with the markers a reader sees: '1.', '2.' or '-', '+' below."""
    lines = []
    for n, item in enumerate(lst.findall("item"), 1):
        marker = f"{n}." if lst.get("rend") == "ol" else ("-" if depth == 0 else "+")
        nested = item.findall("list")
        for sub in nested:
            item.remove(sub)
        text = _inline(item)
        if text:
            lines.append(f"{marker} {text}")
        for sub in nested:
            lines.extend(_items(sub, depth + 1))
    return lines


def _rows(table: etree._Element) -> list[Row]:
    return [[_inline(cell) for cell in row.findall("cell")] for row in table.findall("row")]
