"""The task registry: the tasks ingest found, loaded, filtered and exported.

Tasks live in the index's manifest, with each document's record, so listing
them needs no embedding model and no BM25: only the manifest is read, from
Chroma on disk or on the server, like every process reads the index.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any, TextIO

from rapidfuzz import fuzz, process

from index.config import Settings
from vn.agencies import name_key, same_agency
from vn.dates import parse_day as vn_parse_day
from vn.normalize import fold
from vn.records import Task, task_from_record


class TaskQueryError(ValueError):
    """A filter that cannot be applied; the message is for the user, in Vietnamese."""


class NoIndexError(Exception):
    """There is no index to read tasks from; the message says how to build one."""


def tasks_in(manifest: dict[str, Any]) -> list[Task]:
    """The tasks recorded in a manifest, document by document, in document order."""
    return [task_from_record(r) for entry in manifest.get("documents", {}).values() for r in entry.get("tasks", [])]


def load_tasks(settings: Settings) -> list[Task]:
    from index.store import DirectiveIndex, IndexError  # Chroma loads only when tasks are asked for

    try:
        return tasks_in(DirectiveIndex(settings, check_model=False).manifest)
    except IndexError as e:
        raise NoIndexError(str(e)) from None


def parse_day(text: str) -> date:
    """'2025-03-31' or '31/03/2025' -> a date; anything else is a user error."""
    day = vn_parse_day(text)
    if day is not None:
        return day
    raise TaskQueryError(
        f"Ngày không hợp lệ: '{text}'. Hãy viết theo dạng dd/mm/yyyy (31/03/2025) hoặc yyyy-mm-dd (2025-03-31)."
    )


def known_agencies(tasks: Iterable[Task]) -> list[str]:
    """Every agency named as lead or support, once each, sorted."""
    names = {name_key(n): n for t in tasks for n in (*t.lead, *t.support)}
    return sorted(names.values(), key=fold)


def closest_agencies(name: str, tasks: Iterable[Task], n: int = 3) -> list[str]:
    """Known agencies that look like `name`: its words inside them first, then by spelling."""
    known = known_agencies(tasks)
    keys = {fold(k): k for k in known}
    wanted = fold(name)
    inside = [k for k in known if f" {wanted} " in f" {fold(k)} "]
    # Spelling: the ratio difflib's get_close_matches uses (matching characters
    # over both lengths), from rapidfuzz; 50 as its cutoff 0.5 was.
    close = [keys[k] for k, _, _ in process.extract(wanted, list(keys), scorer=fuzz.ratio, limit=n, score_cutoff=50)]
    return list(dict.fromkeys(inside + close))[:n]


def check_filters(tasks: list[Task], agency: str | None = None, doc_id: str | None = None) -> None:
    """Raise TaskQueryError for an agency or document the registry does not know."""
    if agency and not any(same_agency(agency, n) for n in known_agencies(tasks)):
        hint = closest_agencies(agency, tasks)
        more = f" Có phải: {', '.join(hint)}?" if hint else ""
        raise TaskQueryError(f"Không có cơ quan '{agency}' trong các nhiệm vụ đã trích.{more}")
    if doc_id and not any(t.doc_id == doc_id for t in tasks):
        docs = ", ".join(dict.fromkeys(t.doc_id for t in tasks))
        raise TaskQueryError(f"Không có nhiệm vụ nào của văn bản '{doc_id}'. Các văn bản có nhiệm vụ: {docs}.")


UPCOMING_DAYS = 30  # what "đến hạn" (and the chat's "sắp đến hạn") covers
OVERDUE, UPCOMING, OPEN, RECURRING, UNDATED = (
    "quá hạn",
    f"đến hạn trong {UPCOMING_DAYS} ngày",
    "còn hạn",
    "thường xuyên",
    "không ghi hạn",
)
STATUSES = (OVERDUE, UPCOMING, OPEN, RECURRING, UNDATED)


def status(task: Task, today: date) -> str:
    """Where a task's deadline stands on `today`. "Quá hạn" says only that the day
    has passed: the registry cannot know whether the work was done. A recurring
    task ("Thường xuyên, báo cáo trước ngày 15/12 hằng năm") never runs out."""
    if task.recurring:
        return RECURRING
    if not task.due:
        return UNDATED
    due = date.fromisoformat(task.due)
    if due < today:
        return OVERDUE
    return UPCOMING if due <= today + timedelta(days=UPCOMING_DAYS) else OPEN


def by_due_date(tasks: Iterable[Task]) -> list[Task]:
    """Soonest deadline first; tasks without one last, each group in document order."""
    return sorted(tasks, key=lambda t: t.due or "9999")


def filter_tasks(
    tasks: Iterable[Task],
    agency: str | None = None,
    due_from: date | None = None,
    due_by: date | None = None,
    doc_id: str | None = None,
    statuses: Iterable[str] = (),
    today: date | None = None,
) -> list[Task]:
    """Tasks that `agency` leads (alone or with others), due within [due_from,
    due_by] (a task without a due date is left out when either is given), of
    document `doc_id`, in one of `statuses` on `today` (any, when none is given)."""
    wanted = set(statuses)
    if unknown := wanted - set(STATUSES):
        raise TaskQueryError(f"Tình trạng không có: {', '.join(sorted(unknown))}. Chọn trong: {', '.join(STATUSES)}.")
    today = today or date.today()
    out = []
    for t in tasks:
        if wanted and status(t, today) not in wanted:
            continue
        if agency and not any(same_agency(agency, n) for n in t.lead):
            continue
        if doc_id and t.doc_id != doc_id:
            continue
        if due_from or due_by:
            if not t.due:
                continue
            due = date.fromisoformat(t.due)
            if (due_from and due < due_from) or (due_by and due > due_by):
                continue
        out.append(t)
    return out


def find_tasks(
    tasks: list[Task],
    agency: str | None = None,
    due_from: str | None = None,
    due_by: str | None = None,
    doc_id: str | None = None,
    statuses: Iterable[str] = (),
    today: date | None = None,
) -> list[Task]:
    """`filter_tasks` with the filters as a person or a program typed them (the CLI, the
    app's Nhiệm vụ tab, the MCP tool): days as text, names checked against the registry;
    TaskQueryError says in Vietnamese what is wrong."""
    first = parse_day(due_from) if due_from else None
    last = parse_day(due_by) if due_by else None
    if first and last and first > last:
        raise TaskQueryError(f"Hạn từ ngày ({due_from}) ở sau hạn đến ngày ({due_by}).")
    check_filters(tasks, agency or None, doc_id or None)
    return filter_tasks(tasks, agency or None, first, last, doc_id or None, statuses, today)


TABLE_HEADER = (
    "Nhiệm vụ",
    "Cơ quan chủ trì",
    "Cơ quan phối hợp",
    "Thời hạn",
    "Hạn (ngày)",
    "Tình trạng",
    "Thường xuyên",
    "Có điều kiện",
    "Văn bản",
    "Mục",
    "Tệp",
    "Mã văn bản",
    "Mã nhiệm vụ",
    "Trích đoạn",
)


def task_row(task: Task, today: date) -> list[str]:
    """One row of the registry table (TABLE_HEADER): what a spreadsheet or the app shows."""
    return [
        " ".join(task.task.split()),
        "; ".join(task.lead),
        "; ".join(task.support),
        task.deadline,
        task.due or "",
        status(task, today),
        "có" if task.recurring else "",
        "có" if task.conditional else "",
        task.title,
        task.section,
        task.source,
        task.doc_id,
        task.id,
        task.text,
    ]


# What makes a spreadsheet take a cell for a formula (OWASP, "CSV Injection"):
# =, +, -, @ first, or a tab or carriage return that a cell may start with and
# then hide. Full-width forms too: some spreadsheets read them as the ASCII ones.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def spreadsheet_safe(cell: str) -> str:
    """A cell a spreadsheet shows as text: one that would start a formula gets a leading
    apostrophe, which Excel and LibreOffice hide and take as "this is text".

    Leading spaces do not shield a formula ("  =1+1" still runs in some
    spreadsheets), so they are looked past. Task text often starts with a
    bullet ("- Đẩy nhanh ..."); it gets the apostrophe too, since "-" starts a
    formula as surely as "=".
    """
    return f"'{cell}" if cell.lstrip(" ").startswith(FORMULA_START) else cell


def write_csv(tasks: Iterable[Task], out: TextIO, today: date | None = None) -> None:
    """The registry as CSV, with a byte-order mark so spreadsheets read it as UTF-8;
    no cell can run as a formula (`spreadsheet_safe`): task text comes from uploaded files."""
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(TABLE_HEADER)
    writer.writerows([spreadsheet_safe(cell) for cell in task_row(t, today or date.today())] for t in tasks)


def tasks_csv(tasks: Iterable[Task], today: date | None = None) -> str:
    buffer = io.StringIO(newline="")
    write_csv(tasks, buffer, today)
    return buffer.getvalue()
