"""The `extract-events` flow on a Dask cluster: `extract-events-dask`.

The same flow function, with prefect-dask's `DaskTaskRunner`: each chunk's
`load-strip` and `nlp-extract` task runs go to Dask workers (each worker
process loads the spaCy model once, on its first chunk), while the flow
process checks for stored articles and is the only process that writes the
DuckDB file.

Where the cluster comes from (models/settings.py):
- `PARLEY_DASK_ADDRESS=tcp://scheduler:8786`: an existing cluster. Its
  workers need this project installed (same versions), the input files at
  the same paths, and must reach the Prefect API the flow reports to
  (`PREFECT_API_URL`).
- unset: a `distributed.LocalCluster` of `PARLEY_WORKERS` worker processes,
  one thread each, started for the run and stopped after it.
"""
from __future__ import annotations

from pathlib import Path

from prefect_dask import DaskTaskRunner

from flows.extract_events import extract_events
from models.settings import get_settings


def dask_task_runner(address: str | None = None, workers: int | None = None) -> DaskTaskRunner:
    """A runner for `address`, or for a local cluster of `workers` processes."""
    settings = get_settings()
    address = address if address is not None else settings.dask_address
    if address:
        return DaskTaskRunner(address=address)
    return DaskTaskRunner(
        cluster_class="distributed.LocalCluster",
        cluster_kwargs={
            "n_workers": workers or settings.workers,
            "threads_per_worker": 1,  # spaCy work is CPU-bound: one chunk per process
            "processes": True,
            "dashboard_address": None,
        },
    )


extract_events_dask = extract_events.with_options(name="extract-events-dask", task_runner=dask_task_runner())


if __name__ == "__main__":
    import sys

    extract_events_dask(paths=sys.argv[1:] or [str(Path("seeds"))])
