"""Parquet files written and read a row group at a time, so a staging step holds at most one
group's documents (:data:`ROW_GROUP_DOCUMENTS`) of a batch, however large the batch."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from itertools import islice
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

ROW_GROUP_DOCUMENTS = 512  # per Parquet row group: the most documents a step holds at once


def _temporary(final: Path) -> Path:
    return final.with_name(f"{final.name}.{os.getpid()}-{uuid.uuid4().hex[:8]}.tmp")


@contextmanager
def writing(files: dict[Path, pa.Schema]) -> Iterator[Callable[[dict[Path, pa.Table], int], None]]:
    """``add(tables, documents)`` for the block: each file's tables buffered into row groups of about
    :data:`ROW_GROUP_DOCUMENTS` documents, written under a name of this process and renamed into
    place when the block ends whole, so concurrent writers never see each other's partial files."""
    tmps = {p: _temporary(p) for p in files}
    buffered: dict[Path, list[pa.Table]] = {p: [] for p in files}
    documents = 0
    try:
        with ExitStack() as open_files:
            writers = {
                p: open_files.enter_context(pq.ParquetWriter(tmps[p], schema, compression="zstd"))
                for p, schema in files.items()
            }

            def flush() -> None:
                nonlocal documents
                for p, parts in buffered.items():
                    if parts:
                        writers[p].write_table(pa.concat_tables(parts), row_group_size=1 << 30)
                    parts.clear()
                documents = 0

            def add(tables: dict[Path, pa.Table], n: int) -> None:
                nonlocal documents
                for p, t in tables.items():
                    buffered[p].append(t)
                documents += n
                if documents >= ROW_GROUP_DOCUMENTS:
                    flush()

            yield add
            flush()
        for p, tmp in tmps.items():
            os.replace(tmp, p)  # atomic; the last of two identical writers wins
    finally:
        for tmp in tmps.values():
            tmp.unlink(missing_ok=True)


def rows(file: pq.ParquetFile, columns: list[str], size: int) -> Iterator[list[dict]]:
    """The file's rows, ``size`` at a time, reading one row group at a time."""
    for batch in file.iter_batches(size, columns=columns):
        yield batch.to_pylist()


def chunks(items: Iterable, size: int) -> Iterator[list]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk
