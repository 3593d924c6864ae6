"""python -m bench.memory over the sample index: its breakdown adds up to what tracemalloc counted."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import run


def test_the_breakdown_accounts_for_what_the_retriever_retains(e5_storage: Path) -> None:
    done = run("-m", "bench.memory", str(e5_storage), "--ask", "1")
    assert done.returncode == 0, done.stderr[-2000:]
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    kept, rss = figures["retained"], figures["rss"]
    assert kept["chunks"] == rss["chunks"] > 0
    parts = kept["parts"]
    assert sum(parts.values()) == kept["retained_bytes"]
    assert parts["texts (Chunk.text)"] > 0 and parts["vectors"] > 0 and parts["word sets"] > 0
    assert rss["peak_rss_mb"] >= rss["rss_answered_mb"] > 0
    assert "| word sets |" in done.stdout
