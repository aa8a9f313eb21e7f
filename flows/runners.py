"""Where the chunk task runs of a run go, and how big a chunk is.

- The flow's own runner for a large run (the default process pool, whose
  workers each load the model once) or for an explicit runner (Dask).
- One thread of the flow's process for a small run: starting worker
  processes would cost more than the work. Same task runs, same code path.
"""
from __future__ import annotations

import contextvars
import multiprocessing
import os
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any, ClassVar, NamedTuple

from prefect.context import FlowRunContext
from prefect.task_runners import (
    ProcessPoolTaskRunner,
    TaskRunner,
    ThreadPoolTaskRunner,
    _initialize_process_pool_worker,
)

from models.settings import Settings


class _EarlyWorkers(NamedTuple):
    queue: Any  # the workers' messages (logs, events) to the pool's forwarding thread
    executor: ProcessPoolExecutor
    max_workers: int
    initializer: Callable[..., None] | None


class WorkerProcessPool(ProcessPoolTaskRunner):
    """Prefect's process pool, with two changes.

    - The workers' logs and events go to the flow's own API. Prefect forwards
      them from a thread of its own, which sees only the settings of import
      time: a caller that set the API URL later (`temporary_settings`, as the
      tests do) had them sent to a temporary server started for the purpose,
      where they were lost.
    - The workers can start before the flow run (`start_early`): `parley run`
      starts them while its temporary server boots, so their imports and
      model load (about 2 s of CPU each) use the core the boot leaves idle
      instead of following it. The flow run's pool takes them over.
    """

    _early: ClassVar[_EarlyWorkers | None] = None

    @classmethod
    def start_early(cls, max_workers: int, initializer: Callable[..., None] | None) -> None:
        """Start `max_workers` worker processes now, for the next pool entered
        with the same size and initializer; `discard_early` stops them if no
        pool takes them."""
        cls.discard_early()
        # As ProcessPoolTaskRunner.__enter__ makes them.
        context = multiprocessing.get_context("spawn")
        queue = context.Queue()
        executor = ProcessPoolExecutor(
            max_workers=max_workers, mp_context=context,
            initializer=_initialize_process_pool_worker, initargs=(queue, initializer, ()),
        )
        for _ in range(max_workers):
            executor.submit(int)  # the executor starts a process per task it cannot place
        cls._early = _EarlyWorkers(queue, executor, max_workers, initializer)

    @classmethod
    def discard_early(cls) -> None:
        early, cls._early = cls._early, None
        if early is not None:
            early.executor.shutdown(cancel_futures=True)
            early.queue.close()

    def __enter__(self):
        self._entered_in = contextvars.copy_context()
        early = WorkerProcessPool._early
        if early is None or (early.max_workers, early.initializer) != (self._max_workers, self._initializer):
            WorkerProcessPool.discard_early()
            return super().__enter__()
        WorkerProcessPool._early = None
        # ProcessPoolTaskRunner.__enter__, with the early queue and executor.
        TaskRunner.__enter__(self)
        self._subprocess_message_queue, self._executor = early.queue, early.executor
        self._message_forwarding_thread = threading.Thread(
            target=self._forward_subprocess_messages, name="ProcessPoolTaskRunnerMessageForwarder", daemon=True,
        )
        self._message_forwarding_thread.start()
        self._resolver_executor = ThreadPoolExecutor(max_workers=self._max_workers)
        return self

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
