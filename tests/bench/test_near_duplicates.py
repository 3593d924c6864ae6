"""Near-identical directives of one province: the plans, notices and news of
Hải Dương for two years, beside the five samples they were made from. Only a
question's year and wording tell them apart; the benchmark measures the same
at up to 1,000 documents (bench/RESULTS.md)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from assistant.service import Assistant, answer_object
from bench import corpus, run
from index.config import Settings
from tests.conftest import run as run_module

pytestmark = pytest.mark.skipif(not corpus.DEV.exists(), reason="needs ../shared/eval (dev.jsonl, score.py)")


def test_questions_about_near_identical_documents_find_the_right_one(tmp_path: Path, e5_storage: Path) -> None:
    folder = corpus.write(tmp_path / "corpus", corpus.cluster("Hải Dương"))
    storage = tmp_path / "storage"
    shutil.copytree(e5_storage, storage)  # the samples are there already: only the copies are embedded
    ingested = run_module("-m", "ingest", str(folder / "docs"), "--storage", str(storage))
    assert ingested.returncode == 0, ingested.stderr

    assistant = Assistant(Settings(storage=storage))
    score = run._score_module()
    gold_dev = [json.loads(line) for line in corpus.DEV.read_text(encoding="utf-8").splitlines() if line.strip()]
    for path in (corpus.DEV, folder / "questions.jsonl"):
        gold = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        results = [{"id": g["id"], **answer_object(*assistant.ask(g["question"]))} for g in gold]
        figures = score.score(gold, results)
        assert len(gold) >= 27
        # Measured: 0.98 on the copies, 1.0 on the dev questions (0.81 and 0.96
        # before the year and figure rules of assistant/answer.py and retrieve.py,
        # 0.88 before the years a passage and its document are about).
        floor = 0.95
        assert figures["answer_accuracy"] >= floor, (path.name, figures["failures"])
        assert figures["citation_at_1"] >= floor, (path.name, figures["failures"])
        assert figures["abstention"] == 1.0, (path.name, figures["failures"])
    # Asked with no province nor year, the plans of Quảng Ngãi 2023 and Hải
    # Dương 2023/2024 all answer: the answer names the other values too.
    answer = answer_object(*assistant.ask(next(g for g in gold_dev if g["id"] == "kh23-tuphap")["question"]))
    assert "Văn bản cùng nội dung khác nêu" in answer["answer"]
    assert "6/2023" in answer["answer"] and "6/2024" in answer["answer"], answer["answer"]
