"""normalize/ in small: what a stale stored document says (normalize/serial.py)."""

from __future__ import annotations

import pytest

from giar_pipeline.normalize import normalize, serial


def test_a_stored_document_of_another_format_names_its_format():
    data = serial.dumps(normalize("一、总体情况\n收到申请3件"))
    other = serial.VERSION + 1
    with pytest.raises(serial.StaleDocument, match=f"of format {other}, this giar reads {serial.VERSION}: materialize"):
        serial.loads(bytes([other]) + data[1:])
    with pytest.raises(serial.StaleDocument, match=f"of format none, this giar reads {serial.VERSION}"):
        serial.loads(b"")
