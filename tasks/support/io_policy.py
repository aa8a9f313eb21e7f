"""How Parley's I/O tasks retry: backoff with jitter, never cached.

Reading inputs and writing the database can fail for passing reasons (a
network disk, the DuckDB file lock held by another run); the work itself is
deterministic, so a retry after a growing, jittered pause is the right
answer, and results are never cached between runs.
"""
from __future__ import annotations

from typing import Any

from prefect.cache_policies import NO_CACHE
from prefect.tasks import exponential_backoff


def io_task_options(*, retries: int = 2) -> dict[str, Any]:
    """Keyword options for `@task` on a task that does I/O."""
    return {
        "retries": retries,
        "retry_delay_seconds": exponential_backoff(backoff_factor=2),
        "retry_jitter_factor": 0.5,
        "cache_policy": NO_CACHE,
    }
