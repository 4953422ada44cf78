"""Invented metadata and prose: issuers, dates, titles, paragraphs, signatures.

Every name is put together from syllables at random and every sentence from a
small phrase bank written for this generator; nothing comes from a real report.
"""

from __future__ import annotations

import datetime as dt
import random

import opencc

from ..numerals import to_cn_digits, to_cn_number
from .style import traditional

_T2S = opencc.OpenCC("t2s.json")
_SYLLABLES = "安宁平江河山阳川青华兴德丰泰清源林石桥水云龙凤溪梅桂和永长庆昌明武文信宜金玉湖岭城沙田坪塘港湾浦洲盛鸣嘉禾乐康福寿通远瑞祥顺达岩峰松竹兰阜丘滨汇"
_LEVELS = [("省", "市"), ("市", "区"), ("市", "县"), ("县", "镇"), ("县", "乡"), ("区", "街道"), ("市", "")]
_AGENCIES = [
    "教育局",
    "财政局",
    "自然资源局",
    "生态环境局",
    "发展和改革委员会",
    "卫生健康委员会",
    "市场监督管理局",
    "人力资源和社会保障局",
    "住房和城乡建设局",
    "交通运输局",
    "农业农村局",
    "水利局",
    "民政局",
    "司法局",
    "审计局",
    "统计局",
    "文化和旅游局",
    "应急管理局",
    "退役军人事务局",
    "医疗保障局",
]
_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢"
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红玲文斌宇浩凯鹏辉俊峰晨欣怡婷雪梅琳"


def _place(rng: random.Random) -> str:
    return "".join(rng.sample(_SYLLABLES, rng.choice([2, 2, 2, 3])))


def issuer(rng: random.Random) -> str:
    """A random government body: 某某县某某镇人民政府, 某某区某某街道办事处, 某某市某某局 …"""
    while True:
        upper, lower = rng.choice(_LEVELS)
        parent = _place(rng) + upper
        if lower == "":
            name = parent + rng.choice(_AGENCIES)
        elif lower == "街道":
            name = parent * (rng.random() < 0.6) + _place(rng) + rng.choice(["街道办事处", "街道"])
        else:
            name = parent * (rng.random() < 0.7) + _place(rng) + lower + "人民政府"
        # a traditional-script document must still name its issuer unambiguously
        if _T2S.convert(traditional(name)) == name:
            return name


def person(rng: random.Random) -> str:
    return rng.choice(_SURNAMES) + "".join(rng.choice(_GIVEN) for _ in range(rng.choice([1, 2])))


def cn_date(d: dt.date) -> str:
    """二〇二五年一月二日"""
    return f"{to_cn_digits(d.year)}年{to_cn_number(d.month)}月{to_cn_number(d.day)}日"


def date_text(d: dt.date, rng: random.Random, *, chinese: bool = False, time: bool = False) -> str:
    forms = [d.isoformat(), f"{d.year}年{d.month}月{d.day}日", f"{d.year}年{d.month:02d}月{d.day:02d}日"]
    if chinese:
        forms.append(cn_date(d))
    text = rng.choice(forms)
    if time and text[4] == "-":
        text += f" {rng.randint(8, 18):02d}:{rng.randint(0, 59):02d}"
    return text


_OPENING = [
    "根据《中华人民共和国政府信息公开条例》的规定，{who}编制本年度报告，现予公布。",
    "本报告依据《中华人民共和国政府信息公开条例》要求，由{who}汇总编制，所列数据统计期限为{y}年1月1日至{y}年12月31日。",
    "现将{who}{y}年度政府信息公开工作情况报告如下。",
]
_WORK = [
    "{y}年，{short}把信息公开作为提升治理透明度的重要抓手，明确专人负责，理顺审核发布流程。",
    "全年坚持先审后发，对拟公开内容逐条核对，及时更新门户网站相关栏目，群众查阅更加便利。",
    "围绕民生热点，{short}通过门户网站、公示栏等渠道集中发布惠民政策，重点领域信息做到应公开尽公开。",
    "健全依申请公开受理、登记、办理、答复流程，按照法定时限办结，未发生超期答复情况。",
    "组织工作人员参加业务学习{n}次，进一步熟悉公开范围、公开方式和保密审查要求。",
    "加强平台日常巡检，清理过期栏目，规范信息发布格式，提升公开内容的准确性和时效性。",
    "把政策解读与文件发布同步部署，采用图文、问答等形式帮助群众理解政策要点。",
]
_PROBLEMS = [
    "一是部分栏目更新频率不高，信息发布的及时性还需加强。",
    "二是工作人员多为兼职，业务能力与新形势要求仍有差距。",
    "三是政策解读形式较为单一，互动回应的深度不够。",
    "下一步，{short}将加强统筹协调，完善考核机制，推动公开工作规范化、常态化。",
    "今后将持续优化公开平台功能，拓宽公开渠道，切实保障群众的知情权、参与权和监督权。",
]
_OTHER = ["无。", "本年度未收取信息处理费。", "{y}年度无其他需要报告的事项。", "本报告的电子版可在本机关门户网站查阅。"]


def paragraphs(bank: list[str], rng: random.Random, k: int, **fields) -> list[str]:
    """k sentences of the bank, in the bank's order."""
    picked = sorted(rng.sample(range(len(bank)), min(k, len(bank))))
    return [bank[i].format(**fields) for i in picked]


def opening(rng, **fields) -> list[str]:
    return paragraphs(_OPENING, rng, 1, **fields)


def work(rng, **fields) -> list[str]:
    return paragraphs(_WORK, rng, rng.randint(2, 4), **fields)


def problems(rng, **fields) -> list[str]:
    return paragraphs(_PROBLEMS[:3], rng, rng.randint(1, 3), **fields) + paragraphs(_PROBLEMS[3:], rng, 1, **fields)


def other_matters(rng, **fields) -> list[str]:
    return paragraphs(_OTHER, rng, 1, **fields)


def index_number(rng: random.Random, year: int) -> str:
    code = "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(rng.choice([9, 18])))
    return f"{code}/{year}-{rng.randint(1, 99999):05d}"
