"""Scans, .doc and spreadsheets through the real CLI, then asked about; and the same without Tesseract or antiword."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from assistant.__main__ import render
from tests.conftest import run
from tests.ingest.make import task_ods, task_xls, task_xlsx
from tests.ingest.scan import image_pdf, plan_pages

DOC = Path(__file__).parent / "files" / "ke-hoach-gia-lai.doc"
DPI = 200


@pytest.fixture(scope="module")
def scan() -> bytes:
    return image_pdf([p.image for p in plan_pages(DPI)], DPI)


@pytest.fixture(scope="module")
def ingested(
    scan: bytes, tmp_path_factory: pytest.TempPathFactory, minilm: str
) -> tuple[subprocess.CompletedProcess[str], dict]:
    folder = tmp_path_factory.mktemp("scans")
    (folder / "ke-hoach-204-quet.pdf").write_bytes(scan)
    task_xlsx(folder / "nhiem-vu-nghe-an.xlsx")
    task_xls(folder / "nhiem-vu-nghe-an-cu.xls")
    task_ods(folder / "nhiem-vu-nghe-an-calc.ods")
    shutil.copy(DOC, folder / "ke-hoach-gia-lai.doc")
    # One damaged file of each new kind: named, and the others still ingested.
    for name in ("hong.doc", "hong.xlsx", "hong.xls", "hong.ods", "hong.png"):
        (folder / name).write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00 hong " * 200)
    storage = str(folder / "storage")
    # A threshold above what clean pages score (95), so the summary's list of weak pages shows.
    env = {"DIRECTIVE_EMBEDDER": minilm, "DIRECTIVE_OCR_MIN_CONFIDENCE": "99"}
    result = run("-m", "ingest", str(folder), "--storage", storage, env=env)
    return result, {"storage": storage, "env": env, "folder": folder}


QUESTIONS = {
    "scan": "Sở Y tế phải hoàn thành kết nối hồ sơ sức khỏe điện tử với ứng dụng VNeID chậm nhất khi nào?",
    "scan-table": "Cơ quan nào chủ trì làm sạch dữ liệu đất đai, kết nối với cơ sở dữ liệu dân cư?",
}


@pytest.fixture(scope="module")
def answers(ingested, tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    _, where = ingested
    batch = tmp_path_factory.mktemp("ask") / "questions.jsonl"
    batch.write_text("".join(json.dumps({"id": k, "question": q}) + "\n" for k, q in QUESTIONS.items()), "utf-8")
    result = run(
        "-m", "assistant", "ask", "--batch", str(batch), "--json", "--storage", where["storage"], env=where["env"]
    )
    assert result.returncode == 0, result.stderr
    return {obj["id"]: obj for obj in map(json.loads, result.stdout.splitlines())}


def test_each_bad_file_is_named_and_the_rest_ingested(ingested):
    result, _ = ingested
    assert result.returncode == 1
    # The three spreadsheets hold one task list: read alike, the two after the first are
    # known as the same content (index/library.py) and not stored twice.
    assert "3 văn bản mới" in result.stdout and "2 trùng" in result.stdout, result.stdout
    assert "5 lỗi" in result.stdout, result.stdout
    for sheet in ("nhiem-vu-nghe-an-cu.xls", "nhiem-vu-nghe-an.xlsx"):
        assert f"{sheet}: trùng nội dung với văn bản đã có nhiem-vu-nghe-an-calc" in result.stdout, result.stdout
    errors = {line.split(":")[0].strip().split("] ")[-1] for line in result.stderr.splitlines() if "LỖI" in line}
    assert errors == {"hong.doc", "hong.xlsx", "hong.xls", "hong.ods", "hong.png"}, result.stderr


def test_ocr_shows_progress_page_by_page_and_names_the_weak_pages(ingested):
    result, _ = ingested
    assert "ke-hoach-204-quet.pdf: nhận dạng chữ trang 1/2" in result.stdout
    assert "ke-hoach-204-quet.pdf: nhận dạng chữ trang 2/2" in result.stdout
    assert "nhận dạng chữ 2 trang)" in result.stdout
    summary = result.stdout.splitlines()[-1]
    assert summary.startswith("Trang nhận dạng chữ kém (độ tin cậy dưới 99/100)")
    assert "ke-hoach-204-quet.pdf: trang 1 (9" in summary and "trang 2 (9" in summary


def test_an_answer_from_a_scan_cites_its_page_and_says_it_was_read_by_ocr(answers):
    obj = answers["scan"]
    assert obj["grounded"], obj
    assert "9/2024" in obj["answer"]
    first = obj["citations"][0]
    assert (first["source"], first["page"], first["ocr"]) == ("ke-hoach-204-quet.pdf", 1, True)
    assert ", trang 1, nhận dạng ký tự — " in render(obj)


def test_a_scanned_table_row_answers_who_leads(answers):
    obj = answers["scan-table"]
    assert obj["grounded"] and "Sở Tài nguyên và Môi trường" in obj["answer"], obj
    first = obj["citations"][0]
    assert (first["page"], first["ocr"]) == (2, True)
    assert "- Cơ quan chủ trì: Sở Tài nguyên và Môi trường" in first["text"]


def test_the_registry_holds_the_tasks_of_spreadsheets_doc_and_scan(ingested):
    _, where = ingested
    result = run(
        "-m", "assistant", "tasks", "--json", "--agency", "Sở Tư pháp", "--storage", where["storage"], env=where["env"]
    )
    assert result.returncode == 0, result.stderr
    found = {(t["source"], t["task"], t["due"]) for t in map(json.loads, result.stdout.splitlines())}
    for sheet in ("nhiem-vu-nghe-an-calc.ods",):  # the other two are its duplicates
        assert (sheet, "Số hóa dữ liệu hộ tịch của các huyện còn lại", "2023-03-31") in found
        assert (sheet, "Cấp phiếu lý lịch tư pháp trên ứng dụng VNeID", "2023-06-30") in found
    assert ("ke-hoach-gia-lai.doc", "Số hóa dữ liệu hộ tịch của các huyện còn lại", "2025-03-31") in found
    assert ("ke-hoach-204-quet.pdf", "Số hóa dữ liệu hộ tịch của các huyện còn lại", "2025-03-31") in found


def test_a_scan_over_the_time_limit_is_stopped_named_and_nothing_of_it_stored(ingested, scan):
    _, where = ingested
    extra = where["folder"] / "them"
    extra.mkdir()
    (extra / "ke-hoach-dai.pdf").write_bytes(scan + b"\n")  # other bytes: not the file already stored
    env = {**where["env"], "DIRECTIVE_OCR_SECONDS": "1"}
    result = run("-m", "ingest", str(extra), "--storage", where["storage"], env=env)
    assert result.returncode == 1
    assert "ke-hoach-dai.pdf: LỖI — tệp PDF có 2/2 trang là ảnh quét: nhận dạng chữ quá thời gian cho phép (1 giây" in (
        result.stderr
    )
    listed = run("-m", "ingest", "--list", "--storage", where["storage"], env=where["env"])
    assert "ke-hoach-dai" not in listed.stdout and "ke-hoach-204-quet" in listed.stdout
    assert "Tổng: 3 văn bản" in listed.stdout
    # Unchanged files are known from their bytes: the scan is not read by OCR again.
    again = run(
        "-m", "ingest", str(where["folder"] / "ke-hoach-204-quet.pdf"), "--storage", where["storage"], env=where["env"]
    )
    assert "không đổi, bỏ qua" in again.stdout and "nhận dạng chữ trang" not in again.stdout


def test_without_tesseract_and_antiword_scans_and_doc_are_refused_by_name(scan, tmp_path: Path, minilm: str):
    """As on a machine where the README's run command was followed without the apt-get line:
    PATH leads to no tesseract, antiword or soffice."""
    (tmp_path / "ke-hoach-quet.pdf").write_bytes(scan)
    shutil.copy(DOC, tmp_path / "ke-hoach-gia-lai.doc")
    task_xlsx(tmp_path / "nhiem-vu.xlsx")
    empty = tmp_path / "bin"
    empty.mkdir()
    env = {"DIRECTIVE_EMBEDDER": minilm, "PATH": str(empty)}
    result = run("-m", "ingest", str(tmp_path), "--storage", str(tmp_path / "storage"), env=env)
    assert result.returncode == 1, result.stderr
    assert "1 văn bản mới" in result.stdout and "2 lỗi" in result.stdout
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert any(
        "ke-hoach-quet.pdf" in line and line.endswith("hãy chạy: apt-get install -y tesseract-ocr tesseract-ocr-vie")
        for line in lines
    ), result.stderr
    assert any(
        "ke-hoach-gia-lai.doc" in line and line.endswith("hãy chạy: apt-get install -y antiword") for line in lines
    )
