"""Figures: the numbers a directive states ("90%", "24/29 nhiệm vụ", "1.200", "0,68").

Vietnamese writes "." for thousands and "," for decimals; a share may be
written "24/29".
"""

from __future__ import annotations

import re

# Any number as written, with a following "%" (citecheck compares these).
NUMBER = re.compile(r"(?<![\w/])(\d+(?:[.,]\d+)*)(\s?%)?(?![\w/])")
# A figure: a number that states a quantity. Not the programme's name ("Đề án
# 06"), a year or month ("năm 2025", "tháng 6"), nor a list label ("(5) Sở
# Giao thông vận tải").
FIGURE = re.compile(r"(?<![\w/(])(?<![Đđ]ề án )(?<![Nn]ăm )(?<![Tt]háng )\d+(?:[.,]\d+)*(?:/\d+)?(?:\s?%)?(?![\w/])")


def canonical_number(digits: str) -> str:
    """'01' -> '1', '0,68' stays: leading zeros of a whole number do not change it."""
    m = re.match(r"(\d+)(\D?)(.*)", digits)
    if not m:
        return digits
    head, sep, tail = m.groups()
    return (head.lstrip("0") or "0") + sep + tail
