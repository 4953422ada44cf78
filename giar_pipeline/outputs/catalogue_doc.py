"""`giar catalogue`: the catalogue (templates, tables, rows, columns, relations) with its Chinese
labels, as aligned text or as the markdown of README's data dictionary.

``--readme FILE`` rewrites the block between ``<!-- catalogue:begin -->`` and ``<!-- catalogue:end -->``
of FILE; a test proves README holds what ``--markdown`` prints.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from ..catalogue import Catalogue, load
from .text import table as text_table

BEGIN, END = "<!-- catalogue:begin -->", "<!-- catalogue:end -->"
FOLD_ROWS = 12


@dataclass(frozen=True)
class Part:
    """One titled table of the dictionary."""

    title: str
    columns: list[str]
    rows: list[tuple]


def _gens(by_gen: dict[str, object]) -> str:
    return ", ".join(by_gen)


def _side(codes) -> str:
    return " + ".join(codes)


def _reads_as(row) -> str:
    """How a variant's printed row maps onto catalogue cells (several rows in one number, a scaled unit)."""
    said = []
    if getattr(row, "combines", ()):
        said.append(" + ".join(row.combines) + " (each left uncertain)")
    if getattr(row, "scale", None):
        said.append(f"× {row.scale:g}")
    return "; ".join(said)


def parts(cat: Catalogue | None = None) -> list[Part]:
    cat = cat or load()
    out = [
        Part(
            "Templates",
            ["template", "description", "marker phrases"],
            [
                (t.code, t.description, "、".join(t.markers[:4]) + ("…" if len(t.markers) > 4 else ""))
                for t in cat.templates.values()
            ],
        )
    ]
    views: dict[str, dict[str, object]] = {}  # table code → generation → Table view
    for gen, tpl in cat.templates.items():
        for t in tpl.tables:
            views.setdefault(t.code, {})[gen] = t
    for code, by_gen in views.items():
        first = next(iter(by_gen.values()))
        rows: dict[str, list] = {}
        for gen, t in by_gen.items():
            for r in t.rows:
                rows.setdefault(r.code, [r.labels[0] if r.labels else "", r.unit or "", []])[2].append(gen)
        cols: dict[str, list] = {}
        for gen, t in by_gen.items():
            for c in t.cols:
                cols.setdefault(c.code, [c.labels[0] if c.labels else "", []])[1].append(gen)
        title = f"`{code}` {first.titles[0]} ({_gens(by_gen)})"
        out.append(
            Part(
                f"{title}: rows",
                ["row", "label", "unit", "templates"],
                [(r, label, unit, ", ".join(g)) for r, (label, unit, g) in rows.items()],
            )
        )
        out.append(
            Part(
                f"{title}: columns",
                ["column", "label", "templates"],
                [(c, label, ", ".join(g)) for c, (label, g) in cols.items()],
            )
        )
        rels: dict[str, list] = {}
        for gen, tpl in cat.templates.items():
            for r in tpl.relations:
                if r.table == code:
                    each = {"col": "each column", "row": "each row"}.get(r.for_each, "")
                    sign = "=" if r.op == "eq" else "≤"
                    rels.setdefault(r.name, [f"{_side(r.left)} {sign} {_side(r.right)}", each, []])[2].append(gen)
        out.append(
            Part(
                f"{title}: relations",
                ["relation", "check", "for", "templates"],
                [(n, check, each, ", ".join(g)) for n, (check, each, g) in rels.items()],
            )
        )
    for tpl in cat.templates.values():
        for v in getattr(tpl, "variants", ()):  # provincial views of a generation's tables (same codes)
            for t in v.tables:
                out.append(
                    Part(
                        f"`{t.code}` variant {v.variant} of {tpl.code} ({'、'.join(v.markers)}): rows",
                        ["row", "label", "reads as"],
                        [(r.code, r.labels[0] if r.labels else "", _reads_as(r)) for r in t.rows],
                    )
                )
    out.append(
        Part(
            "Cross-report relations",
            ["relation", "table", "check", "for"],
            [
                (
                    r["name"],
                    r["table"],
                    f"year Y {r['eq'][0]} = year Y-1 {r['eq'][1]}",
                    "each column" if r.get("for_each_col") else "",
                )
                for r in cat.cross_report
            ],
        )
    )
    return out


def text() -> str:
    return "\n\n".join(f"== {p.title}\n{text_table(p.columns, p.rows)}" for p in parts())


def _md_cell(v) -> str:
    return str(v).replace("|", "\\|").replace("*", "\\*")


def markdown() -> str:
    blocks = []
    for p in parts():
        lines = ["| " + " | ".join(p.columns) + " |", "|" + "---|" * len(p.columns)]
        lines += ["| " + " | ".join(_md_cell(v) for v in r) + " |" for r in p.rows]
        table = "\n".join(lines)
        if len(p.rows) > FOLD_ROWS:  # long lists fold, so the README stays readable
            title = p.title.replace("`", "")
            blocks.append(f"<details><summary>{title} ({len(p.rows)})</summary>\n\n{table}\n\n</details>")
        else:
            blocks.append(f"**{p.title}**\n\n{table}")
    return "\n\n".join(blocks)


def readme_block(readme: str) -> str:
    """The generated text between the markers of ``readme`` (ValueError when they are missing)."""
    start, end = readme.find(BEGIN), readme.find(END)
    if start < 0 or end < start:
        raise ValueError(f"no {BEGIN} … {END} block")
    return readme[start + len(BEGIN) : end].strip("\n")


def update_readme(path: Path) -> bool:
    """Rewrite the catalogue block of ``path``; True when it changed."""
    old = path.read_text(encoding="utf-8")
    readme_block(old)
    start, end = old.index(BEGIN) + len(BEGIN), old.index(END)
    new = old[:start] + "\n" + markdown() + "\n" + old[end:]
    if new != old:
        path.write_text(new, encoding="utf-8")
    return new != old


def main(args) -> int:
    if args.readme:
        try:
            changed = update_readme(Path(args.readme))
        except (OSError, ValueError) as e:
            print(f"giar catalogue: {args.readme}: {e}", file=sys.stderr)
            return 2
        print(f"{args.readme}: catalogue block {'rewritten' if changed else 'already current'}", file=sys.stderr)
        return 0
    print(markdown() if args.markdown else text())
    return 0
