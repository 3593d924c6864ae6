"""Several processes sharing one `chroma run` server: ingest in one, answer in others."""

import json
import uuid
from pathlib import Path

from assistant.service import Assistant
from index.config import Settings
from index.store import DirectiveIndex
from ingest.pipeline import parse_file
from tests.conftest import DATA, ROOT, run, write_plan_excerpt

QUESTION = "Cơ quan nào chủ trì số hóa 100% dữ liệu hộ tịch của tỉnh Gia Lai?"


def test_a_replica_answers_from_documents_another_process_ingests_and_removes(
    tmp_path: Path, chroma_server: tuple[str, int], minilm: str
):
    host, port = chroma_server
    settings = Settings(
        storage=tmp_path / "unused",
        embedder=minilm,
        chroma_host=host,
        chroma_port=port,
        collection=f"replicas-{uuid.uuid4().hex[:12]}",
        refresh_seconds=0,
    )
    server = ["--chroma-host", host, "--chroma-port", str(port)]
    env = {"DIRECTIVE_EMBEDDER": minilm, "DIRECTIVE_COLLECTION": settings.collection}
    DirectiveIndex(settings, create=True).upsert(parse_file(next(DATA.glob("quang-ngai_2024-12_tin-*.txt"))))
    replica = Assistant(settings)  # as in an app process: opened once, kept open
    assert not replica.ask(QUESTION)[0].grounded

    plan = write_plan_excerpt(tmp_path / "gia-lai_2023_ke-hoach-de-an-06.txt", "Gia Lai")
    added = run("-m", "ingest", str(plan), *server, env=env)
    assert added.returncode == 0, added.stderr
    answer = replica.ask(QUESTION)[0]
    assert answer.grounded and answer.answer.startswith("Sở Tư pháp")
    assert answer.citations[0].chunk.doc_id == "gia-lai-2023-ke-hoach-de-an-06"
    assert "Số hóa 100% dữ liệu hộ tịch" in answer.citations[0].chunk.text

    asked = run("-m", "assistant", "ask", QUESTION, *server, "--json", env=env)  # a third process
    assert asked.returncode == 0, asked.stderr
    assert json.loads(asked.stdout)["answer"] == answer.answer
    tasks = run("-m", "assistant", "tasks", "--doc", "gia-lai-2023-ke-hoach-de-an-06", *server, "--json", env=env)
    assert tasks.returncode == 0, tasks.stderr
    assert "Sở Tư pháp" in [lead for line in tasks.stdout.splitlines() for lead in json.loads(line)["lead"]]

    removed = run("-m", "ingest", "--remove", "gia-lai-2023-ke-hoach-de-an-06", *server, env=env)
    assert removed.returncode == 0, removed.stderr
    assert not replica.ask(QUESTION)[0].grounded
    assert list(replica.index.documents) == ["quang-ngai-2024-12-tin-bao-dau-thau"]


def test_the_app_takes_the_chroma_server_options():
    shown = run(str(ROOT / "app.py"), "--help")
    assert shown.returncode == 0 and "--chroma-host" in shown.stdout and "--chroma-port" in shown.stdout
