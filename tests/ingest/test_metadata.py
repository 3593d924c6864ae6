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
