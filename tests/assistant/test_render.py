"""The chat page's HTML for an answer, on records written here."""

from dataclasses import replace

from assistant.answer import Answer, Citation
from assistant.render import answer_html, highlight
from ingest.pipeline import parse_text

DOC = """UỶ BAN NHÂN DÂN TỈNH QUẢNG NGÃI
Số: 12/TB-UBND
Quảng Ngãi, ngày 25 tháng 12 năm 2024

THÔNG BÁO
Kết luận về Đề án 06

II. NHIỆM VỤ
2. Sở Tư pháp
- Đẩy nhanh số hóa dữ liệu hộ tịch,
  chậm nhất trong quý I/2025 <khẩn>.
"""


def _citation(n: int = 1, page: int | None = None) -> Citation:
    chunk = next(c for c in parse_text(DOC, "tb.txt", "tb").chunks if "hộ tịch" in c.text)
    return Citation(n, replace(chunk, page=page), 0.9)


def test_the_quoted_clause_is_marked_across_line_breaks_and_text_is_escaped():
    html = highlight("- Đẩy nhanh số hóa,\n  chậm nhất <khẩn>.", "số hóa, chậm nhất")
    assert html == "- Đẩy nhanh <mark>số hóa,\n  chậm nhất</mark> &lt;khẩn&gt;."
    assert highlight("a <b>", "không có") == "a &lt;b&gt;"


def test_a_grounded_answer_opens_its_source_with_metadata_and_path():
    answer = Answer(
        "q", "Sở Tư pháp — ... [1].", True, [_citation(1, page=3), _citation(2)], quote="chậm nhất trong quý I/2025"
    )
    html = answer_html(answer)
    assert html.startswith('<div class="answer found">')
    assert html.count("<details") == 2 and html.count('<details class="source" open>') == 1
    assert "12/TB-UBND" in html and "25/12/2024" in html and "Quảng Ngãi" in html and "trang 3" in html
    assert "II. NHIỆM VỤ &gt; 2. Sở Tư pháp" in html and "<mark>chậm nhất trong quý I/2025</mark>" in html
    assert "&lt;khẩn&gt;" in html and "<khẩn>" not in html


def test_not_found_looks_different_and_folds_the_nearest_passages():
    html = answer_html(Answer("q", "Không tìm thấy thông tin này.", False, [_citation()]))
    assert 'class="answer not-found"' in html and " open>" not in html and "<mark>" not in html


def test_a_source_read_from_a_scan_says_so_beside_its_page():
    from assistant.service import answer_object

    scanned = Citation(1, replace(_citation(1, page=3).chunk, ocr=True), 0.9)
    answer = Answer("q", "Sở Tư pháp [1].", True, [scanned, _citation(2, page=4)], quote="chậm nhất")
    html = answer_html(answer)
    assert "· trang 3, nhận dạng ký tự</summary>" not in html  # the line goes on with the heading
    assert "Quảng Ngãi · trang 3, nhận dạng ký tự — 2. Sở Tư pháp</summary>" in html
    assert "Quảng Ngãi · trang 4 — " in html
    first, second = answer_object(answer, 1.0)["citations"]
    assert (first["page"], first["ocr"]) == (3, True)
    assert second["page"] == 4 and "ocr" not in second
