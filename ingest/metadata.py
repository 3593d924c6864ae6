"""Document metadata read from a directive's own text.

Official documents state issuer, number, place and date in a fixed header
(Decree 30/2020/NĐ-CP); copies pasted from portals often lose that header, so
each field falls back to what the body says ("Ngày 25/12/2024, tại ...", the
province named most often) and last to the file name.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from ingest.structure import NEWS, Block, Layout
from vn.dates import first_day, iso_in
from vn.normalize import match_form
from vn.people import is_name
from vn.places import find_provinces, provinces_in
from vn.records import DocumentMeta
from vn.refs import NUMBER_LINE

_ISSUER = re.compile(r"(?:ỦY BAN NHÂN DÂN|UBND)\s+(TỈNH|THÀNH PHỐ)\s+(.+)", re.I)


def _date(items: list[Block], head: list[Block], body: list[Block], source: str) -> str:
    for block in head:
        if day := first_day(block.text):
            return day
    for block in body[:2]:
        if day := first_day(block.text, opening=True):
            return day
    return (iso_in(items[0].text.split("\n")[0]) if items else "") or iso_in(Path(source).stem.replace("_", " "))


def _province(text: str, head: list[Block]) -> str:
    for block in head:
        if m := _ISSUER.search(block.text.replace("\n", " ")):
            named = provinces_in(m.group(2))
            if named:
                return named[0]
    # Else the province the text names most often.
    counts = Counter(p.province for p in find_provinces(text))
    if not counts:
        return ""
    best = counts.most_common(1)[0][0]
    # Under the name the text uses for it most ("Huế" or "Thừa Thiên Huế").
    return Counter(p.name for p in find_provinces(text) if p.province == best).most_common(1)[0][0]


def read_metadata(text: str, items: list[Block], parts: Layout, doc_id: str, source: str, sha256: str) -> DocumentMeta:
    """Metadata of one cleaned document, given its blocks and layout."""
    first_body = parts.body.start
    head = items[: parts.title if parts.title is not None else first_body]
    body = [items[i] for i in parts.body]
    title = " ".join(items[parts.title].text.split()) if parts.title is not None else Path(source).stem
    title = re.sub(r"^(?:date\s+)?\d{4}-\d{2}(?:-\d{2})?\s+", "", title)

    number = ""
    for block in head:
        if m := NUMBER_LINE.search(block.text):
            number = m.group(1).rstrip(".")
            break

    province = _province(text, head)
    names = [items[i].text.split("\n")[-1].strip() for i in parts.signature if is_name(items[i].text.split("\n")[-1])]
    signer = names[-1] if names else ""
    roles = " ".join(items[i].text for i in parts.signature if not is_name(items[i].text))

    issuer = ""
    for block in head:
        if m := _ISSUER.search(block.text.replace("\n", " ")):
            issuer = f"UBND {m.group(1).lower()} {province}" if province else ""
    if not issuer and parts.doc_type != NEWS and province and "CHỦ TỊCH" in roles:
        issuer = f"UBND tỉnh {province}"

    return DocumentMeta(
        doc_id=doc_id,
        source=source,
        sha256=sha256,
        doc_type=parts.doc_type,
        title=title,
        number=number,
        date=_date(items, head, body, source),
        province=province,
        issuer=issuer,
        signer=signer,
    )


def same_text(a: str, b: str) -> bool:
    return match_form(a) == match_form(b)
