"""A normalized :class:`Document` as bytes and back, losslessly: what staging stores so that a
document is decoded and normalized once, and extraction reads it back.

``marshal`` of plain tuples: C-speed both ways, no pickle code execution. Rows and tokens are
tuples of their dataclass fields, in field order, so a field added to :class:`Token` or
:class:`Row` needs no change here. Each blob starts with :data:`VERSION` and names the fields
it was written with; bytes of another version or other fields raise :class:`StaleDocument`
(a staged file of another giar: normalize the batch again) rather than misread.

Token kinds come back as the very constants of :mod:`.tokens` (the extractor compares them
with ``is``): marshal writes interned strings as interned and interns them again on load.
"""

from __future__ import annotations

import marshal
from dataclasses import fields
from operator import attrgetter

from . import Document, Row, Token

VERSION = 1
_TOKEN = tuple(f.name for f in fields(Token))
_ROW = tuple(f.name for f in fields(Row))
_TOKEN_LISTS = tuple("Token" in str(f.type) for f in fields(Row))  # fields holding list[Token]
_SHAPE = (_TOKEN, _ROW)
_token_values = attrgetter(*_TOKEN)
_row_values = attrgetter(*_ROW)


class StaleDocument(ValueError):
    """The bytes were written by another serialization format (another giar release)."""


def _row(row: Row) -> tuple:
    return tuple([_token_values(t) for t in v] if tokens else v for v, tokens in zip(_row_values(row), _TOKEN_LISTS))


def dumps(doc: Document) -> bytes:
    payload = (_SHAPE, doc.text, doc.lines, [_row(r) for r in doc.rows], doc.traditional)
    return bytes([VERSION]) + marshal.dumps(payload)


def loads(data: bytes) -> Document:
    if not data or data[0] != VERSION:
        raise StaleDocument(
            f"a normalized document of format {data[0] if data else 'none'}, this giar reads format {VERSION}: "
            "materialize normalized_documents again for its batch"
        )
    shape, text, lines, rows, traditional = marshal.loads(memoryview(data)[1:])
    if shape != _SHAPE:
        raise StaleDocument(
            f"a normalized document with fields {shape}, this giar has {_SHAPE}: "
            "materialize normalized_documents again for its batch"
        )
    return Document(
        text,
        lines,
        [Row(*([Token(*t) for t in v] if tokens else v for v, tokens in zip(r, _TOKEN_LISTS))) for r in rows],
        traditional,
    )
