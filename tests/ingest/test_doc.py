"""Word 97-2003 .doc: a file LibreOffice wrote from the test's plan (tests/ingest/files/README.md), read by each tool."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ingest.errors import UnreadableFile
from ingest.formats.doc import INSTALL, read_doc
from ingest.pipeline import parse_text

DOC = Path(__file__).parent / "files" / "ke-hoach-gia-lai.doc"


def _parsed(text: str):
    return parse_text(text, source=DOC.name, doc_id="ke-hoach-gia-lai")


@pytest.mark.skipif(not shutil.which("antiword"), reason="antiword is installed by .ci/run (apt-get install antiword)")
def test_antiword_keeps_paragraphs_line_breaks_and_the_task_table():
    doc = _parsed(read_doc(DOC.read_bytes(), tools=("antiword",)))
    assert (doc.meta.number, doc.meta.date, doc.meta.province) == ("321/KH-UBND", "2025-02-12", "Gia Lai")
    assert "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH" in doc.text and doc.meta.signer == "Nguyễn Hữu Quế"
    tasks = {t.task: (t.lead, t.support, t.due) for t in doc.tasks}
    assert tasks["Số hóa dữ liệu hộ tịch của các huyện còn lại"] == (
        ("Sở Tư pháp",),
        ("UBND các huyện, thị xã",),
        "2025-03-31",
    )
    assert tasks["Làm sạch dữ liệu đất đai, kết nối với Cơ sở dữ liệu quốc gia về dân cư"][0] == (
        "Sở Tài nguyên và Môi trường",
    )
    # Word's automatic numbering is not in what antiword gives: the headings come without "I.".
    assert "\n\nMỤC ĐÍCH, YÊU CẦU\n\n" in doc.text


@pytest.mark.skipif(
    not shutil.which("soffice"), reason="LibreOffice is optional (apt-get install libreoffice-writer-nogui)"
)
def test_libreoffice_keeps_the_automatic_numbering_too():
    doc = _parsed(read_doc(DOC.read_bytes(), tools=("soffice",)))
    assert "I. MỤC ĐÍCH, YÊU CẦU" in doc.text and "III. TỔ CHỨC THỰC HIỆN\n\n1. Sở Y tế\n\n- Hoàn thành" in doc.text
    bullets = [c for c in doc.chunks if c.section == ("III. TỔ CHỨC THỰC HIỆN", "1. Sở Y tế")]
    assert [c.text for c in bullets][:1] == ["- Hoàn thành kết nối hồ sơ sức khỏe điện tử với ứng dụng VNeID."]
    assert ("Sở Y tế",) in {t.lead for t in doc.tasks}


@pytest.mark.parametrize("tools", [("antiword",), ("soffice",)])
def test_a_damaged_doc_is_refused(tools: tuple[str, ...]):
    if not shutil.which(tools[0]):
        pytest.skip(f"{tools[0]} not installed")
    data = DOC.read_bytes()
    for broken in (data[: len(data) // 2], b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00garbage" * 300):
        with pytest.raises(UnreadableFile, match="tệp Word .doc bị hỏng"):
            read_doc(broken, tools=tools)


def test_rtf_saved_as_doc_is_named_for_what_it_is():
    with pytest.raises(UnreadableFile, match="thực chất là RTF"):
        read_doc(b"{\\rtf1\\ansi Ke hoach}")


def test_without_a_tool_the_doc_is_refused_with_the_line_that_installs_one(tmp_path: Path):
    with pytest.raises(UnreadableFile, match="cần antiword") as refused:
        read_doc(DOC.read_bytes(), tools=(str(tmp_path / "antiword"),))
    assert str(refused.value).endswith(INSTALL)
