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

from vn.agencies import find_agencies
from vn.dates import DAY_KINDS, Period, mentions
from vn.figures import NUMBER, canonical_number
from vn.normalize import fold, fold_aligned
from vn.refs import REF_PATTERN, ref_key
from vn.sentences import LOOSE_SENTENCE_END
from vn.vocabulary import stopwords

# Share of a sentence's content syllables that must occur in its passages or
# the question. Below two thirds, a sentence says something of its own.
MIN_OVERLAP = 0.67

MARKER = re.compile(r"\[\s*(\d+(?:\s*[,;–-]\s*\d+)*)\s*\]")
# The dates a sentence must not make up: days, months, quarters, halves. A
# bare year ("năm 2024") is checked as a number.
_DATE_KINDS = DAY_KINDS | {"month", "quarter", "months", "half"}
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
    parts = [p.strip() for p in LOOSE_SENTENCE_END.split(text.replace("**", "")) if p.strip()]
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


def _date_key(p: Period) -> str:
    """How a checked date is shown: '5/3/2024', '6/2023', 'q2/2023', else its days."""
    if p.first == p.last:
        return f"{p.first.day}/{p.first.month}/{p.first.year}"
    if p.kind == "month":
        return f"{p.first.month}/{p.first.year}"
    if p.kind == "quarter":
        return f"q{(p.first.month + 2) // 3}/{p.first.year}"
    return f"{p.first.isoformat()}..{p.last.isoformat()}"


def facts(text: str) -> dict[str, set[str]]:
    """Dates, numbers and document references in a text, in comparable form:
    a date as the days it names, so "quý I/2025" and "quý 1 năm 2025" are one."""
    folded = fold_aligned(text)
    out: dict[str, set[str]] = {"date": set(), "number": set(), "percent": set(), "docref": set()}
    taken: list[tuple[int, int]] = []
    for m in REF_PATTERN.finditer(folded):
        out["docref"].add(ref_key(m.group()))
        taken.append(m.span())
    for p in mentions(text):
        if p.kind in _DATE_KINDS and not any(a <= p.start < b for a, b in taken):
            out["date"].add(_date_key(p))
            taken.append((p.start, p.end))
    for m in NUMBER.finditer(folded):
        if any(a <= m.start() < b for a, b in taken):
            continue
        value = canonical_number(m.group(1))
        out["number"].add(value)
        if m.group(2):
            out["percent"].add(value)
    return out


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
    agencies = find_agencies(body, asking=True)
    cited_agencies = {m.name for m in find_agencies(evidence, asking=True)}
    for m in agencies:
        if m.name not in cited_agencies and not _contains(spaced, body[m.start : m.end]):
            problems.append(f"agency not in the cited passage: {body[m.start : m.end]}")
    for name in _proper_names(body, [(m.start, m.end) for m in agencies]):
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
