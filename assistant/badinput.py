"""Input the assistant cannot take as it is, and the Vietnamese messages that say so.

Text comes from the chat box, the API's JSON and the command line, and each
can carry what no text should: a lone UTF-16 surrogate (JSON's "\\ud800", or a
command-line argument that was not UTF-8), which no encoder can write, so the
answer object holding the question could not even be sent back; control
characters. The API can also be given a filter of the wrong type. Each is
refused with a message saying what to do; whatever such a message echoes
goes through `displayable` first, or the message itself would fail to send.
"""

from __future__ import annotations

import re
from typing import Any

# C0 and C1 control characters other than tab and line breaks: invisible, and
# meaningless in a question. Replaced by spaces rather than refused.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")

_KINDS = {bool: "giá trị đúng/sai", int: "số", float: "số", str: "chuỗi chữ", dict: "đối tượng", list: "danh sách"}


def kind_of(value: Any) -> str:
    """What a value is, in Vietnamese words, for a message about a wrong type."""
    if value is None:
        return "giá trị rỗng (null)"
    return _KINDS.get(type(value), f"kiểu {type(value).__name__}")


def displayable(text: str) -> str:
    """`text` with every character that cannot be encoded shown as '�', for echoing in a message."""
    return _SURROGATE.sub("\ufffd", text)


def text_problem(text: str) -> str | None:
    """Why `text` cannot be taken (in Vietnamese, to follow "Câu hỏi ..."), or None when it can."""
    bad = _SURROGATE.search(text)
    if bad is None:
        return None
    return (
        f"có ký tự không hợp lệ (mã U+{ord(bad.group()):04X}, ký tự thứ {bad.start() + 1}), "
        "thường do sao chép từ một tệp hoặc trang bị lỗi mã chữ. Hãy gõ lại câu hỏi hoặc dán lại từ nguồn khác"
    )


def without_controls(text: str) -> str:
    return _CONTROL.sub(" ", text)
