"""The province of a document with no header: the one its text is about, or none."""

from __future__ import annotations

from pathlib import Path

from ingest.pipeline import parse_file


def province_of_text(tmp_path: Path, text: str) -> str:
    path = tmp_path / "tin-bai.txt"  # a file name that names no province
    path.write_text(text, encoding="utf-8")
    return parse_file(path).meta.province


def test_news_about_one_province_is_that_provinces(tmp_path: Path):
    text = (
        "Nghệ An đẩy mạnh chuyển đổi số\n\n"
        "Sáng 12/3, UBND tỉnh Nghệ An tổ chức hội nghị; đại biểu tỉnh Hà Tĩnh dự.\n\n"
        "Năm 2024, Nghệ An hoàn thành 95% chỉ tiêu.\n"
    )
    assert province_of_text(tmp_path, text) == "Nghệ An"


def test_a_text_naming_several_provinces_as_often_is_nobodys(tmp_path: Path):
    text = (
        "Tổ công tác Đề án 06 của Chính phủ họp thường kỳ\n\n"
        "Một số địa phương như Bình Dương, Đồng Nai, Hà Nam, Bắc Giang đã số hóa dữ liệu đất đai.\n"
    )
    assert province_of_text(tmp_path, text) == ""


def test_a_page_headed_with_the_documents_citation_gives_its_number_date_issuer_and_summary(tmp_path: Path):
    path = tmp_path / "cong-van.txt"
    path.write_text(
        "Công văn số 4150/BNN-CN ngày 20 tháng 7 năm 2021 của Bộ Nông nghiệp và Phát triển nông thôn về việc "
        "tháo gỡ khó khăn trong vận chuyển vật tư nông nghiệp\n\n"
        "Kính gửi: Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương\n"
        "Bộ Nông nghiệp và Phát triển nông thôn nhận được phản ánh của nhiều doanh nghiệp.\n",
        encoding="utf-8",
    )
    doc = parse_file(path)
    meta = doc.meta
    assert (meta.doc_type, meta.number, meta.date) == ("Công văn", "4150/BNN-CN", "2021-07-20")
    assert meta.issuer == "Bộ Nông nghiệp và Phát triển nông thôn"
    assert meta.title == "tháo gỡ khó khăn trong vận chuyển vật tư nông nghiệp"
    # The heading is a passage: its words can be found.
    assert any("4150/BNN-CN" in c.text for c in doc.chunks)
