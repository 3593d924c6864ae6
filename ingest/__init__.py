"""Reading directive files into normalised text, document metadata and chunks.

Everything here is pure parsing: no index, no model. `ingest.pipeline.parse_file`
is the entry point; `python -m ingest` stores the result through `index.store`.
"""
