"""A Word 97-2003 document (.doc) as text, with its paragraphs and tables.

Measured on .doc files LibreOffice wrote from the test's plan (header table,
Word's automatic "I." / "1." / bullets, a five-column task table):

- LibreOffice headless (`soffice --convert-to docx`, then the DOCX reader)
  keeps everything, the list numbers included, so the sections nest as in
  the .docx; but it is a 400 MB install and 2.4 s a file.
- antiword keeps paragraphs, their line breaks and tables (its DocBook
  output has rows and cells, which go through ingest/formats/tables.py like
  a Word table), in 10 ms; automatic list numbers and bullets are lost
  (typed ones stay).
- catdoc loses the tables (cells run together with tabs, wrapped at 72
  columns, a cell cut across lines) and the numbering too.

So LibreOffice when it is installed, else antiword; with neither, the file is
refused with the line that installs antiword.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path

from ingest.errors import UnreadableFile
from ingest.formats.tables import Row, render_table

INSTALL = "apt-get install -y antiword"
TOOLS = ("soffice", "antiword")
_SECONDS = 120  # LibreOffice's first start writes its profile; a page-long .doc converts in seconds


def read_doc(data: bytes, tools: Sequence[str] = TOOLS) -> str:
    """The document's text; `tools` are tried in order (LibreOffice's soffice, antiword)."""
    if data.lstrip()[:5] == b"{\\rtf":
        raise UnreadableFile("tệp .doc này thực chất là RTF; hãy mở bằng Word và lưu lại thành .docx")
    available = [t for t in tools if shutil.which(t)]
    if not available:
        raise UnreadableFile(f"tệp Word cũ .doc cần antiword (hoặc LibreOffice) để đọc; hãy chạy: {INSTALL}")
    failure = UnreadableFile("tệp Word .doc bị hỏng hoặc không đúng định dạng")
    for tool in available:  # a file one tool cannot open (Word 95 in LibreOffice's Word 97 filter), the next may
        with tempfile.TemporaryDirectory(prefix="doc-") as folder:
            source = Path(folder) / "van-ban.doc"
            source.write_bytes(data)
            try:
                return _libreoffice(tool, source) if Path(tool).name == "soffice" else _antiword(tool, source)
            except UnreadableFile as e:
                failure = e
    raise failure


def _libreoffice(soffice: str, source: Path) -> str:
    from ingest.formats.docx import read_docx

    folder = source.parent
    # A profile of its own: a LibreOffice the user has open would otherwise take the job and exit.
    profile = (folder / "profile").as_uri()
    try:
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation={profile}",
                "--headless",
                "--norestore",
                # Its Word 97 filter only: on anything else LibreOffice falls back to importing the bytes as text.
                "--infilter=MS Word 97",
                "--convert-to",
                "docx",
                "--outdir",
                str(folder),
                str(source),
            ],
            capture_output=True,
            timeout=_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired as e:
        raise UnreadableFile(f"LibreOffice không chuyển được tệp .doc trong {_SECONDS} giây") from e
    converted = source.with_suffix(".docx")
    if not converted.exists():
        raise UnreadableFile("tệp Word .doc bị hỏng hoặc không đúng định dạng (LibreOffice không mở được)")
    return read_docx(converted.read_bytes())


def _antiword(antiword: str, source: Path) -> str:
    """Two runs: plain text keeps the line breaks inside a paragraph (the signature's "KT. CHỦ TỊCH" /
    "PHÓ CHỦ TỊCH"), which DocBook drops; DocBook gives each table's rows and cells, which plain text
    draws with "|" and wraps inside a cell with no mark between one row and the next."""
    plain = _run([antiword, "-w", "0", "-m", "UTF-8.txt", str(source)]).decode("utf-8", "replace")
    tables = docbook_tables(_run([antiword, "-x", "db", str(source)]))
    blocks: list[str] = []
    drawn = 0
    for group in re.split(r"\n\s*\n", plain):
        lines = [line.rstrip() for line in group.strip("\n").splitlines() if line.strip()]
        if not lines:
            continue
        if all(line.lstrip().startswith("|") for line in lines):
            if drawn < len(tables):
                blocks.extend(render_table(tables[drawn]))
            else:  # not in the DocBook (a nested table): one row a line
                blocks.extend(render_table([[c.strip() for c in line.strip().strip("|").split("|")] for line in lines]))
            drawn += 1
            continue
        blocks.append("\n".join(line.strip() for line in lines))
    return "\n\n".join(blocks)


def _run(command: list[str]) -> bytes:
    try:
        done = subprocess.run(command, capture_output=True, timeout=_SECONDS, check=False)
    except subprocess.TimeoutExpired as e:
        raise UnreadableFile(f"antiword không đọc xong tệp .doc trong {_SECONDS} giây") from e
    if done.returncode != 0:
        raise UnreadableFile("tệp Word .doc bị hỏng hoặc không đúng định dạng (antiword không đọc được)")
    return done.stdout


def docbook_tables(xml: bytes) -> list[list[Row]]:
    """The tables of antiword's DocBook output, in order: rows of cell texts, one line per cell paragraph."""
    # The DOCTYPE names a DTD on the web; ElementTree never fetches it.
    root = ET.fromstring(xml)
    return [
        [
            [
                "\n".join(line.strip() for line in "".join(entry.itertext()).splitlines() if line.strip())
                for entry in row.iter("entry")
            ]
            for row in table.iter("row")
        ]
        for table in root.iter("informaltable")
    ]
