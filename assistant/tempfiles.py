"""The app's own temporary folders: what users upload and download lives there, briefly.

Gradio keeps every upload (refused ones too) in its temp folder for good and
serves any of them to whoever has its path; each task filter wrote a CSV
under the system's temp folder that nobody deleted. The app now owns one
folder (DIRECTIVE_TEMP_DIR) with two parts:

- `uploads/`: Gradio's upload folder (GRADIO_TEMP_DIR). The library deletes
  each file once it has read it; `UploadsNotServed` refuses to hand any file
  in it back, whoever asks.
- `downloads/`: the task table's CSV files, served to the browser that asked.

A `Sweeper` deletes whatever in both is older than the maximum age (uploads
never submitted, downloads long fetched, leftovers of a process killed
earlier), every few minutes and once at start.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote

from assistant.throttle import ASGIApp, Receive, Scope, Send, respond_json

log = logging.getLogger("tro_ly.temp")
# An empty folder is left this long: Gradio makes one for an upload, then moves the file in.
FOLDER_GRACE = 10.0


# Uploads the library is reading: however long they waited for a parse worker, they are not swept.
_reading: set[Path] = set()
_reading_lock = threading.Lock()


@contextmanager
def reading(paths: Sequence[Path]) -> Iterator[None]:
    """Keep `paths` from the sweeper while the library reads them (a queue and a parse
    worker's start-up can outlast the maximum age; a scan's OCR can, too)."""
    held = {p.resolve() for p in paths}
    with _reading_lock:
        _reading.update(held)
    try:
        yield
    finally:
        with _reading_lock:
            _reading.difference_update(held)


def sweep(folders: Sequence[Path], max_age: float, now: float | None = None) -> int:
    """Delete the files under `folders` not changed for `max_age` seconds (except those
    being read), and emptied folders below them; returns how many files went. Missing
    folders are fine."""
    now = time.time() if now is None else now
    removed = 0
    for folder in folders:
        for parent, dirs, files in os.walk(folder, topdown=False):
            for name in files:
                path = Path(parent, name)
                with _reading_lock:
                    if path.resolve() in _reading:
                        continue
                try:
                    if now - path.lstat().st_mtime > max_age:
                        path.unlink()
                        removed += 1
                except FileNotFoundError:  # deleted meanwhile (by the library, or Gradio's own clean-up)
                    pass
            for name in dirs:
                path = Path(parent, name)
                try:
                    if now - path.lstat().st_mtime > min(FOLDER_GRACE, max_age) and not any(path.iterdir()):
                        path.rmdir()
                except OSError:  # not empty after all, or gone
                    pass
    return removed


class Sweeper(threading.Thread):
    """Sweeps `folders` every `period` seconds (and at once), for the life of the process."""

    def __init__(self, folders: Sequence[Path], max_age: float, period: float) -> None:
        super().__init__(name="temp-sweeper", daemon=True)
        self.folders, self.max_age, self.period = list(folders), max_age, period
        self.stopped = threading.Event()

    def run(self) -> None:
        while True:
            try:
                if removed := sweep(self.folders, self.max_age):
                    log.info("đã xóa %d tệp tạm quá %.0f giây", removed, self.max_age)
            except OSError:
                log.exception("dọn thư mục tạm không được")
            if self.stopped.wait(self.period):
                return


def discard_upload(path: Path, uploads: Path) -> None:
    """Delete an uploaded file the library is done with, and the folder Gradio made for it."""
    try:
        if not path.resolve().is_relative_to(uploads.resolve()):
            return  # not an upload (a path given some other way): not ours to delete
        path.unlink(missing_ok=True)
        if path.parent.resolve() != uploads.resolve():
            path.parent.rmdir()
    except OSError:  # the folder holds another upload of the same content; the sweeper gets it
        pass


class UploadsNotServed:
    """ASGI middleware: no file in the uploads folder is served back, to anyone.

    Gradio serves files through `/file=<path>` (and the older `/file/<path>`)
    from any folder it wrote to, uploads included; the library needs none of
    them served, only read, so those requests get 403.
    """

    def __init__(self, app: ASGIApp, uploads: Path) -> None:
        self.app = app
        self.uploads = uploads.resolve()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and self._is_upload(unquote(scope.get("path", ""))):
            await respond_json(send, 403, "Tệp tải lên không được tải về.")
            return
        await self.app(scope, receive, send)

    def _is_upload(self, path: str) -> bool:
        for marker in ("/file=", "/file/"):
            if marker in path:
                target = path.split(marker, 1)[1]
                try:
                    return Path(target).resolve().is_relative_to(self.uploads)
                except (OSError, ValueError):
                    return True  # a path that cannot even be resolved is no download of ours
        return False
