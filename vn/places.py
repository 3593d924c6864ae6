"""Places: the provinces and districts directives are issued in and about.

One gazetteer (lexicon/provinces.tsv, provinces_2025.tsv, districts.tsv;
sources in lexicon/SOURCES.md): the 63 provinces before 1 July 2025 with
their other names and spellings, the 34 they were arranged into by Nghị
quyết 202/2025/QH15, and the districts of each. Names are found without
regard to accents, case or the punctuation between their words ("Bà Rịa -
Vũng Tàu", "ba ria vung tau", "TP.HCM").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from vn.normalize import fold, fold_aligned

_LEXICON = Path(__file__).parent / "lexicon"
# Between the words of a name: a space, a hyphen or a dot, or nothing ("TPHCM").
_GAP = r"[\s\-–.]*"


@dataclass(frozen=True)
class Province:
    name: str  # as written after "tỉnh"/"thành phố" before 1 July 2025: "Thừa Thiên Huế"
    kind: str  # "tỉnh" | "thành phố"
    other_names: tuple[str, ...]  # official names it has also had: "Huế"
    spellings: tuple[str, ...]  # other ways it is written: "TP HCM", "Kontum"
    merged_into: str  # the province it belongs to from 1 July 2025


@dataclass(frozen=True)
class Place:
    """A place named in a text: where, and which."""

    start: int
    end: int
    name: str  # the official name as the gazetteer writes it ("Huế"), the province's name for a spelling
    province: str  # the province (before 2025) it is in: itself for a province


def _rows(name: str) -> list[list[str]]:
    text = (_LEXICON / name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]


def _split(cell: str) -> tuple[str, ...]:
    return tuple(x for x in cell.split("|") if x)


@cache
def gazetteer() -> dict[str, Province]:
    """The 63 provinces before 1 July 2025, by name."""
    return {
        row[0]: Province(row[0], row[1], _split(row[2]), _split(row[3]), row[4]) for row in _rows("provinces.tsv")
    }


def provinces() -> tuple[str, ...]:
    """The 63 provinces' names, as the gazetteer lists them."""
    return tuple(gazetteer())


def _key(text: str) -> str:
    """A name's folded words, run together: what a match is looked up by,
    whatever stood between its words ("Hà Nội", "ha-noi", "HANOI")."""
    return "".join(re.findall(r"\w+", fold(text)))


@cache
def _names() -> dict[str, tuple[str, str]]:
    """Folded words of every name and spelling -> (the name to report, its province)."""
    out: dict[str, tuple[str, str]] = {}
    for p in gazetteer().values():
        for name in (p.name, *p.other_names):
            out.setdefault(" ".join(re.findall(r"\w+", fold(name))), (name, p.name))
        for spelling in p.spellings:
            out.setdefault(" ".join(re.findall(r"\w+", fold(spelling))), (p.name, p.name))
    return out


@cache
def _by_key() -> dict[str, tuple[str, str]]:
    return {k.replace(" ", ""): v for k, v in _names().items()}


def _pattern(keys: list[str]) -> re.Pattern[str]:
    # Longest first: at any position the longest name is taken, so "Thừa Thiên
    # Huế" is not also Huế and "Tuyen Quang nam 2024" is Tuyên Quang and a
    # year, not Quảng Nam.
    ordered = sorted(keys, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(_GAP.join(map(re.escape, k.split())) for k in ordered) + r")(?!\w)")


@cache
def _province_pattern() -> re.Pattern[str]:
    return _pattern(list(_names()))


def find_provinces(text: str) -> list[Place]:
    """Every province a text names, in order, however it is spelt."""
    folded = fold_aligned(text).lower()
    names = _by_key()
    out = []
    for m in _province_pattern().finditer(folded):
        name, province = names[_key(m.group())]
        out.append(Place(m.start(), m.end(), name, province))
    return out


def provinces_in(text: str) -> list[str]:
    """The provinces a text names, each once, in order of first mention; a
    province named two ways ("Huế, Thừa Thiên Huế") by its longer name."""
    named: dict[str, str] = {}
    for place in find_provinces(text):
        if len(place.name) > len(named.get(place.province, "")):
            named[place.province] = place.name
    return list(named.values())


def province_of(name: str) -> str:
    """The province (as the gazetteer names it before 2025) a province name
    or spelling stands for: 'Huế' -> 'Thừa Thiên Huế'; '' for none."""
    found = _by_key().get(_key(name))
    return found[1] if found else ""


def same_province(a: str, b: str) -> bool:
    """Whether two names stand for the same province ('Huế', 'Thừa Thiên Huế')."""
    pa, pb = province_of(a), province_of(b)
    return bool(pa) and pa == pb


def is_place_name(text: str) -> bool:
    return bool(province_of(text))


# -- the 1 July 2025 arrangement (Nghị quyết 202/2025/QH15) ----------------------


def merged_into(name: str) -> str:
    """The province a province belongs to from 1 July 2025: 'Kon Tum' -> 'Quảng Ngãi'."""
    province = gazetteer().get(province_of(name))
    return province.merged_into if province else ""


@cache
def _formed_from() -> dict[str, tuple[str, ...]]:
    return {row[0]: _split(row[2]) for row in _rows("provinces_2025.tsv")}


def formed_from(name: str) -> tuple[str, ...]:
    """The provinces before 1 July 2025 that make up a province after it:
    'Quảng Ngãi' -> ('Kon Tum', 'Quảng Ngãi'); () for a name that is not one of the 34."""
    return _formed_from().get(merged_into(name) if province_of(name) else "", ()) if name else ()


def now_together(name: str) -> tuple[str, ...]:
    """The other provinces before 2025 that share a province with `name` since
    1 July 2025: a question about Gia Lai may be answered by Bình Định's documents."""
    own = province_of(name)
    return tuple(p for p in formed_from(name) if p != own)


# -- districts --------------------------------------------------------------------

# How a text names a district's kind (folded) -> the kind as districts.tsv writes it.
_DISTRICT_KINDS = {"huyen": "huyện", "quan": "quận", "thi xa": "thị xã", "thanh pho": "thành phố", "tp": "thành phố"}


@cache
def _districts() -> dict[tuple[str, str], tuple[tuple[str, str], ...]]:
    """(folded kind, folded name) -> (the district's name, its province) for each such district."""
    out: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for name, kind, province in _rows("districts.tsv"):
        out.setdefault((fold(kind), " ".join(re.findall(r"\w+", fold(name)))), []).append((name, province))
    return {k: tuple(v) for k, v in out.items()}


@cache
def _district_pattern() -> re.Pattern[str]:
    names = sorted({name for _, name in _districts()}, key=len, reverse=True)
    kinds = "|".join(_GAP.join(map(re.escape, k.split())) for k in sorted(_DISTRICT_KINDS, key=len, reverse=True))
    alternatives = "|".join(_GAP.join(map(re.escape, n.split())) for n in names)
    return re.compile(rf"(?<!\w)(?P<kind>{kinds}){_GAP}(?P<name>{alternatives})(?!\w)")


def find_districts(text: str) -> list[Place]:
    """Districts named with their kind ("huyện Bình Sơn", "thị xã Đức Phổ",
    "TP. Quy Nhơn") whose name tells the province: a name several provinces
    have ("huyện Châu Thành") is left out. A bare name is not taken: many are
    also words ("Thống Nhất", "Tân Phú")."""
    folded = fold_aligned(text).lower()
    out = []
    for m in _district_pattern().finditer(folded):
        kind = _DISTRICT_KINDS.get(" ".join(re.findall(r"\w+", m.group("kind"))), "")
        name = " ".join(re.findall(r"\w+", m.group("name")))
        found = _districts().get((fold(kind), name), ())
        if len({province for _, province in found}) == 1:
            out.append(Place(m.start("name"), m.end(), found[0][0], found[0][1]))
    return out
