"""Chinese numerals as reports write them in numbering and dates: 一 → 1, 十二 → 12, 二〇二四 digit by digit."""

from __future__ import annotations

DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "○": 0, "O": 0, "Ｏ": 0, "0": 0}


def cn_number(s: str) -> int:
    """A number below a hundred written with 十 (十二, 二十, 二十三) or a single digit; 0 when unknown."""
    if "十" in s:
        tens, _, ones = s.partition("十")
        return (DIGITS.get(tens, 1) if tens else 1) * 10 + (DIGITS.get(ones, 0) if ones else 0)
    return DIGITS.get(s, 0)


def cn_digits(s: str) -> int:
    """A number written digit by digit (二〇二四 → 2024); Arabic digits pass through."""
    return int(s) if s.isdigit() else int("".join(str(DIGITS[c]) for c in s))
