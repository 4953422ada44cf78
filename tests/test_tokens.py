"""Numbers as the JSON output prints them: a whole count is an int (12, not 12.0), money keeps its decimals."""

from __future__ import annotations

import json

import pytest

from giar_pipeline.normalize.tokens import BLANK, NUM, TEXT, UNIT, Token, classify


@pytest.mark.parametrize(("text", "value"), [("12", 12), ("1,234", 1234), ("3.0", 3), ("1.5", 1.5), ("0", 0)])
def test_numbers_keep_their_kind(text, value):
    t = classify(text, text, 1)
    assert t.kind is NUM and t.value == value
    assert json.dumps(t.value) == json.dumps(value)  # "12", never "12.0"


@pytest.mark.parametrize(
    ("text", "raw", "kind"), [("—", " —— ", BLANK), ("件", "件 ", UNIT), ("自然人", "自然 人", TEXT)]
)
def test_every_token_keeps_its_source_text_and_line(text, raw, kind):
    assert classify(text, raw, 7) == Token(kind, text, raw, 7)
