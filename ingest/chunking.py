"""Cut a directive into passages that follow its structure.

- A plan's task ("a) <task>" followed by "- Cơ quan chủ trì: ...", "- Thời gian
  ...") is one passage: the task and who does it by when belong together.
- A list of bullets under a heading ("2. Sở Tư pháp" then "- ...") gives one
  passage per bullet; each carries the heading path, so the agency is known.
- Prose gives one passage per paragraph; an overlong paragraph is cut at
  sentence ends.
- The header (issuer, number, date, type and summary), a portal's property
  table and the signature are a passage each, so a question about the
  document itself is answered from them.
Offsets are recorded while cutting, never searched for afterwards: directives
repeat whole lines ("- Cơ quan chủ trì: Công an tỉnh.").
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator

from ingest.structure import Block, Layout, sections
from vn.assignments import FIELD
from vn.records import Chunk
from vn.sentences import SENTENCE_END

MAX_CHARS = 1200  # about 300 e5 tokens: well inside the model's 512
# Prose is cut finer: a news paragraph strings unrelated figures together, and
# a passage about one of them should not have to outscore the other four.
PROSE_CHARS = 450


def chunk_id(doc_id: str, section: tuple[str, ...], text: str) -> str:
    digest = hashlib.sha1("\x1f".join((doc_id, *section, text)).encode("utf-8"))
    return digest.hexdigest()[:20]


def _is_field(block: Block) -> bool:
    """'- Cơ quan chủ trì: Sở Y tế.': a labelled line of a task."""
    m = FIELD.match(block.text)
    return m is not None and len(m.group(1).split()) <= 6


def _is_furniture(block: Block) -> bool:
    """'0:00 / 0:00' and other page furniture: fewer than two words."""
    return len(re.findall(r"[^\W\d_]{2,}", block.text)) < 2


def _is_heading(block: Block) -> bool:
    """A numbered item that only names a part, like '2. Sở Tư pháp'."""
    body = block.body
    letters = [c for c in body if c.isalpha()]
    return len(body) <= 80 and not body.rstrip().endswith((".", ";", ":")) or all(c.isupper() for c in letters)


def split_long(text: str, start: int, limit: int = MAX_CHARS) -> Iterator[tuple[int, int]]:
    """(start, end) spans of at most about `limit` characters, cut at sentence ends."""
    if len(text) <= limit:
        yield start, start + len(text)
        return
    piece_start = 0
    last_cut = 0
    for m in SENTENCE_END.finditer(text):
        if m.start() - piece_start > limit * 2 // 3 and last_cut > piece_start:
            yield start + piece_start, start + last_cut
            piece_start = m.end() if last_cut == m.start() else _skip_space(text, last_cut)
        last_cut = m.start()
    if len(text) - piece_start > limit and last_cut > piece_start:
        yield start + piece_start, start + last_cut
        piece_start = _skip_space(text, last_cut)
    yield start + piece_start, start + len(text)


def _skip_space(text: str, at: int) -> int:
    while at < len(text) and text[at].isspace():
        at += 1
    return at


def chunk_document(text: str, items: list[Block], parts: Layout, doc_id: str) -> list[Chunk]:
    paths = sections(items)
    spans: list[tuple[int, int, tuple[str, ...], str]] = []  # start, end, section, kind

    header = parts.header
    if header.portal:
        spans.append((*header.portal, (), "metadata"))
    if header.span:
        spans.append((*header.span, (), "header"))
    if parts.title is not None:
        block = items[parts.title]
        # Above an official header, the heading is a portal's citation of the document: like its
        # property table, it says what the document is (metadata), not what the document says.
        spans.append((block.start, block.end, (), "metadata" if header.official else "title"))

    body = list(parts.body)
    # A news page's lines above its headline that the header did not take (a scraper's
    # "date 2025-08-11" stamp run into the lede "Thông báo số 408/TB-VPCP ngày 8/8/2025 …")
    # are prose like any other: a word no passage holds can never be found.
    after = next((i for i, b in enumerate(items) if b.start >= header.end), len(items))
    for i in range(after, body[0] if body else len(items)):
        block = items[i]
        if i != parts.title and not _is_furniture(block):
            spans.extend((s, e, (), "paragraph") for s, e in split_long(block.text, block.start, PROSE_CHARS))
    consumed: set[int] = set()
    for pos, i in enumerate(body):
        if i in consumed:
            continue
        block, path = items[i], paths[i]
        if block.text.split() and _is_furniture(block):
            continue
        if block.is_item:
            children = []
            for j in body[pos + 1 :]:
                if items[j].is_item and items[j].level <= block.level or items[j].kind == "paragraph":
                    break
                children.append(j)
            direct = [j for j in children if not items[j].is_item]
            section = (*path, block.label)
            group_end = items[direct[-1]].end if direct else block.end
            if direct and any(_is_field(items[j]) for j in direct) and len(direct) == len(children):
                if group_end - block.start <= MAX_CHARS:
                    spans.append((block.start, group_end, section, "task"))
                    consumed.update(direct)
                    continue
            if not _is_heading(block) or not children:
                # "8. Tỉnh đoàn: <task>" is named by its label; "1. <sentence>" is not.
                named = section if children or block.has_short_label else path
                spans.extend((s, e, named, "item") for s, e in split_long(block.text, block.start))
            continue
        if block.kind == "bullet":
            subs = []
            for j in body[pos + 1 :]:
                if items[j].kind != "subbullet":
                    break
                subs.append(j)
            end = items[subs[-1]].end if subs else block.end
            if end - block.start <= MAX_CHARS:
                spans.append((block.start, end, path, "bullet"))
                consumed.update(subs)
                continue
            if subs:  # too long together: the bullet names the part its sub-bullets sit in
                spans.extend((s, e, path, "bullet") for s, e in split_long(block.text, block.start))
                for j in subs:
                    sub = items[j]
                    spans.extend((s, e, (*path, block.label), "bullet") for s, e in split_long(sub.text, sub.start))
                consumed.update(subs)
                continue
        limit = MAX_CHARS if block.marker else PROSE_CHARS
        spans.extend(
            (s, e, path, "bullet" if block.marker else "paragraph")
            for s, e in split_long(block.text, block.start, limit)
        )

    if parts.signature:
        spans.append((*parts.signature, ("Người ký",), "signature"))

    chunks: list[Chunk] = []
    seen: set[str] = set()
    for start, end, section, kind in spans:
        piece = text[start:end]
        cid = chunk_id(doc_id, section, piece)
        if cid in seen:  # a caption printed twice adds nothing
            continue
        seen.add(cid)
        chunks.append(Chunk(id=cid, doc_id=doc_id, text=piece, start=start, end=end, section=section, kind=kind))
    return chunks
