"""python -m assistant ask "QUESTION" [--json] | ask --batch FILE.jsonl --json | chat"""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

from assistant.llm import LLMSetupError
from assistant.service import Assistant, QuestionError, answer_object
from index.config import Settings
from index.store import IndexError


def render(obj: dict[str, Any]) -> str:
    """The answer and its numbered sources, for a person at a terminal."""
    lines = []
    if obj.get("rewritten") and obj["rewritten"] != obj.get("question"):
        lines.append(f"Hiểu là: {obj['rewritten']}")
    if obj.get("note"):
        lines.append(f"({obj['note']})")
    lines.append(obj["answer"])
    shown = obj["citations"][:3] if obj["grounded"] else obj["citations"][:2]
    if shown and not obj["grounded"]:
        lines.append("Các đoạn gần nhất:")
    for c in shown:
        where = f" — {c['section']}" if c["section"] else ""
        lines.append(f"[{c['n']}] {c['title']}{where}")
        quote = " ".join(c["text"].split())
        lines.append(textwrap.indent(textwrap.fill(f"“{quote}”", width=100), "    "))
    return "\n".join(lines)


def _batch(assistant: Assistant, path: Path) -> int:
    failed = 0
    with path.open(encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                history = item.get("history") or []
                if not isinstance(history, list):
                    raise QuestionError('"history" phải là danh sách các câu hỏi trước.')
                answer, ms = assistant.ask(str(item.get("question", "")), history=[str(h) for h in history])
                obj = answer_object(answer, ms, item.get("id"))
            except (json.JSONDecodeError, AttributeError):
                print(f"Lỗi: dòng {lineno} của {path} không phải JSON hợp lệ.", file=sys.stderr)
                failed += 1
                continue
            except QuestionError as e:
                obj = {
                    "id": item.get("id"),
                    "question": item.get("question"),
                    "error": str(e),
                    "grounded": False,
                    "answer": str(e),
                    "citations": [],
                }
                failed += 1
            print(json.dumps(obj, ensure_ascii=False), flush=True)
    return 1 if failed else 0


def _chat(assistant: Assistant, as_json: bool) -> int:
    """One question a line from stdin; a follow-up is understood from the turns
    before it. Works piped as well as typed."""
    conversation = assistant.conversation()
    interactive = sys.stdin.isatty()
    if interactive:
        print("Hỏi về các văn bản đã nạp (dòng trống hoặc Ctrl-D để thoát).", file=sys.stderr)
    while True:
        if interactive:
            print("> ", end="", file=sys.stderr, flush=True)
        line = sys.stdin.readline()
        if not line or (interactive and not line.strip()):
            return 0
        if not line.strip():
            continue
        started = time.perf_counter()
        answer, shown = None, ""
        try:
            for event in conversation.stream(line):
                if isinstance(event, str):
                    # Checked LLM sentences as they come, for a person watching.
                    if interactive and not as_json:
                        print(event, end="", flush=True)
                        shown += event
                else:
                    answer = event
        except QuestionError as e:
            print(f"Lỗi: {e}", file=sys.stderr)
            continue
        assert answer is not None
        obj = answer_object(answer, (time.perf_counter() - started) * 1000)
        if as_json:
            print(json.dumps(obj, ensure_ascii=False), flush=True)
            continue
        if shown:
            # The final answer is authoritative: shown again only if it differs.
            print()
            text = render(obj)
            print(
                (text.replace(obj["answer"] + "\n", "", 1) if shown.strip() == obj["answer"] else text) + "\n",
                flush=True,
            )
        else:
            print(render(obj) + "\n", flush=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m assistant", description="Hỏi đáp văn bản chỉ đạo.")
    sub = ap.add_subparsers(dest="command", required=True)
    ask = sub.add_parser("ask", help="trả lời một câu hỏi (hoặc một tệp câu hỏi với --batch)")
    ask.add_argument("question", nargs="?", help="câu hỏi")
    ask.add_argument("--batch", type=Path, help='tệp JSONL, mỗi dòng {"id": ..., "question": ...}')
    ask.add_argument("--json", action="store_true", help="in đối tượng JSON thay vì văn bản")
    ask.add_argument("--storage", type=Path, help="thư mục chỉ mục (mặc định ./storage hoặc $DIRECTIVE_STORAGE)")
    chat = sub.add_parser("chat", help="hỏi đáp liên tiếp: mỗi dòng một câu hỏi, hiểu được câu hỏi nối tiếp")
    chat.add_argument("--json", action="store_true", help="in mỗi câu trả lời thành một dòng JSON")
    chat.add_argument("--storage", type=Path, help="thư mục chỉ mục (mặc định ./storage hoặc $DIRECTIVE_STORAGE)")
    args = ap.parse_args(argv)

    settings = Settings(storage=args.storage) if args.storage else Settings()
    try:
        if args.command == "chat":
            return _chat(Assistant(settings), as_json=args.json)
        if args.batch is None and args.question is None:
            raise QuestionError('Thiếu câu hỏi. Ví dụ: python -m assistant ask "Sở Tư pháp phải làm gì?"')
        if args.batch is not None and not args.batch.is_file():
            raise QuestionError(f"Không tìm thấy tệp câu hỏi '{args.batch}'.")
        assistant = Assistant(settings)
        if args.batch is not None:
            return _batch(assistant, args.batch)
        answer, ms = assistant.ask(args.question)
        obj = answer_object(answer, ms)
        print(json.dumps(obj, ensure_ascii=False, indent=1) if args.json else render(obj))
        return 0
    except (QuestionError, IndexError, LLMSetupError) as e:
        print(f"Lỗi: {e}", file=sys.stderr)
        return 2 if isinstance(e, QuestionError) else 1


if __name__ == "__main__":
    sys.exit(main())
