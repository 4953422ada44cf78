"""The catalogue of templates, loaded once from ``templates.yaml``.

Everything that knows a table, row, column or relation reads it from here:
``load()`` returns a :class:`Catalogue`; ``load().template("v2021")`` is the
view of one generation with its ordered cells and its expanded relations.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from importlib import resources

import yaml

CellKey = tuple[str, str, str]  # (table, row, col)


@dataclass(frozen=True)
class Column:
    """A column of a form's table, with its label spellings."""

    code: str
    labels: tuple[str, ...]


@dataclass(frozen=True)
class Row:
    """A row of a form's table, with its label spellings."""

    code: str
    labels: tuple[str, ...]
    group: str | None = None
    unit: str | None = None
    combines: tuple[str, ...] = ()  # a variant's row printing several catalogue rows as one number
    scale: float | None = None  # a variant's printed unit → the catalogue's (元 → 万元: 0.0001)


@dataclass(frozen=True)
class Block:
    """Rows sharing one header; most tables are a single block without an item label."""

    item: tuple[str, ...]
    rows: tuple[Row, ...]
    cols: tuple[Column, ...]


@dataclass(frozen=True)
class Table:
    """One table of the national form, as one generation prints it (not a warehouse table)."""

    code: str
    titles: tuple[str, ...]
    blocks: tuple[Block, ...]
    structure: tuple[str, ...]  # labels of rows that carry no value
    money: frozenset[str]  # row/col codes whose values may be decimal
    signed: frozenset[str]  # row/col codes whose values may be negative
    unit_column: bool  # a 单位 column stands before the single value column

    @property
    def rows(self) -> tuple[Row, ...]:
        return tuple(r for b in self.blocks for r in b.rows)

    @property
    def cols(self) -> tuple[Column, ...]:
        seen: dict[str, Column] = {}
        for b in self.blocks:
            for c in b.cols:
                seen.setdefault(c.code, c)
        return tuple(seen.values())

    @property
    def cells(self) -> tuple[CellKey, ...]:
        return tuple((self.code, r.code, c.code) for b in self.blocks for r in b.rows for c in b.cols)

    def marks(self, codes: str, row: str, col: str) -> bool:
        """Whether the cell's row or column is among the table's ``codes`` ("money" or "signed")."""
        marked = {"money": self.money, "signed": self.signed}[codes]
        return row in marked or col in marked

    def is_money(self, row: str, col: str) -> bool:
        return self.marks("money", row, col)

    def is_signed(self, row: str, col: str) -> bool:
        return self.marks("signed", row, col)


@dataclass(frozen=True)
class Member:
    """One checked instance of a relation: ``sum(left) == sum(right)`` (eq) or ``<=`` (le)."""

    relation: str
    member: str | None
    op: str  # "eq" | "le"
    table: str
    left: tuple[CellKey, ...]
    right: tuple[CellKey, ...]

    @property
    def name(self) -> str:
        return f"{self.relation}[{self.member}]" if self.member else self.relation

    @property
    def severity(self) -> str:
        return "error" if self.op == "eq" else "warning"


@dataclass(frozen=True)
class Relation:
    name: str
    table: str
    op: str
    left: tuple[str, ...]
    right: tuple[str, ...]
    for_each: str | None  # "col" | "row" | None


@dataclass(frozen=True, eq=False)  # one object per view, hashed by identity (slot indexes cache on it)
class Template:
    """One generation: its tables (filtered to that generation), cells and relation members."""

    code: str
    description: str
    markers: tuple[str, ...]
    tables: tuple[Table, ...]
    relations: tuple[Relation, ...]
    members: tuple[Member, ...]
    variant: str | None = None  # a provincial view of the generation's tables (same codes, other rows)
    variants: tuple[Template, ...] = ()  # those views, on the generation's own template

    @functools.cached_property
    def cells(self) -> tuple[CellKey, ...]:
        return tuple(k for t in self.tables for k in t.cells)

    def table(self, code: str) -> Table:
        return next(t for t in self.tables if t.code == code)


@dataclass(frozen=True)
class Catalogue:
    templates: dict[str, Template]
    units: tuple[str, ...]
    cross_report: tuple[dict, ...] = field(default=())
    integrity: dict[str, dict] = field(default_factory=dict)  # per-cell rules: test, except (signed|money), severity

    def template(self, code: str) -> Template:
        return self.templates[code]

    @property
    def generations(self) -> tuple[str, ...]:
        return tuple(self.templates)

    def tables(self) -> dict[str, list[Table]]:
        """Every table code with its per-generation views."""
        out: dict[str, list[Table]] = {}
        for tpl in self.templates.values():
            for t in tpl.tables:
                out.setdefault(t.code, []).append(t)
        return out


def _expand(patterns, codes) -> list[str]:
    out: list[str] = []
    for p in patterns:
        if p.endswith("*"):
            out += [c for c in codes if c.startswith(p[:-1]) and c not in out]
        elif p in codes and p not in out:
            out.append(p)
    return out


def _members(rel: Relation, table: Table) -> list[Member]:
    rows = [r.code for r in table.rows]
    cols = [c.code for c in table.cols]
    left_rows, right_rows = _expand(rel.left, rows), _expand(rel.right, rows)
    left_cols, right_cols = _expand(rel.left, cols), _expand(rel.right, cols)

    def mk(member, left, right):
        return Member(rel.name, member, rel.op, table.code, tuple(left), tuple(right))

    t = table.code
    if rel.for_each == "col":
        return [mk(c, [(t, r, c) for r in left_rows], [(t, r, c) for r in right_rows]) for c in cols]
    if rel.for_each == "row":
        return [mk(r, [(t, r, c) for c in left_cols], [(t, r, c) for c in right_cols]) for r in rows]
    if left_rows or right_rows:  # codes are rows of a single-column table
        (col,) = cols
        return [mk(None, [(t, r, col) for r in left_rows], [(t, r, col) for r in right_rows])]
    (row,) = rows  # codes are columns of a single-row table
    return [mk(None, [(t, row, c) for c in left_cols], [(t, row, c) for c in right_cols])]


def _in(gen: str, spec: dict, default) -> bool:
    return gen in spec.get("generations", default)


def _table_view(code: str, spec: dict, gen: str) -> Table:
    blocks_spec = spec.get("blocks") or [{"item": [], "rows": spec["rows"], "cols": spec["cols"]}]
    blocks = []
    for b in blocks_spec:
        if not _in(gen, b, [gen]):
            continue
        cols_spec = b["cols"][gen] if gen in b["cols"] else b["cols"]
        cols = tuple(Column(c, tuple(ls or ())) for c, ls in cols_spec.items())
        rows = tuple(
            Row(r, tuple(rs.get("labels") or ()), rs.get("group"), rs.get("unit"))
            for r, rs in b["rows"].items()
            if _in(gen, rs, [gen])
        )
        blocks.append(Block(tuple(b.get("item") or ()), rows, cols))
    return Table(
        code=code,
        titles=tuple(spec.get("title") or ()),
        blocks=tuple(blocks),
        structure=tuple(spec.get("structure") or ()),
        money=frozenset(spec.get("money") or ()),
        signed=frozenset(spec.get("signed") or ()),
        unit_column=bool(spec.get("unit_column")),
    )


def _variant_views(code: str, spec: dict, gen: str, table: Table) -> list[tuple[str, tuple[str, ...], Table]]:
    """(name, markers, table) of each provincial variant of a table."""
    out = []
    for v in spec.get("variants") or ():
        rows = tuple(
            Row(r, tuple(rs.get("labels") or ()), combines=tuple(rs.get("combines") or ()), scale=rs.get("scale"))
            for r, rs in v["rows"].items()
        )
        cols = tuple(Column(c, tuple(ls or ())) for c, ls in v["cols"].items())
        view = Table(
            code,
            table.titles,
            (Block((), rows, cols),),
            (*table.structure, *(v.get("structure") or ())),
            table.money,
            table.signed,
            unit_column=False,
        )
        out.append((v["name"], tuple(v.get("markers") or ()), view))
    return out


def parse(doc: dict) -> Catalogue:
    templates = {}
    for gen, gspec in doc["generations"].items():
        tables, relations, members, variants = [], [], [], []
        for code, spec in doc["tables"].items():
            if gen not in spec["generations"]:
                continue
            table = _table_view(code, spec, gen)
            tables.append(table)
            variants += [(i, v) for v in _variant_views(code, spec, gen, table) for i in [len(tables) - 1]]
            for r in spec.get("relations") or ():
                op = "eq" if "eq" in r else "le"
                left, right = r[op]
                for_each = "col" if r.get("for_each_col") else "row" if r.get("for_each_row") else None
                rel = Relation(r["name"], code, op, tuple(left), tuple(right), for_each)
                relations.append(rel)
                members += _members(rel, table)
        views = tuple(
            Template(
                gen,
                gspec.get("description", ""),
                markers,
                tuple(view if j == i else t for j, t in enumerate(tables)),
                tuple(relations),
                tuple(members),
                name,
            )
            for i, (name, markers, view) in variants
        )
        templates[gen] = Template(
            gen,
            gspec.get("description", ""),
            tuple(gspec.get("markers") or ()),
            tuple(tables),
            tuple(relations),
            tuple(members),
            variants=views,
        )
    return Catalogue(
        templates,
        tuple(doc.get("units") or ()),
        tuple(doc.get("cross_report_relations") or ()),
        dict(doc.get("integrity") or {}),
    )


@functools.cache
def load() -> Catalogue:
    text = resources.files(__package__).joinpath("templates.yaml").read_text(encoding="utf-8")
    return parse(yaml.safe_load(text))
