"""raw bytes → Report: decode, normalize, detect the template, read the cells, check relations.

``extract_document(raw, source)`` is the whole pure pipeline for one document;
it never raises on bad input (a document it cannot read is quarantined).
"""

from .document import extract_document

__all__ = ["extract_document"]
