"""Export stage: every table and view of a Parley database as Parquet or CSV.

One folder per export. Each table or view becomes ``<name>.parquet`` (or
``<name>.csv``). With Parquet, the views with one row per event (events,
unique_events, pair_events, diplomatic_contacts) are written instead as a
folder partitioned by kind, ``<name>/type=meeting/data_0.parquet`` and so
on, so a reader that only wants calls reads only the calls. ``manifest.json``
lists what was written, with row counts and how to read it back.

Everything is read in one transaction on a read-only connection, so the
files agree with each other even if a run writes meanwhile (the run waits
for the file lock; see docs/OPERATIONS.md).
"""
from __future__ import annotations

import json
import shutil
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import duckdb

FORMATS = ("parquet", "csv")
PARTITION_COLUMN = "type"
# Row-level objects worth splitting by kind; the small summary views stay
# one file each, which is simpler to open.
PARTITIONED = frozenset({"events", "unique_events", "pair_events", "diplomatic_contacts"})
MANIFEST = "manifest.json"

# Views the analyst tooling relies on; if a database was made before they
# existed, the schema is applied once (it is idempotent) to create them.
REQUIRED_VIEWS = (
    "events",
    "unique_events",
    "events_per_month",
    "latest_summons_recalls",
    "diplomatic_contacts",
    "pair_events",
    "last_run_rejected",
)


class ExportError(RuntimeError):
    """The export could not be made; the message says which file and why."""


@dataclass
class ExportedObject:
    name: str
    kind: str  # table or view
    rows: int
    path: str  # relative to the export folder
    partitioned_by: str | None = None
    columns: list[str] = field(default_factory=list)


@dataclass
class ExportResult:
    out_dir: str
    format: str
    db_path: str
    exported_at: str
    seconds: float
    objects: list[ExportedObject]

    def rows(self) -> dict[str, int]:
        return {o.name: o.rows for o in self.objects}


@contextmanager
def read_connection(db_path: str | Path, *, on_wait: Callable[[str], None] | None = None):
    """A read-only connection to an existing Parley database, with the
    analyst views present. While a run holds the file, it waits up to the
    `read_lock_timeout` setting and tells `on_wait` so. Raises `ExportError`
    naming the file when there is no database or it cannot be opened."""
    path = Path(db_path)
    if not path.is_file():
        raise ExportError(f"{path}: no such database file (run `parley run` first, or pass --db)")
    con = _connect_read_only(path, on_wait)
    try:
        present = {r[0] for r in con.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()}
        missing = [v for v in REQUIRED_VIEWS if v not in present]
        if missing:
            con.close()
            from tasks.persist import open_database  # imports Prefect: only when needed

            try:  # an older file: create the views (the schema is idempotent)
                with open_database(path):
                    pass
            except duckdb.Error as exc:
                raise ExportError(f"{path}: missing views {', '.join(missing)} and cannot add them: {exc}") from exc
            con = _connect_read_only(path, on_wait)
        yield con
    finally:
        con.close()


def _connect_read_only(path: Path, on_wait: Callable[[str], None] | None) -> duckdb.DuckDBPyConnection:
    from models.settings import get_settings
    from tasks.support.dbfile import DatabaseBusyError, connect_waiting

    timeout = get_settings().read_lock_timeout
    tell = (lambda message, _waited: on_wait(f"{message} (PARLEY_READ_LOCK_TIMEOUT)")) if on_wait else None
    try:
        return connect_waiting(path, read_only=True, timeout=timeout, on_wait=tell)
    except DatabaseBusyError as exc:
        raise ExportError(str(exc)) from exc
    except duckdb.Error as exc:
        raise ExportError(f"{path}: cannot open as a DuckDB database: {exc}") from exc


def list_objects(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    """(name, 'table' or 'view') of every user table and view, tables first."""
    tables = con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE NOT internal AND schema_name = 'main' ORDER BY table_name"
    ).fetchall()
    views = con.execute(
        "SELECT view_name FROM duckdb_views() WHERE NOT internal AND schema_name = 'main' ORDER BY view_name"
    ).fetchall()
    return [(t, "table") for (t,) in tables] + [(v, "view") for (v,) in views]


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def export_database(
    db_path: str | Path,
    out_dir: str | Path,
    fmt: str = "parquet",
    *,
    progress: Callable[[str], None] | None = None,
) -> ExportResult:
    """Write every table and view of `db_path` into `out_dir` as `fmt`
    (parquet or csv), replacing an earlier export of the same names there."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    say = progress or (lambda _line: None)
    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(f"{out}: cannot create the export folder: {exc.strerror or exc}") from exc

    started = time.monotonic()
    exported: list[ExportedObject] = []
    with read_connection(db_path, on_wait=progress) as con:
        con.execute("BEGIN TRANSACTION")  # one snapshot for every file
        objects = list_objects(con)
        for index, (name, kind) in enumerate(objects, start=1):
            columns = [d[0] for d in con.execute(f"SELECT * FROM {_quote(name)} LIMIT 0").description]
            rows = con.execute(f"SELECT count(*) FROM {_quote(name)}").fetchone()[0]
            partition = (
                PARTITION_COLUMN
                if fmt == "parquet" and name in PARTITIONED and PARTITION_COLUMN in columns and rows
                else None
            )
            target = out / (name if partition else f"{name}.{fmt}")
            _clear(out, name, fmt)
            options = "FORMAT parquet, COMPRESSION zstd" if fmt == "parquet" else "FORMAT csv, HEADER true"
            if partition:
                options += f", PARTITION_BY ({_quote(partition)})"
            t0 = time.monotonic()
            try:
                con.execute(f"COPY (SELECT * FROM {_quote(name)}) TO {_literal(str(target))} ({options})")
            except duckdb.Error as exc:
                raise ExportError(f"{target}: could not write {kind} {name}: {exc}") from exc
            rel = target.relative_to(out).as_posix() + ("/" if partition else "")
            exported.append(ExportedObject(name, kind, rows, rel, partition, columns))
            say(
                f"[{index}/{len(objects)}] {kind} {name}: {rows:,} rows -> {out / rel}"
                f"{' (one folder per ' + partition + ')' if partition else ''} in {time.monotonic() - t0:.2f}s"
            )
        con.execute("COMMIT")

    result = ExportResult(
        out_dir=str(out),
        format=fmt,
        db_path=str(Path(db_path).absolute()),
        exported_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
        seconds=round(time.monotonic() - started, 3),
        objects=exported,
    )
    manifest = asdict(result)
    manifest["how_to_read"] = {
        "duckdb": "select * from read_parquet('DIR/events/*/*.parquet', hive_partitioning = true)",
        "pandas": "pandas.read_parquet('DIR/events')",
        "polars": "polars.read_parquet('DIR/events/**/*.parquet', hive_partitioning=True)",
    } if fmt == "parquet" else {"pandas": "pandas.read_csv('DIR/events.csv')"}
    (out / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return result


def _clear(out: Path, name: str, fmt: str) -> None:
    """Remove what an earlier export wrote for `name` (only those paths)."""
    for old in (out / name, out / f"{name}.{fmt}"):
        if old.is_dir():
            shutil.rmtree(old)
        elif old.exists():
            old.unlink()
