"""Agency names: found in running text, split out of lists, written one way.

A directive names who must act in lists ("Các sở: Tư pháp, Y tế, Lao động -
Thương binh và Xã hội; Công an tỉnh"), in abbreviations ("Sở TT&TT") and with
typos ("Tinh đoàn"). Names are compared by a key that ignores accents, case
and punctuation, after spelling "Ủy ban nhân dân" as "UBND"; the table of
known names, their spellings and the short names people ask with is data
(lexicon/agencies.tsv), the words that start or end a name too
(agency_heads.txt, task_words.tsv). One finder serves documents and
questions: `find_agencies`.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import NamedTuple

from vn.normalize import fold, fold_aligned, match_form

_LEXICON = Path(__file__).parent / "lexicon"
_TOKEN = re.compile(r"\w+|\.\.\.|[^\w\s]")
# Punctuation that may sit inside one name: "Sở Văn hóa, Thể thao và Du lịch",
# "Đài Phát thanh - Truyền hình", "Sở TT&TT".
_INNER = {",", "-", "–", "&"}
# Punctuation that ends a list of names in a sentence.
_HARD = {".", "...", "…", ";", ":", "(", ")", "!", "?", '"', "“", "”", "'"}


class Token(NamedTuple):  # a tuple: sentences are tokenised often, and tuples are cheap
    text: str
    start: int
    end: int
    form: str  # match_form: one tone style, lower case
    key: str  # accent-free

    @property
    def is_word(self) -> bool:
        return self.text[0].isalnum()

    @property
    def is_capital(self) -> bool:
        return self.text[0].isupper() or self.text[0].isdigit()


@lru_cache(maxsize=1 << 16)
def _forms(word: str) -> tuple[str, str]:
    return match_form(word), fold(word)


def tokenize(text: str) -> list[Token]:
    return [Token(m.group(), m.start(), m.end(), *_forms(m.group())) for m in _TOKEN.finditer(text)]


def lexicon_lines(name: str) -> list[str]:
    """The lines of a table in lexicon/, without comments and blank lines."""
    text = (_LEXICON / name).read_text(encoding="utf-8")
    return [line.rstrip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


def _words(text: str) -> tuple[str, ...]:
    return tuple(t.key for t in tokenize(text) if t.is_word)


# Phrases (match_form words) by their first word, longest first: looked up at every token.
Phrases = dict[str, list[tuple[str, ...]]]


def _by_first(phrases: list[tuple[str, ...]]) -> Phrases:
    out: Phrases = defaultdict(list)
    for phrase in sorted(phrases, key=len, reverse=True):
        out[phrase[0]].append(phrase)
    return dict(out)


@dataclass(frozen=True)
class _Lexicon:
    names: dict[str, str]  # key -> canonical name
    short: dict[str, str]  # key of a short name people ask with ("Công an") -> canonical name
    known: Phrases  # the keys' words, by first word
    asked: Phrases  # the same with the short names: what a question may name
    terms: tuple[tuple[str, str], ...]  # long form -> the form names use
    heads: Phrases
    not_heads: Phrases
    words: dict[str, Phrases]  # kind (task_words.tsv) -> phrases


@cache
def lexicon() -> _Lexicon:
    terms = tuple((long.strip(), short.strip()) for long, short in _pairs("agency_terms.tsv"))
    names: dict[str, str] = {}
    short: dict[str, str] = {}
    for line in lexicon_lines("agencies.tsv"):
        canonical, spellings, shorter = (line.split("\t") + ["", ""])[:3]
        names.setdefault(_key(canonical.strip(), terms), canonical.strip())
        names.update((_key(v, terms), canonical.strip()) for v in _cells(spellings))
        short.update((_key(v, terms), canonical.strip()) for v in _cells(shorter))

    def phrases(keys: list[str]) -> list[tuple[str, ...]]:
        out = [tuple(key.split()) for key in keys]
        # Running text spells out what the table shortens ("Văn phòng Ủy ban nhân dân tỉnh"): match that too.
        for long, abbreviation in terms:
            out += [spelled for k in list(out) if (spelled := _replace(k, _words(abbreviation), _words(long))) != k]
        return out

    heads = [
        (line.startswith("!"), tuple(match_form(line.lstrip("!")).split()))
        for line in lexicon_lines("agency_heads.txt")
    ]
    words: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for kind, phrase in _pairs("task_words.tsv"):
        words[kind].append(tuple(match_form(phrase).split()))
    return _Lexicon(
        names=names,
        short=short,
        known=_by_first(phrases(list(names))),
        asked=_by_first(phrases(list(names) + list(short))),
        terms=terms,
        heads=_by_first([h for negative, h in heads if not negative]),
        not_heads=_by_first([h for negative, h in heads if negative]),
        words={kind: _by_first(phrases) for kind, phrases in words.items()},
    )


def _cells(cell: str) -> list[str]:
    return [v.strip() for v in cell.split("|") if v.strip()]


def _pairs(name: str) -> list[tuple[str, str]]:
    return [(a, b) for a, b in (line.split("\t") for line in lexicon_lines(name))]


def _replace(words: tuple[str, ...], old: tuple[str, ...], new: tuple[str, ...]) -> tuple[str, ...]:
    out: list[str] = []
    i = 0
    while i < len(words):
        if words[i : i + len(old)] == old:
            out.extend(new)
            i += len(old)
        else:
            out.append(words[i])
            i += 1
    return tuple(out)


def name_key(name: str) -> str:
    """'Sở Lao động, Thương binh và Xã hội' -> 'so lao dong thuong binh va xa hoi';
    'Ủy ban nhân dân tỉnh' -> 'ubnd tinh'."""
    return _key(name, lexicon().terms)


@lru_cache(maxsize=1 << 14)
def _key(name: str, terms: tuple[tuple[str, str], ...]) -> str:
    words = _words(name)
    for long, short in terms:
        words = _replace(words, _words(long), _words(short))
    return " ".join(words)


def _apply_terms(name: str) -> str:
    """'Ủy ban nhân dân các huyện' -> 'UBND các huyện', whatever the accents."""
    for long, short in lexicon().terms:
        folded = fold_aligned(name).lower()  # same offsets as `name`
        parts, last = [], 0
        for m in re.finditer(rf"(?<!\w){re.escape(fold(long))}(?!\w)", folded):
            parts += [name[last : m.start()], short]
            last = m.end()
        name = "".join(parts) + name[last:]
    return name


@lru_cache(maxsize=1 << 12)
def canonical(name: str) -> str:
    """One spelling per agency: the table's, else the name tidied up."""
    name = " ".join(name.split()).strip(" .,;:")
    if not name:
        return ""
    name = _apply_terms(name)
    known = lexicon().names.get(name_key(name))
    return known or name[0].upper() + name[1:]


def spellings() -> dict[str, str]:
    """Every spelling the table knows, as a key (name_key), with its one name."""
    return lexicon().names


def same_agency(query: str, name: str) -> bool:
    """Whether `name` is the agency asked for: the same key, or the key the
    query gives followed by more words ('Công an' finds 'Công an tỉnh')."""
    q, n = name_key(canonical(query)), name_key(name)
    return bool(q) and (n == q or n.startswith(q + " "))


# --- finding names in a sentence -------------------------------------------------


def _phrase_at(tokens: list[Token], i: int, phrases: Phrases) -> int:
    """Length in tokens of the longest phrase that starts at token i, else 0."""
    if i >= len(tokens):
        return 0
    for phrase in phrases.get(tokens[i].form, ()):
        if all(j < len(tokens) and tokens[j].form == w for j, w in enumerate(phrase, i)):
            return len(phrase)
    return 0


def word_at(tokens: list[Token], i: int, kind: str) -> int:
    return _phrase_at(tokens, i, lexicon().words.get(kind, {}))


@cache
def _any_of(kind: str) -> re.Pattern[str]:
    phrases = sorted((" ".join(p) for ps in lexicon().words.get(kind, {}).values() for p in ps), key=len, reverse=True)
    return re.compile(rf"(?<!\w)(?:{'|'.join(map(re.escape, phrases))})(?!\w)")


def mentions(text: str, kind: str) -> bool:
    """Whether a phrase of `kind` (task_words.tsv) occurs in `text`: a cheap
    test before tokenising a long passage."""
    return bool(_any_of(kind).search(match_form(text)))


def known_at(tokens: list[Token], i: int, asking: bool = False) -> int:
    """End token index of the longest known name starting at i, else 0;
    `asking`: short names count too ("Công an" in a question)."""
    if i >= len(tokens) or not tokens[i].is_word:
        return 0
    lex = lexicon()
    for words in (lex.asked if asking else lex.known).get(tokens[i].key, []):
        j, matched = i, 0
        while j < len(tokens) and matched < len(words):
            t = tokens[j]
            if t.is_word:
                if t.key != words[matched]:
                    break
                matched += 1
            elif t.text not in _INNER or matched == 0:
                break
            j += 1
        if matched == len(words):
            return j
    return 0


def _head_at(tokens: list[Token], i: int) -> bool:
    lex = lexicon()
    n = _phrase_at(tokens, i, lex.heads)
    if not n or _phrase_at(tokens, i, lex.not_heads):
        return False
    # "Ban Nội chính" is a name, "ban ngành" a word of a list: heads are capitalised,
    # or, in running text, lower-case before the capitalised rest ("đề nghị phòng Nội vụ huyện").
    after = tokens[i + n] if i + n < len(tokens) else None
    return tokens[i].is_capital or bool(after and after.is_word and after.is_capital)


def is_bare_head(name: str) -> bool:
    """Whether a name is only the word agencies' names start with ("Ban", "Sở"): no agency."""
    words = tuple(match_form(name).split())
    return bool(words) and words in set(lexicon().heads.get(words[0], ())) and not name.isupper()


def starts_agency(tokens: list[Token], i: int) -> bool:
    if i >= len(tokens) or not tokens[i].is_word:
        return False
    if known_at(tokens, i) or _head_at(tokens, i):
        return True
    j = i + 2 if [t.form for t in tokens[i : i + 2]] == ["tất", "cả"] else i
    if j < len(tokens) and tokens[j].form in ("các", "mỗi"):  # "các sở, ban, ngành", "tất cả các đơn vị"
        return bool(word_at(tokens, j + 1, "collective"))
    unit = word_at(tokens, i, "unit")
    # "thị xã Đức Phổ": a local unit followed by its name.
    return bool(unit) and i + unit < len(tokens) and tokens[i + unit].is_capital and tokens[i + unit].is_word


def _plural_before_colon(tokens: list[Token], colon: int) -> bool:
    """'Các sở:' — a list of bare names follows."""
    return colon >= 2 and tokens[colon - 2].form in ("các", "mỗi") and bool(word_at(tokens, colon - 1, "collective"))


def scan_list(tokens: list[Token], i: int) -> int:
    """End token index (exclusive) of the agency list starting at token i; i if none.

    Known names are taken whole; other names run until a word that cannot be
    part of a name (a verb, a preposition: task_words.tsv) or a punctuation
    mark that ends a list."""
    if not starts_agency(tokens, i):
        return i
    # A head is taken whole: the "chỉ đạo" of "Ban Chỉ đạo" would end a name as a verb.
    j = end = i + (0 if known_at(tokens, i) else _phrase_at(tokens, i, lexicon().heads))
    while j < len(tokens) and j - i < 60:
        if known := known_at(tokens, j):
            j = end = known
            # After a known name comes a separator, or more of a longer name
            # ("Công an tỉnh Quảng Ngãi"); a lower-case word is the predicate.
            if keep := word_at(tokens, j, "keep"):  # "các sở, ngành liên quan"
                j = end = j + keep
            if j < len(tokens) and tokens[j].is_word and not tokens[j].is_capital and tokens[j].form != "và":
                break
            continue
        t = tokens[j]
        if t.text in _HARD:
            if t.text == ":" and _plural_before_colon(tokens, j):
                j += 1
                continue
            if t.text == ";" and starts_agency(tokens, j + 1):
                j += 1
                continue
            break
        if j > i and (keep := word_at(tokens, j, "keep")):
            j = end = j + keep
            continue
        if j > i and word_at(tokens, j, "stop"):
            break
        if t.text == "," or t.form == "và":
            # A list goes on with another name or a plural's next noun
            # ("các sở, ban, ngành"); anything else after it is not a name.
            if not (j + 1 < len(tokens) and _continues_list(tokens, j + 1)):
                break
        j += 1
        if t.is_word and t.form != "và":
            end = j
    return end


def _continues_list(tokens: list[Token], i: int) -> bool:
    t = tokens[i]
    return (t.is_word and t.is_capital) or starts_agency(tokens, i) or bool(word_at(tokens, i, "collective"))


def _pieces(text: str) -> list[tuple[int, int]]:
    """Character spans between the commas and "và" of a list."""
    spans, start = [], 0
    for m in re.finditer(r",|\s+và\s+|\s+&\s+", text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def _starts_name(text: str) -> bool:
    return starts_agency(tokenize(text.strip()), 0)


_PLURAL_LIST = re.compile(r"^(?:cac|moi)\s+(\w+)\s*:\s*", re.I)


def split_agencies(text: str) -> list[str]:
    """A list of agencies, each named in full and in its one spelling.

    "Các sở: Tư pháp, Lao động, Thương binh và Xã hội; Công an tỉnh" ->
    ["Sở Tư pháp", "Sở Lao động - Thương binh và Xã hội", "Công an tỉnh"].
    A comma splits two names only where the next one starts like a name, so
    "Sở Văn hóa, Thể thao và Du lịch" and "UBND các huyện, thị xã, thành
    phố" stay whole."""
    return list(_split_agencies(text))


@lru_cache(maxsize=1 << 12)  # directives repeat their lists: "UBND các huyện, thị xã, thành phố."
def _split_agencies(text: str) -> tuple[str, ...]:
    names: list[str] = []
    for segment in text.split(";"):
        segment = segment.strip(" \t\n.,")
        if not segment:
            continue
        if m := _PLURAL_LIST.match(fold_aligned(segment)):
            head = segment[m.start(1) : m.end(1)]
            names.extend(_expand(head[0].upper() + head[1:], segment[m.end() :]))
            continue
        names.extend(_split(segment))
    return tuple(dict.fromkeys(n for n in names if n))


def _expand(head: str, rest: str) -> list[str]:
    """'Sở' + 'Tư pháp, Lao động, Thương binh và Xã hội' -> each 'Sở <name>';
    neighbouring pieces join when together they are a known name."""
    parts = [p.strip() for p in rest.split(",") if p.strip()]
    out, a = [], 0
    while a < len(parts):
        for b in range(len(parts), a, -1):
            name = f"{head} {', '.join(parts[a:b])}"
            if b == a + 1 or name_key(name) in lexicon().names:
                out.append(canonical(name))
                a = b
                break
    return out


def _split(segment: str) -> list[str]:
    spans = _pieces(segment)
    groups: list[tuple[int, int]] = []
    a = 0
    while a < len(spans):
        # A known name may hold commas and "và": take the longest run of pieces that is one.
        b = next(
            (
                b
                for b in range(len(spans), a + 1, -1)
                if name_key(segment[spans[a][0] : spans[b - 1][1]]) in lexicon().names
            ),
            a + 1,
        )
        piece = (spans[a][0], spans[b - 1][1])
        if groups and b == a + 1 and not _starts_name(segment[piece[0] : piece[1]]):
            groups[-1] = (groups[-1][0], piece[1])  # "thị xã" in "UBND các huyện, thị xã, thành phố"
        else:
            groups.append(piece)
        a = b
    names = [segment[s:e].strip() for s, e in groups]
    return [canonical(n) for n in _distribute_committee(names)]


def _distribute_committee(names: list[str]) -> list[str]:
    """'UBND huyện Bình Sơn, Thành phố Quảng Ngãi' names two committees."""
    out = []
    committee = False
    for name in names:
        if fold(name).startswith(("ubnd ", "uy ban nhan dan ")):
            committee = True
        elif committee and word_at(tokenize(name), 0, "unit"):
            name = "UBND " + name[0].lower() + name[1:]
        out.append(name)
    return out


# --- known names in a text --------------------------------------------------------


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    name: str  # the canonical name


def find_agencies(text: str, asking: bool = False) -> list[Mention]:
    """The agencies of the table a text names, in order, however they are
    written ("so tu phap", "Sở TT&TT"); `asking`: the text is a question, so
    short names count ("Công an" for "Công an tỉnh")."""
    tokens = tokenize(text)
    lex = lexicon()
    out: list[Mention] = []
    i = 0
    while i < len(tokens):
        end = known_at(tokens, i, asking)
        if not end:
            i += 1
            continue
        key = _key(text[tokens[i].start : tokens[end - 1].end], lex.terms)
        if name := lex.names.get(key) or lex.short.get(key):
            out.append(Mention(tokens[i].start, tokens[end - 1].end, name))
        i = end
    return out


def agency_spans(text: str) -> list[tuple[int, int]]:
    """Where a text names agencies, known or not ("trên cơ sở đề xuất của Sở Thông
    tin và Truyền thông", "phòng Nội vụ huyện"), as character spans; a list of
    names ("Sở Tài chính, Sở Nội vụ") is one span. Bare heads ("Ban") are no agency."""
    tokens = tokenize(text)
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(tokens):
        end = scan_list(tokens, i)
        if end > i:
            start, stop = tokens[i].start, tokens[end - 1].end
            if not is_bare_head(text[start:stop]):
                spans.append((start, stop))
            i = end
        else:
            i += 1
    return spans


def agencies_in(text: str, asking: bool = True) -> list[str]:
    """The known agencies a text names, each once, in order."""
    return list(dict.fromkeys(m.name for m in find_agencies(text, asking)))


@cache
def _central() -> dict[str, str]:
    """Key (name_key) of each central body -> its name."""
    out: dict[str, str] = {}
    for line in lexicon_lines("central_bodies.txt"):
        name, _, english = line.partition("\t")
        for form in (name, *english.split("|")):
            if form.strip():
                out[name_key(form)] = name.strip()
    return out


def central_body(name: str) -> str:
    """The central body a name is, as written in running text ('BỘ THÔNG TIN VÀ
    TRUYỀN THÔNG' -> 'Bộ Thông tin và Truyền thông'), else ''. A name that
    goes on past one ("Bộ Công an" + "Cục Cảnh sát …") is the longest known."""
    key = name_key(name)
    found = [v for k, v in _central().items() if key == k or key.startswith(k + " ")]
    return max(found, key=len, default="")
