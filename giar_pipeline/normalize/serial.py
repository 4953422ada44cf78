"""A normalized :class:`Document` as bytes and back, losslessly: what staging stores so that a
document is decoded and normalized once, and extraction reads it back.

``marshal`` of plain tuples and lists: C-speed both ways, no pickle code execution. Tokens are
tuples of their dataclass fields and rows lists of theirs, in field order, so a field added to
or renamed in :class:`Token` or :class:`TokenRow` needs no change here. Each blob starts with
:data:`VERSION` and names the fields it was written with; bytes of another version or other
fields raise :class:`StaleDocument` (a staged file of another giar: normalize the batch again)
rather than misread.

Token kinds come back as the very constants of :mod:`.tokens` (the extractor compares them
with ``is``): marshal writes interned strings as interned and interns them again on load.
Equal documents may be written as different bytes, as marshal shares the objects a process
happens to share (caches make that history-dependent): compare documents, not their bytes.
"""

from __future__ import annotations

import marshal
from dataclasses import fields
from itertools import starmap
from operator import attrgetter

from . import Document, Token, TokenRow

VERSION = 1
_TOKEN = tuple(f.name for f in fields(Token))
_ROW = tuple(f.name for f in fields(TokenRow))
(_TOKENS,) = (i for i, f in enumerate(fields(TokenRow)) if "Token" in str(f.type))  # the one list[Token] field
_SHAPE = (_TOKEN, _ROW)
_token_values = attrgetter(*_TOKEN)
_row_values = attrgetter(*_ROW)


class StaleDocument(ValueError):
    """The bytes were written by another serialization format (another giar release)."""


def _row(row: TokenRow) -> list:
    values = list(_row_values(row))
    values[_TOKENS] = list(map(_token_values, values[_TOKENS]))
    return values


def _unrow(values: list) -> TokenRow:
    values[_TOKENS] = list(starmap(Token, values[_TOKENS]))
    return TokenRow(*values)


def dumps(doc: Document) -> bytes:
    payload = (_SHAPE, doc.text, doc.lines, list(map(_row, doc.rows)), doc.traditional)
    return bytes([VERSION]) + marshal.dumps(payload)


def _stale(what: str) -> StaleDocument:
    return StaleDocument(f"{what}: materialize normalized_documents again for its batch")


def loads(data: bytes) -> Document:
    if not data or data[0] != VERSION:
        raise _stale(f"a normalized document of format {data[0] if data else 'none'}, this giar reads {VERSION}")
    shape, text, lines, rows, traditional = marshal.loads(memoryview(data)[1:])
    if shape != _SHAPE:
        raise _stale(f"a normalized document with fields {shape}, this giar has {_SHAPE}")
    return Document(text, lines, list(map(_unrow, rows)), traditional)
