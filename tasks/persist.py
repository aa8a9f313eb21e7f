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
"""
from __future__ import annotations

import json

import logging
import random
import time
from collections.abc import Iterable, Sequence
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

import duckdb
import pandas as pd
from prefect import get_run_logger, task
from prefect.exceptions import MissingContextError

from models.article import CleanArticle
from models.events import TABLE_OF_KIND, EventBase, EventKind
from models.inputs import RejectedInput
from models.run import RunRecord
from models.settings import get_settings
from tasks.support.io_policy import io_task_options

EVENT_TABLES = tuple(TABLE_OF_KIND.values())
LIST_COLUMNS = ("people", "countries")


class DatabaseBusyError(RuntimeError):
    """Another process kept the database file locked for too long."""


def schema_sql() -> str:
    return resources.files("tasks").joinpath("schema.sql").read_text(encoding="utf-8")


def _is_lock_error(exc: Exception) -> bool:
    text = str(exc).lower()
    return isinstance(exc, duckdb.IOException) and ("lock" in text or "resource temporarily unavailable" in text)


def connect_with_retry(
    db_path: str | Path, *, read_only: bool = False, timeout: float | None = None
) -> duckdb.DuckDBPyConnection:
    """`duckdb.connect`, waiting while another process holds the file.

    Backoff starts at 20 ms and doubles up to 2 s, with jitter so two waiting
    writers do not retry in step. Raises `DatabaseBusyError` after `timeout`
    seconds (default: the `db_lock_timeout` setting)."""
    timeout = get_settings().db_lock_timeout if timeout is None else timeout
    deadline = time.monotonic() + timeout
    delay, attempts, started = 0.02, 0, time.monotonic()
    while True:
        attempts += 1
        try:
            con = duckdb.connect(str(db_path), read_only=read_only)
            waited = time.monotonic() - started
            if attempts > 1:
                _logger().log(
                    logging.INFO if waited >= 1 else logging.DEBUG,
                    "waited %.1fs (%d attempts) for another process to release %s", waited, attempts, db_path,
                )
            return con
        except duckdb.Error as exc:
            if not _is_lock_error(exc):
                raise
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise DatabaseBusyError(
                    f"{db_path} stayed locked by another process for {timeout:.0f}s "
                    f"({attempts} attempts); is another Parley run or a DuckDB shell "
                    f"holding it? Last error: {exc}"
                ) from exc
            time.sleep(min(delay * random.uniform(0.5, 1.5), remaining))
            delay = min(delay * 2, 2.0)


def _logger():
    try:
        return get_run_logger()
    except MissingContextError:
        return logging.getLogger(__name__)


@contextmanager
def open_database(db_path: str | Path, *, read_only: bool = False, timeout: float | None = None):
    """A connection to the database file with the schema applied, held only
    for the `with` block."""
    path = Path(db_path)
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    con = connect_with_retry(path, read_only=read_only, timeout=timeout)
    try:
        if not read_only:
            _apply_schema_once(con, path)
        yield con
    finally:
        con.close()


_SCHEMA_APPLIED: set[tuple[str, int, int]] = set()


def _apply_schema_once(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """The schema is idempotent but not free (it replaces every view); a
    process applies it once per database file (a file deleted and made
    again is a new file)."""
    stat = path.stat()
    key = (str(path.resolve()), stat.st_dev, stat.st_ino)
    if key not in _SCHEMA_APPLIED:
        con.execute(schema_sql())
        _SCHEMA_APPLIED.add(key)


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


def _upsert_run(con: duckdb.DuckDBPyConnection, run: RunRecord) -> None:
    con.execute(
        """
        INSERT OR REPLACE INTO runs (flow_run_id, flow_run_name, status, started_at, ended_at,
            inputs, inputs_seen, articles_new, articles_skipped, rejected, rows_added)
        VALUES (?, ?, ?, ?, ?, ?::VARCHAR[], ?, ?, ?, ?, MAP(?::VARCHAR[], ?::BIGINT[]))
        """,
        [
            run.flow_run_id, run.flow_run_name, run.status,
            _utc_naive(run.started_at), _utc_naive(run.ended_at) if run.ended_at else None,
            run.inputs, run.inputs_seen, run.articles_new, run.articles_skipped, run.rejected,
            list(run.rows_added), list(run.rows_added.values()),
        ],
    )


def _utc_naive(moment):
    from datetime import timezone

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
            **a.model_dump(include={"article_id", "source", "format", "title", "published_on", "clean_text"}),
            "extra": json.dumps(a.extra, ensure_ascii=False, default=str) if a.extra else None,
        }
        for a in articles
    ]
    event_rows: dict[str, list[dict]] = {t: [] for t in EVENT_TABLES}
    for event in events:
        event_rows[TABLE_OF_KIND[EventKind(event.kind)]].append(event.model_dump(exclude={"kind"}, mode="python"))
    rejected_rows = [r.model_dump(include={"source", "stage", "reason"}) for r in rejected]

    added: dict[str, int] = {}
    with open_database(db_path) as con:
        con.execute("BEGIN TRANSACTION")
        try:
            added["articles"] = _insert(con, "articles", article_rows)
            for table in EVENT_TABLES:
                added[table] = _insert(con, table, event_rows[table])
            added["rejected_inputs"] = _insert(con, "rejected_inputs", rejected_rows)
            if run is not None and rejected_rows:
                _mark_rejected_by(con, rejected_rows, run.flow_run_id)
            if run is not None:
                _upsert_run(con, advance_run(run, added, len(article_rows)))
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
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
    """Write the run's row in `runs` (at its start and at its end)."""
    with open_database(db_path) as con:
        _upsert_run(con, run)


_IO_RETRIES = io_task_options(retries=3)


@task(name="check-known-articles", task_run_name="check-known-chunk-{number}", **_IO_RETRIES)
def known_articles_task(db_path: str, article_ids: list[str], number: int = 1) -> set[str]:
    return known_article_ids(db_path, article_ids)


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
