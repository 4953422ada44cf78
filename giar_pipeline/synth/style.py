"""A document's noise state: how its labels, prose and numbers are spelled.

One :class:`Style` per document holds the random generator and the chosen
noises; every piece of Chinese text and every value goes through it, so a
noise is applied consistently wherever that piece appears. Destructive noises
(lost or dropped characters, a character replaced by a letter) never touch
numbers, the issuer or dates, and hit a label at most once.
"""

from __future__ import annotations

import functools
import random
import re

import opencc

from ..numerals import WRITTEN_DIGITS

_S2T = opencc.OpenCC("s2tw.json")  # Taiwan forms (為, 眾) are the ones Big5 holds

# Traditional characters frequent in these reports, with toned pinyin (the
# annotation a careless conversion tool leaves behind: 鎮(zhèn)).
PINYIN = dict(
    pair.split(":")
    for pair in [
        "開:kāi",
        "報:bào",
        "縣:xiàn",
        "鎮:zhèn",
        "條:tiáo",
        "門:mén",
        "國:guó",
        "務:wù",
        "數:shù",
        "據:jù",
        "處:chǔ",
        "與:yǔ",
        "關:guān",
        "於:yú",
        "會:huì",
        "發:fā",
        "點:diǎn",
        "區:qū",
        "級:jí",
        "導:dǎo",
        "織:zhī",
        "議:yì",
        "專:zhuān",
        "項:xiàng",
        "總:zǒng",
        "計:jì",
        "請:qǐng",
        "辦:bàn",
        "費:fèi",
        "資:zī",
        "認:rèn",
        "現:xiàn",
        "網:wǎng",
        "體:tǐ",
        "應:yīng",
        "個:gè",
        "規:guī",
        "範:fàn",
        "證:zhèng",
        "執:zhí",
        "審:shěn",
        "結:jié",
        "轉:zhuǎn",
        "單:dān",
        "機:jī",
        "實:shí",
        "說:shuō",
        "讀:dú",
        "學:xué",
        "習:xí",
        "進:jìn",
        "設:shè",
        "質:zhì",
        "傳:chuán",
        "責:zé",
        "舉:jǔ",
        "訴:sù",
        "復:fù",
        "訟:sòng",
        "維:wéi",
        "糾:jiū",
        "錯:cuò",
        "類:lèi",
        "華:huá",
        "產:chǎn",
        "從:cóng",
        "無:wú",
        "東:dōng",
        "陽:yáng",
        "興:xīng",
        "寧:níng",
        "豐:fēng",
        "龍:lóng",
        "鳳:fèng",
        "雲:yún",
        "橋:qiáo",
        "嶺:lǐng",
        "鄉:xiāng",
        "萬:wàn",
        "視:shì",
        "線:xiàn",
        "訪:fǎng",
        "談:tán",
        "聞:wén",
        "為:wèi",
        "時:shí",
        "間:jiān",
        "態:tài",
        "權:quán",
        "領:lǐng",
        "營:yíng",
        "術:shù",
        "護:hù",
        "義:yì",
        "眾:zhòng",
        "見:jiàn",
        "廣:guǎng",
        "對:duì",
        "標:biāo",
        "準:zhǔn",
        "續:xù",
        "編:biān",
        "題:tí",
        "據:jù",
        "動:dòng",
        "務:wù",
        "員:yuán",
        "經:jīng",
        "濟:jì",
        "歷:lì",
        "環:huán",
        "題:tí",
        "統:tǒng",
        "籌:chóu",
    ]
)
_ANNOTATABLE = re.compile("[" + "".join(PINYIN) + "]")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_FULLWIDTH = str.maketrans(
    {**{str(d): chr(0xFF10 + d) for d in range(10)}, "(": "（", ")": "）", ":": "：", ",": "，", ".": "．"}
)
_L2 = re.compile(r"^\(([一二三四五六七八九十]+)\)")
_L3 = re.compile(r"^(\d+)\.")
_L1 = re.compile(r"^([一二三四五六七八九十]+)、")
_LABEL_NOISES = frozenset(
    {
        "alt_labels",
        "numbering",
        "gov_swap",
        "typo_tiaolie",
        "label_spaces",
        "fullwidth",
        "lost_chars",
        "dropped_chars",
        "wrapped_labels",
    }
)
_VALUE_NOISES = frozenset({"thousands", "fullwidth_digits", "value_units"})


@functools.lru_cache(maxsize=65536)
def traditional(text: str) -> str:
    return _S2T.convert(text)


class Style:
    """The noises of one document and the rules that apply them."""

    def __init__(self, rng: random.Random, noises: list[str], *, blank: str = "", unit_column: str = "units"):
        self.rng = rng
        self.noises = noises
        self.on = frozenset(noises)
        self._plain_labels = not self.on & _LABEL_NOISES
        self._plain_values = not self.on & _VALUE_NOISES
        self.blank = blank  # the marker printed for a blank value cell
        self.unit_column = unit_column  # "units" | "blank" | "absent" (v2008 unit column)
        self.template = None  # the document's catalogue Template, for layouts that reason about relations
        self.decided: dict = {}  # cell key -> value a layout's text decides (glued text)
        self.undecided: set = set()  # cell keys the rendered text leaves undecided

    # -- Chinese text ------------------------------------------------------------------------
    def label(self, labels: tuple[str, ...], *, wrap: bool = True) -> str:
        """One label of a row, column or structure line, spelled with this document's noises."""
        if self._plain_labels:
            return self.script(labels[0], corrupt=True)
        rng, on = self.rng, self.on
        text = rng.choice(labels) if "alt_labels" in on and len(labels) > 1 else labels[0]
        if "numbering" in on and rng.random() < 0.5:
            text = _renumber(text, rng)
        if "gov_swap" in on and "政府" in text and rng.random() < 0.3:
            text = text.replace("政府", "政务", 1)
        if "typo_tiaolie" in on:
            text = text.replace("条例", "条列")
        if "label_spaces" in on and rng.random() < 0.2:
            text = _insert_space(text, rng)
        if "fullwidth" in on and rng.random() < 0.4:
            text = text.translate(_FULLWIDTH)
        budget = 1  # at most one destroyed character per label keeps it recognizable
        if len(text) >= 6 and rng.random() < 0.12:
            if "lost_chars" in on:
                text, budget = _corrupt(text, rng, "?"), 0
            elif "dropped_chars" in on:
                text, budget = _corrupt(text, rng, ""), 0
        if wrap and "wrapped_labels" in on and len(text) >= 12 and rng.random() < 0.25:
            text = _wrap(text, rng)
        return self.script(text, corrupt=budget > 0 and len(text) >= 6)

    def prose(self, text: str) -> str:
        if "lost_chars" in self.on:
            text = "".join("?" if _CJK.match(c) and self.rng.random() < 0.01 else c for c in text)
        if "typo_tiaolie" in self.on:
            text = text.replace("条例", "条列")
        return self.script(text, corrupt=True)

    def fixed(self, text: str) -> str:
        """Title, header and signature lines: script only, nothing lost (they name the issuer and dates)."""
        return self.script(text, corrupt=False)

    def script(self, text: str, *, corrupt: bool) -> str:
        if "traditional" not in self.on:
            return text
        text = traditional(text)
        if "pinyin" not in self.on:
            return text
        rng = self.rng
        corrupt = corrupt and "pinyin_corrupt" in self.on
        spent = False

        def annotate(m: re.Match) -> str:
            nonlocal spent
            ch = m.group(0)
            if rng.random() > 0.6:
                return ch
            if corrupt and not spent and rng.random() < 0.04:
                spent = True  # the character itself became an ASCII letter: F(xiàn)
                return f"{rng.choice('ABCDEFGHKLMNPRSTWXZ')}({PINYIN[ch]})"
            return f"{ch}({PINYIN[ch]})"

        return _ANNOTATABLE.sub(annotate, text)

    # -- numbers -----------------------------------------------------------------------------
    def value(self, v: int | float | None, unit: str | None) -> str:
        if v is None:
            return self.blank
        if self._plain_values and type(v) is int:
            return str(v)
        rng, on = self.rng, self.on
        if isinstance(v, float) and not v.is_integer():
            text = f"{v:,.2f}".rstrip("0").rstrip(".") if "thousands" in on else f"{v:.2f}".rstrip("0").rstrip(".")
        else:
            text = f"{int(v):,}" if "thousands" in on and abs(v) >= 1000 else str(int(v))
        if "fullwidth_digits" in on and rng.random() < 0.3:
            text = text.translate(_FULLWIDTH)
        if "value_units" in on and unit and rng.random() < 0.5:
            text += unit
        return text


def _renumber(text: str, rng: random.Random) -> str:
    """Another way of writing the same numbering: (一) （一） 一、 / 1. 1、 1． (1)."""
    if m := _L2.match(text):
        n, rest = m.group(1), text[m.end() :]
        return rng.choice([f"（{n}）", f"{n}、", f"({n})、", f"（{n}）"]) + rest
    if m := _L3.match(text):
        n, rest = m.group(1), text[m.end() :]
        return rng.choice([f"{n}、", f"{n}．", f"({n})", f"{n}. "]) + rest
    if m := _L1.match(text):
        n, rest = m.group(1), text[m.end() :]
        return rng.choice([f"{n}.", f"{n}、 ", f"{n}，"]) + rest
    return text


def _cjk_positions(text: str) -> list[int]:
    return [i for i, c in enumerate(text) if _CJK.match(c)]


def _insert_space(text: str, rng: random.Random) -> str:
    # never beside a digit: "计 1 条" would put a lone number in a label
    spots = [i for i in range(1, len(text)) if _CJK.match(text[i - 1]) and _CJK.match(text[i])]
    if not spots:
        return text
    i = rng.choice(spots)
    return text[:i] + " " + text[i:]


def _corrupt(text: str, rng: random.Random, repl: str) -> str:
    # keep the start, where numbering and first words identify a label, and every numeral (第(五)项)
    spots = [i for i in _cjk_positions(text)[2:] if text[i] not in WRITTEN_DIGITS + "十"]
    if not spots:
        return text
    i = rng.choice(spots)
    return text[:i] + repl + text[i + 1 :]


def _wrap(text: str, rng: random.Random) -> str:
    """Break a long label over two or three lines ("\\n" marks the break; layouts decide how to show it)."""
    paren = next((i for i in range(3, len(text)) if text[i] in "(（"), 0)
    if paren:
        cuts = [paren]
    else:
        parts = 3 if len(text) >= 18 and rng.random() < 0.4 else 2
        cuts = sorted(rng.sample(range(5, len(text) - 2), parts - 1))
    # a digit at a break could read as a value on a line of its own
    if any(text[c - 1].isdigit() or text[c].isdigit() or text[c] == " " for c in cuts):
        return text
    return "\n".join(text[i:j] for i, j in zip([0, *cuts], [*cuts, len(text)]))
