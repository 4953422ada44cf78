"""Synthetic reports rendered from the catalogue, with exactly known truth.

``render_document(seed)`` gives one raw document (bytes) and its truth in the
shape of ``../shared/seeds/truth``; ``generate_corpus`` writes many of them.
Modules: ``values`` (numbers and omissions), ``grid`` (a table as spanned
cells), ``style`` (text noises), ``prose`` (metadata and sentences),
``layouts``/``html`` (serializers), ``document`` (assembly and encoding); the layouts of real
scrapes (``REAL_LAYOUTS``: ``glued``, ``pdf_loose``, ``converter_md``, ``grid_export``, with
``splits`` deciding which glued cells the text leaves uncertain) render only when asked for.
"""

from .corpus import generate_corpus
from .document import ALL_LAYOUTS, LAYOUTS, SyntheticDoc, render_document
from .real_layouts import REAL_LAYOUTS

__all__ = ["ALL_LAYOUTS", "LAYOUTS", "REAL_LAYOUTS", "SyntheticDoc", "generate_corpus", "render_document"]
