"""`giar extract [--jsonl] [--jobs N] PATH...`: one JSON line per document on stdout."""
from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from tqdm import tqdm

from ..model import Report
from .document import extract_document, quarantined

CHUNK = 16  # documents per task: amortizes inter-process overhead, keeps order cheap


def find_documents(paths: Iterable[str]) -> Iterator[Path]:
    """Files as given, and every non-hidden regular file under folders, in a stable sorted order."""
    for p in map(Path, paths):
        if p.is_dir():
            for root, dirs, files in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for f in sorted(files):
                    if not f.startswith(".") and (Path(root) / f).is_file():
                        yield Path(root) / f
        else:
            yield p


def extract_path(path: Path) -> Report:
    try:
        raw = path.read_bytes()
    except OSError as e:
        return quarantined(str(path), "", f"cannot read the file: {e.strerror or e}")
    return extract_document(raw, str(path))  # never raises: unreadable documents come back quarantined


def _extract_chunk(paths: list[Path]) -> list[dict]:
    return [extract_path(p).to_json_dict() for p in paths]


def extract_many(paths: list[Path], jobs: int = 0) -> Iterator[dict]:
    """Contract dicts in input order; ``jobs`` worker processes (0: all cores, 1: in-process)."""
    jobs = jobs or os.cpu_count() or 1
    if jobs == 1 or len(paths) <= CHUNK:
        for p in paths:
            yield extract_path(p).to_json_dict()
        return
    chunks = [paths[i:i + CHUNK] for i in range(0, len(paths), CHUNK)]
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        for batch in pool.map(_extract_chunk, chunks):
            yield from batch


def main(args) -> int:
    """Exit 0; 1 when a PATH given does not exist (the others are still extracted)."""
    missing = [p for p in args.paths if not Path(p).exists()]
    for p in missing:
        print(f"giar extract: {p}: no such file or folder", file=sys.stderr)
    paths = list(find_documents(p for p in args.paths if p not in missing))
    quarantined_n = 0
    bar = tqdm(total=len(paths), unit="doc", file=sys.stderr, disable=args.no_progress or None, desc="extract")
    out = sys.stdout
    for d in extract_many(paths, args.jobs):
        out.write(json.dumps(d, ensure_ascii=False) + "\n")
        quarantined_n += d["status"] != "ok"
        bar.update()
    bar.close()
    print(f"giar extract: {len(paths)} documents, {quarantined_n} quarantined", file=sys.stderr)
    return 1 if missing else 0
