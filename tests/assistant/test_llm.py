"""The LLM answer path with a scripted model: prompt building, the citation
check on its sentences, and every way back to the extractive answer."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.answer import NOT_FOUND, Answer, Citation
from assistant.llm import NOTE_ERROR, NOTE_UNSUPPORTED, LLMAnswerer
from assistant.query import parse_query
from index.config import Settings
from tests.assistant.scripted_llm import ScriptedLLM
from vn.records import Chunk, DocumentMeta

QUESTION = "Cơ quan nào phải hoàn thành số hóa dữ liệu hộ tịch của các huyện còn lại chậm nhất trong quý I/2025?"
META = DocumentMeta(
    doc_id="qn24",
    source="quang-ngai_2024-12-25_thong-bao-ket-luan-de-an-06.txt",
    sha256="x",
    doc_type="Thông báo",
    title="Kết luận của Chủ tịch UBND tỉnh tại Hội nghị đánh giá kết quả thực hiện Đề án 06 năm 2024",
    date="2024-12-25",
    province="Quảng Ngãi",
    issuer="UBND tỉnh Quảng Ngãi",
)
SECTION = ("II. MỘT SỐ NHIỆM VỤ CỤ THỂ CỦA THÀNH VIÊN CẦN TỔ CHỨC THỰC HIỆN TRONG NĂM 2025",)
HOTICH = Chunk(
    "c1",
    "qn24",
    "- Đẩy nhanh tiến độ số hóa dữ liệu hộ tịch của các huyện còn lại, chậm nhất trong quý I/2025 và tiếp tục làm sạch, "
    "kết nối với Cơ sở dữ liệu quốc gia về dân cư.",
    0,
    10,
    (*SECTION, "2. Sở Tư pháp"),
    "bullet",
    META,
)
YTE = Chunk(
    "c2",
    "qn24",
    "- Tiếp tục duy trì thực hiện việc sử dụng thẻ Căn cước hoặc ứng dụng VNeID trong khám chữa bệnh thay thế thẻ "
    "Bảo hiểm y tế với chỉ tiêu đạt 90%.",
    20,
    30,
    (*SECTION, "4. Sở Y tế"),
    "bullet",
    META,
)
EXTRACT = Answer(
    QUESTION,
    "Sở Tư pháp — Đẩy nhanh tiến độ số hóa dữ liệu hộ tịch của các huyện còn lại, chậm nhất trong quý I/2025 [1].",
    True,
    [Citation(1, HOTICH, 0.9), Citation(2, YTE, 0.5)],
    key="Sở Tư pháp",
)
GOOD = "Sở Tư pháp phải đẩy nhanh số hóa dữ liệu hộ tịch của các huyện còn lại, chậm nhất trong quý I/2025 [1]."
INVENTED = "Sở Tư pháp cũng phải hoàn thành việc này trước ngày 30/6/2025 [1]."


def answerer(*replies: str | Exception) -> tuple[LLMAnswerer, ScriptedLLM]:
    llm = ScriptedLLM().enqueue(*replies)
    return LLMAnswerer(llm, Settings(storage=Path("unused"), llm_timeout=5)), llm


def test_prompt_numbers_the_passages_as_the_citations():
    llm_answerer, llm = answerer(GOOD)
    llm_answerer.answer(parse_query(QUESTION), EXTRACT)
    (prompt,) = llm.history
    assert f"Câu hỏi: {QUESTION}" in prompt
    first, second = prompt.index("[1] Thông báo Kết luận"), prompt.index("[2] Thông báo Kết luận")
    assert first < prompt.index("> 2. Sở Tư pháp") < prompt.index("Đẩy nhanh tiến độ") < second
    assert "4. Sở Y tế" in prompt[second:] and "chỉ tiêu đạt 90%" in prompt[second:]
    assert "chỉ trả lời dựa trên các đoạn trích" in prompt  # the system prompt


def test_a_supported_answer_is_used():
    answer = answerer(GOOD)[0].answer(parse_query(QUESTION), EXTRACT)
    assert (answer.mode, answer.dropped, answer.answer, answer.note) == ("llm", 0, GOOD, "")
    assert answer.citations == EXTRACT.citations and answer.grounded


def test_an_unsupported_sentence_is_dropped_and_counted():
    answer = answerer(f"{GOOD} {INVENTED} Sở Y tế phải đạt chỉ tiêu 90% [2].")[0].answer(parse_query(QUESTION), EXTRACT)
    assert answer.mode == "llm" and answer.dropped == 1
    assert answer.answer == f"{GOOD} Sở Y tế phải đạt chỉ tiêu 90% [2]."


@pytest.mark.parametrize(
    "reply,dropped,note",
    [
        (INVENTED, 1, NOTE_UNSUPPORTED),  # nothing supported is left
        ("Sở Tư pháp phải số hóa dữ liệu hộ tịch của các huyện còn lại.", 1, NOTE_UNSUPPORTED),  # no marker
        ("Đẩy nhanh số hóa dữ liệu hộ tịch của các huyện còn lại [1].", 0, NOTE_UNSUPPORTED),  # lost the agency
        (NOT_FOUND, 1, NOTE_UNSUPPORTED),  # disagrees with the documents
        ("", 0, NOTE_ERROR),  # said nothing
        (RuntimeError("HTTP 500"), 0, NOTE_ERROR),
    ],
)
def test_every_failure_gives_the_extractive_answer_with_a_note(reply, dropped, note):
    answer = answerer(reply)[0].answer(parse_query(QUESTION), EXTRACT)
    assert answer.answer == EXTRACT.answer and answer.citations == EXTRACT.citations
    assert (answer.mode, answer.dropped, answer.note) == ("extractive", dropped, note)


@pytest.mark.parametrize(
    "reply,mode",
    [
        ("Sở Tư pháp phải đẩy nhanh số hóa dữ liệu hộ tịch, chậm nhất trong quý I/2025 [1].", "llm"),
        ("Sở Tư pháp phải đẩy nhanh số hóa dữ liệu hộ tịch của các huyện còn lại [1].", "extractive"),  # lost the date
    ],
)
def test_without_a_key_the_answer_keeps_the_clauses_facts(reply, mode):
    keyless = Answer(
        QUESTION, "Đẩy nhanh tiến độ số hóa dữ liệu hộ tịch, chậm nhất trong quý I/2025 [1].", True, EXTRACT.citations
    )
    assert answerer(reply)[0].answer(parse_query(QUESTION), keyless).mode == mode


def test_no_model_call_when_the_documents_do_not_answer():
    not_found = Answer(QUESTION, NOT_FOUND, False, EXTRACT.citations)
    llm_answerer, llm = answerer()
    assert llm_answerer.answer(parse_query(QUESTION), not_found) == not_found
    assert llm.history == []


def test_stream_yields_checked_sentences_then_the_answer():
    events = list(
        answerer(f"{GOOD} {INVENTED} Sở Y tế phải đạt chỉ tiêu 90% [2].")[0].stream(parse_query(QUESTION), EXTRACT)
    )
    *texts, final = events
    assert texts == [GOOD, " Sở Y tế phải đạt chỉ tiêu 90% [2]."]
    assert isinstance(final, Answer) and final.answer == "".join(texts)


def test_the_answer_stays_within_the_contract_length():
    many = " ".join([GOOD] * 6)
    answer = answerer(many)[0].answer(parse_query(QUESTION), EXTRACT)
    assert answer.mode == "llm" and len(answer.answer) <= 400 and answer.answer.startswith(GOOD)


@pytest.mark.parametrize(
    "reply,accepted",
    [
        ("Sở Y tế phải số hóa dữ liệu hộ tịch chậm nhất trong quý I/2025 không?", True),
        ("Sở Y tế phải số hóa dữ liệu hộ tịch trước ngày 30/6/2025 không?", False),  # invents a date
        ("Sở Xây dựng phải làm gì?", False),  # an agency nobody named
        ("", False),
        (RuntimeError("down"), False),
    ],
)
def test_followup_rewrite_by_the_model_names_nothing_new(reply, accepted):
    llm_answerer, llm = answerer(reply)
    history = ["Cơ quan nào phải hoàn thành số hóa dữ liệu hộ tịch chậm nhất trong quý I/2025?"]
    rewritten = llm_answerer.rewrite("Sở Y tế thì sao, có phải làm việc đó không?", history)
    assert rewritten == (reply if accepted else None)
    assert history[0] in llm.history[0] and "Câu hỏi mới: Sở Y tế thì sao" in llm.history[0]
