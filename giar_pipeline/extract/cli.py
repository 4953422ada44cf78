"""`giar extract [--jsonl] [--jobs N] [--time-limit S] [--size-limit-mb MB] PATH...`: one JSON line per
document on stdout. Nothing a document holds stops the others: unreadable files, undecodable names,
folders that cannot be listed (a warning on stderr, exit 1) and documents over a limit all end as
a quarantined line or a warning."""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from pathlib import Path

from tqdm import tqdm

from ..files import display_path, find_documents
from ..model import Report
from .document import quarantined
from .limits import Limits, extract_bounded, read_bounded

CHUNK = 16  # documents per task: amortizes inter-process overhead, keeps order cheap


def _stream_sha(path: Path) -> str:
    h = hashlib.sha256()
    try:
        with open(path, "rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                h.update(chunk)
    except OSError:
        return ""
    return h.hexdigest()


def extract_path(path: Path, limits: Limits = Limits()) -> Report:
    source = display_path(path)
    raw, why = read_bounded(path, limits)
    if raw is None:
        return quarantined(source, _stream_sha(path), why)  # the hash is "" when it cannot be read either
    return extract_bounded(raw, source, limits)  # never raises: unreadable documents come back quarantined


def _extract_chunk(paths: list[Path], limits: Limits) -> list[dict]:
    return [extract_path(p, limits).to_json_dict() for p in paths]


def extract_many(paths: list[Path], jobs: int = 0, limits: Limits = Limits()) -> Iterator[dict]:
    """Contract dicts in input order; ``jobs`` worker processes (0: all cores, 1: in-process)."""
    jobs = jobs or os.cpu_count() or 1
    if jobs == 1 or len(paths) <= CHUNK:
        for p in paths:
            yield extract_path(p, limits).to_json_dict()
        return
    chunks = [paths[i : i + CHUNK] for i in range(0, len(paths), CHUNK)]
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        for batch in pool.map(partial(_extract_chunk, limits=limits), chunks):
            yield from batch


def main(args) -> int:
    """Exit 0; 1 when a PATH given does not exist (the others are still extracted)."""
    missing = [p for p in args.paths if not Path(p).exists()]
    for p in missing:
        print(f"giar extract: {display_path(p)}: no such file or folder", file=sys.stderr)
    problems: list[str] = []
    paths = list(find_documents((p for p in args.paths if p not in missing), problems))
    for p in problems:
        print(f"giar extract: warning: {p}", file=sys.stderr)
    limits = Limits(args.time_limit, args.size_limit_mb)
    quarantined_n = 0
    bar = tqdm(total=len(paths), unit="doc", file=sys.stderr, disable=args.no_progress or None, desc="extract")
    out = sys.stdout
    for d in extract_many(paths, args.jobs, limits):
        out.write(json.dumps(d, ensure_ascii=False) + "\n")
        quarantined_n += d["status"] != "ok"
        bar.update()
    bar.close()
    print(
        f"giar extract: {len(paths)} documents, {quarantined_n} quarantined"
        + (f", {len(problems)} folders not listed" if problems else ""),
        file=sys.stderr,
    )
    return 1 if missing or problems else 0
