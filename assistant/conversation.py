"""A chat: each question understood after the previous turn, then answered.

Follow-ups are resolved by the rules in assistant/followup.py, using what the
previous answer established (the agency it named, its document and
province). When an agency's question can be read two ways, the reading whose
answer actually concerns that agency wins. The answer itself is extractive,
or written by the LLM when one is configured (assistant/llm.py).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace

from assistant.answer import Answer
from assistant.followup import Reading, Turn, document_name, is_followup, readings
from assistant.llm import LLMAnswerer
from assistant.query import Query, parse_query
from assistant.retrieve import Filters
from vn.agencies import agencies_in

# Turns kept: only the last is needed to resolve a follow-up, a few more give
# the LLM's rewriting prompt context.
KEEP = 5


def concerns(answer: Answer, agency: str) -> bool:
    """Whether the answering passage (its text or heading path) names `agency`."""
    if not answer.citations:
        return False
    chunk = answer.citations[0].chunk
    return agency in agencies_in(f"{chunk.section_path}\n{chunk.text}")


AnswerQuery = Callable[[Query, Filters | None], Answer]


def _as_is(question: str) -> str:
    return question


class Conversation:
    """One chat's turns. `Assistant.ask(question, history=...)` builds one from
    the earlier questions each time; an app keeps one per chat instead.

    It is given what it calls: `answer_query` answers one understood question
    (within the filters), `check` refuses a question that cannot be asked
    (raising with a message for the user), `llm` writes answers when one is
    configured."""

    def __init__(
        self,
        answer_query: AnswerQuery,
        history: Sequence[str] = (),
        filters: Filters | None = None,
        llm: LLMAnswerer | None = None,
        check: Callable[[str], str] = _as_is,
    ) -> None:
        self.answer_query = answer_query
        self.llm = llm
        self.check = check
        self.filters = filters
        self.turns: list[Turn] = []
        for question in history:
            if isinstance(question, str) and question.strip():
                self.understand(question)

    @property
    def previous(self) -> Turn | None:
        return self.turns[-1] if self.turns else None

    def understand(self, question: str) -> tuple[str, Answer]:
        """How `question` is understood after the previous turn, with its
        extractive answer; the turn is recorded."""
        question = " ".join(unicodedata.normalize("NFC", question).split())
        options = readings(question, self.previous)
        # The first reading that finds an answer (about the agency asked for, if
        # any) wins; when none does, the last, most literal one stands.
        for reading in options:
            answer = self.answer_query(parse_query(reading.text), self.filters)
            if answer.grounded and (not reading.about or concerns(answer, reading.about)):
                break
        llm = self.llm
        if llm is not None and reading.text == question and is_followup(question, self.previous is not None):
            # The rules found nothing to take from before: the model may.
            rewritten = llm.rewrite(question, [t.rewritten for t in self.turns])
            if rewritten:
                reading, answer = Reading(rewritten), self.answer_query(parse_query(rewritten), self.filters)
        self.turns = [*self.turns, _turn(question, reading.text, answer)][-KEEP:]
        return reading.text, answer

    def ask(self, question: str) -> Answer:
        """The answer to `question` as the next turn of this chat."""
        question = self.check(question)
        text, extractive = self.understand(question)
        llm = self.llm
        final = extractive if llm is None else llm.answer(parse_query(text), extractive)
        return replace(final, question=_nfc(question), rewritten=text)

    def stream(self, question: str) -> Iterator[str | Answer]:
        """Text as it is written, then the final Answer (which a caller shows
        in place of the streamed text: a failed LLM answer becomes the extract).
        Without an LLM, the only event is the Answer."""
        question = self.check(question)
        return self._stream(question)

    def _stream(self, question: str) -> Iterator[str | Answer]:
        text, extractive = self.understand(question)
        llm = self.llm
        if llm is None:
            yield replace(extractive, question=_nfc(question), rewritten=text)
            return
        for event in llm.stream(parse_query(text), extractive):
            yield replace(event, question=_nfc(question), rewritten=text) if isinstance(event, Answer) else event


def _nfc(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def _turn(question: str, rewritten: str, answer: Answer) -> Turn:
    if not answer.grounded or not answer.citations:
        return Turn(question, rewritten)
    meta = answer.citations[0].chunk.meta
    asked_agency = parse_query(rewritten).intent in ("agency", "who")
    named = agencies_in(answer.key) if asked_agency and answer.key else []
    return Turn(
        question,
        rewritten,
        agency=named[0] if named else "",
        province=meta.province if meta else "",
        document=document_name(meta) if meta else "",
        subject=_subject(answer),
    )


def _subject(answer: Answer, limit: int = 120) -> str:
    """The answer's statement without the asked thing and the marker, short."""
    text = answer.answer
    if answer.key and text.startswith(f"{answer.key} — "):
        text = text[len(answer.key) + 3 :]
    text = re.sub(r"\s*\[\d+\]\.?$", "", text).strip(" .…")
    if len(text) > limit:
        text = text[:limit].rsplit(" ", 1)[0]
    return text
