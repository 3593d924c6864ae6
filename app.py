"""python app.py [--storage DIR | --chroma-host H --chroma-port P] [--host H] [--port P]: the Vietnamese chat page.

A chat over the ingested directives with cited sources, search filters
(province, document, dates), a document library (upload, remove) and the
answer as an API endpoint (`/ask`, the contract's answer object). With an
empty index it first ingests the bundled sample directives in data/.
Settings (storage or Chroma server, host, port, login, concurrency) come from
index/config.py. Several of these processes can share one Chroma server; each
takes in the documents the others add or remove (README, "Deploying for many users").
"""

from __future__ import annotations

import argparse
import logging
import os
import tempfile
import threading
from dataclasses import replace
from html import escape
from pathlib import Path
from typing import Any

from index.config import Settings, add_index_arguments  # sets the no-telemetry environment first; before gradio

# isort: split
import gradio as gr
from starlette.middleware import Middleware

from assistant.filter_input import parse_day as filter_day
from assistant.tempfiles import Sweeper, UploadsNotServed
from assistant.throttle import LoginGuard, Throttle, ThrottleSettings
from ingest.limits import MB

SAMPLES = Path(__file__).parent / "data"
log = logging.getLogger("tro_ly.app")
EXAMPLES = [
    "Cơ quan nào phải hoàn thành số hóa dữ liệu hộ tịch của các huyện còn lại chậm nhất trong quý I/2025?",
    "Ai ký Kế hoạch triển khai Đề án 06 năm 2023 của tỉnh Quảng Ngãi?",
    "Which agency leads the digitisation of civil status records?",
]
CSS = """
.answer { padding: .4em .6em; border-radius: 6px; margin-bottom: .4em; }
.answer.found { border-left: 4px solid #15803d; background: #f0fdf4; }
.answer.not-found { border-left: 4px solid #b45309; background: #fffbeb; font-style: italic; }
.answer.error { border-left: 4px solid #b91c1c; background: #fef2f2; }
.note, .more { font-size: .9em; color: #555; margin: .3em 0; }
details.source { margin: .3em 0; }
details.source summary { cursor: pointer; font-weight: 600; font-size: .92em; }
.src-title { font-size: .9em; }
.src-path { font-size: .85em; color: #555; }
blockquote.src-text { white-space: pre-wrap; margin: .3em 0; padding-left: .6em; border-left: 3px solid #ccc; }
blockquote.src-text mark { background: #fde68a; }
.src-links { font-size: .88em; margin: .2em 0 .4em; }
.copy-text { display: none; }
button.copy-cite { font-size: .88em; margin-top: .4em; padding: .2em .7em; border: 1px solid #bbb; border-radius: 6px; }
"""
# The page's own script (Gradio puts it in <head>): "Sao chép kèm trích dẫn" puts the answer
# and its sources on the clipboard (assistant/render.copy_text wrote them in the hidden .copy-text),
# also where the page is not a secure context and navigator.clipboard is missing; and
# after "Gửi câu hỏi" the question box has the focus again, as after Enter.
HEAD = """<script>
document.addEventListener("click", (event) => {
  const button = event.target.closest && event.target.closest("button.copy-cite");
  if (button) {
    const source = button.previousElementSibling;
    const text = source && source.classList.contains("copy-text") ? source.textContent : "";
    const done = () => { button.textContent = "Đã sao chép"; setTimeout(() => { button.textContent = "Sao chép kèm trích dẫn"; }, 2000); };
    const fallback = () => {
      const area = document.createElement("textarea");
      area.value = text; document.body.appendChild(area); area.select();
      document.execCommand("copy"); area.remove(); done();
    };
    if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(text).then(done, fallback);
    else fallback();
  }
  if (event.target.closest && event.target.closest("#send")) {
    setTimeout(() => { const box = document.querySelector("#question textarea"); if (box) box.focus(); }, 0);
  }
});
</script>"""
SEND, BUSY = "Gửi câu hỏi", "Đang trả lời…"
LIBRARY_COLUMNS = ["Tiêu đề", "Loại", "Số, ký hiệu", "Ngày", "Tỉnh", "Số đoạn", "Mã văn bản", "Văn bản gốc"]
TASK_COLUMNS = ["Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời hạn", "Tình trạng", "Văn bản", "Mục"]
BY_DOCUMENT, BY_DUE = "Theo văn bản", "Theo hạn (sớm trước)"


def _text(content: Any) -> str:
    """A chat message's text, whether Gradio hands it back as a string or as parts."""
    if isinstance(content, str):
        return content
    parts = content if isinstance(content, list) else [content]
    return " ".join(p.get("text", "") if isinstance(p, dict) else str(p) for p in parts)


def parse_day(value: Any) -> str:
    """A filter date as ISO; what the date picker gives ("2025-01-05 00:00:00") or dd/mm/yyyy."""
    return filter_day(value)


def temp_folders(settings: Settings) -> tuple[Path, Path]:
    """The app's uploads and downloads folders (assistant/tempfiles.py), made if missing."""
    uploads, downloads = settings.temp_dir / "uploads", settings.temp_dir / "downloads"
    for folder in (uploads, downloads):
        folder.mkdir(parents=True, exist_ok=True)
    return uploads.resolve(), downloads.resolve()


def library_line(name: str, doc_type: str, doc_id: str, done: Any, ocr_pages: int = 0) -> str:
    """The library's result line for one stored (or not stored) file; `done` is an
    index.library.Added, `ocr_pages` how many of its pages were read by OCR."""
    where = done.placement
    if where.kind == "unchanged":
        return f"✔ {name}: không đổi, đã có trong thư viện ({doc_id})."
    if done.chunks is None:  # a duplicate or an older version: nothing stored
        return f"{'✘' if where.kind == 'older' else '✔'} {name}: {where.note()}."
    note = f"; {where.note()}" if where.note() else ""
    scanned = f", nhận dạng chữ {ocr_pages} trang" if ocr_pages else ""
    return f"✔ {name}: đã nạp {done.chunks} đoạn ({doc_type}, mã {doc_id}{scanned}){note}."


def ensure_samples(settings: Settings) -> None:
    """A newcomer's first start: ingest the sample directives, with progress in the terminal.

    Only into an index never built: one whose documents were all removed stays empty.
    """
    from index.store import DirectiveIndex, MissingIndex

    try:
        DirectiveIndex(settings, check_model=False)
        return
    except MissingIndex:
        pass
    from ingest.__main__ import main as ingest

    print("Chỉ mục trống: đang nạp các văn bản mẫu trong data/ ...", flush=True)
    where = ["--storage", str(settings.storage)]
    if settings.chroma_host:
        where = ["--chroma-host", settings.chroma_host, "--chroma-port", str(settings.chroma_port)]
    ingest([str(SAMPLES), *where])


def build(settings: Settings) -> tuple[Any, Any]:
    """The page, and the Assistant every handler goes through (reloaded after each library change)."""
    from assistant.badinput import displayable
    from assistant.filter_input import chosen_filters
    from assistant.registry import (
        STATUSES,
        TaskQueryError,
        by_due_date,
        find_tasks,
        known_agencies,
        status,
        tasks_in,
        write_csv,
    )
    from assistant.render import answer_html, error_html, original_link, page_link, task_html
    from assistant.retrieve import Filters
    from assistant.service import Assistant, QuestionError, answer_object
    from assistant.tempfiles import discard_upload, reading
    from index.library import add as add_document  # `add` is the library's button below
    from index.store import DirectiveIndex
    from ingest.__main__ import limits_from, ocr_options, original_bytes, parse, weak_pages
    from ingest.errors import UnreadableFile
    from ingest.read import SUPPORTED
    from ingest.worker import ParseWorker

    uploads, downloads = temp_folders(settings)
    # Before any component exists: each takes Gradio's folder for its files when it is made.
    os.environ["GRADIO_TEMP_DIR"] = str(uploads)

    assistant = Assistant(settings)
    assistant.ask(EXAMPLES[0])  # load the word segmenter and the model now, not on the first user's question
    writing = threading.Lock()  # one library change at a time; questions go on meanwhile

    def documents() -> dict[str, Any]:
        return assistant.index.documents

    def library_rows() -> list[list[Any]]:
        counts = assistant.index.manifest["documents"]
        return [
            [
                m.title,
                m.doc_type,
                m.number,
                m.date_display,
                m.province,
                counts[d].get("chunks", 0),
                d,
                f"[Xem]({page_link(d)}) · [Tải]({original_link(d)})",
            ]
            for d, m in documents().items()
        ]

    def document_choices() -> list[tuple[str, str]]:
        return [(f"{m.citation_title} [{d}]", d) for d, m in documents().items()]

    def province_choices() -> list[str]:
        return sorted({m.province for m in documents().values() if m.province})

    def filters(provinces: Any, doc_ids: Any, date_from: Any, date_to: Any) -> Filters:
        return chosen_filters(provinces, doc_ids, date_from, date_to, documents())

    def respond(message: str, history: list[dict[str, Any]], provinces, doc_ids, date_from, date_to):  # type: ignore[no-untyped-def]
        """The chat turn: the question, then the answer; an LLM's checked text
        streams in first when one is configured, and the final answer replaces it."""
        earlier = [_text(m["content"]) for m in history or [] if m.get("role") == "user"]
        shown = displayable(message) if isinstance(message, str) else ""  # what the page can be sent back
        chat = [*(history or []), {"role": "user", "content": shown}, {"role": "assistant", "content": ""}]
        # The box is cleared once, not at each streamed piece: what is typed meanwhile stays,
        # and the button says why sending it now does nothing (one turn at a time).
        yield chat, "", gr.update(value=BUSY, interactive=False)
        try:
            chosen = filters(provinces, doc_ids, date_from, date_to)
            written = ""
            for event in assistant.stream(message, earlier, chosen):
                if isinstance(event, str):
                    written += event
                    chat[-1] = {"role": "assistant", "content": f'<div class="answer">{escape(written)}</div>'}
                else:
                    chat[-1] = {"role": "assistant", "content": answer_html(event)}
                yield chat, gr.skip(), gr.skip()
        except (QuestionError, ValueError) as e:
            chat[-1] = {"role": "assistant", "content": error_html(str(e))}
        except Exception:
            log.exception("chat turn failed")
            chat[-1] = {"role": "assistant", "content": error_html("Lỗi trong khi trả lời; lỗi đã được ghi lại.")}
        yield chat, gr.skip(), gr.update(value=SEND, interactive=True)

    def ask(
        question: str,
        provinces: list[str] | None = None,
        doc_ids: list[str] | None = None,
        date_from: str = "",
        date_to: str = "",
    ) -> dict[str, Any]:
        """Answer one question over the ingested directives; returns the contract's answer object."""
        try:
            answer, ms = assistant.ask(question, filters=filters(provinces, doc_ids, date_from, date_to))
        except (QuestionError, ValueError) as e:
            raise gr.Error(str(e)) from None
        except Exception:
            # Gradio would answer an empty error; say something, and keep the cause for whoever runs the app.
            log.exception("/ask failed")
            raise gr.Error("Lỗi trong khi trả lời câu hỏi này; lỗi đã được ghi lại. Hãy thử lại sau.") from None
        return answer_object(answer, ms)

    def tasks() -> list[Any]:
        return tasks_in(assistant.index.manifest)

    def short_title(doc_id: str) -> str:
        m = documents().get(doc_id)
        return " ".join(x for x in (m.doc_type, m.number, m.date_display, m.province) if x) if m else doc_id

    def show_tasks(agency: str | None, due_from: str, due_by: str, doc_id: str | None, statuses: Any, order: str):  # type: ignore[no-untyped-def]
        """The registry filtered as asked: a message, the table, the rows' task ids, a CSV of them."""
        registry = tasks()
        today = settings.today_date()
        try:
            found = find_tasks(registry, agency, due_from, due_by, doc_id, statuses or (), today)
        except TaskQueryError as e:
            return f"**Lỗi:** {displayable(str(e))}", [], [], None
        if order == BY_DUE:
            found = by_due_date(found)
        rows = [
            [
                " ".join(t.task.split()),
                "; ".join(t.lead),
                "; ".join(t.support),
                t.deadline,
                status(t, today),
                short_title(t.doc_id),
                t.section,
            ]
            for t in found
        ]
        csv_path = Path(tempfile.mkdtemp(prefix="nhiem-vu-", dir=downloads)) / "nhiem-vu.csv"
        with csv_path.open("w", encoding="utf-8", newline="") as out:
            write_csv(found, out, today)
        return (
            f"{len(found)} nhiệm vụ (tình trạng tính đến {today.strftime('%d/%m/%Y')}). "
            "Chọn một dòng để xem đoạn văn bản giao nhiệm vụ.",
            rows,
            [t.id for t in found],
            str(csv_path),
        )

    def task_passage(ids: list[str], event: gr.SelectData) -> str:
        wanted = ids[event.index[0]] if ids and event.index and event.index[0] < len(ids) else None
        task = next((t for t in tasks() if t.id == wanted), None)
        return task_html(task, documents().get(task.doc_id)) if task else ""

    def refreshed() -> tuple[Any, ...]:
        """The library table and every document/province choice, after a change."""
        docs = document_choices()
        return (
            gr.update(value=library_rows()),
            gr.update(choices=docs, value=[]),
            gr.update(choices=province_choices()),
            gr.update(choices=docs, value=None),
            gr.update(choices=known_agencies(tasks())),
            gr.update(choices=docs),
        )

    def upload(files: list[str] | None, progress: gr.Progress = gr.Progress()):  # type: ignore[no-untyped-def]  # noqa: B008 - Gradio's way
        if not files:
            return ("Chưa chọn tệp nào.", *refreshed())
        lines, stored = [], False
        # Each file is parsed in a worker process under the limits, outside the write
        # lock: a slow or hostile file holds up nobody else's upload or removal.
        with ParseWorker(limits_from(settings)) as worker, reading([Path(f) for f in files]):
            for n, name in enumerate(files):
                path = Path(name)
                progress((n, len(files)), desc=f"Đang nạp {path.name}")

                def pages(done: int, total: int, name: str = path.name) -> None:
                    # A scan takes seconds a page: the bar follows its pages.
                    progress((done, total), desc=f"Đang nhận dạng chữ {name}: trang {done}/{total}")

                try:
                    doc = parse(path, worker, ocr_options(settings, pages))
                    original = original_bytes(path, doc)  # kept with the document for "Tải văn bản gốc"
                    with writing:  # afresh: others write too
                        done = add_document(DirectiveIndex(settings, create=True), doc, original=original)
                    stored = stored or done.chunks is not None
                    lines.append(
                        library_line(path.name, doc.meta.doc_type, doc.meta.doc_id, done, len(doc.ocr_confidence))
                    )
                    if weak := weak_pages(doc, settings.ocr_min_confidence):
                        lines.append(f"⚠ {path.name}: chữ nhận dạng kém ở {weak}; nên đối chiếu với bản quét.")
                except (UnreadableFile, OSError) as e:
                    lines.append(f"✘ {path.name}: lỗi — {e}")
                except Exception:  # a bug met on one file: that file fails, the others go on
                    log.exception("storing %s failed", path.name)
                    lines.append(f"✘ {path.name}: lỗi khi nạp tệp này; lỗi đã được ghi lại.")
                finally:
                    discard_upload(path, uploads)  # read once; never kept, never served back
        if stored:
            with writing:  # under the lock, so the last reload reads every write committed before it
                assistant.reload()
        progress((len(files), len(files)), desc="Xong")
        return ("\n".join(f"- {line}" for line in lines), *refreshed())

    def remove(doc_id: str | None):  # type: ignore[no-untyped-def]
        if not doc_id:
            return ("Hãy chọn văn bản cần xóa.", *refreshed())
        with writing:
            removed = DirectiveIndex(settings).remove(doc_id)
            assistant.reload()
        message = f"Đã xóa văn bản {doc_id}." if removed else f"Không có văn bản '{doc_id}' trong thư viện."
        return (message, *refreshed())

    # No `delete_cache`: Gradio would delete an upload at its age even while it waits
    # for a parse worker or is being read; assistant.tempfiles.Sweeper clears Gradio's
    # folder too, and spares the files being read.
    with gr.Blocks(title="Trợ lý văn bản chỉ đạo") as demo:
        gr.Markdown(
            "## Trợ lý văn bản chỉ đạo\n"
            "Hỏi về các kế hoạch, thông báo kết luận, báo cáo đã nạp. Mỗi câu trả lời kèm trích dẫn nguyên văn; "
            "khi văn bản không có thông tin, trợ lý nói rõ là không tìm thấy."
        )
        with gr.Tab("Hỏi đáp"):
            with gr.Row():
                with gr.Column(scale=3):
                    chat = gr.Chatbot(
                        label="Trò chuyện",
                        show_label=False,
                        height=560,
                        placeholder="Đặt câu hỏi ở ô bên dưới, hoặc chọn một câu hỏi mẫu.",
                        feedback_options=None,
                        buttons=["copy"],
                    )
                    # One line that grows: Gradio sends on Enter only then (Shift+Enter: a new line).
                    question = gr.Textbox(
                        label="Câu hỏi",
                        placeholder="Nhập câu hỏi rồi nhấn Enter (Shift+Enter để xuống dòng)",
                        lines=1,
                        max_lines=6,
                        elem_id="question",
                    )
                    saved_chat = gr.BrowserState([], storage_key="tro-ly-van-ban-chi-dao-chat")
                    with gr.Row():
                        send = gr.Button(SEND, variant="primary", elem_id="send")
                        stop = gr.Button("Dừng", elem_id="stop", variant="stop")
                        new = gr.Button("Cuộc trò chuyện mới", elem_id="new-chat")
                    gr.Examples(EXAMPLES, inputs=question, label="Câu hỏi mẫu")
                with gr.Column(scale=1):
                    gr.Markdown("### Phạm vi tìm kiếm\nĐể trống để tìm trong mọi văn bản.")
                    province_filter = gr.Dropdown(
                        province_choices(), value=[], multiselect=True, label="Tỉnh, thành phố"
                    )
                    doc_filter = gr.Dropdown(document_choices(), value=[], multiselect=True, label="Văn bản")
                    date_from = gr.DateTime(label="Ban hành từ ngày", include_time=False, type="string")
                    date_to = gr.DateTime(label="Đến ngày", include_time=False, type="string")
                    clear_filters = gr.Button("Bỏ lọc")
        with gr.Tab("Thư viện văn bản"):
            table = gr.Dataframe(
                library_rows(),
                headers=LIBRARY_COLUMNS,
                label="Các văn bản đã nạp",
                interactive=False,
                wrap=True,
                column_widths=["34%", "8%", "11%", "9%", "9%", "6%", "13%", "10%"],
                datatype=["str", "str", "str", "str", "str", "str", "str", "markdown"],
                elem_id="library",
            )
            with gr.Row():
                with gr.Column():
                    files = gr.File(
                        label=f"Tải văn bản lên ({', '.join(sorted(SUPPORTED))})",
                        file_count="multiple",
                        type="filepath",
                        elem_id="upload",
                    )
                    add = gr.Button("Nạp vào thư viện", variant="primary", elem_id="add-docs")
                with gr.Column():
                    to_remove = gr.Dropdown(
                        document_choices(), value=None, label="Văn bản cần xóa", elem_id="remove-doc"
                    )
                    drop = gr.Button("Xóa văn bản", variant="stop", elem_id="remove")
            result = gr.Markdown(elem_id="library-result")
        with gr.Tab("Nhiệm vụ"):
            gr.Markdown("Các nhiệm vụ được giao trong các văn bản đã nạp: ai chủ trì, ai phối hợp, hạn khi nào.")
            with gr.Row():
                task_agency = gr.Dropdown(
                    known_agencies(tasks()),
                    value=None,
                    label="Cơ quan chủ trì",
                    allow_custom_value=True,
                    elem_id="task-agency",
                )
                task_from = gr.Textbox(label="Hạn từ ngày", placeholder="dd/mm/yyyy", elem_id="task-from")
                task_to = gr.Textbox(label="Đến ngày", placeholder="dd/mm/yyyy", elem_id="task-to")
                task_doc = gr.Dropdown(document_choices(), value=None, label="Văn bản", elem_id="task-doc")
            with gr.Row():
                task_status = gr.Dropdown(
                    list(STATUSES), value=[], multiselect=True, label="Tình trạng hạn", elem_id="task-status"
                )
                task_order = gr.Radio([BY_DOCUMENT, BY_DUE], value=BY_DOCUMENT, label="Sắp xếp", elem_id="task-order")
            with gr.Row():
                task_filter = gr.Button("Lọc nhiệm vụ", variant="primary", elem_id="task-filter")
                task_csv = gr.DownloadButton("Tải bảng CSV", elem_id="task-csv")
                task_csv.GRADIO_CACHE = str(downloads)  # the CSV is written there; Gradio then serves it as is
            task_message = gr.Markdown(elem_id="task-message")
            task_ids = gr.State([])
            task_table = gr.Dataframe(
                headers=TASK_COLUMNS,
                interactive=False,
                wrap=True,
                column_widths=["34%", "13%", "13%", "10%", "8%", "11%", "11%"],
                elem_id="tasks",
            )
            task_source = gr.HTML(elem_id="task-passage")

        filter_inputs = [province_filter, doc_filter, date_from, date_to]
        asking = [
            event(respond, [question, chat, *filter_inputs], [chat, question, send], api_visibility="private")
            for event in (send.click, question.submit)
        ]
        ready = gr.update(value=SEND, interactive=True)  # the send button, after a stopped answer
        stop.click(lambda: ready, None, send, cancels=asking, api_visibility="private")  # type: ignore[arg-type]
        # The browser keeps the conversation (localStorage): a reload brings it back;
        # "Cuộc trò chuyện mới" empties both at once.
        new.click(lambda: ([], "", []), None, [chat, question, saved_chat], api_visibility="private")
        chat.change(lambda turns: turns, chat, saved_chat, api_visibility="private")
        demo.load(lambda turns: turns or [], saved_chat, chat, api_visibility="private")
        clear_filters.click(lambda: ([], [], None, None), None, filter_inputs, api_visibility="private")
        task_inputs = [task_agency, task_from, task_to, task_doc, task_status, task_order]
        task_outputs = [task_message, task_table, task_ids, task_csv]
        for trigger in (task_filter.click, demo.load):
            trigger(show_tasks, task_inputs, task_outputs, api_visibility="private")
        task_table.select(task_passage, task_ids, task_source, api_visibility="private")
        library_outputs = [result, table, doc_filter, province_filter, to_remove, task_agency, task_doc]
        # The page as built holds the documents of the app's start: a visitor coming after
        # another's upload gets today's list (and can remove what was added since).
        demo.load(lambda: ("", *refreshed()), None, library_outputs, api_visibility="private")
        add.click(upload, files, library_outputs, api_visibility="private").then(
            lambda: None, None, files, api_visibility="private"
        ).then(show_tasks, task_inputs, task_outputs, api_visibility="private")
        drop.click(remove, to_remove, library_outputs, api_visibility="private").then(
            show_tasks, task_inputs, task_outputs, api_visibility="private"
        )
        gr.api(ask, api_name="ask")
    return demo, assistant


def main() -> None:
    ap = argparse.ArgumentParser(description="Trợ lý văn bản chỉ đạo (giao diện web)")
    add_index_arguments(ap)
    ap.add_argument("--host", help="địa chỉ lắng nghe (mặc định 127.0.0.1 hoặc $DIRECTIVE_HOST)")
    ap.add_argument("--port", type=int, help="cổng (mặc định 7860 hoặc $DIRECTIVE_PORT)")
    args = ap.parse_args()
    # Logins, refusals and clean-ups are logged for whoever runs the app (stderr).
    events = logging.getLogger("tro_ly")
    events.setLevel(logging.INFO)
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
    events.addHandler(handler)
    events.propagate = False  # a library's root handler would print each line twice
    overrides = {k: v for k, v in vars(args).items() if v is not None}
    settings = replace(Settings(), **overrides)
    try:
        login = settings.credentials()
        settings.today_date()  # a DIRECTIVE_TODAY that is no date is said now, not at the first question
    except (OSError, ValueError) as e:
        raise SystemExit(f"Lỗi: {e}") from None
    from assistant.document_pages import DocumentPages
    from assistant.mcp_server import McpEndpoint
    from assistant.mcp_server import tools as mcp_tools
    from index.store import IndexError

    try:
        ensure_samples(settings)
        demo, assistant = build(settings)
    except IndexError as e:
        raise SystemExit(f"Lỗi: {e}") from None
    demo.queue(default_concurrency_limit=settings.concurrency, max_size=settings.queue_size)
    uploads, downloads = temp_folders(settings)
    Sweeper([uploads, downloads], settings.temp_max_age, settings.temp_sweep_seconds).start()
    throttle = Throttle(
        ThrottleSettings(
            max_failures=settings.login_max_failures,
            address_max_failures=settings.login_address_max_failures,
            lockout=settings.login_lockout_seconds,
            max_lockout=settings.login_max_lockout_seconds,
            window=settings.login_window_seconds,
        )
    )
    demo.launch(
        server_name=settings.host,
        server_port=settings.port,
        auth=login or None,
        auth_message="Đăng nhập để dùng Trợ lý văn bản chỉ đạo.",
        # Refused while it streams in, before it lands on disk; the page checks it before sending.
        max_file_size=int(settings.max_file_mb * MB),
        allowed_paths=[str(downloads)],
        app_kwargs={
            "middleware": [
                Middleware(LoginGuard, throttle=throttle),
                Middleware(UploadsNotServed, uploads=uploads),
                Middleware(DocumentPages, assistant=assistant),
                Middleware(
                    McpEndpoint,
                    server=mcp_tools(assistant, settings.today_date),
                    host=settings.host,
                    users=login,
                    throttle=throttle,
                ),
            ]
        },
        # Gradio's MCP server calls the app back through its API, which the login closes to
        # it; the assistant's own (assistant/mcp_server.py, at /mcp) asks for the login itself.
        mcp_server=False,
        head=HEAD,
        ssr_mode=False,
        footer_links=["api"],
        css=CSS,
        theme="soft",
    )


if __name__ == "__main__":
    main()
