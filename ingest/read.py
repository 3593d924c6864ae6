"""Bytes of a file to text, whatever encoding the office that wrote it used."""

from __future__ import annotations

from pathlib import Path

SUPPORTED = (".txt", ".md")
MAX_BYTES = 20 * 1024 * 1024


class UnreadableFile(Exception):
    """A file that cannot be ingested; the message is for the user, in Vietnamese."""


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 by its BOM, else Windows-1258."""
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UnreadableFile("tệp nhị phân, không phải văn bản")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Windows-1258 is what Vietnamese Windows wrote before UTF-8; it decodes
        # any byte, so it is the last resort, not a guess among equals.
        return data.decode("cp1258")


def read_text(path: Path) -> str:
    if path.suffix.lower() not in SUPPORTED:
        raise UnreadableFile(f"định dạng {path.suffix or '(không có đuôi)'} chưa được hỗ trợ")
    data = path.read_bytes()
    if not data.strip():
        raise UnreadableFile("tệp rỗng")
    if len(data) > MAX_BYTES:
        raise UnreadableFile(f"tệp quá lớn ({len(data) // 1_000_000} MB, tối đa {MAX_BYTES // 1_000_000} MB)")
    return decode(data)
