"""Questions about a document itself: its number, date, issuer, signer, the
body that proposed it, whom it is addressed to, when it takes effect.

"Chỉ thị 05/CT-UBND của Bình Dương ban hành ngày nào?", "Kế hoạch chuyển đổi
số năm 2025 của Tuyên Quang có số hiệu gì?", "Ai ký Quyết định 468/QĐ-UBND?".
The document is the one the question names by number, else the best
retrieved document of the type it names whose header covers the question;
the answer is what ingest read from that document's own header, property
table or signature (never a cited document's number or date), cited with
that passage verbatim. A document that does not state the asked thing gets
"không tìm thấy", not the nearest date in it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from assistant.answer import NOT_FOUND, Answer, Citation, ExtractiveAnswerer
from assistant.query import Query, parse_query
from assistant.retrieve import Filters
from vn.normalize import fold, has_diacritics
from vn.questions import attribute_of, attribute_spans
from vn.records import Chunk, DocumentMeta
from vn.refs import doc_types, ref_key
from vn.vocabulary import spell_out

# "Theo đề nghị của Sở Nội vụ tại Tờ trình số 1494/TTr-SNV …" -> "Sở Nội vụ".
_PROPOSED = re.compile(r"(?:theo|xét|trên cơ sở)\s+đề nghị của\s+(.+?)(?=\s+tại\b|\s+về\b|[,;.:(]|$)", re.I | re.M)
_EFFECTIVE = re.compile(
    r"(?:có\s+)?hiệu lực(?:\s+thi hành)?\s*[:|]?\s*((?:kể\s+)?từ\s+ngày[^.;,\n]*|sau[^.;,\n]*ngày[^.;,\n]*|\d{1,2}/\d{1,2}/\d{4})",
    re.I,
)
_DATELINE = re.compile(r"ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}", re.I)
# The share of the words saying which document that its naming must hold. At 0.5 a
# two-word subject was met by one of them ("chuyển đổi số" by the "số" of "Số: 223/KH-UBND").
NAMED = 0.6
_LABELS = {
    "number": "Số hiệu",
    "date": "Ngày ban hành",
    "issuer": "Cơ quan ban hành",
    "signer": "Người ký",
    "proposer": "Theo đề nghị của",
    "effective": "Hiệu lực",
    "recipients": "Kính gửi",
    "type": "Loại văn bản",
}


@dataclass(frozen=True)
class _Found:
    value: str
    chunk: Chunk


class DocumentAnswerer:
    def __init__(self, answerer: ExtractiveAnswerer) -> None:
        self.answerer = answerer
        self.retriever = answerer.retriever
        # The numbers of the loaded documents, for "is the document it names loaded?"
        self.numbers = {ref_key(m.number) for m in self.retriever.documents.values() if m.number}
        self.by_doc: dict[str, list[Chunk]] = {}
        for chunk in self.retriever.chunks:
            self.by_doc.setdefault(chunk.doc_id, []).append(chunk)

    def answer(self, query: Query, filters: Filters | None = None) -> Answer | None:
        """The answer to a question about a document's own attribute; None for any other question."""
        attribute = attribute_of(query.text)
        if not attribute or not _names_a_document(query):
            return None
        # A document it cites ("Nghị quyết 30a/2008/NQ-CP ban hành ngày nào?"): its text says.
        # Not its number: a question giving a document's number asks that of another one
        # ("Kế hoạch … thực hiện Chỉ thị 19/CT-TTg có số hiệu gì?").
        if query.doc_refs and not self._indexed(query) and attribute != "number":
            return None
        meta = self._document(query, filters, attribute)
        if meta is None and (attribute == "number" or (query.provinces and not query.doc_refs)):
            # A document that is not loaded, or not found: the dates and numbers in the
            # other documents are those of the documents they cite ("Căn cứ Quyết định …").
            # The passages found are still shown, as for any "không tìm thấy".
            return replace(self.answerer.answer(query, filters), answer=NOT_FOUND, grounded=False, quote="", key="")
        if meta is None:
            return None
        header = self._chunk(meta, "header") or self._chunk(meta, "metadata") or self._chunk(meta, "title")
        found = self._value(attribute, meta)
        if found is None:
            cited = [Citation(1, header, 1.0)] if header else []
            return Answer(query.text, NOT_FOUND, False, cited)
        text = f"{_LABELS[attribute]}: {found.value} [1]."
        return Answer(query.text, text, True, [Citation(1, found.chunk, 1.0)], quote=found.chunk.text, key=found.value)

    def _indexed(self, query: Query) -> bool:
        return any(ref_key(r) in self.numbers for r in query.doc_refs)

    def _document(self, query: Query, filters: Filters | None, attribute: str) -> DocumentMeta | None:
        """The document asked about: named by its number; else the first retrieved one
        of the asked type whose own naming (header, title, opening sentence) holds most
        (NAMED) of the question's words that say which document; a question that
        says no more than the type and the province ("Kế hoạch của Hà Tĩnh có số hiệu
        gì?") when the province has one document of the type."""
        scope = self.retriever.scope(query, filters)
        documents = self.retriever.documents
        if query.doc_refs and scope and self._indexed(query):
            return documents[scope[0]]
        about = _without_attribute(query, attribute)
        subject = _subject(about)
        if not re.search(r"\w", subject.text):
            fitting = [
                d
                for d in scope or ()
                if documents[d].province and _of_type(documents[d], about.doc_types)
            ]
            return documents[fitting[0]] if query.provinces and len(fitting) == 1 else None
        seen: set[str] = set()
        for hit in self.retriever.retrieve(about, top_k=20, filters=filters):
            doc_id = hit.chunk.doc_id
            if doc_id in seen:
                continue
            seen.add(doc_id)
            meta = documents[doc_id]
            if not _of_type(meta, about.doc_types):
                continue
            if any(self.answerer.word_coverage(subject, c) >= NAMED for c in self._naming(meta)):
                return meta
        return None

    def _naming(self, meta: DocumentMeta) -> list[Chunk]:
        """The passages that say what a document is: its header, title and property
        table, and its first passage ("UBND tỉnh ban hành Kế hoạch triển khai …"), which
        names it when the header has no trích yếu."""
        mine = self.by_doc.get(meta.doc_id, [])
        own = [c for c in mine if c.kind in ("header", "title", "metadata")]
        body = [c for c in mine if c.kind not in ("header", "title", "metadata", "signature")]
        return own + body[:1]

    def _chunk(self, meta: DocumentMeta, kind: str) -> Chunk | None:
        return next((c for c in self.by_doc.get(meta.doc_id, []) if c.kind == kind), None)

    def _holding(self, meta: DocumentMeta, value: str, kinds: tuple[str, ...]) -> Chunk | None:
        """The first passage of these kinds that holds the value verbatim."""
        for kind in kinds:
            for chunk in self.by_doc.get(meta.doc_id, []):
                if chunk.kind == kind and fold(value) in fold(" ".join(chunk.text.split())):
                    return chunk
        return None

    def _value(self, attribute: str, meta: DocumentMeta) -> _Found | None:
        chunks = self.by_doc.get(meta.doc_id, [])
        if attribute in ("number", "issuer", "type", "date"):
            value = {"number": meta.number, "issuer": meta.issuer, "type": meta.doc_type, "date": meta.date}[attribute]
            chunk = self._chunk(meta, "header") or self._chunk(meta, "metadata")
            if not value or chunk is None:
                return None
            if attribute == "date":
                written = _DATELINE.search(chunk.text)
                day = "/".join(str(int(p)) for p in reversed(value.split("-")))
                value = f"{' '.join(written.group().split())} ({day})" if written else day
            elif attribute == "number":
                chunk = self._holding(meta, meta.number, ("header", "metadata")) or chunk
            return _Found(value, chunk)
        if attribute == "signer":
            if not meta.signer:
                return None
            chunk = self._holding(meta, meta.signer, ("signature", "metadata", "header"))
            return _Found(meta.signer, chunk) if chunk else None
        if attribute == "proposer":
            for chunk in chunks:
                if m := _PROPOSED.search(" ".join(chunk.text.split())):
                    return _Found(m.group(1).strip(), chunk)
            return None
        if attribute == "effective":
            for chunk in chunks:
                if m := _EFFECTIVE.search(" ".join(chunk.text.split())):
                    return _Found(m.group(1).strip(), chunk)
            return None
        if attribute == "recipients":
            head = self._chunk(meta, "header")
            if head and (m := re.search(r"Kính\s+gửi\s*:?\s*(.+)", head.text, re.S)):
                names = [" ".join(x.split()).strip(" -–•;.") for x in re.split(r"\n|;", m.group(1))]
                return _Found("; ".join(n for n in names if n), head)
        return None


def _names_a_document(query: Query) -> bool:
    """Whether a question's subject is a document: it names one by type or number."""
    folded = fold(spell_out(query.text))  # "KH CĐS năm 2023" names a Kế hoạch
    words = {fold(t.name) for t in doc_types()} | {"van ban", "decision", "plan", "directive", "document", "letter"}
    return bool(query.doc_refs) or any(re.search(rf"\b{re.escape(w)}\b", folded) for w in words)


# Words every provincial document's naming has, and those left of the asking.
_COMMON = r"văn bản|ubnd|[uủ]y ban nhân dân|tỉnh|thành phố|trên địa bàn|có|là|gì|nào|của|về|vào|ban hành|ký"


def _of_type(meta: DocumentMeta, types: tuple[str, ...]) -> bool:
    """Whether a document is of an asked type, or issues one: a Quy chế, Quy định or
    Kế hoạch is often the attachment of a Quyết định "Về việc ban hành Quy chế …"."""
    if not types or meta.doc_type in types:
        return True
    title = fold(meta.title)
    return any(f"{verb} {fold(t)}" in title for t in types for verb in ("ban hanh", "phe duyet"))


def _subject(about: Query) -> Query:
    """The words that say which document: the question without the asked type's
    name (every plan says "Kế hoạch"), its province, and the words every
    provincial document has ("UBND tỉnh")."""
    names = {*about.doc_types, *about.provinces}
    common = _COMMON
    if not has_diacritics(about.text):
        names, common = {fold(n) for n in names}, fold(_COMMON)
    forms = [re.escape(n) for n in sorted(names, key=len, reverse=True)]
    # Spelled out first: "KH CĐS năm 2023" names a plan on "chuyển đổi số".
    text = re.sub(r"(?<!\w)(?:" + "|".join([*forms, common]) + r")(?!\w)", " ", spell_out(about.text), flags=re.I)
    return replace(parse_query(" ".join(text.split())), provinces=about.provinces)


def _without_attribute(query: Query, attribute: str) -> Query:
    """The question without the words that ask for the attribute: what names the document."""
    keep = list(query.text)
    for start, end in attribute_spans(query.text, attribute):
        keep[start:end] = " " * (end - start)
    stripped = parse_query(" ".join("".join(keep).split()))
    return replace(stripped, doc_types=query.doc_types or stripped.doc_types)
