"""How much reading one file may cost. The deployed values are index/config.py's
Settings (DIRECTIVE_MAX_FILE_MB, ...); these defaults are the same numbers, for
code that reads files without settings (tests, scripts)."""

from __future__ import annotations

from dataclasses import dataclass

MB = 1024 * 1024


@dataclass(frozen=True)
class ParseLimits:
    max_file_bytes: int = 20 * MB  # the file as uploaded
    # All members of a DOCX together, as actually inflated (ingest.formats.zipcheck).
    # Real directives' Word files hold a few MB of XML and their pictures.
    max_unpacked_bytes: int = 100 * MB
    # One file's parse, in its worker process (ingest.worker): address space and wall-clock time.
    memory_bytes: int = 1536 * MB
    seconds: float = 60.0
