"""Metadata read from real documents against their gold: a per-field table.

    python -m bench.metadata GOLD_DIR [--storage DIR]

GOLD_DIR holds corpus/*.txt and documents.jsonl (one object per text: source,
type, number, date, province, issuer, signer, title), as ../shared/eval/real/
and bench/real/*/ do. With --storage, the document objects are those
`python -m ingest --list --json` prints for that index (the contract's path);
without, each file is parsed in this process, which is the same reading
without embedding. Only fields the gold states count; values are compared
after NFC, whitespace and dash folding, titles also case-free.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import unicodedata
from pathlib import Path

FIELDS = ("type", "number", "date", "province", "issuer", "signer", "title")


def _norm(value: str, field: str) -> str:
    text = " ".join(unicodedata.normalize("NFC", value or "").replace("–", "-").replace("—", "-").split())
    return text.casefold() if field == "title" else text


def parsed(corpus: Path) -> dict[str, dict[str, str]]:
    from index.library import metadata_fields
    from ingest.pipeline import parse_file

    return {path.name: metadata_fields(parse_file(path).meta) for path in sorted(corpus.glob("*.txt"))}


def listed(storage: Path) -> dict[str, dict[str, str]]:
    done = subprocess.run(
        [sys.executable, "-m", "ingest", "--list", "--json", "--storage", str(storage)],
        capture_output=True,
        text=True,
        check=True,
    )
    return {d["source"]: d for d in (json.loads(line) for line in done.stdout.splitlines() if line.strip())}


def compare(gold: list[dict[str, str]], got: dict[str, dict[str, str]]) -> tuple[dict[str, list[int]], list[str]]:
    table = {f: [0, 0] for f in FIELDS}
    misses = []
    for g in gold:
        mine = got.get(g["source"], {})
        for field in FIELDS:
            if not g.get(field):
                continue
            table[field][1] += 1
            if _norm(mine.get(field, ""), field) == _norm(g[field], field):
                table[field][0] += 1
            else:
                misses.append(f"{g['source']}: {field} {mine.get(field, '')!r} (gold {g[field]!r})")
    return table, misses


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.metadata", description=__doc__.split("\n\n")[0])
    ap.add_argument("gold", type=Path, help="folder with corpus/ and documents.jsonl")
    ap.add_argument("--storage", type=Path, help="an index of the corpus to list (else parse in process)")
    ap.add_argument("--misses", action="store_true", help="print each field that does not match")
    args = ap.parse_args(argv)
    gold = [json.loads(line) for line in (args.gold / "documents.jsonl").read_text(encoding="utf-8").splitlines() if line]
    got = listed(args.storage) if args.storage else parsed(args.gold / "corpus")
    table, misses = compare(gold, got)
    print("| field | match | of | share |\n|---|---:|---:|---:|")
    for field, (ok, n) in table.items():
        print(f"| {field} | {ok} | {n} | {ok / n:.0%} |" if n else f"| {field} | 0 | 0 | – |")
    ok = sum(v[0] for v in table.values())
    n = sum(v[1] for v in table.values())
    print(f"| all | {ok} | {n} | {ok / n:.1%} |")
    if args.misses:
        print("\n".join(misses))
    return 0


if __name__ == "__main__":
    sys.exit(main())
