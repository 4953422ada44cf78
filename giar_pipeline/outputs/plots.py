"""Plots as inline SVG, drawn offline by matplotlib (no pyplot, no display, no global state).

Text stays text in the SVG (``svg.fonttype: none``): Chinese labels are drawn by the viewer's
fonts, so the file carries no glyph outlines and stays searchable. Every figure gets its own
id salt, so several SVGs inline in one page never share element ids.
"""

from __future__ import annotations

import io
import logging
import warnings
from collections.abc import Sequence

from matplotlib import rc_context
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

# CJK-capable fonts first when the machine has one (layout then measures Chinese correctly);
# DejaVu Sans ships with matplotlib, so a plot renders everywhere.
FONTS = ["Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "DejaVu Sans"]
COLORS = ["#4c78a8", "#f58518", "#54a24b", "#e45756", "#72b7b2", "#b279a2", "#ff9da6", "#9d755d"]
WIDTH = 6.4  # inches; at 72 dpi in SVG units
# the font list is a preference, not a requirement: absent fonts are no news worth a log line
logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)


def _rc(salt: str) -> dict:
    return {
        "svg.fonttype": "none",
        "svg.hashsalt": salt,
        "font.family": "sans-serif",
        "font.sans-serif": FONTS,
        "font.size": 9,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "svg.image_inline": True,
    }


def _svg(fig: Figure) -> str:
    buf = io.StringIO()
    fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None})  # no date: same data, same file
    text = buf.getvalue()
    return text[text.index("<svg") :]  # drop the XML declaration and DOCTYPE: the SVG goes inline


def _short(label, n: int = 36) -> str:
    s = "(none)" if label is None else str(label)
    return s if len(s) <= n else s[: n - 1] + "…"


def render(kind: str, salt: str, **kw) -> str:
    """One plot as an ``<svg>`` element string."""
    with rc_context(_rc(salt)), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "Glyph missing" when no CJK font is installed: the browser draws it
        fig = {"bar": _bar, "barh": _barh, "stacked": _stacked, "heatmap": _heatmap}[kind](**kw)
        return _svg(fig)


def _bar(x: Sequence, y: Sequence, xlabel: str, ylabel: str) -> Figure:
    fig = Figure(figsize=(WIDTH, 2.8))
    ax = fig.subplots()
    pos = range(len(x))
    ax.bar(pos, y, color=COLORS[0])
    ax.set_xticks(list(pos), [_short(v, 10) for v in x])
    ax.set(xlabel=xlabel, ylabel=ylabel)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    return fig


def _barh(labels: Sequence, y: Sequence, xlabel: str, ylabel: str) -> Figure:
    fig = Figure(figsize=(WIDTH, 0.9 + 0.24 * len(labels)))
    ax = fig.subplots()
    pos = range(len(labels))
    ax.barh(pos, y, color=[COLORS[3] if (v or 0) < 0 else COLORS[0] for v in y])
    ax.set_yticks(list(pos), [_short(v) for v in labels])
    ax.invert_yaxis()  # the table's first row on top
    ax.set(xlabel=xlabel, ylabel=ylabel)
    ax.axvline(0, color="#888", linewidth=0.6)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    return fig


def _stacked(
    x: Sequence, series: Sequence[str], values: dict[str, Sequence[float]], xlabel: str, ylabel: str
) -> Figure:
    fig = Figure(figsize=(WIDTH, 3.0))
    ax = fig.subplots()
    pos = range(len(x))
    bottom = [0.0] * len(x)
    for i, s in enumerate(series):
        ax.bar(pos, values[s], bottom=bottom, label=_short(s, 16), color=COLORS[i % len(COLORS)])
        bottom = [b + v for b, v in zip(bottom, values[s])]
    ax.set_xticks(list(pos), [str(v) for v in x], rotation=45 if len(x) > 12 else 0)
    ax.set(xlabel=xlabel, ylabel=ylabel)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.legend(frameon=False, fontsize=8)
    return fig


def _heatmap(x: Sequence, y: Sequence, grid: list[list[float]], xlabel: str, ylabel: str) -> Figure:
    fig = Figure(figsize=(max(WIDTH, 1.6 + 0.45 * len(x)), 1.0 + 0.26 * len(y)))
    ax = fig.subplots()
    img = ax.imshow(grid, cmap="YlOrRd", aspect="auto", vmin=0)
    ax.set_xticks(range(len(x)), [str(v) for v in x], rotation=45 if len(x) > 10 else 0)
    ax.set_yticks(range(len(y)), [_short(v, 40) for v in y])
    top = max((v for row in grid for v in row), default=0)
    for i, row in enumerate(grid):
        for j, v in enumerate(row):
            if v:
                ax.text(
                    j, i, f"{v:g}", ha="center", va="center", fontsize=7, color="white" if v > top * 0.6 else "black"
                )
    ax.set(xlabel=xlabel, ylabel=ylabel)
    ax.spines[:].set_visible(False)
    fig.colorbar(img, ax=ax, shrink=0.8, label="violations")
    return fig
