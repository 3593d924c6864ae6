"""The assistant as one object: open the index once, answer many questions."""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from assistant.answer import Answer, ExtractiveAnswerer
from assistant.conversation import Conversation
from assistant.llm import LLMAnswerer
from assistant.retrieve import HybridRetriever
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
        self.llm = LLMAnswerer.from_settings(self.settings)  # None unless an LLM is configured

    def check(self, question: str) -> str:
        question = question.strip() if isinstance(question, str) else ""
        if not question:
            raise QuestionError("Câu hỏi trống. Hãy nhập một câu hỏi về các văn bản chỉ đạo.")
        if len(question) > self.settings.max_question_chars:
            raise QuestionError(
                f"Câu hỏi quá dài ({len(question)} ký tự, tối đa {self.settings.max_question_chars}). Hãy hỏi ngắn gọn hơn."
            )
        return question

    def ask(self, question: str, history: Sequence[str] = ()) -> tuple[Answer, float]:
        """The answer and how long it took, in milliseconds. `history` holds the
        chat's earlier questions, oldest first: a follow-up takes what it lacks
        from them, and `answer.rewritten` says how it was understood."""
        started = time.perf_counter()
        answer = self.conversation(history).ask(self.check(question))
        return answer, (time.perf_counter() - started) * 1000

    def stream(self, question: str, history: Sequence[str] = ()) -> Iterator[str | Answer]:
        """Like `ask`, as events: checked LLM text as it is written, then the
        final Answer, which replaces the streamed text (see Conversation.stream)."""
        return self.conversation(history).stream(question)

    def conversation(self, history: Sequence[str] = ()) -> Conversation:
        """A chat that has heard `history`; keep it and call its `ask`/`stream`
        to ask follow-ups without replaying the earlier questions."""
        return Conversation(self, history)


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
        rewritten=answer.rewritten or answer.question,
        mode=answer.mode,
        dropped=answer.dropped,
    )
    if answer.note:
        out["note"] = answer.note
    return out
