"""Dates and periods as Vietnamese documents write them, and the years a text is about.

Directives write dates as days ("ngày 15 tháng 01 năm 2025", "15/01/2025"),
months ("Tháng 02/2023"), quarters ("Quý I/2025", "quý 1", "Q1/2025"), halves
("6 tháng đầu năm 2024"), years ("Trong năm 2023") or not at all ("Thường
xuyên", "Khi có hướng dẫn ..."). Each form is matched on the accent-free
text, aligned with the original, so "quy I/2025" works as well as "quý
I/2025"; a form without its year takes the document's.

Written by hand, not with dateparser: measured on these forms, dateparser
(1.5, languages=["vi"]) knows no quarter or half-year, reads "6 tháng đầu năm
2024" as June of the current year and "trong tháng 02" in the current year
instead of the document's, and takes 1-5 ms a call (150 ms the first) where
these patterns take microseconds and keep offsets into the original text.
"""

from __future__ import annotations

import calendar
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from vn.normalize import fold_aligned
from vn.refs import REF

# -- ISO dates as precise as the text -------------------------------------------


def display_date(iso: str | None) -> str:
    """dd/mm/yyyy, mm/yyyy or yyyy: how Vietnamese documents write ISO dates."""
    return "/".join(reversed(iso.split("-"))) if iso else ""


def iso(day: str | int | None, month: str | int | None, year: str | int) -> str:
    """'2024-01-25', '2024-01' or '2024' from what a text states."""
    return "-".join([str(year)] + [f"{int(p):02d}" for p in (month, day) if p])


def date_span(iso_date: str) -> tuple[str, str]:
    """First and last day an ISO date as precise as "2024" or "2024-12" covers."""
    parts = iso_date.split("-")
    if len(parts) == 3:
        return iso_date, iso_date
    year = int(parts[0])
    if len(parts) == 2:
        month = int(parts[1])
        return f"{iso_date}-01", f"{iso_date}-{calendar.monthrange(year, month)[1]:02d}"
    return f"{year}-01-01", f"{year}-12-31"


_ISO = re.compile(r"(?<![\d-])((?:19|20)\d\d)(?:-(\d{2}))?(?:-(\d{2}))?(?![\d-])")


def iso_in(text: str) -> str:
    """The first ISO date in a text, as precise as written: a file name's
    '2024-12-25', a portal's stamp '2025-03'; '' for none."""
    m = _ISO.search(text)
    return iso(m.group(3), m.group(2), m.group(1)) if m else ""


def parse_day(text: str) -> date | None:
    """'2025-03-31' or '31/03/2025' -> a date; None when it is neither."""
    text = text.strip()
    try:
        if m := re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text):
            return date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        return date.fromisoformat(text)
    except ValueError:
        return None


# -- every date expression, with the days it names -------------------------------

_YEAR_SEP = r"(?:\s*[/.-]\s*|\s+(?:nam\s+)?)"  # "quý I/2025", "quý 1 năm 2025", typed "quy 1 2025"
_FORMS: list[tuple[str, re.Pattern[str]]] = [
    ("day", re.compile(r"(?<![\d/])(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})(?!\d)")),
    ("day_words", re.compile(r"\bngay\s+(\d{1,2})\s+thang\s+(\d{1,2})(?:\s+nam\s+(\d{4}))?(?!\d)")),
    ("day_no_year", re.compile(r"\bngay\s+(\d{1,2})\s*/\s*(\d{1,2})(?![\d/])")),
    ("months", re.compile(r"\b(\d{1,2})\s+thang\s+(dau|cuoi)\s+nam(?:\s+(\d{4}))?(?!\d)")),
    ("half", re.compile(r"\bnua\s+(dau|cuoi)\s+nam(?:\s+(\d{4}))?(?!\d)")),
    ("quarter", re.compile(rf"\b(?:quy|q)\s*(iv|i{{1,3}}|[1-4])\b(?:{_YEAR_SEP}(\d{{4}}))?(?!\d)")),
    ("month", re.compile(rf"\bthang\s+(\d{{1,2}})(?:{_YEAR_SEP}(\d{{4}}))?(?![\d/])")),
    ("year_end", re.compile(r"\bcuoi\s+nam(?:\s+(\d{4}))?(?!\d)")),
    ("year", re.compile(r"\bnam\s+(\d{4})(?!\d)")),
    ("this_year", re.compile(r"\bnam\s+nay\b")),
    ("days", re.compile(r"\btrong\s+(?:vong\s+|thoi han\s+)?(\d{1,3})\s+ngay\b")),
]
DAY_KINDS = frozenset({"day", "day_words", "day_no_year"})
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
# What stands just before a date that is not a limit: a start ("từ tháng
# 4/2023", "bắt đầu từ"), the date of a cited document ("Nghị quyết số
# 50/NQ-CP ngày 08/4/2022") or a long-term vision ("tầm nhìn đến năm 2030").
_NOT_DUE = re.compile(rf"(?:\btu|\bbat dau|{REF}|\btam nhin(?:\s+den)?)\s+(?:ngay\s+)?$", re.I)
RECURRING = re.compile(r"\bthuong xuyen\b|\bhang (?:ngay|tuan|thang|quy|nam)\b|\bdinh ky\b")
_CONDITIONAL = re.compile(r"\b(?:sau khi|khi|ngay khi|tuy theo|tuy thuoc|phu thuoc)\b")


@dataclass(frozen=True)
class Period:
    """A span of days a date expression names, and where it stands in the text.

    `limit` is False for a date that is not a limit: a start, a cited
    document's date, a vision's horizon."""

    start: int
    end: int
    first: date
    last: date
    kind: str
    limit: bool = True


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _doc_day(doc_date: str) -> date | None:
    parts = doc_date.split("-")
    return date(*map(int, parts)) if len(parts) == 3 else None


def mentions(text: str, doc_date: str = "") -> Iterator[Period]:
    """Every date expression in `text` that names days (a form without its
    year takes `doc_date`'s, ISO as precise as known), in the order of the
    forms above, longer forms first where two overlap."""
    folded = fold_aligned(text).lower()
    doc_year = int(doc_date[:4]) if doc_date[:4].isdigit() else None
    taken: list[tuple[int, int]] = []
    for kind, pattern in _FORMS:
        for m in pattern.finditer(folded):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            taken.append(m.span())
            span = _span(kind, m, doc_year, doc_date)
            if span:
                limit = not _NOT_DUE.search(folded[max(0, m.start() - 40) : m.start()])
                yield Period(m.start(), m.end(), *span, kind=kind, limit=limit)


# A day as news write an event's, without its year ("Sáng 27/1, UBND tỉnh tổ chức …",
# "chiều ngày 22/7"), and as English pages write one ("On the afternoon of July 22",
# "February 13, 2025", "15 May 2021"). A bare "27/1" is not one: it may be a share.
_DAY_MONTH = re.compile(r"\b(?:ngay|sang|chieu|toi|trua|dem)\s+(?:ngay\s+)?(\d{1,2})\s*/\s*(\d{1,2})(?![\d/])")
# Capitalised, in the text as written: folded Vietnamese has "may" ("máy 15 chiếc").
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_ENGLISH_DAY = re.compile(
    rf"\b(?:(?:{_MONTHS})\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?|\d{{1,2}}\s+(?:{_MONTHS}),?\s+\d{{4}})(?!\d)"
)


def day_spans_without_year(text: str) -> list[tuple[int, int]]:
    """Where a text names a day or month that `mentions` does not read: without its
    year, in English, or as a portal's stamp writes it ("date 2025-06", "2024-12-25")."""
    folded = fold_aligned(text).lower()
    spans = [
        m.span() for m in _DAY_MONTH.finditer(folded) if 1 <= int(m.group(1)) <= 31 and 1 <= int(m.group(2)) <= 12
    ]
    stamps = [m.span() for m in _ISO.finditer(text) if m.group(2) and 1 <= int(m.group(2)) <= 12]
    return spans + [m.span() for m in _ENGLISH_DAY.finditer(text)] + stamps


def first_day(text: str, opening: bool = False) -> str:
    """ISO of the first full day a text names ("ngày 25 tháng 12 năm 2024",
    "25/12/2024"); with `opening`, only a day the text opens with ("Ngày
    25/12/2024, tại ..."). '' for none."""
    folded = fold_aligned(text).lower()
    days = sorted((p for p in mentions(text) if p.kind in DAY_KINDS), key=lambda p: p.start)
    if opening:
        days = [p for p in days if re.fullmatch(r"\s*(?:ngay\s+)?", folded[: p.start])]
    return days[0].first.isoformat() if days else ""


def periods(text: str, doc_date: str = "") -> Iterator[Period]:
    """The date expressions of `text` that can be limits: not a start nor a citation date."""
    return (p for p in mentions(text, doc_date) if p.limit)


def _span(kind: str, m: re.Match[str], doc_year: int | None, doc_date: str) -> tuple[date, date] | None:
    g = m.groups()

    def year(value: str | None) -> int | None:
        return int(value) if value else doc_year

    try:
        if kind == "day":
            day = date(int(g[2]), int(g[1]), int(g[0]))
            return day, day
        if kind in ("day_words", "day_no_year"):
            y = year(g[2] if kind == "day_words" else None)
            if y is None:
                return None
            day = date(y, int(g[1]), int(g[0]))
            known = _doc_day(doc_date)
            if kind == "day_no_year" and known and day < known:  # "trước ngày 15/01" written in December
                day = date(y + 1, day.month, day.day)
            return day, day
        if kind == "months":
            y = year(g[2])
            n = int(g[0])
            if y is None or not 1 <= n <= 12:
                return None
            return (date(y, 1, 1), _month_end(y, n)) if g[1] == "dau" else (date(y, 13 - n, 1), date(y, 12, 31))
        if kind == "half":
            y = year(g[1])
            if y is None:
                return None
            return (date(y, 1, 1), date(y, 6, 30)) if g[0] == "dau" else (date(y, 7, 1), date(y, 12, 31))
        if kind == "quarter":
            y = year(g[1])
            q = _ROMAN.get(g[0]) or int(g[0])
            if y is None:
                return None
            return date(y, 3 * q - 2, 1), _month_end(y, 3 * q)
        if kind == "month":
            y = year(g[1])
            if y is None:
                return None
            return date(y, int(g[0]), 1), _month_end(y, int(g[0]))
        if kind in ("year", "year_end", "this_year"):
            y = year(g[0] if g else None)
            return (date(y, 1, 1), date(y, 12, 31)) if y else None
        if kind == "days":
            start = _doc_day(doc_date)
            return (start, start + timedelta(days=int(g[0]))) if start else None
    except ValueError:  # "ngày 31/02": not a date
        return None
    return None


# -- deadlines --------------------------------------------------------------------


@dataclass(frozen=True)
class Deadline:
    text: str  # the deadline as written, "" when there is none
    due: date | None  # the last allowed day
    recurring: bool = False
    conditional: bool = False  # waits on another event ("Sau khi Bộ Công an triển khai ...")

    @property
    def due_iso(self) -> str | None:
        return self.due.isoformat() if self.due else None


NO_DEADLINE = Deadline("", None)
# In running text only a date introduced as a limit is a deadline.
_CUE = re.compile(
    r"\b(?:truoc|cham nhat|muon nhat|thoi han|han chot|hoan thanh|xong|trong|den|ket thuc|khong qua)"
    r"(?:\s+(?:ngay|trong|vong|thang|nam))?\s+$"
)
_LIMIT = re.compile(r"\b(?:truoc|cham nhat|muon nhat|den|khong qua)(?:\s+ngay)?\s+$")


def parse_deadline(text: str, doc_date: str = "") -> Deadline:
    """A deadline field ("Thời gian hoàn thành: <text>"): the whole text is the
    deadline, so any date in it counts; the latest is the last allowed day."""
    text = text.strip()
    if not text:
        return NO_DEADLINE
    folded = fold_aligned(text).lower()
    found = list(periods(text, doc_date))
    due = max((p.last for p in found), default=None)
    recurring = due is None and bool(RECURRING.search(folded))
    return Deadline(text, due, recurring, bool(_CONDITIONAL.search(folded)))


def _inside_citation(folded: str, at: int) -> bool:
    """Whether position `at` is still in the title of a cited document ("Kế
    hoạch số 30/KH-UBND ... về thực hiện Đề án 06 trong năm 2024 ..."): no
    clause boundary since the document's number."""
    refs = list(re.finditer(rf"\bso\s+{REF}", folded[:at], re.I))
    return bool(refs) and not re.search(r"[,;:.()]", folded[refs[-1].end() : at])


def find_deadline(text: str, doc_date: str = "") -> Deadline:
    """A deadline inside a task's own sentence ("... chậm nhất trong quý
    I/2025 ..."): only a date introduced as a limit counts, so the year of a
    cited plan or of past results does not."""
    folded = fold_aligned(text).lower()
    best: tuple[date, int, int] | None = None
    for p in periods(text, doc_date):
        window = max(0, p.start - 30)
        cue = _CUE.search(folded, window, p.start)
        if not cue and not folded.startswith("cuoi", p.start):  # "cuối năm 2024" is a limit by itself
            continue
        if _inside_citation(folded, p.start):
            continue
        start = cue.start() if cue else p.start
        if best is None or p.last > best[0]:
            best = (p.last, start, p.end)
    if best:
        return Deadline(text[best[1] : best[2]].strip(), best[0])
    return Deadline("", None, recurring=bool(RECURRING.search(folded)))


@dataclass(frozen=True)
class AskedPeriod:
    """The days a question asks about, and how it put them ("quý I/2025")."""

    first: date | None  # None for "trước ngày ...": anything up to `last`
    last: date
    text: str


def period_in(text: str) -> AskedPeriod | None:
    """'trong quý I/2025' -> 2025-01-01 .. 2025-03-31; 'trước ngày
    15/01/2025' -> up to 2025-01-15."""
    folded = fold_aligned(text).lower()
    for p in periods(text):
        limit = _LIMIT.search(folded[: p.start])
        start = limit.start() if limit and p.start - limit.start() <= 30 else p.start
        return AskedPeriod(None if start < p.start else p.first, p.last, text[start : p.end])
    return None


# -- the years a text is about --------------------------------------------------

YEAR = re.compile(r"(?<!\d)(20\d\d|19\d\d)(?!\d)")
# "tăng 21% so với năm 2023" reports on 2024: a comparison's baseline year
# stands for the year after it, the one being reported.
_YEAR_IN_TEXT = re.compile(r"(so với\s+(?:cùng kỳ\s+)?(?:năm\s+)?)?(?<!\d)(20\d\d|19\d\d)(?!\d)", re.I)
_YEAR_AS_PERIOD = re.compile(r"(so với\s+(?:cùng kỳ\s+)?)?năm\s+(20\d\d|19\d\d)(?!\d)", re.I)
# Years that say nothing of the year a text is about: a cited document's
# number and date ("số 4623/QĐ-UBND ngày 15/8/2022") and a programme's period
# ("Đề án … giai đoạn 2022 - 2025, tầm nhìn đến năm 2030"), which every plan
# of every year repeats in its title.
_PERIOD = re.compile(r"giai đoạn\s+(\d{4})\s*[-–]\s*(\d{4})", re.I)
_NOT_ABOUT = re.compile(
    rf"{REF}(?:\s+ngày\s+\d{{1,2}}/\d{{1,2}}/\d{{4}})?"
    rf"|{_PERIOD.pattern}|tầm nhìn\s+(?:đến\s+)?(?:năm\s+)?\d{{4}}",
    re.I,
)


def years_asked(question: str) -> tuple[str, ...]:
    """The years a question asks about: those it names, less a programme's period
    and a cited document's date (see `_NOT_ABOUT`), as a document's years leave them
    out. "Đề án … giai đoạn 2018-2025" names the programme, not the asked year."""
    return tuple(YEAR.findall(_NOT_ABOUT.sub(" ", question)))


def _reported(pattern: re.Pattern[str], text: str) -> list[str]:
    return [str(int(m.group(2)) + 1) if m.group(1) else m.group(2) for m in pattern.finditer(text)]


def years_reported(text: str) -> frozenset[str]:
    """The years a passage reports on: those it names (see `_NOT_ABOUT`), a
    baseline counting as the year after it."""
    return frozenset(_reported(_YEAR_IN_TEXT, _NOT_ABOUT.sub(" ", text)))


# A review names the year of its outlook and leaves the reviewed one unsaid:
# "sơ kết 02 năm … và phương hướng, nhiệm vụ năm 2024" reports on 2023.
_REVIEW = re.compile(r"\b(?:sơ kết|tổng kết|kết quả|đánh giá)\b", re.I)
_OUTLOOK_YEAR = re.compile(r"(?:phương hướng|nhiệm vụ|kế hoạch)[^.;]{0,80}?năm\s+(20\d\d)(?!\d)", re.I)


def subject_years(title: str, text: str) -> frozenset[str]:
    """The years a document is about: the ones its title names ("Kế hoạch …
    năm 2023"; a review's outlook year with the year before it), else those its
    text names as a period ("năm 2024") more than half as often as the most named one.

    Not the issue date's year: a year's results are reported in the next
    ("Tin hội nghị 03/2025" is about 2024), and a plan for a year is issued
    the year before. Dates ("30/5/2025") are left out, a deadline is not what
    a text is about.
    """
    about = _NOT_ABOUT.sub(" ", title)
    named = set(YEAR.findall(about))
    outlook = set(_OUTLOOK_YEAR.findall(about)) if _REVIEW.search(about) else set()
    if outlook and outlook == named:
        named |= {str(int(y) - 1) for y in outlook}
    if named:
        return frozenset(named)
    # A title that names only its period ("Kế hoạch … giai đoạn 2026-2030") is about all of it;
    # beside a year ("… năm 2023 … giai đoạn 2021-2025") the period is only its frame.
    if period := _PERIOD.search(title):
        first, last = int(period.group(1)), int(period.group(2))
        if 0 < last - first <= 10:
            return frozenset(str(y) for y in range(first, last + 1))
    counts = Counter(_reported(_YEAR_AS_PERIOD, _NOT_ABOUT.sub(" ", text)))
    top = max(counts.values(), default=0)
    return frozenset(y for y, c in counts.items() if 2 * c > top)


_PERIOD_KINDS = frozenset({"quarter", "month", "months", "half", "year", "year_end"})


def year_periods(text: str) -> list[tuple[int, int]]:
    """Where a text names a period by its year ("quý I/2024", "tháng 3/2024",
    "6 tháng đầu năm 2024", "năm 2024", a bare "2024"); not days, not references."""
    found = list(mentions(text))
    spans = [(p.start, p.end) for p in found if p.kind in _PERIOD_KINDS]
    taken = [(p.start, p.end) for p in found] + [m.span() for m in re.finditer(REF, text)]
    spans += [m.span() for m in YEAR.finditer(text) if not any(a <= m.start() < b for a, b in taken)]
    return sorted(spans)


def issue_dates(text: str) -> tuple[str, ...]:
    """The days and months a question dates a text by, as ISO: "kết luận ngày
    31/01/2024" -> 2024-01-31, "thông báo tháng 12/2024" -> 2024-12."""
    found = [p for p in mentions(text) if p.kind in DAY_KINDS | {"month"}]
    return tuple(
        [p.first.isoformat() for p in found if p.kind in DAY_KINDS]
        + [p.first.isoformat()[:7] for p in found if p.kind == "month"]
    )
