"""Report metadata: issuer, the year covered and the publication date.

Sources in the contract's order: the title line names issuer and year; the
发布日期/公开日期 header line, then 成文日期, then the date under the closing
signature give the publication date (a 填报日期 fill-in date never does).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..numerals import cn_digits, cn_number

_CN_YEAR = "[〇○零OＯ0一二三四五六七八九]"
_DATE = re.compile(
    r"((?:19|20)\d{2})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})\s*日?"
    rf"|({_CN_YEAR}{{4}})\s*年\s*([一二三四五六七八九十]{{1,3}})\s*月\s*([一二三四五六七八九十]{{1,3}})\s*日"
)
_YEAR = re.compile(rf"((?:19|20)\d{{2}}|{_CN_YEAR}{{4}})\s*年度?")
_PUBLISHED = re.compile(r"(?:发布|公开|发文|印发)(?:日期|时间)\s*[::]?\s*")
_WRITTEN = re.compile(r"成文(?:日期|时间)\s*[::]?\s*")
_DATED = re.compile(r"(?:^|(?<=\s))日期\s*[::]?\s*(?=[\d〇○零一二])", re.M)  # a portal header: 日期：2021年01月28日
_TITLE = re.compile(r"(?:政府|政务)?信息(?:与政务)?公开.{0,8}(?:报告|年报)|政务公开.{0,8}(?:报告|年报)")
_TITLE_WORDS = re.compile(
    rf"(?:关于)?(?:(?:19|20)\d{{2}}|{_CN_YEAR}{{4}})\s*年度?|(?:(?:政府|政务)?信息(?:与政务)?公开|政务公开)"
    r"(?:工作)?(?:年度)?(?:报告|年报)?|工作年度报告|年度报告|工作报告|的?年报|[《》\"“”]"
)
_ISSUER_KEYS = re.compile(r"(?:发布机构|发布单位|信息来源|填报单位|报送单位|编制单位)(?:\(盖章\))?\s*[::]\s*(\S+)")
_DIVISION_END = tuple("省市区县镇乡州旗盟")
_SIGNER_END = (
    "政府",
    "局",
    "委员会",
    "委",
    "办公室",
    "办事处",
    "街道",
    "中心",
    "镇",
    "乡",
    "厅",
    "院",
    "所",
    "处",
    "站",
    "会",
)  # how the name of a signing body ends
_FILLED = re.compile(r"填报(?:日期|时间)")
_RANGE_OPEN = re.compile(r"(?:至|到|[~～]|日\s*[—-])\s*$")  # a period's start, its end on the next line (not - 2 -)


@dataclass(slots=True)
class Metadata:
    issuer: str | None
    report_year: int | None
    published_on: str | None


def parse_date(text: str) -> str | None:
    for m in _DATE.finditer(text):
        if m.group(1):
            y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
        else:
            y, mo, d = cn_digits(m.group(4)), cn_number(m.group(5)), cn_number(m.group(6))
        if 1 <= mo <= 12 and 1 <= d <= 31 and 1990 <= y <= 2100:
            return f"{y:04d}-{mo:02d}-{d:02d}"
    return None


_TITLE_FIELD = re.compile(r"^(?:#+\s*|\*\*|(?:标题|题目|文章标题|名称)\s*[::]\s*)")  # portal field, markdown heading


def _title(lines: list[str]) -> tuple[str, int] | None:
    """The title line (a portal's "标题:" field included), or a title broken over two lines."""
    head = [_TITLE_FIELD.sub("", s.strip()) for s in lines[:81]]
    titled = [(i, s) for i, s in enumerate(head[:80]) if len(s) <= 80 and _TITLE.search(s) and _YEAR.search(s)]
    for i, s in titled:
        if not s.endswith("。"):  # 现将…2023年度政府信息公开工作情况报告如下。 is the body's first sentence
            return s, i
    for i, (s, t) in enumerate(zip(head, head[1:])):  # PDF and converter text break long titles
        if len(s + t) <= 80 and not re.search(r"[::。]", s + t) and _TITLE.search(s + t) and _YEAR.search(s + t):
            return s + t, i
    return (titled[0][1], titled[0][0]) if titled else None


def _issuer_from_title(title: str) -> str | None:
    m = _YEAR.search(title)
    head = title[: m.start()] if m else title
    if not re.search(r"[\u4e00-\u9fff]{2}", head.replace("关于", "")):  # year first: issuer follows it
        head = _TITLE_WORDS.sub(" ", title[m.end() :] if m else title)
    name = _TITLE_WORDS.sub("", head)
    name = re.sub(r"[\s?()\[\]:,.、*#]+", "", name)
    name = re.sub(r"^(?:关于印发|关于|印发|现将|现就)|(?:关于|的(?:公告|通知)?)$", "", name)
    if name.endswith("人民"):  # XX县人民政府信息公开…: the title words took the 政府 of 人民政府
        name += "政府"
    return name or None


def _signature(lines: list[str]) -> tuple[str | None, str | None]:
    """(signer, date) of the closing signature: the last line that is only a date, with the body
    signing on the same line or just above it.

    It may stand before an attached v2008 table, so it is searched in the whole text.
    """
    for i in range(len(lines) - 1, -1, -1):
        s = lines[i]
        if "。" in s:  # glued text: the signature follows the last sentence
            s = s.rsplit("。", 1)[-1]
        s = s.split("附件", 1)[0]  # … and stands before any attachment glued to it
        if not s or _FILLED.search(s) or _PUBLISHED.search(s) or _WRITTEN.search(s) or _ends_range(lines, i):
            continue
        m = _DATE.search(s)
        rest = re.sub(r"[\s?\W]", "", s[: m.start()] + s[m.end() :]) if m else ""
        if m and (not rest or (len(rest) <= 30 and rest.endswith(_SIGNER_END))):
            date = parse_date(s)
            if date:
                return rest or _signer_above(lines, i), date
    return None, None


def _ends_range(lines: list[str], i: int) -> bool:
    """The line ends a period broken over lines (统计期限为2021年1月1日至 ⏎ 2021年12月31日): no signature."""
    above = next((s for s in reversed(lines[max(0, i - 2) : i]) if s.strip()), "")
    return _RANGE_OPEN.search(above) is not None


def _signer_above(lines: list[str], i: int) -> str | None:
    above = next((s for s in reversed(lines[max(0, i - 3) : i]) if s.strip()), "")
    name = re.sub(r"[\s?]", "", above)
    return name if 2 <= len(name) <= 30 and name.endswith(_SIGNER_END) and not re.search(r"\d", name) else None


def _line_above(lines: list[str], i: int) -> str | None:
    """A title broken over two lines puts the issuer on the line above."""
    above = next((s.strip() for s in reversed(lines[max(0, i - 3) : i]) if s.strip()), "")
    if 2 <= len(above) <= 30 and not re.search(r"\d|[::,。;]", above):
        return _issuer_from_title(above)
    return None


def extract_metadata(lines: list[str]) -> Metadata:
    title = _title(lines)
    issuer = (_issuer_from_title(title[0]) or _line_above(lines, title[1])) if title else None
    text = "\n".join(lines)
    signature = None  # (signer, date): read only when the title and header lines leave a gap
    if not issuer:
        m = _ISSUER_KEYS.search(text)
        issuer = m.group(1) if m else None
    if not issuer:
        signature = _signature(lines)
        issuer = signature[0]
    if issuer and issuer.endswith(_DIVISION_END) and f"{issuer}人民政府" in text:
        issuer += "人民政府"  # "XX区2014年…报告" on the site of "XX区人民政府"
    year = None
    if title:
        m = _YEAR.search(title[0])
        year = cn_digits(m.group(1)) if m else None
    if year is None:
        m = re.search(rf"\(\s*((?:19|20)\d{{2}}|{_CN_YEAR}{{4}})\s*年度?\s*\)", text) or _YEAR.search(text)
        year = cn_digits(m.group(1)) if m else None
    published = None
    for pattern in (_PUBLISHED, _DATED, _WRITTEN):
        for m in pattern.finditer(text):
            published = parse_date(text[m.end() : m.end() + 30])
            if published:
                break
        if published:
            break
    if published is None:
        published = (signature or _signature(lines))[1]
    return Metadata(issuer, year, published)
