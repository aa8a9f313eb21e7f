"""Persist stage: write articles, events and rejected inputs to DuckDB.

One transaction per call, so a run killed mid-write leaves either all of a
chunk or none of it. Every insert ignores rows whose primary key is already
there, and ids come from content, so re-running the same inputs adds nothing.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

import duckdb
import pandas as pd
from prefect import task

from models.article import CleanArticle
from models.events import TABLE_OF_KIND, EventBase, EventKind
from models.inputs import RejectedInput

EVENT_TABLES = tuple(TABLE_OF_KIND.values())
LIST_COLUMNS = ("people", "countries")


def schema_sql() -> str:
    return resources.files("tasks").joinpath("schema.sql").read_text(encoding="utf-8")


@contextmanager
def open_database(db_path: str | Path, *, read_only: bool = False):
    """A connection to the database file with the schema applied."""
    path = Path(db_path)
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path), read_only=read_only)
    try:
        if not read_only:
            con.execute(schema_sql())
        yield con
    finally:
        con.close()


def known_article_ids(db_path: str | Path, article_ids: Sequence[str]) -> set[str]:
    """The ids among `article_ids` that the database already holds."""
    if not article_ids or not Path(db_path).exists():
        return set()
    with open_database(db_path) as con:
        rows = con.execute(
            "SELECT article_id FROM articles WHERE list_contains(?, article_id)", [list(article_ids)]
        ).fetchall()
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


def write_results(
    db_path: str | Path,
    *,
    articles: Iterable[CleanArticle] = (),
    events: Iterable[EventBase] = (),
    rejected: Iterable[RejectedInput] = (),
) -> dict[str, int]:
    """Insert everything in one transaction; return rows added per table."""
    article_rows = [
        a.model_dump(include={"article_id", "source", "format", "title", "published_on", "clean_text"})
        for a in articles
    ]
    event_rows: dict[str, list[dict]] = {t: [] for t in EVENT_TABLES}
    for event in events:
        event_rows[TABLE_OF_KIND[EventKind(event.kind)]].append(event.model_dump(exclude={"kind"}, mode="python"))
    rejected_rows = [r.model_dump() for r in rejected]

    added: dict[str, int] = {}
    with open_database(db_path) as con:
        con.execute("BEGIN TRANSACTION")
        try:
            added["articles"] = _insert(con, "articles", article_rows)
            for table in EVENT_TABLES:
                added[table] = _insert(con, table, event_rows[table])
            added["rejected_inputs"] = _insert(con, "rejected_inputs", rejected_rows)
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
    return added


@task(name="persist", retries=3, retry_delay_seconds=[1, 4, 16])
def persist_task(
    db_path: str,
    articles: list[CleanArticle],
    events: list[EventBase],
    rejected: list[RejectedInput],
) -> dict[str, int]:
    return write_results(db_path, articles=articles, events=events, rejected=rejected)
