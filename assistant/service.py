"""The assistant as one object: open the index once, answer many questions."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from assistant.answer import Answer, ExtractiveAnswerer
from assistant.query import parse_query
from assistant.registry import tasks_in
from assistant.retrieve import HybridRetriever
from assistant.tasks import TaskAnswerer
from index.config import Settings
from index.store import DirectiveIndex


class QuestionError(ValueError):
    """A question that cannot be asked; the message is for the user, in Vietnamese."""


@dataclass
class Assistant:
    settings: Settings

    def __post_init__(self) -> None:
        self.index = DirectiveIndex(self.settings)
        self.answerer = ExtractiveAnswerer(HybridRetriever(self.index, self.settings))
        self.tasks = TaskAnswerer(tasks_in(self.index.manifest), self.answerer.retriever.chunks, self.index.documents)

    def check(self, question: str) -> str:
        question = question.strip() if isinstance(question, str) else ""
        if not question:
            raise QuestionError("Câu hỏi trống. Hãy nhập một câu hỏi về các văn bản chỉ đạo.")
        if len(question) > self.settings.max_question_chars:
            raise QuestionError(
                f"Câu hỏi quá dài ({len(question)} ký tự, tối đa {self.settings.max_question_chars}). Hãy hỏi ngắn gọn hơn."
            )
        return question

    def ask(self, question: str) -> tuple[Answer, float]:
        """The answer and how long it took, in milliseconds."""
        started = time.perf_counter()
        query = parse_query(self.check(question))
        # Questions about who must do what by when are answered from the task registry.
        answer = self.tasks.answer(query) or self.answerer.answer(query)
        return answer, (time.perf_counter() - started) * 1000


def answer_object(answer: Answer, latency_ms: float, qid: Any = None) -> dict[str, Any]:
    """The contract's JSON answer object (../shared/CONTRACT.md)."""
    out: dict[str, Any] = {} if qid is None else {"id": qid}
    out.update(
        question=answer.question,
        answer=answer.answer,
        grounded=answer.grounded,
        citations=[
            {
                "n": c.n,
                "doc_id": c.chunk.doc_id,
                "title": c.chunk.meta.citation_title if c.chunk.meta else c.chunk.doc_id,
                "section": c.chunk.section_path,
                "text": c.chunk.text,
                "score": round(c.score, 4),
                "source": c.chunk.meta.source if c.chunk.meta else "",
            }
            for c in answer.citations
        ],
        latency_ms=round(latency_ms, 1),
    )
    return out
