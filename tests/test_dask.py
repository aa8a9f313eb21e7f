"""The Dask variant of the flow writes exactly what the default runner writes.

One input folder (the seeds plus a few recombined articles), two runs into
two DuckDB files: the default flow with its worker processes, and
`extract-events-dask` on a `LocalCluster` of 2 worker processes. Articles,
events and rejected inputs must be equal row for row.
"""
from __future__ import annotations

import shutil

import duckdb
import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.slow

TABLES = {
    "articles": "select article_id, source, title, published_on, clean_text from articles",
    "events": "select event_id, article_id, type, status, event_date, people, countries, evidence from events",
    "rejected": "select source, stage, reason from rejected_inputs",
}


def rows(db, sql):
    with duckdb.connect(str(db), read_only=True) as con:
        return sorted(con.execute(sql).fetchall(), key=repr)


def test_dask_runner_writes_the_same_rows(tmp_path, prefect_api, parley_settings):
    from distributed import LocalCluster

    from flows.extract_events import extract_events
    from flows.extract_events_dask import dask_task_runner

    inbox = tmp_path / "inbox"
    shutil.copytree(REPO / "seeds", inbox)
    (inbox / "empty.txt").write_text("  \n")  # a rejected input travels too
    # Small chunks and every run on workers, so several chunks are in flight.
    parley_settings(chunk_size=2, parallel_min_inputs=0, workers=2)

    default_db, dask_db = tmp_path / "default.duckdb", tmp_path / "dask.duckdb"
    extract_events(inbox=str(inbox), db=str(default_db))

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        flow = extract_events.with_options(task_runner=dask_task_runner(address=cluster.scheduler_address))
        summary = flow(inbox=str(inbox), db=str(dask_db))
        assert len(cluster.workers) == 2

    assert summary.articles_new == 5
    for name, sql in TABLES.items():
        assert rows(dask_db, sql) == rows(default_db, sql), name
    assert rows(dask_db, "select count(*) from events")[0][0] > 0
