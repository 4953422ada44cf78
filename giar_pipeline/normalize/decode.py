"""raw bytes → text. Never guesses silently: undecodable input raises DecodeError."""
from __future__ import annotations

import codecs
import re

# Characters that are frequent in these reports, in simplified and traditional
# script; a correct decoding is full of them, a wrong one almost never.
_COMMON = set("的政府信息公开開申请請年度报報告工作情况況数數件条條人民区區县縣镇鎮市省局中国國行和为為在对對"
              "不了是有于於一二三四五六七八九十统統计計主动動依复復议議诉訴讼訟总總处處理")
_COMMON_RE = re.compile("[%s]" % "".join(sorted(_COMMON)))
_CJK_RE = re.compile("[\u4e00-\u9fff]")
_BAD_RE = re.compile("[\ufffd\x00-\x08\ue000-\uf8ff]")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)


class DecodeError(ValueError):
    """The bytes are not text in any encoding giar reads."""


def _score(text: str) -> float:
    """Share of common report characters among CJK ones, less undecodable and control characters."""
    sample = text[:20000]
    hits = len(_COMMON_RE.findall(sample))
    bad = len(_BAD_RE.findall(sample))
    cjk = len(_CJK_RE.findall(sample))
    return (hits - 5 * bad) / cjk if cjk else -float(bad)


def decode(raw: bytes) -> tuple[str, str]:
    """Return (text, encoding name). Order: BOMs, declared charset, UTF-8, then GB18030 vs Big5 by content."""
    if raw.startswith(codecs.BOM_UTF8):
        return raw[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as e:
            raise DecodeError(f"starts with a UTF-16 byte-order mark but is not valid UTF-16 ({e.reason})") from e
    if not raw.strip():
        raise DecodeError("the file is empty")
    try:
        if b"\x00" not in raw[:4096]:
            return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    declared = _META_CHARSET.search(raw[:4096])
    # UTF-16 without a byte-order mark is only told apart by its content, like GB18030 and Big5
    candidates = ["gb18030", "big5"] + (["utf-16-le", "utf-16-be"] if len(raw) % 2 == 0 else [])
    if declared:
        name = declared.group(1).decode("ascii").lower()
        name = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "big5-hkscs": "big5hkscs"}.get(name, name)
        if name in candidates:
            candidates.remove(name)
        candidates.insert(0, name)
    best: tuple[float, str, str] | None = None
    for enc in candidates:
        try:
            text = raw.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
        s = _score(text)
        if best is None or s > best[0]:
            best = (s, text, enc)
    if best is None or best[0] < 0.05:
        raise DecodeError("not valid UTF-8, UTF-16, GB18030 or Big5 text (the bytes may be binary, "
                          "truncated or in another encoding): convert it to UTF-8 and re-ingest")
    return best[1], best[2]
