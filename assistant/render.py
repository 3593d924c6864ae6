"""An answer as HTML for the chat page: the answer, then its sources.

Pure functions over the answer record, so the page's look is tested without a
browser. Every piece of document text is escaped: directives are data, not
markup.
"""

from __future__ import annotations

import re
from html import escape

from assistant.answer import Answer, Citation
from vn.records import DocumentMeta, Task, page_label


def highlight(passage: str, quote: str) -> str:
    """The passage, escaped, with the quoted clause marked.

    The quote was whitespace-normalised when it was cut, so it is found again
    with any run of whitespace between its words.
    """
    words = quote.split()
    found = re.search(r"\s+".join(map(re.escape, words)), passage) if words else None
    if not found:
        return escape(passage)
    a, b = found.span()
    return f"{escape(passage[:a])}<mark>{escape(passage[a:b])}</mark>{escape(passage[b:])}"


def source_line(citation: Citation) -> str:
    """'Kế hoạch · 204/KH-UBND · 15/03/2023 · Quảng Ngãi': what a person checks first."""
    meta = citation.chunk.meta
    if meta is None:
        return ""
    parts = [meta.doc_type, meta.number, meta.date_display, meta.province, page_label(citation.chunk.page, citation.chunk.ocr)]
    return " · ".join(escape(p) for p in parts if p)


def source_html(citation: Citation, quote: str = "", open_: bool = False) -> str:
    """One source, folded to a line that tells passages of one document apart."""
    chunk = citation.chunk
    title = escape(chunk.meta.citation_title if chunk.meta else chunk.doc_id)
    where = escape(chunk.section[-1] if chunk.section else (chunk.meta.doc_type if chunk.meta else ""))
    path = f'<div class="src-path">{escape(chunk.section_path)}</div>' if chunk.section else ""
    return (
        f'<details class="source"{" open" if open_ else ""}>'
        f"<summary>[{citation.n}] {source_line(citation)} — {where}</summary>"
        f'<div class="src-title">{title}</div>{path}'
        f'<blockquote class="src-text">{highlight(chunk.text, quote)}</blockquote>'
        "</details>"
    )


def answer_html(answer: Answer, note: str = "") -> str:
    """A grounded answer with [1] open and the other passages folded; a
    "not found" answer in its own style, with the nearest passages folded."""
    kind = "found" if answer.grounded else "not-found"
    parts = []
    if answer.rewritten and answer.rewritten != answer.question:
        parts.append(f'<div class="note">Hiểu là: {escape(answer.rewritten)}</div>')
    parts.append(f'<div class="answer {kind}">{escape(answer.answer)}</div>')
    for remark in (answer.note, note):
        if remark:
            parts.append(f'<div class="note">{escape(remark)}</div>')
    if answer.grounded and answer.citations:
        first, *rest = answer.citations
        parts.append(source_html(first, answer.quote, open_=True))
        if rest:
            parts.append('<div class="more">Các đoạn liên quan khác:</div>')
            parts += [source_html(c) for c in rest]
    elif answer.citations:
        parts.append('<div class="more">Các đoạn gần nhất (không trả lời được câu hỏi):</div>')
        parts += [source_html(c) for c in answer.citations[:3]]
    return "\n".join(parts)


def error_html(message: str) -> str:
    return f'<div class="answer error">{escape(message)}</div>'


def task_html(task: Task, meta: DocumentMeta | None) -> str:
    """A task's passage as it stands in its document, the task itself marked."""
    title = escape(meta.citation_title if meta else task.title)
    due = f" (hạn cuối {escape('/'.join(reversed(task.due.split('-'))))})" if task.due else ""
    deadline = f'<div class="src-meta">Thời hạn: {escape(task.deadline)}{due}</div>' if task.deadline else ""
    return (
        f'<div class="task-source"><div class="src-title">{title}</div>'
        f'<div class="src-path">{escape(task.section)}</div>{deadline}'
        f'<blockquote class="src-text">{highlight(task.text, task.task)}</blockquote></div>'
    )
