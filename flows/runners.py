"""Where the chunk task runs of a run go, and how big a chunk is.

- The flow's own runner for a large run (the default process pool, whose
  workers each load the model once) or for an explicit runner (Dask).
- One thread of the flow's process for a small run: starting worker
  processes would cost more than the work. Same task runs, same code path.
"""
from __future__ import annotations

import contextvars
import os
from collections.abc import Iterator
from contextlib import contextmanager

from prefect.context import FlowRunContext
from prefect.task_runners import ProcessPoolTaskRunner, TaskRunner, ThreadPoolTaskRunner

from models.settings import Settings


class WorkerProcessPool(ProcessPoolTaskRunner):
    """Prefect's process pool, with the workers' logs and events sent to the
    flow's own API. Prefect forwards them from a thread of its own, which sees
    only the settings of import time: a caller that set the API URL later
    (`temporary_settings`, as the tests do) had them sent to a temporary
    server started for the purpose, where they were lost."""

    def __enter__(self):
        self._entered_in = contextvars.copy_context()
        return super().__enter__()

    def _forward_subprocess_messages(self) -> None:
        self._entered_in.run(super()._forward_subprocess_messages)


def runs_in_this_process(total_files: int, runner: TaskRunner | None, settings: Settings) -> bool:
    return runner is None or isinstance(runner, ThreadPoolTaskRunner) or (
        isinstance(runner, ProcessPoolTaskRunner) and total_files < settings.parallel_min_inputs)


@contextmanager
def chunk_runner(total_files: int, settings: Settings) -> Iterator[tuple[TaskRunner, int, str]]:
    """(runner, how many task runs it runs at once, where that is)."""
    context = FlowRunContext.get()
    runner = context.task_runner if context else None
    if runs_in_this_process(total_files, runner, settings):
        with ThreadPoolTaskRunner(max_workers=1) as own:
            yield own, 1, "in this process"
    else:
        with _api_shared_with_workers():
            yield runner, settings.workers, f"on the workers of {type(runner).__name__}"


def chunk_size(total_files: int, workers: int, settings: Settings) -> int:
    """`chunk_size`, or less with workers: several chunks per worker, so no
    worker idles through the last chunk of a short run."""
    if workers == 1:
        return settings.chunk_size
    return max(1, min(settings.chunk_size, -(-total_files // (4 * workers))))


@contextmanager
def _api_shared_with_workers() -> Iterator[None]:
    """Worker processes started in this block report to this flow's API.
    Under Prefect's own ephemeral server (a flow called without
    `PREFECT_API_URL`, e.g. `python flows/extract_events.py`) only this
    process knows the address, and a worker that does not see it would start
    a server of its own (seconds of CPU, and its task runs would be missing
    from this run)."""
    url = None
    if not os.environ.get("PREFECT_API_URL"):
        client = getattr(FlowRunContext.get(), "client", None)
        url = getattr(client, "api_url", None)
    if url:
        os.environ["PREFECT_API_URL"] = str(url)
    try:
        yield
    finally:
        if url:
            os.environ.pop("PREFECT_API_URL", None)
