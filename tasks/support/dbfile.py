"""The DuckDB file itself: opening it while other processes use it, making a
new one whole, and telling apart the errors a retry cannot fix.

DuckDB lets one process at a time hold a file open for writing, and that
lock also keeps out readers in other processes. Writers (tasks/persist.py)
and readers (`parley sql`, `export`, `report`) therefore wait for the lock
with backoff, up to a timeout from the settings.

When the disk is full or DuckDB hits an internal error, DuckDB cannot go on
with that file: a failed COMMIT has already ended the transaction, and a
fatal error invalidates the database until it is reopened. Such errors
become `DatabaseWriteError`, which names the file and the root cause, and
is never retried: the run stops, what was committed stays, and the next run
does the rest.

This module does not import Prefect, so the CLI's read commands start fast.
"""
from __future__ import annotations

import errno
import os
import random
import time
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

import duckdb

# Errors of the file system that no retry of the same write can get past.
_UNWRITABLE_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EIO, errno.EFBIG}


class DatabaseBusyError(RuntimeError):
    """Another process kept the database file locked for too long."""


class DatabaseWriteError(RuntimeError):
    """The database file cannot be written (disk full, I/O error, a fatal
    DuckDB error). Retrying cannot help; everything committed before stays."""

    def __init__(self, db_path: str | Path, cause: BaseException):
        self.db_path = str(db_path)
        self.cause = root_cause(cause)
        super().__init__(
            f"cannot write {self.db_path}: {self.cause}. Everything committed before this is kept; "
            "fix the cause (e.g. free disk space) and run again to do the rest"
        )


def is_lock_error(exc: BaseException) -> bool:
    text = str(exc).lower()
    return isinstance(exc, duckdb.IOException) and ("lock" in text or "resource temporarily unavailable" in text)


def root_cause(exc: BaseException) -> str:
    """The line of a DuckDB or OS error that says what went wrong, without
    DuckDB's hints and stack trace, and with the original error of an
    invalidated database rather than the invalidation notice."""
    if isinstance(exc, OSError) and exc.strerror:
        return f"{exc.strerror} ({exc.filename})" if exc.filename else exc.strerror
    text = str(exc)
    if "Original error:" in text:
        text = text.split("Original error:", 1)[1].strip().strip('"')
    first = text.strip().splitlines()[0] if text.strip() else type(exc).__name__
    return first.strip().rstrip(".")


def cannot_go_on(exc: BaseException) -> bool:
    """True for errors after which writing the file cannot succeed by
    trying again: the disk is full or failing, or DuckDB gave up on the
    database. A lock held by another process is not one of them."""
    if isinstance(exc, OSError):
        return exc.errno in _UNWRITABLE_ERRNOS
    if not isinstance(exc, duckdb.Error) or is_lock_error(exc):
        return False
    if isinstance(exc, (duckdb.FatalException, duckdb.InternalException, duckdb.IOException)):
        return True
    text = str(exc)
    return "Failed to commit" in text or "No space left on device" in text or "invalidated" in text


def close_quietly(con: duckdb.DuckDBPyConnection) -> None:
    """Close; closing checkpoints, and a checkpoint that fails (disk full)
    leaves the committed data in the write-ahead log, where the next open
    finds it. That failure must not hide the error being raised."""
    try:
        con.close()
    except duckdb.Error:
        pass


def retry_unless_unwritable(task, task_run, state) -> bool:
    """Prefect `retry_condition_fn`: retry a failed I/O task, unless the
    database file cannot be written (a retry would fail the same way)."""
    return not isinstance(getattr(state, "data", None), DatabaseWriteError)


def rollback_quietly(con: duckdb.DuckDBPyConnection) -> None:
    """Roll back if a transaction is still open. A COMMIT that failed has
    already ended it, and DuckDB then refuses ROLLBACK ("no transaction is
    active"); that refusal must not hide the error that caused it."""
    try:
        con.execute("ROLLBACK")
    except duckdb.Error:
        pass


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection):
    """BEGIN ... COMMIT around the block; rolled back if it raises."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield con
        con.execute("COMMIT")
    except BaseException:
        rollback_quietly(con)
        raise


def connect_waiting(
    db_path: str | Path,
    *,
    read_only: bool,
    timeout: float,
    on_wait: Callable[[str, float], None] | None = None,
) -> duckdb.DuckDBPyConnection:
    """`duckdb.connect`, waiting while another process holds the file.

    Backoff starts at 20 ms and doubles up to 2 s, with jitter so two
    waiting processes do not retry in step. `on_wait(message, seconds
    waited)` is called when the wait begins and when it ends. Raises
    `DatabaseBusyError` naming the file after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    delay, attempts, started = 0.02, 0, time.monotonic()
    while True:
        attempts += 1
        try:
            con = duckdb.connect(str(db_path), read_only=read_only)
        except duckdb.Error as exc:
            if not is_lock_error(exc):
                raise
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise DatabaseBusyError(
                    f"{db_path} stayed locked by another process for {timeout:.0f}s "
                    f"({attempts} attempts); is another Parley run or a DuckDB shell "
                    f"holding it? Last error: {root_cause(exc)}"
                ) from exc
            if attempts == 1 and on_wait is not None:
                on_wait(f"{db_path} is locked by another process (a run writing it?); waiting up to {timeout:.0f}s", 0.0)
            time.sleep(min(delay * random.uniform(0.5, 1.5), remaining))
            delay = min(delay * 2, 2.0)
            continue
        if attempts > 1 and on_wait is not None:
            waited = time.monotonic() - started
            on_wait(f"waited {waited:.1f}s ({attempts} attempts) for another process to release {db_path}", waited)
        return con


def create_database(path: Path, schema: str) -> None:
    """Make a new database file holding `schema`, whole or not at all.

    A file whose schema sits only in its write-ahead log cannot be opened
    again if the process dies or the disk fills before the first
    checkpoint: DuckDB 1.5 fails to replay `ALTER TABLE ... ADD COLUMN` on
    a table with a `DEFAULT current_timestamp` column. So the file is made
    under a temporary name, checkpointed, and linked into place; if
    another process made the file meanwhile, its file wins."""
    path.parent.mkdir(parents=True, exist_ok=True)
    staging = path.with_name(f".{path.name}.{os.getpid()}.new")
    leftovers = (staging, staging.with_name(staging.name + ".wal"))
    for item in leftovers:
        item.unlink(missing_ok=True)
    try:
        con = duckdb.connect(str(staging))
        try:
            con.execute(schema)
            con.execute("CHECKPOINT")
        finally:
            close_quietly(con)
        try:
            os.link(staging, path)  # never replaces a file another process made
        except FileExistsError:
            pass
        except OSError as exc:
            if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EXDEV, errno.EMLINK):
                raise
            if not path.exists():  # a file system without hard links
                os.replace(staging, path)
    finally:
        for item in leftovers:
            item.unlink(missing_ok=True)


@contextmanager
def unwritable_as_error(path: str | Path):
    """Inside the block, an error that leaves `path` unwritable becomes
    `DatabaseWriteError`; other errors pass unchanged."""
    try:
        yield
    except (duckdb.Error, OSError) as exc:
        if cannot_go_on(exc):
            raise DatabaseWriteError(path, exc) from exc
        raise
