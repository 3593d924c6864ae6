"""The assistant's functions as MCP tools, for agents, desktop assistants and other chat front ends.

The app serves them at /mcp (MCP's streamable HTTP transport) from its own
process, over the same Assistant the chat uses: ask (the contract's answer
object), search (passages), tasks (the registry, with the CLI's filters) and
documents (the library). Gradio has an MCP server of its own, but it calls the
app back through its HTTP API, which the app's login closes to it; so this one
calls the Assistant directly, and asks for the login itself: HTTP Basic with
one of the app's users, throttled like the login page.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import logging
from collections.abc import Callable
from datetime import date
from typing import Any

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from starlette.types import ASGIApp, Receive, Scope, Send

from assistant.filter_input import chosen_filters
from assistant.query import parse_query
from assistant.registry import TaskQueryError, find_tasks, status, tasks_in
from assistant.service import Assistant, QuestionError, answer_object, passage_object
from assistant.throttle import Throttle, respond_json
from index.library import document_object
from vn.records import task_object

PATH = "/mcp"
MAX_PASSAGES = 20
log = logging.getLogger("tro_ly.mcp")


def tools(assistant: Assistant, today: Callable[[], date]) -> MCPServer:
    """The MCP server with the four tools over `assistant` (whose index the app reloads after each
    library change); `today()` is the day deadlines are reckoned from."""
    server = MCPServer(
        "tro-ly-van-ban-chi-dao",
        instructions="Hỏi đáp có trích dẫn trên các văn bản chỉ đạo đã nạp (kế hoạch, thông báo, quyết định...).",
    )

    def scope(provinces: list[str], doc_ids: list[str], date_from: str, date_to: str) -> Any:
        try:
            return chosen_filters(provinces, doc_ids, date_from, date_to, assistant.index.documents)
        except ValueError as e:
            raise ToolError(str(e)) from None

    @server.tool()
    def ask(
        question: str, provinces: list[str] | None = None, doc_ids: list[str] | None = None,
        date_from: str = "", date_to: str = "",
    ) -> dict[str, Any]:
        """Trả lời một câu hỏi (tiếng Việt hoặc tiếng Anh) từ các văn bản đã nạp, kèm trích dẫn nguyên văn.

        Trả về đối tượng câu trả lời: answer, grounded (false khi văn bản không có thông tin), citations
        (doc_id, title, section, text, score). Lọc tùy chọn: provinces (tên tỉnh), doc_ids, date_from/date_to
        (ngày ban hành, dd/mm/yyyy hoặc yyyy-mm-dd)."""
        chosen = scope(provinces or [], doc_ids or [], date_from, date_to)
        try:
            answer, ms = assistant.ask(question, filters=chosen)
        except QuestionError as e:
            raise ToolError(str(e)) from None
        return answer_object(answer, ms)

    @server.tool()
    def search(
        query: str, k: int = 5, provinces: list[str] | None = None, doc_ids: list[str] | None = None,
        date_from: str = "", date_to: str = "",
    ) -> list[dict[str, Any]]:
        """Tìm các đoạn văn bản gần nhất với truy vấn (tìm kiếm lai từ khóa + ngữ nghĩa), tốt nhất trước.

        Mỗi đoạn: doc_id, title, section, text (nguyên văn), score, source, page (nếu là PDF). k: số đoạn (1-20)."""
        chosen = scope(provinces or [], doc_ids or [], date_from, date_to)
        try:
            text = assistant.check(query)
        except QuestionError as e:
            raise ToolError(str(e)) from None
        found = assistant.answerer.retriever.retrieve(parse_query(text), max(1, min(k, MAX_PASSAGES)), chosen)
        return [passage_object(s.chunk, s.score) for s in found]

    @server.tool()
    def tasks(
        agency: str = "", due_from: str = "", due_by: str = "", doc_id: str = "", status_in: list[str] | None = None
    ) -> list[dict[str, Any]]:
        """Các nhiệm vụ được giao trong văn bản đã nạp (ai chủ trì, phối hợp, hạn), như lệnh `assistant tasks`.

        Lọc: agency (cơ quan chủ trì), due_from/due_by (hạn, dd/mm/yyyy hoặc yyyy-mm-dd), doc_id,
        status_in (tình trạng hạn tính đến hôm nay: quá hạn, đến hạn trong 30 ngày, còn hạn, thường xuyên,
        không ghi hạn). Mỗi nhiệm vụ là đối tượng nhiệm vụ của hợp đồng giao diện, thêm `status`."""
        registry = tasks_in(assistant.index.manifest)
        day = today()
        try:
            found = find_tasks(registry, agency, due_from, due_by, doc_id, status_in or (), day)
        except TaskQueryError as e:
            raise ToolError(str(e)) from None
        return [{**task_object(t), "status": status(t, day)} for t in found]

    @server.tool()
    def documents() -> list[dict[str, Any]]:
        """Các văn bản đã nạp: doc_id, source, type, number, date, province, issuer, signer, title, chunks, tasks."""
        index = assistant.index
        return [document_object(index, doc_id) for doc_id in index.documents]

    return server


class McpEndpoint:
    """ASGI middleware that serves `server` at /mcp in front of the app, and runs its
    session manager for as long as the app runs (the app's lifespan passes through here).

    With `users`, a request must carry HTTP Basic credentials of one of them;
    failures count against the same throttle as the login page's."""

    def __init__(
        self, app: ASGIApp, server: MCPServer, host: str, users: list[tuple[str, str]], throttle: Throttle
    ) -> None:
        self.app = app
        self.server = server
        # Stateless and JSON: each call stands alone, so any app process behind a balancer can take it.
        self.endpoint = server.streamable_http_app(
            streamable_http_path=PATH, stateless_http=True, json_response=True, host=host
        )
        self.users = users
        self.throttle = throttle

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            async with self.server.session_manager.run():
                await self.app(scope, receive, send)
            return
        if scope["type"] != "http" or scope["path"].rstrip("/") != PATH:
            await self.app(scope, receive, send)
            return
        if self.users and not await self._admitted(scope, send):
            return
        await self.endpoint(scope, receive, send)

    async def _admitted(self, scope: Scope, send: Send) -> bool:
        """Whether the request names a user and the right password; if not, it has been answered."""
        user, password = basic_credentials(scope)
        address = (scope.get("client") or ("?", 0))[0]
        if wait := self.throttle.wait(user, address):
            seconds = int(wait) + 1
            await respond_json(
                send, 429, f"Đăng nhập sai quá nhiều lần. Hãy thử lại sau {seconds} giây.",
                [(b"retry-after", str(seconds).encode())],
            )
            return False
        # compare_digest: how long a wrong password takes says nothing of the right one.
        if any(hmac.compare_digest(f"{user}:{password}", f"{u}:{p}") for u, p in self.users):
            self.throttle.succeeded(user)
            return True
        if user:
            self.throttle.failed(user, address)
            log.warning("MCP: sai mật khẩu user=%r từ %s", user, address)
        await respond_json(
            send, 401, "Cần đăng nhập: gửi tên và mật khẩu của ứng dụng (HTTP Basic).",
            [(b"www-authenticate", b'Basic realm="Tro ly van ban chi dao", charset="UTF-8"')],
        )
        return False


def basic_credentials(scope: Scope) -> tuple[str, str]:
    """The user and password of an `Authorization: Basic` header; empty when there is none or it is malformed."""
    headers = dict(scope.get("headers") or [])
    kind, _, value = headers.get(b"authorization", b"").decode("latin-1").partition(" ")
    if kind.lower() != "basic":
        return "", ""
    try:
        user, _, password = base64.b64decode(value.strip(), validate=True).decode("utf-8").partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return "", ""
    return user, password
