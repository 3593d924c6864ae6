"""Document metadata read from a directive's own text.

Official documents state issuer, number, place and date in a fixed header
(Decree 30/2020/NĐ-CP); copies pasted from portals often lose that header, so
each field falls back to what the body says ("Ngày 25/12/2024, tại ...", the
province named most often) and last to the file name.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ingest.structure import NEWS, Block, Layout
from vn.dates import first_day, iso_in
from vn.normalize import fold
from vn.places import find_provinces, gazetteer, province_of
from vn.records import DocumentMeta
from vn.refs import REF_PATTERN, doc_types


def _file_name(source: str) -> tuple[str, str]:
    """(province, ISO date) a file name states: 'quang-ngai_2024-12-25_thong-bao.txt'
    (the convention of the samples) or any name with a date in it."""
    stem = Path(source).stem
    head = stem.split("_")[0] if "_" in stem else ""
    return province_of(head), iso_in(stem.replace("_", " "))


def _date(items: list[Block], parts: Layout, source: str) -> str:
    """The document's own date: its header's, else a news item's opening ("Ngày
    25/12/2024, …") or stamp, else the file name's. Never a date the body cites."""
    if parts.header.date:
        return parts.header.date
    if parts.title:  # a date alone above a news headline is its publication's ("11/10/2022")
        for block in items[: parts.title]:
            if (day := first_day(block.text, opening=True)) and len(block.text) <= 20:
                return day
    start = parts.title + 1 if parts.title is not None else parts.body.start
    for block in items[start : start + 2]:
        if day := first_day(block.text, opening=True):
            return day
    if stamp := (iso_in(items[0].text.split("\n")[0]) if items else ""):
        return stamp
    return _file_name(source)[1]


def _province(text: str, parts: Layout, source: str) -> str:
    """The issuer's province (its name, else the dateline's place), else the
    file name's, else the province the text names most often. A central body's
    document has none."""
    if parts.header.official and (parts.header.province or parts.header.issuer):
        return parts.header.province
    if parts.header.province or (from_name := _file_name(source)[0]):
        return parts.header.province or from_name
    counts = Counter(p.province for p in find_provinces(text))
    ranked = counts.most_common(2)
    if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
        # None named, or several as often ("Bình Dương, Đồng Nai, Hà Nam … đã số hóa"): a
        # text about many provinces is nobody's, and a document whose province is not
        # known stays in every province's search.
        return ""
    best = ranked[0][0]
    # Under the name the text uses for it most ("Huế" or "Thừa Thiên Huế").
    return Counter(p.name for p in find_provinces(text) if p.province == best).most_common(1)[0][0]


def _opening_type(title: str) -> str:
    """The document type a headline opens with, followed by what it is about ("Báo cáo Tình hình …")."""
    for t in doc_types():
        if fold(title).startswith(fold(t.name) + " ") and len(title) > len(t.name) + 10:
            return t.name
    return ""


@dataclass(frozen=True)
class Cited:
    """What a page's heading says of the document it gives, cited the way documents cite
    each other: "Công văn số 4150/BNN-CN ngày 20 tháng 7 năm 2021 của Bộ Nông nghiệp và
    Phát triển nông thôn về việc tháo gỡ khó khăn …" (the rest after the type's name)."""

    number: str = ""
    date: str = ""
    issuer: str = ""
    title: str = ""


def cited_heading(rest: str) -> Cited:
    m = REF_PATTERN.match(re.sub(r"^(?:số|so)\s+", "", rest.strip(), flags=re.I))
    if m is None:
        return Cited(title=rest)
    after = re.sub(r"^(?:số|so)\s+", "", rest.strip(), flags=re.I)[m.end() :]
    about = re.search(r"\b(?:về việc|về|V/v)\s+", after)
    before = after[: about.start()] if about else after
    issuer = re.search(r"\bcủa\s+(.+?)\s*$", before)
    year = re.match(r"\s*năm\s+(\d{4})\b", before)
    return Cited(
        number=m.group(),
        date=first_day(before.strip(), opening=True) or (year.group(1) if year else ""),
        issuer=issuer.group(1).strip(" ,") if issuer else "",
        title=after[about.end() :].strip() if about else "",
    )


def read_metadata(text: str, items: list[Block], parts: Layout, doc_id: str, source: str, sha256: str) -> DocumentMeta:
    """Metadata of one cleaned document: its own header first, then a portal's
    property table, then the file name, then what the body says."""
    header = parts.header
    doc_type = parts.doc_type
    cited = Cited()
    heading = ""
    if parts.title is not None:
        heading = re.sub(r"^(?:date\s+)?\d{4}-\d{2}(?:-\d{2})?\s+", "", " ".join(items[parts.title].text.split()))
        # A page titled with the document it gives ("Thông báo về việc hoãn …", "Công văn số
        # 4150/BNN-CN ngày … về việc …"): that type, and what the citation says of it.
        if named := _opening_type(heading):
            cited = cited_heading(heading[len(named) :].strip(" :-–"))
            doc_type = named if doc_type == NEWS else doc_type
            heading = cited.title
    title = header.title or heading
    province = _province(text, parts, source)
    issuer = header.issuer or cited.issuer
    signed = fold(text[slice(*parts.signature)]) if parts.signature else ""
    if not issuer and province and ("uy ban nhan dan" in signed or "chu tich" in signed):
        # Signed for the provincial committee ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"): it is the issuer.
        issuer = f"UBND {gazetteer()[province_of(province)].kind} {province}" if province_of(province) else ""
    return DocumentMeta(
        doc_id=doc_id,
        source=source,
        sha256=sha256,
        doc_type=doc_type,
        title=title,
        number=header.number or cited.number,
        date=parts.header.date or cited.date or _date(items, parts, source),
        province=province,
        issuer=issuer,
        signer=parts.signer or header.signer,
    )
