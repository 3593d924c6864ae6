"""Who a directive's sentence assigns work to, and the labels of a task's fields.

Directives assign in sentences ("Giao Sở Nội vụ chủ trì, phối hợp Sở Thông
tin và Truyền thông …", "Các sở, ban, ngành cần …") and in labelled fields
under a task ("- Cơ quan chủ trì: …", "- Thời gian hoàn thành: …"). The
words that shape an assignment are data (lexicon/task_words.tsv), the field
labels too (lexicon/task_fields.tsv).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from vn.agencies import (
    Token,
    is_bare_head,
    lexicon_lines,
    mentions,
    scan_list,
    split_agencies,
    starts_agency,
    tokenize,
    word_at,
)
from vn.normalize import fold

_HEADING_CHARS = 200  # an agency heading is a name or two, not a paragraph
_SUBJECT_CHARS = 400  # room for a sentence's subject, even a long list of agencies
_OPENING_CHARS = 40  # enough to tell whether a sentence opens with an agency
# A labelled line of a task: "- Cơ quan chủ trì: Sở Y tế."
FIELD = re.compile(r"^[-–•+]\s*([^:]{2,40}):")


@dataclass(frozen=True)
class Assignment:
    lead: tuple[str, ...]
    support: tuple[str, ...] = ()


@cache
def field_roles() -> dict[str, str]:
    """Accent-free field label -> lead | support | deadline | task | detail."""
    return {_label_key(label): role for label, role in (line.split("\t") for line in lexicon_lines("task_fields.tsv"))}


def _label_key(label: str) -> str:
    return " ".join(fold(label).replace(",", " ").split())


def field_of(line: str) -> tuple[str, int] | None:
    """(role, offset of the value) for a labelled line such as '- Cơ quan chủ
    trì: Sở Y tế.' whose label the table knows; None for any other line."""
    m = FIELD.match(line)
    role = field_roles().get(_label_key(m.group(1))) if m else None
    if not m or not role:
        return None
    at = m.end()
    while at < len(line) and line[at].isspace():
        at += 1
    return role, at


def fields_in(text: str) -> list[tuple[str, str]]:
    """(role, value) of each labelled line of a passage, in order: the lead, the deadline …"""
    out = []
    for line in text.split("\n"):
        if found := field_of(line):
            out.append((found[0], line[found[1] :].strip()))
    return out


def _list_after(text: str, tokens: list[Token], j: int) -> tuple[tuple[str, ...], int]:
    end = scan_list(tokens, j)
    if end == j:
        return (), j
    return tuple(split_agencies(text[tokens[j].start : tokens[end - 1].end])), end


def support_from(text: str, tokens: list[Token], i: int, window: int | None = None) -> tuple[str, ...]:
    """Agencies after "phối hợp (với)" from token i on (within `window` tokens)."""
    stop = len(tokens) if window is None else min(len(tokens), i + window)
    for k in range(i, stop):
        if n := word_at(tokens, k, "support"):
            names, _ = _list_after(text, tokens, k + n)
            if names:
                return names
    return ()


def find_assignment(sentence: str) -> Assignment | None:
    """Who a sentence assigns work to, if it does.

    "Giao Sở Nội vụ chủ trì, phối hợp Sở Thông tin và Truyền thông ..." ->
    lead Sở Nội vụ, support Sở Thông tin và Truyền thông; "Các sở, ban, ngành
    cần chủ động ..." -> lead Các sở, ban, ngành. A verb in the passive
    ("nhiệm vụ được giao") assigns nothing."""
    verbs = mentions(sentence, "assign")
    if not verbs and not starts_agency(tokenize(sentence[:_OPENING_CHARS]), 0):
        return None
    # Without an assigning verb only the sentence's subject matters: its opening words.
    tokens = tokenize(sentence if verbs else sentence[:_SUBJECT_CHARS])
    for k in range(len(tokens) if verbs else 0):
        n = word_at(tokens, k, "assign")
        if not n or (k and tokens[k - 1].form in ("được", "bàn", "chuyển")):
            continue
        j = k + n
        if j < len(tokens) and tokens[j].form == "cho":
            j += 1
        if j < len(tokens) and tokens[j].text.isdigit():  # "Giao 03 địa phương: UBND huyện ..."
            colon = next((c for c in range(j, min(j + 8, len(tokens))) if tokens[c].text == ":"), None)
            j = colon + 1 if colon is not None else j
        lead, end = _list_after(sentence, tokens, j)
        if lead:
            return Assignment(lead, support_from(sentence, tokens, end, window=8))
    lead, end = _list_after(sentence, tokens, 0)
    # "Ban chỉ đạo cải cách hành chính huyện chuẩn bị …" read as "Ban": the subject is
    # a name the finder could not take whole, not an agency called "Ban".
    lead = tuple(n for n in lead if not is_bare_head(n))
    after = end + 1 if end < len(tokens) and tokens[end].text == "," else end
    if lead and word_at(tokens, after, "directive"):
        return Assignment(lead, support_from(sentence, tokens, after, window=8))
    return None


def agency_heading(text: str) -> tuple[str, ...]:
    """The agencies a heading consists of ("2. Sở Tư pháp", "1. Sở Nội vụ và
    Văn phòng UBND tỉnh"), or () when it is about something else."""
    if len(text) > _HEADING_CHARS:
        return ()
    tokens = tokenize(text)
    end = scan_list(tokens, 0)
    if end == 0 or any(t.is_word for t in tokens[end:]):
        return ()
    return tuple(split_agencies(text[: tokens[end - 1].end]))


