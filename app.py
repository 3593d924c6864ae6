"""python app.py [--storage DIR] [--host H] [--port P]: the Vietnamese chat page.

Minimal for now: a chat box over the same assistant as the CLI. With an empty
index it first ingests the bundled sample directives in data/.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from index.config import Settings  # sets the no-telemetry environment first


def main() -> None:
    ap = argparse.ArgumentParser(description="Trợ lý văn bản chỉ đạo (giao diện web)")
    ap.add_argument("--storage", type=Path)
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=7860)
    args = ap.parse_args()
    settings = Settings(storage=args.storage) if args.storage else Settings()

    if not (settings.storage / "manifest.json").exists():
        from ingest.__main__ import main as ingest

        print("Chỉ mục trống: đang nạp các văn bản mẫu trong data/ ...")
        ingest([str(Path(__file__).parent / "data"), "--storage", str(settings.storage)])

    import gradio as gr

    from assistant.__main__ import render
    from assistant.service import Assistant, QuestionError, answer_object

    assistant = Assistant(settings)

    def respond(message: str, history: list) -> str:
        try:
            answer, ms = assistant.ask(message)
        except QuestionError as e:
            return str(e)
        return render(answer_object(answer, ms))

    gr.ChatInterface(
        respond,
        title="Trợ lý văn bản chỉ đạo",
        description="Hỏi về các văn bản chỉ đạo đã nạp; mỗi câu trả lời kèm trích dẫn nguyên văn.",
        examples=[
            "Cơ quan nào phải hoàn thành số hóa dữ liệu hộ tịch của các huyện còn lại chậm nhất trong quý I/2025?",
            "Ai ký Kế hoạch triển khai Đề án 06 năm 2023 của tỉnh Quảng Ngãi?",
        ],
        textbox=gr.Textbox(placeholder="Nhập câu hỏi…"),
    ).launch(server_name=args.host, server_port=args.port)


if __name__ == "__main__":
    main()
