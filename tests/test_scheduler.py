"""The chunk scheduler writes chunks in order, hands them on in order, and
never holds more than its limit, whatever order the task runs end in.

Real Prefect task runs on a real task runner (three threads), with task runs
that end out of order on purpose.
"""
from __future__ import annotations

import time

import pytest
from prefect import flow, task
from prefect.task_runners import ThreadPoolTaskRunner

from flows.scheduler import ChunkPipeline

pytestmark = pytest.mark.slow


@task
def stage_one(number: int) -> int:
    time.sleep(0.05 * (number % 3))  # chunk 3 ends before chunk 2, and so on
    return number


@task
def stage_two(number: int) -> int:
    time.sleep(0.05 * ((number + 1) % 3))
    return number * 10


@flow
def pipeline_flow(chunks: int, limit: int) -> dict:
    handed, written, in_flight, most = [], [], set(), [0]
    with ThreadPoolTaskRunner(max_workers=3) as runner:
        def start(number, paths):
            in_flight.add(number)
            most[0] = max(most[0], len(in_flight))
            return runner.submit(stage_one, {"number": number})

        def hand_on(chunk, first):
            handed.append(first)
            return None if first % 4 == 0 else runner.submit(stage_two, {"number": first})

        def finish(chunk, second):
            written.append((chunk.number, second))
            in_flight.discard(chunk.number)

        ChunkPipeline(limit, start, hand_on, finish).run((n, [f"file-{n}"]) for n in range(1, chunks + 1))
    return {"handed": handed, "written": written, "most": most[0]}


def test_chunks_are_written_in_order_and_bounded(prefect_api):
    result = pipeline_flow(chunks=13, limit=3)
    assert result["handed"] == list(range(1, 14))
    assert result["written"] == [(n, None if n % 4 == 0 else n * 10) for n in range(1, 14)]
    assert result["most"] <= 3
