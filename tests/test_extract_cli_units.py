"""`giar extract` (extract/cli.py) in-process: the subprocess tests in test_extract_cli.py prove the
command; these prove its parts where a planted bug shows (order, counts, exit codes, limits)."""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import select
import struct
import sys
import termios

import pytest

from giar_pipeline.cli import build_parser
from giar_pipeline.extract import cli
from giar_pipeline.extract.limits import Limits
from giar_pipeline.synth import generate_corpus


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    root = tmp_path_factory.mktemp("docs")
    docs = generate_corpus(root / "b", 3, seed=11, write_truth=False)
    (root / "a.bin").write_bytes(bytes(range(256)) * 4)  # no text: quarantined
    return root, sorted(docs)


def _main(capsys, *argv: str) -> tuple[int, list[dict], str]:
    args = build_parser().parse_args(["extract", "--no-progress", *argv])
    rc = cli.main(args)
    out, err = capsys.readouterr()
    return rc, [json.loads(s) for s in out.splitlines()], err


def test_every_document_in_order_with_the_count_of_quarantined_ones(folder, capsys):
    root, docs = folder
    rc, lines, err = _main(capsys, str(root), "--jobs", "1")
    assert rc == 0
    assert [d["source"] for d in lines] == [str(root / "a.bin"), *map(str, docs)]
    assert [d["status"] for d in lines] == ["quarantined", "ok", "ok", "ok"]
    assert err == "giar extract: 4 documents, 1 quarantined\n"  # --no-progress: no bar, only the tally


def test_lines_are_utf8_not_escaped(folder, capsys):
    root, docs = folder
    args = build_parser().parse_args(["extract", "--no-progress", "--jobs", "1", str(docs[0])])
    cli.main(args)
    out = capsys.readouterr().out
    assert "\\u" not in out and any("\u4e00" <= ch <= "\u9fff" for ch in out)  # Chinese as itself


def test_the_limits_given_on_the_command_line_apply(folder, capsys):
    root, docs = folder
    _, lines, err = _main(capsys, str(docs[0]), "--jobs", "1", "--size-limit-mb", "0.001")
    assert lines[0]["status"] == "quarantined" and "over the 0.001 MB limit" in lines[0]["reason"]
    assert err == "giar extract: 1 documents, 1 quarantined\n"
    _, lines, _ = _main(capsys, str(docs[0]), "--jobs", "1", "--time-limit", "0.000001")
    assert lines[0]["status"] == "quarantined" and lines[0]["reason"] == Limits(seconds=0.000001).too_slow()


def test_a_worker_chunk_is_its_documents_lines_in_order(folder):
    root, docs = folder
    chunk = cli._extract_chunk([docs[1], docs[0]], Limits(max_mb=0.001))
    assert [d["source"] for d in chunk] == [str(docs[1]), str(docs[0])]
    assert all("over the 0.001 MB limit" in d["reason"] for d in chunk)


def test_a_missing_path_exits_1_and_the_others_are_read(folder, capsys):
    root, docs = folder
    rc, lines, err = _main(capsys, str(root / "nope"), str(docs[0]), "--jobs", "1")
    assert rc == 1
    assert f"giar extract: {root / 'nope'}: no such file or folder" in err
    assert [d["source"] for d in lines] == [str(docs[0])] and "1 documents, 0 quarantined" in err


@pytest.mark.skipif(
    bool(os.environ.get("MUTANT_UNDER_TEST")), reason="a process pool forked from mutmut's runner hangs"
)
def test_worker_processes_give_the_same_lines_in_the_same_order(tmp_path):
    docs = sorted(generate_corpus(tmp_path, cli.CHUNK + 2, seed=4, write_truth=False))
    alone = list(cli.extract_many(docs, jobs=1))
    assert list(cli.extract_many(docs, jobs=2)) == alone
    assert [d["source"] for d in alone] == [str(p) for p in docs] and all(d["status"] == "ok" for d in alone)


def test_a_file_over_the_size_limit_is_quarantined_unread_with_its_hash(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 3000)
    report = cli.extract_path(path, Limits(max_mb=0.001))
    assert report.status == "quarantined" and "over the 0.001 MB limit" in report.reason
    assert report.sha256 == hashlib.sha256(b"x" * 3000).hexdigest()


def test_a_file_that_cannot_be_read_is_quarantined_without_a_hash(tmp_path):
    report = cli.extract_path(tmp_path, Limits())  # a folder given as a file: open() fails
    assert report.status == "quarantined" and report.reason.startswith("cannot read the file")
    assert report.sha256 == "" and report.source == str(tmp_path)


def test_the_stream_hash_is_the_files_hash_or_empty_when_unreadable(tmp_path):
    path = tmp_path / "f"
    data = bytes(range(256)) * 5000  # over one read chunk
    path.write_bytes(data)
    assert cli._stream_sha(path) == hashlib.sha256(data).hexdigest()
    assert cli._stream_sha(tmp_path / "absent") == ""


def _on_a_terminal(monkeypatch, capsys, *argv: str) -> str:
    """What `giar extract` writes to stderr when stderr is a terminal."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))  # a 100-column terminal
    with open(slave, "w", encoding="utf-8") as tty:
        monkeypatch.setattr(sys, "stderr", tty)
        cli.main(build_parser().parse_args(["extract", "--jobs", "1", *argv]))
        tty.flush()
    capsys.readouterr()
    data = b""
    try:  # a pty hands writes back in pieces; never wait for more than is there
        while select.select([master], [], [], 2)[0] and (chunk := os.read(master, 1 << 16)):
            data += chunk
    except OSError:  # EIO: the terminal's other end is closed and everything was read
        pass
    finally:
        os.close(master)
    return data.decode("utf-8", "replace")


def test_a_progress_bar_on_a_terminal_unless_asked_not_to(folder, monkeypatch, capsys):
    root, _ = folder
    bar = _on_a_terminal(monkeypatch, capsys, str(root))
    assert "extract: 100%" in bar and "4/4" in bar and "doc/s" in bar
    quiet = _on_a_terminal(monkeypatch, capsys, "--no-progress", str(root))
    assert quiet.strip() == "giar extract: 4 documents, 1 quarantined"
