"""The per-document work of staging, one chunk of documents per call: what worker processes run.

Each document's step is bounded by the time limit (:mod:`giar_pipeline.extract.limits`), and a
failure costs that document only: it is quarantined with the reason, never the chunk.
Normalizing stores the document (:mod:`giar_pipeline.normalize.serial`, without the decoded
source, which extraction never reads), so extracting starts from it instead of the bytes.
"""

from __future__ import annotations

from dataclasses import replace

import pyarrow as pa

from ..extract.document import decode_and_normalize, extract_normalized, quarantine_reason, quarantined
from ..extract.limits import Limits, bounded
from ..model import Report
from ..normalize import DecodeError, serial
from .rows import to_tables

NORMALIZED_SCHEMA = pa.schema(
    [
        ("report_id", pa.string()),
        ("encoding", pa.string()),
        ("traditional", pa.bool_()),
        ("lines", pa.int32()),
        ("text", pa.string()),
        ("decode_error", pa.string()),
        ("replaced_bytes", pa.int32()),
        ("reason", pa.string()),  # why the document has no normalized form: the quarantine reason
        ("document", pa.binary()),  # serial.dumps of the normalized document
    ]
)


def _normalize(content: bytes) -> dict:
    decoded, doc = decode_and_normalize(content)
    return {
        "encoding": decoded.encoding,
        "traditional": doc.traditional,
        "lines": len(doc.lines),
        "text": "\n".join(doc.lines),
        "replaced_bytes": decoded.replaced,
        "document": serial.dumps(replace(doc, text="")),
    }


def _normalized(row: dict, limits: Limits) -> dict:
    out = {"report_id": row["report_id"]}
    if row["content"] is None:
        return out | {"decode_error": "not read", "reason": row["read_error"]}
    try:
        done = bounded(lambda: _normalize(row["content"]), limits)
    except DecodeError as e:
        return out | {"decode_error": str(e), "reason": quarantine_reason(e)}
    except Exception as e:  # a normalizer bug costs one document, never the batch
        error = f"internal error while normalizing ({type(e).__name__}: {e})"
        return out | {"decode_error": error, "reason": quarantine_reason(e)}
    if done is None:
        return out | {"decode_error": limits.too_slow(), "reason": limits.too_slow()}
    return out | done


def normalize_chunk(rows: list[dict], limits: Limits) -> pa.Table:
    """Raw rows (``report_id``, ``content``, ``read_error``) → their normalized rows."""
    return pa.Table.from_pylist([_normalized(r, limits) for r in rows], NORMALIZED_SCHEMA)


def _extracted(row: dict, limits: Limits) -> Report:
    source, sha = row["source_path"], row["sha256"]
    if row["document"] is None:
        return quarantined(source, sha, row["reason"])
    report = bounded(
        lambda: extract_normalized(serial.loads(row["document"]), source, sha, row["replaced_bytes"]), limits
    )
    return report or quarantined(source, sha, limits.too_slow())


def extract_chunk(rows: list[dict], limits: Limits) -> dict[str, pa.Table]:
    """Normalized rows with their names (``source_path``, ``sha256``) → the warehouse rows of their reports."""
    return to_tables([_extracted(r, limits) for r in rows])
