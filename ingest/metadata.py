"""Document metadata read from a directive's own text.

Official documents state issuer, number, place and date in a fixed header
(Decree 30/2020/NĐ-CP); copies pasted from portals often lose that header, so
each field falls back to what the body says ("Ngày 25/12/2024, tại ...", the
province named most often) and last to the file name.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from pathlib import Path

from ingest.normalize import fold, match_form
from ingest.records import DocumentMeta
from ingest.structure import NEWS, Block, Layout, is_name

_LONG_DATE = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.I)
_SHORT_DATE = re.compile(r"^ngày\s+(\d{1,2})/(\d{1,2})/(\d{4})", re.I)
_ISO_DATE = re.compile(r"(?<![\d-])(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?(?![\d-])")
_NUMBER = re.compile(r"Số\s*:\s*(\d+[^\s,;]*)")
_ISSUER = re.compile(r"(?:ỦY BAN NHÂN DÂN|UBND)\s+(TỈNH|THÀNH PHỐ)\s+(.+)", re.I)


@cache
def provinces() -> tuple[str, ...]:
    path = Path(__file__).parent / "lexicon" / "provinces.txt"
    names = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    # Longest first, so "Thừa Thiên Huế" is found before "Huế".
    return tuple(sorted((n for n in names if n and not n.startswith("#")), key=len, reverse=True))


def _words(text: str) -> str:
    """' so hoa du lieu ': folded words between spaces, for whole-word search."""
    return " " + " ".join(re.findall(r"\w+", fold(text))) + " "


@cache
def _province_keys() -> tuple[tuple[str, str], ...]:
    """(name, its folded words) for every province, longest first."""
    return tuple((name, _words(name)) for name in provinces())


@cache
def _inside() -> tuple[tuple[str, str], ...]:
    """(longer, shorter) pairs where one province's name contains another's ("Thừa Thiên Huế", "Huế")."""
    return tuple((a, b) for a in provinces() for b in provinces() if a != b and fold(b) in fold(a))


def provinces_in(text: str) -> list[str]:
    """Provinces named in `text`, accents optional, each once, in order.

    Longer names claim their words first and a shorter name only counts where
    it overlaps none: without accents "Tuyen Quang nam 2024" holds "quang nam",
    which is Tuyên Quang and a year, not Quảng Nam; "Thừa Thiên Huế" is not also Huế.
    """
    folded = _words(text)
    taken: list[tuple[int, int]] = []
    first: dict[str, int] = {}
    for name, key in _province_keys():
        at = folded.find(key)
        while at >= 0:
            # The keys share their bounding spaces, so a span ends before its last space.
            span = (at, at + len(key) - 1)
            if not any(span[0] < end and start < span[1] for start, end in taken):
                taken.append(span)
                first.setdefault(name, at)
            at = folded.find(key, at + 1)
    # One place named two ways in one text ("Huế, Thừa Thiên Huế") is one province: the longer name.
    named = [n for n in first if not any(o != n and fold(n) in fold(o) for o in first)]
    return sorted(named, key=first.__getitem__)


def _iso(day: str | None, month: str | None, year: str) -> str:
    parts = [year] + [f"{int(p):02d}" for p in (month, day) if p]
    return "-".join(parts)


def _date(items: list[Block], head: list[Block], body: list[Block], source: str) -> str:
    for block in head:
        if m := _LONG_DATE.search(block.text):
            return _iso(m.group(1), m.group(2), m.group(3))
    for block in body[:2]:
        if m := _SHORT_DATE.match(block.text) or _LONG_DATE.match(block.text):
            return _iso(m.group(1), m.group(2), m.group(3))
    if items and (m := _ISO_DATE.search(items[0].text.split("\n")[0])):
        return _iso(m.group(3), m.group(2), m.group(1))
    if m := _ISO_DATE.search(Path(source).stem.replace("_", " ")):
        return _iso(m.group(3), m.group(2), m.group(1))
    return ""


def _province(text: str, head: list[Block]) -> str:
    for block in head:
        if m := _ISSUER.search(block.text.replace("\n", " ")):
            named = provinces_in(m.group(2))
            if named:
                return named[0]
    counts: Counter[str] = Counter()
    folded = _words(text)
    for name, key in _province_keys():
        counts[name] = folded.count(key)
    # A longer name contains a shorter one ("Thừa Thiên Huế" / "Huế"): count once.
    for name, other in _inside():
        counts[other] -= counts[name]
    best = [(n, c) for n, c in counts.most_common() if c > 0]
    return best[0][0] if best else ""


def read_metadata(text: str, items: list[Block], parts: Layout, doc_id: str, source: str, sha256: str) -> DocumentMeta:
    """Metadata of one cleaned document, given its blocks and layout."""
    first_body = parts.body.start
    head = items[: parts.title if parts.title is not None else first_body]
    body = [items[i] for i in parts.body]
    title = " ".join(items[parts.title].text.split()) if parts.title is not None else Path(source).stem
    title = re.sub(r"^(?:date\s+)?\d{4}-\d{2}(?:-\d{2})?\s+", "", title)

    number = ""
    for block in head:
        if m := _NUMBER.search(block.text):
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
