"""An answer as HTML for the chat page: the answer, then its sources.

Pure functions over the answer record, so the page's look is tested without a
browser. Every piece of document text is escaped: directives are data, not
markup.
"""

from __future__ import annotations

import re
from html import escape
from urllib.parse import quote

from assistant.answer import Answer, Citation
from vn.records import Chunk, DocumentMeta, Task, page_label

COPY_LABEL = "Sao chép kèm trích dẫn"


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


def page_link(doc_id: str, chunk_id: str = "") -> str:
    """Where "Xem toàn văn" goes (assistant/document_pages.py serves it); relative, so that
    it works under a proxy's path too."""
    return f"van-ban/{doc_id}" + (f"?doan={quote(chunk_id)}#doan" if chunk_id else "")


def original_link(doc_id: str) -> str:
    """Where "Tải văn bản gốc" goes."""
    return f"van-ban/{doc_id}/goc"


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
    links = (
        f'<div class="src-links"><a class="full-text" href="{escape(page_link(chunk.doc_id, chunk.id))}" '
        'target="_blank">Xem toàn văn</a> · '
        f'<a class="original" href="{escape(original_link(chunk.doc_id))}" target="_blank">Tải văn bản gốc</a></div>'
    )
    return (
        f'<details class="source"{" open" if open_ else ""}>'
        f"<summary>[{citation.n}] {source_line(citation)} — {where}</summary>"
        f'<div class="src-title">{title}</div>{path}'
        f'<blockquote class="src-text">{highlight(chunk.text, quote)}</blockquote>{links}'
        "</details>"
    )


def copy_text(answer: Answer) -> str:
    """The answer and the sources it cites as plain text, for a reply to a citizen or a report:
    title, number, date, section and page, and the passage quoted whole."""
    cited = [c for c in answer.citations if f"[{c.n}]" in answer.answer] or answer.citations[:1]
    if not answer.grounded or not cited:
        return answer.answer
    lines = [answer.answer, "", "Nguồn:"]
    for c in cited:
        meta, chunk = c.chunk.meta, c.chunk
        facts = [
            f"số {meta.number}" if meta and meta.number else "",
            f"ngày {meta.date_display}" if meta and meta.date_display else "",
            f"mục {chunk.section_path}" if chunk.section else "",
            page_label(chunk.page, chunk.ocr),
        ]
        title = meta.citation_title if meta else chunk.doc_id
        lines.append(f"[{c.n}] {title}" + "".join(f"; {f}" for f in facts if f))
        lines.append(f"“{' '.join(chunk.text.split())}”")
    return "\n".join(lines)


def document_page(meta: DocumentMeta, text: str, cited: Chunk | None, headings: set[str], original: str) -> str:
    """A whole document as a page: its cleaned text as laid out, its headings bold, the cited passage
    marked (#doan, which the browser scrolls to), and where the passage stands (section, PDF page)."""
    a, b = (cited.start, cited.end) if cited else (len(text), len(text))
    heads = {escape(h.strip()) for h in headings if h.strip()}

    def shown(piece: str) -> str:
        return re.sub(r"(?m)^([^\n]+)$", lambda m: f"<strong>{m[1]}</strong>" if m[1].strip() in heads else m[1], escape(piece))

    body = shown(text[:a]) + (f'<mark id="doan">{shown(text[a:b])}</mark>' if cited else "") + shown(text[b:])
    facts = " · ".join(escape(x) for x in (meta.doc_type, meta.number, meta.date_display, meta.issuer or meta.province) if x)
    where = ""
    if cited:
        spot = ", ".join(x for x in (cited.section_path, page_label(cited.page, cited.ocr)) if x)
        where = f'<p class="where">Đoạn được trích (tô vàng){": " + escape(spot) if spot else ""}.</p>'
    return (
        '<!doctype html><html lang="vi"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(meta.citation_title)}</title><style>{PAGE_CSS}</style></head><body>"
        f"<header><h1>{escape(meta.citation_title)}</h1><p>{facts}</p>{where}"
        f'<p><a href="{escape(original)}">Tải văn bản gốc ({escape(meta.source)})</a></p></header>'
        f'<main class="text">{body}</main></body></html>'
    )


PAGE_CSS = """
body { font-family: system-ui, sans-serif; max-width: 52rem; margin: 0 auto; padding: 1rem; line-height: 1.5; }
h1 { font-size: 1.25rem; }
.where { color: #555; }
main.text { white-space: pre-wrap; overflow-wrap: anywhere; }
mark { background: #fde68a; scroll-margin-top: 30vh; }
"""


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
    if answer.grounded and answer.citations:  # app.py's page script puts data-copy on the clipboard
        # The chat's sanitiser drops data- attributes, so the text rides in a hidden element; its
        # newlines as character references, since a blank line would end the chat's HTML block.
        copied = escape(copy_text(answer)).replace("\n", "&#10;")
        parts.append(
            f'<div class="copy-text">{copied}</div><button type="button" class="copy-cite">{COPY_LABEL}</button>'
        )
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
