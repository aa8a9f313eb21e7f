"""Persist stage: write articles, events and rejected inputs to DuckDB.

DuckDB lets one process at a time open a file for writing; a second
process's connect fails with a lock error. So every write here opens the
file, does its work in one transaction and closes it at once, and a connect
that finds the file locked waits and tries again with backoff (bounded by
`db_lock_timeout`, then a clear `DatabaseBusyError`). Two runs writing the
same file take turns per chunk.

One transaction per chunk (articles, events, rejected inputs and the run's
counters together), so a run killed mid-write leaves either all of a chunk
or none of it. Every insert ignores rows whose primary key is already there,
and ids come from content, so re-running the same inputs adds nothing.

A write the file cannot take (disk full, I/O error, DuckDB giving up on the
database) raises `DatabaseWriteError` naming the file and the cause; the
tasks here do not retry it. Writes avoid rewriting rows of indexed tables
(see the `runs` table in schema.sql): a failed COMMIT of such a rewrite
makes DuckDB 1.5 abort the process.
"""
from __future__ import annotations

import json
import logging
import os
import socket
from collections.abc import Iterable, Sequence
from contextlib import contextmanager
from datetime import datetime, timezone
from importlib import resources
from pathlib import Path

import duckdb
import psutil
from prefect import get_run_logger, task
from prefect.exceptions import MissingContextError

from models.article import CleanArticle
from models.events import TABLE_OF_KIND, EventBase, EventKind
from models.inputs import RejectedInput
from models.run import RunRecord
from models.settings import get_settings
from tasks.support.dbfile import (  # noqa: F401  (the two errors are part of this module's interface)
    DatabaseBusyError,
    DatabaseWriteError,
    close_quietly,
    connect_waiting,
    create_database,
    retry_unless_unwritable,
    transaction,
    unwritable_as_error,
)
from tasks.support.io_policy import io_task_options

EVENT_TABLES = tuple(TABLE_OF_KIND.values())
LIST_COLUMNS = ("people", "countries")


def schema_sql() -> str:
    return resources.files("tasks").joinpath("schema.sql").read_text(encoding="utf-8")


def connect_with_retry(
    db_path: str | Path, *, read_only: bool = False, timeout: float | None = None
) -> duckdb.DuckDBPyConnection:
    """`duckdb.connect`, waiting (up to `timeout`, default the
    `db_lock_timeout` setting) while another process holds the file. Waits
    of a second or more are logged."""
    timeout = get_settings().db_lock_timeout if timeout is None else timeout

    def log_wait(message: str, waited: float) -> None:
        _logger().log(logging.INFO if waited >= 1 else logging.DEBUG, message)

    return connect_waiting(db_path, read_only=read_only, timeout=timeout, on_wait=log_wait)


def _logger():
    try:
        return get_run_logger()
    except MissingContextError:
        return logging.getLogger(__name__)


@contextmanager
def open_database(db_path: str | Path, *, read_only: bool = False, timeout: float | None = None):
    """A connection to the database file with the schema applied, held only
    for the `with` block. For writing, a missing file is created whole, and
    an error that leaves the file unwritable (raised here or in the block)
    becomes `DatabaseWriteError`."""
    path = Path(db_path)
    if read_only:
        con = connect_with_retry(path, read_only=True, timeout=timeout)
        try:
            yield con
        finally:
            close_quietly(con)
        return
    with unwritable_as_error(path):
        if not path.exists():
            create_database(path, schema_sql())
        con = connect_with_retry(path, timeout=timeout)
        try:
            _apply_schema_once(con, path)
            yield con
        finally:
            close_quietly(con)


_SCHEMA_APPLIED: set[tuple[str, int, int]] = set()


def _apply_schema_once(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """The schema is idempotent but not free (it replaces every view); a
    process applies it once per database file (a file deleted and made
    again is a new file). It is checkpointed at once, so an upgrade
    (columns added to an older file) never waits in the write-ahead log,
    which DuckDB cannot replay (see `create_database`)."""
    stat = path.stat()
    key = (str(path.resolve()), stat.st_dev, stat.st_ino)
    if key not in _SCHEMA_APPLIED:
        con.execute(schema_sql())
        _drop_runs_primary_key(con)
        con.execute("CHECKPOINT")
        _SCHEMA_APPLIED.add(key)


def _drop_runs_primary_key(con: duckdb.DuckDBPyConnection) -> None:
    """Files made before runs lost its PRIMARY KEY (see schema.sql) get the
    table rebuilt without it, rows and all, in one transaction."""
    keyed = con.execute(
        "SELECT count(*) FROM duckdb_constraints() WHERE table_name = 'runs' AND constraint_type = 'PRIMARY KEY'"
    ).fetchone()[0]
    if not keyed:
        return
    with transaction(con):
        con.execute("ALTER TABLE runs RENAME TO runs_with_key")
        con.execute(schema_sql())  # creates `runs` as it is now
        con.execute("INSERT INTO runs BY NAME SELECT * FROM runs_with_key")
        con.execute("DROP TABLE runs_with_key")


def known_article_ids(db_path: str | Path, article_ids: Sequence[str]) -> set[str]:
    """The ids among `article_ids` that the database already holds. The file
    is opened for just this query."""
    if not article_ids or not Path(db_path).exists():
        return set()
    # Read-only: no schema to apply and nothing to write back on close.
    with open_database(db_path, read_only=True) as con:
        try:
            rows = con.execute(
                "SELECT article_id FROM articles WHERE list_contains(?, article_id)", [list(article_ids)]
            ).fetchall()
        except duckdb.CatalogException:
            return set()  # a file the schema was never applied to holds no articles
    return {r[0] for r in rows}


def _insert(con: duckdb.DuckDBPyConnection, table: str, records: list[dict]) -> int:
    if not records:
        return 0
    # Imported here: the worker processes import this module (the flow's
    # module comes with Prefect's task context) but never write, and pandas
    # is a quarter of a second of each worker's start-up.
    import pandas as pd

    frame = pd.DataFrame.from_records(records)
    before = con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    casts = ", ".join(f"{c}::VARCHAR[] AS {c}" for c in LIST_COLUMNS if c in frame.columns)
    select = f"SELECT * REPLACE ({casts}) FROM frame" if casts else "SELECT * FROM frame"
    con.register("frame", frame)
    try:
        con.execute(f"INSERT OR IGNORE INTO {table} BY NAME {select}")
    finally:
        con.unregister("frame")
    return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0] - before


def _write_run_row(con: duckdb.DuckDBPyConnection, run: RunRecord) -> None:
    """Update the run's row in `runs`, or insert it on the run's first
    write; a run that inserts its row also looks for runs that died."""
    host, pid, process_started_at = _this_process()
    values: list[tuple[str, str, list]] = [
        ("flow_run_name", "?", [run.flow_run_name]),
        ("status", "?", [run.status]),
        ("started_at", "?", [_utc_naive(run.started_at)]),
        ("ended_at", "?", [_utc_naive(run.ended_at) if run.ended_at else None]),
        ("inputs", "?::VARCHAR[]", [run.inputs]),
        ("inputs_seen", "?", [run.inputs_seen]),
        ("articles_new", "?", [run.articles_new]),
        ("articles_skipped", "?", [run.articles_skipped]),
        ("rejected", "?", [run.rejected]),
        ("rows_added", "MAP(?::VARCHAR[], ?::BIGINT[])", [list(run.rows_added), list(run.rows_added.values())]),
        ("error", "?", [run.error]),
        ("host", "?", [host]),
        ("pid", "?", [pid]),
        ("process_started_at", "?", [process_started_at]),
    ]
    params = [p for _, _, ps in values for p in ps]
    assignments = ", ".join(f"{column} = {expr}" for column, expr, _ in values)
    updated = con.execute(
        f"UPDATE runs SET {assignments} WHERE flow_run_id = ?", [*params, run.flow_run_id]
    ).fetchone()[0]
    if not updated:
        columns = ", ".join(column for column, _, _ in values)
        exprs = ", ".join(expr for _, expr, _ in values)
        con.execute(f"INSERT INTO runs (flow_run_id, {columns}) VALUES (?, {exprs})", [run.flow_run_id, *params])
        mark_interrupted_runs(con)


def _this_process() -> tuple[str, int, datetime]:
    """Host name, pid and start time (UTC) of this process."""
    started = datetime.fromtimestamp(psutil.Process().create_time(), timezone.utc)
    return socket.gethostname(), os.getpid(), _utc_naive(started)


def _process_gone(pid: int, started_at: datetime | None) -> bool:
    """True when no process `pid` started at `started_at` runs on this host
    (none with that pid, a zombie, or a later process that reuses it)."""
    try:
        process = psutil.Process(pid)
        if process.status() == psutil.STATUS_ZOMBIE:
            return True
        started = process.create_time()
    except psutil.NoSuchProcess:
        return True
    except psutil.Error:  # not allowed to look: it may well be alive
        return False
    if started_at is None:
        return False
    return abs(started - started_at.replace(tzinfo=timezone.utc).timestamp()) > 1.0


def mark_interrupted_runs(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Mark `interrupted`, with the time noticed, the runs this host left
    `running` whose process no longer exists; return their names. Runs of
    other hosts, and rows written before Parley recorded the process, are
    left alone: there is no telling whether they still run."""
    host = socket.gethostname()
    candidates = con.execute(
        "SELECT flow_run_id, coalesce(flow_run_name, flow_run_id), pid, process_started_at FROM runs "
        "WHERE status = 'running' AND host = ? AND pid IS NOT NULL",
        [host],
    ).fetchall()
    dead = [(run_id, name, pid) for run_id, name, pid, started in candidates if _process_gone(pid, started)]
    if not dead:
        return []
    noticed = _utc_naive(datetime.now(timezone.utc))
    con.execute(
        "UPDATE runs SET status = 'interrupted', interrupted_noticed_at = ? "
        "WHERE status = 'running' AND list_contains(?, flow_run_id)",
        [noticed, [run_id for run_id, _, _ in dead]],
    )
    _logger().warning(
        "marked %d run(s) interrupted: left 'running' by processes that no longer exist: %s",
        len(dead), ", ".join(f"{name} (pid {pid})" for _, name, pid in dead),
    )
    return [name for _, name, _ in dead]


def _utc_naive(moment: datetime) -> datetime:
    return moment.astimezone(timezone.utc).replace(tzinfo=None) if moment.tzinfo else moment


def write_results(
    db_path: str | Path,
    *,
    articles: Iterable[CleanArticle] = (),
    events: Iterable[EventBase] = (),
    rejected: Iterable[RejectedInput] = (),
    run: RunRecord | None = None,
) -> dict[str, int]:
    """Insert everything in one transaction; return rows added per table.

    With `run` (its counters as before this call), the run's row in `runs`
    is written in the same transaction, advanced by what this call added
    (see `advance_run`)."""
    article_rows = [
        {
            **a.model_dump(
                include={"article_id", "source", "format", "title", "published_on", "clean_text", "language"}
            ),
            "extra": json.dumps(a.extra, ensure_ascii=False, default=str) if a.extra else None,
        }
        for a in articles
    ]
    event_rows: dict[str, list[dict]] = {t: [] for t in EVENT_TABLES}
    for event in events:
        event_rows[TABLE_OF_KIND[EventKind(event.kind)]].append(event.model_dump(exclude={"kind"}, mode="python"))
    rejected_rows = [r.model_dump(include={"source", "stage", "reason"}) for r in rejected]

    added: dict[str, int] = {}
    with open_database(db_path) as con, transaction(con):
        added["articles"] = _insert(con, "articles", article_rows)
        for table in EVENT_TABLES:
            added[table] = _insert(con, table, event_rows[table])
        added["rejected_inputs"] = _insert(con, "rejected_inputs", rejected_rows)
        if run is not None and rejected_rows:
            _mark_rejected_by(con, rejected_rows, run.flow_run_id)
        if run is not None:
            _write_run_row(con, advance_run(run, added, len(article_rows)))
    return added


def _mark_rejected_by(con: duckdb.DuckDBPyConnection, rows: list[dict], flow_run_id: str) -> None:
    """Record which run rejected these inputs. A rejection repeated from an
    earlier run keeps its row (the key is source, stage, reason), so the
    run id is set on existing rows as well as new ones."""
    con.execute(
        """
        UPDATE rejected_inputs r SET flow_run_id = $1
        FROM (SELECT unnest($2::VARCHAR[]) AS source, unnest($3::VARCHAR[]) AS stage,
                     unnest($4::VARCHAR[]) AS reason) k
        WHERE r.source = k.source AND r.stage = k.stage AND r.reason = k.reason
        """,
        [flow_run_id, [r["source"] for r in rows], [r["stage"] for r in rows], [r["reason"] for r in rows]],
    )


def advance_run(run: RunRecord, added: dict[str, int], articles_given: int) -> RunRecord:
    """`run` after a write that added `added` rows and was given
    `articles_given` articles: the ones actually inserted count as new, the
    rest (stored meanwhile by another run) as skipped."""
    totals = dict(run.rows_added)
    for table, count in added.items():
        totals[table] = totals.get(table, 0) + count
    new = added.get("articles", 0)
    return run.model_copy(
        update={
            "rows_added": totals,
            "articles_new": run.articles_new + new,
            "articles_skipped": run.articles_skipped + articles_given - new,
        }
    )


def record_run(db_path: str | Path, run: RunRecord) -> None:
    """Write the run's row in `runs` (at its start and at its end). At its
    start, runs this host left `running` whose process is gone are marked
    `interrupted`."""
    with open_database(db_path) as con, transaction(con):
        _write_run_row(con, run)


# A write the file cannot take fails the same way on every retry.
_IO_RETRIES = {**io_task_options(retries=3), "retry_condition_fn": retry_unless_unwritable}


@task(name="persist", task_run_name="persist-chunk-{number}", **_IO_RETRIES)
def persist_task(
    db_path: str,
    articles: list[CleanArticle],
    events: list[EventBase],
    rejected: list[RejectedInput],
    run: RunRecord | None = None,
    number: int = 0,
) -> dict[str, int]:
    return write_results(db_path, articles=articles, events=events, rejected=rejected, run=run)


@task(name="record-run", task_run_name="record-run-{run.status}", **_IO_RETRIES)
def record_run_task(db_path: str, run: RunRecord) -> None:
    record_run(db_path, run)
