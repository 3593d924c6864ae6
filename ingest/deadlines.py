"""Deadline text to the last allowed day.

Directives write deadlines as months ("Tháng 02/2023"), quarters ("Quý I/2025",
"quý 1", "Q1/2025"), halves ("6 tháng đầu năm 2024"), years ("Trong năm
2023"), days ("trước ngày 15/01/2025") or not at all ("Thường xuyên", "Khi có
hướng dẫn ..."). Each form is matched on the accent-free text, so "quy I/2025"
works as well as "quý I/2025"; a form without its year takes the document's.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from ingest.normalize import fold_aligned


@dataclass(frozen=True)
class Deadline:
    text: str  # the deadline as written, "" when there is none
    due: date | None  # the last allowed day
    recurring: bool = False
    conditional: bool = False  # waits on another event ("Sau khi Bộ Công an triển khai ...")

    @property
    def due_iso(self) -> str | None:
        return self.due.isoformat() if self.due else None


@dataclass(frozen=True)
class Period:
    """A span of days a date expression names, and where it stands in the text."""

    start: int
    end: int
    first: date
    last: date


NONE = Deadline("", None)

_YEAR_SEP = r"(?:\s*[/.-]\s*|\s+nam\s+)"
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
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
# What stands just before a date that is not a deadline: a start ("từ tháng
# 4/2023", "bắt đầu từ"), the date of a cited document ("Nghị quyết số
# 50/NQ-CP ngày 08/4/2022") or a long-term vision ("tầm nhìn đến năm 2030").
_NOT_DUE = re.compile(r"(?:\btu|\bbat dau|\d+/[\w./-]*[a-z][\w./-]*|\btam nhin(?:\s+den)?)\s+(?:ngay\s+)?$")
# In running text only a date introduced as a limit is a deadline.
_CUE = re.compile(
    r"\b(?:truoc|cham nhat|muon nhat|thoi han|han chot|hoan thanh|xong|trong|den|ket thuc|khong qua)"
    r"(?:\s+(?:ngay|trong|vong|thang|nam))?\s+$"
)
_DOC_NUMBER = re.compile(r"\bso\s+\d+/[\w./-]*[a-z][\w./-]*")
_RECURRING = re.compile(r"\bthuong xuyen\b|\bhang (?:ngay|tuan|thang|quy|nam)\b|\bdinh ky\b")
_CONDITIONAL = re.compile(r"\b(?:sau khi|khi|ngay khi|tuy theo|tuy thuoc|phu thuoc)\b")


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _doc_day(doc_date: str) -> date | None:
    parts = doc_date.split("-")
    return date(*map(int, parts)) if len(parts) == 3 else None


def periods(text: str, doc_date: str = "") -> Iterator[Period]:
    """Every date expression in `text` that is not a start or a citation date,
    with the span of days it names. `doc_date` (ISO, as precise as known)
    supplies a missing year."""
    folded = fold_aligned(text).lower()
    doc_year = int(doc_date[:4]) if doc_date[:4].isdigit() else None
    taken: list[tuple[int, int]] = []
    for kind, pattern in _FORMS:
        for m in pattern.finditer(folded):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            if _NOT_DUE.search(folded[max(0, m.start() - 40) : m.start()]):
                taken.append(m.span())
                continue
            span = _span(kind, m, doc_year, doc_date)
            taken.append(m.span())
            if span:
                yield Period(m.start(), m.end(), *span)


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


def parse_deadline(text: str, doc_date: str = "") -> Deadline:
    """A deadline field ("Thời gian hoàn thành: <text>"): the whole text is the
    deadline, so any date in it counts; the latest is the last allowed day."""
    text = text.strip()
    if not text:
        return NONE
    folded = fold_aligned(text).lower()
    found = list(periods(text, doc_date))
    due = max((p.last for p in found), default=None)
    recurring = due is None and bool(_RECURRING.search(folded))
    return Deadline(text, due, recurring, bool(_CONDITIONAL.search(folded)))


def _inside_citation(folded: str, at: int) -> bool:
    """Whether position `at` is still in the title of a cited document ("Kế
    hoạch số 30/KH-UBND ... về thực hiện Đề án 06 trong năm 2024 ..."): no
    clause boundary since the document's number."""
    refs = list(_DOC_NUMBER.finditer(folded, 0, at))
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
    return Deadline("", None, recurring=bool(_RECURRING.search(folded)))


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
        limit = re.search(r"\b(?:truoc|cham nhat|muon nhat|den|khong qua)(?:\s+ngay)?\s+$", folded[: p.start])
        start = limit.start() if limit and p.start - limit.start() <= 30 else p.start
        return AskedPeriod(None if start < p.start else p.first, p.last, text[start : p.end])
    return None
