"""Lines of a page back into paragraphs: what a PDF's text layer and OCR both give is lines."""

from __future__ import annotations

import re

from vn.sentences import MARKER_START, is_unfinished

_PAGE_NUMBER = re.compile(r"^(?:trang\s*)?[-–]?\s*\d{1,4}\s*[-–]?(?:\s*/\s*\d{1,4})?$", re.I)
_SHORT_LINE = 50  # signature and header lines are short on any page; an A4 text line has some 100 characters


def paragraphs(page: str) -> str:
    """Rejoin the lines of a page that wrap at the margin; drop a bare page number at its top or bottom."""
    lines = [line.strip() for line in page.split("\n")]
    lines = [line for line in lines if line]
    while lines and _PAGE_NUMBER.match(lines[0]):
        lines.pop(0)
    while lines and _PAGE_NUMBER.match(lines[-1]):
        lines.pop()
    if not lines:
        return ""
    # A line that reaches the right margin is about as long as the longest lines of the page.
    lengths = sorted(len(line) for line in lines)
    full = max(0.8 * lengths[int(0.9 * (len(lengths) - 1))], _SHORT_LINE)
    out = [lines[0]]
    for line in lines[1:]:
        previous = out[-1].rsplit("\n", 1)[-1]
        wrapped = len(previous) >= full and not MARKER_START.match(line)
        new_sentence = not is_unfinished(previous) and line[0].isupper()
        if wrapped and not new_sentence:
            out[-1] += " " + line
        else:
            out.append(line)
    return "\n".join(out)
