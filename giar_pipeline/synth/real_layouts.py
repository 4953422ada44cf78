"""Layouts of what real scrapes look like (issue 8), registered apart from the classic ones so a
seed rendered without a layout keeps its document. Each is a function (parts, rng, style) → text."""

from __future__ import annotations

from .converter_md import converter_markdown
from .glued import glued_text
from .grid_export import grid_export
from .pdf_loose import pdf_loose

REAL_LAYOUTS = {
    "glued_text": glued_text,
    "pdf_loose": pdf_loose,
    "converter_markdown": converter_markdown,
    "grid_export": grid_export,
}
# Noises a layout cannot carry: in glued text a thousands comma, a unit or a full-width digit would
# change how runs split, and restated numbers in prose would decide cells the table leaves open.
REAL_NOISE_EXCLUDED: dict[str, tuple[str, ...]] = {
    "glued_text": ("thousands", "fullwidth_digits", "value_units", "restated_numbers", "blank_markers"),
}
