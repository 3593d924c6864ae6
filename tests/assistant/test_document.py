"""Questions about a document itself, over documents that name themselves the way real ones do:
a header without a trích yếu, the opening sentence saying what the document is."""

from __future__ import annotations

import pytest

from assistant.service import Assistant
from index.config import Settings
from index.store import DirectiveIndex
from ingest.pipeline import parse_text
from tests.ingest.test_header import PORTAL  # a portal's page: its property table over the document
from vn.questions import attribute_of

# As the Hà Tĩnh plan of the real set: the header's two columns, then straight into the body.
ONE_STOP = """ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |
Số: 223/KH-UBND | Hà Tĩnh, ngày 30 tháng 6 năm 2021 |

Thực hiện Quyết định số 468/QĐ-TTg ngày 27/3/2021 của Thủ tướng Chính phủ phê duyệt Đề án đổi mới việc thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết thủ tục hành chính, UBND tỉnh ban hành Kế hoạch triển khai thực hiện Đề án trên địa bàn tỉnh, cụ thể như sau:

1. Mục đích

a) Triển khai thống nhất, đồng bộ, kịp thời và có hiệu quả Đề án.

2. Nhiệm vụ

a) Văn phòng UBND tỉnh chủ trì rà soát quy trình nội bộ giải quyết thủ tục hành chính, hoàn thành trong quý IV/2021.
"""

# A second province's plan with a trích yếu, issued in words.
DIGITAL = """ỦY BAN NHÂN DÂN TỈNH BẮC NINH

Số: 186/KH-UBND

Bắc Ninh, ngày 29 tháng 12 năm 2025

KẾ HOẠCH

Phát triển Chính quyền số tỉnh Bắc Ninh giai đoạn 2026-2030

1. Mục tiêu

a) Đến năm 2030, 100% hồ sơ công việc cấp tỉnh được xử lý trên môi trường mạng.
"""

# A Quy chế issued as the attachment of a Quyết định, which cites another's date.
RULES = """ỦY BAN NHÂN DÂN TỈNH SƠN LA

Số: 2862/QĐ-UBND

Sơn La, ngày 16 tháng 11 năm 2018

QUYẾT ĐỊNH

Về việc ban hành Quy chế tiếp nhận, xử lý và trả lời phản ánh, kiến nghị của người dân, doanh nghiệp

CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH SƠN LA

Căn cứ Quyết định số 574/QĐ-TTg ngày 25/4/2017 của Thủ tướng Chính phủ ban hành Quy chế tiếp nhận, xử lý phản ánh, kiến nghị;

QUYẾT ĐỊNH:

Điều 1. Ban hành kèm theo Quyết định này Quy chế tiếp nhận, xử lý và trả lời phản ánh, kiến nghị của người dân, doanh nghiệp.
"""



@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory, minilm: str) -> Assistant:
    settings = Settings(storage=tmp_path_factory.mktemp("documents") / "storage", embedder=minilm)
    index = DirectiveIndex(settings, create=True)
    index.upsert(parse_text(ONE_STOP, "ha-tinh_2021_ke-hoach-223.txt", "ha-tinh-2021-ke-hoach-223"))
    index.upsert(parse_text(DIGITAL, "bac-ninh_2025_ke-hoach-186.txt", "bac-ninh-2025-ke-hoach-186"))
    index.upsert(parse_text(RULES, "son-la_2018_quyet-dinh-2862.txt", "son-la-2018-quyet-dinh-2862"))
    index.upsert(parse_text(PORTAL, "ha-giang_2022_ke-hoach-88.txt", "ha-giang-2022-ke-hoach-88"))
    return Assistant(settings)


def test_issued_when_is_asked_with_the_document_named_between_the_words():
    assert attribute_of("UBND tỉnh Bắc Ninh ban hành Kế hoạch phát triển Chính quyền số vào ngày nào?") == "date"
    assert attribute_of("Chủ tịch UBND tỉnh ký quyết định ban hành Kế hoạch thực hiện Đề án 06 vào ngày nào?") == "date"
    # A task's deadline, not the document's date.
    assert attribute_of("UBND cấp huyện phải ban hành kế hoạch chậm nhất khi nào?") == ""


def test_a_document_without_a_trich_yeu_is_known_by_its_opening_sentence(assistant: Assistant):
    answer, _ = assistant.ask("Kế hoạch triển khai Đề án đổi mới cơ chế một cửa, một cửa liên thông của Hà Tĩnh có số hiệu gì?")
    assert answer.grounded and answer.answer.startswith("Số hiệu: 223/KH-UBND"), answer.answer


def test_the_date_of_a_document_named_by_its_title(assistant: Assistant):
    answer, _ = assistant.ask("UBND tỉnh Bắc Ninh ban hành Kế hoạch phát triển Chính quyền số giai đoạn 2026-2030 vào ngày nào?")
    assert answer.grounded and "29/12/2025" in answer.answer, answer.answer


def test_a_province_and_a_type_name_the_provinces_one_document_of_that_type(assistant: Assistant):
    answer, _ = assistant.ask("Kế hoạch của tỉnh Hà Tĩnh có số hiệu gì?")
    assert answer.grounded and answer.answer.startswith("Số hiệu: 223/KH-UBND"), answer.answer


def test_a_document_that_was_never_loaded_is_not_answered_with_another(assistant: Assistant):
    # Hà Tĩnh's only plan is about the one-stop shop, not digital transformation.
    answer, _ = assistant.ask("Kế hoạch chuyển đổi số của tỉnh Hà Tĩnh có số hiệu gì?")
    assert not answer.grounded or "223/KH-UBND" not in answer.answer, answer.answer


def test_a_quy_che_is_the_decision_that_issues_it(assistant: Assistant):
    answer, _ = assistant.ask("Sơn La ban hành quy chế tiếp nhận, xử lý phản ánh, kiến nghị của người dân vào ngày nào?")
    assert answer.grounded and "16/11/2018" in answer.answer, answer.answer


def test_a_provinces_document_not_loaded_is_not_given_a_cited_documents_date(assistant: Assistant):
    answer, _ = assistant.ask("Quyết định phê duyệt quy hoạch đô thị của Sơn La ban hành ngày nào?")
    assert not answer.grounded and "25/4/2017" not in answer.answer, answer.answer


def test_the_number_of_a_document_that_implements_a_named_one_is_its_own(assistant: Assistant):
    # The question gives the number of the decision the plan implements; the plan's is asked.
    answer, _ = assistant.ask("Kế hoạch của Hà Tĩnh thực hiện Quyết định 468/QĐ-TTg về cơ chế một cửa có số hiệu gì?")
    assert answer.grounded and answer.answer.startswith("Số hiệu: 223/KH-UBND"), answer.answer
    # A document not loaded that implements it: not the number of the one it cites.
    answer, _ = assistant.ask("Quyết định của Sơn La thực hiện Quyết định 574/QĐ-TTg về phản ánh, kiến nghị có số hiệu gì?")
    assert "574/QĐ-TTg" not in answer.answer.split("[")[0] or not answer.grounded, answer.answer


def test_an_abbreviated_type_names_the_document(assistant: Assistant):
    answer, _ = assistant.ask("KH phát triển Chính quyền số của tỉnh Bắc Ninh có số hiệu là gì?")
    assert answer.grounded and answer.answer.startswith("Số hiệu: 186/KH-UBND"), answer.answer


def test_a_title_holds_the_words_that_name_the_document_not_what_is_asked(assistant: Assistant):
    from assistant.query import parse_query

    question = "Theo Kế hoạch 186/KH-UBND phát triển Chính quyền số, bao nhiêu hồ sơ công việc cấp tỉnh được xử lý trên môi trường mạng?"
    found = [c for c in assistant.answerer.candidates(parse_query(question)) if c.hit.chunk.doc_id.startswith("bac-ninh")]
    beyond = {c.signals.kind: 0.0 for c in found}
    for c in found:
        beyond[c.signals.kind] = max(beyond[c.signals.kind], c.signals.beyond_title)
    naming = max(v for k, v in beyond.items() if k in ("header", "title"))
    assert beyond["item"] > 0.5 > naming, beyond


def test_a_portals_property_table_answers_about_the_document_not_its_content(assistant: Assistant):
    from assistant.query import parse_query

    answer, _ = assistant.ask("Ai ký Kế hoạch 88/KH-UBND của Hà Giang?")
    assert answer.grounded and "Nguyễn Văn Sơn" in answer.answer, answer.answer
    question = "Theo Kế hoạch 88/KH-UBND của Hà Giang, mục đích về chỉ số cải cách hành chính là gì?"
    kinds = {c.hit.chunk.kind for c in assistant.answerer.candidates(parse_query(question))}
    assert "metadata" not in kinds and "item" in kinds, kinds
