"""The app's temporary folders: swept of what is older than the maximum age, on real files."""

from __future__ import annotations

import os
import time
from pathlib import Path

from assistant.tempfiles import discard_upload, reading, sweep


def _aged(path: Path, seconds: float) -> Path:
    then = time.time() - seconds
    os.utime(path, (then, then))
    return path


def _file(path: Path, age: float = 0) -> Path:
    path.write_bytes(b"x")
    return _aged(path, age)


def test_old_files_and_their_emptied_folders_go_new_ones_stay(tmp_path: Path):
    uploads, downloads = tmp_path / "uploads", tmp_path / "downloads"
    (uploads / "abc").mkdir(parents=True)
    (downloads / "nhiem-vu-1").mkdir(parents=True)
    old = _file(uploads / "abc" / "ke-hoach.docx", 120)  # uploaded, never submitted
    partial = _file(uploads / "tmpab12cd", 120)  # what an interrupted upload leaves
    new = _file(downloads / "nhiem-vu-1" / "nhiem-vu.csv")
    assert sweep([uploads, downloads, tmp_path / "missing"], max_age=60) == 2
    assert not old.exists() and not partial.exists() and new.exists()
    _aged(uploads / "abc", 120)  # an emptied folder goes once its grace is over
    sweep([uploads], max_age=60)
    assert not (uploads / "abc").exists() and uploads.is_dir()


def test_an_upload_is_deleted_once_read_and_nothing_outside_the_uploads(tmp_path: Path):
    uploads = tmp_path / "uploads"
    (uploads / "abc").mkdir(parents=True)
    upload, mine = _file(uploads / "abc" / "a.txt"), _file(tmp_path / "mine.txt")
    discard_upload(upload, uploads)
    discard_upload(mine, uploads)
    assert not upload.exists() and not (uploads / "abc").exists() and mine.exists()


def test_an_upload_being_read_is_not_swept_however_long_it_waited(tmp_path: Path):
    uploads = tmp_path / "uploads"
    (uploads / "abc").mkdir(parents=True)
    waiting = _file(uploads / "abc" / "ban-quet.pdf", 120)  # queued behind a parse worker's start
    with reading([waiting]):
        assert sweep([uploads], max_age=60) == 0 and waiting.exists()
    assert sweep([uploads], max_age=60) == 1 and not waiting.exists()
