"""Tasks — who must do what by when — read from a directive's structure.

Directives assign work in three ways, each found through the section tree the
parser already builds, not through any document's wording:

- labelled fields under an item (plans, and task tables rendered as text):
  "a) <task>" then "- Cơ quan chủ trì: …", "- Cơ quan phối hợp: …",
  "- Thời gian hoàn thành: …";
- an agency heading with its tasks below it ("2. Sở Tư pháp" then "- …"),
  or "8. Tỉnh đoàn: <task>" on one line;
- a sentence that assigns ("Giao Sở Nội vụ chủ trì, phối hợp …", "yêu cầu
  Công an tỉnh …") or has an agency as the subject of an instruction ("Các
  sở, ban, ngành cần …").

Items that assign nothing (background, results) are not tasks, and neither
are the paragraphs before and after the numbered body of a directive: the
opening that cites its grounds and the closing formula ("Yêu cầu Thủ trưởng
các cơ quan … nghiêm túc triển khai thực hiện").
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, fields, replace
from functools import cache
from typing import Any

from ingest.agencies import (
    Token,
    lexicon_lines,
    mentions,
    scan_list,
    split_agencies,
    starts_agency,
    tokenize,
    word_at,
)
from ingest.chunking import FIELD, SENTENCE_END
from ingest.deadlines import Deadline, find_deadline, parse_deadline
from ingest.normalize import fold
from ingest.records import DocumentMeta
from ingest.structure import Block, Layout, sections

# Bump when extraction changes what it finds: the index then reads each document again.
EXTRACTOR_VERSION = 1
# A lead named only as "the agencies concerned" cooperates when a named agency leads too.
_VAGUE = "lien quan"
_HEADING_CHARS = 200  # an agency heading is a name or two, not a paragraph
_SUBJECT_CHARS = 400  # room for a sentence's subject, even a long list of agencies
_OPENING_CHARS = 40  # enough to tell whether a sentence opens with an agency


@dataclass(frozen=True)
class Task:
    """One assignment. `task` and `text` are verbatim slices of the document's
    cleaned text; `text` (the whole passage, for citing) is text[start:end]."""

    id: str
    doc_id: str
    source: str
    title: str
    section: str
    task: str
    lead: tuple[str, ...]
    support: tuple[str, ...]
    deadline: str
    due: str | None  # ISO date of the last allowed day
    recurring: bool
    conditional: bool
    text: str
    start: int
    end: int

    def __repr__(self) -> str:
        task = self.task if len(self.task) < 50 else self.task[:47] + "..."
        return f"Task(lead={list(self.lead)!r}, due={self.due!r}, task={task!r})"


CONTRACT_FIELDS = (
    "id",
    "doc_id",
    "source",
    "title",
    "section",
    "task",
    "lead",
    "support",
    "deadline",
    "due",
    "recurring",
    "conditional",
    "text",
)


def task_object(task: Task) -> dict[str, Any]:
    """The contract's task object (../shared/CONTRACT.md)."""
    record = asdict(task)
    return {k: list(record[k]) if isinstance(record[k], tuple) else record[k] for k in CONTRACT_FIELDS}


def task_record(task: Task) -> dict[str, Any]:
    """What the index stores: the task object and where its passage is."""
    return {**task_object(task), "start": task.start, "end": task.end}


def task_from_record(record: dict[str, Any]) -> Task:
    names = {f.name for f in fields(Task)}
    values: dict[str, Any] = {k: tuple(v) if isinstance(v, list) else v for k, v in record.items() if k in names}
    return Task(**values)


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


def first_sentence(text: str) -> str:
    m = SENTENCE_END.search(text)
    return text[: m.start()] if m else text


def sentences(text: str) -> list[tuple[int, int]]:
    bounds = [0, *(x for m in SENTENCE_END.finditer(text) for x in (m.start(), m.end())), len(text)]
    return [(a, b) for a, b in zip(bounds[::2], bounds[1::2]) if text[a:b].strip()]


def _list_after(text: str, tokens: list[Token], j: int) -> tuple[tuple[str, ...], int]:
    end = scan_list(tokens, j)
    if end == j:
        return (), j
    return tuple(split_agencies(text[tokens[j].start : tokens[end - 1].end])), end


def _support_from(text: str, tokens: list[Token], i: int, window: int | None = None) -> tuple[str, ...]:
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
            return Assignment(lead, _support_from(sentence, tokens, end, window=8))
    lead, end = _list_after(sentence, tokens, 0)
    after = end + 1 if end < len(tokens) and tokens[end].text == "," else end
    if lead and word_at(tokens, after, "directive"):
        return Assignment(lead, _support_from(sentence, tokens, after, window=8))
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


@dataclass(frozen=True)
class _Field:
    role: str
    block: Block
    value_start: int  # document offset of the text after the label
    value: str
    subs: tuple[Block, ...] = ()  # plain bullets that belong to the field


def _as_field(block: Block) -> tuple[str, int] | None:
    """(role, offset of the value) for a labelled line such as '- Cơ quan chủ trì: Sở Y tế.'."""
    if block.kind not in ("bullet", "subbullet"):
        return None
    m = FIELD.match(block.text)
    role = field_roles().get(_label_key(m.group(1))) if m else None
    if not m or not role:
        return None
    at = m.end()
    while at < len(block.text) and block.text[at].isspace():
        at += 1
    return role, block.start + at


def _body_start(block: Block) -> int:
    return block.start + len(block.text) - len(block.body)


def _marker(block: Block) -> str:
    return block.text[: len(block.text) - len(block.body)].strip()


class _Extractor:
    def __init__(self, text: str, items: list[Block], parts: Layout, meta: DocumentMeta) -> None:
        self.text, self.items, self.meta = text, items, meta
        self.body = list(parts.body)
        self.paths = sections(items)
        numbered = [i for i in self.body if items[i].is_item]
        # Where the numbered body runs; a document without numbering is all body.
        self.numbered = range(numbered[0] + 1, numbered[-1]) if numbered else range(len(items))
        self.tasks: list[Task] = []

    def run(self) -> list[Task]:
        items = self.items
        # For each numbered item that names who acts, the agencies its children
        # inherit and whether they override what a child's own sentence says
        # (a heading does; "Yêu cầu các sở ... như sau:" does not).
        contexts: dict[int, tuple[tuple[str, ...], bool]] = {}
        stack: list[int] = []
        consumed: set[int] = set()
        for pos, i in enumerate(self.body):
            block = items[i]
            if block.is_item:
                while stack and items[stack[-1]].level >= block.level:
                    stack.pop()
            inherited, strong = next((contexts[a] for a in reversed(stack) if a in contexts), ((), False))
            if i not in consumed:
                children = self._children(pos)
                if block.is_item:
                    consumed.update(self._item(i, pos, children, inherited, strong, contexts))
                elif block.kind == "bullet":
                    consumed.update(self._bullet(i, children, inherited, strong))
                elif block.kind == "paragraph":
                    self._paragraph(i, inherited, strong)
            if block.is_item:
                stack.append(i)
        return self.tasks

    def _children(self, pos: int) -> list[int]:
        """Bullets right under a block (sub-bullets under a bullet)."""
        block = self.items[self.body[pos]]
        kinds = ("subbullet",) if block.kind == "bullet" else ("bullet", "subbullet")
        out = []
        for j in self.body[pos + 1 :]:
            if self.items[j].kind not in kinds:
                break
            out.append(j)
        return out

    def _has_deeper(self, pos: int) -> bool:
        block = self.items[self.body[pos]]
        if pos + 1 >= len(self.body):
            return False
        nxt = self.items[self.body[pos + 1]]
        return nxt.kind in ("bullet", "subbullet") or (nxt.is_item and nxt.level > block.level)

    def _item(
        self,
        i: int,
        pos: int,
        children: list[int],
        inherited: tuple[str, ...],
        strong: bool,
        contexts: dict[int, tuple[tuple[str, ...], bool]],
    ) -> list[int]:
        block = self.items[i]
        found = [(j, _as_field(self.items[j])) for j in children]
        if any(f for _, f in found):
            self._field_task(i, found, inherited)
            return children
        label, _, rest = block.body.partition(":")
        if block.has_short_label and (heading := agency_heading(label)):
            contexts[i] = (heading, True)
            if rest.strip():  # "8. Tỉnh đoàn: <task>"
                start = _body_start(block) + len(label) + 1
                start += len(rest) - len(rest.lstrip())
                self._add(block.start, block.end, start, block.end, i, block.label, Assignment(heading))
            return []
        if heading := agency_heading(block.body):
            contexts[i] = (heading, True)
            return []
        body = block.body.rstrip()
        if body.endswith(":") and self._has_deeper(pos):  # "... thực hiện các nhiệm vụ sau:"
            if own := find_assignment(first_sentence(body)):
                contexts[i] = (own.lead, False)
            return []
        if not body.endswith((".", ";", "!", "?", "…")) and len(body) <= 120 and self._has_deeper(pos):
            return []  # a heading of a part: "1. Công tác tham mưu, chỉ đạo"
        who = _who(first_sentence(body), inherited, strong)
        if who is None:
            return []
        end = self.items[children[-1]].end if children else block.end
        self._add(block.start, end, _body_start(block), block.end, i, _marker(block), who)
        return children

    def _bullet(self, i: int, subs: list[int], inherited: tuple[str, ...], strong: bool) -> list[int]:
        block = self.items[i]
        if _as_field(block):  # a field with no item above it
            return []
        who = _who(first_sentence(block.body), inherited, strong)
        if who is None:
            return []
        end = self.items[subs[-1]].end if subs else block.end
        self._add(block.start, end, _body_start(block), block.end, i, None, who)
        return subs

    def _paragraph(self, i: int, inherited: tuple[str, ...], strong: bool) -> None:
        if i not in self.numbered:
            return  # the opening and the closing formula of a directive
        block = self.items[i]
        if strong and inherited:
            self._add(block.start, block.end, block.start, block.end, i, None, Assignment(inherited))
            return
        for a, b in sentences(block.text):
            if who := find_assignment(block.text[a:b]):
                self._add(block.start + a, block.start + b, block.start + a, block.start + b, i, None, who)

    def _field_task(self, i: int, found: list[tuple[int, tuple[str, int] | None]], inherited: tuple[str, ...]) -> None:
        """An item with labelled fields below it: the plan's way to assign."""
        block = self.items[i]
        groups: list[_Field] = []
        for j, field in found:
            if field:
                role, at = field
                groups.append(_Field(role, self.items[j], at, self.text[at : self.items[j].end].strip()))
            elif groups:  # "+ ..." under "- Nhiệm vụ:" belongs to that field
                groups[-1] = replace(groups[-1], subs=(*groups[-1].subs, self.items[j]))

        def names(role: str) -> tuple[str, ...]:
            return tuple(n for f in groups if f.role == role for n in split_agencies(f.value))

        works = [f for f in groups if f.role == "task"]
        label = block.body.partition(":")[0] if block.has_short_label else block.body
        # "(1) Công an tỉnh" over "- Nhiệm vụ: ...": the item names who acts.
        heading = agency_heading(label) if works else ()
        lead = names("lead") or heading
        own = None if lead else find_assignment(first_sentence(block.body))  # "a) Giao 03 địa phương: ..."
        lead = lead or (own.lead if own else ()) or inherited
        vague = tuple(n for n in lead if _VAGUE in fold(n))
        if vague and len(vague) < len(lead):  # "Công an tỉnh và các cơ quan, đơn vị liên quan"
            lead = tuple(n for n in lead if n not in vague)
        support = names("support") or (own.support if own else ()) or vague
        deadline_fields = [f for f in groups if f.role == "deadline"]
        spans: list[tuple[int, int]] = []
        for f in works:
            if f.value:
                spans.append((f.value_start, f.block.end))
            else:
                spans.extend((_body_start(s), s.end) for s in f.subs)
        if not works:
            spans = [(_body_start(block), block.end)]
        end = max([g.block.end for g in groups] + [s.end for g in groups for s in g.subs])
        section = block.label if heading else _marker(block)
        for start, stop in spans:
            if deadline_fields:
                deadline = parse_deadline(deadline_fields[0].value, self.meta.date)
            else:  # a target may carry the date: "Trong năm 2023, đạt tối thiểu 10% ..."
                details = " ".join(f.value for f in groups if f.role == "detail")
                deadline = find_deadline(f"{self.text[start:stop]} {details}", self.meta.date)
            self._add(block.start, end, start, stop, i, section, Assignment(lead, support), deadline)

    def _add(
        self,
        start: int,
        end: int,
        task_start: int,
        task_end: int,
        i: int,
        last: str | None,
        who: Assignment,
        deadline: Deadline | None = None,
    ) -> None:
        work = self.text[task_start:task_end].strip()
        if not work or not who.lead:
            return
        if deadline is None:
            deadline = find_deadline(work, self.meta.date)
        support = who.support
        if not support and mentions(first := first_sentence(work), "support"):
            support = _support_from(first, tokenize(first), 0)
        support = tuple(n for n in support if n not in who.lead)
        path = (*self.paths[i], last) if last else self.paths[i]
        digest = hashlib.sha1(f"{self.meta.doc_id}\x1f{task_start}\x1f{work}".encode()).hexdigest()[:16]
        self.tasks.append(
            Task(
                id=digest,
                doc_id=self.meta.doc_id,
                source=self.meta.source,
                title=self.meta.citation_title,
                section=" > ".join(path),
                task=work,
                lead=who.lead,
                support=support,
                deadline=deadline.text,
                due=deadline.due_iso,
                recurring=deadline.recurring,
                conditional=deadline.conditional,
                text=self.text[start:end],
                start=start,
                end=end,
            )
        )


def _who(sentence: str, inherited: tuple[str, ...], strong: bool) -> Assignment | None:
    """Who acts on an item or bullet: its heading's agencies when it sits under
    one ("2. Sở Tư pháp"), else whom its own sentence assigns, else whom the
    item introducing it named ("Yêu cầu các sở ... như sau:")."""
    if strong and inherited:
        return Assignment(inherited)
    return find_assignment(sentence) or (Assignment(inherited) if inherited else None)


def extract_tasks(text: str, items: list[Block], parts: Layout, meta: DocumentMeta) -> list[Task]:
    """The tasks of one parsed document, in document order."""
    return _Extractor(text, items, parts, meta).run()
