"""`giar sql "SELECT …"`: one query on the warehouse, opened read-only, printed as an aligned table."""

from __future__ import annotations

import sys

import duckdb

from .text import table
from .warehouse import WarehouseError, read_only


def main(args) -> int:
    try:
        with read_only(args.warehouse) as conn:
            cur = conn.execute(args.query)
            if cur.description is None:  # a statement without a result (SET, PRAGMA …)
                return 0
            columns = [d[0] for d in cur.description]
            rows = cur.fetchmany(args.max_rows + 1)
    except WarehouseError as e:
        print(f"giar sql: {e}", file=sys.stderr)
        return 2
    except duckdb.Error as e:
        print(f"giar sql: {e}".rstrip(), file=sys.stderr)
        return 1
    shown = rows[: args.max_rows]
    print(table(columns, shown))
    more = f" (first {args.max_rows}; --max-rows N shows more)" if len(rows) > args.max_rows else ""
    print(f"({len(shown)} row{'s' * (len(shown) != 1)}{more})", file=sys.stderr)
    return 0
