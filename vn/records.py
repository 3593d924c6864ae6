"""The records that flow from ingest/ through index/ to assistant/, and their versions."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

from vn.dates import display_date

# Bump when normalisation, chunking or tokenisation change what the index stores.
NORMALISER_VERSION = 4
# Bump when task extraction changes what it finds: the index then reads each document again.
EXTRACTOR_VERSION = 1


@dataclass(frozen=True)
class DocumentMeta:
    """What a directive says about itself, read from its text."""

    doc_id: str
    source: str  # the ingested file's name
    sha256: str  # of the file's bytes: an unchanged file is not ingested again
    doc_type: str  # "Thông báo", "Kế hoạch", ..., or "Tin bài" for news articles
    title: str
    number: str = ""  # "204/KH-UBND"
    date: str = ""  # ISO, as precise as the document is: "2024-12-25", "2025-03", "2023"
    province: str = ""
    issuer: str = ""
    signer: str = ""
    # Of the cleaned text, spacing aside: the same document under another file name
    # or in another format. Empty in records stored before it was kept.
    content_sha256: str = ""

    @property
    def date_display(self) -> str:
        return display_date(self.date)

    @property
    def year(self) -> str:
        return self.date[:4]

    @property
    def citation_title(self) -> str:
        """'Thông báo Kết luận ... (UBND tỉnh Quảng Ngãi, 25/12/2024)'."""
        head = self.title if self.title.lower().startswith(self.doc_type.lower()) else f"{self.doc_type} {self.title}"
        who = self.issuer or (f"tỉnh {self.province}" if self.province else "")
        tail = ", ".join(x for x in (who, self.date_display) if x)
        return f"{head} ({tail})" if tail else head


@dataclass(frozen=True)
class Chunk:
    """A passage to retrieve and cite.

    `text` is verbatim: `document_text[start:end] == text` always holds, so a
    citation can be found in the document. `section` is the heading path the
    passage sits under, outermost first.
    """

    id: str
    doc_id: str
    text: str
    start: int
    end: int
    section: tuple[str, ...] = ()
    kind: str = "paragraph"  # header | metadata | title | paragraph | item | task | bullet | signature
    meta: DocumentMeta | None = field(default=None, compare=False)
    page: int | None = None  # 1-based page the passage starts on, for formats that have pages (PDF)
    ocr: bool = False  # that page was read by OCR (a scan): its text may hold misread letters

    @property
    def section_path(self) -> str:
        return " > ".join(self.section)

    def __repr__(self) -> str:
        text = self.text if len(self.text) < 60 else self.text[:57] + "..."
        return f"Chunk(id={self.id!r}, section={self.section_path!r}, text={text!r})"


def page_label(page: int | None, ocr: bool) -> str:
    """'trang 3', or 'trang 3, nhận dạng ký tự' when the page was a scan read by OCR (it may hold misread letters)."""
    if not page:
        return "nhận dạng ký tự" if ocr else ""
    return f"trang {page}, nhận dạng ký tự" if ocr else f"trang {page}"


@dataclass(frozen=True)
class Task:
    """One assignment: who must do what by when. `task` and `text` are
    verbatim slices of the document's cleaned text; `text` (the whole
    passage, for citing) is text[start:end]."""

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
class ParsedDocument:
    """One file after ingest: its metadata, cleaned text, passages and tasks."""

    meta: DocumentMeta
    text: str  # the cleaned text that every chunk's offsets refer to
    chunks: list[Chunk]
    tasks: list[Task] = field(default_factory=list)
    # Pages read by OCR -> Tesseract's mean word confidence (0-100): the ingest names the low ones.
    ocr_confidence: dict[int, float] = field(default_factory=dict)
