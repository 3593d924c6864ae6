"""The saved index: Vietnamese tokens for BM25, e5 vectors in Chroma, a manifest."""
