"""Follow-up questions, resolved by rules from the previous turn.

In a chat people ask "Còn Sở Y tế thì sao?", "Hạn chót là khi nào?", "Ở Đồng
Nai thì sao?". Each lacks something the previous turn had: the topic, the
agency, the period, the province or the document. The previous turn is kept
already resolved (`Turn.rewritten` is self-contained), so only it is needed.

A question is a follow-up when it says so ("còn", "thì sao", "nữa"), points
back ("văn bản đó", "cơ quan này", "nhiệm vụ đó"), or has no words of its own
beyond a question word and the slots named here. Then:

- a new slot value (agency, province, period, document) replaces the
  previous one in the previous question, or is added to it;
- a new question word keeps the previous question's topic and asks the new
  thing: "<topic>: hạn chót là khi nào?";
- a pointer is replaced by what it points at.

A question with a topic of its own stands as asked; in a chat about one
province it is first tried in that province. The result is a question a
person can read ("Hiểu là: …") and the searcher answers as if asked
directly. No language model is involved.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from vn.agencies import find_agencies
from vn.dates import year_periods
from vn.normalize import fold, fold_aligned, has_diacritics, match_form
from vn.places import find_provinces
from vn.questions import ASKING, ASKING_WHO, DEICTIC, FOLLOWUP_MARKERS, FRAME, POINTERS
from vn.records import DocumentMeta
from vn.refs import REF_PATTERN

# Where a noun phrase taken from the previous question ends: its predicate.
_PREDICATE = re.compile(
    r"\s(?:phai|duoc|co|la|bat dau|dien ra|do|da|se|can|gom|chu tri|thuc hien|hoan thanh|dat|tang|giam|ky)\s|[?,;:]"
)
_ROLE_WORDS = re.compile(
    r"^(?:la|cua|phai|duoc|da|co|thi|va|o|tai|trong)\b|\b(?:la|cua|phai|duoc|da|co|thi|va|o|tai|trong)$"
)


@dataclass(frozen=True)
class Turn:
    """One resolved turn of a conversation, and what its answer established."""

    question: str  # as asked
    rewritten: str  # self-contained: what was searched
    agency: str = ""  # the agency the answer named, when the question asked for one
    province: str = ""  # the province of the answering document
    document: str = ""  # a name for the answering document ("Kế hoạch … của UBND tỉnh Quảng Ngãi năm 2023")
    subject: str = ""  # what the answer said, for "hạn chót là khi nào?" after "Sở Y tế phải làm gì?"


@dataclass(frozen=True)
class Reading:
    """One way to understand a question; `about` is the agency its answer must concern."""

    text: str
    about: str = ""


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    value: str  # canonical form


# -- finding things in a question ------------------------------------------------


def _asking_form(text: str) -> tuple[str, bool]:
    """The form question words are matched in: with diacritics when the text
    has them ("mấy" is not "máy"), else accent-free; same length as `text`."""
    if has_diacritics(text):
        form = match_form(text)
        if len(form) == len(text):
            return form, True
    return fold_aligned(text), False


@cache
def _phrase_pattern(phrases: tuple[str, ...], accented: bool) -> re.Pattern[str]:
    forms = sorted({p if accented else fold(p) for p in phrases}, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in forms) + r")(?!\w)")


def _phrases(text: str, phrases: Sequence[str]) -> list[_Span]:
    form, accented = _asking_form(text)
    return [_Span(m.start(), m.end(), m.group()) for m in _phrase_pattern(tuple(phrases), accented).finditer(form)]


def _slots(text: str) -> dict[str, list[_Span]]:
    agencies = [_Span(m.start, m.end, m.name) for m in find_agencies(text, asking=True)]
    places = [
        _Span(p.start, p.end, p.name)
        for p in find_provinces(text)
        if not any(a.start <= p.start < a.end for a in agencies)
    ]
    periods = [
        _Span(start, end, text[start:end])
        for start, end in year_periods(text)
        if not any(a.start <= start < a.end for a in agencies)
    ]
    refs = [_Span(m.start(), m.end(), m.group()) for m in REF_PATTERN.finditer(text)]
    periods = [p for p in periods if not any(r.start <= p.start < r.end for r in refs)]
    return {"agency": agencies, "province": places, "period": periods, "document": refs}


def _pointers(text: str) -> dict[str, _Span]:
    """'văn bản đó', 'cơ quan này', 'nhiệm vụ đó' …: what the question points back at."""
    found: dict[str, _Span] = {}
    for kind, nouns in POINTERS.items():
        phrases = [f"{n} {d}" for n in nouns for d in DEICTIC]
        spans = _phrases(text, phrases)
        if spans:
            found[kind] = spans[0]
    return found


def _own_words(text: str, spans: Sequence[_Span]) -> list[str]:
    """The words of a question that are neither slots nor framing words: its topic."""
    chars = list(fold_aligned(text))
    for s in spans:
        chars[s.start : s.end] = " " * (s.end - s.start)
    return [w for w in re.findall(r"\w+", "".join(chars)) if w not in FRAME and not w.isdigit()]


# -- rewriting ---------------------------------------------------------------------


def _substitute(text: str, changes: Sequence[tuple[_Span, str]]) -> str:
    for span, value in sorted(changes, key=lambda c: -c[0].start):
        text = text[: span.start] + value + text[span.end :]
    return text


def _replace(text: str, spans: Sequence[_Span], value: str) -> str:
    return _substitute(text, [(s, value) for s in spans])


def _tidy(text: str) -> str:
    text = re.sub(r"\s+([,.:;?])", r"\1", " ".join(text.split()))
    text = re.sub(r"([,:;])(?=[,:;?])", "", text)
    return text.strip(" ,:;")


def _question(text: str) -> str:
    text = _tidy(text).rstrip("?.! ")
    return (text[:1].upper() + text[1:] + "?") if text else text


def _add(text: str, phrase: str) -> str:
    return _question(f"{text.rstrip('?.! ')} {phrase}")


def topic(question: str, answered_agency: str = "") -> str:
    """The previous question without its question words: what it was about.
    When it asked which agency and the answer named one, the name takes the
    question word's place ("Cơ quan nào phải …" -> "Sở Tư pháp phải …")."""
    spans = _phrases(question, ASKING)
    who = [s for s in spans if fold(s.value) in {fold(p) for p in ASKING_WHO}]
    named = who[0] if answered_agency and who else None
    text = _substitute(question, [(s, answered_agency if s == named else "") for s in spans])
    text = _tidy(text).rstrip("?.! ")
    # Words left dangling where a question word stood: "… là", "… của".
    while m := _ROLE_WORDS.search(fold_aligned(text)):
        text = _tidy(text[: m.start()] + text[m.end() :])
    return text


def _strip_markers(question: str) -> str:
    spans = _phrases(question, FOLLOWUP_MARKERS)
    return _tidy(_replace(question, spans, "")).rstrip("?.! ")


def _lower_first(text: str, keep: Sequence[_Span]) -> str:
    if not text or any(s.start == 0 for s in keep):
        return text
    return text[:1].lower() + text[1:]


def tasks_question(agency: str, previous: str, turn: Turn | None = None) -> str:
    """'<agency> phải thực hiện những nhiệm vụ gì trong năm Y ở P?': an agency's
    tasks in the previous question's period, place and document."""
    slots = _slots(previous)
    parts = [f"{agency} phải thực hiện những nhiệm vụ gì"]
    years = re.findall(r"(?:19|20)\d\d", " ".join(s.value for s in slots["period"]))
    if years:
        parts.append(f"trong năm {max(years)}")
    if slots["document"]:
        parts.append(f"theo {slots['document'][0].value}")
    place = slots["province"][0].value if slots["province"] else (turn.province if turn else "")
    if place:
        parts.append(f"ở {place}")
    return _question(" ".join(parts))


def is_followup(question: str, has_previous: bool = True) -> bool:
    """Whether the question leans on the previous turn (see the module's docstring)."""
    if not has_previous:
        return False
    if _phrases(question, FOLLOWUP_MARKERS) or _pointers(question):
        return True
    slots = [s for spans in _slots(question).values() for s in spans]
    return len(_own_words(question, slots + _phrases(question, ASKING))) <= 1


def readings(question: str, previous: Turn | None) -> list[Reading]:
    """Ways to understand `question` after `previous`, best first. A question
    that does not lean on the previous turn has one reading: itself."""
    question = " ".join(question.split())
    if previous is None:
        return [Reading(question)]
    before = previous.rewritten
    own = _slots(question)
    old = _slots(before)
    if not is_followup(question):
        # A question with a topic of its own, in a chat about one province, is
        # most likely about that province too; as it stands if that finds nothing.
        place = old["province"][0].value if old["province"] else previous.province
        if place and not own["province"] and not own["document"]:
            return [Reading(_add(question, f"ở {place}")), Reading(question)]
        return [Reading(question)]
    pointers = _pointers(question)
    asking = [s for s in _phrases(question, ASKING) if not any(p.start <= s.start < p.end for p in pointers.values())]
    slots = [s for spans in own.values() for s in spans]
    standalone = len(_own_words(question, slots + asking + list(pointers.values()) + _phrases(question, FOLLOWUP_MARKERS))) > 1

    if pointers:
        resolved = _resolve_pointers(question, pointers, previous)
        return [Reading(_inherit(resolved, _slots(resolved), old, previous))]
    if standalone:
        # Its own topic, with only the slots it lacks taken from before: "còn"
        # and "nữa" alone do not make a new question about the old topic.
        return [Reading(_inherit(question, own, old, previous))]

    text = before
    new_agency = own["agency"][0].value if own["agency"] else ""
    for kind in ("province", "period", "document"):
        if own[kind]:
            # Typed without diacritics, the rest of the question has none either.
            value = own[kind][0].value if has_diacritics(question) else question[own[kind][0].start : own[kind][0].end]
            if old[kind]:
                text = _replace(text, old[kind], value)
            else:
                text = _add(text, {"province": "ở", "period": "trong", "document": "theo"}[kind] + " " + value)
            old = _slots(text)
    if asking:
        base = topic(text, previous.agency)
        ask = _lower_first(_strip_markers(question), slots)
        in_base = _slots(base)
        if new_agency:
            base = _replace(base, in_base["agency"], "")
        elif previous.subject and not _own_words(base, [x for spans in in_base.values() for x in spans]):
            # The previous question had no topic of its own ("Sở Y tế phải làm
            # gì?"): the follow-up asks about what its answer said.
            tags = [x.value for kind in ("agency", "province", "period", "document") for x in in_base[kind]]
            base = previous.subject + (f" ({', '.join(tags)})" if tags else "")
        return [Reading(_question(f"{_tidy(base)}: {ask}") if base else _question(ask), new_agency)]
    if new_agency:
        # The same question about the new agency if the old one named an
        # agency, else (or if that finds nothing about it) the agency's tasks.
        out = []
        if old["agency"]:
            out.append(Reading(_question(_replace(text, old["agency"], new_agency)), new_agency))
        out.append(Reading(tasks_question(new_agency, text, previous), new_agency))
        return out
    if any(own[k] for k in ("province", "period", "document")):
        return [Reading(_question(text))]
    return [Reading(question)]


def _inherit(question: str, own: dict[str, list[_Span]], old: dict[str, list[_Span]], previous: Turn) -> str:
    """A question with its own topic that lacks a province, period or
    document: it takes the previous turn's."""
    text = _strip_markers(question)
    place = old["province"][0].value if old["province"] else previous.province
    if not own["province"] and not own["document"] and place:
        text += f" ở {place}"
    if not own["period"] and old["period"]:
        text += f" trong {old['period'][0].value}"
    if not own["document"] and old["document"]:
        text += f" theo {old['document'][0].value}"
    return _question(text)


def _resolve_pointers(question: str, pointers: dict[str, _Span], previous: Turn) -> str:
    old = _slots(previous.rewritten)
    values = {
        "document": previous.document
        or (old["document"][0].value if old["document"] else "")
        or (f"văn bản về {topic(previous.rewritten, previous.agency)}"),
        "agency": previous.agency or (old["agency"][0].value if old["agency"] else ""),
        "topic": topic(previous.rewritten, previous.agency),
        "province": f"tỉnh {previous.province}" if previous.province else "",
    }
    if not previous.province and old["province"]:
        values["province"] = f"tỉnh {old['province'][0].value}"
    text = question
    for kind, span in sorted(pointers.items(), key=lambda kv: -kv[1].start):
        # "hội nghị đó" is the meeting the previous question named; "văn bản đó"
        # may be the plan it named.
        noun = _phrases(question[span.start : span.end], POINTERS[kind])
        nouns = [question[span.start : span.start + noun[0].end]] if noun else []
        if kind == "document":
            nouns += POINTERS["document"]
        phrases = [v for v in (_noun_phrase(previous.rewritten, n) for n in nouns) if v and not _phrases(v, ASKING)]
        # "cơ quan đó" is the agency the answer named, not the "cơ quan nào" asked.
        value = (values[kind] or next(iter(phrases), "")) if kind == "agency" else next(iter(phrases), values[kind])
        if value:
            if kind == "topic":
                value = _lower_first(value, [x for spans in _slots(value).values() for x in spans])
            text = text[: span.start] + value + text[span.end :]
    return _question(_strip_markers(text))


def _noun_phrase(text: str, noun: str) -> str:
    """'Hội nghị sơ kết 02 năm … của tỉnh Đồng Nai' from the previous question
    for "hội nghị đó": from the noun to where the predicate starts."""
    form = fold_aligned(text)
    at = re.search(r"(?<!\w)" + re.escape(fold(noun)).replace(r"\ ", r"\s+") + r"(?!\w)", form)
    if not at:
        return ""
    end = _PREDICATE.search(form, at.end())
    return _tidy(text[at.start() : end.start() if end else len(text)]).rstrip("?.! ")


def document_name(meta: DocumentMeta) -> str:
    """How a follow-up's "văn bản đó" is spelt out: 'Kế hoạch số 204/KH-UBND
    của UBND tỉnh Quảng Ngãi năm 2023'."""
    parts = [meta.doc_type or "Văn bản"]
    if meta.number:
        parts.append(f"số {meta.number}")
    who = meta.issuer or (f"tỉnh {meta.province}" if meta.province else "")
    if who:
        parts.append(f"của {who}")
    if meta.date:
        when = meta.date_display
        parts.append(
            f"ngày {when}" if len(meta.date) == 10 else f"tháng {when}" if len(meta.date) == 7 else f"năm {when}"
        )
    return " ".join(parts)


def rewrite_followup(question: str, history: Sequence[str]) -> str:
    """`question` made self-contained from the earlier questions (oldest
    first), by the rules alone: without answers, "cơ quan đó" can only point
    at an agency a question named. `Conversation` also uses the answers."""
    previous: Turn | None = None
    for asked in history:
        previous = Turn(asked, readings(asked, previous)[0].text)
    return readings(question, previous)[0].text
