"""A folder of Word, PDF and web files, some broken, through the real CLI, then asked about."""

import json
import subprocess

import pytest

from assistant.__main__ import render
from tests.conftest import run
from tests.ingest.make import PAGE, PAGE_1, PAGE_2, PAGE_3, pdf, plan_docx, scanned_pdf


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory, minilm: str) -> tuple[subprocess.CompletedProcess[str], dict]:
    folder = tmp_path_factory.mktemp("formats")
    plan_docx(folder / "ke-hoach-gia-lai.docx")
    (folder / "ke-hoach-quang-ngai.pdf").write_bytes(pdf([PAGE_1, PAGE_2, PAGE_3]))
    (folder / "tin-gia-lai.html").write_text(PAGE.replace("windows-1258", "utf-8"), encoding="utf-8")
    (folder / "ban-quet.pdf").write_bytes(scanned_pdf())
    (folder / "hong.docx").write_bytes(b"PK\x03\x04 not a zip" * 30)
    (folder / "ghi-chu.xyz").write_text("không phải văn bản")
    env = {"DIRECTIVE_EMBEDDER": minilm}
    storage = str(folder / "storage")
    result = run("-m", "ingest", str(folder), str(folder / "ghi-chu.xyz"), "--storage", storage, env=env)
    return result, {"storage": storage, "env": env}


QUESTIONS = {
    "lead": "Cơ quan nào chủ trì làm sạch dữ liệu đất đai trong kế hoạch của tỉnh Gia Lai?",
    "page": "Sở Tư pháp phải số hóa dữ liệu hộ tịch của các huyện còn lại chậm nhất khi nào?",
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


def test_bad_files_are_named_the_rest_ingested_and_the_exit_code_says_so(ingested):
    result, _ = ingested
    assert result.returncode == 1
    assert "3 văn bản mới" in result.stdout and "3 lỗi" in result.stdout
    lines = result.stderr.splitlines()
    assert any("ban-quet.pdf" in line and "không có lớp chữ, cũng không có ảnh quét" in line for line in lines)
    assert any("hong.docx" in line and "tệp DOCX bị hỏng" in line for line in lines)
    assert any("ghi-chu.xyz" in line and "chưa được hỗ trợ" in line for line in lines)


def test_who_leads_a_task_is_answered_from_its_table_row(answers):
    obj = answers["lead"]
    assert obj["grounded"], obj
    assert "Sở Tài nguyên và Môi trường" in obj["answer"]
    first = obj["citations"][0]
    assert first["source"] == "ke-hoach-gia-lai.docx"
    assert "- Cơ quan chủ trì: Sở Tài nguyên và Môi trường" in first["text"]
    assert "page" not in first  # Word has no fixed pages


def test_a_pdf_citation_carries_its_page(answers):
    cited = next(c for c in answers["page"]["citations"] if c["source"] == "ke-hoach-quang-ngai.pdf")
    assert cited["page"] == 2 and "quý I/2025" in cited["text"]
    assert ", trang 2 — " in render(answers["page"])
