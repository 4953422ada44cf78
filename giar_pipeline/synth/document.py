"""One synthetic report: values, metadata, parts, layout, encoding, truth."""

from __future__ import annotations

import datetime as dt
import random
import re
from dataclasses import dataclass

from ..catalogue import Template, load
from ..numerals import to_cn_number
from ..relations import check
from . import grid as grids
from . import prose
from .html import CHARSET, page
from .layouts import TEXT_LAYOUTS
from .parts import HEADING, LINE, META, PARA, TABLE, TITLE, Part
from .real_layouts import REAL_LAYOUTS, REAL_NOISE_EXCLUDED
from .style import Style
from .values import Profile, Values, consistent, inject, omit

LAYOUTS: tuple[str, ...] = (*TEXT_LAYOUTS, "html")
# Layouts of real scrapes (glued text, loose PDF rows, converter markdown, exported grids): rendered on
# request only, so a seed without a layout keeps giving the document it always gave.
ALL_LAYOUTS: tuple[str, ...] = (*LAYOUTS, *REAL_LAYOUTS)
# Years a generation's reports cover (v2008-format reports still appeared for 2019).
YEARS = {"v2008": (2008, 2019), "v2019": (2019, 2020), "v2021": (2021, 2025)}
GENERATION_WEIGHTS = {"v2008": 3, "v2019": 2, "v2021": 4}
# Noises that rewrite text, with their weights; pinyin needs traditional script, pinyin_corrupt needs pinyin.
TEXT_NOISES = {
    "traditional": 4,
    "pinyin": 2,
    "pinyin_corrupt": 1,
    "lost_chars": 2,
    "dropped_chars": 1,
    "numbering": 3,
    "label_spaces": 2,
    "fullwidth": 2,
    "gov_swap": 2,
    "typo_tiaolie": 1,
    "alt_labels": 4,
    "wrapped_labels": 3,
    "thousands": 3,
    "fullwidth_digits": 1,
    "value_units": 2,
    "blank_markers": 3,
    "stray_numbers": 2,
    "restated_numbers": 3,
}
WRAPPING_LAYOUTS = ("cell_lines_pipe", "cell_lines_spaced", "html")
ENCODINGS = {"utf-8": 10, "utf-8-sig": 2, "gb18030": 4, "utf-16": 1}
_NUMBERING = re.compile(r"^(?:\(?[一二三四五六七八九十]+[)、]|\d+\.|其中:)")


@dataclass
class SyntheticDoc:
    name: str
    data: bytes
    truth: dict


@dataclass
class _Meta:
    issuer: str
    year: int
    published: dt.date | None  # the truth, by the contract's priority
    header_date: dt.date | None  # 发布日期 / 公开日期
    written_date: dt.date | None  # 成文日期
    signature_date: dt.date | None
    signature: bool


def render_document(
    seed: int,
    layout: str | None = None,
    template: str | None = None,
    issuer: str | None = None,
    year: int | None = None,
    values: Values | None = None,
) -> SyntheticDoc:
    """A raw report document with its exact truth; the same arguments give the same bytes.

    ``issuer`` and ``year`` pin the report's identity, e.g. to render one body's consecutive years;
    ``values`` pins cells (others drawn as usual; no inconsistency injected), e.g. to plant a break.
    """
    rng = random.Random(seed)
    tpl = load().template(template or _weighted(rng, {g: GENERATION_WEIGHTS.get(g, 1) for g in load().generations}))
    layout = layout or rng.choice(LAYOUTS)
    if layout not in ALL_LAYOUTS:
        raise ValueError(f"unknown layout {layout!r}; known: {', '.join(ALL_LAYOUTS)}")

    pinned = values or {}
    busy = layout == "glued_text" and rng.random() < 0.4  # multi-digit values, so glued rows are ambiguous
    values = consistent(tpl.code, rng, Profile.busy(rng) if busy else None) | pinned
    omissions = omit(tpl.code, values, rng)
    truth = omissions.truth(values)
    noises = list(omissions.noises) + ["busy"] * busy
    # glued text decides splits by the sums within a row: a broken one there would change what it says
    keep = _row_members(tpl) if layout == "glued_text" else frozenset()
    if not pinned and rng.random() < 0.25 and inject(tpl.code, truth, rng, keep=keep):
        noises.append("inconsistent")
    style = _style(rng, tpl, layout, noises)
    style.template = tpl
    meta = _meta(rng, tpl, issuer, year)
    parts = _parts(rng, tpl, meta, style, truth, omissions)

    if layout == "html":
        text = page(parts, rng, style)
    else:
        text = (TEXT_LAYOUTS.get(layout) or REAL_LAYOUTS[layout])(parts, rng, style)
    encoding, data = _encode(text, _encoding(rng, style))
    ext = "html" if layout == "html" else "txt"
    for k, v in style.decided.items():
        if v != truth[k]:
            raise AssertionError(f"seed {seed}: the rendered text decides {k} = {v!r}, the truth is {truth[k]!r}")
    unsure = style.undecided
    truth = {k: None if k in unsure else v for k, v in truth.items()}
    return SyntheticDoc(
        name=f"synth{seed}_{tpl.code}_{layout}.{ext}",
        data=data,
        truth={
            "template": tpl.code,
            "report_year": meta.year,
            "issuer": meta.issuer,
            "published_on": meta.published.isoformat() if meta.published else None,
            "cells": [
                {"table": t, "row": r, "col": c, "value": truth[(t, r, c)]}
                | ({"uncertain": True} if (t, r, c) in unsure else {})
                for t, r, c in tpl.cells
            ],
            "violations": [v.name for v in check(tpl, truth, unsure)],
            "render": {"layout": layout, "encoding": encoding, "noises": style.noises},
        },
    )


def _row_members(tpl: Template) -> frozenset[str]:
    """Names of the relation members whose cells all stand in one row."""
    return frozenset(m.name for m in tpl.members if len({k[:2] for k in (*m.left, *m.right)}) == 1)


def _weighted(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _style(rng: random.Random, tpl: Template, layout: str, noises: list[str]) -> Style:
    pool = dict(TEXT_NOISES)
    if layout not in WRAPPING_LAYOUTS:
        pool.pop("wrapped_labels")
    for name in REAL_NOISE_EXCLUDED.get(layout, ()):
        pool.pop(name, None)
    chosen: list[str] = []
    for _ in range(rng.randint(1, 5)):
        name = _weighted(rng, {k: w for k, w in pool.items() if k not in chosen})
        chosen.append(name)
    if "pinyin_corrupt" in chosen and "pinyin" not in chosen:
        chosen.append("pinyin")
    if "pinyin" in chosen and "traditional" not in chosen:
        chosen.append("traditional")
    blank = rng.choice(["/", "—", "-", "——"]) if "blank_markers" in chosen else ""
    unit_column = "units"
    if any(t.unit_column for t in tpl.tables):
        unit_column = _weighted(rng, {"units": 6, "blank": 2, "absent": 2})
        if unit_column != "units":
            chosen.append(f"unit_column_{unit_column}")
    order = list(TEXT_NOISES)
    chosen.sort(key=lambda n: order.index(n) if n in order else len(order))
    return Style(rng, chosen + noises, blank=blank, unit_column=unit_column)


def _meta(rng: random.Random, tpl: Template, issuer: str | None = None, year: int | None = None) -> _Meta:
    first, last = YEARS.get(tpl.code, (int(tpl.code[1:]), int(tpl.code[1:]) + 4))
    year = year or rng.randint(first, last)
    signed = dt.date(year + 1, rng.randint(1, 3), rng.randint(1, 28))
    written = signed + dt.timedelta(days=rng.randint(0, 5))
    published = written + dt.timedelta(days=rng.randint(1, 12))
    has_header, has_written = rng.random() < 0.45, rng.random() < 0.25
    signature = rng.random() < 0.85
    has_signed = signature and rng.random() < 0.75
    truth = published if has_header else written if has_written else signed if has_signed else None
    return _Meta(
        issuer or prose.issuer(rng),
        year,
        truth,
        published if has_header else None,
        written if has_written else None,
        signed if has_signed else None,
        signature,
    )


def _encoding(rng: random.Random, style: Style) -> str:
    if "traditional" in style.on and rng.random() < 0.4:
        return "big5"
    return _weighted(rng, ENCODINGS)


def _encode(text: str, wanted: str) -> tuple[str, bytes]:
    """Bytes in the wanted encoding, or in the first fallback that holds every character."""
    for enc in dict.fromkeys([wanted, "gb18030", "utf-8"]):
        declared = "utf-8" if enc == "utf-8-sig" else enc
        try:
            return enc, text.replace(CHARSET, declared).encode(enc)
        except UnicodeEncodeError:
            continue
    raise AssertionError("utf-8 encodes everything")  # pragma: no cover


# -- parts ----------------------------------------------------------------------------------------


def _parts(rng: random.Random, tpl: Template, meta: _Meta, style: Style, truth: Values, omissions) -> list[Part]:
    fields = {"y": meta.year, "who": meta.issuer, "short": _short(meta.issuer), "n": rng.randint(2, 9)}
    parts: list[Part] = []
    header = _header_lines(rng, meta)
    title = Part(TITLE, style.fixed(_title(rng, meta)))
    if rng.random() < 0.5:
        parts += [Part(META, style.fixed(h)) for h in header] + [title]
    else:
        parts += [title] + [Part(META, style.fixed(h)) for h in header]

    def para(texts):
        return [Part(PARA, style.prose(t)) for t in texts]

    def heading(n: int, text: str):
        return Part(HEADING, style.fixed(f"{to_cn_number(n)}、{text}"))

    parts += para(prose.opening(rng, **fields))
    stray = "stray_numbers" in style.on
    tables = [(t, grids.build(t, truth, omissions, style, stray)) for t in tpl.tables]
    restated = para(_restated(rng, tpl, truth, meta.year)) if "restated_numbers" in style.on else []
    if len(tables) == 1:  # the v2008 form: report prose, signature, then the statistics table attached
        ((table, grid),) = tables
        parts += [
            heading(1, "概述"),
            *para(prose.work(rng, **fields)),
            *restated,
            heading(2, "存在的主要问题及改进措施"),
            *para(prose.problems(rng, **fields)),
        ]
        parts += _signature(rng, meta, style)
        parts += [
            Part(LINE, style.fixed(f"附件：{table.titles[0]}")),
            Part(LINE, style.fixed(rng.choice(table.titles))),
            Part(LINE, f"（{meta.year}年度）"),
            Part(LINE, style.fixed(f"填报单位（盖章）：{meta.issuer}")),
            Part(TABLE, grid=grid),
            *_form_footer(rng, meta, style),
        ]
        return parts
    parts += [heading(1, "总体情况"), *para(prose.work(rng, **fields)), *restated]
    for i, (table, grid) in enumerate(tables, start=2):
        parts += [heading(i, rng.choice(table.titles)), Part(TABLE, grid=grid)]
    n = len(tables) + 2
    parts += [
        heading(n, "存在的主要问题及改进情况"),
        *para(prose.problems(rng, **fields)),
        heading(n + 1, "其他需要报告的事项"),
        *para(prose.other_matters(rng, **fields)),
    ]
    return parts + _signature(rng, meta, style)


def _short(issuer: str) -> str:
    """How prose refers to the issuer: 本机关 or its own name."""
    return "本机关" if len(issuer) > 10 else issuer


def _title(rng: random.Random, meta: _Meta) -> str:
    i, y, sp = meta.issuer, meta.year, rng.choice(["", "", " "])
    titles = [
        f"{i}{sp}{y}年政府信息公开工作年度报告",
        f"{i}{sp}{y}年度政府信息公开工作年度报告",
        f"{y}年{i}政府信息公开工作年度报告",
        f"{i}{sp}{y}年度政府信息公开工作报告",
        f"{i}关于{y}年度政府信息公开工作年度报告的公告",
    ]
    if i.endswith("人民政府"):  # one 政府 for both: 2020年度某某县人民政府信息公开工作年度报告
        titles.append(f"{y}年度{i}信息公开工作年度报告")
    return rng.choice(titles)


def _header_lines(rng: random.Random, meta: _Meta) -> list[str]:
    colon = rng.choice(["：", ":", ": ", " "])
    items = [f"索引号{colon}{prose.index_number(rng, meta.year + 1)}"]
    if rng.random() < 0.6:
        items.append(f"发布机构{colon}{meta.issuer}")
    if meta.written_date:
        items.append(f"成文日期{colon}{prose.date_text(meta.written_date, rng)}")
    if meta.header_date:
        label = rng.choice(["发布日期", "发布日期", "公开日期", "日期"])
        items.append(f"{label}{colon}{prose.date_text(meta.header_date, rng, time=True)}")
    if rng.random() < 0.3:
        items.insert(0, "当前位置：首页 > 政府信息公开 > 政府信息公开年报")
    if rng.random() < 0.5:  # several fields to a line, as in a web page's info box
        return ["    ".join(items[i : i + 2]) for i in range(0, len(items), 2)]
    return items


def _signature(rng: random.Random, meta: _Meta, style: Style) -> list[Part]:
    if not meta.signature:
        return []
    lines = [Part(LINE, style.fixed(meta.issuer))]
    if meta.signature_date:
        lines.append(Part(LINE, style.fixed(prose.date_text(meta.signature_date, rng, chinese=True))))
    return lines


def _form_footer(rng: random.Random, meta: _Meta, style: Style) -> list[Part]:
    """The v2008 form's own footer: people and a 填报日期, which is never a publication date."""
    filled = dt.date(meta.year + 1, rng.randint(1, 3), rng.randint(1, 28))
    people = f"单位负责人：{prose.person(rng)}  审核人：{prose.person(rng)}  填报人：{prose.person(rng)}"
    phone = f"联系电话：{rng.randint(2000000, 8999999)}  填报日期：{prose.date_text(filled, rng)}"
    return [Part(LINE, style.fixed(people)), Part(LINE, style.fixed(phone))]


def _restated(rng: random.Random, tpl: Template, truth: Values, year: int) -> list[str]:
    """Sentences that repeat a few table values in prose (which must never be read as cells)."""
    shown = [k for k, v in truth.items() if v]
    out = []
    for t, r, c in rng.sample(shown, min(len(shown), rng.randint(1, 3))):
        table = tpl.table(t)
        row = next(x for x in table.rows if x.code == r)
        what = _core(row.labels[0]) if row.labels else _core(next(x for x in table.cols if x.code == c).labels[0])
        if len(table.cols) > 1 and row.labels:
            what += "（" + _core(next(x for x in table.cols if x.code == c).labels[0]) + "）"
        unit = row.unit or ("万元" if table.is_money(r, c) else "件")
        out.append(f"{year}年，{what}为{truth[(t, r, c)]}{unit}。")
    return out


def _core(label: str) -> str:
    return re.sub(r"\(.*?\)", "", _NUMBERING.sub("", label)).replace(" ", "")
