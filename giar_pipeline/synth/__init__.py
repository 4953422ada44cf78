"""Synthetic reports rendered from the catalogue, with exactly known truth.

``render_document(seed)`` gives one raw document (bytes) and its truth in the
shape of ``../shared/seeds/truth``; ``generate_corpus`` writes many of them.
Modules: ``values`` (numbers and omissions), ``grid`` (a table as spanned
cells), ``style`` (text noises), ``prose`` (metadata and sentences),
``layouts``/``html`` (serializers), ``document`` (assembly and encoding).
"""
from .corpus import generate_corpus
from .document import LAYOUTS, SyntheticDoc, render_document

__all__ = ["LAYOUTS", "SyntheticDoc", "generate_corpus", "render_document"]
