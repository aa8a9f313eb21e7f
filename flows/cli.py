"""The `parley` command: run the flow, query the database, export it,
make a report."""
from __future__ import annotations

import argparse
import atexit
import gc
import os
import sys
import traceback
from pathlib import Path

MAIN_EXAMPLES = """examples:
  parley run seeds                                   # extract events into data/parley.duckdb
  parley sql "select * from events_per_month limit 10"
  parley export --format parquet --out exports/today
  parley report --out reports/parley.html
  parley COMMAND --help                              # options and examples of one command
"""
RUN_EXAMPLES = """examples:
  parley run seeds
  parley run ~/scraped/2026-11-21 extra/page.html --db data/news.duckdb
  parley run feeds/2026-11-21.jsonl.gz              # a scraper feed: one JSON article per line
  PARLEY_CHUNK_SIZE=200 parley run /srv/inbox       # bigger chunks

inputs: .txt, .html, .htm pages; .jsonl/.ndjson feeds (one JSON object per
line with url, title, published and html or text; other fields are kept);
any of these gzip-compressed (.gz). Progress is logged after every chunk.
"""
SQL_EXAMPLES = """examples:
  parley sql "select type, status, count(*) from events group by all"
  parley sql "select event_date, countries, evidence from summons order by event_date desc limit 5"
  parley sql "select * from latest_summons_recalls where country = 'RUS'"
  parley sql "select * from pair_events where country_a = 'RUS' and country_b = 'USA'"
"""
EXPORT_EXAMPLES = """examples:
  parley export --format parquet --out exports/today
  parley export --format csv --out exports/csv --db data/news.duckdb

reading the Parquet back (event views are one folder per kind, type=meeting/...):
  duckdb:  select * from read_parquet('exports/today/events/*/*.parquet', hive_partitioning = true)
  pandas:  pandas.read_parquet('exports/today/events')
  polars:  polars.read_parquet('exports/today/events/**/*.parquet', hive_partitioning=True)
manifest.json in the folder lists every file with its row count.
"""
REPORT_EXAMPLES = """examples:
  parley report --out reports/parley.html
  parley report --out /tmp/news.html --db data/news.duckdb

The page is self-contained (plotly.js is inside it): open it in any browser,
no network needed.
"""


def _default_db() -> str:
    from models.settings import get_settings

    return str(get_settings().db_path)


def _quiet_prefect_defaults() -> None:
    # Offline machines log telemetry errors unless analytics are off.
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    # The embedded server can take well over its default 20 s to start on a
    # busy two-core machine; waiting longer beats failing the run.
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")


def _where(exc: BaseException) -> str:
    """`file:line` of the innermost frame of our own code in the traceback."""
    repo = Path(__file__).resolve().parents[1]
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if str(Path(f.filename).resolve()).startswith(str(repo)) and ".venv" not in f.filename]
    frame = (ours or frames or [None])[-1]
    if frame is None:
        return "?"
    try:
        name = Path(frame.filename).resolve().relative_to(repo)
    except ValueError:
        name = frame.filename
    return f"{name}:{frame.lineno}"


def _fail(command: str, exc: BaseException, code: int = 1) -> int:
    print(f"parley {command}: failed at {_where(exc)}: {type(exc).__name__}: {exc}", file=sys.stderr)
    return code


def _progress(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def cmd_run(args: argparse.Namespace) -> int:
    _quiet_prefect_defaults()
    from flows.api_server import TemporaryServer, configured_api_url
    from tasks.support.dbfile import DatabaseWriteError

    db = args.db or _default_db()
    paths = [str(p) for p in args.paths]
    # A temporary Prefect server boots while this process imports the flow and
    # loads the model; it dies with this process however the run ends.
    server = None if configured_api_url() else TemporaryServer()
    if server:
        os.environ["PREFECT_API_URL"] = server.api_url
    try:
        from prefect.settings import PREFECT_API_URL, temporary_settings

        from flows.extract_events import extract_events, warmed_up_for
        from flows.progress import ProgressBar

        with warmed_up_for(paths):
            if server:
                server.wait_until_healthy(float(os.environ["PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS"]))
            # The environment reaches worker processes; the settings reach Prefect
            # even when something imported it before the variable was set.
            with temporary_settings({PREFECT_API_URL: server.api_url} if server else {}), ProgressBar():
                summary = extract_events(paths=paths, db=db)
    except DatabaseWriteError as exc:  # names the file and the cause already
        print(f"parley run: {exc}", file=sys.stderr)
        return 1
    except Exception as exc:  # the run as a whole failed
        print(f"parley run: failed writing {db} (at {_where(exc)}): {exc}", file=sys.stderr)
        return 1
    finally:
        if server:
            server.stop()
    print(f"\nParley run into {summary.db_path}")
    print(
        f"inputs seen {summary.inputs_seen}, new articles {summary.articles_new}, "
        f"already stored {summary.articles_skipped}, rejected {summary.rejected}"
    )
    print(f"{'table':<16}{'rows added':>10}")
    for table, count in summary.rows_added.items():
        print(f"{table:<16}{count:>10}")
    return 0


def cmd_sql(args: argparse.Namespace) -> int:
    import duckdb

    from models.settings import get_settings
    from tasks.export import ExportError, read_connection

    db = Path(args.db or _default_db())
    if not db.exists():
        print(f"parley sql: no database at {db}; run `parley run` first", file=sys.stderr)
        return 2
    try:
        with read_connection(db, on_wait=lambda line: print(f"parley sql: {line}", file=sys.stderr, flush=True)) as con:
            result = con.sql(args.query)
            if result is None:  # a statement without a result
                print("ok")
            else:  # DuckDB's own table rendering; it says how many rows there are
                result.show(max_rows=get_settings().sql_max_rows, max_col_width=60)
    except ExportError as exc:
        print(f"parley sql: {exc}", file=sys.stderr)
        return 2
    except duckdb.Error as exc:
        print(f"parley sql: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # e.g. an older file that could not gain the views
        return _fail("sql", exc)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from tasks.export import ExportError, export_database

    db = args.db or _default_db()
    try:
        result = export_database(db, args.out, args.format, progress=_progress)
    except ExportError as exc:
        print(f"parley export: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:
        return _fail("export", exc)
    total = sum(o.rows for o in result.objects)
    print(
        f"exported {len(result.objects)} tables and views ({total:,} rows) from {db} "
        f"to {result.out_dir} as {result.format} in {result.seconds:.1f}s; see {result.out_dir}/manifest.json"
    )
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from tasks.report import ReportError, write_report
    from tasks.export import ExportError

    db = args.db or _default_db()
    try:
        result = write_report(db, args.out, progress=_progress)
    except (ReportError, ExportError) as exc:
        print(f"parley report: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:
        return _fail("report", exc)
    print(f"report of {result.events:,} events written to {result.out_path} in {result.seconds:.1f}s")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="parley",
        description="Turn news pages into diplomatic event tables in DuckDB.",
        epilog=MAIN_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser(
        "run",
        help="run the extract-events flow over files and folders",
        epilog=RUN_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Read pages and scraper feeds (folders recursively), extract events, "
        "and add them to the DuckDB file. Exits 0 when the run completes, even if some "
        "inputs were rejected (they are listed in the rejected_inputs table, a feed's bad "
        "lines with their line number).",
    )
    run.add_argument("paths", nargs="+", type=Path, help="files or folders to read")
    run.add_argument("--db", help="DuckDB file to write (default: data/parley.duckdb or PARLEY_DB_PATH)")
    run.set_defaults(func=cmd_run)

    sql = sub.add_parser(
        "sql",
        help="run a SQL query on a read-only connection and print the result",
        epilog=SQL_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Run one query read-only and print the result as DuckDB renders it (up to "
        "PARLEY_SQL_MAX_ROWS rows). While a run is writing the database it waits, up to "
        "PARLEY_READ_LOCK_TIMEOUT seconds (60), and says so on stderr.",
    )
    sql.add_argument("query", help="the SQL to run")
    sql.add_argument("--db", help="DuckDB file to read (default: data/parley.duckdb)")
    sql.set_defaults(func=cmd_sql)

    export = sub.add_parser(
        "export",
        help="write every table and view as Parquet or CSV files",
        epilog=EXPORT_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Write every table and view of the database into a folder, one file per "
        "table or view (Parquet: event views as one folder per kind). Files of an earlier "
        "export with the same names are replaced; nothing else in the folder is touched.",
    )
    export.add_argument("--format", choices=("parquet", "csv"), default="parquet", help="file format (default: parquet)")
    export.add_argument("--out", required=True, type=Path, help="folder to write into (created if missing)")
    export.add_argument("--db", help="DuckDB file to read (default: data/parley.duckdb)")
    export.set_defaults(func=cmd_export)

    report = sub.add_parser(
        "report",
        help="write a self-contained HTML report with charts",
        epilog=REPORT_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Write one HTML page: a timeline of events by kind, a country-pair matrix, "
        "the most reported events with their sources, and the inputs the latest run rejected.",
    )
    report.add_argument("--out", required=True, type=Path, help="HTML file to write")
    report.add_argument("--db", help="DuckDB file to read (default: data/parley.duckdb)")
    report.set_defaults(func=cmd_report)
    return parser


def main(argv: list[str] | None = None) -> int:
    # The process's objects go with it at exit: the garbage collector need
    # not walk them first (half a second after a run, with Prefect, DuckDB
    # and the flow loaded). Registered first, it runs after the other exit
    # handlers, which may still close files and clients.
    atexit.register(gc.freeze)
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
