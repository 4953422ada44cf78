"""Chinese numerals as reports write them in numbering and dates: 一 → 1, 十二 → 12, 二〇二四 digit by digit;
read (extraction) and written (the generator) here only."""

from __future__ import annotations

WRITTEN_DIGITS = "〇一二三四五六七八九"
DIGITS = {c: i for i, c in enumerate(WRITTEN_DIGITS)} | {"零": 0, "○": 0, "O": 0, "Ｏ": 0, "0": 0}


def cn_number(s: str) -> int:
    """A number below a hundred written with 十 (十二, 二十, 二十三) or a single digit; 0 when unknown."""
    if "十" in s:
        tens, _, ones = s.partition("十")
        return (DIGITS.get(tens, 1) if tens else 1) * 10 + (DIGITS.get(ones, 0) if ones else 0)
    return DIGITS.get(s, 0)


def cn_digits(s: str) -> int:
    """A number written digit by digit (二〇二四 → 2024); Arabic digits pass through."""
    return int(s) if s.isdigit() else int("".join(str(DIGITS[c]) for c in s))


def to_cn_number(n: int) -> str:
    """1 ≤ n < 100 as numbering and dates write it (:func:`cn_number`'s inverse): 1 → 一, 12 → 十二, 23 → 二十三."""
    tens, ones = divmod(n, 10)
    return (WRITTEN_DIGITS[tens] if tens > 1 else "") + ("十" if tens else "") + (WRITTEN_DIGITS[ones] if ones else "")


def to_cn_digits(n: int) -> str:
    """A number digit by digit: 2024 → 二〇二四 (:func:`cn_digits`' inverse)."""
    return "".join(WRITTEN_DIGITS[int(c)] for c in str(n))
