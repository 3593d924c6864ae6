"""The search filters as the chat page and the `/ask` API receive them, checked.

The page's dropdowns only offer what the library holds, but the API takes any
JSON: a string where a list belongs, a number for a date, a province that
does not exist, a document id since removed. Each gets a message in Vietnamese
naming the filter and what it takes, instead of an empty error or a silent
"not found" (a province given as one string would otherwise be read as a
list of its letters).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from assistant.badinput import displayable, kind_of, text_problem
from assistant.registry import parse_day as registry_day
from assistant.retrieve import Filters
from vn.places import province_of, provinces_in
from vn.records import DocumentMeta


class FilterError(ValueError):
    """A filter that cannot be applied; the message is for the user, in Vietnamese."""


def _names(value: Any, label: str, example: str) -> list[str]:
    if value is None or value == "":
        return []
    if not isinstance(value, list | tuple):
        raise FilterError(f"Bộ lọc {label} phải là một danh sách, ví dụ {example}; nhận được {kind_of(value)}.")
    wrong = next((v for v in value if not isinstance(v, str)), None)
    if wrong is not None or any(text_problem(v) for v in value):
        what = kind_of(wrong) if wrong is not None else "chuỗi có ký tự không hợp lệ"
        raise FilterError(f"Mỗi mục của bộ lọc {label} phải là một chuỗi chữ, ví dụ {example}; có mục là {what}.")
    return [v.strip() for v in value if v.strip()]


def _province(name: str) -> str:
    """The gazetteer's name for a province however it is written ('tỉnh Đồng Nai', 'TP.HCM'), or ''."""
    found = province_of(name)
    if not found:
        named = provinces_in(name)
        found = province_of(named[0]) if len(named) == 1 else ""
    return found


def parse_day(value: Any, label: str = "ngày") -> str:
    """A filter date as ISO; what the date picker gives ("2025-01-05 00:00:00") or dd/mm/yyyy."""
    if value is not None and not isinstance(value, str):
        raise FilterError(f"Bộ lọc {label} phải là một chuỗi ngày (dd/mm/yyyy hoặc yyyy-mm-dd); nhận được {kind_of(value)}.")
    text = (value or "").strip()
    if text_problem(text):
        raise FilterError(f"Bộ lọc {label} có ký tự không hợp lệ: '{displayable(text)}'.")
    return registry_day(text[:10]).isoformat() if text else ""


def chosen_filters(
    provinces: Any, doc_ids: Any, date_from: Any, date_to: Any, documents: Mapping[str, DocumentMeta]
) -> Filters:
    """Filters from what a person chose or a program sent; FilterError says what is wrong."""
    places = []
    for name in _names(provinces, "tỉnh (provinces)", '["Quảng Ngãi"]'):
        province = _province(name)
        if not province:
            held = sorted({m.province for m in documents.values() if m.province})
            raise FilterError(
                f"Không nhận ra tỉnh, thành phố '{displayable(name)}'. "
                f"Các tỉnh có văn bản trong thư viện: {', '.join(held) or '(chưa có)'}."
            )
        places.append(province)
    ids = _names(doc_ids, "văn bản (doc_ids)", '["quang-ngai-2024-12-25-thong-bao"]')
    unknown = [d for d in ids if d not in documents]
    if unknown:
        raise FilterError(
            f"Không có văn bản mã '{displayable(unknown[0])}' trong thư viện. "
            "Các mã có ở thẻ Thư viện văn bản, hoặc: python -m ingest --list."
        )
    first, last = parse_day(date_from, "từ ngày (date_from)"), parse_day(date_to, "đến ngày (date_to)")
    if first and last and first > last:
        raise FilterError(f"Ngày bắt đầu ({first}) sau ngày kết thúc ({last}): hãy đổi lại hai ngày.")
    return Filters(tuple(places), tuple(ids), first, last)
