"""The two records that flow from ingest/ through index/ to assistant/."""

from __future__ import annotations

from dataclasses import dataclass, field


def display_date(iso: str | None) -> str:
    """dd/mm/yyyy, mm/yyyy or yyyy: how Vietnamese documents write ISO dates."""
    return "/".join(reversed(iso.split("-"))) if iso else ""


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
    kind: str = "paragraph"  # title | paragraph | item | task | bullet | signature
    meta: DocumentMeta | None = field(default=None, compare=False)
    page: int | None = None  # 1-based page the passage starts on, for formats that have pages (PDF)

    @property
    def section_path(self) -> str:
        return " > ".join(self.section)

    def __repr__(self) -> str:
        text = self.text if len(self.text) < 60 else self.text[:57] + "..."
        return f"Chunk(id={self.id!r}, section={self.section_path!r}, text={text!r})"
