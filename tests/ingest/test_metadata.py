"""Province names in free text: what a question's or a document's place is."""

from __future__ import annotations




