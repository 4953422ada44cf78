"""A generated corpus of hostile documents, fixed seed: every class issue 9 names, plus random
mutations of the real seed reports and of generated ones. Used by tests/test_reliability*.py.

Each case says what must become of it: ``ok`` (read, perhaps with findings), ``quarantined``
(with a reason a person can act on) or ``either`` (a random mutation may or may not keep a table).
"""

from __future__ import annotations

import functools
import random
import re
from dataclasses import dataclass, field

from giar_pipeline.extract import extract_document
from giar_pipeline.extract.limits import Limits
from giar_pipeline.normalize import decode
from giar_pipeline.normalize.html import looks_like_html
from giar_pipeline.quality import plan
from giar_pipeline.synth import render_document

from .conftest import SHARED

SEED = 20261123
SEEDS = SHARED / "seeds"  # ../shared, or GIAR_SHARED (conftest)
MUTATIONS = 800  # random mutations; with the named classes the corpus holds over 1,000 cases


@dataclass
class Case:
    cls: str  # the class of hostility, as the README table lists it
    name: str
    data: bytes
    expect: str  # ok | quarantined | either
    limits: Limits = field(default_factory=Limits)
    finding: str | None = None  # an integrity rule the report must break (poison pills)
    replaced: bool = False  # decoding must report replaced bytes


def _utf8(seed: int) -> tuple[str, bytes]:
    """A generated report re-encoded as UTF-8 text, and its text."""
    text, _ = decode(render_document(seed).data)
    return text, text.encode("utf-8")


@functools.cache
def _plain(n: int) -> tuple[tuple[int, str], ...]:
    """The first ``n`` generated reports that are plain text (seed, text)."""
    out, seed = [], 0
    while len(out) < n:
        text, _ = decode(render_document(seed).data)
        if not looks_like_html(text):
            out.append((seed, text))
        seed += 1
    return tuple(out)


def _poison(n: int, rule: str) -> list[Case]:
    """Reports with one count cell made negative or fractional, in the document's own text."""
    out = []
    for seed, text in _plain(n * 2):
        rep = extract_document(text.encode(), "x")
        lines = text.split("\n")
        for c in rep.cells:
            t = plan.tables()[c.table].table
            if not (c.value and c.raw and c.raw.isdigit() and c.line):
                continue
            if t.is_signed(c.row, c.col) or t.is_money(c.row, c.col):
                continue
            pat = re.compile(r"(?<![\d.\-])" + re.escape(c.raw) + r"(?![\d.])")
            if len(pat.findall(lines[c.line - 1])) != 1:
                continue
            lines[c.line - 1] = pat.sub(("-" + c.raw) if rule == "negative_values" else c.raw + ".5", lines[c.line - 1])
            out.append(
                Case(
                    f"poison pill: {rule.replace('_', ' ')}",
                    f"poison-{rule}-{seed}.txt",
                    "\n".join(lines).encode(),
                    "ok",
                    finding=rule,
                )
            )
            break
        if len(out) == n:
            break
    return out


def _html_seeds(n: int) -> list[int]:
    return [s for s in range(400) if render_document(s).name.endswith(".html")][:n]


def _charsets(rng: random.Random, n: int) -> list[Case]:
    out = []
    for i, seed in enumerate(_html_seeds(n)):
        text, _ = decode(render_document(seed).data)
        name = rng.choice(["undefined", "x-made-up", "utf-9", "hex", "rot13", "gb-2312-80"])
        meta = f'<meta http-equiv="Content-Type" content="text/html; charset={name}">'
        text, k = re.subn(r"<meta[^>]+charset[^>]*>", meta, text, count=1, flags=re.I)
        text = text if k else meta + text
        if i % 3 == 0:  # an XML declaration naming it too (lxml refuses text that declares an encoding)
            text = f'<?xml version="1.0" encoding="{name}"?>\n' + text
        data = text.encode(rng.choice(["utf-8", "gb18030"]))
        out.append(Case("unknown declared charset", f"charset-{name}-{i}.html", data, "ok"))
    return out


def _damaged(rng: random.Random, n: int) -> list[Case]:
    out = []
    for i in range(n):
        text, data = _utf8(1000 + i)
        kind = i % 4
        if kind == 0:  # one stray byte
            at = rng.randrange(len(data))
            data, what = data[:at] + bytes([rng.choice([0x80, 0xFF, 0xC3, 0xFE])]) + data[at:], "stray byte"
        elif kind == 1:  # cut in the middle of a character, near the end
            at = next(j for j in range(len(data) - 1, 0, -1) if data[j] >= 0xC0)  # a multi-byte lead
            data, what = data[: at + 1], "cut mid-character"
        elif kind == 2:  # a few NULs
            for _ in range(rng.randint(1, 5)):
                at = rng.randrange(len(data))
                data = data[:at] + b"\x00" + data[at:]
            what = "NUL bytes"
        else:
            lines = text.split("\n")
            lines.insert(rng.randrange(len(lines)), "<table>")
            data, what = "\n".join(lines).encode(), "stray `<table>` in plain text"
            if looks_like_html(text):
                continue
        out.append(Case(f"damaged text: {what}", f"damaged-{i}.txt", data, "ok", replaced=kind < 3))
    return out


def _not_text(rng: random.Random, n: int) -> list[Case]:
    out = []
    for i in range(n):
        kind = i % 3
        if kind == 0:
            data = rng.randbytes(rng.randint(64, 4096))
        elif kind == 1:  # a zip or PDF header, then binary
            data = rng.choice([b"PK\x03\x04", b"%PDF-1.4\n", b"\x89PNG\r\n\x1a\n"]) + rng.randbytes(2000)
        else:  # a report encoded as UTF-16 and cut to an odd length, then half overwritten
            raw = bytearray(render_document(2000 + i).data)
            for j in range(0, len(raw), 2):
                raw[j] = rng.randrange(256)
            data = bytes(raw)
        out.append(Case("mostly not text", f"binary-{i}.bin", data, "either"))
    return out


def _empty(n: int) -> list[Case]:
    blanks = [b"", b" ", b"\n\n\n", b"\x00\x00\x00", b"\xef\xbb\xbf", b"\t \r\n"]
    return [Case("empty or blank", f"empty-{i}.txt", blanks[i % len(blanks)], "quarantined") for i in range(n)]


def _limits() -> list[Case]:
    text, data = _utf8(3000)
    small = Limits(seconds=DEFAULT_TEST_SECONDS, max_mb=len(data) / 2 / 1e6)
    numbers = " ".join(str(i % 97) for i in range(80_000))
    return [
        Case("over the size limit", "huge-1.txt", data, "quarantined", limits=small),
        Case("over the size limit", "huge-2.txt", data * 3, "quarantined", limits=small),
        Case(
            "pathological: 80,000 numbers on one line",
            "numbers.txt",
            (text + "\n" + numbers).encode(),
            "either",
            limits=Limits(seconds=DEFAULT_TEST_SECONDS),
        ),
        Case(
            "pathological: 20,000 numbers with full-width spaces",
            "numbers-fw.txt",
            (text + "\n" + "\u3000".join(str(i % 97) for i in range(20_000))).encode(),
            "either",
            limits=Limits(seconds=DEFAULT_TEST_SECONDS),
        ),
    ]


DEFAULT_TEST_SECONDS = 1.0  # the pathological cases' limit here: short, so the corpus stays quick

TAGS = ["<table>", "</td>", "<tr><td>1</td></tr>", "<script>x</script>", "<br>", "<p>", "<!--", "<html>"]


def mutate(data: bytes, rng: random.Random) -> tuple[str, bytes]:
    """One random mutation (sometimes two): cut, byte flips, swapped or duplicated lines, inserted tags."""
    kind = rng.choice(["cut", "flip", "swap", "duplicate", "tag", "cut+flip"])
    if kind in ("cut", "cut+flip"):
        data = data[: rng.randrange(1, max(2, len(data)))]
    if kind in ("flip", "cut+flip"):
        b = bytearray(data)
        for _ in range(rng.randint(1, 8)):
            if b:
                b[rng.randrange(len(b))] ^= 1 << rng.randrange(8)
        data = bytes(b)
    if kind in ("swap", "duplicate", "tag"):
        lines = data.split(b"\n")
        i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
        if kind == "swap":
            lines[i], lines[j] = lines[j], lines[i]
        elif kind == "duplicate":
            lines[i:i] = lines[j : j + rng.randint(1, 5)]
        else:
            lines.insert(i, rng.choice(TAGS).encode())
        data = b"\n".join(lines)
    return kind, data


def _mutations(rng: random.Random, n: int) -> list[Case]:
    seeds = sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []
    sources = [(p.name, p.read_bytes()) for p in seeds] + [
        (f"synth{s}", render_document(s).data) for s in range(4000, 4060)
    ]
    out = []
    for i in range(n):
        name, data = rng.choice(sources)
        kind, data = mutate(data, rng)
        origin = "real seed" if not name.startswith("synth") else "generated report"
        out.append(Case(f"random mutation of a {origin}", f"mut-{i}-{kind}-{name}", data, "either"))
    return out


@functools.cache
def corpus() -> tuple[Case, ...]:
    rng = random.Random(SEED)
    cases = [
        *_poison(20, "negative_values"),
        *_poison(20, "non_integral_counts"),
        *_charsets(rng, 24),
        *_damaged(rng, 120),
        *_not_text(rng, 30),
        *_empty(12),
        *_limits(),
        *_mutations(rng, MUTATIONS),
    ]
    return tuple(cases)
