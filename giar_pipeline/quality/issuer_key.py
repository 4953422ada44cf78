"""One body across its spellings: issuer names → ``issuer_key`` (rules in catalogue/issuers.yaml).

    clean → alias (issuer_aliases.csv, $GIAR_ISSUER_ALIASES) → expand abbreviations
          → drop a province/city prefix when exactly one longer name in the warehouse ends so
          → a bare place name joins the one body named after it (某某新区 → 某某新区管理委员会)

The last step depends on every other name in the warehouse (福州市鼓楼区人民政府 and
南京市鼓楼区人民政府 make a bare 鼓楼区人民政府 ambiguous), so keys are resolved over all
names at once (:func:`resolve`) after each load, never per report at extraction.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

from ..catalogue import audit

NAME, ALIAS, ABBREVIATION, PREFIX, BODY, AMBIGUOUS = "name", "alias", "abbreviation", "prefix", "body", "ambiguous"
_BRACKETS = str.maketrans({"（": "(", "）": ")", "〔": "(", "〕": ")", "[": "(", "]": ")", "【": "(", "】": ")"})


@dataclass(frozen=True)
class Key:
    issuer_key: str
    rule: str  # NAME | ALIAS | ABBREVIATION | PREFIX | BODY | AMBIGUOUS
    candidates: tuple[str, ...] = ()  # AMBIGUOUS: the longer names it could be


def clean(name: str) -> str:
    """Width, brackets and spaces made uniform."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", name).translate(_BRACKETS))


@functools.cache
def _rules() -> tuple[tuple[tuple[str, str, bool], ...], re.Pattern, re.Pattern]:
    data = audit.issuers()
    abbreviations = tuple((a["short"], a["full"], bool(a.get("suffix"))) for a in data["abbreviations"])
    return abbreviations, re.compile(data["prefix"]), re.compile(data["place"])


def expand(name: str) -> str:
    """Common abbreviations written out (管委会 → 管理委员会), each once, never inside its full form."""
    for short, full, suffix in _rules()[0]:
        if full in name:
            continue
        if not suffix:
            name = name.replace(short, full)
        elif name.endswith(short):
            name = name[: -len(short)] + full
    return name


def canonical(name: str, aliases: dict[str, str]) -> tuple[str, str]:
    """(canonical name, rule) before the warehouse-wide prefix step."""
    c = clean(name)
    for candidate in (name, c):
        if candidate in aliases:
            return clean(aliases[candidate]), ALIAS
    e = expand(c)
    if e in aliases:
        return clean(aliases[e]), ALIAS
    return e, ABBREVIATION if e != name else NAME


def tails(name: str) -> list[str]:
    """The name without one, two … leading place prefixes (福建省福州市鼓楼区… → 福州市鼓楼区…, 鼓楼区…)."""
    prefix = _rules()[1]
    out, rest = [], name
    while (m := prefix.match(rest)) and len(rest) > m.end():
        rest = rest[m.end() :]
        out.append(rest)
    return out


def resolve(names, aliases: dict[str, str] | None = None) -> dict[str, Key]:
    """issuer_key of every name, given all the names the warehouse holds."""
    aliases = audit.aliases() if aliases is None else aliases
    first = {n: canonical(n, aliases) for n in set(names) if n}
    longer: dict[str, set[str]] = {}  # a shortened form → the full names it comes from
    for full, _ in set(first.values()):
        for t in tails(full):
            longer.setdefault(t, set()).add(full)
    place = _rules()[2]
    out = {}
    for n, (c, rule) in first.items():
        parents = longer.get(c, set()) - {c}
        if not parents or not place.match(c):
            out[n] = Key(c, rule)
            continue
        # the widest names only: 福建省福州市X is the same body as 福州市X
        top = {p for p in parents if not longer.get(p, set()) & parents}
        out[n] = Key(next(iter(top)), PREFIX) if len(top) == 1 else Key(c, AMBIGUOUS, tuple(sorted(top)))
    return _bodies(out, longer)


def _bodies(keys: dict[str, Key], longer: dict[str, set[str]]) -> dict[str, Key]:
    """A bare place takes the key of the one body named after it (place + 人民政府, 管理委员会 …),
    or after it with a prefix (鼓楼区 → 福州市鼓楼区人民政府, when that is the only one)."""
    place, bodies = _rules()[2], tuple(audit.issuers().get("bodies") or ())
    by_key = {k.issuer_key for k in keys.values()}
    moved: dict[str, Key] = {}  # a bare place's key → its new Key
    for k in set(keys.values()):
        if k.rule == AMBIGUOUS or not place.match(k.issuer_key) or k.issuer_key.endswith(bodies):
            continue
        named = [k.issuer_key + b for b in bodies]
        found = {n for n in named if n in by_key} | {p for n in named for p in longer.get(n, ()) if p in by_key}
        widest = {f for f in found if not longer.get(f, set()) & found}
        if len(widest) == 1:
            moved[k.issuer_key] = Key(widest.pop(), BODY)
        elif widest:
            moved[k.issuer_key] = Key(k.issuer_key, AMBIGUOUS, tuple(sorted(widest)))
    return {n: moved.get(k.issuer_key, k) for n, k in keys.items()}
