"""Login throttling for the app: wrong passwords cost time, per user and per client address.

Gradio checks a login at POST /login (the page's form and gradio_client's
`auth=` both post there; every page and API call behind the login then needs
the session cookie it sets) and answers as fast as it can, so 50 guesses took
0.15 s. `LoginGuard` sits in front of that route as ASGI middleware: it reads
the user name from the form and the client address from the connection,
refuses with 429 and a Retry-After while either is locked out, and counts the
route's answer (200: right; 400/401: wrong). `Throttle` is the bookkeeping.

A user name is locked after `max_failures` wrong passwords, an address after
`address_max_failures` (higher: an office behind one NAT address shares it);
each lockout of the same key within the window lasts twice the one before, up
to `max_lockout`. Failures older than `window` are forgotten. While locked,
even the right password is refused, or the lock would tell a guesser when
they hit it. A right password clears the user's count, not the address's: a
guesser with one account of their own must not reset their address by
logging in between guesses. Locking a user name lets anyone lock a user out
for a while; the address limit alone would not stop guesses spread over many
addresses, so both apply, and the README says how a proxy adds its own.

The client address is the connection's peer as uvicorn gives it: behind a
reverse proxy that uvicorn trusts (FORWARDED_ALLOW_IPS, loopback by default),
the address the proxy puts in X-Forwarded-For.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs

log = logging.getLogger("tro_ly.login")

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

# Keys remembered at most (an attacker can make up any number of user names); the stalest go first.
MAX_KEYS = 10_000
# A login form is a user name and a password; a bigger body is not one.
MAX_BODY = 64 * 1024


@dataclass
class _Record:
    failures: int = 0
    last_failure: float = 0.0
    lockouts: int = 0
    locked_until: float = 0.0


@dataclass(frozen=True)
class ThrottleSettings:
    max_failures: int = 5
    address_max_failures: int = 20
    lockout: float = 60.0  # seconds, the first time
    max_lockout: float = 3600.0
    window: float = 900.0  # failures older than this are forgotten


class Throttle:
    """Failures and lockouts per user name and per address; `clock` is time.monotonic unless told."""

    def __init__(self, settings: ThrottleSettings, clock: Callable[[], float] = time.monotonic) -> None:
        self.settings = settings
        self.clock = clock
        self._records: OrderedDict[tuple[str, str], _Record] = OrderedDict()
        self._lock = threading.Lock()

    def wait(self, user: str, address: str) -> float:
        """Seconds until this user may try again from this address; 0 when they may now."""
        now = self.clock()
        with self._lock:
            records = [self._records.get(("user", user.casefold())), self._records.get(("address", address))]
            return max([r.locked_until - now for r in records if r] + [0.0])

    def failed(self, user: str, address: str) -> None:
        now = self.clock()
        with self._lock:
            self._count(("user", user.casefold()), self.settings.max_failures, now)
            self._count(("address", address), self.settings.address_max_failures, now)
            while len(self._records) > MAX_KEYS:
                self._records.popitem(last=False)

    def succeeded(self, user: str) -> None:
        with self._lock:
            self._records.pop(("user", user.casefold()), None)

    def _count(self, key: tuple[str, str], allowed: int, now: float) -> None:
        record = self._records.pop(key, None) or _Record()
        self._records[key] = record  # to the end: the most recently failed are kept longest
        if now - record.last_failure > self.settings.window:
            record.failures = 0
            if record.locked_until < now - self.settings.window:
                record.lockouts = 0
        record.failures += 1
        record.last_failure = now
        if record.failures >= allowed:
            record.lockouts += 1
            record.failures = 0
            seconds = min(self.settings.lockout * 2 ** (record.lockouts - 1), self.settings.max_lockout)
            record.locked_until = now + seconds
            log.warning("khóa đăng nhập %s=%r trong %.0f giây", key[0], key[1], seconds)


class LoginGuard:
    """ASGI middleware in front of Gradio's POST /login: throttles it (see the module's docstring)."""

    def __init__(self, app: ASGIApp, throttle: Throttle) -> None:
        self.app = app
        self.throttle = throttle

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST" or not scope["path"].rstrip("/").endswith("/login"):
            await self.app(scope, receive, send)
            return
        body, more = b"", True
        while more:
            message = await receive()
            body += message.get("body", b"")
            more = message.get("more_body", False)
            if len(body) > MAX_BODY:
                await respond_json(send, 413, "Yêu cầu đăng nhập quá lớn.")
                return
        user = _user_name(scope, body)
        address = (scope.get("client") or ("?", 0))[0]
        wait = self.throttle.wait(user, address)
        if wait > 0:
            log.warning("từ chối đăng nhập user=%r từ %s: còn khóa %.0f giây", user, address, wait)
            seconds = int(wait) + 1
            await respond_json(
                send,
                429,
                f"Đăng nhập sai quá nhiều lần. Hãy thử lại sau {seconds} giây.",
                [(b"retry-after", str(seconds).encode())],
            )
            return
        status = 0
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if replayed:
                return await receive()  # after the body: the disconnect, when it comes
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}

        async def watch(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        await self.app(scope, replay, watch)
        if status == 200:
            self.throttle.succeeded(user)
            log.info("đăng nhập user=%r từ %s", user, address)
        elif status in (400, 401, 403):
            self.throttle.failed(user, address)
            log.warning("sai mật khẩu user=%r từ %s", user, address)


def _user_name(scope: Scope, body: bytes) -> str:
    """The form's username field: urlencoded (gradio_client) or multipart (the login page)."""
    headers = dict(scope.get("headers") or [])
    kind = headers.get(b"content-type", b"").decode("latin-1")
    if kind.startswith("multipart/form-data") and "boundary=" in kind:
        boundary = kind.split("boundary=", 1)[1].split(";")[0].strip('"').encode("latin-1")
        for part in body.split(b"--" + boundary):
            head, _, value = part.partition(b"\r\n\r\n")
            if b'name="username"' in head:
                return value.rstrip(b"\r\n").decode("utf-8", "replace").strip()
        return ""
    fields = parse_qs(body.decode("utf-8", "replace"))
    return (fields.get("username") or [""])[0].strip()


async def respond_json(send: Send, status: int, message: str, headers: list[tuple[bytes, bytes]] | None = None) -> None:
    data = json.dumps({"detail": message}, ensure_ascii=False).encode("utf-8")
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"application/json; charset=utf-8"), *(headers or [])],
        }
    )
    await send({"type": "http.response.body", "body": data})
