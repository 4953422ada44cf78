"""`giar extract` as CONTRACT.md states it, run as a user would run it."""

from __future__ import annotations

import json
import subprocess
import sys

from giar_pipeline.synth import generate_corpus

GIAR = [sys.executable, "-m", "giar_pipeline.cli", "extract"]


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*GIAR, *args], capture_output=True, text=True, timeout=300)


def test_folders_order_hidden_files_and_quarantine(tmp_path):
    docs = generate_corpus(tmp_path / "in" / "b", 20, seed=3, write_truth=False)
    (tmp_path / "in" / "a.bin").write_bytes(bytes(range(256)) * 4)  # not text: quarantined, run goes on
    (tmp_path / "in" / ".hidden.txt").write_text("ignored", encoding="utf-8")
    (tmp_path / "in" / ".git").mkdir()
    (tmp_path / "in" / ".git" / "x.txt").write_text("ignored", encoding="utf-8")
    out = _run(str(tmp_path / "in"), "--jobs", "1")
    assert out.returncode == 0, out.stderr
    lines = [json.loads(s) for s in out.stdout.splitlines()]
    assert [d["source"] for d in lines] == [str(tmp_path / "in" / "a.bin"), *map(str, sorted(docs))]
    assert lines[0]["status"] == "quarantined" and "decode" in lines[0]["reason"] and lines[0]["cells"] == []
    assert all(d["status"] == "ok" and d["cells"] for d in lines[1:])
    assert "20 documents" not in out.stdout and "21 documents, 1 quarantined" in out.stderr
    assert set(lines[1]) == {
        "source",
        "sha256",
        "status",
        "reason",
        "template",
        "report_year",
        "issuer",
        "published_on",
        "cells",
        "violations",
        "replaced_bytes",
    }
    parallel = _run(str(tmp_path / "in"), "--jobs", "2", "--jsonl")
    assert parallel.stdout == out.stdout  # same order, same bytes, whatever the worker count


def test_missing_path_is_reported_and_the_rest_goes_on(tmp_path):
    (doc,) = generate_corpus(tmp_path, 1, seed=5, write_truth=False)
    out = _run(str(tmp_path / "nope"), str(doc))
    assert out.returncode == 1
    assert "no such file or folder" in out.stderr
    assert [json.loads(s)["source"] for s in out.stdout.splitlines()] == [str(doc)]
