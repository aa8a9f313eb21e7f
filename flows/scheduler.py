"""Chunks in flight: each chunk's two task runs, in chunk order, with a
bound on how many chunks are between their first task run and their write.

For each chunk the pipeline submits the first task run (`start`); when it is
done, and every earlier chunk has been handed on, `hand_on` runs in this
process and may submit the second task run; when that is done, and every
earlier chunk is finished, `finish` runs in this process. So the flow's own
steps (skipping stored articles, writing) see chunks in order, while the
workers take task runs as they free up. At most `limit` chunks are in
flight, so memory does not grow with the number of inputs.

Works with any Prefect task runner: completion is noticed through the
futures' done callbacks, never by polling the API.
"""
from __future__ import annotations

import queue
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from prefect.futures import PrefectFuture


@dataclass
class ChunkInFlight:
    number: int
    paths: list[str]
    first: PrefectFuture
    second: PrefectFuture | None = None
    handed_on: bool = False
    kept: Any = None  # what `hand_on` keeps for `finish`


class ChunkPipeline:
    def __init__(
        self,
        limit: int,
        start: Callable[[int, list[str]], PrefectFuture],
        hand_on: Callable[[ChunkInFlight, Any], PrefectFuture | None],
        finish: Callable[[ChunkInFlight, Any], None],
    ) -> None:
        self._limit = max(1, limit)
        self._start, self._hand_on, self._finish = start, hand_on, finish
        self._window: deque[ChunkInFlight] = deque()
        self._done: set = set()  # task run ids whose future is done
        self._wakeups: queue.SimpleQueue = queue.SimpleQueue()

    def run(self, chunks: Iterable[tuple[int, list[str]]]) -> None:
        for number, paths in chunks:
            self._window.append(ChunkInFlight(number, paths, self._watch(self._start(number, paths))))
            self._advance(block=False)
            while len(self._window) >= self._limit:
                self._advance(block=True)
        while self._window:
            self._advance(block=True)

    def _watch(self, future: PrefectFuture) -> PrefectFuture:
        def done(_: PrefectFuture) -> None:
            self._done.add(future.task_run_id)  # before the wake-up, so the woken loop sees it
            self._wakeups.put(None)

        future.add_done_callback(done)
        return future

    def _ready(self, future: PrefectFuture | None) -> bool:
        return future is None or future.task_run_id in self._done

    def _advance(self, *, block: bool) -> None:
        progressed = False
        for chunk in self._window:
            if chunk.handed_on:
                continue
            if not self._ready(chunk.first):
                break  # later chunks wait: hand_on sees chunks in order
            second = self._hand_on(chunk, self._result(chunk.first))
            chunk.second = self._watch(second) if second is not None else None
            chunk.handed_on = progressed = True
        while self._window and self._window[0].handed_on and self._ready(self._window[0].second):
            chunk = self._window.popleft()
            self._finish(chunk, self._result(chunk.second) if chunk.second is not None else None)
            progressed = True
        if block and not progressed:
            self._wakeups.get()

    def _result(self, future: PrefectFuture) -> Any:
        self._done.discard(future.task_run_id)
        return future.result()  # a failed task run fails the flow here
