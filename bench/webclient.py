"""The chat page's own calls, made over HTTP as the browser makes them.

The library's upload and removal and the task table are not API endpoints
(gradio_client cannot call them: they are "private"), but the page calls them
through Gradio's queue by their index in the page's config. The soak script
and the app tests drive them that way, without a browser: upload the files
(POST /gradio_api/upload), join the queue with the handler's index, read the
event stream until the handler's result comes.
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import httpx


class PageError(RuntimeError):
    """The page's handler failed, or the server refused the call; the message says how."""


class Page:
    """One visitor of the page at `url` (logged in with `auth`, if given): one session."""

    def __init__(self, url: str, auth: tuple[str, str] | None = None, timeout: float = 600.0) -> None:
        self.url = url.rstrip("/")
        self.http = httpx.Client(timeout=timeout)
        if auth:
            got = self.http.post(f"{self.url}/login", data={"username": auth[0], "password": auth[1]})
            if got.status_code != 200:
                raise PageError(f"login: {got.status_code} {got.text[:200]}")
        self.config = self.http.get(f"{self.url}/config").raise_for_status().json()
        self.session = uuid.uuid4().hex

    def close(self) -> None:
        self.http.close()

    def __enter__(self) -> Page:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def handler(self, elem_id: str, event: str = "click") -> int:
        """The index of the handler that the component with `elem_id` starts on `event`."""
        ids = [c["id"] for c in self.config["components"] if c.get("props", {}).get("elem_id") == elem_id]
        for dep in self.config["dependencies"]:
            if any(t[0] in ids and t[1] == event for t in dep["targets"]):
                return int(dep["id"])
        raise PageError(f"no {event} handler on #{elem_id}")

    def upload(self, paths: list[Path]) -> list[dict[str, Any]]:
        """The files, uploaded: the values a file component then holds."""
        files = [("files", (p.name, p.read_bytes())) for p in paths]
        got = self.http.post(f"{self.url}/gradio_api/upload", files=files)
        if got.status_code != 200:
            raise PageError(f"upload: {got.status_code} {got.text[:200]}")
        return [
            {"path": where, "orig_name": p.name, "size": p.stat().st_size, "meta": {"_type": "gradio.FileData"}}
            for where, p in zip(got.json(), paths)
        ]

    def run(self, fn_index: int, data: list[Any]) -> list[Any]:
        """Call handler `fn_index` with `data` (one value per input) and return its outputs."""
        joined = self.http.post(
            f"{self.url}/gradio_api/queue/join",
            json={"data": data, "fn_index": fn_index, "session_hash": self.session, "event_data": None, "trigger_id": None},
        )
        if joined.status_code != 200:
            raise PageError(f"queue/join: {joined.status_code} {joined.text[:200]}")
        event_id = joined.json()["event_id"]
        with self.http.stream("GET", f"{self.url}/gradio_api/queue/data", params={"session_hash": self.session}) as s:
            for line in s.iter_lines():
                if not line.startswith("data:"):
                    continue
                msg = json.loads(line[5:])
                if msg.get("event_id") not in (None, event_id):
                    continue
                if msg.get("msg") == "process_completed":
                    output = msg.get("output") or {}
                    if not msg.get("success", False):
                        raise PageError(str(output.get("error") or output)[:300])
                    return list(output["data"])
                if msg.get("msg") in ("unexpected_error", "close_stream") and msg.get("event_id") == event_id:
                    raise PageError(str(msg)[:300])
        raise PageError("the event stream ended before the result")

    def download(self, value: dict[str, Any]) -> httpx.Response:
        """GET a file a handler returned (a file component's value)."""
        return self.http.get(value.get("url") or f"{self.url}/gradio_api/file={value['path']}")

    def add_documents(self, paths: list[Path]) -> str:
        """Upload `paths` in the library tab and press "Nạp vào thư viện": the result lines."""
        return str(self.run(self.handler("add-docs"), [self.upload(paths)])[0])

    def remove_document(self, doc_id: str) -> str:
        """Choose `doc_id` and press "Xóa văn bản": the result message."""
        return str(self.run(self.handler("remove"), [doc_id])[0])

    def tasks(
        self,
        agency: str | None = None,
        due_from: str = "",
        due_by: str = "",
        doc_id: str | None = None,
        statuses: tuple[str, ...] = (),
        order: str = "Theo văn bản",
    ) -> list[Any]:
        """Filter the task table: the message, the table, the task ids and the CSV download's value."""
        return self.run(self.handler("task-filter"), [agency, due_from, due_by, doc_id, list(statuses), order])
