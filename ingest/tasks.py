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
from dataclasses import dataclass, replace

from ingest.structure import Block, Layout, sections
from vn.agencies import mentions, split_agencies, tokenize
from vn.assignments import Assignment, agency_heading, field_of, find_assignment, support_from
from vn.dates import Deadline, find_deadline, parse_deadline
from vn.normalize import fold
from vn.records import DocumentMeta, Task
from vn.sentences import first_sentence, sentence_spans

# A lead named only as "the agencies concerned" cooperates when a named agency leads too.
_VAGUE = "lien quan"


@dataclass(frozen=True)
class _Field:
    role: str
    block: Block
    value_start: int  # document offset of the text after the label
    value: str
    subs: tuple[Block, ...] = ()  # plain bullets that belong to the field


def _as_field(block: Block) -> tuple[str, int] | None:
    """(role, offset of the value) for a labelled line such as '- Cơ quan chủ trì: Sở Y tế.'."""
    if block.kind not in ("bullet", "subbullet") or not (found := field_of(block.text)):
        return None
    role, at = found
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
        for a, b in sentence_spans(block.text):
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
            support = support_from(first, tokenize(first), 0)
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
