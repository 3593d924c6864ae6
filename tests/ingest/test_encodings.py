"""Every encoding Vietnamese offices wrote, built from known Unicode text and read back as NFC."""

import codecs
import unicodedata
from pathlib import Path

import docx
import pytest

from ingest.encoding import NotText, detect, is_syllable, repair
from ingest.read import read_file
from tests.ingest.make import to_cp1258, to_legacy

DATA = Path(__file__).resolve().parents[2] / "data"

# Capitals with tone marks sit in all-capital lines, at the start of a sentence or
# after a number: where a TCVN3 file can still show them (see ingest/encoding.py).
TEXT = (
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
    "Độc lập - Tự do - Hạnh phúc\n\n"
    "KẾ HOẠCH\n"
    "Triển khai Đề án 06 năm 2025 trên địa bàn tỉnh Quảng Ngãi\n\n"
    "III. CÁC NHIỆM VỤ CỤ THỂ\n"
    "1. Ủy ban nhân dân các huyện đẩy nhanh tiến độ số hóa dữ liệu hộ tịch, chậm nhất quý I/2025.\n"
    "- Cơ quan chủ trì: Sở Tư pháp; phối hợp: Công an tỉnh, Sở Thông tin và Truyền thông.\n"
    "Ứng dụng định danh điện tử phải được khuyến khích sử dụng. Ổn định hệ thống, bảo đảm an toàn, "
    "an ninh mạng; nâng cấp đường truyền, thiết bị đầu cuối cho bộ phận một cửa.\n"
)


@pytest.mark.parametrize(
    "name, data",
    [
        ("utf-8", TEXT.encode("utf-8")),
        ("utf-8", codecs.BOM_UTF8 + TEXT.encode("utf-8")),
        ("utf-8", unicodedata.normalize("NFD", TEXT).encode("utf-8")),
        ("utf-16", TEXT.encode("utf-16")),  # with its BOM
        ("utf-16", codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be")),
        ("utf-16", TEXT.encode("utf-16-le")),  # Notepad's "Unicode" without the BOM
        ("windows-1258", to_cp1258(TEXT)),
        ("tcvn3", to_legacy(TEXT, "tcvn3")),
        ("vni", to_legacy(TEXT, "vni")),
    ],
    ids=["utf8", "utf8-bom", "utf8-nfd", "utf16", "utf16-be", "utf16-le-nobom", "cp1258", "tcvn3", "vni"],
)
def test_each_encoding_reads_back_as_nfc(name, data):
    found, text = detect(data)
    assert (found, text) == (name, TEXT)
    assert unicodedata.is_normalized("NFC", text)


def test_windows_1258_is_written_with_separate_tone_marks():
    assert to_cp1258("Việt") == b"Vi\xea\xf2t"  # "ê", then the nặng dot as a mark of its own
    assert detect(to_cp1258("Việt Nam"))[1] == "Việt Nam"


@pytest.mark.parametrize("encoding", ["tcvn3", "vni", "windows-1258"])
@pytest.mark.parametrize("path", sorted(DATA.glob("*.txt")), ids=lambda p: p.name[:20])
def test_sample_directives_survive_each_legacy_encoding(path, encoding):
    # The legacy encodings have no curly quotes or en dashes of their own.
    text = unicodedata.normalize("NFC", path.read_text(encoding="utf-8"))
    text = text.replace("“", '"').replace("”", '"').replace("–", "-")
    data = to_cp1258(text) if encoding == "windows-1258" else to_legacy(text, encoding)
    found, back = detect(data)
    assert found == encoding
    if encoding == "tcvn3":
        # A capital toned letter inside a sentence ("của Ủy ban") has no TCVN3 byte.
        assert back.lower() == text.lower()
    else:
        assert back == text


def test_legacy_text_shown_as_latin_letters_is_repaired():
    # What python-docx gives for a run set in .VnTime: the bytes as Latin-1 letters.
    assert repair("Céng hoµ x· héi chñ nghÜa ViÖt Nam") == "Cộng hoà xã hội chủ nghĩa Việt Nam"
    assert repair("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam") == "Cộng hòa xã hội chủ nghĩa Việt Nam"


def test_unicode_and_other_languages_are_left_alone():
    assert repair("Số hóa dữ liệu") == "Số hóa dữ liệu"
    assert repair("Café crème à la carte, résumé") == "Café crème à la carte, résumé"
    assert detect("Café crème à la carte".encode("cp1252")) == ("windows-1258", "Café crème à la carte")


def test_syllables():
    for word in ("nghiệp", "quốc", "Thường", "xuyên", "khuya", "giữ", "hoá", "hóa", "oẳn", "được"):
        assert is_syllable(word), word
    for word in ("héi", "hoµ", "Coäng", "chñ", "ViÖt", "tàc", "UBND"):
        assert not is_syllable(word), word


def test_binary_is_not_text():
    with pytest.raises(NotText):
        detect(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    with pytest.raises(NotText):
        detect(bytes(range(1, 32)) * 200)


def test_a_docx_in_a_legacy_font_is_read_as_unicode(tmp_path):
    d = docx.Document()
    d.add_paragraph("KÕ HO¹CH")  # .VnTimeH: capitals drawn from small-letter bytes
    d.add_paragraph("TriÓn khai §Ò ¸n 06 trªn ®Þa bµn tØnh")
    d.save(tmp_path / "cu.docx")
    assert read_file(tmp_path / "cu.docx").parts == ("KẾ HOẠCH\n\nTriển khai Đề án 06 trên địa bàn tỉnh",)
