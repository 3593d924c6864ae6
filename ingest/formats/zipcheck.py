"""A zip archive (a .docx) checked before any library reads it: what it holds inflates within a byte budget.

A zip's headers say how large each member is, and nothing makes them tell the
truth: a DOCX of 3 MB whose headers claim 5,000 bytes can inflate to 1 GB.
Python's zipfile stops at the claimed size, but only after inflating a
member's whole compressed stream in one call, so reading such a member
through python-docx took 2.4 GB before failing. Here each member is inflated
from its raw bytes, a bounded piece at a time, counting what comes out: more
than its header claims, or more than the budget for the whole archive, and it
is refused at once, with no more than a piece held. An archive that passes
inflates to exactly what its headers claim (CRC checked too), so a library
that trusts them reads at most the budget.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

from ingest.errors import UnreadableFile

# Compressed bytes fed to the inflater at a time, and the most it may give back per call.
_IN, _OUT = 64 * 1024, 256 * 1024
# A Word document has a few dozen parts; thousands are a way to make a reader work.
MAX_MEMBERS = 2000
_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")  # zipfile's structFileHeader
_ENCRYPTED = 0x1


def check_archive(data: bytes, budget: int, kind: str = "DOCX") -> None:
    """Raise UnreadableFile unless every member of the zip `data` inflates to
    its declared size and all of them together to at most `budget` bytes."""
    try:
        infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as e:
        raise UnreadableFile(f"tệp {kind} bị hỏng hoặc không đúng định dạng ({type(e).__name__})") from e
    if len(infos) > MAX_MEMBERS:
        raise UnreadableFile(f"tệp {kind} chứa {len(infos)} phần (tối đa {MAX_MEMBERS}), không phải một văn bản")
    too_big = f"tệp {kind} giải nén ra hơn {budget // 1_000_000} MB, không phải một văn bản"
    if sum(i.file_size for i in infos) > budget:  # honest headers: refused before inflating anything
        raise UnreadableFile(too_big)
    left = budget
    for info in infos:
        left -= _inflated_size(data, info, left, kind, too_big)


def _inflated_size(data: bytes, info: zipfile.ZipInfo, left: int, kind: str, too_big: str) -> int:
    damaged = UnreadableFile(f"tệp {kind} bị hỏng: phần '{info.filename[:60]}' không đọc được")
    if info.flag_bits & _ENCRYPTED:
        raise UnreadableFile(f"tệp {kind} có mật khẩu; hãy lưu lại không đặt mật khẩu")
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise UnreadableFile(f"tệp {kind} nén theo kiểu Word không dùng (mã {info.compress_type})")
    header = data[info.header_offset : info.header_offset + _LOCAL_HEADER.size]
    if len(header) < _LOCAL_HEADER.size or header[:4] != b"PK\x03\x04":
        raise damaged
    fields = _LOCAL_HEADER.unpack(header)
    start = info.header_offset + _LOCAL_HEADER.size + fields[10] + fields[11]  # name and extra field lengths
    raw = memoryview(data)[start : start + info.compress_size]
    limit = min(info.file_size, left)
    inflater = zlib.decompressobj(-zlib.MAX_WBITS) if info.compress_type == zipfile.ZIP_DEFLATED else None
    size = crc = 0

    def take(out: bytes) -> None:
        nonlocal size, crc
        size += len(out)
        if size > limit:
            # More than the header says is a lie; within it but past the budget, just too much.
            raise UnreadableFile(
                f"tệp {kind} khai báo sai kích thước phần '{info.filename[:60]}' "
                f"({info.file_size:,} byte, thực tế hơn thế): có thể là tệp độc hại"
                if size > info.file_size
                else too_big
            )
        crc = zlib.crc32(out, crc)

    try:
        if inflater is None:
            for at in range(0, len(raw), _IN):
                take(bytes(raw[at : at + _IN]))
        else:
            for at in range(0, len(raw), _IN):
                piece: bytes | memoryview = raw[at : at + _IN]
                while piece and not inflater.eof:
                    take(inflater.decompress(piece, _OUT))
                    piece = inflater.unconsumed_tail
                if inflater.eof:
                    break  # the stream ended; what the header counts past it is never inflated
            while not inflater.eof and (out := inflater.decompress(b"", _OUT)):
                take(out)  # output zlib still held when the input ran out
    except zlib.error as e:
        raise damaged from e
    if size != info.file_size or crc != info.CRC or (inflater is not None and not inflater.eof):
        raise damaged
    return size
