"""The assistant as one object: open the index once, answer many questions."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from assistant.answer import Answer, ExtractiveAnswerer
from assistant.badinput import kind_of, text_problem, without_controls
from assistant.conversation import Conversation
from assistant.define import DefinitionAnswerer
from assistant.document import DocumentAnswerer
from assistant.llm import LLMAnswerer
from assistant.query import Query
from assistant.registry import tasks_in
from assistant.retrieve import Filters, HybridRetriever
from assistant.tasks import TaskAnswerer
from index.config import Settings
from index.store import DirectiveIndex
from vn.records import Chunk


class QuestionError(ValueError):
    """A question that cannot be asked; the message is for the user, in Vietnamese."""


@dataclass
class Assistant:
    settings: Settings
    _checking: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    def __post_init__(self) -> None:
        self.llm = LLMAnswerer.from_settings(self.settings)  # None unless an LLM is configured
        self.reload()
        self._next_check = time.monotonic() + self.settings.refresh_seconds

    def reload(self) -> None:
        """Re-read the index, so documents added or removed since are used from now on.

        The new answerers are built aside and swapped in by assignment:
        questions already running finish on the old ones.
        """
        index = DirectiveIndex(self.settings)
        answerer = ExtractiveAnswerer(HybridRetriever(index, self.settings))
        self.tasks = TaskAnswerer(
            tasks_in(index.manifest), answerer.retriever.chunks, index.documents, self.settings.today_date()
        )
        self.documents = DocumentAnswerer(answerer)
        self.definitions = DefinitionAnswerer(answerer.retriever)
        self.answerer = answerer
        self.index = index

    def refresh(self) -> bool:
        """Take in documents that another process added or removed on the shared Chroma server.

        Checked at most every `refresh_seconds`, with one small read. An on-disk
        index is one process's (Chroma's embedded mode), so there is nothing to check.
        """
        if not self.settings.chroma_host or time.monotonic() < self._next_check:
            return False
        with self._checking:
            self._next_check = time.monotonic() + self.settings.refresh_seconds
            if not self.index.changed():
                return False
            self.reload()
            return True

    def check(self, question: str) -> str:
        if question is not None and not isinstance(question, str):  # from the API's JSON
            raise QuestionError(f"Câu hỏi phải là một chuỗi chữ, không phải {kind_of(question)}.")
        problem = text_problem(question or "")
        if problem:
            raise QuestionError(f"Câu hỏi {problem}.")
        question = without_controls(question or "").strip()
        if not question:
            raise QuestionError("Câu hỏi trống. Hãy nhập một câu hỏi về các văn bản chỉ đạo.")
        if len(question) > self.settings.max_question_chars:
            raise QuestionError(
                f"Câu hỏi quá dài ({len(question)} ký tự, tối đa {self.settings.max_question_chars}). Hãy hỏi ngắn gọn hơn."
            )
        return question

    def answer_query(self, query: Query, filters: Filters | None = None) -> Answer:
        """One understood question: from the task registry when it asks who must
        do what by when, from a document's header when it asks about the
        document itself, else from retrieval; within the filters, if any."""
        scope = self.answerer.retriever.scope(query, filters) if filters else None
        return (
            self.tasks.answer(query, scope)
            or self.documents.answer(query, filters)
            or self.definitions.answer(query)
            or self.answerer.answer(query, filters)
        )

    def ask(self, question: str, history: Sequence[str] = (), filters: Filters | None = None) -> tuple[Answer, float]:
        """The answer and how long it took, in milliseconds. `history` holds the
        chat's earlier questions, oldest first: a follow-up takes what it lacks
        from them, and `answer.rewritten` says how it was understood."""
        started = time.perf_counter()
        self.refresh()
        answer = self.conversation(history, filters).ask(self.check(question))
        return answer, (time.perf_counter() - started) * 1000

    def stream(
        self, question: str, history: Sequence[str] = (), filters: Filters | None = None
    ) -> Iterator[str | Answer]:
        """Like `ask`, as events: checked LLM text as it is written, then the
        final Answer, which replaces the streamed text (see Conversation.stream)."""
        self.refresh()
        return self.conversation(history, filters).stream(question)

    def conversation(self, history: Sequence[str] = (), filters: Filters | None = None) -> Conversation:
        """A chat that has heard `history`; keep it and call its `ask`/`stream`
        to ask follow-ups without replaying the earlier questions."""
        return Conversation(self.answer_query, history, filters, llm=self.llm, check=self.check)


def answer_object(answer: Answer, latency_ms: float, qid: Any = None) -> dict[str, Any]:
    """The contract's JSON answer object (../shared/CONTRACT.md)."""
    out: dict[str, Any] = {} if qid is None else {"id": qid}
    out.update(
        question=answer.question,
        answer=answer.answer,
        grounded=answer.grounded,
        citations=[{"n": c.n, **passage_object(c.chunk, c.score)} for c in answer.citations],
        latency_ms=round(latency_ms, 1),
        rewritten=answer.rewritten or answer.question,
        mode=answer.mode,
        dropped=answer.dropped,
    )
    if answer.note:
        out["note"] = answer.note
    return out


def passage_object(chunk: Chunk, score: float) -> dict[str, Any]:
    """A passage as the contract's citations give it (and the MCP search tool): its document,
    section and verbatim text, with its page and whether it was read from a scan."""
    return {
        "doc_id": chunk.doc_id,
        "title": chunk.meta.citation_title if chunk.meta else chunk.doc_id,
        "section": chunk.section_path,
        "text": chunk.text,
        "score": round(score, 4),
        "source": chunk.meta.source if chunk.meta else "",
        **({"page": chunk.page} if chunk.page is not None else {}),
        **({"ocr": True} if chunk.ocr else {}),  # read from a scan: letters may be misread
    }
