"""python -m assistant ask "QUESTION" [--json] | ask --batch FILE.jsonl --json | chat | tasks [filters] [--json|--csv]"""

from __future__ import annotations

import argparse
import io
import json
import sys
import textwrap
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.registry import (
    STATUSES,
    NoIndexError,
    TaskQueryError,
    find_tasks,
    load_tasks,
    write_csv,
)
from index.config import Settings, add_index_arguments, settings_from_args
from vn.dates import display_date
from vn.records import Task, page_label, task_object
from vn.sentences import shorten

if TYPE_CHECKING:
    from assistant.service import Assistant


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
        label = page_label(c.get("page"), bool(c.get("ocr")))
        page = f", {label}" if label else ""
        lines.append(f"[{c['n']}] {c['title']}{page}{where}")
        quote = " ".join(c["text"].split())
        lines.append(textwrap.indent(textwrap.fill(f"“{quote}”", width=100), "    "))
    return "\n".join(lines)


def render_tasks(tasks: list[Task]) -> str:
    """The registry for a person: what, who, by when, and where it is written."""
    lines = []
    for n, t in enumerate(tasks, 1):
        lines.append(textwrap.fill(f"{n}. {', '.join(t.lead)} — {' '.join(t.task.split())}", width=100))
        due = display_date(t.due) or ("thường xuyên" if t.recurring else "không ghi")
        extra = f" ({t.deadline.rstrip('.')})" if t.deadline and t.due else ""
        support = f" · Phối hợp: {', '.join(t.support)}" if t.support else ""
        lines.append(textwrap.indent(textwrap.fill(f"Hạn: {due}{extra}{support}", width=96), "   "))
        lines.append(f"   {shorten(t.title, 100)}" + (f" — {t.section}" if t.section else ""))
    lines.append(f"{len(tasks)} nhiệm vụ." if tasks else "Không có nhiệm vụ nào khớp điều kiện lọc.")
    return "\n".join(lines)


def _tasks(args: argparse.Namespace, settings: Settings) -> int:
    today = settings.today_date()
    found = find_tasks(load_tasks(settings), args.agency, args.due_from, args.due_by, args.doc, args.status or (), today)
    if args.csv:
        out = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="")
        write_csv(found, out, today)
        out.flush()
        out.detach()
    elif args.json:
        for t in found:
            print(json.dumps(task_object(t), ensure_ascii=False))
    else:
        print(render_tasks(found))
    return 0


def _batch(assistant: Assistant, path: Path) -> int:
    from assistant.service import QuestionError, answer_object

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
    from assistant.service import QuestionError, answer_object

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
    add_index_arguments(ask)
    chat = sub.add_parser("chat", help="hỏi đáp liên tiếp: mỗi dòng một câu hỏi, hiểu được câu hỏi nối tiếp")
    chat.add_argument("--json", action="store_true", help="in mỗi câu trả lời thành một dòng JSON")
    add_index_arguments(chat)
    tasks = sub.add_parser("tasks", help="liệt kê nhiệm vụ (ai phải làm gì, hạn nào) trong các văn bản đã nạp")
    add_index_arguments(tasks)
    tasks.add_argument("--agency", metavar="CƠ_QUAN", help='cơ quan chủ trì, ví dụ "Sở Tư pháp"')
    tasks.add_argument("--due-from", metavar="NGÀY", help="hạn từ ngày (2025-01-01 hoặc 01/01/2025)")
    tasks.add_argument("--due-by", metavar="NGÀY", help="hạn đến ngày (2025-03-31 hoặc 31/03/2025)")
    tasks.add_argument("--doc", metavar="DOC_ID", help="chỉ các nhiệm vụ của một văn bản")
    tasks.add_argument(
        "--status",
        action="append",
        choices=STATUSES,
        metavar="TÌNH_TRẠNG",
        help=f"tình trạng hạn tính đến hôm nay ($DIRECTIVE_TODAY nếu đặt): {', '.join(STATUSES)}; lặp lại để chọn nhiều",
    )
    form = tasks.add_mutually_exclusive_group()
    form.add_argument("--json", action="store_true", help="mỗi dòng một đối tượng JSON")
    form.add_argument("--csv", action="store_true", help="bảng CSV (UTF-8 có BOM) cho bảng tính")
    args = ap.parse_args(argv)

    settings = settings_from_args(args)
    try:
        settings.today_date()  # DIRECTIVE_TODAY, which tasks and the chat's "quá hạn" reckon from
    except ValueError as e:
        print(f"Lỗi: {e}", file=sys.stderr)
        return 2
    if args.command == "tasks":
        try:
            return _tasks(args, settings)
        except (TaskQueryError, NoIndexError) as e:
            print(f"Lỗi: {e}", file=sys.stderr)
            return 2 if isinstance(e, TaskQueryError) else 1
    return _ask(args, settings)


def _ask(args: argparse.Namespace, settings: Settings) -> int:
    # Imported here: the index and its models take seconds to load, and `tasks` needs neither.
    from assistant.llm import LLMSetupError
    from assistant.service import Assistant, QuestionError, answer_object
    from index.store import IndexError

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
