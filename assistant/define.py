"""Definitions: "Đề án 06 là gì?", "What is Project 06?".

Directives define a short name where they first use it — "Đề án phát triển
ứng dụng dữ liệu về dân cư … (gọi tắt là Đề án 06)" — and that is the answer,
cited with its passage. A term the documents never define gets "không tìm
thấy": the nearest passage that mentions it is not a definition.
"""

from __future__ import annotations

import re

from assistant.answer import NOT_FOUND, Answer, Citation, compose
from assistant.query import Query
from assistant.retrieve import HybridRetriever
from vn.questions import defined_term

# "<long name> (gọi tắt là X)", "(sau đây viết tắt là X)", "(viết tắt: X)".
_SHORT_FOR = r"\(\s*(?:sau đây\s+)?(?:được\s+)?(?:gọi|viết)\s+tắt\s+(?:là|:)\s*[“\"]?\s*{term}\s*[”\"]?\s*\)"
_NAME_BEFORE = re.compile(r"(?:Đề án|Chương trình|Kế hoạch|Dự án|Hệ thống|Quyết định|Nghị quyết)[^()]{10,300}$")


class DefinitionAnswerer:
    def __init__(self, retriever: HybridRetriever) -> None:
        self.retriever = retriever

    def answer(self, query: Query) -> Answer | None:
        term = defined_term(query.text)
        if not term:
            return None
        pattern = re.compile(_SHORT_FOR.format(term=r"\s*".join(map(re.escape, term.split()))), re.I)
        for chunk in self.retriever.chunks:
            text = " ".join(chunk.text.split()).replace("*", "")
            if m := pattern.search(text):
                before = _NAME_BEFORE.search(text[: m.start()].rstrip())
                if before:
                    name = before.group().strip(" ,“”\"")
                    return Answer(query.text, compose(term, name), True, [Citation(1, chunk, 1.0)], quote=name, key=name)
        return Answer(query.text, NOT_FOUND, False, [])
