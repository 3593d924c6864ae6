"""Questions about tasks in chat, answered from the registry.

"Sở Tư pháp phải làm gì trong quý I/2025?", "những nhiệm vụ nào đến hạn
trong tháng 2/2023", "việc nào của Công an tỉnh phải xong trong năm 2023":
the answer is a short list read from the task registry, each item cited with
the indexed passage the task was read from. Any other question goes to
retrieval as before.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, timedelta

from assistant.answer import MAX_ANSWER, Answer, Citation
from assistant.query import Query
from assistant.registry import UPCOMING_DAYS, by_due_date, filter_tasks, known_agencies
from vn.agencies import name_key, scan_list, spellings, tokenize
from vn.dates import AskedPeriod, display_date, period_in
from vn.normalize import fold
from vn.places import same_province
from vn.questions import ASKS_COUNT, ASKS_OVERDUE, ASKS_TASKS, ASKS_UPCOMING, NOT_A_LIST, RESULT_WORDS
from vn.records import Chunk, DocumentMeta, Task
from vn.sentences import shorten

ITEM_CHARS = 120  # of each task's text in a chat answer


@dataclass(frozen=True)
class TaskQuestion:
    agency: str | None
    period: AskedPeriod | None
    ask: str = "list"  # list | count | overdue | upcoming


class TaskAnswerer:
    """Answers questions about who must do what by when from the registry."""

    def __init__(
        self, tasks: list[Task], chunks: list[Chunk], documents: dict[str, DocumentMeta], today: date | None = None
    ) -> None:
        self.tasks = tasks
        self.today = today or date.today()
        self.documents = documents
        self.chunks: dict[str, list[Chunk]] = {}
        for chunk in chunks:
            self.chunks.setdefault(chunk.doc_id, []).append(chunk)
        # Each way to write an agency the registry knows, longest first, so that
        # "Văn phòng UBND tỉnh" is found before "UBND" and "Sở TT&TT" is found at all.
        known = {name_key(n): n for n in known_agencies(tasks)}
        for key, name in spellings().items():
            if name_key(name) in known:
                known.setdefault(key, known[name_key(name)])
        self.agencies = sorted(known.items(), key=lambda kv: -len(kv[0]))

    def question(self, query: Query) -> TaskQuestion | None:
        """What a question asks of the registry, or None when it is not a task question."""
        asked = fold(f"{query.text} {query.match_text}")
        words = f" {name_key(f'{query.text} {query.match_text}')} "
        agency = next((name for key, name in self.agencies if f" {key} " in words), None)
        if ASKS_COUNT.search(asked) and not RESULT_WORDS.search(asked):
            # "Kế hoạch năm 2023 … có bao nhiêu nhiệm vụ": the year names the document, not a due period.
            return TaskQuestion(agency, None, "count")
        for ask, pattern in (("overdue", ASKS_OVERDUE), ("upcoming", ASKS_UPCOMING)):
            if pattern.search(asked) and re.search(r"\b(nhiem vu|viec|cong viec|tasks?)\b", asked):
                return TaskQuestion(agency, None, ask)
        if not ASKS_TASKS.search(asked) or NOT_A_LIST.search(asked):
            return None
        if agency is None and _names_an_agency(query.text):
            return None  # an agency the registry does not know: retrieval may still find it
        period = period_in(query.text)
        if agency is None and period is None:
            return None
        return TaskQuestion(agency, period)

    def answer(self, query: Query, doc_ids: Collection[str] | None = None) -> Answer | None:
        """A cited list of the tasks asked about, within `doc_ids` if given; None
        when the question is not about tasks or the registry holds none that fit."""
        asked = self.question(query)
        if asked is None:
            return None
        period = asked.period
        due_from, due_by = (period.first, period.last) if period else (None, None)
        if asked.ask == "overdue":
            due_by = self.today - timedelta(days=1)
        elif asked.ask == "upcoming":
            due_from, due_by = self.today, self.today + timedelta(days=UPCOMING_DAYS)
        found = filter_tasks(self.tasks, agency=asked.agency, due_from=due_from, due_by=due_by)
        found = [t for t in found if t.doc_id in self.chunks]  # each item is cited with a passage
        if doc_ids is not None:
            found = [t for t in found if t.doc_id in doc_ids]
        if query.provinces:
            found = [t for t in found if any(same_province(self.documents[t.doc_id].province, p) for p in query.provinces)]
        if asked.ask == "count":
            return self._count(query, asked, found)
        if not found:
            return None
        return self._compose(query, asked, by_due_date(found))  # found keeps the registry's order

    def _count(self, query: Query, asked: TaskQuestion, found: list[Task]) -> Answer | None:
        """How many tasks the asked document assigns (of the agency, in the period): the
        registry's count, per document when the question fits several; cited with each
        document's header."""
        docs = [d for d in dict.fromkeys(t.doc_id for t in found) if self._fits(query, self.documents[d])]
        if not docs:
            return None
        parts, citations = [], []
        for n, doc_id in enumerate(docs[:3], 1):
            meta = self.documents[doc_id]
            count = sum(t.doc_id == doc_id for t in found)
            who = f" của {asked.agency}" if asked.agency else ""
            parts.append(f"{meta.doc_type} {meta.number or meta.title[:60]} ({meta.province or meta.issuer}, {meta.date_display}): {count} nhiệm vụ{who} [{n}]")
            head = next((c for c in self.chunks[doc_id] if c.kind in ("header", "title")), self.chunks[doc_id][0])
            citations.append(Citation(n, head, 1.0))
        note = " Số nhiệm vụ đếm từ các nhiệm vụ đã trích trong văn bản."
        return Answer(query.text, "; ".join(parts) + "." + note, True, citations, key=parts[0])

    @staticmethod
    def _fits(query: Query, meta: DocumentMeta) -> bool:
        """Whether a document is of the type and year the question names (any, when it names none)."""
        if query.doc_types and meta.doc_type not in query.doc_types:
            return False
        return not query.years or meta.year in query.years or any(y in meta.title for y in query.years)

    def _compose(self, query: Query, asked: TaskQuestion, found: list[Task]) -> Answer:
        period = asked.period
        when = "" if period is None else f" đến hạn trong {period.text}" if period.first else f" hạn {period.text}"
        if asked.ask == "overdue":
            when = f" đã qua hạn tính đến {display_date(self.today.isoformat())} (văn bản không cho biết đã xong hay chưa)"
        elif asked.ask == "upcoming":
            when = f" đến hạn trong {UPCOMING_DAYS} ngày tới (từ {display_date(self.today.isoformat())})"
        head = f"{asked.agency or 'Có'}{' có' if asked.agency else ''} {len(found)} nhiệm vụ{when}:"
        items: list[str] = []
        citations: list[Citation] = []
        for n, task in enumerate(found, 1):
            lead = "" if asked.agency else f"{', '.join(task.lead)}: "
            due = f" (hạn {display_date(task.due)})" if task.due else (" (thường xuyên)" if task.recurring else "")
            work = shorten(" ".join(task.task.split()), ITEM_CHARS).rstrip(".")
            item = f"{';' if items else ''} ({n}) {lead}{work}{due} [{n}]"
            if items and len(head + "".join(items) + item + _tail(len(found) - n)) > MAX_ANSWER:
                break
            items.append(item)
            citations.append(Citation(n, self._passage(task), 1.0))
        return Answer(query.text, head + "".join(items) + _tail(len(found) - len(items)), True, citations)

    def _passage(self, task: Task) -> Chunk:
        """The indexed passage that holds the task: the one overlapping it most."""

        def overlap(c: Chunk) -> int:
            return min(c.end, task.end) - max(c.start, task.start)

        return max(self.chunks[task.doc_id], key=overlap)


def _tail(rest: int) -> str:
    return f"; … và {rest} nhiệm vụ khác." if rest else "."


def _names_an_agency(text: str) -> bool:
    tokens = tokenize(text)
    return any(scan_list(tokens, i) > i for i in range(len(tokens)))
