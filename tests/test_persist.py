"""The DuckDB writer: one transaction per chunk, waiting for the file lock,
the `runs` table, and nothing written twice."""
from __future__ import annotations

import subprocess
import sys
import time
from datetime import datetime, timezone

import duckdb
import pytest

from models.article import CleanArticle
from models.events import Meeting
from models.inputs import InputFormat, RejectedInput
from models.run import RunRecord
from tasks import persist
from tasks.persist import DatabaseBusyError, advance_run, known_article_ids, record_run, write_results

HOLD = """
import sys, time, duckdb
con = duckdb.connect(sys.argv[1])
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
con.close()
"""


def hold_lock(db, seconds: float) -> subprocess.Popen:
    """Another process holding the database open for writing."""
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(db), str(seconds)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "locked"
    return proc


def article(n: int) -> CleanArticle:
    return CleanArticle(source=f"/in/{n}.txt", format=InputFormat.TEXT, title=f"T{n}", clean_text=f"Body {n} " * 10)


def meeting(a: CleanArticle) -> Meeting:
    return Meeting(article_id=a.article_id, status="occurred", evidence="met", evidence_start=0, evidence_end=3,
                   countries=["FRA", "DEU"], people=["X"])


def run_record(**kw) -> RunRecord:
    return RunRecord(db_path="x", flow_run_id="run-1", started_at=datetime.now(timezone.utc), **kw)


def count(db, sql: str):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_write_is_idempotent_and_counts_what_it_added(tmp_path):
    db = tmp_path / "p.duckdb"
    arts = [article(1), article(2)]
    rejected = [RejectedInput(source="/in/bad", stage="load", reason="file is empty")]
    first = write_results(db, articles=arts, events=[meeting(arts[0])], rejected=rejected)
    again = write_results(db, articles=arts, events=[meeting(arts[0])], rejected=rejected)
    assert first["articles"] == 2 and first["meetings"] == 1 and first["rejected_inputs"] == 1
    assert set(again.values()) == {0}
    assert count(db, "SELECT count(*) FROM events") == [(1,)]
    assert count(db, "SELECT countries FROM meetings") == [(["FRA", "DEU"],)]


def test_a_failing_chunk_writes_nothing(tmp_path, monkeypatch):
    db = tmp_path / "p.duckdb"
    original = persist._insert

    def broken(con, table, records):
        if table == "rejected_inputs":
            raise RuntimeError("disk full")
        return original(con, table, records)

    monkeypatch.setattr(persist, "_insert", broken)
    arts = [article(1)]
    with pytest.raises(RuntimeError, match="disk full"):
        write_results(db, articles=arts, events=[meeting(arts[0])],
                      rejected=[RejectedInput(source="s", stage="load", reason="r")], run=run_record())
    assert count(db, "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM meetings), "
                     "(SELECT count(*) FROM runs)") == [(0, 0, 0)]


def test_the_writer_waits_for_another_process_to_release_the_file(tmp_path):
    db = tmp_path / "p.duckdb"
    write_results(db)  # create it
    holder = hold_lock(db, 2.0)
    try:
        started = time.monotonic()
        added = write_results(db, articles=[article(1)])
        waited = time.monotonic() - started
    finally:
        holder.wait(timeout=30)
    assert added["articles"] == 1
    assert waited > 1.0  # it really waited for the other process


def test_the_writer_gives_up_with_a_clear_error(tmp_path):
    db = tmp_path / "p.duckdb"
    write_results(db)
    holder = hold_lock(db, 5.0)
    try:
        with pytest.raises(DatabaseBusyError, match="stayed locked by another process"):
            with persist.open_database(db, timeout=0.5):
                pass
    finally:
        holder.kill()
        holder.wait()


def test_known_article_ids_does_not_keep_the_file(tmp_path):
    db = tmp_path / "p.duckdb"
    arts = [article(1), article(2)]
    write_results(db, articles=arts[:1])
    assert known_article_ids(db, [a.article_id for a in arts]) == {arts[0].article_id}
    assert known_article_ids(tmp_path / "missing.duckdb", ["x"]) == set()
    # Another process can open the file for writing straight away.
    check = subprocess.run(
        [sys.executable, "-c", f"import duckdb; duckdb.connect({str(db)!r}).close()"], capture_output=True, timeout=60
    )
    assert check.returncode == 0, check.stderr


def test_runs_row_follows_the_chunks(tmp_path):
    db = tmp_path / "p.duckdb"
    run = run_record(inputs=["/in"], inputs_seen=3)
    record_run(db, run)
    arts = [article(1), article(2)]
    added = write_results(db, articles=arts, run=run)
    run = advance_run(run, added, 2)
    # A second write of the same articles (another run stored them) counts as skipped.
    added = write_results(db, articles=arts, run=run)
    run = advance_run(run, added, 2)
    run = run.model_copy(update={"status": "completed", "ended_at": datetime.now(timezone.utc)})
    record_run(db, run)
    rows = count(db, "SELECT status, inputs, inputs_seen, articles_new, articles_skipped, rows_added['articles'], "
                     "ended_at >= started_at FROM runs")
    assert rows == [("completed", ["/in"], 3, 2, 2, 2, True)]


def test_schema_applies_twice(tmp_path):
    db = tmp_path / "p.duckdb"
    con = duckdb.connect(str(db))
    con.execute(persist.schema_sql())
    con.execute(persist.schema_sql())
    tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    con.close()
    assert {"articles", "runs", "rejected_inputs", "events"} <= tables
