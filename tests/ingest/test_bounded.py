"""Ingest in bounded time and memory: hostile files are stopped and named, the
others still ingested. Real files, the real worker process, the real command
line over a real Chroma index; memory is read from /proc as the ingest runs."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from index.config import Settings
from ingest.__main__ import limits_from
from ingest.errors import UnreadableFile
from ingest.formats.zipcheck import check_archive
from ingest.limits import ParseLimits
from ingest.worker import ParseWorker
from tests.conftest import DATA, ROOT, write_plan_excerpt
from tests.ingest.make import lying_zip_bomb, plan_docx

GB = 1 << 30


@pytest.fixture(scope="module")
def bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 5 MB DOCX whose headers say word/document.xml is 5,000 bytes; it inflates to 1 GB."""
    folder = tmp_path_factory.mktemp("bomb")
    return lying_zip_bomb(plan_docx(folder / "plan.docx"), folder / "ke-hoach-doc-hai.docx")


def slow_text(path: Path, megabytes: int = 15) -> Path:
    """A plain directive file of many MB: seconds of parsing (about 0.6 s a MB on this machine)."""
    samples = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(DATA.glob("*.txt")))
    path.write_text(samples * (megabytes * 1_000_000 // len(samples.encode()) + 1), encoding="utf-8")
    return path


def _tree_peak_rss(proc: subprocess.Popen[str]) -> tuple[int, str, str]:
    """Run `proc` to its end, sampling the peak RSS (VmHWM) of it and every process below it:
    the sum of the peaks, an upper bound of what the ingest held at once; and its output."""
    peaks: dict[int, int] = {}

    def below(pid: int) -> list[int]:
        try:
            kids = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        except OSError:
            return []
        return [int(k) for k in kids] + [g for k in kids for g in below(int(k))]

    while proc.poll() is None:
        for pid in [proc.pid, *below(proc.pid)]:
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            hwm = next((int(line.split()[1]) * 1024 for line in status.splitlines() if line.startswith("VmHWM")), 0)
            peaks[pid] = max(peaks.get(pid, 0), hwm)
        time.sleep(0.02)
    out, err = proc.communicate()
    print("peak RSS by process, command first (MB):", [round(p / 2**20) for p in peaks.values()])
    return sum(peaks.values()), out, err


def test_the_lying_zip_bomb_is_refused_in_bounded_memory_and_the_rest_ingested(
    bomb: Path, tmp_path: Path, minilm: str
):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / bomb.name).write_bytes(bomb.read_bytes())
    write_plan_excerpt(folder / "ke-hoach-quang-ngai.txt")
    plan_docx(folder / "ke-hoach-gia-lai.docx")
    assert bomb.stat().st_size < 10_000_000
    proc = subprocess.Popen(
        [sys.executable, "-m", "ingest", str(folder), "--storage", str(tmp_path / "s")],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "DIRECTIVE_EMBEDDER": minilm},
    )
    peak, out, err = _tree_peak_rss(proc)
    print(f"peak RSS of the ingest (command and worker): {peak / 2**20:.0f} MB")
    assert proc.returncode == 1, err  # the bomb is a failure, in the exit code
    assert f"{bomb.name}: LỖI — tệp DOCX khai báo sai kích thước phần 'word/document.xml'" in err
    assert "2 văn bản mới/cập nhật" in out and "1 lỗi" in out
    assert peak < GB  # python-docx on the same file alone: 2.1 GB before it failed


def test_zip_checks_refuse_before_python_docx_reads(tmp_path: Path, bomb: Path):
    data = plan_docx(tmp_path / "a.docx").read_bytes()
    check_archive(data, 10_000_000)  # a real Word file passes
    with pytest.raises(UnreadableFile, match="giải nén ra hơn 0 MB"):
        check_archive(data, 50_000)  # honest headers over budget: refused before inflating
    damaged = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        member = z.getinfo("word/document.xml")
    start = member.header_offset + 30 + len(member.filename) + len(member.extra) + 100
    damaged[start : start + 50] = bytes(50)
    with pytest.raises(UnreadableFile, match="bị hỏng"):
        check_archive(bytes(damaged), 10_000_000)
    started = time.perf_counter()
    with pytest.raises(UnreadableFile, match="khai báo sai kích thước"):
        check_archive(bomb.read_bytes(), 100_000_000)
    assert time.perf_counter() - started < 2  # stops at the first piece past the claim


def test_a_slow_parse_is_stopped_at_its_limit_and_the_next_file_gets_a_fresh_worker(tmp_path: Path):
    slow = slow_text(tmp_path / "rat-dai.txt")
    started = time.perf_counter()
    with ParseWorker(ParseLimits(seconds=2)) as worker:
        with pytest.raises(UnreadableFile, match="đọc tệp quá 2 giây nên đã dừng"):
            worker.parse(slow)
        assert time.perf_counter() - started < 10
        doc = worker.parse(write_plan_excerpt(tmp_path / "ke-hoach.txt"))
    assert doc.chunks and doc.meta.province == "Quảng Ngãi"


def test_a_parse_over_its_memory_is_stopped(tmp_path: Path):
    big = slow_text(tmp_path / "rat-lon.txt")  # its parse holds ~380 MB
    with ParseWorker(ParseLimits(memory_bytes=320 << 20)) as worker:
        with pytest.raises(UnreadableFile, match="bộ nhớ nên đã dừng"):
            worker.parse(big)
        assert worker.parse(write_plan_excerpt(tmp_path / "ke-hoach.txt")).chunks  # the worker was replaced


def test_the_command_line_names_the_slow_file_and_ingests_the_others(tmp_path: Path, minilm: str):
    folder = tmp_path / "in"
    folder.mkdir()
    slow_text(folder / "rat-dai.txt")
    write_plan_excerpt(folder / "ke-hoach.txt")
    result = subprocess.run(
        [sys.executable, "-m", "ingest", str(folder), "--storage", str(tmp_path / "s")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "DIRECTIVE_EMBEDDER": minilm, "DIRECTIVE_PARSE_SECONDS": "2"},
        timeout=300,
    )
    assert result.returncode == 1
    assert "rat-dai.txt: LỖI — đọc tệp quá 2 giây nên đã dừng" in result.stderr
    assert "1 văn bản mới/cập nhật" in result.stdout


def test_limits_come_from_the_settings_and_default_to_the_ingest_defaults(monkeypatch: pytest.MonkeyPatch):
    assert limits_from(Settings()) == ParseLimits()
    monkeypatch.setenv("DIRECTIVE_PARSE_SECONDS", "7.5")
    monkeypatch.setenv("DIRECTIVE_DOCX_UNPACKED_MB", "10")
    limits = limits_from(Settings())
    assert limits.seconds == 7.5 and limits.max_unpacked_bytes == 10 << 20
