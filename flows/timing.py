"""Seconds of work per stage in one run.

Stages that run on workers are timed there and their figures come back
with the chunk; the flow adds what it does itself (skipping stored
articles, writing, clustering). The flow logs the figures and returns them
with the run's summary, where `bench/` reads them.
"""
from __future__ import annotations

import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field


@dataclass
class StageClock:
    seconds: dict[str, float] = field(default_factory=dict)

    def add(self, seconds: Mapping[str, float]) -> None:
        for stage, value in seconds.items():
            self.seconds[stage] = self.seconds.get(stage, 0.0) + value

    @contextmanager
    def timing(self, stage: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self.add({stage: time.perf_counter() - started})

    def summary(self) -> str:
        total = sum(self.seconds.values()) or 1.0
        return ", ".join(f"{stage} {value:.1f}s ({value / total:.0%})" for stage, value in self.seconds.items())
