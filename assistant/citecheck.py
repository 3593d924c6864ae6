"""The citation check on an LLM's answer: every sentence backed by what it cites.

A language model, especially a small one, writes fluent sentences that the
documents do not say. This assistant promises that every statement is backed
by a cited passage, so each sentence of an LLM answer must:

1. end with at least one marker [n] (or [n, m]), each naming a passage given;
2. name only agencies, dates, numbers, document references and proper names
   that occur in the passages it cites (their text, heading path and title);
3. take most of its other words from them (or from the question it restates).

Comparison is on the accent-free form with one tone style (ingest/normalize),
so "hoá"/"hóa" and "Bảo hiểm"/"bảo hiểm" do not fail a true sentence. A
sentence that fails is dropped, not repaired.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.followup import agency_names, find_names
from index.text import stopwords
from ingest.normalize import fold

# Share of a sentence's content syllables that must occur in its passages or
# the question. Below two thirds, a sentence says something of its own.
MIN_OVERLAP = 0.67

MARKER = re.compile(r"\[\s*(\d+(?:\s*[,;–-]\s*\d+)*)\s*\]")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=\S)|\n+")
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_LONG_DAY = re.compile(r"ngay\s+(\d{1,2})\s+thang\s+(\d{1,2})\s+nam\s+(\d{4})")
_DAY = re.compile(r"(?<![\d/])(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})(?![\d/])")
_MONTH = re.compile(r"thang\s+(\d{1,2})\s*(?:/|\s+nam\s+)\s*(\d{4})")
_QUARTER = re.compile(r"quy\s+(iv|iii|ii|i|[1-4])\s*(?:/|\s+nam\s+)\s*(\d{4})")
_DOC_REF = re.compile(r"\d+(?:/\d+)?/[a-z0-9]+(?:[-/][a-z0-9]+)*")
_NUMBER = re.compile(r"(?<![\w/])(\d+(?:[.,]\d+)*)(\s?%)?(?![\w/])")
_WORD = re.compile(r"[^\W\d_][\w-]*")


@dataclass(frozen=True)
class Verdict:
    sentence: str  # as the model wrote it
    cited: tuple[int, ...]  # passage numbers, from 1
    problems: tuple[str, ...]  # why it is not supported; empty when it is

    @property
    def ok(self) -> bool:
        return not self.problems


def split_sentences(text: str) -> list[str]:
    """Sentences and list items; a marker written after the full stop
    ("… quý I/2025. [1]") stays with its sentence."""
    parts = [p.strip() for p in _SENTENCE_END.split(text.replace("**", "")) if p.strip()]
    out: list[str] = []
    for part in parts:
        if out and MARKER.match(part):
            lead = MARKER.match(part)
            assert lead is not None
            out[-1] = f"{out[-1]} {lead.group()}"
            part = part[lead.end() :].strip()
            if not part:
                continue
        out.append(part)
    return out


def cited_numbers(sentence: str) -> tuple[int, ...]:
    numbers: list[int] = []
    for m in MARKER.finditer(sentence):
        for a, b in re.findall(r"(\d+)(?:\s*[–-]\s*(\d+))?", m.group(1)):
            first, last = int(a), int(b or a)
            numbers.extend(range(first, min(last, first + 10) + 1))
    return tuple(dict.fromkeys(numbers))


def _canon_number(digits: str) -> str:
    """'01' -> '1', '0,68' stays: leading zeros of a whole number do not change it."""
    head, sep, tail = re.match(r"(\d+)(\D?)(.*)", digits).groups()  # type: ignore[union-attr]
    return (head.lstrip("0") or "0") + sep + tail


def facts(text: str) -> dict[str, set[str]]:
    """Dates, numbers and document references in a text, in comparable form."""
    folded = fold(text)
    out: dict[str, set[str]] = {"date": set(), "number": set(), "percent": set(), "docref": set()}
    taken: list[tuple[int, int]] = []

    def keep(kind: str, value: str, m: re.Match[str]) -> None:
        out[kind].add(value)
        taken.append(m.span())

    for m in _DOC_REF.finditer(folded):
        if re.search(r"[a-z]", m.group()):
            keep("docref", m.group(), m)
    for m in _LONG_DAY.finditer(folded):
        keep("date", f"{int(m.group(1))}/{int(m.group(2))}/{m.group(3)}", m)
    for m in _DAY.finditer(folded):
        if not any(a <= m.start() < b for a, b in taken):
            keep("date", f"{int(m.group(1))}/{int(m.group(2))}/{m.group(3)}", m)
    for m in _MONTH.finditer(folded):
        if not any(a <= m.start() < b for a, b in taken):
            keep("date", f"{int(m.group(1))}/{m.group(2)}", m)
    for m in _QUARTER.finditer(folded):
        quarter = _ROMAN.get(m.group(1)) or int(m.group(1))
        keep("date", f"q{quarter}/{m.group(2)}", m)
    for m in _NUMBER.finditer(folded):
        if any(a <= m.start() < b for a, b in taken):
            continue
        value = _canon_number(m.group(1))
        out["number"].add(value)
        if m.group(2):
            out["percent"].add(value)
    return out


def _agencies(text: str) -> list[tuple[int, int, list[str]]]:
    """(start, end, every accent-free way of writing it) for each agency a text names."""
    names = agency_names()
    forms: dict[str, list[str]] = {}
    for key, canonical in names.items():
        forms.setdefault(canonical, []).append(key)
    return [(s.start, s.end, forms[s.value]) for s in find_names(text, names)]


def _proper_names(text: str, skip: Sequence[tuple[int, int]]) -> list[str]:
    """Runs of capitalised words (people, places, systems), except the
    sentence's first word, which is capitalised whatever it is."""
    runs: list[list[str]] = []
    last_end = -1
    for m in _WORD.finditer(text):
        if m.start() == 0 or not m.group()[0].isupper() or any(a <= m.start() < b for a, b in skip):
            last_end = -1
            continue
        if runs and last_end >= 0 and not text[last_end : m.start()].strip():
            runs[-1].append(m.group())
        else:
            runs.append([m.group()])
        last_end = m.end()
    return [" ".join(run) for run in runs]


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", fold(text)))


def _contains(haystack: str, needle: str) -> bool:
    """Whole-word containment, accent-free."""
    needle = " ".join(re.findall(r"\w+|%", fold(needle)))
    return bool(needle) and f" {needle} " in haystack


def _spaced(text: str) -> str:
    return " " + " ".join(re.findall(r"\w+|%", fold(text))) + " "


def check_sentence(sentence: str, passages: Sequence[str], question: str = "") -> Verdict:
    """Whether one sentence is backed by the passages it cites (numbered from 1)."""
    cited = cited_numbers(sentence)
    body = MARKER.sub(" ", sentence).strip()
    problems: list[str] = []
    if not cited:
        problems.append("no [n] marker")
    elif MARKER.match(sentence.lstrip("-–•* ")) or not re.search(r"\]\W*$", sentence):
        # "[1] Thông báo … — II. …" is the prompt's passage label copied, not a statement.
        problems.append("marker not at the end")
    bad = [n for n in cited if not 1 <= n <= len(passages)]
    if bad:
        problems.append(f"cites a passage that was not given: {bad}")
    if not re.search(r"\w", body):
        problems.append("empty")
    if problems:
        return Verdict(sentence, cited, tuple(problems))

    evidence = "\n".join(passages[n - 1] for n in cited)
    spaced = _spaced(evidence)
    have, want = facts(evidence), facts(body)
    for kind in ("date", "docref"):
        problems += [f"{kind} not in the cited passage: {v}" for v in sorted(want[kind] - have[kind])]
    problems += [f"number not in the cited passage: {v}" for v in sorted(want["number"] - have["number"])]
    problems += [f"percentage not in the cited passage: {v}%" for v in sorted(want["percent"] - have["percent"])]
    agencies = _agencies(body)
    for start, end, forms in agencies:
        if not any(_contains(spaced, f) for f in forms):
            problems.append(f"agency not in the cited passage: {body[start:end]}")
    for name in _proper_names(body, [(a, b) for a, b, _ in agencies]):
        if not _contains(spaced, name):
            problems.append(f"name not in the cited passage: {name}")
    content = [w for w in re.findall(r"\w+", fold(body)) if w not in stopwords() and not w.isdigit() and len(w) > 1]
    if content:
        known = _words(evidence) | _words(question)
        share = sum(w in known for w in content) / len(content)
        if share < MIN_OVERLAP:
            problems.append(f"only {share:.0%} of its words are in the cited passage")
    return Verdict(sentence, cited, tuple(dict.fromkeys(problems)))


def check_answer(text: str, passages: Sequence[str], question: str = "") -> list[Verdict]:
    """A verdict for each sentence of an answer, in order."""
    return [check_sentence(s, passages, question) for s in split_sentences(text)]
