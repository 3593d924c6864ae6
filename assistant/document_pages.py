"""A cited document, whole, in the browser: "Xem toàn văn" and "Tải văn bản gốc".

GET /van-ban/{doc_id}?doan={chunk_id} is the document's cleaned text with that
passage marked and scrolled to; GET /van-ban/{doc_id}/goc is the file as it was
uploaded, byte for byte. Served by an ASGI middleware in front of Gradio, behind
the app's login: Gradio's own routes are its own, and its session cookie is the
only login a browser holds, so it is checked the way Gradio checks it.
"""

from __future__ import annotations

import mimetypes
import re
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, quote

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from assistant.render import document_page

if TYPE_CHECKING:
    from assistant.service import Assistant

# The paths of render.page_link and render.original_link; document ids are [a-z0-9-] (ingest.pipeline.doc_id_for).
ROUTE = re.compile(r"^/van-ban/([a-z0-9-]+)(/goc)?$")


def signed_in(scope: Scope) -> bool:
    """Whether the request may see documents: no login is set, or it carries Gradio's session cookie."""
    app = scope.get("app")
    if getattr(app, "auth", None) is None and getattr(app, "auth_dependency", None) is None:
        return True
    cookies = Request(scope).cookies
    cookie_id = getattr(app, "cookie_id", "")
    token = cookies.get(f"access-token-{cookie_id}") or cookies.get(f"access-token-unsecure-{cookie_id}")
    return bool(token) and token in getattr(app, "tokens", {})


class DocumentPages:
    """ASGI middleware: the two document routes; everything else passes to the app.

    It reads the index the assistant answers from at the moment (replaced after each library change)."""

    def __init__(self, app: ASGIApp, assistant: Assistant) -> None:
        self.app = app
        self.assistant = assistant

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        found = ROUTE.match(scope["path"]) if scope["type"] == "http" and scope["method"] == "GET" else None
        if found is None:
            await self.app(scope, receive, send)
            return
        response = self.respond(scope, found.group(1), bool(found.group(2)))
        await response(scope, receive, send)

    def respond(self, scope: Scope, doc_id: str, original: bool) -> Response:
        if not signed_in(scope):
            return _message(401, "Cần đăng nhập để xem văn bản.")
        index, chunks = self.assistant.index, self.assistant.answerer.retriever.chunks
        meta = index.documents.get(doc_id)
        if meta is None:
            return _message(404, f"Không có văn bản '{doc_id}' trong thư viện (có thể đã bị xóa).")
        if original:
            stored = index.original(doc_id)
            if stored is None:
                return _message(404, "Văn bản này được nạp trước khi thư viện giữ tệp gốc; hãy nạp lại tệp để tải được.")
            kind = mimetypes.guess_type(stored.name)[0] or "application/octet-stream"
            # RFC 6266: a Vietnamese file name survives only as UTF-8 in filename*.
            disposition = f"attachment; filename*=UTF-8''{quote(stored.name)}"
            return Response(stored.data, media_type=kind, headers={"content-disposition": disposition})
        text = index.document_text(doc_id)
        if text is None:
            return _message(404, "Văn bản này được nạp trước khi thư viện giữ toàn văn; hãy nạp lại tệp để xem được.")
        wanted = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("doan", [""])[0]
        own = [c for c in chunks if c.doc_id == doc_id]
        cited = next((c for c in own if c.id == wanted), None)
        headings = {h for c in own for h in c.section}
        # Relative to this page's /van-ban/: so it works under a proxy's path too.
        return HTMLResponse(document_page(meta, text, cited, headings, f"{doc_id}/goc"))


def _message(status: int, text: str) -> HTMLResponse:
    return HTMLResponse(f'<!doctype html><meta charset="utf-8"><p>{text}</p>', status_code=status)
