"""The web app as its users meet it: a real browser, the API client, twenty
people at once, and a login. The app runs as a real process on loopback over a
copy of the e5 index of the sample directives."""

from __future__ import annotations

import base64
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from app import parse_day
from tests.conftest import ROOT

FLAGSHIP = "Cơ quan nào phải hoàn thành số hóa dữ liệu hộ tịch của các huyện còn lại chậm nhất trong quý I/2025?"
FLAGSHIP_PASSAGE = "Đẩy nhanh tiến độ số hóa dữ liệu hộ tịch của các huyện còn lại"
TODAY = "2025-04-01"  # the app's "today" for deadlines: fixed, so that what is overdue does not move
# Where the screenshots of the README come from: DIRECTIVE_SCREENSHOTS=docs on a run that should renew them.
SCREENSHOTS = os.environ.get("DIRECTIVE_SCREENSHOTS", "")
# Debian's chromium, as root, without reaching for Google's services (the network is closed).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Twenty people asking different things at once; what each must be told.
TWENTY = [
    (FLAGSHIP, "Sở Tư pháp"),
    (
        "Năm 2025 Quảng Ngãi đặt chỉ tiêu bao nhiêu phần trăm dùng thẻ Căn cước hoặc VNeID thay thẻ bảo hiểm y tế?",
        "90%",
    ),
    ("Hội nghị đánh giá Đề án 06 năm 2024 của Quảng Ngãi họp ngày nào?", "25/12/2024"),
    ("Phương châm phong trào giai đoạn 2 của Tỉnh đoàn Quảng Ngãi là gì?", "ví điện tử VNeID"),
    ("Mỗi sở, ban, ngành ở Quảng Ngãi phải có ít nhất bao nhiêu mô hình điểm năm 2025?", "01 mô hình"),
    ("Đồng Nai cấp đổi giấy phép lái xe trực tuyến đạt tỷ lệ bao nhiêu?", "0,68%"),
    ("Ai chủ trì hội nghị sơ kết 2 năm Đề án 06 ở Đồng Nai?", "Võ Tấn Đức"),
    ("Theo Kế hoạch phối hợp 106/KHPH-TCTTW-BCĐ06ĐN, Đồng Nai có mấy mô hình điểm?", "43"),
    ("Nghệ An tăng bao nhiêu bậc về Bộ chỉ số phục vụ người dân và doanh nghiệp năm 2024?", "18 bậc"),
    ("Hạn hoàn thành số hóa của Sở Nông nghiệp và Môi trường Nghệ An là ngày nào?", "30/5/2025"),
    ("Ai là Chủ tịch UBND tỉnh Nghệ An kết luận hội nghị Đề án 06?", "Lê Hồng Vinh"),
    ("Nghệ An đã triển khai bao nhiêu tiện ích tích hợp trên VNeID?", "35"),
    ("Quảng Ngãi hoàn thành bao nhiêu nhiệm vụ Đề án 06 trong năm 2024?", "24/29"),
    ("Quảng Ngãi xếp thứ mấy về chất lượng thủ tục hành chính, dịch vụ công?", "25/63"),
    ("Cơ quan nào chủ trì số hóa 100% dữ liệu hộ tịch toàn tỉnh Quảng Ngãi năm 2023?", "Sở Tư pháp"),
    ("Sở Giao thông vận tải Quảng Ngãi phải đạt tỷ lệ cấp đổi giấy phép lái xe trực tuyến tối thiểu bao nhiêu?", "30%"),
    ("Ai ký Kế hoạch Đề án 06 năm 2023 của Quảng Ngãi?", "Đặng Văn Minh"),
    ("Công văn 209/TCTĐA06 của Tổ Công tác Đề án 06 Chính phủ ban hành ngày nào?", "01/02/2023"),
    ("Giá vàng hôm nay ở Quảng Ngãi là bao nhiêu?", None),
    ("Đội tuyển bóng đá nào vô địch năm 2024?", None),
]
# A directive no sample contains: only an upload can answer its question.
UPLOAD_NAME = "ha-giang_2025_ke-hoach-so-hoa-luu-tru.txt"
UPLOAD_TEXT = """UỶ BAN NHÂN DÂN TỈNH HÀ GIANG
Số: 77/KH-UBND
Hà Giang, ngày 10 tháng 3 năm 2025

KẾ HOẠCH
Số hóa tài liệu lưu trữ lịch sử của tỉnh năm 2025

I. NHIỆM VỤ
1. Sở Nội vụ
- Hoàn thành số hóa 12.000 hồ sơ lưu trữ lịch sử tại Trung tâm Lưu trữ lịch sử tỉnh, chậm nhất ngày 30/9/2025.
"""
UPLOAD_QUESTION = "Bao nhiêu hồ sơ lưu trữ lịch sử phải được số hóa tại Trung tâm Lưu trữ lịch sử tỉnh Hà Giang?"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start_app(storage: Path, log: Path, env: dict[str, str] | None = None) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "app.py", "--storage", str(storage), "--port", str(port)],
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**os.environ, **(env or {})},
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"app exited with {proc.returncode}:\n{log.read_text(errors='replace')}")
        try:
            urllib.request.urlopen(url, timeout=5)
            return proc, url
        except urllib.error.HTTPError:  # up, and asking for a login
            return proc, url
        except OSError:
            time.sleep(1)
    proc.kill()
    raise AssertionError(f"app did not start:\n{log.read_text(errors='replace')}")


@pytest.fixture(scope="module")
def app_url(e5_storage: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    work = tmp_path_factory.mktemp("app")
    shutil.copytree(e5_storage, work / "storage")  # uploads must not change the shared index
    proc, url = _start_app(work / "storage", work / "app.log", {"DIRECTIVE_TODAY": TODAY})
    yield url
    proc.terminate()
    proc.wait(30)


def _mcp(url: str, calls: list[tuple[str, dict]], auth: tuple[str, str] | None = None) -> tuple[list[str], list]:
    """The tools the app's MCP server lists, and what each call returns, through the MCP client over HTTP."""
    import anyio
    import httpx2
    from mcp import Client
    from mcp.client.streamable_http import streamable_http_client

    async def session() -> tuple[list[str], list]:
        async with httpx2.AsyncClient(auth=auth, timeout=120) as http:
            async with Client(streamable_http_client(f"{url}/mcp", http_client=http)) as client:
                names = [t.name for t in (await client.list_tools()).tools]
                return names, [await client.call_tool(name, args) for name, args in calls]

    return anyio.run(session)


def _ask(url: str, question: str, *filters: object) -> dict:
    from gradio_client import Client

    return Client(url, verbose=False).predict(question, *filters, api_name="/ask")


def test_filter_dates_accept_the_picker_and_the_vietnamese_form():
    assert parse_day("2024-12-25") == parse_day("25/12/2024") == "2024-12-25"
    assert parse_day("2025-01-05 00:00:00") == "2025-01-05"
    assert parse_day(None) == parse_day("") == ""
    with pytest.raises(ValueError, match="dd/mm/yyyy"):
        parse_day("31/02/2025")


def test_ask_endpoint_returns_the_contract_answer_object(app_url: str):
    obj = _ask(app_url, FLAGSHIP)
    assert obj["grounded"] is True and obj["answer"].startswith("Sở Tư pháp") and "[1]" in obj["answer"]
    first = obj["citations"][0]
    assert FLAGSHIP_PASSAGE in first["text"] and first["section"].endswith("2. Sở Tư pháp")
    assert {"question", "answer", "grounded", "citations", "latency_ms"} <= obj.keys()
    # Filters narrow the search: the answer is not in Đồng Nai's documents.
    assert _ask(app_url, FLAGSHIP, ["Đồng Nai"])["grounded"] is False
    assert _ask(app_url, FLAGSHIP, ["Quảng Ngãi"], [], "2024-12-01", "2024-12-31")["grounded"] is True
    assert _ask(app_url, FLAGSHIP, [], [], "2023-01-01", "2023-12-31")["citations"][0]["title"].endswith("2023)")


def test_bad_questions_get_a_vietnamese_error_and_the_app_keeps_serving(app_url: str):
    from gradio_client.exceptions import AppError

    with pytest.raises(AppError, match="Câu hỏi trống"):
        _ask(app_url, "   ")
    with pytest.raises(AppError, match="quá dài"):
        _ask(app_url, "số hóa " * 1000)
    with pytest.raises(AppError, match="dd/mm/yyyy"):
        _ask(app_url, FLAGSHIP, [], [], "hôm qua")
    assert _ask(app_url, FLAGSHIP)["grounded"] is True


def test_other_tools_use_the_assistant_through_mcp(app_url: str):
    names, (asked, found, tasks, docs) = _mcp(
        app_url,
        [
            ("ask", {"question": FLAGSHIP}),
            ("search", {"query": "số hóa dữ liệu hộ tịch", "k": 3}),
            ("tasks", {"agency": "Sở Tư pháp"}),
            ("documents", {}),
        ],
    )
    assert set(names) == {"ask", "search", "tasks", "documents"}
    answer = asked.structured_content
    assert answer["grounded"] and answer["answer"].startswith("Sở Tư pháp")
    assert FLAGSHIP_PASSAGE in answer["citations"][0]["text"]
    passages = found.structured_content["result"]
    assert len(passages) == 3 and any("hộ tịch" in p["text"] for p in passages)
    listed = tasks.structured_content["result"]
    assert listed and all("Sở Tư pháp" in t["lead"] for t in listed) and all(t["status"] for t in listed)
    assert {d["doc_id"] for d in docs.structured_content["result"]} >= {t["doc_id"] for t in listed}
    _, (wrong,) = _mcp(app_url, [("tasks", {"status_in": ["xong rồi"]})])
    assert wrong.is_error and "Tình trạng không có" in wrong.content[0].text


def test_twenty_people_at_once_all_get_their_own_correct_answer(app_url: str):
    with ThreadPoolExecutor(len(TWENTY)) as pool:
        answers = list(pool.map(lambda qa: _ask(app_url, qa[0]), TWENTY))
    for (question, expected), obj in zip(TWENTY, answers):
        assert obj["question"] == question
        if expected is None:
            assert obj["grounded"] is False, (question, obj["answer"])
        else:
            assert obj["grounded"] and expected in obj["answer"], (question, obj["answer"])


def test_login_keeps_everything_behind_it(e5_storage: Path, tmp_path: Path):
    from gradio_client import Client

    shutil.copytree(e5_storage, tmp_path / "storage")
    proc, url = _start_app(tmp_path / "storage", tmp_path / "app.log", {"DIRECTIVE_AUTH": "canbo:mat-khau-1"})
    try:
        for path in ("/config", "/gradio_api/info"):
            with pytest.raises(urllib.error.HTTPError) as refused:
                urllib.request.urlopen(url + path, timeout=10)
            assert refused.value.code in (401, 403), path
        post = urllib.request.Request(
            url + "/gradio_api/call/ask", data=b'{"data": ["x"]}', headers={"Content-Type": "application/json"}
        )
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(post, timeout=10)
        assert refused.value.code in (401, 403)
        with pytest.raises(Exception):  # noqa: B017 - the client fails however it chooses to
            Client(url, verbose=False).predict(FLAGSHIP, api_name="/ask")
        obj = Client(url, auth=("canbo", "mat-khau-1"), verbose=False).predict(FLAGSHIP, api_name="/ask")
        assert obj["answer"].startswith("Sở Tư pháp")
        # MCP: nothing without the login, not even the list of tools; with it, the answer.
        for auth in (None, ("canbo", "sai-mat-khau")):
            call = urllib.request.Request(
                url + "/mcp",
                data=b'{"jsonrpc": "2.0", "id": 1, "method": "tools/list"}',
                headers={"Content-Type": "application/json", "Accept": "application/json, text/event-stream"},
            )
            if auth:
                call.add_header("Authorization", "Basic " + base64.b64encode(":".join(auth).encode()).decode())
            with pytest.raises(urllib.error.HTTPError) as refused:
                urllib.request.urlopen(call, timeout=10)
            assert refused.value.code == 401 and b"tools" not in refused.value.read()
        names, (asked,) = _mcp(url, [("ask", {"question": FLAGSHIP})], auth=("canbo", "mat-khau-1"))
        assert "ask" in names and asked.structured_content["answer"].startswith("Sở Tư pháp")
        # The documents' pages are behind the login too.
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(url + "/van-ban/quang-ngai-2023-ke-hoach-de-an-06-nam-2023/goc", timeout=10)
        assert refused.value.code == 401
    finally:
        proc.terminate()
        proc.wait(30)


def test_in_the_browser_ask_upload_and_remove(app_url: str, tmp_path: Path):
    from playwright.sync_api import expect, sync_playwright

    upload = tmp_path / UPLOAD_NAME
    upload.write_text(UPLOAD_TEXT, encoding="utf-8")
    broken = tmp_path / "bang-tinh.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a spreadsheet")
    from tests.ingest.scan import plan_pages

    scanned = tmp_path / "trang-quet.png"  # a scanned page: read by OCR while the bar follows its pages
    plan_pages(150)[1].image.save(scanned, dpi=(150, 150))
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="vi-VN")
        page.goto(app_url)
        question = page.locator("#question textarea")

        def ask(text: str) -> None:
            question.fill(text)
            page.locator("#send").click()

        ask(FLAGSHIP)
        answer = page.locator(".answer.found").last
        expect(answer).to_contain_text("Sở Tư pháp", timeout=60_000)
        expect(page.locator("details.source[open] mark").first).to_contain_text(FLAGSHIP_PASSAGE)
        page.screenshot(path=str(tmp_path / "chat.png"), full_page=True)

        ask("Còn Sở Y tế thì sao?")  # a follow-up: takes the document and period from the turn before
        expect(page.locator(".note").last).to_contain_text("Hiểu là: Sở Y tế", timeout=60_000)
        expect(page.locator(".answer.found")).to_have_count(2)

        ask("Giá vàng hôm nay là bao nhiêu?")
        expect(page.locator(".answer.not-found").last).to_contain_text("Không tìm thấy", timeout=60_000)
        ask("   ")
        expect(page.locator(".answer.error").last).to_contain_text("Câu hỏi trống", timeout=60_000)
        page.locator("#new-chat").click()
        expect(page.locator(".answer")).to_have_count(0)

        page.get_by_role("tab", name="Thư viện văn bản").click()
        page.locator("#upload input[type=file]").set_input_files([str(upload), str(broken), str(scanned)])
        page.locator("#add-docs").click()
        result = page.locator("#library-result")
        expect(result).to_contain_text("đã nạp", timeout=120_000)
        expect(result).to_contain_text("bang-tinh.xlsx: lỗi")
        expect(result).to_contain_text("trang-quet.png: đã nạp")
        expect(result).to_contain_text("nhận dạng chữ 1 trang")
        expect(page.locator("#library")).to_contain_text("Số hóa tài liệu lưu trữ lịch sử")
        page.screenshot(path=str(tmp_path / "library.png"), full_page=True)

        page.get_by_role("tab", name="Hỏi đáp").click()
        ask(UPLOAD_QUESTION)
        expect(page.locator(".answer").last).to_contain_text("12.000", timeout=60_000)
        expect(page.locator(".answer").last).to_have_class("answer found")

        # Its task is in the registry tab at once, with its passage and in the CSV.
        page.get_by_role("tab", name="Nhiệm vụ").click()
        page.locator("#task-agency input").fill("Sở Nội vụ")
        page.keyboard.press("Enter")
        page.locator("#task-from textarea").fill("01/09/2025")
        page.locator("#task-to textarea").fill("30/09/2025")
        page.locator("#task-filter").click()
        expect(page.locator("#task-message")).to_contain_text("1 nhiệm vụ", timeout=30_000)
        page.locator("#tasks span.text").filter(has_text="12.000 hồ sơ").filter(visible=True).first.click()
        expect(page.locator("#task-passage mark")).to_contain_text("Hoàn thành số hóa 12.000 hồ sơ", timeout=30_000)
        page.screenshot(path=str(tmp_path / "tasks.png"), full_page=True)
        with page.expect_download() as download:
            page.locator("#task-csv").click()
        csv_text = Path(download.value.path()).read_text(encoding="utf-8")
        assert csv_text.startswith("\ufeff") and "Sở Nội vụ" in csv_text and "2025-09-30" in csv_text

        page.get_by_role("tab", name="Thư viện văn bản").click()
        page.locator("#remove-doc input").fill("Hà Giang")
        page.keyboard.press("ArrowDown")
        page.keyboard.press("Enter")
        page.locator("#remove").click()
        expect(result).to_contain_text("Đã xóa văn bản", timeout=60_000)
        expect(page.locator("#library")).not_to_contain_text("Số hóa tài liệu lưu trữ lịch sử")
        browser.close()
    assert _ask(app_url, UPLOAD_QUESTION)["grounded"] is False
    assert (tmp_path / "chat.png").stat().st_size > 10_000


def test_in_the_browser_enter_full_text_copy_reload_and_deadlines(app_url: str, tmp_path: Path):
    from playwright.sync_api import expect, sync_playwright

    from ingest.pipeline import doc_id_for
    from tests.conftest import DATA

    shots = Path(SCREENSHOTS) if SCREENSHOTS else tmp_path
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS)
        context = browser.new_context(
            viewport={"width": 1400, "height": 1000}, locale="vi-VN", permissions=["clipboard-read", "clipboard-write"]
        )
        page = context.new_page()
        page.goto(app_url)
        box = page.locator("#question textarea")

        # Shift+Enter is a new line and sends nothing; Enter sends, and the box is empty and keeps the focus.
        box.click()
        page.keyboard.type("Sở Tư pháp")
        page.keyboard.press("Shift+Enter")
        page.keyboard.type("phải làm gì?")
        expect(box).to_have_value("Sở Tư pháp\nphải làm gì?")
        expect(page.locator(".answer")).to_have_count(0)
        box.fill(FLAGSHIP)
        box.press("Enter")
        expect(page.locator("#send")).to_have_text("Đang trả lời…")  # a second Enter now is visibly not taken
        answer = page.locator(".answer.found").last
        expect(answer).to_contain_text("Sở Tư pháp", timeout=60_000)
        expect(page.locator("#send")).to_have_text("Gửi câu hỏi")
        expect(box).to_have_value("")
        expect(box).to_be_focused()
        if SCREENSHOTS:
            page.screenshot(path=str(shots / "chat.png"), full_page=True)

        # One click copies the answer with its source.
        page.locator("button.copy-cite").last.click()
        expect(page.locator("button.copy-cite").last).to_have_text("Đã sao chép")
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied.startswith("Sở Tư pháp") and "\nNguồn:\n[1] " in copied, copied
        assert FLAGSHIP_PASSAGE in copied and "mục " in copied and "ngày " in copied

        # "Xem toàn văn": the whole document, the passage marked and on screen; its original, byte for byte.
        with context.expect_page() as opened:
            page.locator("details.source[open] a.full-text").first.click()
        full = opened.value
        mark = full.locator("mark#doan")
        expect(mark).to_contain_text(FLAGSHIP_PASSAGE, timeout=30_000)
        expect(mark).to_be_in_viewport()
        assert len(full.locator("main.text").inner_text()) > 5 * len(mark.inner_text())
        if SCREENSHOTS:
            full.screenshot(path=str(shots / "full-text.png"))
        doc_id = full.url.split("/van-ban/")[1].split("?")[0]
        with full.expect_download() as download:
            full.get_by_role("link", name="Tải văn bản gốc").click()
        source = next(f for f in DATA.iterdir() if doc_id_for(f) == doc_id)
        assert download.value.suggested_filename == source.name
        assert Path(download.value.path()).read_bytes() == source.read_bytes()
        full.close()

        # A reload keeps the conversation; "Cuộc trò chuyện mới" clears it for good.
        page.reload()
        expect(page.locator(".answer.found")).to_have_count(1, timeout=30_000)
        expect(page.locator(".answer.found")).to_contain_text("Sở Tư pháp")
        page.locator("#new-chat").click()
        expect(page.locator(".answer")).to_have_count(0)
        page.reload()
        page.locator("#question textarea").wait_for()
        page.wait_for_timeout(1500)
        expect(page.locator(".answer")).to_have_count(0)

        if SCREENSHOTS:
            page.get_by_role("tab", name="Thư viện văn bản").click()
            expect(page.locator("#library")).to_contain_text("Tải")
            page.screenshot(path=str(shots / "library.png"), full_page=True)

        # Deadlines against the app's today: the overdue ones, soonest first.
        page.get_by_role("tab", name="Nhiệm vụ").click()
        page.locator("#task-status input").fill("quá hạn")
        page.keyboard.press("ArrowDown")
        page.keyboard.press("Enter")
        page.locator("#task-order").get_by_text("Theo hạn (sớm trước)").click()
        page.locator("#task-filter").click()
        message = page.locator("#task-message")
        expect(message).to_contain_text("tính đến 01/04/2025", timeout=30_000)
        statuses = page.locator("#tasks tbody tr td:nth-child(5)")
        expect(statuses.first).to_contain_text("quá hạn")
        shown = {t.strip() for t in statuses.all_text_contents()} - {""}  # the table pads with empty rows
        assert shown == {"quá hạn"}, shown
        if SCREENSHOTS:
            page.screenshot(path=str(shots / "tasks.png"), full_page=True)

        # A phone's width: Enter sends there too.
        phone = context.new_page()
        phone.set_viewport_size({"width": 375, "height": 800})
        phone.goto(app_url)
        phone.locator("#question textarea").fill(FLAGSHIP)
        phone.locator("#question textarea").press("Enter")
        expect(phone.locator(".answer.found").last).to_contain_text("Sở Tư pháp", timeout=60_000)
        if SCREENSHOTS:
            phone.screenshot(path=str(shots / "chat-375.png"), full_page=True)
        browser.close()
