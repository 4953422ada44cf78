"""Header words printed in narrow columns → the words, left to right.

PDF text prints a header cell too wide for its column over several lines, a piece
per line, and a line lists the pieces of every column that has one there:

    结果  结果  其他  尚未  总计          结果维持 结果纠正 其他结果 尚未审结 总计
    维持  纠正  结果  审结        →

Each column's pieces stand on consecutive lines, and on every line the pieces keep
the columns' order, so the columns are read off left to right: the next column is
made of the first unread piece of each of its lines, and must spell a word the
table's header uses. A short search finds the reading; none, or a step budget spent,
gives no reading (the header is then read as printed).
"""

from __future__ import annotations

WIDE = 4  # characters of a whole word that show a line is printed wide, not in narrow columns
MAX_STEPS = 200  # states searched before the header is left as printed


def header_lines(lines: list[list[str]], words: frozenset[str]) -> list[list[str]]:
    """The trailing run of lines made only of pieces of ``words`` (the header, wide or narrow)."""
    start = len(lines)
    while start and lines[start - 1] and all(any(p in w for w in words) for p in lines[start - 1]):
        start -= 1
    return lines[start:]


def stack(lines: list[list[str]], words: frozenset[str]) -> list[str] | None:
    """The header's words column by column (in reading order of their rows), or None when the pieces
    spell no sequence of ``words``."""
    lines = [_rejoined(line, words) for line in lines]
    if len(lines) < 2 or all(p in words for line in lines for p in line):
        return None  # nothing stacked: every line lists whole words (or there is one line)
    prefixes = {w[:i] for w in words for i in range(1, len(w) + 1)}
    seen: set[tuple[int, ...]] = set()
    steps = 0

    def search(at: tuple[int, ...]) -> list[str] | None:
        nonlocal steps
        if all(i == len(line) for i, line in zip(at, lines)):
            return []
        if at in seen or steps >= MAX_STEPS:
            return None
        top = next(ln for ln, i in enumerate(at) if i < len(lines[ln]))
        if lines[top][at[top]] not in prefixes:
            return None  # nothing above is left to go on with the topmost line's next piece
        seen.add(at)
        steps += 1
        for first in range(len(lines)):  # the column that starts highest is read first
            if at[first] == len(lines[first]):
                continue
            word, nxt = "", list(at)
            for ln in range(first, len(lines)):
                if nxt[ln] == len(lines[ln]):
                    break
                word += lines[ln][nxt[ln]]
                nxt[ln] += 1
                if word not in prefixes:
                    break
                if word in words and (rest := search(tuple(nxt))) is not None:
                    return [word, *rest]
        return None

    return search(tuple(0 for _ in lines))


def _rejoined(line: list[str], words: frozenset[str]) -> list[str]:
    """A line of whole words but one a space broke (其他结 果: an annotation's place), joined again.
    Only on a wide line (a whole word of WIDE characters) that the joins leave all words: on a
    stacked line 其他 结果 are two columns' pieces, though 其他结果 is a word."""
    if not any(len(p) >= WIDE and p in words for p in line):
        return line
    out: list[str] = []
    for p in line:
        if out and out[-1] not in words and out[-1] + p in words:
            out[-1] += p
        else:
            out.append(p)
    return out if len(out) < len(line) and all(p in words for p in out) else line
