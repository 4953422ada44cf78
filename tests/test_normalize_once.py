"""A document is decoded and normalized once: the stored form (normalize/serial.py) reads back
equal, and extracting from it gives the report ``extract_document`` reads from the bytes.

The corpus is the generator's, every layout (classic and real scrapes), every encoding it renders.
"""

from __future__ import annotations

import marshal
from dataclasses import replace

import pytest

from giar_pipeline.extract import decode_and_normalize, extract_document, extract_normalized
from giar_pipeline.normalize import BLANK, NUM, TEXT, UNIT, serial
from giar_pipeline.synth import ALL_LAYOUTS, generate_corpus


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    paths = generate_corpus(tmp_path_factory.mktemp("corpus"), 10 * len(ALL_LAYOUTS), seed=31, layouts=ALL_LAYOUTS)
    return [(str(p), p.read_bytes()) for p in paths]


def test_a_normalized_document_reads_back_equal(corpus):
    kinds = {k: k for k in (TEXT, NUM, BLANK, UNIT)}
    for _, raw in corpus:
        _, doc = decode_and_normalize(raw)
        back = serial.loads(serial.dumps(doc))
        assert back == doc
        tokens = [t for r in back.rows for t in r.tokens]
        assert tokens and all(t.kind is kinds[t.kind] for t in tokens)  # the extractor compares kinds with `is`


def test_extracting_the_stored_document_is_extracting_the_bytes(corpus):
    for source, raw in corpus:
        decoded, doc = decode_and_normalize(raw)
        stored = serial.dumps(replace(doc, text=""))  # as staged: without the decoded source
        want = extract_document(raw, source)
        got = extract_normalized(serial.loads(stored), source, want.sha256, decoded.replaced)
        assert got == want, source
    assert sum(extract_document(raw, s).status == "ok" for s, raw in corpus) > 0.9 * len(corpus)


def test_bytes_of_another_format_fail_clearly():
    _, doc = decode_and_normalize("统计指标 | 单位 | 统计数\n收到申请数 | 件 | 3\n".encode())
    data = serial.dumps(doc)
    with pytest.raises(serial.StaleDocument, match="format"):
        serial.loads(bytes([serial.VERSION + 1]) + data[1:])
    shape, *rest = marshal.loads(data[1:])
    renamed = ((*shape[0][:-1], "renamed"), shape[1])
    with pytest.raises(serial.StaleDocument, match="renamed"):
        serial.loads(bytes([serial.VERSION]) + marshal.dumps((renamed, *rest)))
