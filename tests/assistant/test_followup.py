"""Follow-up questions: the rules on question pairs, then two-turn
conversations answered over the real index (tests/assistant/followups.jsonl)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.followup import Turn, is_followup, readings, rewrite_followup
from tests.conftest import run
from vn.agencies import agencies_in
from vn.normalize import fold

CONVERSATIONS = Path(__file__).with_name("followups.jsonl")
HOTICH = "Cơ quan nào phải hoàn thành số hóa dữ liệu hộ tịch của các huyện còn lại chậm nhất trong quý I/2025?"


@pytest.mark.parametrize(
    "previous,question,expected",
    [
        # a new agency: its tasks in the same period and province
        (
            Turn(HOTICH, HOTICH, "Sở Tư pháp", "Quảng Ngãi"),
            "Còn Sở Y tế thì sao?",
            ["Sở Y tế phải thực hiện những nhiệm vụ gì trong năm 2025 ở Quảng Ngãi?"],
        ),
        # ... or the same question about it, when the question named an agency
        (
            Turn("q", "Sở Tư pháp Quảng Ngãi phải thực hiện những nhiệm vụ gì trong năm 2025?"),
            "Công an tỉnh thì sao?",
            [
                "Công an tỉnh Quảng Ngãi phải thực hiện những nhiệm vụ gì trong năm 2025?",
                "Công an tỉnh phải thực hiện những nhiệm vụ gì trong năm 2025 ở Quảng Ngãi?",
            ],
        ),
        # a new question word keeps the topic; the answered agency replaces "cơ quan nào"
        (
            Turn(HOTICH, HOTICH, "Sở Tư pháp"),
            "Hạn chót là khi nào?",
            [
                "Sở Tư pháp phải hoàn thành số hóa dữ liệu hộ tịch của các huyện còn lại chậm nhất trong quý I/2025: hạn chót là khi nào?"
            ],
        ),
        # a new province or period replaces the old one, or is added
        (
            Turn("q", "Tỷ lệ cấp đổi giấy phép lái xe trực tuyến ở Đồng Nai mới đạt bao nhiêu?"),
            "Ở Quảng Ngãi thì sao?",
            ["Tỷ lệ cấp đổi giấy phép lái xe trực tuyến ở Quảng Ngãi mới đạt bao nhiêu?"],
        ),
        (
            Turn("q", "Ai ký Kế hoạch triển khai Đề án 06 năm 2023 của tỉnh Quảng Ngãi?"),
            "Còn năm 2024 thì sao?",
            ["Ai ký Kế hoạch triển khai Đề án 06 năm 2024 của tỉnh Quảng Ngãi?"],
        ),
        (Turn("q", "Sở Tư pháp phải làm gì?"), "Còn năm 2024?", ["Sở Tư pháp phải làm gì trong năm 2024?"]),
        # typed without diacritics, it stays without
        (
            Turn("q", "ty le cap doi giay phep lai xe o Dong Nai"),
            "con o Quang Ngai thi sao",
            ["Ty le cap doi giay phep lai xe o Quang Ngai?"],
        ),
        # pointers: the meeting the previous question named, the document its answer came from
        (
            Turn("q", "Hội nghị sơ kết 02 năm triển khai Đề án 06 của tỉnh Đồng Nai diễn ra ngày nào?"),
            "Hội nghị đó do ai chủ trì?",
            ["Hội nghị sơ kết 02 năm triển khai Đề án 06 của tỉnh Đồng Nai do ai chủ trì?"],
        ),
        (
            Turn(
                "q",
                "Có bao nhiêu mô hình điểm?",
                province="Quảng Ngãi",
                document="Kế hoạch của UBND tỉnh Quảng Ngãi năm 2023",
            ),
            "Ai ký văn bản đó?",
            ["Ai ký Kế hoạch của UBND tỉnh Quảng Ngãi năm 2023?"],
        ),
        (
            Turn(HOTICH, HOTICH, "Sở Tư pháp", "Quảng Ngãi"),
            "Cơ quan đó còn phải làm gì nữa?",
            ["Sở Tư pháp phải làm gì ở Quảng Ngãi trong quý I/2025?"],
        ),
        # a question of its own keeps its topic; the chat's province is tried first
        (
            Turn("q", "Năm 2024 Nghệ An tăng bao nhiêu bậc?"),
            "Hồ sơ tiếp nhận trực tuyến tăng bao nhiêu phần trăm?",
            [
                "Hồ sơ tiếp nhận trực tuyến tăng bao nhiêu phần trăm ở Nghệ An?",
                "Hồ sơ tiếp nhận trực tuyến tăng bao nhiêu phần trăm?",
            ],
        ),
        (
            Turn("q", "Sở Tư pháp phải làm gì?"),
            "Thủ đô của nước Pháp là thành phố nào?",
            ["Thủ đô của nước Pháp là thành phố nào?"],
        ),
        (None, "Còn Sở Y tế thì sao?", ["Còn Sở Y tế thì sao?"]),
    ],
)
def test_readings(previous, question, expected):
    assert [r.text for r in readings(question, previous)] == expected


@pytest.mark.parametrize(
    "question,followup",
    [
        ("Còn Sở Y tế thì sao?", True),
        ("Hạn chót là khi nào?", True),
        ("Ai ký văn bản này?", True),
        ("Theo kế hoạch số mấy?", True),
        ("Ở Đồng Nai?", True),
        ("Tỷ lệ cấp đổi giấy phép lái xe trực tuyến ở Đồng Nai mới đạt bao nhiêu?", False),
        ("Khi nào thực hiện kết nối dữ liệu hộ tịch?", False),
    ],
)
def test_what_counts_as_a_followup(question, followup):
    assert is_followup(question) is followup


def test_agency_names_with_or_without_diacritics_and_abbreviated():
    assert agencies_in("so tu phap va Sở TT&TT, cùng Công an tỉnh, BHXH") == [
        "Sở Tư pháp",
        "Sở Thông tin và Truyền thông",
        "Công an tỉnh",
        "Bảo hiểm xã hội tỉnh",
    ]


def test_rewrite_from_questions_alone_chains_turns():
    history = ["Tỷ lệ cấp đổi giấy phép lái xe trực tuyến ở Đồng Nai mới đạt bao nhiêu?", "Ở Quảng Ngãi thì sao?"]
    assert (
        rewrite_followup("Còn năm 2023?", history)
        == "Tỷ lệ cấp đổi giấy phép lái xe trực tuyến ở Quảng Ngãi mới đạt bao nhiêu trong năm 2023?"
    )


def test_conversations_second_turn_answered(e5_storage: Path, tmp_path: Path):
    conversations = [
        json.loads(line) for line in CONVERSATIONS.read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    assert len(conversations) >= 10
    batch = tmp_path / "fu.jsonl"
    batch.write_text(
        "\n".join(
            json.dumps({k: c[k] for k in ("id", "question", "history")}, ensure_ascii=False) for c in conversations
        ),
        encoding="utf-8",
    )
    result = run("-m", "assistant", "ask", "--batch", str(batch), "--storage", str(e5_storage), "--json")
    assert result.returncode == 0, result.stderr
    answers = {a["id"]: a for a in map(json.loads, result.stdout.splitlines())}
    failures = []
    for c in conversations:
        a = answers[c["id"]]
        grounded = c.get("grounded", True)
        ok = a["grounded"] is grounded
        if grounded:
            ok = ok and (not c["answers"] or any(x.casefold() in a["answer"].casefold() for x in c["answers"]))
            ok = ok and c.get("section", "") in a["citations"][0]["section"]
        ok = ok and all(fold(u) in fold(a["rewritten"]) for u in c["understood"])
        if not ok:
            failures.append(f"{c['id']}: understood {a['rewritten']!r}, answered {a['answer'][:120]!r}")
        assert a["question"] == c["question"] and a["mode"] == "extractive"
    assert len(failures) <= len(conversations) // 10, failures


def test_chat_reads_questions_from_a_pipe(e5_storage: Path):
    lines = f"{HOTICH}\nCòn Sở Y tế thì sao?\n"
    result = run_chat(e5_storage, lines)
    assert result.returncode == 0, result.stderr
    first, second = result.stdout.split("\n\n")[:2]
    assert first.startswith("Sở Tư pháp")
    assert second.startswith("Hiểu là: Sở Y tế phải thực hiện những nhiệm vụ gì trong năm 2025 ở Quảng Ngãi?")
    assert "4. Sở Y tế" in second


def run_chat(storage: Path, stdin: str):
    import os
    import subprocess
    import sys

    return subprocess.run(
        [sys.executable, "-m", "assistant", "chat", "--storage", str(storage)],
        cwd=Path(__file__).resolve().parents[2],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=600,
        env=dict(os.environ),
    )
