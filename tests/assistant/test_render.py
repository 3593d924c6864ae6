"""The chat page's HTML for an answer, on records written here."""

from dataclasses import replace

from assistant.answer import Answer, Citation
from assistant.render import answer_html, copy_text, document_page, highlight
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


def test_the_copy_holds_the_answer_and_each_cited_source_as_plain_text():
    answer = Answer("q", "Sở Tư pháp — chậm nhất quý I/2025 [1].", True, [_citation(1, page=3), _citation(2)])
    text = copy_text(answer)
    head, sources = text.split("\n\nNguồn:\n")
    assert head == answer.answer
    lines = sources.splitlines()
    assert len(lines) == 2  # [2] is not cited by the answer: not copied
    assert lines[0].startswith("[1] Thông báo Kết luận về Đề án 06") and "số 12/TB-UBND" in lines[0]
    assert "ngày 25/12/2024" in lines[0] and "mục II. NHIỆM VỤ > 2. Sở Tư pháp" in lines[0] and "trang 3" in lines[0]
    assert lines[1] == "“- Đẩy nhanh số hóa dữ liệu hộ tịch, chậm nhất trong quý I/2025 <khẩn>.”"
    html = answer_html(answer)
    hidden = html[html.index('<div class="copy-text">') :]
    assert "\n" not in hidden and "&lt;khẩn&gt;" in hidden and "&#10;Nguồn:&#10;" in hidden
    assert copy_text(Answer("q", "Không tìm thấy.", False, [_citation()])) == "Không tìm thấy."
    assert "copy-cite" not in answer_html(Answer("q", "Không tìm thấy.", False, [_citation()]))


def test_the_whole_document_marks_the_cited_passage_and_its_headings():
    doc = parse_text(DOC, "tb.txt", "tb")
    cited = _citation().chunk
    page = document_page(doc.meta, doc.text, cited, {h for c in doc.chunks for h in c.section}, "tb/goc")
    marked = page[page.index('<mark id="doan">') : page.index("</mark>")]
    assert "Đẩy nhanh số hóa dữ liệu hộ tịch" in marked and "&lt;khẩn&gt;" in marked
    assert "<strong>2. Sở Tư pháp</strong>" in page and "<strong>II. NHIỆM VỤ</strong>" in page
    assert "Đoạn được trích (tô vàng): II. NHIỆM VỤ &gt; 2. Sở Tư pháp." in page
    assert '<a href="tb/goc">Tải văn bản gốc (tb.txt)</a>' in page
    assert "<mark" not in document_page(doc.meta, doc.text, None, set(), "tb/goc")
