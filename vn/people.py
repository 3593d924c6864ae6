"""People as directives name them: with a title ("đồng chí", "ông", "Chủ tịch
UBND tỉnh"), or alone on a line under a signature ("Đặng Văn Minh")."""

from __future__ import annotations

import re

from vn.agencies import starts_agency, tokenize
from vn.places import is_place_name

NAME = r"([A-ZĐ][a-zà-ỹđ]+(?:\s+[A-ZĐ][a-zà-ỹđ]+){1,3})"
# A title, in any case ("CHỦ TỊCH" over a signature), then a name; "ông" is a
# word, not the end of "Công Sơn". Provincial portals publish English pages,
# where a Vietnamese name stands after a capitalised title ("General Luong Tam
# Quang", "Deputy Minister Nguyen Van Long") or before one ("Mai Xuan Liem,
# Vice Chairman of …"); English titles are case-sensitive: "the general plan"
# names nobody.
_TITLE_EN = r"(?:Mr|Mrs|Ms|Minister|General|Colonel|Chairman|Chairwoman|Director|Secretary|Governor)\.?"
PERSON = re.compile(
    rf"\b(?:(?i:đồng chí|ông|bà|Chủ tịch(?: UBND)?(?: tỉnh)?|Phó Chủ tịch(?: UBND)?(?: tỉnh)?|Giám đốc|Bí thư)"
    rf"|{_TITLE_EN})\s+{NAME}"
    rf"|\b{NAME.replace('(', '(?P<before>', 1)}(?=,\s+(?:Vice |Deputy |Permanent )?{_TITLE_EN}\b)"
)


def person_name(match: re.Match[str]) -> str:
    """The name a PERSON match holds, whichever side of its title it stands."""
    return match.group(1) or match.group("before")


def is_person(name: str) -> bool:
    """Whether a name PERSON read is a person's: not a place ("ông Quảng Ngãi"), not an agency
    after a title ("Giám đốc Sở Tư pháp" reads as title + "Sở Tư")."""
    return not is_place_name(name) and not starts_agency(tokenize(name), 0)


def is_upper(line: str) -> bool:
    """Whether every letter of a line is a capital: a heading, a title, a signing role."""
    letters = [c for c in line if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def is_name(text: str) -> bool:
    """A person's name as signed under a directive: 'Đặng Văn Minh'."""
    words = text.split()
    return 2 <= len(words) <= 5 and all(w[0].isupper() and w.isalpha() for w in words) and not is_upper(text)


def is_role(text: str) -> bool:
    """A signing line such as 'TL. CHỦ TỊCH\\nCHÁNH VĂN PHÒNG'."""
    return is_upper(text) and len(text.split()) <= 12
