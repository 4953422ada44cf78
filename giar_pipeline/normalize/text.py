"""Character-level cleaning: script, width, pinyin annotations, punctuation; and label keys.

``clean`` turns a decoded line into comparable simplified text; ``key`` reduces a
label to its bare words so that spellings that differ only in numbering,
punctuation, spaces or brackets compare equal.
"""

from __future__ import annotations

import functools
import re
import unicodedata

import opencc

_T2S = opencc.OpenCC("t2s.json")

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
# 鎮(zhèn) → 鎮 ; a letter that replaced its character, F(xiàn), becomes a lost character '?'
_PINYIN = re.compile(rf"(?<![A-Za-z])([A-Za-z])?\((?=[a-zü]*[{_TONED}])[a-zü{_TONED}]{{1,7}}\)")
# PDF text wraps lines inside an annotation: 收费(f⏎èi)通知, and puts a row's values (and units) before
# the break: 行政机关( 8 0 7⏎guān)确认, 公众( 次 5⏎zhòng)关注; or a line of values or of a vertical
# label's debris between the halves: 确认(rèn⏎0 0 0⏎)或, 申请(qǐ⏎é⏎j ng), a vertical label's character
# before the second: 确认(r⏎0 0⏎理 èn)或. The halves go; the values, lines between, characters and breaks stay.
_PY = f"[a-zü{_TONED}]"
_PINYIN_SPLIT = re.compile(
    rf"\(({_PY}{{0,6}})((?:[ \t]+[\d,.—/\-]\S*|[ \t]+[\u4e00-\u9fff]{{1,2}}(?=[ \t]+[\d—/\-]))*[ \t]*)\n"
    rf"((?:[ \t]*[()]?{_PY}?[ \t]*\n|(?:[ \t]*[\d,.—/\-]+)+[ \t]*\n){{0,3}})"
    rf"(?:[()]?({_PY}|[\u4e00-\u9fff])?[ \t]+)?({_PY}{{0,6}})\)"
)
# A group label printed one character per line prints its annotations so too: 办 ⏎ ( ⏎ b ⏎ à ⏎ n ⏎ ),
# a character alone on its line or before a row's label (j 请…). Only in a text with annotations.
_PINYIN_DEBRIS = re.compile(rf"^[()a-zü{_TONED}](?:[ \t]*$|[ \t]+(?=\S))", re.M)
# A line left with nothing but annotation: a piece of one printed a character per line, or a whole
# one wrapped onto its own line under its label (數⏎(shù)); cleaned away, it is no empty cell.
# The halves of an annotation a page break cut apart, 缴纳费(fè ⏎ 第 3 页 ⏎ i)用: not joined, they go
# (but not before a lost character: 数(sh ⏎ 件 0 ⏎ ù)? is the end of 数量, and "?" alone reads as a blank).
_PINYIN_HALF = re.compile(rf"\({_PY}{{1,6}}$|^{_PY}{{1,6}}\)(?!\?)", re.M)
_DEBRIS_LINE = re.compile(rf"[ \t]*[()a-zü{_TONED}][()a-zü{_TONED} \t]*")


def is_annotation_debris(raw: str, text: str) -> bool:
    """A line that held only pieces of annotations (cleaned away)."""
    return not text and _DEBRIS_LINE.fullmatch(raw) is not None


_DASHES = str.maketrans(
    {c: "—" for c in "‐‑‒–―─━－﹣"}
    | {"〔": "[", "〕": "]", "【": "[", "】": "]", "\u3000": " ", "\xa0": " ", "\ufeff": None}
    | {chr(c): " " for c in range(32) if chr(c) not in "\t\n"}
)  # \f page breaks, \r, \v
# What the dash map or NFKC may change: not tab, newline, printable ASCII or CJK ideographs (all
# NFKC-stable, and none of them combines with what precedes it), so only these runs are converted.
_ODD_RUN = re.compile("[^\t\n -~\u4e00-\u9fff]+")
_TONED_CHAR = re.compile(f"[{_TONED}]")


@functools.cache
def _traditional_chars() -> re.Pattern:
    """Characters that t2s changes: their presence is the only reason to run OpenCC."""
    block = "".join(chr(c) for c in range(0x4E00, 0xA000))
    converted = _T2S.convert(block)
    if len(converted) != len(block):  # phrase rules changed the length; fall back to per-char
        converted = "".join(_T2S.convert(ch) for ch in block)
    return re.compile(f"[{''.join(sorted(a for a, b in zip(block, converted) if a != b))}]")


def is_traditional(text: str) -> bool:
    hits = len(_traditional_chars().findall(text))
    return hits >= 3 or (hits > 0 and hits * 50 >= len(text))


def to_simplified(text: str) -> str:
    return _T2S.convert(text)


def clean(text: str, keep_lines: bool = False) -> str:
    """Width, pinyin annotations, dashes/brackets, spaces. (Script conversion is done per document.)

    With ``keep_lines`` a whole text is cleaned in one pass and each of its lines stripped.
    """
    text = _unified(text)
    if "(" in text and _TONED_CHAR.search(text):
        text = _PINYIN.sub(lambda m: "?" if m.group(1) else "", text)
        if keep_lines and "\n" in text:
            text = _PINYIN_SPLIT.sub(_split_annotation, text)
            text = _PINYIN_DEBRIS.sub("", text)
            text = _PINYIN_HALF.sub("", text)
    text = _single_spaces(text)
    return _strip_lines(text) if keep_lines else text.strip()


def _split_annotation(m: re.Match) -> str:
    syllable = m.group(1) + m.group(5)
    if 1 <= len(syllable) <= 7 and _TONED_CHAR.search(syllable):
        vertical = m.group(4) if m.group(4) and m.group(4) > "\u4e00" else ""  # a group label's character
        return m.group(2) + "\n" + m.group(3) + (vertical + " " if vertical else "")
    return m.group(0)


def _strip_lines(text: str) -> str:
    """Each line without its edge space (single by now): as ``^ | $`` in multiline mode, 4x faster."""
    text = text.replace(" \n", "\n").replace("\n ", "\n")
    return text[text.startswith(" ") : len(text) - text.endswith(" ")] if text else text


def _single_spaces(text: str) -> str:
    """Runs of spaces become one (tabs stay: they delimit cells). NFKC already made U+2000–U+200A
    spaces; a zero-width space becomes one too. Replacing doubles halves every run per pass."""
    if "\u200b" in text:
        text = text.replace("\u200b", " ")
    while "  " in text:
        text = text.replace("  ", " ")
    return text


@functools.lru_cache(maxsize=65536)
def _unified_run(run: str) -> tuple[str, bool]:
    """(the run with dashes mapped and NFKC applied, whether it starts with a combining mark once the
    dash map deleted what it deletes, or after NFKC)."""
    mapped = run.translate(_DASHES)
    out = unicodedata.normalize("NFKC", mapped)
    return out, any(s and unicodedata.category(s[0])[0] == "M" for s in (mapped, out))


def _unified(text: str) -> str:
    """``NFKC(text.translate(_DASHES))``, converting only the runs that can change: a report is mostly
    ideographs and ASCII, and converting all of it cost 0.5 ms a document. A run that starts with a
    combining mark may compose with the character before it: then the whole text is converted."""
    marks = False

    def convert(m: re.Match) -> str:
        nonlocal marks
        out, starts_with_mark = _unified_run(m.group())
        marks = marks or starts_with_mark
        return out

    out = _ODD_RUN.sub(convert, text)
    return unicodedata.normalize("NFKC", text.translate(_DASHES)) if marks else out


_NUMBERING = re.compile(
    r"^(?:\([一二三四五六七八九十]{1,3}\)|[一二三四五六七八九十]{1,3}[、.．:,]|\(?\d{1,2}\)(?!\d)|\d{1,2}[、.．](?!\d)"
    r"|[①-⑳]|其中[:]?)"
)
_NOT_WORD = re.compile(r"[^\w?]+")
SWAPS = (("政务", "政府"), ("条列", "条例"), ("增/减", "增减"))  # spellings a label may take either way


@functools.lru_cache(maxsize=65536)
def key(label: str) -> str:
    """The comparable core of a label: no numbering prefixes, punctuation or spaces."""
    s = label.replace(" ", "")
    for a, b in SWAPS:
        s = s.replace(a, b)
    prev = None
    while prev != s:
        prev, s = s, _NUMBERING.sub("", s, count=1)
    return _NOT_WORD.sub("", s).replace("_", "")
