"""normalize/ in small: what a stale stored document says (normalize/serial.py)."""

from __future__ import annotations

import pytest

from giar_pipeline.normalize import normalize, serial


def test_a_stored_document_of_another_format_names_its_format():
    data = serial.dumps(normalize("一、总体情况\n收到申请3件"))
    with pytest.raises(serial.StaleDocument, match=r"of format 9, this giar reads 1: materialize"):
        serial.loads(bytes([9]) + data[1:])
    with pytest.raises(serial.StaleDocument, match=r"of format none, this giar reads 1"):
        serial.loads(b"")
