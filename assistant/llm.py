"""Optional LLM answers: fluent sentences over the retrieved passages, each checked.

The model is reached through llama-index's LLM interface: an OpenAI-compatible
server by URL and model name (vLLM, llama.cpp's server, Ollama's /v1, LM
Studio) with `OpenAILike`, or a local GGUF file served by a child process
(`assistant/local_model.py`, the `local` extra). Nothing here is used unless
`DIRECTIVE_LLM_URL` or `DIRECTIVE_LLM_GGUF` is set.

The extractive answer is always computed first: it decides whether the
documents answer the question at all (the LLM is not asked when they do not),
it fixes the numbered passages the model sees (so [n] means the same passage
in both), and it is what the user gets whenever the model fails: down, slow,
erroring, or writing sentences that the citation check drops. The LLM's
answer must also still state the asked thing the extractive answerer found
(the agency, the date, the figure): a fluent answer that lost it is worse
than the extract.
"""

from __future__ import annotations

import logging
import queue
import re
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from assistant.answer import MAX_ANSWER, NOT_FOUND, Answer
from assistant.citecheck import MARKER, Verdict, check_sentence, facts, split_sentences
from assistant.local_model import LocalModelCrashed
from assistant.prompts import PROMPTS_DIR, Template, load_template
from assistant.query import Query
from index.config import Settings
from vn.normalize import fold
from vn.sentences import END_MARKS

log = logging.getLogger(__name__)

# Notes for the user, shown next to an extractive answer given in LLM mode.
NOTE_DOWN = "Không kết nối được mô hình ngôn ngữ; câu trả lời dưới đây trích trực tiếp từ văn bản."
NOTE_SLOW = "Mô hình ngôn ngữ không trả lời trong {seconds:g} giây; câu trả lời dưới đây trích trực tiếp từ văn bản."
NOTE_ERROR = "Mô hình ngôn ngữ trả về lỗi; câu trả lời dưới đây trích trực tiếp từ văn bản."
NOTE_CRASHED = "Mô hình ngôn ngữ cục bộ dừng đột ngột ({how}); câu trả lời dưới đây trích trực tiếp từ văn bản."
NOTE_UNSUPPORTED = "Câu trả lời của mô hình ngôn ngữ không khớp với văn bản được trích; câu trả lời dưới đây trích trực tiếp từ văn bản."
# Passages shown to the model: the extractive answer's citations, best first.
MAX_PASSAGES = 5


class LLMTimeout(Exception):
    pass


class LLMSetupError(RuntimeError):
    """The configured model cannot be used at all; the message is for the user, in Vietnamese."""


def make_llm(settings: Settings) -> Any | None:
    """The configured llama-index LLM, or None when none is configured."""
    if settings.llm_url:
        try:
            from llama_index.llms.openai_like import OpenAILike
        except ImportError as e:
            raise LLMSetupError("DIRECTIVE_LLM_URL cần gói llama-index-llms-openai-like: pip install -e .") from e

        return _server(OpenAILike, settings.llm_url, settings.llm_model or "default", settings)
    if settings.llm_gguf:
        return _local_llm(Path(settings.llm_gguf), settings)
    return None


def _server(client: Any, url: str, model: str, settings: Settings) -> Any:
    return client(
        model=model,
        api_base=url,
        # Local servers ignore the key, but the OpenAI client refuses to start without one.
        api_key=settings.llm_api_key or "none",
        is_chat_model=True,
        temperature=0.0,
        max_tokens=settings.llm_max_tokens,
        timeout=settings.llm_timeout,
        # A retry would double the wait the user sees; the fallback is immediate instead.
        max_retries=0,
        reuse_client=False,
    )


def _local_llm(path: Path, settings: Settings) -> Any:
    # The server extra's own packages, found without importing llama_cpp: its
    # native library is loaded only in the child (assistant/local_model.py).
    if any(find_spec(name) is None for name in ("llama_cpp", "uvicorn", "sse_starlette")):
        raise LLMSetupError(
            "DIRECTIVE_LLM_GGUF cần gói tùy chọn: pip install -e '.[local]' (llama-cpp-python[server])."
        )
    if not path.is_file():
        raise LLMSetupError(f"Không tìm thấy tệp mô hình GGUF '{path}' (DIRECTIVE_LLM_GGUF).")
    from llama_index.llms.openai_like import OpenAILike

    from assistant.local_model import LocalModel

    return LocalModel(path, lambda url: _server(OpenAILike, url, "local", settings))


def guarded_stream(start: Callable[[], Iterable[Any]], timeout: float) -> Iterator[str]:
    """The text deltas of `start()`, read in a worker thread so that a server
    that accepts and never answers costs at most `timeout` seconds in all.

    Closing this generator (the user pressed stop) tells the worker to stop
    reading; the worker closes the model's stream at its next token.
    """
    pieces: queue.Queue[tuple[str, Any]] = queue.Queue()
    stop = threading.Event()

    def work() -> None:
        stream = None
        try:
            stream = iter(start())
            for chunk in stream:
                if stop.is_set():
                    break
                pieces.put(("delta", getattr(chunk, "delta", None) or ""))
            pieces.put(("end", None))
        except Exception as e:  # reported to the reader, which falls back
            pieces.put(("error", e))
        finally:
            close = getattr(stream, "close", None)
            if close:
                close()

    threading.Thread(target=work, name="llm-stream", daemon=True).start()
    deadline = time.monotonic() + timeout
    try:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise LLMTimeout
            try:
                kind, value = pieces.get(timeout=remaining)
            except queue.Empty:
                raise LLMTimeout from None
            if kind == "end":
                return
            if kind == "error":
                raise value
            yield value
    finally:
        stop.set()


def passages_block(answer: Answer, limit: int = MAX_PASSAGES) -> tuple[str, list[str]]:
    """The numbered passages as the prompt shows them, and the text each
    sentence is checked against (title and heading path count: a bullet under
    "4. Sở Y tế" is Sở Y tế's task). The prompt shortens long titles and
    headings: a small model on a CPU reads every token."""
    blocks, evidence = [], []
    for c in answer.citations[:limit]:
        meta = c.chunk.meta
        title = meta.citation_title if meta else c.chunk.doc_id
        where = " > ".join(_short(s, 80) for s in c.chunk.section[-2:])
        text = " ".join(c.chunk.text.split())
        blocks.append(f"[{c.n}] {_short(title, 160)}" + (f" — {where}" if where else "") + f"\n{text}")
        evidence.append(f"{title}\n{c.chunk.section_path}\n{text}")
    return "\n\n".join(blocks), evidence


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def keeps_asked_thing(text: str, extractive: Answer) -> bool:
    """Whether an LLM answer still says what the extract found: its key (the
    agency, date, figure), or, when it has none, one of the dates, numbers and
    document references of the extracted clause. Accent and tone-style blind."""
    if extractive.key:
        return " ".join(fold(extractive.key).split()) in " ".join(fold(text).split())
    want, have = facts(MARKER.sub(" ", extractive.answer)), facts(MARKER.sub(" ", text))
    kinds = ("date", "number", "docref")
    return not any(want[k] for k in kinds) or any(want[k] & have[k] for k in kinds)


def _says_not_found(text: str) -> bool:
    return "khong tim thay" in fold(text)


class LLMAnswerer:
    def __init__(self, llm: Any, settings: Settings, prompts_dir: Path = PROMPTS_DIR) -> None:
        self.llm = llm
        self.timeout = settings.llm_timeout
        self.template: Template = load_template("answer", prompts_dir)
        self.rewrite_template: Template = load_template("followup", prompts_dir)

    @classmethod
    def from_settings(cls, settings: Settings) -> LLMAnswerer | None:
        llm = make_llm(settings)
        return None if llm is None else cls(llm, settings)

    def messages(self, query: Query, extractive: Answer) -> tuple[list[Any], list[str]]:
        from llama_index.core.llms import ChatMessage

        block, evidence = passages_block(extractive)
        system, prompt = self.template.render(
            question=query.text, passages=block, max_chars=MAX_ANSWER, not_found=NOT_FOUND
        )
        messages = [ChatMessage(role="system", content=system)] if system.strip() else []
        return [*messages, ChatMessage(role="user", content=prompt)], evidence

    def stream(self, query: Query, extractive: Answer) -> Iterator[str | Answer]:
        """Checked sentences as the model writes them, then the final Answer.

        Only sentences that pass the citation check are yielded. The final
        Answer is authoritative: when the model fails or its answer loses the
        asked thing, it is the extractive answer, and a caller that showed the
        streamed sentences replaces them with it.
        """
        if not extractive.grounded:
            yield extractive
            return
        messages, evidence = self.messages(query, extractive)
        kept: list[str] = []
        verdicts: list[Verdict] = []

        def judge(sentences: list[str]) -> Iterator[str]:
            for sentence in sentences:
                verdict = check_sentence(sentence, evidence, query.text)
                verdicts.append(verdict)
                if not verdict.ok:
                    log.info("LLM sentence dropped (%s): %s", "; ".join(verdict.problems), sentence)
                elif _fits(kept, sentence):
                    kept.append(_clean(sentence))
                    yield (" " if len(kept) > 1 else "") + kept[-1]

        buffer = ""
        try:
            for delta in guarded_stream(lambda: self.llm.stream_chat(messages), self.timeout):
                done, buffer = _complete_sentences(buffer + delta)
                yield from judge(done)
            yield from judge(split_sentences(buffer))
        except Exception as e:  # whatever the model or its server did, the user gets the extract
            log.warning("LLM failed: %s: %s", type(e).__name__, e)
            yield self._fallback(extractive, self._fault_note(e))
            return
        dropped = sum(not v.ok for v in verdicts)
        text = " ".join(kept)
        if not kept or _says_not_found(text) or not keeps_asked_thing(text, extractive):
            yield self._fallback(extractive, NOTE_UNSUPPORTED if verdicts else NOTE_ERROR, dropped)
            return
        yield replace(extractive, answer=text, mode="llm", dropped=dropped)

    def _fault_note(self, error: Exception) -> str:
        if isinstance(error, LocalModelCrashed):
            return NOTE_CRASHED.format(how=error)
        names = " ".join(c.__name__ for c in type(error).__mro__).lower()
        if isinstance(error, LLMTimeout) or "timeout" in names:
            return NOTE_SLOW.format(seconds=self.timeout)
        return NOTE_DOWN if "connect" in names else NOTE_ERROR

    def answer(self, query: Query, extractive: Answer) -> Answer:
        final: Answer = extractive
        for event in self.stream(query, extractive):
            if isinstance(event, Answer):
                final = event
        return final

    @staticmethod
    def _fallback(extractive: Answer, note: str, dropped: int = 0) -> Answer:
        return replace(extractive, mode="extractive", dropped=dropped, note=note)

    def rewrite(self, question: str, history: Sequence[str]) -> str | None:
        """A follow-up made self-contained by the model, or None. The rewrite
        may name nothing (agency, date, number, place) that the question and
        its history do not: it is checked like an answer sentence."""
        from llama_index.core.llms import ChatMessage

        system, prompt = self.rewrite_template.render(history="\n".join(history), question=question)
        messages = [ChatMessage(role="system", content=system)] if system.strip() else []
        messages.append(ChatMessage(role="user", content=prompt))
        try:
            text = "".join(guarded_stream(lambda: self.llm.stream_chat(messages), self.timeout))
        except Exception as e:  # the rules' reading stands
            log.warning("LLM rewrite failed: %s: %s", type(e).__name__, e)
            return None
        lines = [line.strip(" \"'“”*") for line in text.strip().splitlines() if line.strip()]
        if not lines or len(lines[0]) > 300 or MARKER.search(lines[0]):
            return None
        candidate = lines[0]
        context = "\n".join([*history, question])
        verdict = check_sentence(f"{candidate} [1]", [context], context)
        return candidate if verdict.ok else None


# A sentence is done once something other than its marker follows ("… quý I/2025. [1]" is not yet).
_SENTENCE_DONE = re.compile(rf"(?<=[{END_MARKS}])\s+(?=[^\s\[])|\n+(?=[^\s\[])")


def _complete_sentences(buffer: str) -> tuple[list[str], str]:
    """The sentences of `buffer` known to be complete (followed by the start
    of another, not by a marker), and the rest."""
    cut = None
    for m in _SENTENCE_DONE.finditer(buffer):
        cut = m
    if cut is None:
        return [], buffer
    return split_sentences(buffer[: cut.start()]), buffer[cut.end() :]


def _clean(sentence: str) -> str:
    return " ".join(sentence.replace("**", "").lstrip("-–•* ").split())


def _fits(kept: list[str], sentence: str) -> bool:
    return len(" ".join([*kept, _clean(sentence)])) <= MAX_ANSWER
