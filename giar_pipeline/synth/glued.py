"""The glued-text layout: a portal page's text taken with no separators.

A few header lines (`标题: …`, `发布时间: …`, `发布机构: …`), then the whole body,
prose and tables, on one line or a few: every table cell run together
(`规章000规范性文件898989`), a few stray spaces between cells, a row's last digits
running into the next row's numbering (`…信息70000072.没有现成…`). Blank value cells
show a marker, since nothing would show an empty one.

While rendering, each body row's digit text goes through :func:`splits.decide`;
the cells it leaves undecided land in ``style.undecided`` (the truth marks them
uncertain), the ones it decides in ``style.decided`` (checked against the truth).
"""

from __future__ import annotations

import random
import string
import unicodedata

from .grid import VALUE, Grid
from .parts import META, TABLE, TITLE, Part
from .splits import UNDECIDED, decide
from .style import Style

_NUMBERING_DOTS = ".．、"


def glued_text(parts: list[Part], rng: random.Random, style: Style) -> str:
    marker = "/"  # one per blank cell (a run of dashes would read as one blank)
    space_rate = rng.choice([0.0, 0.0, 0.05, 0.3])
    if space_rate:
        style.noises.append("glued_spaces")
    title = next((p.text.replace("\n", "") for p in parts if p.kind == TITLE), "")
    header = [f"标题: {title}"] if title else []
    for p in parts:
        if p.kind == META:
            header += [f.strip() for f in p.text.split("    ") if f.strip()]
    header = [h.replace("发布日期", "发布时间", 1) if rng.random() < 0.6 else h for h in header]
    if not any("发布机构" in h for h in header) and rng.random() < 0.5:
        header.append("发布机构: ")  # portals often leave it empty
    if rng.random() < 0.6:
        header.insert(min(2, len(header)), "文号: ")
        header.append("栏目: 政府信息公开年报")
    if rng.random() < 0.4:
        site = "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(4, 9)))
        header.append(f"原文链接: https://www.{site}.gov.cn/zwgk/xxgknb/{rng.randint(100000, 999999)}.htm")
    if rng.random() < 0.5:
        header.append("=" * 20 + " 正文 " + "=" * 20)

    body = _Body(rng, marker, space_rate)
    joiners = ["", "", " "]
    for p in parts:
        if p.kind == META or (p.kind == TITLE and rng.random() < 0.2):
            continue
        if body.length and not (p.kind == TABLE or body.after_table):
            body.add(rng.choice(joiners), breakable=True)
        if p.kind == TABLE:
            body.table(p.grid)
        else:
            body.add(p.text.replace("\n", ""))
    style.undecided |= body.decide(style)
    text = body.lines(rng)
    return "\n".join(header + text) + "\n"


class _Body:
    """The body as one string, with where each body row's values stand in it."""

    def __init__(self, rng: random.Random, marker: str, space_rate: float):
        self.rng, self.marker, self.space_rate = rng, marker, space_rate
        self.pieces: list[str] = []
        self.length = 0
        self.breaks: list[int] = []  # offsets where a line may end
        self.rows: list[tuple[int, int, list]] = []  # (start, end, value cells) of each body row
        self.after_table = False

    @property
    def text(self) -> str:
        return "".join(self.pieces)

    def add(self, s: str, breakable: bool = False) -> None:
        if breakable:
            self.breaks.append(self.length)
        self.pieces.append(s)
        self.length += len(s)
        self.after_table = False

    def table(self, grid: Grid) -> None:
        for row in grid.rows:
            values = [c for c in row.cells if c.kind == VALUE]
            for c in row.cells:
                if c.kind == VALUE:
                    continue
                self.add(c.text.replace("\n", ""))
            start = self.length
            for i, c in enumerate(values):
                if i and self.rng.random() < self.space_rate:
                    self.add(" ")
                self.add(c.text or self.marker)
            if values:
                self.rows.append((start, self.length, values))
        self.after_table = True

    def decide(self, style: Style) -> set:
        """Cut every body row's values as a reader of this text would; the cells left undecided."""
        text, undecided = self.text, set()
        tpl = style.template
        for start, end, cells in self.rows:
            if start and text[start - 1].isdigit():
                raise AssertionError(f"a label ends in a digit before {text[start:end]!r}")
            stop = end
            while stop < len(text) and text[stop].isdigit():
                stop += 1
            lend = (
                (stop > end or text[end - 1].isdigit())
                and stop + 1 < len(text)
                and text[stop] in _NUMBERING_DOTS
                and not text[stop + 1].isdigit()
            )
            if stop > end and not lend:
                raise AssertionError(f"digits after a row's values that are no numbering: {text[start : stop + 2]!r}")
            keys = [c.key for c in cells]
            t, r = keys[0][0], keys[0][1]
            table = tpl.table(t)
            index = {k: i for i, k in enumerate(keys)}
            members = [
                ([index[k] for k in m.left if k in index], [index[k] for k in m.right if k in index])
                for m in tpl.members
                if m.op == "eq" and m.table == t and all(k[1] == r for k in (*m.left, *m.right))
            ]
            money = frozenset(i for i, k in enumerate(keys) if table.is_money(k[1], k[2]))
            signed = frozenset(i for i, k in enumerate(keys) if table.is_signed(k[1], k[2]))
            got = decide(
                unicodedata.normalize("NFKC", text[start:stop]),
                len(keys),
                money=money,
                signed=signed,
                members=members,
                lend=lend,
            )
            for k, v in zip(keys, got):
                if v is UNDECIDED:
                    undecided.add(k)
                else:
                    style.decided[k] = v
        return undecided

    def lines(self, rng: random.Random) -> list[str]:
        """One line, or a few broken where prose parts meet (never inside a table)."""
        text = self.text
        cuts = (
            sorted(rng.sample(self.breaks, min(len(self.breaks), rng.randint(1, 4))))
            if self.breaks and rng.random() < 0.35
            else []
        )
        return [text[i:j].strip() for i, j in zip([0, *cuts], [*cuts, len(text)]) if text[i:j].strip()]
