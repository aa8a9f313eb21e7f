"""The `parley` command: run the flow, query the database."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

RUN_EXAMPLES = """examples:
  parley run seeds
  parley run ~/scraped/2026-11-21 extra/page.html --db data/news.duckdb
"""
SQL_EXAMPLES = """examples:
  parley sql "select type, status, count(*) from events group by all"
  parley sql "select event_date, countries, evidence from summons order by event_date desc limit 5"
"""


def _default_db() -> str:
    from models.settings import get_settings

    return str(get_settings().db_path)


def _quiet_prefect_defaults() -> None:
    # Offline machines log telemetry errors unless analytics are off.
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")


def cmd_run(args: argparse.Namespace) -> int:
    _quiet_prefect_defaults()
    from flows.extract_events import extract_events

    db = args.db or _default_db()
    try:
        summary = extract_events(paths=[str(p) for p in args.paths], db=db)
    except Exception as exc:  # the run as a whole failed
        print(f"parley run: failed: {exc}", file=sys.stderr)
        return 1
    print(f"\nParley run into {summary.db_path}")
    print(
        f"inputs seen {summary.inputs_seen}, new articles {summary.articles_new}, "
        f"already stored {summary.articles_skipped}, rejected {summary.rejected}"
    )
    print(f"{'table':<16}{'rows added':>10}")
    for table, count in summary.rows_added.items():
        print(f"{table:<16}{count:>10}")
    return 0


def format_table(columns: list[str], rows: list[tuple], *, max_width: int = 60) -> str:
    def cell(value) -> str:
        text = "NULL" if value is None else str(value)
        return text if len(text) <= max_width else text[: max_width - 1] + "…"

    cells = [[cell(v) for v in row] for row in rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    line = "+".join("-" * (w + 2) for w in widths)
    out = [" | ".join(c.ljust(w) for c, w in zip(columns, widths)), line]
    out += [" | ".join(v.ljust(w) for v, w in zip(r, widths)) for r in cells]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out)


def cmd_sql(args: argparse.Namespace) -> int:
    import duckdb

    db = Path(args.db or _default_db())
    if not db.exists():
        print(f"parley sql: no database at {db}; run `parley run` first", file=sys.stderr)
        return 2
    try:
        con = duckdb.connect(str(db), read_only=True)
        cursor = con.execute(args.query)
        columns = [d[0] for d in cursor.description or []]
        rows = cursor.fetchall() if columns else []
    except duckdb.Error as exc:
        print(f"parley sql: {exc}", file=sys.stderr)
        return 2
    print(format_table(columns, rows))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="parley",
        description="Turn news pages into diplomatic event tables in DuckDB.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser(
        "run",
        help="run the extract-events flow over files and folders",
        epilog=RUN_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Read .txt and .html/.htm files (folders recursively), extract events, "
        "and add them to the DuckDB file. Exits 0 when the run completes, even if some "
        "inputs were rejected (they are listed in the rejected_inputs table).",
    )
    run.add_argument("paths", nargs="+", type=Path, help="files or folders to read")
    run.add_argument("--db", help="DuckDB file to write (default: data/parley.duckdb or PARLEY_DB_PATH)")
    run.set_defaults(func=cmd_run)

    sql = sub.add_parser(
        "sql",
        help="run a SQL query on a read-only connection and print the result",
        epilog=SQL_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sql.add_argument("query", help="the SQL to run")
    sql.add_argument("--db", help="DuckDB file to read (default: data/parley.duckdb)")
    sql.set_defaults(func=cmd_sql)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
