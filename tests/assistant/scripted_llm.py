"""A scripted llama-index LLM for unit tests of prompt building and answer
checking: it replies what was enqueued and records the prompts it got (like
simonw/llm's MockModel). Integration tests use a real model behind a real
server instead (test_llm_server.py)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from llama_index.core.base.llms.types import CompletionResponse, LLMMetadata
from llama_index.core.llms import CustomLLM
from llama_index.core.llms.callbacks import llm_completion_callback
from pydantic import PrivateAttr


class ScriptedLLM(CustomLLM):
    _replies: list[str | Exception] = PrivateAttr(default_factory=list)
    _history: list[str] = PrivateAttr(default_factory=list)

    def enqueue(self, *replies: str | Exception) -> ScriptedLLM:
        self._replies.extend(replies)
        return self

    @property
    def history(self) -> list[str]:
        return self._history

    @property
    def metadata(self) -> LLMMetadata:
        return LLMMetadata(model_name="scripted", is_chat_model=False)

    def _next(self, prompt: str) -> str:
        self._history.append(prompt)
        reply = self._replies.pop(0)
        if isinstance(reply, Exception):
            raise reply
        return reply

    @llm_completion_callback()
    def complete(self, prompt: str, formatted: bool = False, **kwargs: Any) -> CompletionResponse:
        return CompletionResponse(text=self._next(prompt))

    @llm_completion_callback()
    def stream_complete(self, prompt: str, formatted: bool = False, **kwargs: Any) -> Iterator[CompletionResponse]:
        text = self._next(prompt)
        pieces = text.split(" ")
        so_far = ""
        for i, piece in enumerate(pieces):
            delta = piece if i == 0 else " " + piece
            so_far += delta
            yield CompletionResponse(text=so_far, delta=delta)
