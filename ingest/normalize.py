"""The citable text of a document: NFC, no markdown noise, tidy whitespace.

`clean` keeps the document's own spelling, so a person can find a quoted
passage with Ctrl-F; the forms texts are compared in (one tone style, no
diacritics) are vn.normalize's.
"""

from __future__ import annotations

import re
import unicodedata

from vn.sentences import MARKER_START, OPEN_END, is_unfinished

_BOLD = re.compile(r"\*\*(.+?)\*\*", re.S)
_ITALIC = re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])", re.S)
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u3000]+")
def clean(raw: str) -> str:
    """The citable text of a document."""
    return clean_parts([raw])[0]


def clean_parts(parts: list[str]) -> tuple[str, list[int]]:
    """The citable text of a document read in parts (pages), and where each part starts in it.

    Offsets are kept while the parts are joined, so a passage's page is known
    from its start offset; a part with no text starts where the next one does.
    """
    paragraphs: list[str] = []
    first_paragraph: list[int] = []  # index into `paragraphs` of each part's first paragraph
    for raw in parts:
        first_paragraph.append(len(paragraphs))
        text = _clean_part(raw)
        if text:
            paragraphs.extend(text.split("\n\n"))
    text, starts = _join_page_breaks(paragraphs)
    starts.append(len(text))
    return text + "\n", [starts[i] for i in first_paragraph]


def _clean_part(raw: str) -> str:
    text = unicodedata.normalize("NFC", raw).replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    text = _BOLD.sub(r"\1", text)
    text = _ITALIC.sub(r"\1", text)
    text = _SPACES.sub(" ", text)
    text = "\n".join(line.strip() for line in text.split("\n"))
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()


def _join_page_breaks(paragraphs: list[str]) -> tuple[str, list[int]]:
    """Rejoin paragraphs that a page break of the source cut in two; return the
    text and the offset in it of each paragraph given.

    The second half either starts in lower case, or follows a paragraph that
    stopped mid-sentence and is long or ends on a word no sentence ends on; a
    heading or caption is short and complete, so it is not taken for the first half.
    """
    out: list[str] = []
    starts: list[int] = []
    length = 0  # of "\n\n".join(out)
    for para in paragraphs:
        if out and not MARKER_START.match(para):
            prev = out[-1]
            last_line = prev.rsplit("\n", 1)[-1]
            if is_unfinished(prev) and (para[0].islower() or len(last_line) >= 200 or OPEN_END.search(last_line)):
                out[-1] = prev + " " + para
                starts.append(length + 1)
                length += 1 + len(para)
                continue
        if out:
            length += 2
        starts.append(length)
        out.append(para)
        length += len(para)
    return "\n\n".join(out), starts
