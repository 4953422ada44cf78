"""raw bytes → Report: decode, normalize, detect the template, read the cells, check relations.

``extract_document(raw, source)`` is the whole pure pipeline for one document;
it never raises on bad input (a document it cannot read is quarantined). Staging runs it
in two steps: ``decode_and_normalize(raw)``, then ``extract_normalized(doc, …)`` on the
document as stored (:mod:`giar_pipeline.normalize.serial`).
"""

from .document import decode_and_normalize, extract_document, extract_normalized

__all__ = ["decode_and_normalize", "extract_document", "extract_normalized"]
