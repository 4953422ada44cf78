"""What each staged file of a batch holds (warehouse/staging.py), read back from its Parquet file.

The batch: three generated reports of different generations and encodings (one traditional), the
same bytes again under another name, an undecodable file, and a file that changes after the sweep
registered it. Expected contents come from the generator's truth and the files' bytes, never from
the code under test.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from giar_pipeline.synth import render_document
from giar_pipeline.warehouse import landing, staging

SEEDS = (1, 5, 9)  # v2008 gb18030 with a violation; v2021 utf-8; v2019 big5 traditional with violations
UNDECODABLE = b"\xff\xfe\x00\xd8" * 3


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    land = tmp_path_factory.mktemp("landing")
    docs = {}
    for seed in SEEDS:
        doc = render_document(seed)
        (land / doc.name).write_bytes(doc.data)
        docs[doc.name] = doc
    first = sorted(docs)[0]
    (land / f"zz-copy-of-{first}").write_bytes(docs[first].data)
    (land / "broken.bin").write_bytes(UNDECODABLE)
    (land / "moving.txt").write_bytes(b"first version")
    _, (b,) = landing.sweep(land)
    (land / "moving.txt").write_bytes(b"second version")  # changed after registration
    raw = staging.stage_raw(land, b.key)
    normalized = staging.stage_normalized(land, b.key)
    reports = staging.stage_extracted(land, b.key)
    return land, b.key, docs, {"raw": raw, "normalized": normalized, "reports": reports}


def _rows(batch, name: str) -> dict[str, dict]:
    land, key, *_ = batch
    return {r["report_id"]: r for r in staging.read(land, key, name).to_pylist()}


def test_each_step_tallies_what_it_staged(batch):
    land, key, docs, returned = batch
    raw, normalized, reports = (staging.read(land, key, n) for n in ("raw", "normalized", "reports"))
    assert returned["raw"].documents == raw.num_rows == len(docs) + 2
    assert returned["raw"].bytes == sum(len(c or b"") for c in raw["content"].to_pylist())
    assert returned["raw"].unreadable == [
        (r["source_path"], r["read_error"]) for r in raw.to_pylist() if r["read_error"]
    ]
    assert returned["normalized"].documents == normalized.num_rows
    assert sum(returned["normalized"].encodings.values()) == normalized.num_rows
    assert returned["normalized"].preview == normalized.select(["report_id", "encoding", "lines"]).to_pylist()
    assert returned["reports"].reports == reports.num_rows
    assert returned["reports"].preview == reports.to_pylist()
    assert returned["reports"].cells == staging.read(land, key, "report_cells").num_rows
    assert returned["reports"].violations == staging.read(land, key, "check_violations").num_rows


def test_raw_holds_each_distinct_content_once_with_its_bytes(batch):
    land, _, docs, _ = batch
    raw = _rows(batch, "raw")
    want = {_sha(d.data): d for d in docs.values()}
    assert {r["sha256"] for r in raw.values()} == {*want, _sha(UNDECODABLE), _sha(b"first version")}
    for rid, r in raw.items():
        assert rid == r["sha256"][:16]
        if r["sha256"] in want:
            doc = want[r["sha256"]]
            assert r["content"] == doc.data and r["read_error"] is None
            assert r["source_path"] == str(land / doc.name)  # the first name, sorted
            also = [Path(a).name for a in r["also_seen_as"]]
            assert also == ([f"zz-copy-of-{doc.name}"] if doc.name == sorted(docs)[0] else [])
    (moved,) = [r for r in raw.values() if r["sha256"] == _sha(b"first version")]
    assert moved["content"] is None and "changed after it was registered" in moved["read_error"]
    (broken,) = [r for r in raw.values() if r["sha256"] == _sha(UNDECODABLE)]
    assert broken["content"] == UNDECODABLE and broken["read_error"] is None


def test_normalized_holds_the_decoded_text_of_each_document(batch):
    _, _, docs, _ = batch
    normalized = _rows(batch, "normalized")
    assert normalized.keys() == _rows(batch, "raw").keys()
    for doc in docs.values():
        n = normalized[_sha(doc.data)[:16]]
        truth = doc.truth
        assert n["encoding"] == truth["render"]["encoding"]
        assert n["traditional"] == ("traditional" in truth["render"]["noises"])
        assert n["decode_error"] is None
        assert truth["issuer"] in n["text"]  # simplified, even from the traditional document
        assert n["lines"] == n["text"].count("\n") + 1 > 20
    unread = [n for n in normalized.values() if n["decode_error"]]
    assert {n["decode_error"] for n in unread} >= {"not read"}  # the file that changed
    assert len(unread) == 2 and all(n["text"] is None and n["encoding"] is None for n in unread)


def test_extracted_tables_hold_the_generator_truth(batch):
    _, _, docs, _ = batch
    reports = _rows(batch, "reports")
    cells = staging.read(*batch[:2], "report_cells").to_pylist()
    violations = staging.read(*batch[:2], "check_violations").to_pylist()
    for doc in docs.values():
        rid, truth = _sha(doc.data)[:16], doc.truth
        r = reports[rid]
        assert (r["status"], r["template"], r["report_year"], r["issuer"]) == (
            "ok",
            truth["template"],
            truth["report_year"],
            truth["issuer"],
        )
        assert (r["published_on"] and r["published_on"].isoformat()) == truth["published_on"]
        assert {
            (c["table_code"], c["row_code"], c["col_code"]): c["value"] for c in cells if c["report_id"] == rid
        } == {(c["table"], c["row"], c["col"]): c["value"] for c in truth["cells"]}
        got = {
            f"{v['relation']}[{v['member']}]" if v["member"] else v["relation"]
            for v in violations
            if v["report_id"] == rid
        }
        assert got == set(truth["violations"])
    assert sum(bool(d.truth["violations"]) for d in docs.values()) >= 2  # the batch does hold violations
    quarantined = [r for r in reports.values() if r["status"] == "quarantined"]
    assert len(quarantined) == 2 and all(r["reason"] and r["template"] is None for r in quarantined)
    assert len(reports) == len(docs) + 2
