"""The extractive answerer: the clause that answers, the asked thing first.

No language model: the answer is cut from the best passage, so every word of
it can be checked against the citation. Whether to answer at all is decided
by how much of the question's informative content the passage covers; a
question the documents do not answer gets an honest "không tìm thấy".
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np

from assistant.query import Query, restore_diacritics
from assistant.ranker import Signals, answer_order, confidence_vector, key_signals, model, vector
from assistant.retrieve import Filters, HybridRetriever, ScoredChunk
from index.store import lexical_text
from index.text import folded_tokens, word_tokens
from index.wordsets import WordSets
from vn.agencies import agency_spans, starts_agency, tokenize
from vn.assignments import fields_in, find_assignment
from vn.dates import DAY_KINDS, RECURRING, day_spans_without_year, mentions
from vn.figures import FIGURE
from vn.normalize import fold, fold_aligned, has_diacritics, match_form
from vn.people import PERSON, is_person, person_name
from vn.places import merged_into, now_together, province_of
from vn.questions import INTENTS, asks_day, reads_english
from vn.records import Chunk
from vn.refs import REF_PATTERN, ref_key, refs_in
from vn.sentences import CLAUSE_END, MARKER_START, SENTENCE_END
from vn.vocabulary import stopwords, synonyms

NOT_FOUND = "Không tìm thấy thông tin này trong các văn bản đã nạp."
MAX_ANSWER = 400
WINDOW = 260  # characters of supporting clause quoted in the answer
# Passages of one search whose windows are candidates: the ranker chooses
# among them; the first `top_k` are cited.
CANDIDATES = 20

_ASKS_SUPPORT = re.compile(r"\bphoi hop\b")  # over the folded question
_PHRASE_END = re.compile(r"[,.;:!?](?=\s|$)|[()“”\"]")  # "0,68%" and "1.200" are not phrase ends

Span = tuple[int, int]
Finder = Callable[[str], list[Span]]


def date_spans(text: str, days_only: bool = False) -> list[Span]:
    """Where a text names a date ("quý I/2025", "30/6/2025", "năm 2024") or a
    recurrence ("thường xuyên"); `days_only`: full days only."""
    folded = fold_aligned(text)
    # A day keeps the word before it: "Ngày 25/12/2024" is how an answer states it.
    spans = [
        (p.start - 5 if p.kind == "day" and folded[max(0, p.start - 5) : p.start] == "ngay " else p.start, p.end)
        for p in mentions(text)
        if not days_only or p.kind in DAY_KINDS
    ]
    spans += [(a, b) for a, b in day_spans_without_year(text) if not any(x < b and a < y for x, y in spans)]
    if not days_only:
        spans += [m.span() for m in RECURRING.finditer(folded)]
    return sorted(spans)


def _pattern_spans(pattern: re.Pattern[str]) -> Finder:
    return lambda text: [m.span() for m in pattern.finditer(text)]


# The intents whose answer is a thing read from the clause (extract_key); others quote the clause.
_KEYED = frozenset({"agency", "who", "signer", "date", "document", "number"})

_ENTITY: dict[str, Finder] = {
    "date": date_spans,
    "number": _pattern_spans(FIGURE),
    "document": _pattern_spans(REF_PATTERN),
    "who": _pattern_spans(PERSON),
    "signer": _pattern_spans(PERSON),
}


@dataclass(frozen=True)
class Citation:
    n: int
    chunk: Chunk
    score: float


@dataclass(frozen=True)
class Answer:
    question: str
    answer: str
    grounded: bool
    citations: list[Citation]
    quote: str = ""  # the clause of citation [1] the answer rests on, whitespace-normalised
    key: str = ""  # the asked thing (agency, date, figure) as the extract states it
    rewritten: str = ""  # the question as understood and searched: a follow-up made self-contained
    mode: str = "extractive"  # or "llm": who wrote `answer`
    dropped: int = 0  # LLM sentences the citation check removed
    note: str = ""  # for the user, e.g. why the LLM's answer was not used


@dataclass(frozen=True)
class Candidate:
    """One window of consecutive clauses of a retrieved passage, and what is known of it."""

    hit: ScoredChunk
    first: str  # its first clause
    text: str  # the window, whitespace-normalised
    signals: Signals


class ExtractiveAnswerer:
    def __init__(self, retriever: HybridRetriever) -> None:
        self.retriever = retriever

    def answer(self, query: Query, filters: Filters | None = None) -> Answer:
        """The answer within the question's scope; a question naming a province
        that was merged with others on 1 July 2025 (Nghị quyết 202/2025/QH15)
        is answered from their documents too when its own do not answer, and
        the answer says whose document it is."""
        found = self._answer(query, filters)
        together = tuple(dict.fromkeys(q for p in query.provinces for q in now_together(p) if q not in query.provinces))
        if found.grounded or not together:
            return found
        wider = self._answer(replace(query, provinces=query.provinces + together), filters)
        meta = wider.citations[0].chunk.meta if wider.grounded else None
        if meta is None or province_of(meta.province) not in together:
            return found if not wider.grounded else wider
        note = f" (Văn bản của tỉnh {meta.province}, nay thuộc tỉnh {merged_into(meta.province)}.)"
        return replace(wider, answer=_with_note(wider.answer, note))

    def candidates(self, query: Query, filters: Filters | None = None) -> list[Candidate]:
        """Every window of the passages one search returns (CANDIDATES of them), with its signals."""
        ranked = self.retriever.retrieve(query, top_k=CANDIDATES, filters=filters)
        if not ranked:
            return []
        entity = entity_finder(query)
        sims = np.array([h.similarity for h in ranked])
        spread = float(sims.std()) or 1.0
        asked_refs = {ref_key(r) for r in query.doc_refs}
        pairs_in = {False: _pairs(query.match_text), True: _pairs(query.english_text)}
        out = []
        for hit in ranked:
            chunk = hit.chunk
            if chunk.kind == "metadata":
                continue  # a portal's property table states the document's attributes (DocumentAnswerer), no content
            # A page in English is matched with the question's English wording.
            english = reads_english(chunk.text)
            terms = self._weighted_terms(query, english)
            total = sum(terms.values()) or 1.0
            pairs = pairs_in[english]
            context = set(folded_tokens(lexical_text(chunk).replace(chunk.text, "")))
            year_fit = self.retriever.year_fit(chunk, query.years)
            province_fit = self.retriever.province_fit(chunk, query.provinces)
            # The question's year is met by a passage about that year, named or not:
            # "tăng 12,3% so với năm 2023" answers "năm 2024 tăng bao nhiêu".
            if 1 in year_fit:
                context |= {t for t in terms if not set(t.split("_")).isdisjoint(query.years)}

            def covered(tokens: set[str], context: set[str] = context, terms: dict[str, float] = terms, total: float = total) -> float:
                present = context | tokens
                return sum(w for t, w in terms.items() if t in present) / total

            meta = chunk.meta
            # What the question asks beyond the words that name the document (see Signals.beyond_title).
            naming = set(folded_tokens(f"{meta.title} {meta.number}")) if meta else set()
            beyond = {t: w for t, w in terms.items() if t not in naming}
            section = set(folded_tokens(chunk.section_path))

            beyond_total = sum(beyond.values()) or 1.0

            held = {ref_key(r) for r in refs_in(chunk.text)}
            issued = meta.date if meta else ""
            passage_entity = bool(entity and entity(chunk.text))
            base = dict(
                intent=query.intent,
                kind=chunk.kind,
                rank=hit.rank,
                ranks=hit.ranks,
                similarity=hit.similarity,
                similarity_z=(hit.similarity - float(sims.mean())) / spread,
                passage_coverage=self.word_coverage(query, chunk),
                has_entity=entity is not None,
                entity_in_passage=passage_entity,
                year_fit=year_fit,
                province_fit=province_fit,
                type_fit=bool(meta and meta.doc_type in query.doc_types),
                date_fit=len(issued) >= 7 and any(d.startswith(issued) or issued.startswith(d) for d in query.dates),
                refs_held=len(asked_refs & held) / len(asked_refs) if asked_refs else 1.0,
                english_question=query.english,
                english_passage=english,
            )
            for first, window in windows(chunk.text):
                spans = entity(window) if entity and passage_entity else []
                # The window's words, read once for both coverages that need them.
                words = set(folded_tokens(window))
                present = section | words
                signals = Signals(
                    window_coverage=covered(words),
                    first_coverage=covered(set(folded_tokens(first))),
                    beyond_title=sum(w for t, w in beyond.items() if t in present) / beyond_total,
                    phrase_coverage=len(pairs & _pairs(window)) / len(pairs) if pairs else 0.0,
                    entity_in_window=bool(spans),
                    entity_near=_nearness(spans, window, query) if spans else 0.0,
                    window_chars=len(window),
                    **base,  # type: ignore[arg-type]
                )
                out.append(Candidate(hit, first, window, signals))
        return out

    def _answer(self, query: Query, filters: Filters | None = None) -> Answer:
        found = self.candidates(query, filters)
        if not found:
            return Answer(query.text, NOT_FOUND, False, [])
        ranker = model()
        probability = ranker.scores([vector(c.signals) for c in found])
        wants_key = query.intent in _ENTITY  # an asked kind of thing a window can be seen to hold
        order = answer_order(probability, lambda i: not wants_key or bool(extract_key(query, found[i].hit.chunk, found[i].text)))
        best = found[int(order[0])]
        second = float(probability[order[1]]) if len(order) > 1 else float(probability[order[0]]) - 1.0
        spread = float(probability.std())
        key = extract_key(query, best.hit.chunk, best.text)
        best = self._citable(query, found, order, best, key)
        read = key_signals(query.text, key, query.intent in _KEYED)
        confidence = ranker.confidence(confidence_vector(best.signals, float(probability[order[0]]), second, spread, read))
        passages = list(dict.fromkeys(c.hit.chunk.id for c in found))[: self.retriever.settings.top_k]
        hits = {c.hit.chunk.id: c.hit for c in found}
        ordered = [best.hit] + [hits[i] for i in passages if i != best.hit.chunk.id][: self.retriever.settings.top_k - 1]
        citations = [Citation(n, h.chunk, h.similarity) for n, h in enumerate(ordered, 1)]
        if confidence < ranker.threshold or self._contradicts(query, best):
            return Answer(query.text, NOT_FOUND, False, citations)
        cited_ids = {h.chunk.id for h in ordered}
        cited = [c for c in found if c.hit.chunk.id in cited_ids]
        others = [] if self.retriever.scope(query, filters) is not None else self._variants(query, best, cited, key)
        told = "; ".join(f"{other} ({_where(c.hit.chunk)}) [{ordered.index(c.hit) + 1}]" for c, other in others)
        quote = sentence_from_start(best.hit.chunk.text, best.text)
        text = compose(key, quote, f" Văn bản cùng nội dung khác nêu: {told}." if told else "")
        return Answer(query.text, text, True, citations, quote=quote, key=key)

    @staticmethod
    def _citable(query: Query, found: list[Candidate], order: np.ndarray, best: Candidate, key: str) -> Candidate:
        """Of the next best candidates that give the same answer, the one whose document is of
        the type and date the question names: the answer does not change, its citation does."""
        if not key or not (query.doc_types or query.dates):
            return best
        # The best window of each of the next few passages (a passage gives several windows).
        seen = {best.hit.chunk.id}
        others: list[Candidate] = []
        for i in order[:30]:
            if found[i].hit.chunk.id not in seen and len(others) < 4:
                seen.add(found[i].hit.chunk.id)
                others.append(found[i])
        same = [c for c in others if fold(extract_key(query, c.hit.chunk, c.text)) == fold(key)]
        fitting = [c for c in (best, *same) if c.signals.type_fit or c.signals.date_fit]
        return fitting[0] if fitting else best

    def _contradicts(self, query: Query, best: Candidate) -> bool:
        """Whether the answer would be another year's: the question names a year, the passage
        does not speak of it, and either its document is about other years and was issued in
        none of the asked ones, or its sentence is dated in another. Another year's figure is
        not the asked year's."""
        passage, document = best.signals.year_fit
        if not query.years or passage == 1:
            return False
        meta = best.hit.chunk.meta
        if document == -1 and (meta.year if meta else "") not in query.years:
            return True
        # A sentence that opens with its day tells when it happened: "Ngày 26/3/2022, đã tổ
        # chức …" is 2022's event, whatever year its document plans for.
        flat = " ".join(best.hit.chunk.text.split())
        at = max(0, flat.find(best.text))
        opening = SENTENCE_END.split(flat[:at])[-1] + best.first if at else best.first
        days = [p for p in mentions(CLAUSE_END.split(opening)[0]) if p.kind == "day" and p.limit]
        return bool(days) and all(str(p.first.year) not in query.years for p in days)

    def _variants(self, query: Query, best: Candidate, clauses: list[Candidate], key: str) -> list[tuple[Candidate, str]]:
        """Near-copies of the answering clause in other documents that give
        another value. A question that names no province nor document fits
        each province's copy of a plan: saying only one value would state it
        with a confidence the documents do not give."""
        if query.years or not key:
            return []
        mine = set(folded_tokens(best.text))

        # Each other passage's window most like the answering one: its copy, if it has one.
        copies: dict[str, tuple[float, Candidate]] = {}
        for c in clauses:
            if c.hit.chunk.doc_id != best.hit.chunk.doc_id:
                theirs = set(folded_tokens(c.text))
                like = len(mine & theirs) / (len(mine | theirs) or 1)
                if like > copies.get(c.hit.chunk.id, (-1.0, c))[0]:
                    copies[c.hit.chunk.id] = (like, c)
        out: list[tuple[Candidate, str]] = []
        for like, c in copies.values():
            if like < 0.6:
                continue  # another passage, not a copy of this one
            other = extract_key(query, c.hit.chunk, c.text)
            if other and fold(other) not in {fold(key)} | {fold(k) for _, k in out}:
                out.append((c, other))
        return out[:2]

    @lru_cache(maxsize=64)  # noqa: B019 - as _word_weights
    def _weighted_terms(self, query: Query, english: bool) -> dict[str, float]:
        """The question's accent-free terms with their idf: what must be found.

        A term no passage has ("phần trăm" where the documents write "%") weighs
        as much as the question's rarest known term, as in `word_coverage`:
        with its own idf it would outweigh all the others.
        """
        # Syllable pairs count only when both halves are content: "o_nghe" and
        # "tang_bao" (of "ở Nghệ An tăng bao nhiêu") are rare, so heavy, and no
        # answer holds them.
        # The words that say what kind of answer is wanted ("tỷ lệ … bao nhiêu
        # phần trăm") are met by the figure itself, not by a passage that
        # repeats them ("tăng tỷ lệ đăng ký … đạt 70%" is not "số hoá hồ sơ tăng 12,3%").
        cues = dict(INTENTS).get(query.intent)
        asked = {w for m in cues.finditer(fold(query.text)) for w in m.group().split()} if cues else set()
        skip = set(folded_tokens(" ".join(query.provinces))) | stopwords() | asked
        index = self.retriever.folded
        weights = {
            t: index.idf(t)
            for t in folded_tokens(query.english_text if english else query.search_text)
            if not any(p in skip for p in t.split("_"))
        }
        known = [v for t, v in weights.items() if t in index]
        return {t: v if t in index else max(known) for t, v in weights.items()} if known else weights

    def word_coverage(self, query: Query, chunk: Chunk) -> float:
        """Share of the question's words, weighted by idf, that the passage
        (with its heading path and abbreviations spelled out) contains.

        Whole words, not syllables: "thủ đô" is not covered by "thủ tục" and
        "đô thị". Province names are left out: the search is already limited
        to the province's documents.
        """
        # A passage in English is matched with the question in English, not its Vietnamese terms.
        weights = self._word_weights(query, english=reads_english(chunk.text))
        if not weights:
            return 0.0
        row = self.retriever.by_id[chunk.id]
        present = self.retriever.word_sets
        return sum(v * _presence(w, present, row, chunk.text) for w, v in weights.items()) / sum(weights.values())

    @lru_cache(maxsize=256)  # noqa: B019 - one answerer per index; a question's words are weighed once for all its passages
    def _word_weights(self, query: Query, english: bool) -> dict[str, float]:
        provinces = " ".join(query.provinces)
        place = set(word_tokens(fold(provinces) if english else provinces)) if provinces else set()
        text = query.english_text if english else query.match_text
        if not english and not has_diacritics(text):
            text = restore_diacritics(text, self.retriever.accents)
        words = [w for w in dict.fromkeys(word_tokens(text)) if w not in place]
        index = self.retriever.words
        weights = {w: index.idf(w) for w in words}
        # A word no passage has gets idf log(1 + 2N): it would outweigh the
        # question's known words more as the index grows (near-copies of
        # one plan do not make its own words rarer), and answers found at 5
        # documents were refused at 50. It weighs as much as the question's
        # rarest known word instead, whatever the size of the index.
        known = [v for w, v in weights.items() if w in index]
        if known:
            weights = {w: v if w in index else max(known) for w, v in weights.items()}
        return weights


def _presence(word: str, present: WordSets, row: int, text: str) -> float:
    """1 if the passage (`row` of `present`) has the word or a way directives say it; 1/2 if a
    one-syllable word opens one of its compounds ("thay" in "thay_thế"); else 0."""
    has = present.has
    if has(row, word) or any(has(row, s) or (not s[0].isalnum() and s in text) for s in synonyms().get(word, ())):
        return 1.0
    if "_" not in word and present.has_prefix(row, word + "_"):
        return 0.5
    return 0.0


def entity_finder(query: Query) -> Finder | None:
    """Where a text holds the asked kind of thing; "ngày nào" wants a day, not a year."""
    if query.intent == "date" and asks_day(query.text):
        return lambda text: date_spans(text, days_only=True)
    return _ENTITY.get(query.intent)


def windows(text: str, limit: int = WINDOW) -> list[tuple[str, str]]:
    """(first clause, window) for each run of consecutive clauses of at most
    `limit` characters (a longer clause stands alone), whitespace-normalised."""
    bounds = [0] + [m.end() for m in CLAUSE_END.finditer(text)] + [len(text)]
    spans = [(a, b) for a, b in zip(bounds, bounds[1:]) if text[a:b].strip()]
    out = []
    for i, (start, _) in enumerate(spans):
        end = spans[i][1]
        for a, b in spans[i:]:
            # A colon announces what follows ("gửi qua địa chỉ email: …"): a window does not end on one.
            if b - start > limit and b != spans[i][1] and not text[start:a].rstrip().endswith(":"):
                break
            end = b
        out.append((" ".join(text[start : spans[i][1]].split()), " ".join(text[start:end].split())))
    return out or [(text[:limit], text[:limit])]


def sentence_from_start(passage: str, window: str) -> str:
    """The window from the start of its sentence, when it begins after a comma
    ("doanh nghiệp là thước đo …" of "sự hài lòng của người dân, doanh nghiệp là
    thước đo …"): a quoted answer reads from where its sentence does, as long as
    the whole window still fits in an answer."""
    flat = " ".join(passage.split())
    at = flat.find(window)
    if at <= 0:
        return window
    start = max(flat.rfind(mark, 0, at) for mark in (". ", "; ", ": ", "! ", "? ")) + 2
    start = 0 if start == 1 else start  # no mark before: the passage's start
    return flat[start:at] + window if len(flat[start:at] + window) <= MAX_ANSWER - len(" [1].") else window


def _agency_from_section(chunk: Chunk) -> str:
    for label in reversed(chunk.section):
        name = MARKER_START.sub("", label)
        if starts_agency(tokenize(name), 0) and len(name) <= 80:
            return name.rstrip(" .:")
    return ""


def _nearest(candidates: list[Span], clause: str, query: Query) -> str:
    """The candidate whose phrase holds the most distinct question words, then the closest.

    "hoàn thành 24/29 nhiệm vụ, 5/29 nhiệm vụ đang triển khai" asked "hoàn
    thành bao nhiêu nhiệm vụ": both figures touch "nhiệm vụ", only 24/29's
    phrase (up to the comma) also says "hoàn thành". Words inside a candidate
    do not count for it.
    """
    if not candidates:
        return ""
    asked = set(fold(query.text).split())
    spots = [(m.start(), m.group()) for m in re.finditer(r"\w+", fold(clause)) if m.group() in asked]
    stops = [m.start() for m in _PHRASE_END.finditer(clause)]

    def key(span: Span) -> tuple[int, int]:
        start, end = span
        first = max((b for b in stops if b < start), default=-1)
        last = min((b for b in stops if b >= end), default=len(clause))
        outside = [(s, w) for s, w in spots if s < start or s >= end]
        phrase = {w for s, w in outside if first < s < last}
        return -len(phrase), min((abs(start - s) for s, _ in outside), default=0)

    start, end = min(candidates, key=key)
    return clause[start:end].strip()


def extract_key(query: Query, chunk: Chunk, clause: str) -> str:
    """The asked thing, read from the answering clause or its passage."""
    asked = fold(query.text)
    if query.intent == "signer" and chunk.meta and chunk.meta.signer:
        return chunk.meta.signer
    if query.intent in ("agency", "who"):
        if query.intent == "who":
            # The name may stand earlier in the passage than the clause quoted.
            for text in (clause, " ".join(chunk.text.split())):
                # "Ngoài ông X, ai …": a name the question gives is not the answer.
                found = [person_name(p) for p in PERSON.finditer(text)]
                names = [n for n in found if is_person(n) and fold(n) not in asked]
                if names:
                    return names[0]
        # "… phải phối hợp với cơ quan nào?" asks who works with the lead, not the lead.
        role = "support" if _ASKS_SUPPORT.search(asked) else "lead"
        if labelled := _field(chunk.text, role):
            return labelled.rstrip(".")
        # The window may have kept only the work of a clause that names its agency earlier.
        for text in (clause, " ".join(chunk.text.split())):
            if (assigned := find_assignment(text)) and (names := getattr(assigned, role)):
                return ", ".join(names)
        if role == "lead" and (section := _agency_from_section(chunk)):
            return section
        # No assignment: the agency the clause names by the question's words
        # ("trên cơ sở đề xuất của Sở …", "Sở … là đầu mối"), not one the question names.
        named = [(a, b) for a, b in agency_spans(clause) if fold(clause[a:b]) not in asked]
        return _nearest(named, clause, query)
    if query.intent == "date":
        if deadline := _field(chunk.text, "deadline"):
            return deadline.rstrip(".")
        finder = entity_finder(query) or date_spans
        spans = [(a, b) for a, b in finder(clause) if fold(clause[a:b]) not in asked]
        if spans:
            return _nearest(spans, clause, query)
        # A heading dates what stands under it: "1.1. Mục tiêu cơ bản đến năm 2025".
        for label in reversed(chunk.section):
            if found := [label[a:b] for a, b in finder(label) if fold(label[a:b]) not in asked]:
                return found[0]
        return ""
    if query.intent == "document":
        refs = [m.span() for m in REF_PATTERN.finditer(clause) if fold(m.group()) not in asked]
        return _nearest(refs, clause, query)
    if query.intent == "number":
        taken = date_spans(clause)
        asked_words = set(re.findall(r"\w+(?:[/,.]\w+)*", asked))
        numbers = [
            m.span()
            for m in FIGURE.finditer(clause)
            if fold(m.group()) not in asked_words and not any(a <= m.start() < b for a, b in taken)
        ]
        value = _nearest(numbers, clause, query)
        if value and not value.endswith("%"):
            # "43" -> "43 mô hình điểm" when the question says what is counted.
            after = clause[clause.find(value) + len(value) :].split()
            unit = []
            question_words = set(re.findall(r"\w+", match_form(query.text)))
            for word in after[:3]:
                bare = word.strip(",.;:")
                if match_form(bare) in question_words and fold(bare) not in stopwords():
                    unit.append(word.strip(",.;:"))
                else:
                    break
            value = " ".join([value, *unit])
        return value
    return ""


def _field(text: str, role: str) -> str:
    """The value of a task's labelled line of this role ("- Cơ quan chủ trì: …"), if the passage has one."""
    return next((value for r, value in fields_in(text) if r == role), "")


def _where(chunk: Chunk) -> str:
    meta = chunk.meta
    return ", ".join(x for x in (meta.province, meta.date_display) if x) if meta else ""


def _pairs(text: str) -> set[tuple[str, str]]:
    """Adjacent words, accent-free: what keeps a phrase's order."""
    words = re.findall(r"\w+", fold(text))
    return set(zip(words, words[1:]))


def _nearness(spans: list[Span], window: str, query: Query) -> float:
    """1 / (1 + words between the asked thing and the nearest question word in the window)."""
    asked = set(fold(query.text).split())
    words = [(m.start(), m.group()) for m in re.finditer(r"\w+", fold(window))]
    spots = [at for at, w in words if w in asked]
    if not spots:
        return 0.0
    starts = [at for at, _ in words]
    gap = min(abs(bisect.bisect(starts, a) - bisect.bisect(starts, s)) for a, _ in spans for s in spots)
    return 1.0 / (1 + gap)


def _with_note(answer: str, note: str) -> str:
    """`answer` with `note` after its cited statement, which is shortened to keep within MAX_ANSWER."""
    head, marker, tail = answer.partition(" [1].")
    room = MAX_ANSWER - len(marker + tail + note)
    if len(head) > room:
        head = head[: room - 1].rsplit(" ", 1)[0] + "…"
    return head + marker + note + tail


def compose(key: str, clause: str, after: str = "") -> str:
    """'<key> — <clause> [1].<after>', at most MAX_ANSWER characters."""
    clause = MARKER_START.sub("", clause.rstrip(" .;,:"))
    room = MAX_ANSWER - len(" [1].") - len(after)
    text = clause if not key or fold(key) == fold(clause) else f"{key} — {clause}"
    if len(text) > room:
        text = text[: room - 1].rsplit(" ", 1)[0] + "…"
    return f"{text} [1].{after}"
