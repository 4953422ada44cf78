"""HTML pieces of the report. Plain strings, every value escaped; no script and no external URL."""

from __future__ import annotations

import numbers
from html import escape

MAX_ROWS = 25  # the table beside a plot stays short; the SQL gives every row

CSS = """
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","WenQuanYi Micro Hei","PingFang SC","Microsoft YaHei",
 sans-serif;margin:2em auto;max-width:1280px;color:#222;padding:0 1em}
h1{font-size:1.6em;margin-bottom:.2em}
h2{font-size:1.25em;border-bottom:1px solid #ddd;padding-bottom:.2em;margin-top:2em}
.meta,.note{color:#666;font-size:.9em}
.row{display:flex;flex-wrap:wrap;gap:1.5em;align-items:flex-start}
figure{margin:0;flex:0 1 auto;min-width:320px} figure svg{max-width:100%;height:auto}
table{border-collapse:collapse;font-size:.85em;flex:0 1 auto}
th,td{border-bottom:1px solid #eee;padding:.2em .6em;text-align:left;vertical-align:top}
td.n{text-align:right;font-variant-numeric:tabular-nums} td.n a{color:#1f5fa8;text-decoration:none}
td.n a:hover{text-decoration:underline}
.none{background:#f4f8f4;border-left:4px solid #54a24b;padding:.6em 1em}
details{margin-top:.6em} summary{cursor:pointer;color:#1f5fa8;font-size:.9em}
pre{background:#f6f6f6;padding:.8em;overflow-x:auto;font-size:.85em}
.cards{display:flex;gap:1em;flex-wrap:wrap} .card{border:1px solid #ddd;border-radius:6px;padding:.5em 1em}
.card b{display:block;font-size:1.4em} .card a{color:inherit;text-decoration:none}
"""


def _cell(value, sql_id: str, column: str) -> str:
    if isinstance(value, numbers.Number) and not isinstance(value, bool):
        grouping = "" if column.endswith("year") else ","  # 2024 is a year, 2,024 a count
        text = f"{value:{grouping}.0f}" if float(value).is_integer() else f"{value:{grouping}.2f}"
        return f'<td class="n"><a href="#{sql_id}" title="produced by this section\'s SQL">{text}</a></td>'
    return f"<td>{escape('' if value is None else str(value))}</td>"


def table(columns: list[str], rows: list[tuple], sql_id: str) -> str:
    head = "".join(f"<th>{escape(c)}</th>" for c in columns)
    body = "".join("<tr>" + "".join(_cell(v, sql_id, c) for c, v in zip(columns, r)) + "</tr>" for r in rows[:MAX_ROWS])
    more = (
        f'<p class="note">first {MAX_ROWS} of {len(rows)} rows; the SQL lists them all</p>'
        if len(rows) > MAX_ROWS
        else ""
    )
    return f"<div><table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{more}</div>"


def sql_details(sql_id: str, sql: str) -> str:
    # the id sits on the <pre>: navigating to an element inside a closed <details> opens it
    return (
        f'<details><summary>SQL that produced these numbers</summary><pre id="{sql_id}">{escape(sql)}</pre></details>'
    )


def section(s, columns: list[str], rows: list[tuple], svg: str | None) -> str:
    sql_id = f"sql-{s.id}"
    head = f'<section id="{s.id}"><h2>{escape(s.title)}</h2><p>{escape(s.intro)}</p>'
    if not rows:
        what = (
            f" (no <code>check_violations</code> row has relation <code>{escape(s.relation)}</code>)"
            if s.relation
            else ""
        )
        body = f'<p class="none"><strong>None found.</strong> {escape(s.empty)}{what}</p>'
    else:
        fig = f'<figure aria-label="{escape(s.title)}">{svg}</figure>' if svg else ""
        body = f'<div class="row">{fig}{table(columns, rows, sql_id)}</div>'
    return head + body + sql_details(sql_id, s.sql) + "</section>"


def summary(sql_id: str, columns: list[str], values: tuple, sql: str) -> str:
    cards = "".join(
        f'<div class="card"><a href="#sql-{sql_id}"><b>{v:,}</b>{escape(c.replace("_", " "))}</a></div>'
        for c, v in zip(columns, values)
    )
    return f'<section id="{sql_id}"><div class="cards">{cards}</div>{sql_details("sql-" + sql_id, sql)}</section>'


def page(title: str, meta: str, summary_html: str, sections: list[tuple[str, str, str]]) -> str:
    """The whole document; ``sections`` are (id, title, html)."""
    nav = " · ".join(f'<a href="#{sid}">{escape(name)}</a>' for sid, name, _ in sections)
    return (
        f'<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        # nothing may load from anywhere: the policy makes the browser refuse it, not just us avoid it
        f"<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
        f'img-src data:">'
        f"<title>{escape(title)}</title><style>{CSS}</style></head><body>"
        f'<h1>{escape(title)}</h1><p class="meta">{escape(meta)}</p><nav class="meta">{nav}</nav>'
        f"{summary_html}{''.join(h for *_, h in sections)}</body></html>\n"
    )
