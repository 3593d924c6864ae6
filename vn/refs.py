"""Document references: the number and symbol a document is known by.

Decree 30/2020/NĐ-CP fixes the form: a number, the year for legal documents,
then a symbol made of the type's code and the issuer's ("63/KH-UBND",
"06/2024/QĐ-UBND", "2390/BTTTT-THH"); party documents join the number with a
hyphen ("37-CT/TU"). Copies pasted from portals add spaces ("57- NQ/TW",
"164/TTr- SKHCN"). One grammar serves the original and the accent-free form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from vn.normalize import fold

# number [/ year] then / or - and a symbol that starts with a letter:
# "24/29 nhiệm vụ", "15/01/2025" and "2022-2025" are not references.
REF = r"(?<![\w/.-])\d{1,5}[a-z]?(?:[/-](?:19|20)\d\d)?(?:/|-\s?)(?=[^\W\d_])\w+(?:(?:-\s?(?=[^\W_])|/|\.(?=\w))\w+)*"
REF_PATTERN = re.compile(REF)
# A reference with its date ("104/2022/NĐ-CP ngày 21/12/2022").
DATED_REF = re.compile(rf"{REF}(?: ngày \d{{1,2}}/\d{{1,2}}/\d{{4}})?")
# The document's own number in its header: "Số: 395/KH-UBND", "Số:\n06/2024/QĐ-UBND".
NUMBER_LINE = re.compile(r"\bSố\s*:\s*(\d+[^\s,;]*)")


def refs_in(text: str) -> list[str]:
    """The references a text names, as written, in order."""
    return REF_PATTERN.findall(text)


def ref_key(ref: str) -> str:
    """The form two references are compared in: accent-free, no spaces, no final dot."""
    return re.sub(r"\s+", "", fold(ref)).rstrip(".")


@dataclass(frozen=True)
class DocType:
    name: str  # "Kế hoạch", as DocumentMeta.doc_type writes it
    heading: str  # "KẾ HOẠCH", the word a document's title opens with
    codes: tuple[str, ...]  # "KH", "KHPH": the abbreviation in its number
    english: tuple[str, ...] = ()  # "PLAN": the heading in an English translation


@cache
def doc_types() -> tuple[DocType, ...]:
    path = Path(__file__).parent / "lexicon" / "doc_types.tsv"
    rows = [(line.split("\t") + ["", ""])[:4] for line in path.read_text(encoding="utf-8").splitlines() if line and line[0] != "#"]
    return tuple(
        DocType(name, heading, tuple(c for c in codes.split(",") if c), tuple(e for e in english.split("|") if e))
        for name, heading, codes, english in rows
    )


def type_of_ref(ref: str) -> str:
    """The document type a reference's symbol names: '63/KH-UBND' -> 'Kế hoạch'; '' if none."""
    symbol = re.sub(r"^\d+(?:[/-]\d{4})?[/-]\s?", "", ref.strip())
    code = fold(re.split(r"[-/\s]", symbol)[0])
    return next((t.name for t in doc_types() if code in {fold(c) for c in t.codes}), "")
